"""The termo de acordo PDF: its text compared with the acordo, on both databases."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from acordo_fixtures import CLIENTE, EMPRESA, insert_acordo
from pypdf import PdfReader

from app.db.engine import Database
from app.domain.documents import format_cep, format_cpf_cnpj
from app.domain.formatting import format_date, format_money
from app.domain.money import ZERO
from app.domain.words import money_in_words
from app.printing.clauses import render_clauses
from app.printing.data import load_acordo
from app.printing.document import render_acordo
from app.printing.errors import PrintError


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, blanks collapsed (line breaks of wrapped paragraphs become spaces)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def in_words(value: Decimal) -> str:
    return f"{format_money(value)} ({money_in_words(value)})"


def test_document_shows_the_acordo(db: Database) -> None:
    inserted = insert_acordo(db)
    plan = inserted.plan
    with db.session() as s:
        doc = load_acordo(s, inserted.acordo_id)
    pdf = render_acordo(doc)
    pages = page_texts(pdf)
    text = " ".join(pages)

    assert "TERMO DE ACORDO E CONFISSÃO DE DÍVIDA" in text
    assert "Acordo nº 123 – 19/11/2026" in text
    # credor and devedor
    assert EMPRESA["razao_social"] in text
    assert "CNPJ sob o nº 11.222.333/0001-81" in text
    assert "Avenida Paulista, 1000, Bela Vista, São Paulo/SP" in text
    assert CLIENTE["nome"] in text
    assert f"CPF nº {format_cpf_cnpj(str(CLIENTE['cpf_cnpj']))}" in text
    assert "CPF nº 529.982.247-25" in text
    assert "RG nº 12.345.678-9" in text and "estado civil: casada" in text
    assert f"Jardim Sônia, São Paulo/SP, CEP {format_cep('04567000')}" in text
    # the replaced títulos as of the acordo date (the later payment is not counted)
    for (documento, parcela), pos in zip(inserted.titulos, inserted.positions, strict=True):
        row = f"{documento}/{parcela}"
        line = next(
            t for t in doc.titulos if (t.numero_documento, t.parcela) == (documento, parcela)
        )
        assert (line.saldo, line.multa, line.juros) == (pos.saldo, pos.multa, pos.juros)
        assert (
            f"{row} {format_date(line.vencimento)} {format_money(pos.saldo)} {pos.dias_atraso} "
            f"{format_money(pos.multa)} {format_money(pos.juros)} "
            f"{format_money(pos.valor_atualizado)}"
        ) in text
    total_atualizado = sum((p.valor_atualizado for p in inserted.positions), ZERO)
    assert (
        f"Total 3 títulos {format_money(plan.principal)} {format_money(plan.multa)} "
        f"{format_money(plan.juros)} {format_money(total_atualizado)}"
    ) in text
    # the terms, each total in figures and in words
    assert f"Principal (saldo dos títulos) {in_words(plan.principal)}" in text
    assert f"Encargos (multa e juros) {in_words(plan.encargos)}" in text
    assert f"Desconto {in_words(plan.desconto)}" in text
    assert f"Total negociado {in_words(plan.total_negociado)}" in text
    assert f"Entrada {in_words(plan.entrada)}, a pagar em 24/11/2026" in text
    assert f"Saldo a parcelar {in_words(plan.financiado)}" in text
    assert "Parcelas 4 parcelas mensais" in text
    assert "Taxa de financiamento 0,00% ao mês" in text
    assert "R$ 835,60 (oitocentos e trinta e cinco reais e sessenta centavos)" in text
    # the installments and their sum
    for p in plan.parcelas:
        assert f"ACD-123/{p.numero} {format_date(p.vencimento)} {format_money(p.valor)}" in text
    assert f"Total das parcelas 4 parcelas {format_money(plan.total_parcelas)}" in text
    assert f"Soma das parcelas: {in_words(plan.total_parcelas)}" in text
    # the entrada is its own título, ACD-123/0, and counts in the total to pay
    assert "3. ENTRADA E PARCELAS" in text
    assert f"ACD-123/0 (entrada) 24/11/2026 {format_money(plan.entrada)}" in text
    assert f"Total com a entrada {format_money(plan.total_negociado)}" in text
    assert f"Total a pagar, com a entrada: {in_words(plan.total_negociado)}" in text
    # clauses from the E01 template, filled in
    assert "CLÁUSULA TERCEIRA – DO ATRASO." in text
    assert "multa de 2,00% sobre o valor da parcela" in text and "1,00% ao mês" in text
    assert "foro da comarca de São Paulo/SP" in text
    assert "CLÁUSULA SÉTIMA – DA COMUNICAÇÃO." in text  # only E01 has it
    assert "{" not in text and "}" not in text
    # place and date, signatures, witnesses
    assert "São Paulo, 19 de novembro de 2026." in text
    assert f"{CLIENTE['nome']} DEVEDOR – CPF 529.982.247-25" in text
    assert f"{EMPRESA['razao_social']} CREDOR – CNPJ 11.222.333/0001-81" in text
    assert "1ª testemunha" in text and "2ª testemunha" in text
    assert text.count("Nome:") == 2 and text.count("CPF:") == 2
    # header and footer on every page
    assert re.fullmatch(r"[A-Z2-7]{5}-[A-Z2-7]{5}", doc.codigo_verificacao)
    for number, page in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in page
        assert f"Código de verificação: {doc.codigo_verificacao}" in page
        assert page.count(EMPRESA["razao_social"]) >= 1
        assert "Termo de acordo nº 123 – 19/11/2026" in page


def test_fonts_are_embedded_dejavu(db: Database) -> None:
    inserted = insert_acordo(db)
    with db.session() as s:
        pdf = render_acordo(load_acordo(s, inserted.acordo_id))
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:  # a composite (Type0) font
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts, "no fonts found"
    assert all("DejaVuSans" in name for name in fonts), fonts
    assert all(fonts.values()), "every font must be embedded"
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=0.1)


def test_long_acordo_paginates_cleanly(db: Database) -> None:
    inserted = insert_acordo(db, titulos=60, parcelas=48, rate=Decimal("1.5"))
    with db.session() as s:
        doc = load_acordo(s, inserted.acordo_id)
    pages = page_texts(render_acordo(doc))
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in page
    # every título and every installment exactly once
    text = " ".join(pages)
    titulos = re.findall(r"\b(NF-\d+/\d)\b", text)
    assert sorted(titulos) == sorted(f"{d}/{p}" for d, p in inserted.titulos)
    parcelas = [int(n) for n in re.findall(r"\bACD-123/(\d+)\b", text)]
    assert sorted(parcelas) == list(range(0, 49))  # the entrada is ACD-123/0
    # the header row is repeated on every page a table continues on
    titulo_pages = [p for p in pages if re.search(r"\bNF-\d+/\d\b", p)]
    parcela_pages = [p for p in pages if re.search(r"\bACD-123/\d+\b", p)]
    assert len(titulo_pages) > 1 and len(parcela_pages) > 1
    for page in titulo_pages:
        assert "Documento / Parcela Vencimento Saldo Dias de atraso Multa Juros Valor" in page
    for page in parcela_pages:
        assert "Parcela Vencimento Valor" in page
    # the signature block is whole on the last page
    last = pages[-1]
    assert "DEVEDOR –" in last and "CREDOR –" in last and "2ª testemunha" in last
    assert "Taxa de financiamento 1,50% ao mês (tabela Price)" in text


def test_unknown_placeholder_is_refused(db: Database, tmp_path: Path) -> None:
    inserted = insert_acordo(db)
    with db.session() as s:
        doc = load_acordo(s, inserted.acordo_id)
    (tmp_path / "default.txt").write_text("Multa de {multa_percentul}%.\n", encoding="utf-8")
    with pytest.raises(PrintError, match=r"marcador desconhecido \{multa_percentul\}"):
        render_clauses(doc, tmp_path)
    (tmp_path / "default.txt").write_text("Chave aberta { sem fechar\n", encoding="utf-8")
    with pytest.raises(PrintError, match="malformado"):
        render_clauses(doc, tmp_path)


def test_clause_template_per_empresa_with_default(db: Database, tmp_path: Path) -> None:
    inserted = insert_acordo(db)
    with db.session() as s:
        doc = load_acordo(s, inserted.acordo_id)
    (tmp_path / "default.txt").write_text(
        "# comentário\nCLÁUSULA ÚNICA – DO FORO. Comarca de\n{foro_cidade}/{foro_uf}.\n\n"
        "Literal {{chaves}}.\n",
        encoding="utf-8",
    )
    clauses = render_clauses(doc, tmp_path)
    assert [(c.heading, c.text) for c in clauses] == [
        ("CLÁUSULA ÚNICA – DO FORO.", "Comarca de São Paulo/SP."),
        ("", "Literal {chaves}."),
    ]
    (tmp_path / "E01.txt").write_text("Só da E01: {numero_acordo}.", encoding="utf-8")
    assert [c.text for c in render_clauses(doc, tmp_path)] == ["Só da E01: 123."]


def test_without_entrada(db: Database) -> None:
    inserted = insert_acordo(db, entrada=Decimal("0"), parcelas=1)
    with db.session() as s:
        doc = load_acordo(s, inserted.acordo_id)
    text = " ".join(page_texts(render_acordo(doc)))
    assert "Entrada sem entrada" in text
    assert "3. PARCELAS" in text and "(entrada)" not in text and "com a entrada" not in text
    total = inserted.plan.total_negociado
    assert f"ACD-123/1 19/12/2026 {format_money(total)}" in text
    assert f"Total das parcelas 1 parcela {format_money(total)}" in text
    assert "Parcelas 1 parcela mensal" in text
