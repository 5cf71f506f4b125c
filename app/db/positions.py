"""The Financeiro position of every título of a customer, computed by the database.

The same rules as app.domain.titulos.position (DOMAIN.md), written as SQL so that the
database filters, counts, totals and sorts a customer's títulos as of a date without
sending them all to Python: received(D), saldo, the status by its precedence, dias de
atraso, multa and juros rounded half-up per título, valor atualizado and the ageing
bucket. The grid's rows themselves are still computed by the domain (rows_by_ids);
tests compare both on many dates and both databases. A título that an acordo broken
after D held cancelled on D (app.db.quebras) is cancelled as of D.

Exactness: on PostgreSQL money is NUMERIC and round() rounds half away from zero
(half-up for these non-negative amounts). On SQLite money is stored as integer cents
and rates as integer units of 0.0001%, so multa and juros are integer divisions,
rounded half-up as (2x + d) / 2d. "D > vencimento real" (the vencimento moved to the
next business day) is "vencimento <= the last business day before D", a date the
domain computes once per query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache, partial
from typing import Any, Literal

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

from app.db.bound import AS_OF, CLIENTE, LAST_BD, values
from app.db.columns import FORMAS_PAGAMENTO
from app.db.errors import DatabaseError
from app.db.financeiro import FinanceiroSummary, StatusTotals, TituloRow, rows_by_ids
from app.db.quebras import held_then
from app.db.schema import Empresa, Recebimento, Titulo, Venda
from app.db.sorting import ids_in_order
from app.db.types import Money
from app.domain.money import ZERO
from app.domain.text import normalize_search
from app.domain.titulos import (
    MAX_JUROS_MENSAL_PERCENTUAL,
    OPEN_STATUSES,
    STATUS_ORDER,
    Bucket,
    Status,
)

Period = tuple[date | None, date | None]


@dataclass(frozen=True)
class Filters:
    """What the Financeiro grid is filtered by. ``statuses`` None: every status."""

    empresa: str | None = None
    vencimento: Period = (None, None)
    emissao: Period = (None, None)
    statuses: frozenset[Status] | None = None
    bucket: Bucket | None = None


def _money(expr: ColumnElement) -> ColumnElement[Decimal]:
    return type_coerce(expr, Money())


def _ranked(labels: Mapping[Any, str]) -> dict[Any, int]:
    """Stored value -> its place when sorted by the label the user reads."""
    order = sorted(labels, key=lambda k: normalize_search(labels[k]))
    return {value: i for i, value in enumerate(order)}


STATUS_RANK = _ranked({s.value: s.label for s in Status})
FORMA_RANK = _ranked(FORMAS_PAGAMENTO)


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
    rows = tuple(tuple(r) for r in session.execute(_companies_stmt(_is_sqlite(session))))
    return Companies(
        rows, {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}, {r[0]: r[3] for r in rows}
    )


@lru_cache(maxsize=2)
def _companies_stmt(sqlite: bool) -> Select:
    number = _number(sqlite)
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
) -> Subquery:
    """A subquery of the customer's títulos issued by the date, with their position
    then: the customer and the date are the parameters of app.db.bound (run it with
    ``bound.values(cliente_id, as_of)``); ``held``: the títulos an acordo broken later
    held cancelled on that date (``held_of``).

    Columns: id, empresa_id, numero_documento, parcela, emissao, vencimento,
    forma_pagamento, valor, recebido, saldo, status, dias_atraso, multa, juros,
    valor_atualizado, bucket, ult_recebimento; and cod_venda ``with_venda``.

    Three layers, each reading the columns of the one below: received(D); then saldo,
    status and dias de atraso; then the charges. The databases merge them into one
    query and compute only the columns the outer query uses.
    """
    day, last_bd = AS_OF, LAST_BD
    received = partial(
        _received, sqlite=sqlite, empresas=empresas, held=held, with_venda=with_venda
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
    b = select(
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
    ).subquery("situacao")

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
    return select(
        b.c.id,
        b.c.empresa_id,
        *([b.c.cod_venda] if with_venda else []),
        b.c.numero_documento,
        b.c.parcela,
        b.c.emissao,
        b.c.vencimento,
        b.c.forma_pagamento,
        _money(b.c.valor).label("valor"),
        _money(b.c.recebido).label("recebido"),
        _money(saldo).label("saldo"),
        type_coerce(b.c.status, String).label("status"),
        b.c.dias_atraso,
        _money(multa).label("multa"),
        _money(juros).label("juros"),
        _money(case((open_b, saldo + multa + juros), else_=0)).label("valor_atualizado"),
        type_coerce(bucket, String).label("bucket"),
        type_coerce(b.c.ult_recebimento, Date).label("ult_recebimento"),
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
) -> Select:
    """positions()' first layer: the customer's títulos issued by D with received(D)."""
    day = AS_OF
    # the stored numbers, without Money's conversion (integer cents on SQLite)
    number = _number(sqlite)

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
    first = select(
        Titulo.id,
        Titulo.empresa_id,
        Titulo.numero_documento,
        Titulo.parcela,
        Titulo.emissao,
        Titulo.vencimento,
        Titulo.forma_pagamento,
        type_coerce(Titulo.valor, number).label("valor"),
        recebido.label("recebido"),
        ultimo.label("ult_recebimento"),
        cancelado_em.label("cancelado_em"),
        Titulo.negativado_em,
        Titulo.cobranca_em,
        _by_empresa(empresas.multa, number).label("multa_rate"),
        _by_empresa(empresas.juros, number).label("juros_rate"),
        *([Venda.codigo.label("cod_venda")] if with_venda else []),
    ).where(Titulo.cliente_id == CLIENTE, _emissao(sqlite, settled_only) <= day)
    if settled_only is not None:  # "> day": what the index on ultimo_recebimento serves
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
    return first


# The títulos not paid in full, or cancelled (few of a long history), and the others:
# the conditions of the partial indexes that hold each (schema.PAID_IN_FULL_SQL and
# NOT_PAID_IN_FULL_SQL, migration 0004), so that the databases use them.
NOT_PAID_IN_FULL = or_(Titulo.recebido < Titulo.valor, Titulo.cancelado_em.is_not(None))
PAID_IN_FULL = and_(Titulo.recebido >= Titulo.valor, Titulo.cancelado_em.is_(None))


def _emissao(sqlite: bool, settled_only: bool | None) -> ColumnElement[date]:
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


def _within(column: Any, period: Period) -> list[ColumnElement[bool]]:
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
    conditions = [*_within(c.vencimento, filters.vencimento), *_within(c.emissao, filters.emissao)]
    if filters.empresa is not None:
        conditions.append(c.empresa_id.in_(empresas.ids_of(filters.empresa)))
    if filters.statuses is not None and set(filters.statuses) != set(Status):
        conditions.append(c.status.in_(sorted(s.value for s in filters.statuses)))
    if filters.bucket is not None:
        conditions.append(c.bucket == filters.bucket.value)
    return conditions


# --- the figures of the status filter, the ageing strip, the header and the footer ---


@dataclass(frozen=True)
class Group:
    """Títulos of one empresa, status and ageing bucket, with their sums."""

    empresa: str
    status: Status
    bucket: Bucket | None
    count: int
    valor: Decimal
    saldo: Decimal
    multa: Decimal
    juros: Decimal
    valor_atualizado: Decimal


@dataclass(frozen=True)
class Totals:
    count: int = 0
    valor: Decimal = ZERO
    saldo: Decimal = ZERO
    multa: Decimal = ZERO
    juros: Decimal = ZERO
    valor_atualizado: Decimal = ZERO


def totals(groups: Iterable[Group]) -> Totals:
    chosen = list(groups)

    def total(name: str) -> Decimal:
        return sum((getattr(g, name) for g in chosen), ZERO)

    return Totals(
        sum(g.count for g in chosen),
        total("valor"),
        total("saldo"),
        total("multa"),
        total("juros"),
        total("valor_atualizado"),
    )


class ChargesOverflow(DatabaseError):
    """SQLite's 64-bit integers cannot hold a charge computation exactly (absurd amounts):
    refused rather than rounded wrong."""

    def __init__(self) -> None:
        super().__init__(
            "saldo e dias de atraso grandes demais para calcular multa e juros exatamente "
            "neste banco SQLite; use um banco PostgreSQL"
        )


Part = Literal["all", "paid", "open"]


def groups(
    session: Session,
    cliente_id: int,
    as_of: date,
    periods: Filters | None = None,
    part: Part = "all",
) -> list[Group]:
    """The customer's títulos (within the vencimento and emissão periods of ``periods``),
    grouped by empresa, status and ageing bucket. ``part``: all of them, or only those
    paid in full by the date ("paid": a count and a sum, most of a long history) or
    only the others ("open"): the two parts can be read side by side, in two sessions,
    and their groups put together (Summary adds groups of the same key)."""
    empresas, sqlite = companies(session), _is_sqlite(session)
    held = held_of(session, cliente_id, as_of)
    span = (periods.vencimento, periods.emissao) if periods else ((None, None), (None, None))
    bound = values(cliente_id, as_of)
    found: list[Group] = []
    if part != "open":
        paid = _paid_stmt(sqlite, held, span, _after_all(session, bound))
        found += _paid_groups(session, empresas, paid, bound)
    if part != "paid":
        for settled in (True, False):
            stmt = _groups_stmt(sqlite, empresas, held, settled, span)
            found += _groups(session, empresas, stmt, bound)
    return found


def held_of(session: Session, cliente_id: int, as_of: date) -> tuple[int, ...]:
    """The títulos an acordo broken after ``as_of`` held cancelled then (app.db.quebras),
    as ``positions`` takes them."""
    return tuple(sorted(held_then(session, cliente_id, as_of)))


Spans = tuple[Period, Period]  # (vencimento, emissão) periods


def _paid_groups(
    session: Session, empresas: Companies, stmt: Select, bound: dict[str, Any]
) -> list[Group]:
    return [
        Group(empresas.codigo.get(empresa_id, ""), Status.RECEBIDO, None, n, valor, *[ZERO] * 4)
        for empresa_id, n, valor in session.execute(stmt, bound)
    ]


def _after_all(session: Session, bound: dict[str, Any]) -> bool:
    """Whether the date is on or after every emissão and receipt of the customer (today,
    nearly always): two lookups at the end of the customer's indexes."""
    return bool(session.execute(_AFTER_ALL, bound).scalar())


