"""The Financeiro position of every título of a customer, computed by the database.

The same rules as app.domain.titulos.position (DOMAIN.md), written as SQL so that the
database filters, counts, totals and sorts a customer's títulos as of a date without
sending them all to Python: received(D), saldo, the status by its precedence, dias de
atraso, multa and juros rounded half-up per título, valor atualizado and the ageing
bucket. The grid's rows themselves are still computed by the domain (rows_by_ids);
tests compare both on many dates and both databases. The figures of the screen
(app.db.position_figures) and the order of the grid (app.db.position_grid) are
queries over this one. A título that an acordo broken
after D held cancelled on D (app.db.quebras) is cancelled as of D.

Exactness: on PostgreSQL money is NUMERIC and round() rounds half away from zero
(half-up for these non-negative amounts). On SQLite money is stored as integer cents
and rates as integer units of 0.0001%, so multa and juros are integer divisions,
rounded half-up as (2x + d) / 2d. "D > vencimento real" (the vencimento moved to the
next business day) is "vencimento <= the last business day before D", a date the
domain computes once per query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache, partial
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Numeric,
    Select,
    String,
    Subquery,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from app.db.bound import AS_OF, CLIENTE, LAST_BD
from app.db.quebras import held_then
from app.db.schema import Empresa, Recebimento, Titulo, Venda
from app.db.types import Money
from app.domain.titulos import Bucket, Status

Period = tuple[date | None, date | None]


@dataclass(frozen=True)
class Filters:
    """What the Financeiro grid is filtered by. ``statuses`` None: every status."""

    empresa: str | None = None
    vencimento: Period = (None, None)
    emissao: Period = (None, None)
    statuses: frozenset[Status] | None = None
    bucket: Bucket | None = None


def money(expr: ColumnElement) -> ColumnElement[Decimal]:
    return type_coerce(expr, Money())


@dataclass(frozen=True)
class Companies:
    """Every empresa's code and rates (as stored), read once per query: the positions
    take the rates by empresa_id from a CASE rather than joining every título. Equal
    (and hashed) by ``stored``: the statements built for them are kept by it."""

    stored: tuple[tuple[int, str, Any, Any], ...]
    codigo: dict[int, str] = field(compare=False)
    multa: dict[int, Any] = field(compare=False)
    juros: dict[int, Any] = field(compare=False)

    def ids_of(self, codigo: str) -> list[int]:
        return [i for i, c in self.codigo.items() if c == codigo]


def companies(session: Session) -> Companies:
    rows = tuple(tuple(r) for r in session.execute(_companies_stmt(is_sqlite(session))))
    return Companies(
        rows, {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}, {r[0]: r[3] for r in rows}
    )


@lru_cache(maxsize=2)
def _companies_stmt(sqlite: bool) -> Select:
    number = stored_number(sqlite)
    return select(
        Empresa.id,
        Empresa.codigo,
        type_coerce(Empresa.multa_percentual, number),
        type_coerce(Empresa.juros_mensal_percentual, number),
    )


def _by_empresa(values: dict[int, Any], number: Integer | Numeric) -> ColumnElement:
    if not values:
        return literal(0, number)
    return case({k: literal(v, number) for k, v in values.items()}, value=Titulo.empresa_id)


def positions(
    sqlite: bool,
    empresas: Companies,
    *,
    held: tuple[int, ...] = (),
    with_venda: bool = False,
    settled_only: bool | None = None,
    unpaid_only: bool = False,
    not_paid_in_full: bool = False,
    once: bool = False,
    figures_only: bool = False,
) -> Subquery:
    """A subquery of the customer's títulos issued by the date, with their position
    then: the customer and the date are the parameters of app.db.bound (run it with
    ``bound.values(cliente_id, as_of)``); ``held``: the títulos an acordo broken later
    held cancelled on that date (``held_of``). ``once``: each título's saldo, status and
    dias de atraso computed once, below the layer of the charges (for a query that reads
    every column of every título, as the figures' GROUP BY does; see below).

    Columns: id, empresa_id, numero_documento, parcela, emissao, vencimento,
    forma_pagamento, valor, recebido, saldo, status, dias_atraso, multa, juros,
    valor_atualizado, bucket, ult_recebimento; and cod_venda ``with_venda``.
    ``figures_only``: without the columns only the grid shows (id, numero_documento,
    parcela, forma_pagamento, ult_recebimento): a fenced layer is copied a row at a
    time with every column, and the last receipt as of a past date is a subquery a
    título (the whale's figures a year back: ~12% less).

    Three layers, each reading the columns of the one below: received(D); then saldo,
    status and dias de atraso; then the charges. The databases merge them into one
    query and compute only the columns the outer query uses.
    """
    day, last_bd = AS_OF, LAST_BD
    received = partial(
        _received,
        sqlite=sqlite,
        empresas=empresas,
        held=held,
        with_venda=with_venda,
        figures_only=figures_only,
    )
    if unpaid_only and settled_only is None and not held:
        # leave out the títulos paid in full by D (status Recebido), by the indexes: those
        # not paid in full (their partial index) and those with a receipt after D
        a = union_all(
            received(settled_only=True, not_paid_in_full=True),
            received(settled_only=False),
        ).subquery("recebido")
    else:
        a = received(
            settled_only=settled_only,
            not_paid_in_full=not_paid_in_full,
            unpaid_only=unpaid_only,
        ).subquery("recebido")

    # 2. saldo, status (DOMAIN.md's precedence), open, charged (open and overdue), dias
    cancelled = _cancelled_by(a.c.cancelado_em, day)
    is_open = and_(~cancelled, a.c.valor > a.c.recebido)
    charged = and_(is_open, a.c.vencimento <= last_bd)
    if sqlite:
        dias = cast(func.julianday(day) - func.julianday(a.c.vencimento), Integer)
    else:
        dias = cast(day - a.c.vencimento, Integer)
    situacao = select(
        *(c for c in a.c if c.key not in {"cancelado_em", "negativado_em", "cobranca_em"}),
        case((a.c.valor > a.c.recebido, a.c.valor - a.c.recebido), else_=0).label("saldo"),
        case(
            (cancelled, Status.CANCELADO.value),
            (a.c.valor <= a.c.recebido, Status.RECEBIDO.value),
            (
                and_(a.c.negativado_em.is_not(None), a.c.negativado_em <= day),
                Status.NEGATIVADO.value,
            ),
            (and_(a.c.cobranca_em.is_not(None), a.c.cobranca_em <= day), Status.COBRANCA.value),
            (a.c.vencimento <= last_bd, Status.VENCIDO.value),
            else_=Status.EM_ABERTO.value,
        ).label("status"),
        case((is_open, 1), else_=0).label("is_open"),
        case((charged, dias), else_=0).label("dias_atraso"),
    )
    if once:
        # merged into the layer above, each of these CASEs is written out again where it
        # is read (saldo ~10 times a row, dias de atraso ~12): PostgreSQL then computes
        # them that often (the whale's figures 24 -> 14 ms fenced; SQLite 22-25 -> 15
        # since they read only the columns the figures need), but a filter or an
        # ORDER BY ... LIMIT over a fenced layer cannot use the indexes (the grid's
        # first page 8 -> 23)
        situacao = situacao.offset(0)
    b = situacao.subquery("situacao")

    # 3. the charges, rounded half-up per título, and the ageing bucket
    saldo, charged_b = b.c.saldo, b.c.dias_atraso > 0
    if sqlite:  # cents x units of 0.0001 %: / 10**6 and / (3000 x 10**4), half-up
        multa = (saldo * b.c.multa_rate * 2 + 1_000_000) // 2_000_000
        juros = (saldo * b.c.juros_rate * b.c.dias_atraso * 2 + 30_000_000) // 60_000_000
    else:
        multa = func.round(saldo * b.c.multa_rate / 100, 2)
        juros = func.round(saldo * b.c.juros_rate * b.c.dias_atraso / 3000, 2)
    multa = case((charged_b, multa), else_=0)
    juros = case((charged_b, juros), else_=0)
    open_b = b.c.is_open == 1
    bucket = case(
        (~open_b, null()),
        (~charged_b, Bucket.A_VENCER.value),
        (b.c.dias_atraso <= 30, Bucket.D1_30.value),
        (b.c.dias_atraso <= 60, Bucket.D31_60.value),
        (b.c.dias_atraso <= 90, Bucket.D61_90.value),
        else_=Bucket.D90_MAIS.value,
    )
    shown = not figures_only  # the grid's own columns (read lazily: absent otherwise)
    return select(
        *([b.c.id] if shown else []),
        b.c.empresa_id,
        *([b.c.cod_venda] if with_venda else []),
        *([b.c.numero_documento, b.c.parcela] if shown else []),
        b.c.emissao,
        b.c.vencimento,
        *([b.c.forma_pagamento] if shown else []),
        money(b.c.valor).label("valor"),
        money(b.c.recebido).label("recebido"),
        money(saldo).label("saldo"),
        type_coerce(b.c.status, String).label("status"),
        b.c.dias_atraso,
        money(multa).label("multa"),
        money(juros).label("juros"),
        money(case((open_b, saldo + multa + juros), else_=0)).label("valor_atualizado"),
        type_coerce(bucket, String).label("bucket"),
        *([type_coerce(b.c.ult_recebimento, Date).label("ult_recebimento")] if shown else []),
    ).subquery("posicao")


def _received(
    *,
    sqlite: bool,
    empresas: Companies,
    held: tuple[int, ...],
    with_venda: bool,
    settled_only: bool | None,
    not_paid_in_full: bool = False,
    unpaid_only: bool = False,
    figures_only: bool = False,
) -> Select:
    """positions()' first layer: the customer's títulos issued by D with received(D)."""
    day = AS_OF
    # the stored numbers, without Money's conversion (integer cents on SQLite)
    number = stored_number(sqlite)

    # 1. received(D): the stored total when the last receipt is on or before D (nearly
    # always, for today); else the receipts dated <= D summed
    def receipts(of: ColumnElement) -> Select:
        return select(of).where(Recebimento.titulo_id == Titulo.id, Recebimento.data <= day)

    settled = or_(Titulo.ultimo_recebimento.is_(None), Titulo.ultimo_recebimento <= day)
    summed = func.coalesce(func.sum(type_coerce(Recebimento.valor, number)), 0)
    recebido: ColumnElement = case(
        (settled, type_coerce(Titulo.recebido, number)),
        else_=receipts(summed).scalar_subquery(),
    )
    ultimo: ColumnElement = case(
        (settled, Titulo.ultimo_recebimento),
        else_=receipts(func.max(Recebimento.data)).scalar_subquery(),
    )
    # cancelled then by an acordo broken later (app.db.quebras): cancelled "on D"
    cancelado_em: ColumnElement = (
        case((Titulo.id.in_(held), day), else_=Titulo.cancelado_em)
        if held
        else type_coerce(Titulo.cancelado_em, Date)
    )
    if settled_only is True:  # read as stored: no CASE per row
        recebido = type_coerce(Titulo.recebido, number)
        ultimo = type_coerce(Titulo.ultimo_recebimento, Date)
    elif settled_only is False:
        recebido = receipts(summed).scalar_subquery()
        ultimo = receipts(func.max(Recebimento.data)).scalar_subquery()
    shown = not figures_only  # the grid's own columns
    first = select(
        *([Titulo.id] if shown else []),
        Titulo.empresa_id,
        *([Titulo.numero_documento, Titulo.parcela] if shown else []),
        Titulo.emissao,
        Titulo.vencimento,
        *([Titulo.forma_pagamento] if shown else []),
        type_coerce(Titulo.valor, number).label("valor"),
        recebido.label("recebido"),
        *([ultimo.label("ult_recebimento")] if shown else []),
        cancelado_em.label("cancelado_em"),
        Titulo.negativado_em,
        Titulo.cobranca_em,
        _by_empresa(empresas.multa, number).label("multa_rate"),
        _by_empresa(empresas.juros, number).label("juros_rate"),
        *([Venda.codigo.label("cod_venda")] if with_venda else []),
    ).where(Titulo.cliente_id == CLIENTE, emissao_term(sqlite, settled_only) <= day)
    if settled_only is not None:  # "> day": ix_titulo_cliente_ultimo_emissao serves it
        first = first.where(settled if settled_only else Titulo.ultimo_recebimento > day)
    if not_paid_in_full:  # the condition of the partial index ix_titulo_cliente_aberto
        first = first.where(NOT_PAID_IN_FULL)
    if unpaid_only:  # leave out the títulos paid in full by D (status Recebido), early
        first = first.where(
            or_(
                ~settled,
                Titulo.valor > Titulo.recebido,
                _cancelled_by(Titulo.cancelado_em, day),
                *([Titulo.id.in_(held)] if held else []),
            )
        )
    if with_venda:
        first = first.outerjoin(Venda, Venda.id == Titulo.venda_id)
    if settled_only is False:
        # computed once per título, not once per use: merged into the layers above, the
        # receipts' sum would be a subquery in each of the ~30 places that read
        # recebido (the whale a year back: 135 -> 50 ms on SQLite, 288 -> 40 on
        # PostgreSQL). OFFSET 0 keeps both databases from merging it (SQLite's rule 14).
        fenced = first.offset(0).subquery("somados")
        return select(*fenced.c)
    return first


# The títulos not paid in full, or cancelled (few of a long history), and the others:
# the conditions of the partial indexes that hold each (schema.PAID_IN_FULL_SQL and
# NOT_PAID_IN_FULL_SQL, migration 0004), so that the databases use them.
NOT_PAID_IN_FULL = or_(Titulo.recebido < Titulo.valor, Titulo.cancelado_em.is_not(None))
PAID_IN_FULL = and_(Titulo.recebido >= Titulo.valor, Titulo.cancelado_em.is_(None))


def emissao_term(sqlite: bool, settled_only: bool | None) -> ColumnElement[date]:
    """Titulo.emissao; for the títulos with a receipt after D on SQLite, through the
    no-op likely(): its statistics know the average customer (a dozen títulos), not
    one with 100,000, and would find them by emissão in the covering index, reading
    them all for the few with a receipt after D rather than the index on
    ultimo_recebimento (16 ms → under 1 for such a customer)."""
    if sqlite and settled_only is False:
        return type_coerce(func.likely(Titulo.emissao), Date)
    return Titulo.emissao  # type: ignore[return-value]  # a column


def _cancelled_by(cancelado_em: Any, day: ColumnElement[date]) -> ColumnElement[bool]:
    return and_(cancelado_em.is_not(None), cancelado_em <= day)


def within(column: Any, period: Period) -> list[ColumnElement[bool]]:
    start, end = period
    conditions = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column <= end)
    return conditions


def where(p: Subquery, filters: Filters, empresas: Companies) -> list[ColumnElement[bool]]:
    """The conditions of ``filters`` on a positions() subquery."""
    c = p.c
    conditions = [*within(c.vencimento, filters.vencimento), *within(c.emissao, filters.emissao)]
    if filters.empresa is not None:
        conditions.append(c.empresa_id.in_(empresas.ids_of(filters.empresa)))
    if filters.statuses is not None and set(filters.statuses) != set(Status):
        conditions.append(c.status.in_(sorted(s.value for s in filters.statuses)))
    if filters.bucket is not None:
        conditions.append(c.bucket == filters.bucket.value)
    return conditions


# --- the figures of the status filter, the ageing strip, the header and the footer ---


def held_of(session: Session, cliente_id: int, as_of: date) -> tuple[int, ...]:
    """The títulos an acordo broken after ``as_of`` held cancelled then (app.db.quebras),
    as ``positions`` takes them."""
    return tuple(sorted(held_then(session, cliente_id, as_of)))


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def stored_number(sqlite: bool) -> Integer | Numeric:
    """The type money and rates are stored as: integer cents (and units of 0.0001 %) on
    SQLite, NUMERIC on PostgreSQL."""
    return Integer() if sqlite else Numeric()
