"""A generated corpus of bad import folders: each is refused, clearly, and writes nothing.

Every case is a valid folder (``BASE``, which imports cleanly) with one fault put in:
a wrong encoding (UTF-16/32, random bytes, a NUL, a byte neither UTF-8 nor
Windows-1252), a truncated or widened line, a missing, unknown or repeated column, a
repeated key, an invalid CPF/CNPJ, an impossible date (31/02/2026), a negative or
absurd amount (R$ 1e15, NaN, "1.2.3", "inf"), a formula or SQL where a number, date,
code or choice belongs, a control character in a text, a reference to nothing, a
recebimento above its título... Each must be refused with every problem on a line
``file:line: column: reason``, one of them at the fault's file, line and column, and
the database must be unchanged: every table's row count and checksum (all rows read
in id order through SQLAlchemy Core) equal before and after.

The same texts where text belongs (formulas, SQL metacharacters, quotes, emoji,
right-to-left scripts, combining accents) are valid: that folder imports and the
database holds them exactly as written.

Default: 220 cases on SQLite, 40 on PostgreSQL, a handful through ``main.py import``;
HISTORICO_SOAK=1: 2,000 and 300. HISTORICO_CORPUS_SEED=N draws another corpus.
"""

from __future__ import annotations

import csv
import io
import os
import random
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.engine import Database, open_database
from app.db.importer import ImportFailed, import_folder
from app.db.schema import Cliente, Empresa, Produto, Programacao, Titulo
from app.domain.documents import random_cnpj, random_cpf
from tests.reliability.reliability_support import (
    GOOD_IMPORT,
    ISSUE_LINE,
    fingerprint,
    record,
    run_cli,
    soak,
)

SEED = int(os.environ.get("HISTORICO_CORPUS_SEED", "6"))
Table = tuple[list[str], list[list[str]]]  # header, rows (no cell spans lines)
Folder = dict[str, Table]

_ids = random.Random(1)
CPFS = [random_cpf(_ids) for _ in range(5)]
CNPJS = [random_cnpj(_ids) for _ in range(3)]