_AFTER_ALL = select(
    and_(
        func.coalesce(
            select(func.max(Titulo.emissao)).where(Titulo.cliente_id == CLIENTE).scalar_subquery()
            <= AS_OF,
            True,
        ),
        func.coalesce(
            select(func.max(Titulo.ultimo_recebimento))
            .where(Titulo.cliente_id == CLIENTE)
            .scalar_subquery()
            <= AS_OF,
            True,
        ),
    )
)


@lru_cache(maxsize=64)
def _paid_stmt(sqlite: bool, held: tuple[int, ...], span: Spans, after_all: bool) -> Select:
    """groups() of the títulos paid in full by receipts all dated <= as_of and never
    cancelled (most of a customer's history): status Recebido, nothing open, no charges,
    so only counted and their valor summed, from the partial index that holds them.
    Not those an acordo broken after as_of held cancelled then (almost never any).
    ``after_all``: the date is after every emissão and receipt (_after_all): no row's
    dates need comparing (a third of the time for a customer paid 100,000 times)."""
    day = AS_OF
    vencimento, emissao = span
    dated = (
        []
        if after_all
        else [
            Titulo.emissao <= day,
            or_(Titulo.ultimo_recebimento.is_(None), Titulo.ultimo_recebimento <= day),
        ]
    )
    return (
        select(
            Titulo.empresa_id,
            func.count(),
            _money(func.sum(type_coerce(Titulo.valor, _number(sqlite)))),
        )
        .where(
            Titulo.cliente_id == CLIENTE,
            *dated,
            PAID_IN_FULL,
            *([Titulo.id.not_in(held)] if held else []),
            *_within(Titulo.vencimento, vencimento),
            *_within(Titulo.emissao, emissao),
        )
        .group_by(Titulo.empresa_id)
    )


