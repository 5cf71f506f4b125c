"""The nine files of an import folder: their columns, required ones and keys.

Text lengths come from the schema, so the import refuses what the database
could not hold. :func:`parse_file` turns a :class:`CsvTable` into typed rows.
See docs/IMPORT-FORMAT.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import String

from app.db import import_fields as f
from app.db.csv_source import CsvTable
from app.db.import_issues import IssueLog
from app.db.schema import Base
from app.domain.formatting import format_decimal
from app.domain.titulos import MAX_JUROS_MENSAL_PERCENTUAL, MAX_MULTA_PERCENTUAL

__all__ = ["FILE_ORDER", "SPECS", "ColumnSpec", "FileSpec", "ParsedFile", "Row", "parse_file"]


@dataclass(frozen=True)
class ColumnSpec:
    parse: f.Parser
    required: bool = False
    multiline: bool = False


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


@dataclass(slots=True)
class Row:
    """A data row: ``values`` holds the cells that parsed (absent: empty or reported)."""

    line: int
    values: dict[str, Any]

    def key(self, columns: tuple[str, ...]) -> tuple[Any, ...] | None:
        """The values of ``columns``, or None when any of them is missing."""
        values = self.values
        try:
            return tuple([values[name] for name in columns])
        except KeyError:
            return None


@dataclass
class ParsedFile:
    spec: FileSpec
    file: str  # the name as found in the folder
    columns: frozenset[str]
    rows: list[Row] = field(default_factory=list)


def _length(table: str, column: str) -> int | None:
    column_type = Base.metadata.tables[table].c[column].type
    return column_type.length if isinstance(column_type, String) else None


def _text(table: str, column: str, *, required: bool = False) -> ColumnSpec:
    multiline = _length(table, column) is None
    return ColumnSpec(f.text(_length(table, column)), required, multiline)


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
    """Check the header and parse every cell; issues for each problem found."""
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
    parsed = ParsedFile(spec, file, frozenset(present))
    parsers = [(name, index[name], spec.columns[name].parse) for name in present]
    required = [(name, index[name]) for name in present if spec.columns[name].required]
    for csv_row in table.rows:
        row = Row(csv_row.line, {})
        cells, values = csv_row.cells, row.values
        for name, position, parse in parsers:
            cell = cells[position]
            if cell:
                try:
                    values[name] = parse(cell)
                except ValueError as exc:
                    issues.add(file, row.line, name, str(exc))
        for name, position in required:
            if not cells[position] and name not in csv_row.rejected:
                issues.add(file, row.line, name, "valor obrigatório vazio")
        parsed.rows.append(row)
    return parsed