BASE: Folder = {
    "empresas.csv": (
        "codigo;razao_social;nome_fantasia;cnpj;uf;multa_percentual;juros_mensal_percentual".split(
            ";"
        ),
        [
            ["Z1", "Zeta Comércio Ltda", "Zeta", CNPJS[0], "SP", "2,00", "1,00"],
            ["Z2", "Ômega Móveis Ltda", "", CNPJS[1], "go", "1,50", "2"],
        ],
    ),
    "clientes.csv": (
        "codigo;nome;cpf_cnpj;data_nascimento;email;uf;cep;limite_credito;cliente_desde".split(";"),
        [
            ["Z01", "Ana Conceição", CPFS[0], "15/03/1980", "ana@example.com", "SP", "04101-000"]
            + ["1.500,00", "2019-05-02"],
            ["Z02", "Bruno Souza", CPFS[1], "1975-12-01", "", "GO", "74000000", "800,50", ""],
            ["Z03", "Carla Dias", CPFS[2], "", "", "", "", "", "10/01/2020"],
            ["Z04", "Padaria Pão Quente Ltda", CNPJS[2], "", "", "SP", "", "", ""],
        ],
    ),
    "produtos.csv": (
        ["codigo", "descricao", "unidade"],
        [["ZP1", "Geladeira 375 L", "UN"], ["ZP2", "Cabo HDMI 2 m", "PC"]],
    ),
    "vendas.csv": (
        ["codigo", "empresa", "cliente", "data", "vendedor", "situacao"],
        [
            ["ZV1", "Z1", "Z01", "10/01/2026", "Ana", "concluida"],
            ["ZV2", "Z2", "Z02", "2026-01-15", "", "Concluída"],
        ],
    ),
    "itens_venda.csv": (
        ["venda", "item", "produto", "quantidade", "valor_unitario", "desconto"],
        [
            ["ZV1", "1", "ZP1", "1", "1.234,56", "0"],
            ["ZV1", "2", "ZP2", "2,5", "10,00", ""],
            ["ZV2", "1", "ZP1", "1", "500.00", "10,00"],
        ],
    ),
    "acordos.csv": (
        ["numero", "empresa", "cliente", "data", "desconto", "operador", "observacao"],
        [["901", "Z1", "Z03", "15/03/2026", "0,00", "Ana", "Acordo de teste"]],
    ),
    "titulos.csv": (
        (
            "empresa;cliente;numero_documento;parcela;emissao;vencimento;valor;venda;"
            "forma_pagamento;cancelado_em;motivo_cancelamento;negativado_em;cobranca_em;"
            "acordo_origem;renegociado_no_acordo"
        ).split(";"),
        [
            ["Z1", "Z01", "ZNF-1", "1", "10/01/2026", "10/02/2026", "617,28", "ZV1", "boleto"]
            + [""] * 6,
            ["Z1", "Z01", "ZNF-1", "2", "10/01/2026", "10/03/2026", "642,28", "ZV1", "Carnê"]
            + [""] * 6,
            ["Z2", "Z02", "ZNF-2", "1", "15/01/2026", "15/02/2026", "490,00", "ZV2", "pix"]
            + [""] * 6,
            ["Z1", "Z03", "ZNF-3", "1", "01/12/2025", "01/01/2026", "300,00", "", "boleto"]
            + ["", "", "", "", "", "901"],
            ["Z1", "Z03", "ZACD-901", "1", "15/03/2026", "15/04/2026", "160,00", "", "boleto"]
            + ["", "", "", "", "901", ""],
            ["Z1", "Z03", "ZACD-901", "2", "15/03/2026", "15/05/2026", "160,00", "", "boleto"]
            + ["", "", "", "", "901", ""],
            ["Z1", "Z04", "ZNF-4", "1", "01/02/2026", "01/03/2026", "80,00", "", "dinheiro"]
            + ["", "", "01/04/2026", "", "", ""],
        ],
    ),
    "recebimentos.csv": (
        ["empresa", "numero_documento", "parcela", "data", "valor", "forma_pagamento"],
        [
            ["Z1", "ZNF-1", "1", "10/02/2026", "617,28", "pix"],
            ["Z2", "ZNF-2", "1", "20/02/2026", "100,00", "Dinheiro"],
        ],
    ),
    "programacoes.csv": (
        ["empresa", "cliente", "data_programacao", "tipo", "descricao", "responsavel", "situacao"],
        [
            ["Z1", "Z01", "20/03/2026 14:30", "Entrega", "Entregar a geladeira", "Carlos", ""],
            ["Z2", "Z02", "2026-03-21", "ligação", "Lembrar da parcela", "", "realizada"],
        ],
    ),
}