def _groups(
    session: Session, empresas: Companies, stmt: Select, bound: dict[str, Any]
) -> list[Group]:
    found = []
    for row in session.execute(stmt, bound):
        _check_overflow(session, row[9], row[10])
        bucket = Bucket(row[2]) if row[2] is not None else None
        empresa = empresas.codigo.get(row[0], "")
        found.append(Group(empresa, Status(row[1]), bucket, row[3], *row[4:9]))
    return found


@lru_cache(maxsize=128)
def _groups_stmt(
    sqlite: bool, empresas: Companies, held: tuple[int, ...], settled_only: bool, span: Spans
) -> Select:
    """groups() of the títulos whose receipts are all dated <= as_of (``settled_only``:
    those not paid in full or cancelled, see _paid_stmt), or of the others (receipts
    after as_of): the first read the stored totals, the others sum their receipts."""
    p = positions(
        sqlite,
        empresas,
        held=held,
        settled_only=settled_only,
        not_paid_in_full=settled_only,
    )
    raw = _number(sqlite)

    def total(column: ColumnElement) -> ColumnElement[Decimal]:
        return _money(func.sum(type_coerce(column, raw)))

    only = Filters(vencimento=span[0], emissao=span[1])
    return (
        select(
            p.c.empresa_id,
            p.c.status,
            p.c.bucket,
            func.count(),
            total(p.c.valor),
            total(p.c.saldo),
            total(p.c.multa),
            total(p.c.juros),
            total(p.c.valor_atualizado),
            func.max(case((p.c.dias_atraso > 0, type_coerce(p.c.saldo, raw)))),
            func.max(p.c.dias_atraso),
        )
        .where(*where(p, only, empresas))
        .group_by(p.c.empresa_id, p.c.status, p.c.bucket)
    )


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _number(sqlite: bool) -> Integer | Numeric:
    """The type money and rates are stored as: integer cents (and units of 0.0001 %) on
    SQLite, NUMERIC on PostgreSQL."""
    return Integer() if sqlite else Numeric()


