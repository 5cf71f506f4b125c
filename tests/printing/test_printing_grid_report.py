"""The grid report (Ctrl+Shift+P): pages painted with QPainter, read back from the PDF."""

from __future__ import annotations

import math
import threading

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize

from app.printing.grid_report import GridReport, report_pdf

HEADERS = ("EMPRESA", "TÍTULO NÚM. DOC.", "DESCRIÇÃO", "VALOR")
RIGHT = (False, False, False, True)


def report(rows: int, description: str = "Parcela", totals: str = "") -> GridReport:
    return GridReport(
        "Histórico do Cliente — Financeiro",
        "João da Silva (C000001) · 529.982.247-25 · Posição em 02/12/2026",
        HEADERS,
        RIGHT,
        [("E01", f"NF-{i:06d}", description, f"{i},00") for i in range(rows)],
        totals,
    )


def a4(orientation: QPageLayout.Orientation = QPageLayout.Orientation.Portrait) -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))


def page_texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def test_every_row_once_with_the_headers_on_every_page(qapp: object) -> None:
    pdf = report_pdf(report(500), a4())
    pages = page_texts(pdf)
    assert len(pages) > 1
    for n, text in enumerate(pages, start=1):
        assert "Histórico do Cliente — Financeiro" in text
        assert "João da Silva (C000001)" in text
        assert all(header in text for header in HEADERS)
        assert f"Página {n} de {len(pages)}" in text
        assert "Impresso em" in text
    found = [line for text in pages for line in text.split() if line.startswith("NF-")]
    assert found == [f"NF-{i:06d}" for i in range(500)]  # in order, none twice
    per_page = sum(1 for line in pages[0].split() if line.startswith("NF-"))
    assert len(pages) == math.ceil(500 / per_page)


def test_the_pages_chosen_in_the_dialog(qapp: object) -> None:
    everything = page_texts(report_pdf(report(500), a4()))
    chosen = page_texts(report_pdf(report(500), a4(), lambda count: [1, count - 1, count + 5]))
    assert chosen == [everything[1], everything[-1]]  # a page past the end is ignored


def test_an_empty_grid_prints_one_page_that_says_so(qapp: object) -> None:
    (text,) = page_texts(report_pdf(report(0), a4()))
    assert "Nenhuma linha." in text and "Página 1 de 1" in text


def test_a_text_too_wide_for_the_page_is_shortened_numbers_never(qapp: object) -> None:
    long = "Descrição muito comprida " * 12
    text = page_texts(report_pdf(report(3, long), a4()))[0]
    assert "…" in text and long.strip() not in text
    assert all(f"{i},00" in text for i in range(3))  # the numbers whole
    wide = page_texts(report_pdf(report(3, long[:60]), a4(QPageLayout.Orientation.Landscape)))[0]
    assert long[:60].strip() in wide  # across the page there is room for it


def test_painted_in_a_worker_thread(qapp: object) -> None:
    """Qt paints on a PDF writer (and a printer) outside the GUI thread: the window's
    worker does it, and the pages are the same as the GUI thread's."""
    result: dict[str, bytes | BaseException] = {}

    def work() -> None:
        try:
            result["pdf"] = report_pdf(report(300), a4())
        except BaseException as exc:  # noqa: BLE001 - reported below
            result["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    assert "error" not in result, result.get("error")
    pdf = result["pdf"]
    assert isinstance(pdf, bytes)
    strip = [t.replace("\r", "").split("Impresso em")[0] for t in page_texts(pdf)]
    here = [
        t.replace("\r", "").split("Impresso em")[0]
        for t in page_texts(report_pdf(report(300), a4()))
    ]
    assert strip == here


@pytest.mark.parametrize("rows", [1, 45])
def test_small_reports_fit_one_page(qapp: object, rows: int) -> None:
    assert len(page_texts(report_pdf(report(rows), a4()))) == 1


def test_the_totals_line_after_the_last_row_only(qapp: object) -> None:
    totals = "500 título(s) · Saldo: R$ 124.750,00"
    pages = page_texts(report_pdf(report(500, totals=totals), a4()))
    assert [totals in " ".join(t.split()) for t in pages] == [False] * (len(pages) - 1) + [True]
    last = pages[-1]
    assert last.index("NF-000499") < last.index("Saldo: R$ 124.750,00")
    found = [line for text in pages for line in text.split() if line.startswith("NF-")]
    assert found == [f"NF-{i:06d}" for i in range(500)]  # room was kept for it
