"""Financeiro section: a customer's títulos as of a date, their statuses and totals.

Rows come from one parameterised Core query; status, saldo and charges are
computed by app.domain.titulos (the single place those rules live).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    case,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.types import NullType

from app.db.bound import AS_OF, CLIENTE, values
from app.db.columns import Column, Kind, forma_pagamento_label
from app.db.quebras import held_then
from app.db.schema import Acordo, Empresa, Recebimento, Titulo, Venda
from app.db.sorting import among_ids, id_parts, ids_as_array
from app.db.titulo_row import Stored, TituloRow
from app.db.types import StoredDates, stored_money
from app.domain.money import ZERO
from app.domain.titulos import (
    STATUS_ORDER,
    Bucket,
    Rates,
    Status,
    ageing_bucket,
)


@lru_cache(maxsize=16)
def _titulos_query(empresa: str | None, *, by_ids: bool = False, array: bool = False) -> Select:
    """The customer's títulos (or those of the ``ids`` parameter) issued by the date,
    with what the domain needs for their position then; the customer and the date are
    app.db.bound's parameters. Built once per shape (a page is read as the user
    scrolls). ``array``: the ids as an array (app.db.sorting.among_ids)."""
    as_of = AS_OF
    # received(D): the stored total when the last receipt is on or before D (nearly
    # always), else the receipts dated <= D (as app.db.positions does)
    settled = or_(Titulo.ultimo_recebimento.is_(None), Titulo.ultimo_recebimento <= as_of)

    def receipts(of: ColumnElement[Any]) -> ColumnElement[Any]:
        return (
            select(of)
            .where(Recebimento.titulo_id == Titulo.id, Recebimento.data <= as_of)
            .scalar_subquery()
        )

    recebido = case((settled, Titulo.recebido), else_=receipts(func.sum(Recebimento.valor)))
    ultimo = case((settled, Titulo.ultimo_recebimento), else_=receipts(func.max(Recebimento.data)))
    origem = aliased(Acordo)
    renegociado = aliased(Acordo)
    query = (
        # dates and money untyped: a TituloRow converts them when asked
        select(
            Titulo.id,
            Titulo.empresa_id,
            Venda.codigo,
            Titulo.numero_documento,
            Titulo.parcela,
            untyped(Titulo.emissao),
            untyped(Titulo.vencimento),
            untyped(Titulo.valor),
            Titulo.forma_pagamento,
            untyped(Titulo.cancelado_em),
            untyped(Titulo.negativado_em),
            untyped(Titulo.cobranca_em),
            untyped(recebido),
            untyped(ultimo),
            origem.numero,
            renegociado.numero,
        )
        .outerjoin(Venda, Venda.id == Titulo.venda_id)
        .outerjoin(origem, origem.id == Titulo.acordo_origem_id)
        .outerjoin(renegociado, renegociado.id == Titulo.renegociado_acordo_id)
        .where(Titulo.emissao <= as_of)
    )
    if empresa is not None:
        query = query.where(
            Titulo.empresa_id.in_(select(Empresa.id).where(Empresa.codigo == empresa))
        )
    if by_ids:
        # a page: found by primary key (the "+ 0" keeps SQLite from scanning the
        # customer's títulos by cliente_id instead); rows_by_ids puts them in order.
        return query.where(among_ids(Titulo.id, array), (Titulo.cliente_id + 0) == CLIENTE)
    return query.where(Titulo.cliente_id == CLIENTE).order_by(
        Titulo.vencimento, Titulo.numero_documento, Titulo.parcela, Titulo.id
    )


def load_titulos(
    session: Session,
    cliente_id: int,
    as_of: date,
    *,
    empresa: str | None = None,
    where: ColumnElement[bool] | None = None,
) -> list[TituloRow]:
    """Every título of the customer that existed on ``as_of``, with its position then.

    ``where``: an extra condition on the títulos (e.g. those of one acordo).
    """
    query = _titulos_query(empresa)
    if where is not None:
        query = query.where(where)
    return _rows(session, cliente_id, query, as_of)


def rows_by_ids(
    session: Session, cliente_id: int, as_of: date, ids: Sequence[int]
) -> list[TituloRow]:
    """The customer's títulos of ``ids`` as of ``as_of``, in the order of ``ids`` (a page of
    the grid; see app.db.position_grid.ordered_ids)."""
    array = ids_as_array(session)
    query = _titulos_query(None, by_ids=True, array=array)
    bound = values(cliente_id, as_of)
    chunks = ({**bound, **part} for part in id_parts(ids, array))
    found = {row.id: row for row in _rows(session, cliente_id, query, as_of, chunks)}
    return [found[i] for i in ids if i in found]


def untyped(column: SQLColumnExpression[Any]) -> ColumnElement[Any]:
    """The column as the driver returns it (no SQLAlchemy processing of each value)."""
    return type_coerce(column, NullType())


# a date as SQLite stores it (or as psycopg returns it) -> the date, each converted once
_DATES: dict[str, StoredDates] = {}


class _Empresas(dict[int, tuple[str, Rates]]):
    """empresa id -> its code and Rates, made the first time a título of it needs them
    (an empresa with rates stored before the checks existed fails only its own títulos);
    a dict, so that the rows of an empresa already seen find it without a Python call."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        stmt = select(
            Empresa.id, Empresa.codigo, Empresa.multa_percentual, Empresa.juros_mensal_percentual
        )
        self._stored: dict[int, tuple[str, Decimal, Decimal]] = {
            row[0]: (row[1], row[2], row[3]) for row in session.execute(stmt)
        }

    def __missing__(self, empresa_id: int) -> tuple[str, Rates]:
        codigo, multa, juros = self._stored[empresa_id]
        made = self[empresa_id] = (codigo, Rates(multa, juros))
        return made


