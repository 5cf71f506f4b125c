"""The termo de acordo e confissão de dívida as a PDF (reportlab; no Qt, no database).

``AcordoRenderer(doc, clauses).render()`` returns the PDF bytes: A4, DejaVu Sans
embedded (full Portuguese accents whatever fonts the machine has), header and
footer on every page (empresa, "Página X de Y", verification code), tables whose
header row repeats on each page and whose rows never split, and the signature
block kept on one page. Paper and PDF both come from these bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.documents import format_cep, format_cpf_cnpj, only_digits
from app.domain.formatting import format_date, format_decimal, format_money
from app.domain.money import ZERO
from app.domain.words import date_in_words, money_in_words
from app.printing.clauses import CLAUSES_DIR, Clause, render_clauses
from app.printing.data import AcordoDocumento, Credor, Devedor

__all__ = ["FONT", "FONT_BOLD", "AcordoRenderer", "render_acordo"]

FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
TITLE = "TERMO DE ACORDO E CONFISSÃO DE DÍVIDA"
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 26 * mm, 22 * mm
FRAME_PADDING = 6  # reportlab's Frame pads its content by 6 pt on each side
GRID = colors.HexColor("#9a9a9a")
HEADER_BG = colors.HexColor("#e6e6e6")
TOTAL_BG = colors.HexColor("#f2f2f2")
SECTION_MIN_SPACE = 30 * mm  # a heading starts a new page when less room than this is left


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def render_acordo(doc: AcordoDocumento, clauses_dir: Path = CLAUSES_DIR) -> bytes:
    """The PDF of ``doc`` with its empresa's clauses."""
    return AcordoRenderer(doc, render_clauses(doc, clauses_dir)).render()


