"""The order of the Financeiro grid, by the database: the ids of a customer's títulos
filtered and sorted by any column (app.db.positions computes what they are sorted by),
the first page of them with a count, and the open títulos a renegotiation chooses from.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Numeric,
    Select,
    Subquery,
    case,
    func,
    literal_column,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from app.db.bound import AS_OF, CLIENTE, values
from app.db.columns import FORMAS_PAGAMENTO
from app.db.financeiro import TituloRow, rows_by_ids
from app.db.positions import (
    NOT_PAID_IN_FULL,
    Companies,
    Filters,
    companies,
    emissao_term,
    held_of,
    is_sqlite,
    positions,
    where,
    within,
)
from app.db.schema import Recebimento, Titulo
from app.db.sorting import ids_in_order
from app.domain.text import normalize_search
from app.domain.titulos import OPEN_STATUSES, Status


def _ranked(labels: Mapping[Any, str]) -> dict[Any, int]:
    """Stored value -> its place when sorted by the label the user reads."""
    order = sorted(labels, key=lambda k: normalize_search(labels[k]))
    return {value: i for i, value in enumerate(order)}


STATUS_RANK = _ranked({s.value: s.label for s in Status})
FORMA_RANK = _ranked(FORMAS_PAGAMENTO)


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
        is_sqlite(session),
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
    *,
    uncounted: bool = False,
) -> tuple[list[int], int]:
    """The first ``page`` ids of ordered_ids and how many there are in all: counted
    here, or ``count`` when the caller knows it (the figures it has of the same
    filters: counting 100,000 positions is most of the time a status toggle takes).
    ``uncounted``: the caller will have the count from the figures it is reading
    meanwhile; one id more than the page tells whether others follow, and the count
    is then the page and that one (at least)."""
    if uncounted and count is None:
        ids = ordered_ids(session, cliente_id, as_of, filters, sort, limit=page + 1)
        return (ids, len(ids)) if len(ids) <= page else (ids[:page], page + 1)
    ids = ordered_ids(session, cliente_id, as_of, filters, sort, limit=page)
    if len(ids) < page:
        return ids, len(ids)
    if count is not None:
        return ids, max(count, len(ids))
    empresas, held = companies(session), held_of(session, cliente_id, as_of)
    stmt = _count_stmt(is_sqlite(session), empresas, held, filters)
    return ids, int(session.execute(stmt, values(cliente_id, as_of)).scalar_one())


def _positions_for(
    sqlite: bool, empresas: Companies, held: tuple[int, ...], filters: Filters, by_venda: bool
) -> Subquery:
    no_paid = filters.statuses is not None and Status.RECEBIDO not in filters.statuses
    return positions(sqlite, empresas, held=held, with_venda=by_venda, unpaid_only=no_paid)


_NOT_CANCELLED = frozenset(Status) - {Status.CANCELADO}
_OPEN = frozenset(OPEN_STATUSES)


def _needs_positions(filters: Filters, sort: tuple[str, bool] | None) -> bool:
    """Whether the grid's order needs the títulos' positions: not for every status but
    (or with) Cancelado, by no ageing bucket, in the default order, where the títulos'
    own columns decide which are shown and in what order."""
    statuses = filters.statuses
    every = statuses is None or statuses == frozenset(Status) or statuses == _NOT_CANCELLED
    return not (every and filters.bucket is None and sort is None)


@lru_cache(maxsize=256)
def _ids_stmt(
    sqlite: bool,
    empresas: Companies,
    held: tuple[int, ...],
    filters: Filters,
    sort: tuple[str, bool] | None,
    limit: int | None,
) -> Select:
    if not _needs_positions(filters, sort):
        return _plain_ids_stmt(sqlite, empresas, held, filters, limit)
    if sqlite and filters.statuses == _OPEN and filters.bucket is None and sort is None:
        return _open_ids_stmt(empresas, held, filters, limit)
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


def _plain_ids_stmt(
    sqlite: bool,
    empresas: Companies,
    held: tuple[int, ...],
    filters: Filters,
    limit: int | None,
) -> Select:
    """_ids_stmt where no position is needed (_needs_positions): the títulos issued by
    the date, not cancelled then unless Cancelado is shown (a título an acordo broken
    since held is cancelled then, as positions() has it), in the default order.

    On SQLite the emissão's term is written ``+titulo.emissao`` (a unary plus: no index
    for it), so that SQLite walks the customer's títulos by vencimento and stops at the
    page; otherwise it reads them all from the covering index (cliente, emissão, …) and
    sorts them (the whale's first page with Recebido on: 30 ms that way, 0.3 ms this way)."""
    issued = literal_column("+titulo.emissao", Date()) if sqlite else Titulo.emissao
    conditions = [
        Titulo.cliente_id == CLIENTE,
        issued <= AS_OF,
        *within(Titulo.vencimento, filters.vencimento),
        *within(Titulo.emissao, filters.emissao),
    ]
    if filters.empresa is not None:
        conditions.append(Titulo.empresa_id.in_(empresas.ids_of(filters.empresa)))
    if filters.statuses == _NOT_CANCELLED:
        conditions.append(or_(Titulo.cancelado_em.is_(None), Titulo.cancelado_em > AS_OF))
        if held:
            conditions.append(Titulo.id.not_in(held))
    stmt = (
        select(Titulo.id)
        .where(*conditions)
        .order_by(Titulo.vencimento, Titulo.numero_documento, Titulo.parcela, Titulo.id)
    )
    return stmt if limit is None else stmt.limit(limit)


def _open_ids_stmt(
    empresas: Companies,
    held: tuple[int, ...],
    filters: Filters,
    limit: int | None,
) -> Select:
    """_ids_stmt of the open statuses in the default order (the grid as a customer
    opens, or as "Posição em" moves), without positions: a título is in an open status
    on the date when it was issued by then, not cancelled then (nor held by an acordo
    broken since) and received less than its valor by then. Those whose receipts are
    all dated by the date compare their stored recebido, from the partial index of the
    títulos not paid in full (a later receipt only adds: one paid in full today was
    open then only if it had one); the others, with a receipt after the date (their
    own index), sum their receipts up to it. The CASEs of status, charges and ageing
    are for the rows shown (the whale a year back: 24 -> 11 ms; today 8 -> 2).

    SQLite only: PostgreSQL estimates the partial index's rows dear to fetch (the
    columns of the order are not in it) and filters all 100,000 of the whale instead
    (17 ms, the positions' statement 5); it keeps the statement of the positions."""
    day = AS_OF
    common = [
        Titulo.cliente_id == CLIENTE,
        or_(Titulo.cancelado_em.is_(None), Titulo.cancelado_em > day),
        *within(Titulo.vencimento, filters.vencimento),
        *within(Titulo.emissao, filters.emissao),
    ]
    if filters.empresa is not None:
        common.append(Titulo.empresa_id.in_(empresas.ids_of(filters.empresa)))
    if held:
        common.append(Titulo.id.not_in(held))
    keys = (Titulo.id, Titulo.vencimento, Titulo.numero_documento, Titulo.parcela)
    settled = select(*keys).where(
        *common,
        Titulo.emissao <= day,
        NOT_PAID_IN_FULL,  # the partial index's condition, so that it is used
        Titulo.recebido < Titulo.valor,
        or_(Titulo.ultimo_recebimento.is_(None), Titulo.ultimo_recebimento <= day),
    )
    received = (
        select(func.coalesce(func.sum(Recebimento.valor), 0))
        .where(Recebimento.titulo_id == Titulo.id, Recebimento.data <= day)
        .scalar_subquery()
    )
    later = select(*keys).where(
        *common,
        emissao_term(True, False) <= day,
        Titulo.ultimo_recebimento > day,
        received < Titulo.valor,
    )
    u = union_all(settled, later).subquery("abertos")
    stmt = select(u.c.id).order_by(u.c.vencimento, u.c.numero_documento, u.c.parcela, u.c.id)
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