def serialise(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(table[0])
    writer.writerows(table[1])
    return out.getvalue()


def write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def as_bytes(tables: Folder) -> dict[str, bytes]:
    return {name: serialise(table).encode("utf-8") for name, table in tables.items()}


# --- the faults ------------------------------------------------------------------------------


@dataclass
class Case:
    """A folder with one fault, and where it must be reported (None: anywhere)."""

    kind: str
    files: dict[str, bytes]
    file: str
    line: int | None = None
    column: str | None = None
    detail: str = ""


BAD_MONEY = [
    "-1,00", "-0,01", "1e15", "R$ 1e15", "1E15", "1.000.000.000.000.000,00", "999999999999999",
    "NaN", "nan", "sNaN", "inf", "-inf", "Infinity", "1.2.3", "1,2,3", "12,345", "0,001",
    "=1+1", '=HYPERLINK("http://evil.example";"1")', "'; DROP TABLE cliente; --", "1 000",
    "0x10", "(1,00)", "+-1", "--1", "1-", "١٢٣", "−1,00", "R$", "@SUM(A1)",
]  # fmt: skip
BAD_DATE = [
    "31/02/2026", "29/02/2025", "30/02/2024", "31/04/2026", "00/01/2026", "32/01/2026",
    "01/13/2026", "2026-13-01", "2026-02-30", "2026-00-10", "1/1/26", "2026/01/01", "hoje",
    "=TODAY()", "9999-99-99", "31-02-2026", "'; DROP TABLE titulo; --", "2026-02-29",
]  # fmt: skip
BAD_INT = [
    "0", "-1", "1.5", "1,0", "99999999999", "2147483648", "١", "½", "1e2", "=1", "um", "+1",
]  # fmt: skip
BAD_CHOICE = ["bitcoin", "fiado", "talvez", "'; DROP TABLE programacao; --", "=1+1", "%", "_"]
CONTROL = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9b", "\r"]
BAD_UF = ["XX", "S", "São Paulo", "'; --"]
BAD_CEP = ["1234", "ABCDE-123", "0410-1000", "=1"]
BAD_REF = ["NOPE", "Z01'; DROP TABLE cliente; --", "Z0_", "Z%", '=HYPERLINK("x")', "Z 01"]

MONEY = [
    ("titulos.csv", "valor"),
    ("recebimentos.csv", "valor"),
    ("itens_venda.csv", "valor_unitario"),
    ("itens_venda.csv", "desconto"),
    ("clientes.csv", "limite_credito"),
    ("acordos.csv", "desconto"),
]
DATES = [
    ("titulos.csv", "emissao"),
    ("titulos.csv", "vencimento"),
    ("vendas.csv", "data"),
    ("recebimentos.csv", "data"),
    ("clientes.csv", "data_nascimento"),
    ("acordos.csv", "data"),
    ("programacoes.csv", "data_programacao"),
    ("titulos.csv", "negativado_em"),
]
INTEGERS = [
    ("titulos.csv", "parcela"),
    ("itens_venda.csv", "item"),
    ("acordos.csv", "numero"),
    ("recebimentos.csv", "parcela"),
]
CHOICES = [
    ("titulos.csv", "forma_pagamento"),
    ("programacoes.csv", "tipo"),
    ("vendas.csv", "situacao"),
    ("programacoes.csv", "situacao"),
    ("recebimentos.csv", "forma_pagamento"),
]
TEXTS = [
    ("clientes.csv", "nome"),
    ("empresas.csv", "razao_social"),
    ("produtos.csv", "descricao"),
    ("clientes.csv", "codigo"),
    ("titulos.csv", "numero_documento"),
    ("programacoes.csv", "responsavel"),
]
REFERENCES = [
    ("titulos.csv", "cliente"),
    ("titulos.csv", "empresa"),
    ("itens_venda.csv", "produto"),
    ("titulos.csv", "venda"),
    ("recebimentos.csv", "numero_documento"),
    ("vendas.csv", "cliente"),
    ("programacoes.csv", "cliente"),
    ("itens_venda.csv", "venda"),
]


def _copy() -> Folder:
    return {name: (list(header), [list(r) for r in rows]) for name, (header, rows) in BASE.items()}


def _cell_case(kind: str, file: str, column: str, value: str, rng: random.Random) -> Case:
    tables = _copy()
    header, rows = tables[file]
    index = rng.randrange(len(rows))
    rows[index][header.index(column)] = value
    return Case(kind, as_bytes(tables), file, index + 2, column, repr(value))


def _cell(kind: str, targets: list[tuple[str, str]], values: list[str]) -> Callable[..., Case]:
    def make(rng: random.Random) -> Case:
        file, column = rng.choice(targets)
        value = rng.choice(values)
        if column == "data_programacao" and rng.random() < 0.5:
            value += " 10:00"
        return _cell_case(kind, file, column, value, rng)

    return make


def invalid_document(rng: random.Random) -> Case:
    file, column = rng.choice([("clientes.csv", "cpf_cnpj"), ("empresas.csv", "cnpj")])
    good = rng.choice(CPFS if file == "clientes.csv" and rng.random() < 0.7 else CNPJS)
    wrong = good[:-1] + str((int(good[-1]) + rng.randrange(1, 10)) % 10)
    value = rng.choice(
        [wrong, "111.111.111-11", "000.000.000-00", "123", "abc.def.ghi-jk", good + "0", "=1+1"]
        + ([CPFS[0]] if file == "empresas.csv" else ["11.111.111/1111-11"])
    )
    return _cell_case("CPF/CNPJ inválido", file, column, value, rng)


def control_character(rng: random.Random) -> Case:
    file, column = rng.choice(TEXTS)
    tables = _copy()
    header, rows = tables[file]
    index = rng.choice([i for i, r in enumerate(rows) if len(r[header.index(column)]) > 1])
    cell = rows[index][header.index(column)]
    at = rng.randrange(1, len(cell))  # inside: at either end it is stripped as blank
    char = rng.choice(CONTROL)
    rows[index][header.index(column)] = cell[:at] + char + cell[at:]
    # a control character can make a code unknown, a number invalid...: the line is enough
    return Case("caractere de controle", as_bytes(tables), file, index + 2, None, repr(char))


def line_break_in_a_one_line_column(rng: random.Random) -> Case:
    file, column = rng.choice([("clientes.csv", "nome"), ("produtos.csv", "descricao")])
    tables = _copy()
    header, rows = tables[file]
    index = rng.randrange(len(rows))
    rows[index][header.index(column)] += "\nlinha 2"
    return Case("quebra de linha num campo de uma linha", as_bytes(tables), file, index + 2, column)


def too_long(rng: random.Random) -> Case:
    file, column, limit = rng.choice(
        [
            ("clientes.csv", "nome", 150),
            ("clientes.csv", "codigo", 20),
            ("produtos.csv", "codigo", 30),
        ]
        + [("empresas.csv", "uf", 2), ("titulos.csv", "numero_documento", 30)]
    )
    value = rng.choice(["x", "😀", "ç"]) * (limit + rng.randrange(1, 200))
    return _cell_case("texto longo demais", file, column, value, rng)


def rates(rng: random.Random) -> Case:
    column, value = rng.choice(
        [("multa_percentual", v) for v in ("2,01", "2,5", "-1", "100", "2,00001")]
        + [("juros_mensal_percentual", v) for v in ("10,01", "50", "-0,5")]
    )
    return _cell_case("taxa fora do limite", "empresas.csv", column, value, rng)


def required_empty(rng: random.Random) -> Case:
    file, column = rng.choice(
        [("clientes.csv", "nome"), ("clientes.csv", "cpf_cnpj"), ("titulos.csv", "valor")]
        + [("titulos.csv", "vencimento"), ("vendas.csv", "data"), ("itens_venda.csv", "quantidade")]
        + [("programacoes.csv", "descricao"), ("acordos.csv", "cliente")]
    )
    return _cell_case("valor obrigatório vazio", file, column, rng.choice(["", "   "]), rng)


def unknown_reference(rng: random.Random) -> Case:
    file, column = rng.choice(REFERENCES)
    return _cell_case("código inexistente", file, column, rng.choice(BAD_REF), rng)


def vencimento_before_emissao(rng: random.Random) -> Case:
    tables = _copy()
    header, rows = tables["titulos.csv"]
    index = rng.randrange(len(rows))
    rows[index][header.index("vencimento")] = "01/01/2020"
    return Case("vencimento antes da emissão", as_bytes(tables), "titulos.csv", index + 2)


def received_above_valor(rng: random.Random) -> Case:
    tables = _copy()
    header, rows = tables["recebimentos.csv"]
    rows[0][header.index("valor")] = rng.choice(["617,29", "1.000,00", "999.999.999,99"])
    if rng.random() < 0.5:  # or a second recebimento that goes over
        rows.append(["Z1", "ZNF-1", "1", "11/02/2026", "0,01", "pix"])
        return Case("recebimento acima do valor", as_bytes(tables), "recebimentos.csv")
    return Case("recebimento acima do valor", as_bytes(tables), "recebimentos.csv", 2)


def discount_above_debt(rng: random.Random) -> Case:
    value = rng.choice(["99.999,00", "100000", "999999999999,99"])
    return _cell_case("desconto acima da dívida", "acordos.csv", "desconto", value, rng)


def duplicate_key(rng: random.Random) -> Case:
    file = rng.choice([n for n in BASE if n not in ("recebimentos.csv",)])
    tables = _copy()
    header, rows = tables[file]
    index = rng.randrange(len(rows))
    rows.append(list(rows[index]))
    return Case("chave repetida", as_bytes(tables), file, len(rows) + 1)


def truncated_line(rng: random.Random) -> Case:
    file = rng.choice(list(BASE))
    files = as_bytes(_copy())
    lines = files[file].decode("utf-8").split("\n")
    index = rng.randrange(1, len(lines) - 1)
    cut = lines[index].rfind(";", 0, rng.randrange(1, len(lines[index])))
    lines[index] = lines[index][: max(cut, 0)] if cut > 0 else lines[index].split(";")[0]
    files[file] = "\n".join(lines).encode("utf-8")
    return Case("linha truncada", files, file, index + 1, "-")


def truncated_file(rng: random.Random) -> Case:
    """The file ends in the middle of a line (or of a quoted cell)."""
    file = rng.choice(list(BASE))
    files = as_bytes(_copy())
    text = files[file].decode("utf-8").rstrip("\n")
    last = text.rfind("\n") + 1
    semicolons = [i for i, c in enumerate(text) if c == ";" and i > last]
    cut = rng.choice(semicolons)
    text = text[:cut] + (';"aberto' if rng.random() < 0.5 else "")
    files[file] = text.encode("utf-8")
    return Case("arquivo truncado", files, file, text.count("\n") + 1, "-")


def extra_cell(rng: random.Random) -> Case:
    file = rng.choice(list(BASE))
    files = as_bytes(_copy())
    lines = files[file].decode("utf-8").split("\n")
    index = rng.randrange(1, len(lines) - 1)
    lines[index] += rng.choice([";x", ";", ";;;", ';"=1+1"'])
    files[file] = "\n".join(lines).encode("utf-8")
    return Case("coluna a mais numa linha", files, file, index + 1, "-")


def missing_required_column(rng: random.Random) -> Case:
    file, column = rng.choice(
        [("clientes.csv", "cpf_cnpj"), ("clientes.csv", "nome"), ("titulos.csv", "valor")]
        + [("titulos.csv", "parcela"), ("empresas.csv", "cnpj"), ("vendas.csv", "cliente")]
        + [("itens_venda.csv", "produto"), ("recebimentos.csv", "data")]
        + [("programacoes.csv", "tipo"), ("acordos.csv", "numero")]
    )
    tables = _copy()
    header, rows = tables[file]
    at = header.index(column)
    tables[file] = (header[:at] + header[at + 1 :], [r[:at] + r[at + 1 :] for r in rows])
    return Case("coluna obrigatória ausente", as_bytes(tables), file, 1, column)


def unknown_column(rng: random.Random) -> Case:
    file = rng.choice(list(BASE))
    tables = _copy()
    header, rows = tables[file]
    name = rng.choice(["observacoes", "nmoe", "valor_total", "id", "'; drop table x; --", "=a1"])
    if rng.random() < 0.5:  # a typo in an existing column
        at = rng.randrange(len(header))
        name = header[at][:-1] + "x"
        header[at] = name
    else:  # an extra column
        header.append(name)
        for row in rows:
            row.append("1")
    return Case("coluna desconhecida", as_bytes(tables), file, 1, name)


def repeated_column(rng: random.Random) -> Case:
    file = rng.choice(list(BASE))
    tables = _copy()
    header, rows = tables[file]
    at = rng.randrange(len(header))
    header.append(header[at])
    for row in rows:
        row.append(row[at])
    return Case("coluna repetida", as_bytes(tables), file, 1, header[at])


def control_character_in_the_header(rng: random.Random) -> Case:
    """A column name with an escape sequence or a line break: reported, and printable."""
    file = rng.choice(list(BASE))
    tables = _copy()
    header, _ = tables[file]
    at = rng.randrange(len(header))
    control = rng.choice(["\x1b[2J", "\x07", "\n", "\r\n", "\x9b1m"])
    header[at] = header[at][:1] + control + header[at][1:]  # inside: at an end, it is blank
    return Case("caractere de controle no cabeçalho", as_bytes(tables), file, 1)


def wrong_encoding(rng: random.Random) -> Case:
    file = rng.choice(list(BASE))
    files = as_bytes(_copy())
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
    files[file] = serialise(BASE[file]).encode(encoding)
    return Case("codificação UTF-16/32", files, file, None, "-", encoding)


def random_bytes(rng: random.Random) -> Case:
    file = rng.choice(list(BASE))
    files = as_bytes(_copy())
    files[file] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000)))
    return Case("bytes aleatórios", files, file)