def _rows(
    session: Session,
    cliente_id: int,
    query: Select,
    as_of: date,
    chunks: Iterable[dict[str, Any]] | None = None,
) -> list[TituloRow]:
    """The customer's títulos ``query`` returns (run once with each of ``chunks``'
    parameters, by default once for the customer and date) with their positions as of
    ``as_of``."""
    if chunks is None:
        chunks = (values(cliente_id, as_of),)
    empresas = _Empresas(session)
    held = held_then(session, cliente_id, as_of)
    conn = session.connection()
    dialect = conn.dialect
    dates = _DATES.get(dialect.name) or _DATES.setdefault(dialect.name, StoredDates(dialect))
    read = Stored(stored_money(dialect), dates)
    rows: list[TituloRow] = []
    append = rows.append
    # the driver's values, kept as they are (a row's fields are read when asked), in a
    # plain tuple: a Row would be one more object for the garbage collector to walk
    for row in chain.from_iterable(conn.execute(query, params).fetchall() for params in chunks):
        stored = tuple(row)
        empresa, rate = empresas[stored[1]]
        append(TituloRow(stored, read, empresa, as_of, rate, held.get(stored[0]) if held else None))
    return rows


@dataclass(frozen=True)
class StatusTotals:
    count: int = 0
    valor: Decimal = ZERO
    saldo: Decimal = ZERO


@dataclass(frozen=True)
class FinanceiroSummary:
    """The figures of the Financeiro header, status filter and ageing strip."""

    by_status: dict[Status, StatusTotals]
    total_a_receber: Decimal
    total_vencido: Decimal
    total_atualizado: Decimal
    ageing: dict[Bucket, Decimal] = field(default_factory=dict)


