"""The window's path: the print preview, "Imprimir" and "Salvar PDF", with pytest-qt.

Paper comes from the PDF: the pages painted on a QPrinter are compared with the
document's own rendering (here on a PDF-file QPrinter, and on CUPS when it runs).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from acordo_fixtures import insert_acordo
from audit_helpers import audit_entries
from cups_helpers import (
    PRINTER,
    check_spooled,
    difference,
    grey_pixels,
    require_cups,
    run,
    spooled_files,
    wait_for_job,
)
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.db.engine import Database, open_database
from app.printing import qt_print
from app.printing.commands import build_pdf
from app.printing.errors import PrintError
from app.printing.printer import new_printer, paint_pdf, selected_pages
from app.printing.qt_print import AcordoPreviewDialog, print_acordo


@pytest.fixture
def database(sqlite_url: str) -> Iterator[Database]:
    db = open_database(sqlite_url)
    yield db
    db.dispose()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the message boxes shown (instead of showing them)."""
    shown: list[str] = []

    def warning(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[QWidget]:
    """Stands for the Negociação page (the preview's parent, alive for the whole test)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    yield widget


@pytest.fixture
def preview(qtbot: QtBot, database: Database, window: QWidget) -> AcordoPreviewDialog:
    """The preview of the fixture acordo, opened as the Negociação grid opens it."""
    inserted = insert_acordo(database)
    parent = window
    print_acordo(parent, database, inserted.acordo_id)
    qtbot.waitUntil(lambda: parent.findChild(AcordoPreviewDialog) is not None, timeout=10_000)
    dialog = parent.findChild(AcordoPreviewDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_preview_shows_the_pdf_pages(preview: AcordoPreviewDialog, qtbot: QtBot) -> None:
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() == preview.pages)
    assert preview.pages == 2
    assert preview.print_action.text() == "Imprimir…" and preview.print_action.isVisible()
    assert preview.save_action.text() == "Salvar PDF"
    hidden = [a.text() for a in preview.findChildren(qt_print.QAction) if not a.isVisible()]
    builtin = {  # Qt's own labels, translated when a Qt translator is installed
        qt_print.QCoreApplication.translate("QPrintPreviewDialog", name)
        for name in ("Page setup", "Portrait", "Landscape")
    }
    assert builtin <= set(hidden)


def test_save_pdf(
    preview: AcordoPreviewDialog,
    qtbot: QtBot,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = tmp_path / "saida" / "meu termo"
    chosen.parent.mkdir()
    monkeypatch.setattr(
        qt_print.QFileDialog, "getSaveFileName", lambda *_a: (str(chosen), "PDF (*.pdf)")
    )
    with qtbot.waitSignal(preview.saved) as saved:
        preview.save_action.trigger()
    target = chosen.with_name("meu termo.pdf")
    assert saved.args == [str(target)]
    assert target.read_bytes() == preview.pdf
    assert list(chosen.parent.iterdir()) == [target]
    qtbot.waitUntil(lambda: len(audit_entries(database, "acordo_pdf")) == 1)
    [entry] = audit_entries(database, "acordo_pdf")
    assert entry["arquivo"] == str(target) and entry["resultado"] == "sucesso"
    assert entry["entidade_id"] == preview.doc.acordo_id


def test_save_pdf_to_an_unwritable_place(
    preview: AcordoPreviewDialog,
    qtbot: QtBot,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    target = tmp_path / "nao-existe" / "termo.pdf"
    monkeypatch.setattr(qt_print.QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    preview.save_action.trigger()
    assert len(warnings) == 1 and "Não foi possível gravar o PDF" in warnings[0]
    assert "tente de novo" in warnings[0]
    assert not target.parent.exists()
    assert preview.isVisible()  # nothing lost: the user can choose another place
    qtbot.waitUntil(lambda: len(audit_entries(database, "acordo_pdf")) == 1)
    [entry] = audit_entries(database, "acordo_pdf")
    assert entry["resultado"] == "erro" and "a pasta não existe" in entry["erro"]


def test_print_to_a_printer_that_went_missing(
    preview: AcordoPreviewDialog,
    qtbot: QtBot,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    """The printer chosen in the dialog is gone when the job is sent (Qt keeps only
    names it knows, so the check is what sees it): a message, an audit entry, and
    the preview stays open for a retry."""
    monkeypatch.setattr(AcordoPreviewDialog, "ask_printer", lambda _self: True)

    def gone(name: str) -> None:
        raise PrintError(f"impressora não encontrada: {name}")

    monkeypatch.setattr(qt_print, "check_printer", gone)
    printer = preview._printer.printerName()
    preview.print_action.trigger()
    assert len(warnings) == 1
    assert f"Não foi possível imprimir: impressora não encontrada: {printer}" in warnings[0]
    assert "tente de novo" in warnings[0]
    assert preview.isVisible() and preview.print_action.isEnabled()
    qtbot.waitUntil(lambda: len(audit_entries(database, "acordo_impresso")) == 1)
    [entry] = audit_entries(database, "acordo_impresso")
    assert entry["impressora"] == printer and entry["resultado"] == "erro"
    assert entry["erro"] == f"impressora não encontrada: {printer}"


def test_print_to_file_from_the_print_dialog_saves_the_pdf(
    preview: AcordoPreviewDialog,
    qtbot: QtBot,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "impresso.pdf"

    def choose(self: AcordoPreviewDialog) -> bool:
        self._printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self._printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(AcordoPreviewDialog, "ask_printer", choose)
    with qtbot.waitSignal(preview.saved):
        preview.print_action.trigger()
    assert target.read_bytes() == preview.pdf  # the document itself, not page images
    qtbot.waitUntil(lambda: len(audit_entries(database, "acordo_pdf")) == 1)


def test_a_failed_build_is_explained(
    qtbot: QtBot, database: Database, warnings: list[str], window: QWidget
) -> None:
    parent = window
    print_acordo(parent, database, 999_999)
    qtbot.waitUntil(lambda: len(warnings) == 1, timeout=10_000)
    assert "acordo não encontrado" in warnings[0]
    assert parent.findChild(AcordoPreviewDialog) is None


def test_painted_pages_are_the_pdf_pages(qapp: object, database: Database, tmp_path: Path) -> None:
    """QPrinter output (here a PDF file) shows exactly the document's pages, in range."""
    inserted = insert_acordo(database)
    _doc, pdf = build_pdf(database, inserted.acordo_id)
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "todas.pdf"))
    assert paint_pdf(printer, pdf, max_dpi=150) == 2
    painted = tmp_path / "todas.pdf"
    assert len(PdfReader(painted).pages) == 2
    for index in range(2):
        same = difference(grey_pixels(painted, index), grey_pixels(pdf, index))
        other = difference(grey_pixels(painted, index), grey_pixels(pdf, 1 - index))
        assert same < 5 and same < other / 3
    # the print dialog's page range
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "pagina2.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert selected_pages(printer, 2) == [1]
    assert paint_pdf(printer, pdf, max_dpi=150) == 1
    only = tmp_path / "pagina2.pdf"
    assert difference(grey_pixels(only, 0), grey_pixels(pdf, 1)) < 5


