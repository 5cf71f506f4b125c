"""The nine files of an import folder: their columns, required ones and keys.

Text lengths come from the schema, so the import refuses what the database
could not hold. :func:`parse_file` turns a :class:`CsvTable` into typed columns
(:class:`ParsedFile`), parsing each distinct cell of a column once. See
docs/IMPORT-FORMAT.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from operator import is_
from typing import Any

from sqlalchemy import String

from app.db import import_fields as f
from app.db.csv_source import CsvTable
from app.db.import_issues import IssueLog
from app.db.schema import Base
from app.domain.formatting import format_decimal
from app.domain.titulos import MAX_JUROS_MENSAL_PERCENTUAL, MAX_MULTA_PERCENTUAL

__all__ = [
    "FILE_ORDER",
    "SPECS",
    "ColumnSpec",
    "FileSpec",
    "ParsedFile",
    "has_none",
    "mostly_distinct",
    "parse_file",
]


@dataclass(frozen=True)
class ColumnSpec:
    """How one column's cells become values. ``text`` columns keep the cell itself
    (at most ``max_length`` characters); the others go through ``parse``."""

    parse: f.Parser
    required: bool = False
    multiline: bool = False
    text: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: Mapping[str, ColumnSpec]
    key: tuple[str, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def multiline(self) -> frozenset[str]:
        return frozenset(name for name, spec in self.columns.items() if spec.multiline)


@dataclass
class ParsedFile:
    """A file's rows, column by column: ``values[name][i]`` is the value of column
    ``name`` on the ``i``-th data row (which starts at line ``lines[i]``); None when the
    cell was empty or already reported. Only the file's known columns are in ``values``.
    """

    spec: FileSpec
    file: str  # the name as found in the folder
    columns: frozenset[str]
    lines: list[int] = field(default_factory=list)
    values: dict[str, list[Any]] = field(default_factory=dict)
    _keys: dict[tuple[str, ...], list[Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _key_sets: dict[tuple[str, ...], set[Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> list[Any]:
        """The values of ``name``; all None when the file does not have that column."""
        values = self.values.get(name)
        return values if values is not None else [None] * len(self.lines)

    def keys(self, names: tuple[str, ...]) -> list[Any]:
        """Each row's key: its value of ``names[0]`` when there is one column, else the
        tuple of its values (made once per ``names``)."""
        if len(names) == 1:
            return self.column(names[0])
        keys = self._keys.get(names)
        if keys is None:
            keys = list(zip(*(self.column(name) for name in names), strict=True))
            self._keys[names] = keys
        return keys

    def complete_keys(self, names: tuple[str, ...]) -> list[Any]:
        """:meth:`keys`, with None for the rows that lack any of the values."""
        keys = self.keys(names)
        if len(names) == 1 or not any(has_none(self.column(name)) for name in names):
            return keys
        return [key if None not in key else None for key in keys]

    def key_set(self, names: tuple[str, ...]) -> set[Any]:
        """The distinct complete keys (made once per ``names``; not to be changed)."""
        found = self._key_sets.get(names)
        if found is None:
            found = set(self.complete_keys(names))
            found.discard(None)
            self._key_sets[names] = found
        return found


def has_none(values: Sequence[Any]) -> bool:
    """Whether ``values`` holds None; by identity (``None in values`` compares each
    value with None, and a Decimal takes its slow path to say no)."""
    return any(map(is_, values, repeat(None)))


def _length(table: str, column: str) -> int | None:
    column_type = Base.metadata.tables[table].c[column].type
    return column_type.length if isinstance(column_type, String) else None


def _text(table: str, column: str, *, required: bool = False) -> ColumnSpec:
    length = _length(table, column)
    return ColumnSpec(f.text(length), required, length is None, text=True, max_length=length)


def _req(parse: f.Parser) -> ColumnSpec:
    return ColumnSpec(parse, required=True)


_MONEY = ColumnSpec(f.decimal_value())
_DATE = ColumnSpec(f.date_value)
_EMPRESA = _text("empresa", "codigo", required=True)
_CLIENTE = _text("cliente", "codigo", required=True)
_FORMA = ColumnSpec(f.choice(f.FORMAS_PAGAMENTO))
_MULTA = f.decimal_value(
    places=4,
    maximum=MAX_MULTA_PERCENTUAL,
    above_maximum=f"multa acima de {format_decimal(MAX_MULTA_PERCENTUAL)}% (limite do CDC)",
)
_JUROS = f.decimal_value(
    places=4,
    maximum=MAX_JUROS_MENSAL_PERCENTUAL,
    above_maximum=f"juros acima de {format_decimal(MAX_JUROS_MENSAL_PERCENTUAL)}% ao mês",
)
_QUANTIDADE = f.decimal_value(places=3, maximum=Decimal("99999999999.999"), positive=True)

_SPECS = (
    FileSpec(
        "empresas",
        {
            "codigo": _EMPRESA,
            "razao_social": _text("empresa", "razao_social", required=True),
            "nome_fantasia": _text("empresa", "nome_fantasia"),
            "cnpj": _req(f.cnpj),
            "endereco": _text("empresa", "endereco"),
            "cidade": _text("empresa", "cidade"),
            "uf": ColumnSpec(f.uf),
            "telefone": _text("empresa", "telefone"),
            "multa_percentual": ColumnSpec(_MULTA),
            "juros_mensal_percentual": ColumnSpec(_JUROS),
        },
        key=("codigo",),
    ),
    FileSpec(
        "clientes",
        {
            "codigo": _CLIENTE,
            "nome": _text("cliente", "nome", required=True),
            "cpf_cnpj": _req(f.cpf_cnpj),
            **{c: _text("cliente", c) for c in ("rg", "estado_civil", "email", "telefone")},
            "data_nascimento": _DATE,
            **{c: _text("cliente", c) for c in ("endereco", "bairro", "cidade")},
            "uf": ColumnSpec(f.uf),
            "cep": ColumnSpec(f.cep),
            "limite_credito": _MONEY,
            "cliente_desde": _DATE,
        },
        key=("codigo",),
    ),
    FileSpec(
        "produtos",
        {
            "codigo": _text("produto", "codigo", required=True),
            "descricao": _text("produto", "descricao", required=True),
            "unidade": _text("produto", "unidade"),
        },
        key=("codigo",),
    ),
    FileSpec(
        "vendas",
        {
            "codigo": _text("venda", "codigo", required=True),
            "empresa": _EMPRESA,
            "cliente": _CLIENTE,
            "data": _req(f.date_value),
            "vendedor": _text("venda", "vendedor"),
            "situacao": ColumnSpec(f.choice(("concluida", "cancelada"))),
        },
        key=("codigo",),
    ),
    FileSpec(
        "itens_venda",
        {
            "venda": _text("venda", "codigo", required=True),
            "item": _req(f.integer()),
            "produto": _text("produto", "codigo", required=True),
            "quantidade": _req(_QUANTIDADE),
            "valor_unitario": _req(f.decimal_value()),
            "desconto": _MONEY,
        },
        key=("venda", "item"),
    ),
    FileSpec(
        "acordos",
        {
            "numero": _req(f.integer()),
            "empresa": _EMPRESA,
            "cliente": _CLIENTE,
            "data": _req(f.date_value),
            "desconto": _MONEY,
            "operador": _text("acordo", "operador"),
            "observacao": _text("acordo", "observacao"),
        },
        key=("empresa", "numero"),
    ),
    FileSpec(
        "titulos",
        {
            "empresa": _EMPRESA,
            "cliente": _CLIENTE,
            "numero_documento": _text("titulo", "numero_documento", required=True),
            "parcela": _req(f.integer()),
            "emissao": _req(f.date_value),
            "vencimento": _req(f.date_value),
            "valor": _req(f.decimal_value()),
            "venda": _text("venda", "codigo"),
            "forma_pagamento": _FORMA,
            "cancelado_em": _DATE,
            "motivo_cancelamento": _text("titulo", "motivo_cancelamento"),
            "negativado_em": _DATE,
            "cobranca_em": _DATE,
            "acordo_origem": ColumnSpec(f.integer()),
            "renegociado_no_acordo": ColumnSpec(f.integer()),
        },
        key=("empresa", "numero_documento", "parcela"),
    ),
    FileSpec(
        "recebimentos",
        {
            "empresa": _EMPRESA,
            "numero_documento": _text("titulo", "numero_documento", required=True),
            "parcela": _req(f.integer()),
            "data": _req(f.date_value),
            "valor": _req(f.decimal_value()),
            "forma_pagamento": _FORMA,
        },
        key=(),  # a recebimento has no code; see match_recebimentos
    ),
    FileSpec(
        "programacoes",
        {
            "empresa": _EMPRESA,
            "cliente": _CLIENTE,
            "data_programacao": _req(f.datetime_value),
            "tipo": _req(f.choice(("entrega", "visita_tecnica", "ligacao", "cobranca", "outro"))),
            "descricao": _text("programacao", "descricao", required=True),
            "responsavel": _text("programacao", "responsavel"),
            "situacao": ColumnSpec(f.choice(("pendente", "realizada", "cancelada"))),
        },
        key=("empresa", "cliente", "data_programacao", "tipo", "descricao"),
    ),
)

SPECS: Mapping[str, FileSpec] = {spec.file_name: spec for spec in _SPECS}
FILE_ORDER: tuple[str, ...] = tuple(SPECS)


def parse_file(table: CsvTable, spec: FileSpec, issues: IssueLog) -> ParsedFile:
    """Check the header and parse every cell; issues for each problem found.

    Column by column, each distinct cell parsed once. The issues of one line come in
    header order, the empty required values after the malformed ones.
    """
    file = table.file
    for name in table.columns:
        if name not in spec.columns:
            issues.add(file, table.header_line, name, "coluna desconhecida")
    for name, column in spec.columns.items():
        if column.required and name not in table.columns:
            issues.add(file, table.header_line, name, "coluna obrigatória ausente")
    index: dict[str, int] = {}
    for position, name in enumerate(table.header):
        index.setdefault(name, position)
    present = [name for name in table.columns if name in spec.columns]
    lines = table.lines
    parsed = ParsedFile(spec, file, frozenset(present), lines)
    cells = table.data
    for name in present:
        raw = cells[index[name]]
        values, errors = _parse_column(raw, spec.columns[name])
        parsed.values[name] = values
        if errors:
            for line, cell in zip(lines, raw, strict=True):
                if cell in errors:
                    issues.add(file, line, name, errors[cell])
    for name in present:
        raw = cells[index[name]]
        if spec.columns[name].required and "" in raw:
            for row, (line, cell) in enumerate(zip(lines, raw, strict=True)):
                if not cell and name not in table.rejected.get(row, ()):
                    issues.add(file, line, name, "valor obrigatório vazio")
    return parsed


def _parse_column(raw: Sequence[str], column: ColumnSpec) -> tuple[list[Any], dict[str, str]]:
    """The values of one column's cells (None for empty and bad ones), and the reason
    each bad cell was refused."""
    errors: dict[str, str] = {}
    if column.text:
        limit = column.max_length
        if limit is not None and raw and max(map(len, raw)) > limit:
            reason = f"texto maior que {limit} caracteres"
            errors = {cell: reason for cell in set(raw) if len(cell) > limit}
            return [cell if cell and cell not in errors else None for cell in raw], errors
        return (list(raw) if "" not in raw else [cell or None for cell in raw]), errors
    parse = column.parse
    many = getattr(parse, "many", None)
    if many is not None and "" not in raw and mostly_distinct(raw):
        values = many(raw)  # amounts: one pass over the column beats a table of them
        if values is not None:
            return values, errors
    memo = _Parsed(parse, errors)  # each distinct cell parsed once, as it comes
    return list(map(memo.__getitem__, raw)), errors


class _Parsed(dict[str, Any]):
    """cell -> ``parse(cell)``, parsed when first asked for; a cell ``parse`` refuses
    is None, and its reason goes to ``errors``."""

    def __init__(self, parse: f.Parser, errors: dict[str, str]) -> None:
        super().__init__({"": None})
        self._parse, self._errors = parse, errors

    def __missing__(self, cell: str) -> Any:
        try:
            value = self._parse(cell)
        except ValueError as exc:
            value, self._errors[cell] = None, str(exc)
        self[cell] = value
        return value


def mostly_distinct(values: Sequence[Any], sample: int = 1000) -> bool:
    """Whether most of ``values`` differ, judging by the first ``sample``: then
    converting each is quicker than looking each up in a table of the distinct ones."""
    head = values[:sample]
    return len(set(head)) * 2 > len(head)