_MAX_JUROS_UNITS = int(MAX_JUROS_MENSAL_PERCENTUAL * 10_000)


def _check_overflow(session: Session, max_saldo: int | None, max_dias: int | None) -> None:
    if not _is_sqlite(session) or not max_saldo or not max_dias:
        return
    if int(max_saldo) * _MAX_JUROS_UNITS * int(max_dias) * 2 + 30_000_000 >= 2**63:
        raise ChargesOverflow


@dataclass(frozen=True)
class Summary:
    """Groups of a customer's títulos, and the figures the screen shows from them."""

    groups: tuple[Group, ...]

    def of_empresa(self, empresa: str | None) -> Summary:
        if empresa is None:
            return self
        return Summary(tuple(g for g in self.groups if g.empresa == empresa))

    def empresas(self) -> list[str]:
        return sorted({g.empresa for g in self.groups})

    def count(self, status: Status) -> int:
        return sum(g.count for g in self.groups if g.status is status)

    def chosen(self, statuses: Iterable[Status] | None, bucket: Bucket | None) -> Totals:
        """The footer: the sums of the rows the grid shows."""
        wanted = set(statuses) if statuses is not None else None
        return totals(
            g
            for g in self.groups
            if (wanted is None or g.status in wanted) and (bucket is None or g.bucket is bucket)
        )

    def figures(self) -> FinanceiroSummary:
        """The figures of the header, the status filter and the ageing strip."""
        by_status = {}
        for status in STATUS_ORDER:
            t = self.chosen({status}, None)
            by_status[status] = StatusTotals(t.count, t.valor, t.saldo)
        opened = self.chosen(OPEN_STATUSES, None)
        overdue = totals(g for g in self.groups if g.bucket not in (None, Bucket.A_VENCER))
        ageing = {b: self.chosen(None, b).saldo for b in Bucket}
        return FinanceiroSummary(
            by_status, opened.saldo, overdue.saldo, opened.valor_atualizado, ageing
        )


# --- the grid: ids in the order chosen, then rows a page at a time ---

_TEXT = {"cod_venda", "numero_documento"}