def bad_byte(rng: random.Random) -> Case:
    """A line with a byte that is neither UTF-8 nor Windows-1252 (0x81), or a NUL."""
    file = rng.choice(list(BASE))
    files = as_bytes(_copy())
    lines = files[file].split(b"\n")
    index = rng.randrange(1, len(lines) - 1)
    byte = rng.choice([b"\x81", b"\x8d", b"\x00", b"\x90\x9d"])
    at = rng.randrange(len(lines[index]) + 1)
    lines[index] = lines[index][:at] + byte + lines[index][at:]
    files[file] = b"\n".join(lines)
    return Case("byte inválido", files, file, index + 1, None, repr(byte))


def broken_quotes(rng: random.Random) -> Case:
    file = rng.choice(list(BASE))
    files = as_bytes(_copy())
    lines = files[file].decode("utf-8").split("\n")
    index = rng.randrange(1, len(lines) - 1)
    cells = lines[index].split(";")
    at = rng.randrange(len(cells))
    # (a quote inside an unquoted cell is a literal quote: valid text, not a fault)
    cells[at] = rng.choice(['"' + cells[at], '"' + cells[at] + '"x', '"' + cells[at] + '" '])
    lines[index] = ";".join(cells)
    files[file] = "\n".join(lines).encode("utf-8")
    return Case("aspas malformadas", files, file, None)


