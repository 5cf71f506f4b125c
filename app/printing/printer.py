"""Paper from the PDF: the document's pages painted onto a QPrinter (no widgets).

There is one drawing code path, the reportlab PDF. For paper (and for the print
preview) each PDF page is rasterised by pypdfium2 at the printer's resolution
(capped, see ``MAX_PRINT_DPI``) and drawn on the QPrinter page, full page, so
the sheet is the PDF page. Before a job is sent the printer is checked: a
missing, paused or rejecting printer raises ``PrintError`` instead of a job
silently waiting in a queue.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from app.printing.errors import PrintError

__all__ = [
    "MAX_PRINT_DPI",
    "PREVIEW_DPI",
    "check_printer",
    "ensure_gui_application",
    "new_printer",
    "paint_pdf",
    "page_count",
    "print_pdf",
    "selected_pages",
]

# 600 dpi is what office laser printers print text at; above it a page image
# only costs memory (an A4 page at 600 dpi is ~35 MB in grey, ~140 MB in colour).
MAX_PRINT_DPI = 600
# The preview keeps every page in memory: screen resolution is enough there.
PREVIEW_DPI = 150
_LPSTAT_TIMEOUT_S = 10
# pdfium is not thread-safe: the preview renders on the GUI thread, a print in a worker
_PDFIUM = threading.Lock()


def ensure_gui_application() -> QCoreApplication:
    """The running Qt application, or a new offscreen QGuiApplication for headless use."""
    app = QCoreApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["historico-cliente"])
    if not isinstance(app, QGuiApplication):
        raise PrintError("a impressão precisa de uma aplicação gráfica do Qt (QGuiApplication)")
    return app


# --- is the printer there and accepting jobs? ------------------------------------------


def _lpstat(*args: str) -> subprocess.CompletedProcess[str] | None:
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return None
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # parse the untranslated output
    try:
        return subprocess.run(  # a fixed program; the printer name is one argument
            [lpstat, *args],
            capture_output=True,
            text=True,
            timeout=_LPSTAT_TIMEOUT_S,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def _cups_problem(name: str) -> str | None:
    """What CUPS says is wrong with ``name`` (None when all is well or CUPS is absent)."""
    status = _lpstat("-p", name)
    if status is None:
        return None
    text = (status.stdout + status.stderr).lower()
    if status.returncode != 0 or "invalid destination" in text or "unknown destination" in text:
        scheduler = _lpstat("-r")
        if scheduler is not None and "not running" in scheduler.stdout.lower():
            return "o serviço de impressão (CUPS) não está em execução"
        return f"impressora não encontrada: {name}"
    if re.search(rf"^printer {re.escape(name.lower())} disabled", text, re.MULTILINE):
        return f"a impressora {name} está pausada; retome-a e tente de novo"
    accepting = _lpstat("-a", name)
    if accepting is not None and "not accepting" in accepting.stdout.lower():
        return f"a impressora {name} está recusando trabalhos; libere-a e tente de novo"
    return None


def check_printer(name: str) -> None:
    """Raise ``PrintError`` unless printer ``name`` exists and accepts jobs now."""
    ensure_gui_application()
    if not name.strip():
        raise PrintError("informe o nome da impressora")
    problem = _cups_problem(name)
    if problem is not None:
        raise PrintError(problem)
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise PrintError(f"impressora não encontrada: {name}")
    if shutil.which("lpstat") is None and info.state() in (
        QPrinter.PrinterState.Error,
        QPrinter.PrinterState.Aborted,
    ):
        raise PrintError(f"a impressora {name} está com erro ou pausada; verifique-a")


# --- painting ---------------------------------------------------------------------------


def new_printer(name: str | None = None) -> QPrinter:
    """A QPrinter for the termo: A4 portrait, full page (the PDF has its own margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if name is not None:
        printer.setPrinterName(name)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


def page_count(pdf: bytes) -> int:
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def selected_pages(printer: QPrinter, count: int) -> list[int]:
    """The 0-based pages to print: the print dialog's page range, else all."""
    ranges = printer.pageRanges()
    if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        return [p for p in range(count) if ranges.contains(p + 1)]
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        last = printer.toPage() or count
        return list(range(printer.fromPage() - 1, min(last, count)))
    return list(range(count))


def _page_image(page: pdfium.PdfPage, dpi: int) -> QImage:
    bitmap = page.render(scale=dpi / 72, prefer_bgrx=True, fill_color=(255, 255, 255, 255))
    try:
        image = QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGB32,
        )
        return image.copy()  # own the pixels before the bitmap is freed
    finally:
        bitmap.close()


def _target(printer: QPrinter, image: QImage) -> QRectF:
    """The whole sheet, keeping the page's proportions (centred on non-A4 paper)."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    scale = min(paper.width() / image.width(), paper.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF((paper.width() - width) / 2, (paper.height() - height) / 2, width, height)


def paint_pdf(
    printer: QPrinter,
    pdf: bytes,
    *,
    max_dpi: int = MAX_PRINT_DPI,
    pages: Sequence[int] | None = None,
) -> int:
    """Paint the PDF's pages (``pages``, 0-based; default the dialog's range) on ``printer``.

    Returns the number of pages painted; raises ``PrintError`` when the printer
    cannot be opened or refuses a page. Safe in a worker thread (Qt paints on a
    QPrinter from any thread; pdfium is serialised here).
    """
    ensure_gui_application()
    with _PDFIUM:
        return _paint(printer, pdf, max_dpi, pages)


def _paint(printer: QPrinter, pdf: bytes, max_dpi: int, pages: Sequence[int] | None) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        chosen = list(pages) if pages is not None else selected_pages(printer, len(document))
        if not chosen:
            raise PrintError("nenhuma página do documento está no intervalo escolhido")
        dpi = max(72, min(printer.resolution(), max_dpi))
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(f"não foi possível abrir a impressora {printer.printerName()}")
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            for k, index in enumerate(chosen):
                if k and not printer.newPage():
                    raise PrintError(f"a impressora {printer.printerName()} recusou uma página")
                image = _page_image(document[index], dpi)
                painter.drawImage(_target(printer, image), image)
        finally:
            if not painter.end() and printer.printerState() == QPrinter.PrinterState.Error:
                raise PrintError(f"a impressora {printer.printerName()} recusou o trabalho")
        if printer.printerState() == QPrinter.PrinterState.Error:
            raise PrintError(f"a impressora {printer.printerName()} recusou o trabalho")
        return len(chosen)
    finally:
        document.close()


def print_pdf(pdf: bytes, printer_name: str, *, copies: int = 1, title: str = "") -> int:
    """Check ``printer_name`` and print every page of ``pdf`` on it; the pages printed."""
    if copies < 1:
        raise PrintError("o número de cópias deve ser ao menos 1")
    check_printer(printer_name)
    printer = new_printer(printer_name)
    if not printer.isValid():
        raise PrintError(f"impressora não encontrada: {printer_name}")
    printer.setCopyCount(copies)
    printer.setCollateCopies(True)
    if title:
        printer.setDocName(title)
    return paint_pdf(printer, pdf)
