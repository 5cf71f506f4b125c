"""agreement_pdf and print_render: the termo de acordo built and rasterised as the
program's printing code does it; mixed into Suite (benchmarks/suite.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.printing.commands import build_pdf
from app.printing.printer import page_count
from benchmarks.capture import tagged_here
from benchmarks.timing import clock, discard

PRINT_DPI = 600


def rasterise(pdf: bytes, dpi: int) -> Any:
    """Page 1 of the PDF rasterised for a ``dpi`` printer as app/printing/printer.py does."""
    import pypdfium2 as pdfium

    from app.printing import printer

    with printer._PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            return printer._page_image(document[0], dpi)
        finally:
            document.close()


def paint_on_pdf_printer(pdf: bytes, target: Path) -> None:
    """The whole paper path (paint_pdf) on a QPrinter writing a PDF file, page 1."""
    from PySide6.QtPrintSupport import QPrinter

    from app.printing.printer import new_printer, paint_pdf

    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    printer.setResolution(PRINT_DPI)
    paint_pdf(printer, pdf, pages=[0])


class PrintingOps:
    """agreement_pdf and print_render (Suite's part that prints)."""

    pdf: bytes

    def agreement_pdf(self) -> None:
        acordo_id = self.prepared.meta["acordo_id"]
        with self.recorder.recording() as captured, tagged_here():
            _doc, pdf = build_pdf(self.database, acordo_id)
        ours = self.timing(discard(lambda: build_pdf(self.database, acordo_id)), ours=True)
        statements = captured.selects
        floor = self.timing(lambda: self.floor.timed(statements, None)) if statements else None
        self.pdf = pdf
        self.add(
            "agreement_pdf",
            "none",
            ours,
            floor=floor,
            variant=f"acordo id {acordo_id}",
            pages=page_count(pdf),
            note=self.prepared.meta.get("acordo_note"),
        )

    def print_render(self) -> None:
        if not hasattr(self, "pdf"):
            self.pdf = build_pdf(self.database, self.prepared.meta["acordo_id"])[1]
        pdf = self.pdf
        ours = self.timing(discard(lambda: rasterise(pdf, PRINT_DPI)), ours=True)
        # the whole paper path once, for the record (a PDF printer compresses the image)
        on_printer = clock(lambda: paint_on_pdf_printer(pdf, self.work / "print.pdf"))
        self.add(
            "print_render",
            "none",
            ours,
            variant=f"page 1 at {PRINT_DPI} dpi into a QImage",
            paint_on_pdf_printer_ms=round(on_printer, 2),
        )