def summarize(rows: Iterable[TituloRow]) -> FinanceiroSummary:
    counts = dict.fromkeys(STATUS_ORDER, 0)
    valor = dict.fromkeys(STATUS_ORDER, ZERO)
    saldo = dict.fromkeys(STATUS_ORDER, ZERO)
    ageing = dict.fromkeys(Bucket, ZERO)
    total_vencido = total_atualizado = ZERO
    for row in rows:
        p = row.pos
        counts[p.status] += 1
        valor[p.status] += row.valor
        saldo[p.status] += p.saldo
        bucket = ageing_bucket(p)
        if bucket is None:
            continue
        ageing[bucket] += p.saldo
        total_atualizado += p.valor_atualizado
        if bucket is not Bucket.A_VENCER:
            total_vencido += p.saldo
    by_status = {s: StatusTotals(counts[s], valor[s], saldo[s]) for s in STATUS_ORDER}
    total = sum((ageing.values()), ZERO)
    return FinanceiroSummary(by_status, total, total_vencido, total_atualizado, ageing)


def renegotiable(row: TituloRow) -> bool:
    """Whether the título may go into a new acordo: open, and not an installment of an
    acordo (an open installment belongs to an acordo still active; break it first)."""
    return row.pos.is_open and row.acordo_origem is None


def negotiation_empresa(rows: Iterable[TituloRow]) -> str | None:
    """The empresa of a selection that can be renegotiated as one acordo: at least one
    título, every one renegotiable and all of one empresa; else None."""
    chosen = list(rows)
    empresas = {r.empresa for r in chosen}
    if len(empresas) != 1 or not all(renegotiable(r) for r in chosen):
        return None
    return empresas.pop()


def filter_rows(
    rows: Sequence[TituloRow],
    *,
    statuses: Iterable[Status] | None = None,
    bucket: Bucket | None = None,
    vencimento: tuple[date | None, date | None] = (None, None),
    emissao: tuple[date | None, date | None] = (None, None),
) -> list[TituloRow]:
    """The rows the grid shows for the chosen filters."""
    wanted = set(statuses) if statuses is not None else None

    def within(value: date, period: tuple[date | None, date | None]) -> bool:
        start, end = period
        return (start is None or value >= start) and (end is None or value <= end)

    return [
        r
        for r in rows
        if (wanted is None or r.status in wanted)
        and (bucket is None or ageing_bucket(r.pos) is bucket)
        and within(r.vencimento, vencimento)
        and within(r.emissao, emissao)
    ]


COLUMNS: tuple[Column[TituloRow], ...] = (
    Column("empresa", "EMPRESA", Kind.TEXT, lambda r: r.empresa),
    Column("cod_venda", "CÓD. VENDA", Kind.TEXT, lambda r: r.cod_venda),
    Column("numero_documento", "TÍTULO NÚM. DOC.", Kind.TEXT, lambda r: r.numero_documento),
    Column("parcela", "PARCELA", Kind.INT, lambda r: r.parcela),
    Column("emissao", "EMISSÃO", Kind.DATE, lambda r: r.emissao),
    Column("vencimento", "VENCIMENTO", Kind.DATE, lambda r: r.vencimento),
    Column("dias_atraso", "DIAS ATRASO", Kind.INT, lambda r: r.pos.dias_atraso or None),
    Column("valor", "VALOR", Kind.MONEY, lambda r: r.valor),
    Column("recebido", "RECEBIDO", Kind.MONEY, lambda r: r.pos.received),
    Column("saldo", "SALDO", Kind.MONEY, lambda r: r.pos.saldo),
    Column("multa", "MULTA", Kind.MONEY, lambda r: r.pos.multa),
    Column("juros", "JUROS", Kind.MONEY, lambda r: r.pos.juros),
    Column("valor_atualizado", "VALOR ATUALIZADO", Kind.MONEY, lambda r: r.pos.valor_atualizado),
    Column("status", "STATUS", Kind.STATUS, lambda r: r.status),
    Column(
        "forma_pagamento",
        "FORMA PAGTO.",
        Kind.TEXT,
        lambda r: forma_pagamento_label(r.forma_pagamento),
    ),
    Column("ult_recebimento", "ÚLT. RECEBIMENTO", Kind.DATE, lambda r: r.ult_recebimento),
)
