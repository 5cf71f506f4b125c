"""Venda section: every item the customer bought."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.db.columns import Column, Kind
from app.db.schema import Empresa, Produto, Venda, VendaItem
from app.domain.money import to_cents
from app.domain.text import normalize_search


class ItemRow(NamedTuple):
    """A sale item of the Venda grid (a tuple: made from a database row at the cost of
    one, a grid scrolled to the end of a big customer's 200,000 items holds them all)."""

    id: int
    data: date
    cod_venda: str
    empresa: str
    codigo_produto: str
    descricao: str
    quantidade: Decimal
    valor_unitario: Decimal
    desconto: Decimal
    valor_total: Decimal
    vendedor: str | None
    situacao: str


def item_select() -> Select:
    """The columns of an ItemRow, with the joins they need (no condition, no order)."""
    return (
        select(
            VendaItem.id,
            VendaItem.data,
            Venda.codigo,
            Empresa.codigo,
            Produto.codigo,
            Produto.descricao,
            VendaItem.quantidade,
            VendaItem.valor_unitario,
            VendaItem.desconto,
            VendaItem.valor_total,
            Venda.vendedor,
            Venda.situacao,
        )
        .join(Venda, Venda.id == VendaItem.venda_id)
        .join(Empresa, Empresa.id == Venda.empresa_id)
        .join(Produto, Produto.id == VendaItem.produto_id)
    )


# The grid's default order: newest first, then by sale and item (venda_queries too).
DEFAULT_ORDER = (VendaItem.data.desc(), Venda.codigo, VendaItem.item, VendaItem.id)


def load_itens(
    session: Session, cliente_id: int, as_of: date, *, empresa: str | None = None
) -> list[ItemRow]:
    """The customer's sale items up to ``as_of``, newest first (every one of them: the
    Venda page loads them a page at a time instead, see app.db.venda_queries)."""
    query = (
        item_select()
        .where(VendaItem.cliente_id == cliente_id, VendaItem.data <= as_of)
        .order_by(*DEFAULT_ORDER)
    )
    if empresa is not None:
        query = query.where(Empresa.codigo == empresa)
    return [ItemRow(*tuple(row)) for row in session.execute(query)]


COLUMNS: tuple[Column[ItemRow], ...] = (
    Column("data", "DATA", Kind.DATE, lambda r: r.data),
    Column("cod_venda", "CÓD. VENDA", Kind.TEXT, lambda r: r.cod_venda),
    Column("empresa", "EMPRESA", Kind.TEXT, lambda r: r.empresa),
    Column("codigo_produto", "CÓDIGO PRODUTO", Kind.TEXT, lambda r: r.codigo_produto),
    Column("descricao", "DESCRIÇÃO", Kind.TEXT, lambda r: r.descricao),
    Column("quantidade", "QUANTIDADE", Kind.QUANTITY, lambda r: r.quantidade),
    Column("valor_unitario", "VALOR UNI.", Kind.MONEY, lambda r: r.valor_unitario),
    Column("desconto", "DESCONTO", Kind.MONEY, lambda r: r.desconto),
    Column("valor_total", "VALOR TOTAL", Kind.MONEY, lambda r: r.valor_total),
    Column("vendedor", "VENDEDOR", Kind.TEXT, lambda r: r.vendedor),
)


# --- the Venda page's filters and summary ---


def filter_itens(
    rows: Sequence[ItemRow],
    *,
    period: tuple[date | None, date | None] = (None, None),
    empresa: str | None = None,
    produto: str = "",
) -> list[ItemRow]:
    """The items the grid shows: within the period, of the empresa, whose product code or
    description contains ``produto`` (accents and case ignored)."""
    start, end = period
    wanted = normalize_search(produto)
    matches: dict[tuple[str, str], bool] = {}  # products repeat: normalise each one once

    def product_matches(r: ItemRow) -> bool:
        key = (r.codigo_produto, r.descricao)
        found = matches.get(key)
        if found is None:
            found = matches[key] = wanted in normalize_search(f"{key[0]} {key[1]}")
        return found

    return [
        r
        for r in rows
        if (start is None or r.data >= start)
        and (end is None or r.data <= end)
        and (empresa is None or r.empresa == empresa)
        and (not wanted or product_matches(r))
    ]


@dataclass(frozen=True)
class VendaSummary:
    total_comprado: Decimal
    compras: int  # distinct sales (CÓD. VENDA), cancelled ones left out
    ticket_medio: Decimal
    primeira: date | None
    ultima: date | None
    por_mes: list[tuple[date, Decimal]]  # (first day of the month, total), oldest first


def month_starts(as_of: date, months: int) -> list[date]:
    """The first days of the ``months`` months up to ``as_of``'s, oldest first."""
    year, month = as_of.year, as_of.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def summarize(rows: Iterable[ItemRow], as_of: date, *, months: int = 24) -> VendaSummary:
    """Total bought, purchases, ticket médio, first/last purchase and the monthly totals
    of the last ``months`` months up to ``as_of``."""
    total = Decimal("0.00")
    vendas: set[str] = set()
    first: date | None = None
    last: date | None = None
    starts = month_starts(as_of, months)
    by_month = dict.fromkeys(starts, Decimal("0.00"))
    for r in rows:
        if r.situacao == "cancelada":
            continue
        total += r.valor_total
        vendas.add(r.cod_venda)
        first = r.data if first is None or r.data < first else first
        last = r.data if last is None or r.data > last else last
        key = date(r.data.year, r.data.month, 1)
        if key in by_month:
            by_month[key] += r.valor_total
    ticket = to_cents(total / len(vendas)) if vendas else Decimal("0.00")
    return VendaSummary(total, len(vendas), ticket, first, last, list(by_month.items()))
