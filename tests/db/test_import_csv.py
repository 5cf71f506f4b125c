"""Reading the CSV files of an import (no database): decoding, separators, line numbers."""

from __future__ import annotations

import csv
import io
import random
from decimal import Decimal
from pathlib import Path

import pytest

from app.db import csv_source
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


# --- reading a whole file at once gives what reading it row by row gives ----------------------

_CELLS = [
    "P1", "Sofá", "", " ", "  lado  ", "\tx", "y\t", "\xa0z", "a;b", "a,b", 'diz "oi"', "1.234,56",
    "linha\nquebrada", "\u2028", "ctl\x07", "fim\r", "R$ 10", "ç", "#", "''",
]  # fmt: skip


def _random_csv(rnd: random.Random) -> bytes:
    """A small CSV with a bit of everything the reader must handle the same both ways."""
    separator = rnd.choice(";,")
    width = rnd.randint(1, 4)
    header = [rnd.choice(["codigo", " Nome ", "descricao", "x", ""]) + str(k) for k in range(width)]
    lines = [""] * rnd.randint(0, 1) + [separator.join(header)]
    for _ in range(rnd.randint(0, 8)):
        kind = rnd.random()
        if kind < 0.1:
            lines.append("")
        elif kind < 0.15:
            lines.append(separator * (width - 1))
        else:
            cells = [rnd.choice(_CELLS) for _ in range(width + (kind > 0.95) - (kind > 0.9))]
            out = io.StringIO()
            writer = csv.writer(out, delimiter=separator, lineterminator="")
            writer.writerow(cells)
            lines.append(out.getvalue())
    newline = rnd.choice(["\n", "\r\n", "\r"])
    text = newline.join(lines) + rnd.choice(["", newline])
    encoding = rnd.choice(["utf-8", "utf-8-sig", "cp1252"])
    return text.encode(encoding, errors="replace")


def _as_read(table: CsvTable | None) -> object:
    if table is None:
        return None
    return (table.header, table.header_line, [tuple(row) for row in table.rows])


@pytest.mark.parametrize("seed", range(400))
def test_whole_file_reading_matches_row_by_row(tmp_path: Path, seed: int) -> None:
    data = _random_csv(random.Random(seed))
    multiline = frozenset({"descricao0", "descricao1"})
    table, issues = _read(tmp_path, data, multiline)
    text = decode(data)
    separator = sniff_separator(text.lstrip().partition("\n")[0])
    row_issues = IssueLog()
    by_row = csv_source._read_rows(
        "t.csv", text, separator, row_issues, multiline, csv_source._has_control(data)
    )
    try:
        row_issues.raise_if_any()
        expected: list[str] = []
    except ImportFailed as exc:
        expected = [str(issue) for issue in exc.issues]
    assert (_as_read(table), issues) == (_as_read(by_row), expected)


@pytest.mark.parametrize("seed", range(50))
def test_control_characters_are_found_in_the_bytes(seed: int) -> None:
    rnd = random.Random(seed)
    pool = "aç;º\xa0€\t\n\r\x00\x07\x1b\x7f\x85\x9f\u2028"
    text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12)))
    has = csv_source._CONTROL.search(text) is not None
    assert csv_source._has_control(text.encode("utf-8")) == has
    data = text.encode("cp1252", errors="ignore")
    in_text = csv_source._CONTROL.search(data.decode("cp1252")) is not None
    assert csv_source._has_control(data) == in_text


@pytest.mark.parametrize(
    "cells",
    [
        ["1", "2.5", "1234.56", "0"],
        ["10.00", "0.01", "999999999999.99"],
        ["1.234,56", "10"],
        ["1.005"],
        ["-1"],
        ["1000000000000.00"],
        ["abc", "1"],
    ],
)
def test_a_decimal_column_at_once_is_each_cell_parsed(cells: list[str]) -> None:
    parse = fields.decimal_value()
    at_once = parse.many(cells)
    one_by_one: list[Decimal | None] = []
    for cell in cells:
        try:
            one_by_one.append(parse(cell))
        except ValueError:
            one_by_one.append(None)
    if at_once is None:  # only refused when a cell is not plain or not valid
        assert None in one_by_one or not all(c.replace(".", "").isdigit() for c in cells)
    else:
        assert at_once == one_by_one
        assert [v.as_tuple().exponent for v in at_once] == [-2] * len(cells)
    positive = fields.decimal_value(places=3, positive=True)
    assert positive.many(["0.000", "1"]) is None


def test_the_listing_keeps_the_first_issues_by_line_whatever_the_order() -> None:
    log = IssueLog(["a.csv"], limit=5)
    for line in range(50_000, 0, -1):  # more than are kept in memory, last lines first
        log.add("a.csv", line, "-", "erro")
    with pytest.raises(ImportFailed) as failed:
        log.raise_if_any()
    assert [issue.line for issue in failed.value.issues] == [1, 2, 3, 4, 5]
    assert failed.value.omitted == 49_995
