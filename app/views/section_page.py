"""What the four section pages share: loading through a task channel, the busy
indicator, errors, and the grid actions (export, print the grid as a report).

A page is given a HistoryContext (database, customer, as-of date) and loads itself
off the GUI thread; a newer context makes an older answer stale (TaskChannel).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app.db.clientes import ClienteInfo
from app.db.columns import Column, display
from app.db.engine import Database
from app.domain.documents import format_cpf_cnpj
from app.domain.formatting import format_date
from app.export import ExportError, export_rows
from app.models.cell_texts import header_text
from app.printing.errors import PrintError
from app.printing.grid_report import GridReport, paint_report, report_pdf
from app.tasks import TaskChannel, in_session, run_task
from app.views.errors import is_database_problem, user_message
from app.views.grid import GridView
from app.views.settings import Settings
from app.views.widgets import count_text

T = TypeVar("T")
LANDSCAPE_FROM_COLUMNS = 8  # a report of more columns is printed across the page


@dataclass(frozen=True)
class HistoryContext:
    """The open history: which database, which customer, as of which date."""

    database: Database
    cliente: ClienteInfo
    as_of: date


class SectionPage(QWidget):
    """Base of the section pages.

    Signals:
        count_changed(object): the navigation badge's number (int), or None while loading.
        busy_changed(bool): a load of this page started or finished.
        failed(str, bool): a load failed: the message, and whether it is the database
            (the window then shows its "Tentar novamente" banner).
        message(str): a short note for the status bar (export done, programação saved).
        data_changed(object): a write of this page changed what other sections show (an
            acordo created or broken: the AcordoCreated / AcordoCancelled); the window
            reloads every section.
    """

    count_changed = Signal(object)
    busy_changed = Signal(bool)
    failed = Signal(str, bool)
    message = Signal(str)
    data_changed = Signal(object)

    key = ""

    def __init__(self, *, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.context: HistoryContext | None = None
        self.channel = TaskChannel(self)
        self.channel.busy_changed.connect(self._busy)
        self._side_channel = TaskChannel(self)  # exports and writes

    # --- to implement ---

    def title(self) -> str:
        raise NotImplementedError

    def reload(self) -> None:
        """Load the page for the current context (off the GUI thread)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Show nothing (no customer)."""
        raise NotImplementedError

    def grids(self) -> Sequence[GridView]:
        raise NotImplementedError

    def on_busy(self, busy: bool) -> None:
        """Show or hide the page's busy indicator."""

    # --- shared ---

    def reset_filters(self) -> None:
        """Back to the default filters (another customer was opened)."""

    def set_context(self, context: HistoryContext | None) -> None:
        previous = self.context
        self.context = context
        if context is not None and (
            previous is None
            or previous.cliente.id != context.cliente.id
            or previous.database is not context.database
        ):
            self.reset_filters()
            for grid in self.grids():
                grid.fit_next_rows()
        if context is None:
            self.channel.cancel()
            self.clear()
            self.count_changed.emit(0)
        else:
            self.reload()

    def load(self, work: Callable[[Any], T], on_done: Callable[[T], None]) -> None:
        """Run ``work(session)`` off the GUI thread for the current context."""
        assert self.context is not None
        self.count_changed.emit(None)
        self.channel.run(in_session(self.context.database, work), on_done, self.load_failed)

    def is_busy(self) -> bool:
        """Whether a load or a write of this page is running."""
        return self.channel.busy or self._side_channel.busy

    def load_failed(self, exc: BaseException) -> None:
        self.failed.emit(user_message(exc), is_database_problem(exc))

    def _busy(self, busy: bool) -> None:
        for grid in self.grids():
            grid.set_loading(busy)
        self.on_busy(busy)
        self.busy_changed.emit(busy)

    def current_grid(self) -> GridView:
        """The grid with focus, else the page's first grid."""
        focus = QApplication.focusWidget()
        return next((g for g in self.grids() if g is focus), self.grids()[0])

    def save_grid_states(self) -> None:
        for grid in self.grids():
            self.settings.set_header_state(grid.objectName(), grid.save_state())

    def restore_grid_states(self) -> None:
        for grid in self.grids():
            if not grid.restore_state(self.settings.header_state(grid.objectName())):
                grid.fit_columns()

    # --- export (Ctrl+E) ---

    def export_grid(self) -> None:
        grid = self.current_grid()
        if self.context is None or grid.grid_model().total_count() == 0:
            self.message.emit(self.tr("Não há linhas para exportar"))
            return
        name = f"{self.key}-{self.context.cliente.codigo}.xlsx"
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Exportar grade"),
            name,
            self.tr("Planilha Excel (*.xlsx);;Arquivo CSV (*.csv)"),
        )
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") or "csv" in chosen.lower() else "xlsx"
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        self.export_to(Path(path), fmt, grid)

    def rows_loader(self, grid: GridView) -> Callable[[], list[Any]]:
        """Every row of ``grid`` as filtered and sorted, for export and printing; run off
        the GUI thread (a page whose grid loads rows a page at a time loads them all)."""
        rows = grid.grid_model().all_rows()
        return lambda: rows

    def export_to(self, path: Path, fmt: str, grid: GridView | None = None) -> None:
        """Write the grid as filtered (every row) to ``path`` off the GUI thread."""
        grid = grid or self.grids()[0]
        columns, load, title = (
            grid.grid_model().export_columns,
            self.rows_loader(grid),
            self.title(),
        )

        def work() -> int:
            rows = load()
            export_rows(path, fmt, columns, rows, title=title)
            return len(rows)

        def done(count: int) -> None:
            self.message.emit(
                self.tr("{n} linha(s) exportada(s) para {path}").format(
                    n=count_text(count), path=path
                )
            )

        self._side_channel.run(work, done, self._export_failed)

    def _export_failed(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, ExportError) else user_message(exc)
        QMessageBox.warning(self, self.tr("Exportar grade"), text)

    # --- print the grid (Ctrl+Shift+P; Ctrl+P on pages without a document of their own) ---

    def print_primary(self) -> None:
        self.print_grid()

    def print_grid(self) -> None:
        """Load every row of the current grid and format them off the GUI thread, then
        open the print dialog; the pages are painted off the GUI thread too
        (app/printing/grid_report.py)."""
        context = self.context
        grid = self.current_grid()
        if context is None or grid.grid_model().total_count() == 0:
            self.message.emit(self.tr("Não há linhas para imprimir"))
            return
        columns, title = grid.grid_model().export_columns, self.title()
        subtitle, totals = self._report_subtitle(context), self.report_totals()
        load = self.rows_loader(grid)
        self.message.emit(self.tr("Preparando o relatório…"))
        self._side_channel.run(
            lambda: grid_report(title, subtitle, columns, load(), totals),
            self._print_report,
            self.load_failed,
        )

    def report_totals(self) -> str:
        """The line printed under the report's rows (a page with a footer of its
        filtered rows' totals gives it)."""
        return ""

    def _report_subtitle(self, context: HistoryContext) -> str:
        cliente = context.cliente
        try:
            document = format_cpf_cnpj(cliente.cpf_cnpj)
        except ValueError:
            document = cliente.cpf_cnpj
        return self.tr("{nome} ({codigo}) · {documento} · Posição em {data}").format(
            nome=cliente.nome,
            codigo=cliente.codigo,
            documento=document,
            data=format_date(context.as_of),
        )

    def _print_report(self, report: GridReport) -> None:
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if len(report.headers) > LANDSCAPE_FROM_COLUMNS:
            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Imprimir {title}").format(title=self.title()))
        for option in (
            QAbstractPrintDialog.PrintDialogOption.PrintPageRange,
            QAbstractPrintDialog.PrintDialogOption.PrintToFile,
        ):
            dialog.setOption(option, True)
        accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
        dialog.deleteLater()  # a child of the page: one more kept at every print otherwise
        if not accepted:
            self.message.emit("")
            return
        self.print_report(report, printer)

    def print_report(self, report: GridReport, printer: Any) -> None:
        """Paint ``report`` on ``printer`` (as the print dialog left it) in a worker:
        to a PDF file ("print to file") written whole or not at all, else to the
        printer, checked first. Not stale-able: the job goes on whatever the clerk
        opens meanwhile."""
        from PySide6.QtPrintSupport import QPrinter

        from app.printing.files import write_atomically
        from app.printing.printer import check_printer, page_count, selected_pages

        target = printer.outputFileName()
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(target)
        count, name = len(report.rows), printer.printerName()
        no_printer = self.tr("nenhuma impressora disponível neste computador")
        self.message.emit(self.tr("Imprimindo {n} linha(s)…").format(n=count_text(count)))

        def work() -> int:
            def chosen(pages: int) -> list[int]:
                return selected_pages(printer, pages)

            if to_file:
                data = report_pdf(report, printer.pageLayout(), chosen)
                write_atomically(Path(target), data)
                return page_count(data)
            if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or not name:
                raise PrintError(no_printer)
            check_printer(name)
            return paint_report(printer, report, chosen)

        def done(pages: int) -> None:
            where = target if to_file else name
            self.message.emit(
                self.tr("{title}: {pages} página(s) enviada(s) para {where}").format(
                    title=report.title, pages=count_text(pages), where=where
                )
            )

        def failed(exc: BaseException) -> None:
            self.message.emit("")
            reason = str(exc) if isinstance(exc, PrintError) else user_message(exc)
            QMessageBox.warning(
                self,
                self.tr("Imprimir {title}").format(title=self.title()),
                self.tr("Não foi possível imprimir: {reason}.").format(reason=reason),
            )

        run_task(work, done, failed)


def grid_report(
    title: str,
    subtitle: str,
    columns: Sequence[Column[Any]],
    rows: Sequence[Any],
    totals: str = "",
) -> GridReport:
    """A grid's rows as the report's texts (every row formatted: run off the GUI thread)."""
    return GridReport(
        title=QCoreApplication.translate("SectionPage", "Histórico do Cliente — {title}").format(
            title=title
        ),
        subtitle=QCoreApplication.translate("SectionPage", "{line} · {n} linha(s)").format(
            line=subtitle, n=count_text(len(rows))
        ),
        headers=tuple(header_text(c) for c in columns),
        right_aligned=tuple(c.kind.numeric for c in columns),
        rows=[tuple(display(c.kind, c.get(row)) for c in columns) for row in rows],
        totals=totals,
    )