def empty_or_blank_file(rng: random.Random) -> Case:
    file = rng.choice(list(BASE))
    files = as_bytes(_copy())
    files[file] = rng.choice([b"", b"\n\n", b"   \r\n", b"\xef\xbb\xbf"])
    return Case("arquivo vazio", files, file, 1, "-")


def unknown_file(rng: random.Random) -> Case:
    files = as_bytes(_copy())
    name = rng.choice(["cliente.csv", "titulos_2026.csv", "Clientes (1).csv", "x.CSV"])
    files[name] = files["clientes.csv"]
    return Case("arquivo desconhecido", files, name, 0, "-")


FAULTS: list[tuple[Callable[[random.Random], Case], int]] = [
    # (maker, weight)
    (_cell("valor monetário inválido", MONEY, BAD_MONEY), 6),
    (_cell("data impossível", DATES, BAD_DATE), 5),
    (_cell("inteiro inválido", INTEGERS, BAD_INT), 3),
    (_cell("escolha inválida", CHOICES, BAD_CHOICE), 2),
    (_cell("UF inválida", [("clientes.csv", "uf"), ("empresas.csv", "uf")], BAD_UF), 1),
    (_cell("CEP inválido", [("clientes.csv", "cep")], BAD_CEP), 1),
    (invalid_document, 3),
    (control_character, 3),
    (line_break_in_a_one_line_column, 1),
    (too_long, 2),
    (rates, 1),
    (required_empty, 2),
    (unknown_reference, 3),
    (vencimento_before_emissao, 1),
    (received_above_valor, 1),
    (discount_above_debt, 1),
    (duplicate_key, 2),
    (truncated_line, 2),
    (truncated_file, 2),
    (extra_cell, 2),
    (missing_required_column, 2),
    (unknown_column, 2),
    (repeated_column, 1),
    (control_character_in_the_header, 1),
    (wrong_encoding, 2),
    (random_bytes, 2),
    (bad_byte, 2),
    (broken_quotes, 1),
    (empty_or_blank_file, 1),
    (unknown_file, 1),
]