def _money_and_words(value: Decimal) -> str:
    return f"<b>{format_money(value)}</b> ({money_in_words(value)})"


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Defers each page so its header and footer can say "Página X de Y"."""

    def __init__(self, *args: Any, decorate: Callable[[Canvas, int, int], None], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._decorate = decorate
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            super().showPage()
        super().save()


class AcordoRenderer:
    """Renders one termo de acordo; ``render()`` gives the PDF bytes."""

    def __init__(self, doc: AcordoDocumento, clauses: Sequence[Clause]) -> None:
        _register_fonts()
        self.doc = doc
        self.clauses = tuple(clauses)
        self.width = A4[0] - 2 * (MARGIN_X + FRAME_PADDING)  # the frame's usable width
        self.styles = self._stylesheet()

    # --- styles ---------------------------------------------------------------------------

    @staticmethod
    def _stylesheet() -> dict[str, ParagraphStyle]:
        body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
        small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
        return {
            "body": body,
            "justify": ParagraphStyle("justify", parent=body, alignment=TA_JUSTIFY, spaceAfter=5),
            "title": ParagraphStyle(
                "title",
                parent=body,
                fontName=FONT_BOLD,
                fontSize=14,
                leading=18,
                alignment=TA_CENTER,
                spaceAfter=2,
            ),
            "subtitle": ParagraphStyle(
                "subtitle",
                parent=body,
                fontSize=10.5,
                leading=14,
                alignment=TA_CENTER,
                spaceAfter=10,
            ),
            "warning": ParagraphStyle(
                "warning",
                parent=body,
                fontName=FONT_BOLD,
                textColor=colors.HexColor("#b00020"),
                alignment=TA_CENTER,
                spaceAfter=8,
            ),
            "section": ParagraphStyle(
                "section",
                parent=body,
                fontName=FONT_BOLD,
                fontSize=10.5,
                leading=14,
                spaceBefore=10,
                spaceAfter=5,
            ),
            "cell": small,
            "cell_bold": ParagraphStyle("cell_bold", parent=small, fontName=FONT_BOLD),
            "cell_right": ParagraphStyle("cell_right", parent=small, alignment=TA_RIGHT),
            "head": ParagraphStyle("head", parent=small, fontName=FONT_BOLD, alignment=TA_CENTER),
            "place": ParagraphStyle("place", parent=body, alignment=TA_RIGHT, spaceBefore=14),
            "sign": ParagraphStyle("sign", parent=small, alignment=TA_CENTER),
        }

    def _p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(text, self.styles[style])

    def _section(self, title: str) -> list[Flowable]:
        """A section heading, never alone at the foot of a page."""
        return [CondPageBreak(SECTION_MIN_SPACE), self._p(title, "section")]

    # --- the document ---------------------------------------------------------------------

    def render(self) -> bytes:
        buffer = io.BytesIO()
        d = self.doc
        template = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"Termo de acordo {d.numero} - {d.credor.codigo}",
            author=d.credor.razao_social,
            subject=TITLE.capitalize(),
            creator="Histórico do Cliente",
            invariant=True,
            # no Helvetica resource either: every font in the file is DejaVu, embedded
            initialFontName=FONT,
            initialFontSize=9,
        )
        template.build(self.story(), canvasmaker=partial(_NumberedCanvas, decorate=self._decorate))
        return buffer.getvalue()

    def story(self) -> list[Flowable]:
        return [
            *self._heading(),
            *self._parties(),
            *self._titulos(),
            *self._terms(),
            *self._installments(),
            *self._clauses_and_signatures(),
        ]

    def _clauses_and_signatures(self) -> list[Flowable]:
        """The clauses; the last one stays on the page of the signatures, never apart."""
        clauses = self._clauses()
        last = [clauses.pop()] if len(clauses) > 2 else []
        return [*clauses, self._signatures(last)]

    def _heading(self) -> list[Flowable]:
        d = self.doc
        parts: list[Flowable] = [
            self._p(TITLE, "title"),
            self._p(f"Acordo nº {d.numero} – {format_date(d.data)}", "subtitle"),
        ]
        if d.situacao == "quebrado":
            when = f" em {format_date(d.cancelado_em)}" if d.cancelado_em else ""
            parts.append(self._p(f"ACORDO QUEBRADO (CANCELADO){when}", "warning"))
        return parts

    def _parties(self) -> list[Flowable]:
        return [
            self._p(f"<b>CREDOR:</b> {self._credor_text(self.doc.credor)}", "justify"),
            self._p(f"<b>DEVEDOR:</b> {self._devedor_text(self.doc.devedor)}", "justify"),
            self._p(
                "As partes acima identificadas celebram o presente Termo de Acordo e Confissão "
                "de Dívida, pelo qual o DEVEDOR reconhece e confessa dever ao CREDOR os valores "
                f"abaixo discriminados, atualizados até {format_date(self.doc.data)}, e se "
                "obriga a pagá-los nas condições a seguir.",
                "justify",
            ),
        ]

    @staticmethod
    def _credor_text(c: Credor) -> str:
        name = escape(c.razao_social)
        if c.nome_fantasia and c.nome_fantasia != c.razao_social:
            name += f" ({escape(c.nome_fantasia)})"
        text = f"{name}, inscrita no CNPJ sob o nº {format_cpf_cnpj(c.cnpj)}"
        place = ", ".join(escape(p) for p in (c.endereco, _city(c.cidade, c.uf)) if p)
        return text + (f", com sede em {place}." if place else ".")

    @staticmethod
    def _devedor_text(c: Devedor) -> str:
        kind = "CPF" if len(only_digits(c.cpf_cnpj)) == 11 else "CNPJ"
        facts = [f"<b>{escape(c.nome)}</b>", f"{kind} nº {format_cpf_cnpj(c.cpf_cnpj)}"]
        if c.rg:
            facts.append(f"RG nº {escape(c.rg)}")
        if c.estado_civil:
            facts.append(f"estado civil: {escape(c.estado_civil)}")
        address = [c.endereco, c.bairro, _city(c.cidade, c.uf)]
        if c.cep:
            address.append(f"CEP {format_cep(c.cep)}")
        place = ", ".join(escape(p) for p in address if p)
        if place:
            facts.append(f"residente e domiciliado(a) em {place}")
        return ", ".join(facts) + "."

    # --- tables ---------------------------------------------------------------------------

    def _table(
        self, rows: list[list[Any]], fractions: Sequence[float], extra: Sequence[tuple[Any, ...]]
    ) -> Table:
        """A grid with a repeated header row; widths are fractions of the frame."""
        table = Table(
            rows,
            colWidths=[f * self.width for f in fractions],
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 8),
                    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    *extra,
                ]
            )
        )
        return table

    def _header_row(self, names: Sequence[str]) -> list[Any]:
        return [self._p(n, "head") for n in names]

    def _titulos(self) -> list[Flowable]:
        d = self.doc
        heads = [
            "Documento / Parcela",
            "Vencimento",
            "Saldo",
            "Dias de atraso",
            "Multa",
            "Juros",
            "Valor atualizado",
        ]
        rows: list[list[Any]] = [self._header_row(heads)]
        for t in d.titulos:
            rows.append(
                [
                    self._p(escape(f"{t.numero_documento}/{t.parcela}"), "cell"),
                    format_date(t.vencimento),
                    format_money(t.saldo),
                    str(t.dias_atraso),
                    format_money(t.multa),
                    format_money(t.juros),
                    format_money(t.valor_atualizado),
                ]
            )
        rows.append(
            [
                self._p("Total", "cell_bold"),
                _plural(len(d.titulos), "título", "títulos"),
                format_money(sum((t.saldo for t in d.titulos), ZERO)),
                "",
                format_money(sum((t.multa for t in d.titulos), ZERO)),
                format_money(sum((t.juros for t in d.titulos), ZERO)),
                format_money(sum((t.valor_atualizado for t in d.titulos), ZERO)),
            ]
        )
        table = self._table(
            rows,
            (0.17, 0.13, 0.16, 0.08, 0.14, 0.14, 0.18),
            [
                ("ALIGN", (1, 1), (1, -1), "CENTER"),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("ALIGN", (3, 1), (3, -1), "CENTER"),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 8),
                ("BACKGROUND", (0, -1), (-1, -1), TOTAL_BG),
            ],
        )
        return [*self._section("1. TÍTULOS RENEGOCIADOS"), table]

    def _terms(self) -> list[Flowable]:
        d = self.doc
        encargos = (
            f"{_money_and_words(d.encargos)}, sendo multa de {format_money(d.multa)} "
            f"e juros de mora de {format_money(d.juros)}"
        )
        if d.entrada > 0:
            when = f", a pagar em {format_date(d.entrada_data)}" if d.entrada_data else ""
            entrada = f"{_money_and_words(d.entrada)}{when}"
        else:
            entrada = "sem entrada"
        rate = format_decimal(d.taxa_mensal, 2)
        taxa = (
            f"{rate}% ao mês (tabela Price)"
            if d.taxa_mensal > 0
            else f"{rate}% ao mês (parcelas sem juros de financiamento)"
        )
        terms = [
            ("Principal (saldo dos títulos)", _money_and_words(d.valor_original)),
            ("Encargos (multa e juros)", encargos),
            ("Desconto", _money_and_words(d.desconto)),
            ("Total negociado", _money_and_words(d.valor_negociado)),
            ("Entrada", entrada),
            ("Saldo a parcelar", _money_and_words(d.valor_negociado - d.entrada)),
            ("Parcelas", _plural(d.numero_parcelas, "parcela mensal", "parcelas mensais")),
            ("Taxa de financiamento", taxa),
        ]
        rows = [[self._p(label, "cell_bold"), self._p(value, "cell")] for label, value in terms]
        table = Table(rows, colWidths=[0.27 * self.width, 0.73 * self.width], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 8),
                    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                    ("BACKGROUND", (0, 0), (0, -1), TOTAL_BG),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return [KeepTogether([self._p("2. CONDIÇÕES DO ACORDO", "section"), table])]

    def _installments(self) -> list[Flowable]:
        """The títulos the acordo created: the entrada (parcela 0), then the installments."""
        d = self.doc
        rows: list[list[Any]] = [self._header_row(["Parcela", "Vencimento", "Valor"])]
        for p in d.parcelas:
            label = f"{p.numero_documento}/{p.parcela}" + (" (entrada)" if p.is_entrada else "")
            rows.append([label, format_date(p.vencimento), format_money(p.valor)])
        count = len(d.installments)
        totals = [
            [
                "Total das parcelas",
                _plural(count, "parcela", "parcelas"),
                format_money(d.total_parcelas),
            ]
        ]
        has_entrada = len(d.installments) != len(d.parcelas)
        if has_entrada:
            totals.append(["Total com a entrada", "", format_money(d.total_a_pagar)])
        rows += totals
        first_total = len(rows) - len(totals)
        table = self._table(
            rows,
            (0.26, 0.18, 0.2),
            [
                ("ALIGN", (1, 1), (1, -1), "CENTER"),
                ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                ("FONT", (0, first_total), (-1, -1), FONT_BOLD, 8),
                ("BACKGROUND", (0, first_total), (-1, -1), TOTAL_BG),
            ],
        )
        text = f"Soma das parcelas: {_money_and_words(d.total_parcelas)}."
        if has_entrada:
            text += f" Total a pagar, com a entrada: {_money_and_words(d.total_a_pagar)}."
        title = "3. ENTRADA E PARCELAS" if has_entrada else "3. PARCELAS"
        return [*self._section(title), table, Spacer(1, 5), self._p(text, "justify")]

    def _clauses(self) -> list[Flowable]:
        parts: list[Flowable] = self._section("4. CLÁUSULAS")
        for c in self.clauses:
            head = f"<b>{escape(c.heading)}</b> " if c.heading else ""
            parts.append(self._p(head + escape(c.text), "justify"))
        return parts

    def _signatures(self, before: list[Flowable]) -> Flowable:
        d = self.doc
        city = d.credor.cidade
        place = f"{escape(city)}, {date_in_words(d.data)}." if city else f"{date_in_words(d.data)}."
        devedor = (
            f"<b>{escape(d.devedor.nome)}</b><br/>DEVEDOR – "
            f"{'CPF' if len(only_digits(d.devedor.cpf_cnpj)) == 11 else 'CNPJ'} "
            f"{format_cpf_cnpj(d.devedor.cpf_cnpj)}"
        )
        credor = (
            f"<b>{escape(d.credor.razao_social)}</b><br/>CREDOR – CNPJ "
            f"{format_cpf_cnpj(d.credor.cnpj)}"
        )
        w = self.width
        parties = Table(
            [["", "", ""], [self._p(devedor, "sign"), "", self._p(credor, "sign")]],
            colWidths=[0.46 * w, 0.08 * w, 0.46 * w],
            rowHeights=[34, None],
        )
        parties.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 8),
                    ("LINEABOVE", (0, 1), (0, 1), 0.6, colors.black),
                    ("LINEABOVE", (2, 1), (2, 1), 0.6, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        witnesses = Table(
            [
                [self._p("<b>TESTEMUNHAS</b>", "cell"), "", ""],
                ["", "", ""],
                [self._p("1ª testemunha", "sign"), "", self._p("2ª testemunha", "sign")],
                [self._p("Nome:", "cell"), "", self._p("Nome:", "cell")],
                [self._p("CPF:", "cell"), "", self._p("CPF:", "cell")],
            ],
            colWidths=[0.46 * w, 0.08 * w, 0.46 * w],
            rowHeights=[None, 30, None, 20, 20],
        )
        witnesses.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 8),
                    ("SPAN", (0, 0), (-1, 0)),
                    ("LINEABOVE", (0, 2), (0, 2), 0.6, colors.black),
                    ("LINEABOVE", (2, 2), (2, 2), 0.6, colors.black),
                    ("LINEBELOW", (0, 3), (0, 4), 0.4, GRID),
                    ("LINEBELOW", (2, 3), (2, 4), 0.4, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return KeepTogether(
            [
                *before,
                self._p(place, "place"),
                Spacer(1, 16),
                parties,
                Spacer(1, 18),
                witnesses,
            ]
        )

    # --- every page -----------------------------------------------------------------------

    def _decorate(self, canvas: Canvas, page: int, pages: int) -> None:
        d = self.doc
        width, height = A4
        left, right = MARGIN_X + FRAME_PADDING, width - MARGIN_X - FRAME_PADDING
        canvas.saveState()
        top = height - 14 * mm
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(left, top, _fit(d.credor.razao_social, FONT_BOLD, 9, 0.62 * self.width))
        canvas.setFont(FONT, 8.5)
        canvas.drawRightString(right, top, f"Termo de acordo nº {d.numero} – {format_date(d.data)}")
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
        bottom = 12 * mm
        canvas.line(left, bottom + 4 * mm, right, bottom + 4 * mm)
        canvas.setFont(FONT, 8)
        canvas.drawString(left, bottom, f"Código de verificação: {d.codigo_verificacao}")
        canvas.drawRightString(right, bottom, f"Página {page} de {pages}")
        canvas.setFont(FONT, 6.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(
            left,
            bottom - 3.5 * mm,
            f"{_fit(d.credor.razao_social, FONT, 6.5, 0.55 * self.width)} – confira a "
            "autenticidade deste documento informando o código de verificação.",
        )
        canvas.restoreState()


def _city(cidade: str | None, uf: str | None) -> str:
    return "/".join(p for p in (cidade, uf) if p)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
