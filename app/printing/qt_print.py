"""Printing and saving a termo de acordo from the window.

``print_acordo(parent, database, acordo_id)`` builds the PDF off the GUI thread
(app/tasks.py ``run_task``),
then opens ``AcordoPreviewDialog``: a QPrintPreviewDialog showing exactly the
PDF's pages (rasterised by pypdfium2, see app/printing/printer.py), whose
"Imprimir" opens the system print dialog (printer, copies, page range, duplex)
and whose "Salvar PDF" writes the PDF to a file chosen in a save dialog. Every
print and export is audited with its outcome; a failure is explained in a
message box and the dialog stays open, so the user can simply try again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QToolBar, QWidget
from shiboken6 import isValid

from app.db.engine import Database
from app.db.errors import DatabaseError
from app.printing.commands import ACAO_IMPRESSO, ACAO_PDF, audit_print, build_pdf, job_title
from app.printing.data import AcordoDocumento
from app.printing.errors import PrintError
from app.printing.files import write_atomically
from app.printing.printer import (
    PREVIEW_DPI,
    check_printer,
    new_printer,
    page_count,
    paint_pdf,
)
from app.tasks import run_task

__all__ = ["AcordoPreviewDialog", "print_acordo"]

log = logging.getLogger(__name__)
_CONTEXT = "AcordoPrint"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, PrintError | DatabaseError):
        return str(exc)
    log.error("printing failed", exc_info=exc)
    return _tr("erro inesperado ({name}); detalhes no registro do programa").format(
        name=type(exc).__name__
    )


# --- entry point --------------------------------------------------------------------------


def print_acordo(parent: QWidget, database: Database, acordo_id: int) -> None:
    """Build the termo of ``acordo_id`` in the background, then open its print preview."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def ready(result: tuple[AcordoDocumento, bytes]) -> None:
        QApplication.restoreOverrideCursor()
        if not isValid(parent):  # the window went away meanwhile
            return
        doc, pdf = result
        dialog = AcordoPreviewDialog(parent=parent, database=database, doc=doc, pdf=pdf)
        dialog.open()

    def failed(exc: BaseException) -> None:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(
            parent if isValid(parent) else None,
            _tr("Imprimir acordo"),
            _tr("Não foi possível gerar o termo do acordo: {reason}").format(reason=_describe(exc)),
        )

    run_task(lambda: build_pdf(database, acordo_id), ready, failed)


