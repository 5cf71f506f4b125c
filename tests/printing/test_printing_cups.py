"""Printing through QPrinter to a real print system: CUPS with the cups-pdf printer "PDF".

Set up as .ci/run does it: Debian packages cups and printer-driver-cups-pdf, cupsd
running, ``lpadmin -p PDF -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -E``.
Under CI=true a missing CUPS or printer fails these tests; elsewhere they skip.
See cups_helpers.py for how the spooled PDF is checked.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from acordo_fixtures import insert_acordo
from audit_helpers import audit_entries
from cups_helpers import (
    PRINTER,
    check_spooled,
    grey_pixels,
    require_cups,
    run,
    spooled_files,
    wait_for_job,
)

from app.db.engine import Database, open_database
from app.printing.commands import PrintError, print_negotiation

pytestmark = pytest.mark.cups


@pytest.fixture
def database(sqlite_url: str, qapp: object) -> Iterator[Database]:
    """A SQLite database (printing does not depend on the kind) and a QApplication."""
    require_cups()
    db = open_database(sqlite_url)
    yield db
    db.dispose()


def test_print_to_the_cups_pdf_printer(database: Database, tmp_path: Path) -> None:
    inserted = insert_acordo(database)
    before = spooled_files()
    message = print_negotiation(database, 123, "E01", pdf=None, printer=PRINTER, copies=1)
    assert message == "acordo 123 (E01) enviado à impressora PDF (2 páginas, 1 cópia)"
    spooled = wait_for_job(before)
    check_spooled(database, inserted.acordo_id, spooled, tmp_path)
    [entry] = audit_entries(database, "acordo_impresso")
    assert entry["entidade_id"] == inserted.acordo_id
    assert entry["impressora"] == PRINTER and entry["copias"] == 1
    assert entry["resultado"] == "sucesso" and entry["paginas"] == 2


def test_printer_that_does_not_exist(database: Database) -> None:
    insert_acordo(database)
    with pytest.raises(PrintError, match="^impressora não encontrada: NAO-EXISTE$"):
        print_negotiation(database, 123, "E01", pdf=None, printer="NAO-EXISTE")
    [entry] = audit_entries(database, "acordo_impresso")
    assert entry["resultado"] == "erro" and "NAO-EXISTE" in entry["erro"]


def test_paused_printer_then_retry(database: Database, tmp_path: Path) -> None:
    inserted = insert_acordo(database)
    assert run("cupsdisable", PRINTER).returncode == 0
    try:
        with pytest.raises(PrintError, match=f"^a impressora {PRINTER} está pausada"):
            print_negotiation(database, 123, "E01", pdf=None, printer=PRINTER)
        assert run("lpstat", "-o", PRINTER).stdout.strip() == ""  # nothing silently queued
    finally:
        assert run("cupsenable", PRINTER).returncode == 0
    [failed] = audit_entries(database, "acordo_impresso")
    assert failed["entidade_id"] == inserted.acordo_id and failed["resultado"] == "erro"
    assert "pausada" in failed["erro"] and failed["impressora"] == PRINTER
    before = spooled_files()
    print_negotiation(database, 123, "E01", pdf=None, printer=PRINTER)
    check_spooled(database, inserted.acordo_id, wait_for_job(before), tmp_path)
    assert [e["resultado"] for e in audit_entries(database, "acordo_impresso")] == [
        "erro",
        "sucesso",
    ]


def test_printer_rejecting_jobs(database: Database) -> None:
    insert_acordo(database)
    assert run("cupsreject", PRINTER).returncode == 0
    try:
        with pytest.raises(PrintError, match=f"^a impressora {PRINTER} está recusando trabalhos"):
            print_negotiation(database, 123, "E01", pdf=None, printer=PRINTER)
    finally:
        assert run("cupsaccept", PRINTER).returncode == 0
    [entry] = audit_entries(database, "acordo_impresso")
    assert entry["resultado"] == "erro" and "recusando" in entry["erro"]


def _cupsd_pids() -> list[int]:
    found = run("pgrep", "-x", "cupsd").stdout.split()
    return [int(pid) for pid in found]


def _start_cupsd() -> None:
    if "is running" not in run("lpstat", "-r").stdout:
        run("/usr/sbin/cupsd")
    deadline = time.monotonic() + 30
    while "is running" not in run("lpstat", "-r").stdout:
        assert time.monotonic() < deadline, "cupsd did not start again"
        time.sleep(0.2)
    run("cupsenable", PRINTER)
    run("cupsaccept", PRINTER)


def test_print_system_stopped_then_retry(database: Database, tmp_path: Path) -> None:
    """cupsd stopped (what a crashed or restarting print service looks like): a clear
    message, the error audited, nothing queued; once it runs again the retry prints."""
    inserted = insert_acordo(database)
    pids = _cupsd_pids()
    if not pids:
        pytest.fail("no cupsd process to stop")
    try:
        for pid in pids:
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while "is running" in run("lpstat", "-r").stdout:
            assert time.monotonic() < deadline, "cupsd did not stop"
            time.sleep(0.2)
        with pytest.raises(
            PrintError, match=r"^o serviço de impressão \(CUPS\) não está em execução$"
        ):
            print_negotiation(database, 123, "E01", pdf=None, printer=PRINTER)
    finally:
        _start_cupsd()
    [failed] = audit_entries(database, "acordo_impresso")
    assert failed["resultado"] == "erro" and "CUPS" in failed["erro"]
    before = spooled_files()
    print_negotiation(database, 123, "E01", pdf=None, printer=PRINTER)
    check_spooled(database, inserted.acordo_id, wait_for_job(before), tmp_path)
    assert [e["resultado"] for e in audit_entries(database, "acordo_impresso")] == [
        "erro",
        "sucesso",
    ]


def test_a_grid_report_printed_on_the_cups_printer_in_a_worker(qapp: object) -> None:
    """The grid report (Ctrl+Shift+P) painted on a real printer from a worker thread:
    cups-pdf spools every page, with the text the report holds."""
    import threading

    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrinter

    from app.printing.grid_report import GridReport, paint_report, report_pdf

    require_cups()
    report = GridReport(
        "Histórico do Cliente — Financeiro",
        "João da Silva (C000001)",
        ("EMPRESA", "TÍTULO NÚM. DOC.", "VALOR"),
        (False, False, True),
        [("E01", f"NF-{i:06d}", f"{i},00") for i in range(150)],
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(PRINTER)
    assert printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    expected = len(pdfium.PdfDocument(report_pdf(report, printer.pageLayout())))
    before = spooled_files()
    painted: list[int | BaseException] = []

    def work() -> None:
        try:
            painted.append(paint_report(printer, report))
        except BaseException as exc:  # noqa: BLE001 - checked below
            painted.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(120)
    assert painted == [expected] and expected > 1
    spooled = wait_for_job(before)
    try:
        assert len(pdfium.PdfDocument(spooled)) == expected
        # cups-pdf's fonts carry no text, and its pages sit where the printer's margins
        # put them: every page spooled, none blank
        for index in range(expected):
            width, height, grey = grey_pixels(spooled, index)
            assert sum(grey) / (width * height) < 250, f"page {index + 1} is blank"
    finally:
        spooled.unlink(missing_ok=True)
