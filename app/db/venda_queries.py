"""The Venda section computed by the database: its figures, the grid's order, its rows.

A customer may have hundreds of thousands of sale items. The database filters them
(empresa, period, product), sums them for the figures (venda_summary: the VendaSummary
app.db.venda.summarize computes from the rows) and orders their ids (ordered_item_ids:
the order app.models.base.sorted_rows gives); the grid then reads rows a page at a
time (itens_by_ids). Tests compare each with the Python reference on both databases.

Text as the user reads it: the product filter and the sort of text columns ignore
accents and case as app.domain.text.normalize_search does. SQL cannot strip accents
the same way on both databases, so Python does it on the few distinct values involved
(the customer's products and vendedores, the empresas) and hands the database their
ids (the filter) or their place in the order (a CASE, the sort). CÓD. VENDA, one value
per sale, sorts by lower() in byte order: the same order for codes without accents or
runs of spaces (as the Financeiro grid sorts its codes, app.db.positions).

Exactness: money is summed as stored (integer cents on SQLite, NUMERIC on PostgreSQL)
and read back through Money. venda_item.cliente_id and data repeat the venda's
(schema.VendaItem), so the customer's cancelled sales are looked up by cliente_id.

Filtered by nothing but a period, the figures and the grid's count read the customer's
days (venda_dia, kept by triggers on venda_item, migration 0010) instead of the items:
a day's count of items, of distinct sales and its valor_total summed, every sale's; the
cancelled sales' items (few, from their own index) are taken out of their days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Integer,
    Numeric,
    Select,
    cast,
    distinct,
    exists,
    func,
    literal,
    literal_column,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from app.db.bound import AS_OF, CLIENTE, values
from app.db.schema import Empresa, Produto, Venda, VendaDia, VendaItem
from app.db.sorting import (
    among_ids,
    by_rank,
    direction,
    id_parts,
    ids_as_array,
    ids_in_order,
    ranks,
)
from app.db.types import Money
from app.db.venda import (
    DEFAULT_ORDER,
    ItemRow,
    VendaSummary,
    item_select,
    month_starts,
    summarize,
)
from app.domain.money import to_cents
from app.domain.text import normalize_search

Period = tuple[date | None, date | None]
CANCELLED = "cancelada"  # the situacao of ix_venda_cliente_cancelada (schema.Venda)


@dataclass(frozen=True)
class VendaFilters:
    """What the Venda page filters by: as app.db.venda.filter_itens does."""

    empresa: str | None = None
    period: Period = (None, None)
    produto: str = ""

    def is_default(self) -> bool:
        """No filter: every item of the customer as of the date."""
        return (
            self.empresa is None
            and self.period == (None, None)
            and not normalize_search(self.produto)
        )


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _number(sqlite: bool) -> Integer | Numeric:
    """Money as stored, without Money's conversion (integer cents on SQLite)."""
    return Integer() if sqlite else Numeric()


def _customer_products(session: Session, cliente_id: int) -> dict[int, tuple[str, str]]:
    """id -> (código, descrição) of every product the customer bought."""
    bought = select(VendaItem.produto_id).where(VendaItem.cliente_id == cliente_id)
    stmt = select(Produto.id, Produto.codigo, Produto.descricao).where(Produto.id.in_(bought))
    return {row[0]: (row[1], row[2]) for row in session.execute(stmt)}


def _conditions(
    session: Session, cliente_id: int, filters: VendaFilters
) -> list[ColumnElement[bool]] | None:
    """The conditions on venda_item that keep, of the customer's items as of the date
    (app.db.bound's parameter), those the filters keep (the customer's own condition is
    the caller's: venda_summary finds the cancelled ones from the sales); None when the
    product text matches none of the customer's products."""
    conditions: list[ColumnElement[bool]] = [VendaItem.data <= AS_OF]
    start, end = filters.period
    if start is not None:
        conditions.append(VendaItem.data >= start)
    if end is not None:
        conditions.append(VendaItem.data <= end)
    if filters.empresa is not None:
        of_empresa = select(Venda.id).where(
            Venda.cliente_id == CLIENTE,
            Venda.empresa_id.in_(select(Empresa.id).where(Empresa.codigo == filters.empresa)),
        )
        conditions.append(VendaItem.venda_id.in_(of_empresa))
    wanted = normalize_search(filters.produto)
    if wanted:
        products = _customer_products(session, cliente_id)
        matching = [
            i
            for i, (codigo, descricao) in products.items()
            if wanted in normalize_search(f"{codigo} {descricao}")
        ]
        if not matching:
            return None
        if len(matching) < len(products):
            conditions.append(VendaItem.produto_id.in_(sorted(matching)))
    return conditions