class AcordoPreviewDialog(QPrintPreviewDialog):
    """The print preview of one termo de acordo, with "Imprimir" and "Salvar PDF".

    Signals: ``printed(str)`` after a successful print (the printer's name) and
    ``saved(str)`` after a PDF was written (its path), once audited.
    """

    printed = Signal(str)
    saved = Signal(str)

    def __init__(
        self, *, parent: QWidget | None, database: Database, doc: AcordoDocumento, pdf: bytes
    ) -> None:
        self._printer = new_printer()
        self._printer.setDocName(job_title(doc))
        super().__init__(self._printer, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.database = database
        self.doc = doc
        self.pdf = pdf
        self.pages = page_count(pdf)
        self._busy = False
        self.setWindowTitle(
            _tr("Termo de acordo {numero} – pré-visualização").format(numero=doc.numero)
        )
        self.paintRequested.connect(self._paint_preview)
        self.print_action = self._take_over_print_action()
        self.save_action = self._add_save_action()

    # --- toolbar ------------------------------------------------------------------------

    def _builtin(self, text: str) -> QAction | None:
        label = QCoreApplication.translate("QPrintPreviewDialog", text)
        return next((a for a in self.findChildren(QAction) if a.text() == label), None)

    def _take_over_print_action(self) -> QAction:
        action = self._builtin("Print")
        if action is None:  # a Qt without the usual toolbar: bring our own
            action = QAction(self)
            self._toolbar().addAction(action)
        else:
            action.triggered.disconnect()
        action.setText(_tr("Imprimir…"))
        action.setShortcut(QKeySequence.StandardKey.Print)
        action.triggered.connect(self.print_document)
        # the pages are fixed A4 portrait: no page set-up nor orientation here
        for name in ("Page setup", "Portrait", "Landscape"):
            builtin = self._builtin(name)
            if builtin is not None:
                builtin.setVisible(False)
        return action

    def _toolbar(self) -> QToolBar:
        toolbar = self.findChild(QToolBar)
        if toolbar is None:
            toolbar = QToolBar(self)
            layout = self.layout()
            if layout is not None:
                layout.setMenuBar(toolbar)
        return toolbar

    def _add_save_action(self) -> QAction:
        action = QAction(_tr("Salvar PDF"), self)
        action.setShortcut(QKeySequence.StandardKey.Save)
        action.setToolTip(_tr("Gravar o termo de acordo em um arquivo PDF"))
        action.triggered.connect(self.save_pdf)
        self._toolbar().addAction(action)
        return action

    # --- preview ------------------------------------------------------------------------

    def _paint_preview(self, printer: QPrinter) -> None:
        try:
            paint_pdf(printer, self.pdf, max_dpi=PREVIEW_DPI, pages=range(self.pages))
        except PrintError:
            log.exception("print preview of acordo %s failed", self.doc.acordo_id)

    # --- printing -----------------------------------------------------------------------

    def ask_printer(self) -> bool:
        """The system print dialog on this dialog's printer; True when the user confirmed."""
        dialog = QPrintDialog(self._printer, self)
        dialog.setWindowTitle(_tr("Imprimir termo de acordo"))
        dialog.setMinMax(1, self.pages)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
        return bool(dialog.exec() == QPrintDialog.DialogCode.Accepted)

    def print_document(self) -> None:
        """Ask for the printer, check it, and print the chosen pages in the background."""
        if self._busy or not self.ask_printer():
            return
        printer = self._printer
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            # "print to file" in the system dialog: the original PDF, not page images
            self.write_pdf(Path(printer.outputFileName()))
            return
        name = printer.printerName()
        try:
            if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or not name:
                raise PrintError(_tr("nenhuma impressora disponível neste computador"))
            check_printer(name)
        except PrintError as exc:
            self._print_failed(name, exc)
            return
        self._set_busy(True)
        run_task(
            lambda: paint_pdf(printer, self.pdf),
            lambda pages: self._print_done(name, printer.copyCount(), pages),
            lambda exc: self._print_failed(name, exc),
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.print_action.setEnabled(not busy)
        self.save_action.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()

    def done(self, result: int) -> None:
        """Closing waits while a job is being sent (the audit needs its outcome)."""
        if not self._busy:
            super().done(result)

    def _print_done(self, name: str, copies: int, pages: int) -> None:
        self._audit(ACAO_IMPRESSO, impressora=name, copias=copies, paginas=pages)
        self._set_busy(False)
        self.printed.emit(name)
        self.accept()

    def _print_failed(self, name: str, exc: BaseException) -> None:
        reason = _describe(exc)
        self._audit(ACAO_IMPRESSO, impressora=name, error=reason)
        if self._busy:
            self._set_busy(False)
        QMessageBox.warning(
            self,
            _tr("Imprimir acordo"),
            _tr(
                "Não foi possível imprimir: {reason}.\n\nO documento continua aberto: "
                "corrija o problema e tente de novo."
            ).format(reason=reason),
        )

    # --- saving -------------------------------------------------------------------------

    def suggested_file_name(self) -> str:
        return f"termo-acordo-{self.doc.credor.codigo}-{self.doc.numero}.pdf"

    def save_pdf(self) -> None:
        """Ask for a file name and write the PDF there."""
        start = str(Path(QDir.homePath()) / self.suggested_file_name())
        path, _filter = QFileDialog.getSaveFileName(
            self, _tr("Salvar termo de acordo em PDF"), start, _tr("Documentos PDF (*.pdf)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        self.write_pdf(target)

    def write_pdf(self, target: Path) -> bool:
        """Write the PDF to ``target`` (all or nothing), audit it, explain a failure."""
        try:
            write_atomically(target, self.pdf)
        except PrintError as exc:
            self._audit(ACAO_PDF, arquivo=str(target), error=str(exc))
            QMessageBox.warning(
                self,
                _tr("Salvar PDF"),
                _tr("{reason}.\n\nEscolha outra pasta ou outro nome e tente de novo.").format(
                    reason=str(exc)[:1].upper() + str(exc)[1:]
                ),
            )
            return False
        self._audit(ACAO_PDF, arquivo=str(target))
        self.saved.emit(str(target))
        return True

    # --- audit --------------------------------------------------------------------------

    def _audit(self, acao: str, *, error: str | None = None, **details: object) -> None:
        doc, database, parent = self.doc, self.database, self.parentWidget()

        def failed(exc: BaseException) -> None:  # the dialog may be gone by now
            log.error("audit of %s (acordo %s) failed", acao, doc.acordo_id, exc_info=exc)
            QMessageBox.warning(
                parent if parent is not None and isValid(parent) else None,
                _tr("Auditoria"),
                _tr(
                    "A operação foi feita, mas não pôde ser registrada na auditoria: {reason}"
                ).format(reason=_describe(exc)),
            )

        run_task(
            lambda: audit_print(database, acao, doc, error=error, **details),
            lambda _result: None,
            failed,
        )
