"""What the database already holds of the codes an import mentions.

Loaded in bulk (parameterised ``IN`` lists in chunks), keyed like the CSV rows
(codes, not ids), so a reference resolves the same way whether it points to the
database or to the same import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, Select, Table, select

from app.db.import_specs import ParsedFile
from app.db.schema import Base

__all__ = [
    "AcordoRef",
    "Existing",
    "ItemRef",
    "RecebimentoRef",
    "TituloKey",
    "TituloRef",
    "VendaRef",
    "chunks",
    "load_existing",
]

CHUNK = 1000
TituloKey = tuple[str, str, int]  # (empresa codigo, numero_documento, parcela)

_T = Base.metadata.tables
EMPRESA, CLIENTE, PRODUTO, VENDA = _T["empresa"], _T["cliente"], _T["produto"], _T["venda"]
ITEM, ACORDO, TITULO = _T["venda_item"], _T["acordo"], _T["titulo"]
RECEBIMENTO, PROGRAMACAO = _T["recebimento"], _T["programacao"]


class VendaRef(NamedTuple):
    id: int
    cliente_id: int
    data: date


class ItemRef(NamedTuple):
    id: int
    desconto: Decimal


class AcordoRef(NamedTuple):
    id: int
    data: date


class TituloRef(NamedTuple):
    id: int
    valor: Decimal


class RecebimentoRef(NamedTuple):
    id: int
    data: date
    valor: Decimal


@dataclass
class Existing:
    """Rows already in the database, by the key the CSV files use."""

    empresas: dict[str, int] = field(default_factory=dict)
    clientes: dict[str, int] = field(default_factory=dict)
    produtos: dict[str, int] = field(default_factory=dict)
    vendas: dict[str, VendaRef] = field(default_factory=dict)
    itens: dict[tuple[str, int], ItemRef] = field(default_factory=dict)
    acordos: dict[tuple[str, int], AcordoRef] = field(default_factory=dict)
    titulos: dict[TituloKey, TituloRef] = field(default_factory=dict)
    recebimentos: dict[TituloKey, list[RecebimentoRef]] = field(default_factory=dict)
    programacoes: dict[tuple[Any, ...], int] = field(default_factory=dict)


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    ordered = list(values)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def _rows(
    conn: Connection, query: Select[Any], column: ColumnElement[Any], values: Iterable[Any]
) -> Iterator[Any]:
    """The rows (tuples) of ``query`` where ``column`` is one of ``values`` (in chunks)."""
    for chunk in chunks(sorted(set(values))):
        yield from conn.execute(query.where(column.in_(chunk))).all()


def _values(files: dict[str, ParsedFile], wanted: Sequence[tuple[str, str]]) -> set[Any]:
    """The values of the (file, column) pairs in ``wanted`` across all rows."""
    found: set[Any] = set()
    for file_name, column in wanted:
        parsed = files.get(file_name)
        if parsed is not None and column in parsed.values:
            found.update(parsed.values[column])
    found.discard(None)
    return found


def _keys(files: dict[str, ParsedFile], file_name: str, columns: tuple[str, ...]) -> set[Any]:
    """The complete keys of ``columns`` (tuples) in ``file_name``."""
    parsed = files.get(file_name)
    if parsed is None or not parsed.columns.issuperset(columns):
        return set()
    keys = set(zip(*(parsed.values[name] for name in columns), strict=True))
    return {key for key in keys if None not in key}


def load_existing(conn: Connection, files: dict[str, ParsedFile]) -> Existing:
    """The existing rows every parsed file may update or refer to (nothing is asked of
    a table without rows, as on a first import)."""
    postgresql = conn.dialect.name == "postgresql"
    if postgresql:
        # The driver prepares statements it sees repeatedly, and PostgreSQL's generic
        # plan of "x IN (…)" over a table whose statistics predate a bulk load scans the
        # whole table for every chunk: seconds each instead of milliseconds.
        conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
    found = Existing()
    # a table without rows (a first import) has nothing to look up
    filled = {
        table
        for table in (EMPRESA, CLIENTE, PRODUTO, VENDA, ITEM, ACORDO, TITULO, PROGRAMACAO)
        if conn.execute(select(table.c.id).limit(1)).first() is not None
    }
    if EMPRESA in filled:
        found.empresas = _ids_by_code(
            conn, EMPRESA, _values(files, [("empresas.csv", "codigo"), *_uses("empresa")])
        )
    if CLIENTE in filled:
        found.clientes = _ids_by_code(
            conn, CLIENTE, _values(files, [("clientes.csv", "codigo"), *_uses("cliente")])
        )
    if PRODUTO in filled:
        found.produtos = _ids_by_code(
            conn,
            PRODUTO,
            _values(files, [("produtos.csv", "codigo"), ("itens_venda.csv", "produto")]),
        )
    if VENDA in filled:
        vendas = _values(
            files,
            [("vendas.csv", "codigo"), ("itens_venda.csv", "venda"), ("titulos.csv", "venda")],
        )
        query = select(VENDA.c.codigo, VENDA.c.id, VENDA.c.cliente_id, VENDA.c.data)
        for codigo, *venda in _rows(conn, query, VENDA.c.codigo, vendas):
            found.vendas[codigo] = VendaRef(*venda)
    if ITEM in filled:
        _load_itens(conn, files, found)
    if found.empresas:  # acordos and títulos belong to an existing empresa
        if ACORDO in filled:
            _load_acordos(conn, files, found)
        if TITULO in filled:
            _load_titulos(conn, files, found)
    if PROGRAMACAO in filled:
        _load_programacoes(conn, files, found)
    if postgresql:  # custom plans would slow the bulk writes down
        conn.exec_driver_sql("SET LOCAL plan_cache_mode = DEFAULT")
    return found


def _ids_by_code(conn: Connection, table: Table, codes: set[Any]) -> dict[str, int]:
    query = select(table.c.codigo, table.c.id)
    rows = _rows(conn, query, table.c.codigo, codes)
    return {codigo: id_ for codigo, id_ in rows}


def _uses(column: str) -> list[tuple[str, str]]:
    files = ("vendas", "acordos", "titulos", "recebimentos", "programacoes")
    return [(f"{name}.csv", column) for name in files]


def _load_itens(conn: Connection, files: dict[str, ParsedFile], found: Existing) -> None:
    wanted = _keys(files, "itens_venda.csv", ("venda", "item"))
    query = select(VENDA.c.codigo, ITEM.c.item, ITEM.c.id, ITEM.c.desconto).join(
        VENDA, VENDA.c.id == ITEM.c.venda_id
    )
    for codigo, item, *ref in _rows(conn, query, VENDA.c.codigo, {k[0] for k in wanted}):
        found.itens[(codigo, item)] = ItemRef(*ref)


def _by_empresa(wanted: set[Any], found: Existing) -> dict[tuple[str, int], set[Any]]:
    """The second items of the ``wanted`` keys, by (code, id) of their existing empresa.

    Lookups of (empresa, x) keys filter on empresa_id so they use the unique indexes.
    """
    groups: dict[tuple[str, int], set[Any]] = defaultdict(set)
    for key in wanted:
        empresa_id = found.empresas.get(key[0])
        if empresa_id is not None:
            groups[(key[0], empresa_id)].add(key[1])
    return groups


def _load_acordos(conn: Connection, files: dict[str, ParsedFile], found: Existing) -> None:
    wanted = _keys(files, "acordos.csv", ("empresa", "numero"))
    for column in ("acordo_origem", "renegociado_no_acordo"):
        wanted |= _keys(files, "titulos.csv", ("empresa", column))
    query = select(ACORDO.c.numero, ACORDO.c.id, ACORDO.c.data)
    for (codigo, empresa_id), numeros in _by_empresa(wanted, found).items():
        in_empresa = query.where(ACORDO.c.empresa_id == empresa_id)
        for numero, *ref in _rows(conn, in_empresa, ACORDO.c.numero, numeros):
            found.acordos[(codigo, numero)] = AcordoRef(*ref)


def _load_titulos(conn: Connection, files: dict[str, ParsedFile], found: Existing) -> None:
    columns = ("empresa", "numero_documento", "parcela")
    wanted = _keys(files, "titulos.csv", columns) | _keys(files, "recebimentos.csv", columns)
    query = select(TITULO.c.numero_documento, TITULO.c.parcela, TITULO.c.id, TITULO.c.valor)
    for (codigo, empresa_id), docs in _by_empresa(wanted, found).items():
        in_empresa = query.where(TITULO.c.empresa_id == empresa_id)
        for doc, parcela, *ref in _rows(conn, in_empresa, TITULO.c.numero_documento, docs):
            key = (codigo, doc, parcela)
            if key in wanted:
                found.titulos[key] = TituloRef(*ref)
    key_of = {ref.id: key for key, ref in found.titulos.items()}
    if not key_of:
        return
    received: dict[TituloKey, list[RecebimentoRef]] = defaultdict(list)
    query_r = select(
        RECEBIMENTO.c.titulo_id, RECEBIMENTO.c.id, RECEBIMENTO.c.data, RECEBIMENTO.c.valor
    ).order_by(RECEBIMENTO.c.id)
    for titulo_id, *ref in _rows(conn, query_r, RECEBIMENTO.c.titulo_id, key_of):
        received[key_of[titulo_id]].append(RecebimentoRef(*ref))
    found.recebimentos = dict(received)


def _load_programacoes(conn: Connection, files: dict[str, ParsedFile], found: Existing) -> None:
    clientes: set[Hashable] = _values(files, [("programacoes.csv", "cliente")])
    p = PROGRAMACAO
    query = (
        select(
            EMPRESA.c.codigo.label("empresa"),
            CLIENTE.c.codigo.label("cliente"),
            p.c.id,
            p.c.data,
            p.c.hora,
            p.c.tipo,
            p.c.descricao,
        )
        .join(EMPRESA, EMPRESA.c.id == p.c.empresa_id)
        .join(CLIENTE, CLIENTE.c.id == p.c.cliente_id)
        .order_by(p.c.id)
    )
    for empresa, cliente, id_, data, hora, tipo, descricao in _rows(
        conn, query, CLIENTE.c.codigo, clientes
    ):
        found.programacoes.setdefault((empresa, cliente, (data, hora), tipo, descricao), id_)