@pytest.mark.cups
def test_print_from_the_preview_to_cups(
    preview: AcordoPreviewDialog,
    qtbot: QtBot,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require_cups()

    def choose(self: AcordoPreviewDialog) -> bool:
        self._printer.setPrinterName(PRINTER)
        self._printer.setCopyCount(1)
        return True

    monkeypatch.setattr(AcordoPreviewDialog, "ask_printer", choose)
    before = spooled_files()
    with qtbot.waitSignal(preview.printed, timeout=60_000) as printed:
        preview.print_action.trigger()
    assert printed.args == [PRINTER]
    check_spooled(database, preview.doc.acordo_id, wait_for_job(before), tmp_path)
    qtbot.waitUntil(lambda: len(audit_entries(database, "acordo_impresso")) == 1)
    [entry] = audit_entries(database, "acordo_impresso")
    assert entry["impressora"] == PRINTER and entry["resultado"] == "sucesso"
    assert entry["paginas"] == 2


@pytest.mark.cups
def test_paused_printer_from_the_preview_then_retry(
    preview: AcordoPreviewDialog,
    qtbot: QtBot,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    require_cups()

    def choose(self: AcordoPreviewDialog) -> bool:
        self._printer.setPrinterName(PRINTER)
        return True

    monkeypatch.setattr(AcordoPreviewDialog, "ask_printer", choose)
    assert run("cupsdisable", PRINTER).returncode == 0
    try:
        preview.print_action.trigger()
    finally:
        assert run("cupsenable", PRINTER).returncode == 0
    assert len(warnings) == 1 and f"a impressora {PRINTER} está pausada" in warnings[0]
    assert preview.isVisible()
    before = spooled_files()
    with qtbot.waitSignal(preview.printed, timeout=60_000):
        preview.print_action.trigger()
    check_spooled(database, preview.doc.acordo_id, wait_for_job(before), tmp_path)
    qtbot.waitUntil(lambda: len(audit_entries(database, "acordo_impresso")) == 2)
    assert [e["resultado"] for e in audit_entries(database, "acordo_impresso")] == [
        "erro",
        "sucesso",
    ]
