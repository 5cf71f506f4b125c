"""The Financeiro figures of a customer as of a date, by the database: the status
counts, TOTAL A RECEBER, the ageing strip and the footer, from a GROUP BY of the
positions (app.db.positions) by empresa, status and ageing bucket; the títulos paid
in full, most of a long history, are only counted and summed, from their partial index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, case, func, null, or_, select, type_coerce
from sqlalchemy.orm import Session

from app.db.bound import AS_OF, CLIENTE, values
from app.db.errors import DatabaseError
from app.db.financeiro import FinanceiroSummary, StatusTotals
from app.db.positions import (
    PAID_IN_FULL,
    Companies,
    Filters,
    Period,
    companies,
    held_of,
    is_sqlite,
    money,
    positions,
    stored_number,
    where,
    within,
)
from app.db.schema import Titulo, TituloPagoDia
from app.domain.money import ZERO
from app.domain.titulos import (
    MAX_JUROS_MENSAL_PERCENTUAL,
    OPEN_STATUSES,
    STATUS_ORDER,
    Bucket,
    Status,
)


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
Spans = tuple[Period, Period]  # (vencimento, emissão) periods
_NO_SPAN: Spans = ((None, None), (None, None))

# the count and valor of the customer's títulos paid in full as of the date, per
# empresa, from the days (migration 0011) up to it: exactly what _paid_stmt counts,
# without reading one index entry per título (a few thousand days for 100,000 títulos)
_STORED_PAID = (
    select(
        TituloPagoDia.empresa_id,
        func.sum(TituloPagoDia.quantidade),
        money(func.sum(TituloPagoDia.valor)),
    )
    .where(TituloPagoDia.cliente_id == CLIENTE, TituloPagoDia.dia <= AS_OF)
    .group_by(TituloPagoDia.empresa_id)
    .having(func.sum(TituloPagoDia.quantidade) > 0)
)


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
    empresas, sqlite = companies(session), is_sqlite(session)
    held = held_of(session, cliente_id, as_of)
    span = (periods.vencimento, periods.emissao) if periods else _NO_SPAN
    bound = values(cliente_id, as_of)
    found: list[Group] = []
    if part != "open":
        if not held and span == _NO_SPAN:
            paid = _STORED_PAID  # the days up to the date, as summed by triggers
        else:
            paid = _paid_stmt(sqlite, held, span, _after_all(session, bound))
        found += _paid_groups(session, empresas, paid, bound)
    if part != "paid":
        for settled in (True, False):
            stmt = _groups_stmt(sqlite, empresas, held, settled, span)
            found += _groups(session, empresas, stmt, bound)
    return found


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
            money(func.sum(type_coerce(Titulo.valor, stored_number(sqlite)))),
        )
        .where(
            Titulo.cliente_id == CLIENTE,
            *dated,
            PAID_IN_FULL,
            *([Titulo.id.not_in(held)] if held else []),
            *within(Titulo.vencimento, vencimento),
            *within(Titulo.emissao, emissao),
        )
        .group_by(Titulo.empresa_id)
    )


def _groups(
    session: Session, empresas: Companies, stmt: Select, bound: dict[str, Any]
) -> list[Group]:
    found = []
    for empresa_id, code, bucket, n, valor, saldo, multa, juros, most, late in session.execute(
        stmt, bound
    ):
        _check_overflow(session, most, late)
        status = Status(code)
        # an open título's valor atualizado is saldo + multa + juros, any other's zero
        # (DOMAIN.md), and a group's títulos are all open or none (its status): the
        # sum of the three sums, exact, rather than the charges computed a second time
        # in every row
        atualizado = saldo + multa + juros if status in OPEN_STATUSES else ZERO
        found.append(
            Group(
                empresas.codigo.get(empresa_id, ""),
                status,
                Bucket(bucket) if bucket is not None else None,
                n,
                valor,
                saldo,
                multa,
                juros,
                atualizado,
            )
        )
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
        # each título's saldo, status and dias de atraso computed once, not in every
        # expression that reads them (the whale's figures today, SQLite: 22-25 -> 15 ms)
        once=True,
        figures_only=True,
    )
    raw = stored_number(sqlite)

    def total(column: ColumnElement) -> ColumnElement[Decimal]:
        return money(func.sum(type_coerce(column, raw)))

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
            # what _check_overflow needs (SQLite's integers only)
            func.max(case((p.c.dias_atraso > 0, type_coerce(p.c.saldo, raw))))
            if sqlite
            else null(),
            func.max(p.c.dias_atraso) if sqlite else null(),
        )
        .where(*where(p, only, empresas))
        .group_by(p.c.empresa_id, p.c.status, p.c.bucket)
    )


_MAX_JUROS_UNITS = int(MAX_JUROS_MENSAL_PERCENTUAL * 10_000)


def _check_overflow(session: Session, max_saldo: int | None, max_dias: int | None) -> None:
    if not is_sqlite(session) or not max_saldo or not max_dias:
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