def corpus(count: int, seed: int) -> Iterator[Case]:
    """``count`` cases: every kind of fault once, then drawn by weight."""
    rng = random.Random(seed)
    makers = [maker for maker, _ in FAULTS]
    weights = [weight for _, weight in FAULTS]
    for i in range(count):
        maker = makers[i] if i < len(makers) else rng.choices(makers, weights)[0]
        yield maker(rng)


# --- the checks ------------------------------------------------------------------------------


@dataclass
class Tally:
    cases: int = 0
    issues: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def assert_refused(
    db: Database, url: str, case: Case, folder: Path, before: dict[str, tuple[int, str]]
) -> int:
    """The folder is refused, every problem on one printable line, one of them where the
    fault is; the database is as ``before``. Returns the number of problem lines."""
    with pytest.raises(ImportFailed) as failed:
        import_folder(db, folder)
    lines = [str(issue) for issue in failed.value.issues]
    assert lines, case
    for line in lines:
        match = ISSUE_LINE.match(line)
        assert match, (case.kind, case.detail, line)
        assert not any(c < " " or "\x7f" <= c <= "\x9f" for c in line), (case.kind, line)
    where = [
        issue
        for issue in failed.value.issues
        if issue.file == case.file
        and (case.line is None or issue.line == case.line)
        and (case.column is None or issue.column == case.column)
    ]
    assert where, (case.kind, case.detail, case.file, case.line, case.column, lines)
    assert fingerprint(url) == before, f"{case.kind}: the database changed"
    return len(lines)