# --- the figures ---


def _by_days(filters: VendaFilters) -> bool:
    """Filtered by a period at most: the figures and the count read the stored days."""
    return filters.empresa is None and not normalize_search(filters.produto)


def _within(column: Any, period: Period) -> list[ColumnElement[bool]]:
    """``column`` up to the date (app.db.bound's parameter) and within ``period``."""
    start, end = period
    conditions = [column <= AS_OF]
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column <= end)
    return conditions


def venda_summary(
    session: Session,
    cliente_id: int,
    as_of: date,
    filters: VendaFilters | None = None,
    *,
    months: int = 24,
) -> VendaSummary:
    """What venda.summarize(filter_itens(load_itens(...)), as_of) gives, computed by the
    database: total comprado, compras (distinct sales), ticket médio, first and last
    purchase and the totals of the last ``months`` months (cancelled sales left out)."""
    filters = filters or VendaFilters()
    if _by_days(filters):  # built once per period: the section as it opens, by default
        stmt = _days_summary_stmt(_sqlite(session), filters.period)
    else:
        conditions = _conditions(session, cliente_id, filters)
        if conditions is None:
            return summarize([], as_of, months=months)
        stmt = _summary_stmt(_sqlite(session), conditions)
    months_found = session.execute(stmt, values(cliente_id, as_of)).all()
    total = sum((row[1] for row in months_found), Decimal("0.00"))
    compras = sum(int(row[2]) for row in months_found)
    first = min((row[3] for row in months_found), default=None)
    last = max((row[4] for row in months_found), default=None)
    by_month = dict.fromkeys(month_starts(as_of, months), Decimal("0.00"))
    for start, amount, *_ in months_found:
        if start in by_month:
            by_month[start] = amount
    ticket = to_cents(total / compras) if compras else Decimal("0.00")
    return VendaSummary(total, compras, ticket, first, last, list(by_month.items()))


@lru_cache(maxsize=8)
def _days_summary_stmt(sqlite: bool, period: Period) -> Select:
    """venda_summary's statement from the customer's stored days within ``period``."""
    days = (
        select(
            VendaDia.data.label("data"),
            type_coerce(VendaDia.total, _number(sqlite)).label("total"),
            VendaDia.vendas.label("vendas"),
        )
        .where(VendaDia.cliente_id == CLIENTE, *_within(VendaDia.data, period))
        .subquery("dias")
    )
    return _months(sqlite, days, _within(VendaItem.data, period))


def _summary_stmt(sqlite: bool, conditions: Sequence[ColumnElement[bool]]) -> Select:
    """venda_summary's statement: the months with their totals, sales, first and last
    day, of the customer's items that meet ``conditions``."""
    # day by day, in the order of the customer's index (no sort, no date function per
    # item): a sale's items share its date (schema.VendaItem), so the days' distinct
    # sales add up to the customer's
    stmt = select().where(VendaItem.cliente_id == CLIENTE, *conditions)
    return _months(sqlite, _by_day(sqlite, stmt, "dias"), conditions)


def _by_day(sqlite: bool, stmt: Select[Any], name: str) -> Any:
    """``stmt``'s items summed per day: data, total (as stored), vendas (distinct)."""
    return (
        stmt.add_columns(
            VendaItem.data.label("data"),
            func.sum(type_coerce(VendaItem.valor_total, _number(sqlite))).label("total"),
            func.count(distinct(VendaItem.venda_id)).label("vendas"),
        )
        .group_by(VendaItem.data)
        .subquery(name)
    )