def sort_key(p: Subquery, key: str, empresas: Companies) -> ColumnElement:
    """What a column sorts by in SQL, as app.models.base.sort_key sorts in Python:
    text without case, statuses and formas de pagamento by their label; None for none."""
    c = p.c
    if key == "empresa":
        return case(_ranked(empresas.codigo), value=c.empresa_id)
    if key in _TEXT:
        return func.lower(func.nullif(c[key], ""))
    if key == "status":
        return case(STATUS_RANK, value=c.status)
    if key == "forma_pagamento":  # an unknown code after the known ones
        ranked = case(FORMA_RANK, value=c.forma_pagamento, else_=len(FORMA_RANK))
        return case((c.forma_pagamento.is_(None), null()), else_=ranked)
    if key == "dias_atraso":
        return func.nullif(c.dias_atraso, 0)
    if key in {"valor", "recebido", "saldo", "multa", "juros", "valor_atualizado"}:
        return type_coerce(c[key], Numeric())
    return c[key]


def ordered_ids(
    session: Session,
    cliente_id: int,
    as_of: date,
    filters: Filters,
    sort: tuple[str, bool] | None = None,
    *,
    limit: int | None = None,
) -> list[int]:
    """The ids of the títulos the grid shows, in its order: ``sort`` is (column key,
    descending); empty values last either way; ties (and no sort) in the default order
    (vencimento, número do documento, parcela); the first ``limit`` of them."""
    stmt = _ids_stmt(
        _is_sqlite(session),
        companies(session),
        held_of(session, cliente_id, as_of),
        filters,
        sort,
        limit,
    )
    return ids_in_order(session, stmt, values(cliente_id, as_of))


def first_ids(
    session: Session,
    cliente_id: int,
    as_of: date,
    filters: Filters,
    sort: tuple[str, bool] | None,
    page: int,
    count: int | None = None,
) -> tuple[list[int], int]:
    """The first ``page`` ids of ordered_ids and how many there are in all: counted
    here, or ``count`` when the caller knows it (the figures it has of the same
    filters: counting 100,000 positions is most of the time a status toggle takes)."""
    ids = ordered_ids(session, cliente_id, as_of, filters, sort, limit=page)
    if len(ids) < page:
        return ids, len(ids)
    if count is not None:
        return ids, max(count, len(ids))
    empresas, held = companies(session), held_of(session, cliente_id, as_of)
    stmt = _count_stmt(_is_sqlite(session), empresas, held, filters)
    return ids, int(session.execute(stmt, values(cliente_id, as_of)).scalar_one())


def _positions_for(
    sqlite: bool, empresas: Companies, held: tuple[int, ...], filters: Filters, by_venda: bool
) -> Subquery:
    no_paid = filters.statuses is not None and Status.RECEBIDO not in filters.statuses
    return positions(sqlite, empresas, held=held, with_venda=by_venda, unpaid_only=no_paid)


@lru_cache(maxsize=256)
def _ids_stmt(
    sqlite: bool,
    empresas: Companies,
    held: tuple[int, ...],
    filters: Filters,
    sort: tuple[str, bool] | None,
    limit: int | None,
) -> Select:
    by_venda = sort is not None and sort[0] == "cod_venda"
    p = _positions_for(sqlite, empresas, held, filters, by_venda)
    order: list[ColumnElement] = []
    if sort is not None:
        key, descending = sort
        value = sort_key(p, key, empresas)
        order += [value.is_(None), value.desc() if descending else value.asc()]
    order += [p.c.vencimento, p.c.numero_documento, p.c.parcela, p.c.id]
    stmt = select(p.c.id).where(*where(p, filters, empresas)).order_by(*order)
    return stmt if limit is None else stmt.limit(limit)


@lru_cache(maxsize=128)
def _count_stmt(
    sqlite: bool, empresas: Companies, held: tuple[int, ...], filters: Filters
) -> Select:
    p = _positions_for(sqlite, empresas, held, filters, False)
    return select(func.count()).select_from(p).where(*where(p, filters, empresas))


def open_titulos(session: Session, cliente_id: int, as_of: date) -> list[TituloRow]:
    """The customer's títulos in an open status as of ``as_of``, in the default order
    (what a renegotiation chooses from), without reading the closed ones."""
    ids = ordered_ids(session, cliente_id, as_of, Filters(statuses=frozenset(OPEN_STATUSES)))
    return rows_by_ids(session, cliente_id, as_of, ids)