def run_corpus(db: Database, url: str, tmp_path: Path, count: int, seed: int) -> Tally:
    before = fingerprint(url)
    tally = Tally()
    for number, case in enumerate(corpus(count, seed)):
        folder = write(tmp_path / f"case-{number:05d}", case.files)
        tally.issues += assert_refused(db, url, case, folder, before)
        tally.cases += 1
        tally.kinds[case.kind] = tally.kinds.get(case.kind, 0) + 1
    return tally


@pytest.fixture
def filled(db_url: str) -> Iterator[tuple[Database, str]]:
    """The database of ``db_url`` holding the good example import (so nothing is empty)."""
    db = open_database(db_url)
    import_folder(db, GOOD_IMPORT)
    yield db, db_url
    db.dispose()


def test_the_base_folder_is_valid(sqlite_url: str, tmp_path: Path) -> None:
    db = open_database(sqlite_url)
    report = import_folder(db, write(tmp_path / "base", as_bytes(_copy())))
    db.dispose()
    assert report.inserted == sum(len(rows) for _, rows in BASE.values())


def test_every_bad_folder_is_refused_and_writes_nothing(
    filled: tuple[Database, str], tmp_path: Path
) -> None:
    db, url = filled
    sqlite = url.startswith("sqlite")
    count = soak(220, 2000) if sqlite else soak(40, 300)
    tally = run_corpus(db, url, tmp_path, count, SEED if sqlite else SEED + 1)
    assert tally.cases == count
    assert len(tally.kinds) == len(FAULTS)
    record(
        "importação",
        f"pastas CSV com um defeito ({'SQLite' if sqlite else 'PostgreSQL'})",
        tally.cases,
        "nada",
        f"{len(tally.kinds)} tipos de defeito; {tally.issues} linhas arquivo:linha: coluna: "
        "motivo; contagem e checksum de todas as tabelas iguais antes e depois",
    )