def _months(sqlite: bool, days: Any, conditions: Sequence[ColumnElement[bool]]) -> Select:
    """The months of ``days`` (data, total, vendas of every sale) with their totals,
    sales, first and last day, the customer's cancelled sales that meet ``conditions``
    taken out of their days (found from the sales by their own index, the customer's
    condition on the items left out, else the database would read every item again);
    the days left with a sale summed month by month."""
    cancelled = (
        select()
        .select_from(VendaItem)
        .join(Venda, Venda.id == VendaItem.venda_id)
        .where(Venda.cliente_id == CLIENTE, Venda.situacao == CANCELLED, *conditions)
    )
    off = _by_day(sqlite, cancelled, "canceladas")
    kept = (
        select(
            days.c.data,
            (days.c.total - func.coalesce(off.c.total, 0)).label("total"),
            (days.c.vendas - func.coalesce(off.c.vendas, 0)).label("vendas"),
        )
        .outerjoin(off, off.c.data == days.c.data)
        .subquery("mantidas")
    )
    if sqlite:  # dates are stored as 'YYYY-MM-DD'
        month: ColumnElement[Any] = func.strftime("%Y-%m-01", kept.c.data)
    else:
        # 'month' written in the SQL: the same expression in SELECT and GROUP BY for
        # any client that numbers each parameter apart (Qt's QPSQL in the benchmark)
        month = cast(func.date_trunc(literal_column("'month'"), cast(kept.c.data, DateTime)), Date)
    return (
        select(
            type_coerce(month, Date()),
            type_coerce(func.sum(kept.c.total), Money()),
            func.sum(kept.c.vendas),
            func.min(kept.c.data),
            func.max(kept.c.data),
        )
        .where(kept.c.vendas > 0)
        .group_by(month)
    )


def customer_empresas(session: Session, cliente_id: int, as_of: date) -> list[str]:
    """The codes of the empresas the customer bought from up to ``as_of`` (the filter's
    choices), sorted. Each empresa stops at its first sale found: a customer with
    tens of thousands of sales costs a few lookups, not a pass over them all."""
    return sorted(session.scalars(_empresas_stmt(_sqlite(session)), values(cliente_id, as_of)))


@lru_cache(maxsize=2)
def _empresas_stmt(sqlite: bool) -> Select[Any]:
    has_items = exists().where(VendaItem.venda_id == Venda.id, VendaItem.data <= AS_OF)
    of_empresa = (Venda.cliente_id == CLIENTE, Venda.empresa_id == Empresa.id)
    if sqlite:  # SQLite runs a correlated EXISTS once an empresa, as written
        bought = exists().where(*of_empresa, Venda.data <= AS_OF, has_items)
        return select(Empresa.codigo).where(bought)
    # PostgreSQL would turn EXISTS into a join over every sale; LIMIT 1 keeps it
    first = (
        select(literal(1).label("found"))
        .where(*of_empresa, Venda.data <= AS_OF, has_items)
        .limit(1)
        .lateral("first_sale")
    )
    return select(Empresa.codigo).join(first, true())


# --- the grid: ids in the order chosen, then rows a page at a time ---


def sort_order(
    session: Session, cliente_id: int, key: str, descending: bool
) -> list[ColumnElement[Any]]:
    """ORDER BY terms of the grid's column ``key``, as app.models.base.sorted_rows sorts
    in Python (empty values last either way). Reads the small lists it ranks."""
    if key == "data":
        return [direction(VendaItem.data, descending)]
    if key == "cod_venda":
        lowered: ColumnElement[Any] = func.lower(Venda.codigo)
        if not _sqlite(session):
            lowered = lowered.collate("C")  # byte order, as Python compares
        return [Venda.codigo == "", direction(lowered, descending)]
    if key == "empresa":
        empresas = {row[0]: row[1] for row in session.execute(select(Empresa.id, Empresa.codigo))}
        return by_rank(ranks(empresas), Venda.empresa_id, descending)
    if key in {"codigo_produto", "descricao"}:
        products = _customer_products(session, cliente_id)
        part = 0 if key == "codigo_produto" else 1
        places = ranks({i: texts[part] for i, texts in products.items()})
        return by_rank(places, VendaItem.produto_id, descending)
    if key == "vendedor":
        names = session.scalars(
            select(Venda.vendedor).where(Venda.cliente_id == cliente_id).distinct()
        )
        return by_rank(ranks({name: name for name in names}), Venda.vendedor, descending)
    if key in {"quantidade", "valor_unitario", "desconto", "valor_total"}:  # never NULL
        return [direction(VendaItem.__table__.c[key], descending)]
    raise ValueError(f"coluna desconhecida da grade de vendas: {key}")


