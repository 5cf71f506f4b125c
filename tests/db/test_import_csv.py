"""Reading the CSV files of an import (no database): decoding, separators, line numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.db import import_fields as fields
from app.db.csv_source import CsvTable, decode, read_csv, sniff_separator
from app.db.import_issues import ImportFailed, ImportIssue, IssueLog


def _read(
    tmp_path: Path, data: bytes, multiline: frozenset[str] = frozenset()
) -> tuple[CsvTable | None, list[str]]:
    """The table read from ``data``, and the issues found."""
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    issues = IssueLog()
    table = read_csv(path, issues, multiline=multiline)
    try:
        issues.raise_if_any()
    except ImportFailed as exc:
        return table, [str(issue) for issue in exc.issues]
    return table, []


def test_decoding_prefers_utf8_and_falls_back_to_windows_1252() -> None:
    assert decode("\ufeffJoão".encode()) == "João"
    assert decode("João".encode()) == "João"
    assert decode("João – Conceição".encode("cp1252")) == "João – Conceição"
    with pytest.raises(UnicodeDecodeError):
        decode(b"\x81")


@pytest.mark.parametrize(
    ("header", "separator"),
    [("codigo;nome", ";"), ("codigo,nome", ","), ("a;b,c;d", ";"), ("a,b,c;d", ","), ("x", ",")],
)
def test_separator_is_sniffed_from_the_header(header: str, separator: str) -> None:
    assert sniff_separator(header) == separator


def test_rows_keep_their_physical_line_numbers(tmp_path: Path) -> None:
    data = (
        ' Codigo ,"Descricao"\r\nP1,"Geladeira, duplex\r\nbranca"\r\n\r\n,\r\nP2,  Sofá  \r\n'
    ).encode("cp1252")
    table, issues = _read(tmp_path, data, multiline=frozenset({"descricao"}))
    assert issues == []
    assert table is not None
    assert table.header == ["codigo", "descricao"]
    rows = [(row.line, row.cells) for row in table.rows]
    assert rows == [(2, ["P1", "Geladeira, duplex\nbranca"]), (6, ["P2", "Sofá"])]


def test_row_problems_are_reported_at_the_row_start(tmp_path: Path) -> None:
    data = b'codigo;descricao\n"P\n1";x\nP2;a\x00b\nP3\nP4;b;c\n;;\n'
    table, issues = _read(tmp_path, data)
    assert issues == [
        "t.csv:2: codigo: caractere de controle não permitido",
        "t.csv:4: descricao: caractere de controle não permitido",
        "t.csv:5: -: linha com colunas a menos (1; o cabeçalho tem 2)",
        "t.csv:6: -: linha com colunas a mais (3; o cabeçalho tem 2)",
    ]
    assert table is not None
    assert [(row.line, row.cells, row.rejected) for row in table.rows] == [
        (2, ["", "x"], frozenset({"codigo"})),
        (4, ["P2", ""], frozenset({"descricao"})),
    ]


def test_undecodable_byte_is_reported_on_its_line(tmp_path: Path) -> None:
    _, issues = _read(tmp_path, b"codigo\nP1\nP\x812\n")
    assert issues == ["t.csv:3: -: codificação não reconhecida (use UTF-8 ou Windows-1252)"]


def test_issue_text_and_the_listing_cap() -> None:
    assert str(ImportIssue("titulos.csv", 4, "vencimento", "x")) == "titulos.csv:4: vencimento: x"
    log = IssueLog(["a.csv", "b.csv"], limit=3)
    for line in (9, 8, 7):
        log.add("b.csv", line, "-", "erro")
    log.add("a.csv", 5, "-", "erro")
    with pytest.raises(ImportFailed) as failed:
        log.raise_if_any()
    assert [str(i) for i in failed.value.issues] == [
        "a.csv:5: -: erro",
        "b.csv:7: -: erro",
        "b.csv:8: -: erro",
    ]
    assert failed.value.omitted == 1
    assert str(failed.value).splitlines()[0] == (
        "Importação cancelada, nada foi gravado: 4 problemas encontrados."
    )
    assert str(failed.value).endswith("… e mais 1 problema(s) não listado(s).")


@pytest.mark.parametrize(
    ("cell", "value"),
    [("Carnê", "carne"), ("CARTÃO", "cartao"), ("pix", "pix"), (" Dinheiro ", "dinheiro")],
)
def test_forma_de_pagamento_accepts_accents_and_case(cell: str, value: str) -> None:
    assert fields.choice(fields.FORMAS_PAGAMENTO)(cell) == value


def test_choice_reads_blanks_and_hyphens_as_underscores() -> None:
    tipos = fields.choice(("visita_tecnica", "ligacao"))
    assert tipos("Visita Técnica") == tipos("visita-tecnica") == "visita_tecnica"
    assert tipos("Ligação") == "ligacao"


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1.234,56", "1234.56"), ("1234.56", "1234.56"), ("R$ 10", "10.00"), ("0,5", "0.50")],
)
def test_money_cells(cell: str, value: str) -> None:
    assert fields.decimal_value()(cell) == Decimal(value)


@pytest.mark.parametrize("cell", ["NaN", "1e3", "1.2.3", "12,34,5", "abc"])
def test_malformed_numbers(cell: str) -> None:
    with pytest.raises(ValueError, match=f"número inválido: '{cell}'"):
        fields.decimal_value()(cell)