def test_the_command_line_reports_them_one_per_line(sqlite_url: str, tmp_path: Path) -> None:
    db = open_database(sqlite_url)
    import_folder(db, GOOD_IMPORT)
    db.dispose()
    before = fingerprint(sqlite_url)
    chosen = [maker(random.Random(SEED + i)) for i, (maker, _) in enumerate(FAULTS[::5])]
    folders = [write(tmp_path / f"cli-{n}", case.files) for n, case in enumerate(chosen)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda f: run_cli("import", str(f), "--db", sqlite_url), folders))
    for case, result in zip(chosen, results, strict=True):
        assert result.returncode == 1, (case.kind, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        *issues, last = result.stderr.strip().splitlines()
        assert last.startswith("importação cancelada:") and last.endswith("nada foi gravado")
        assert issues and all(ISSUE_LINE.match(line) for line in issues), result.stderr
    assert fingerprint(sqlite_url) == before
    record("importação", "os mesmos defeitos por `main.py import`", len(chosen), "nada", "saída 1")


# --- valid but unusual text --------------------------------------------------------------------

UNUSUAL_TEXTS = [
    "Zé 😀 da Silva",
    "محمد عبد الله",  # Arabic, right to left
    "שרה כהן",  # Hebrew
    "\u202eevil\u202c Lima",  # a right-to-left override
    "👩\u200d👩\u200d👧 Família Souza",  # a zero-width-joiner sequence
    "Jose\u0301 Conceic\u0327a\u0303o",  # combining accents (NFD)
    "Robert'); DROP TABLE cliente; --",
    "1' OR '1'='1",
    '=HYPERLINK("http://evil.example";"clique")',
    "+55 11 99999-9999",
    "-Maria-",
    "@Empresa",
    "100% _quase_ tudo",
    'Aspas "duplas" e ; ponto e vírgula',
    "𝕬𝖓𝖆 (letras matemáticas)",
    "漢字 かな カナ",
    "Ñandú Müller Øre",
    "x" * 150,
    "😀" * 150,
    "tab\tno meio",
]


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_unusual_text_is_valid_and_stored_exactly(
    dialect: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = str(request.getfixturevalue("sqlite_url" if dialect == "sqlite" else "pg_url"))
    tables = _copy()
    header, rows = tables["clientes.csv"]
    template = rows[0]
    rng = random.Random(SEED)
    for n, name in enumerate(UNUSUAL_TEXTS):
        row = list(template)
        row[header.index("codigo")] = f"U{n:02d}"
        row[header.index("nome")] = name
        row[header.index("cpf_cnpj")] = random_cpf(rng)
        rows.append(row)
    p_header, p_rows = tables["produtos.csv"]
    p_rows.append(["U'%_", UNUSUAL_TEXTS[8], "UN"])
    g_header, g_rows = tables["programacoes.csv"]
    g_rows.append(["Z1", "U00", "22/03/2026 09:00", "outro", UNUSUAL_TEXTS[6], "🙂", ""])
    t_header, t_rows = tables["titulos.csv"]
    doc = list(t_rows[0])
    doc[t_header.index("numero_documento")] = "=1+1'; --"
    doc[t_header.index("cliente")] = "U00"
    t_rows.append(doc)
    db = open_database(url)
    import_folder(db, write(tmp_path / "unusual", as_bytes(tables)))
    with db.session() as s:
        stored = dict(s.execute(select(Cliente.codigo, Cliente.nome)).all())
        for n, name in enumerate(UNUSUAL_TEXTS):
            assert stored[f"U{n:02d}"] == name
        assert (
            s.scalar(select(Produto.descricao).where(Produto.codigo == "U'%_"))
            == (UNUSUAL_TEXTS[8])
        )
        assert UNUSUAL_TEXTS[6] in s.scalars(select(Programacao.descricao)).all()
        assert (
            s.scalar(
                select(Titulo.numero_documento)
                .where(Titulo.parcela == 1)
                .where(Titulo.numero_documento.startswith("=1+1"))
            )
            == "=1+1'; --"
        )
        assert s.scalar(select(Empresa.razao_social).where(Empresa.codigo == "Z1"))
    db.dispose()
    record(
        "importação",
        f"textos incomuns válidos: emoji, RTL, fórmulas, SQL ({dialect})",
        len(UNUSUAL_TEXTS) + 3,
        "nada",
        "importados e guardados exatamente como escritos",
    )