def ordered_item_ids(
    session: Session,
    cliente_id: int,
    as_of: date,
    filters: VendaFilters | None = None,
    sort: tuple[str, bool] | None = None,
    *,
    limit: int | None = None,
) -> list[int]:
    """The ids of the items the grid shows, in its order: ``sort`` is (column key of
    venda.COLUMNS, descending); empty values last either way; ties (and no sort) in the
    default order (data descending, cód. venda, item, id), as venda.load_itens orders;
    the first ``limit`` of them."""
    filters = filters or VendaFilters()
    if filters.is_default() and sort is None:  # the section as it opens: built once
        stmt = _default_ids_stmt(limit)
    else:
        conditions = _conditions(session, cliente_id, filters)
        if conditions is None:
            return []
        order = sort_order(session, cliente_id, *sort) if sort is not None else []
        stmt = _ids_stmt(conditions, order, limit)
    return ids_in_order(session, stmt, values(cliente_id, as_of))


def first_item_ids(
    session: Session,
    cliente_id: int,
    as_of: date,
    filters: VendaFilters,
    sort: tuple[str, bool] | None,
    page: int,
) -> tuple[list[int], int]:
    """The first ``page`` ids of ordered_item_ids and how many there are in all."""
    ids = ordered_item_ids(session, cliente_id, as_of, filters, sort, limit=page)
    if len(ids) < page:
        return ids, len(ids)
    if _by_days(filters):
        stmt = _days_count_stmt(filters.period)
    else:
        conditions = _conditions(session, cliente_id, filters)
        stmt = _count_stmt(conditions or [])
    return ids, int(session.execute(stmt, values(cliente_id, as_of)).scalar_one())


@lru_cache(maxsize=2)
def _default_ids_stmt(limit: int | None) -> Select[Any]:
    return _ids_stmt([VendaItem.data <= AS_OF], [], limit)


def _ids_stmt(
    conditions: Sequence[ColumnElement[bool]],
    order: Sequence[ColumnElement[Any]],
    limit: int | None,
) -> Select[Any]:
    stmt = (
        select(VendaItem.id)
        .join(Venda, Venda.id == VendaItem.venda_id)
        # the sale's customer is the item's (schema.VendaItem): said again so that
        # PostgreSQL reads the customer's sales by index rather than every sale
        # (the whale's 200,000 items: 465 -> 180 ms)
        .where(VendaItem.cliente_id == CLIENTE, *conditions, Venda.cliente_id == CLIENTE)
        .order_by(*order, *DEFAULT_ORDER)
    )
    return stmt if limit is None else stmt.limit(limit)


@lru_cache(maxsize=8)
def _days_count_stmt(period: Period) -> Select[Any]:
    """How many of the customer's items are within ``period``, from the stored days."""
    total = func.coalesce(func.sum(VendaDia.itens), 0)
    return select(total).where(VendaDia.cliente_id == CLIENTE, *_within(VendaDia.data, period))


def _count_stmt(conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """How many of the customer's items meet ``conditions`` (every item has its sale)."""
    return select(func.count()).where(VendaItem.cliente_id == CLIENTE, *conditions)


def itens_by_ids(session: Session, ids: Sequence[int]) -> list[ItemRow]:
    """The items of these ids, in the order given (ids not found are left out)."""
    found: dict[int, ItemRow] = {}
    array = ids_as_array(session)
    stmt = _items_stmt(array)
    conn = session.connection()
    for part in id_parts(ids, array):
        for row in conn.execute(stmt, part).fetchall():
            item = ItemRow(*row)
            found[item.id] = item
    return [found[i] for i in ids if i in found]


@lru_cache(maxsize=2)
def _items_stmt(array: bool) -> Select[Any]:
    """A page of the grid: the items of the ``ids`` parameter (built and compiled once,
    whatever the ids; see app.db.sorting.among_ids)."""
    return item_select().where(among_ids(VendaItem.id, array))
