"""Each customer's sale items summed per day (venda_dia, migration 0010): kept by the
database's triggers through every change of an item, written set-wise by the bulk
loads, and read by the Venda figures and the grid's count when only a period filters
them, the cancelled sales taken out from their own index."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import case, delete, distinct, func, insert, literal, select, update
from sqlalchemy.orm import Session

from app.db import venda_queries
from app.db.bound import values
from app.db.demo import generate
from app.db.engine import Database, make_engine, open_database, parse_url
from app.db.schema import Produto, Venda, VendaDia, VendaItem
from app.db.types import Money
from app.db.venda import filter_itens, load_itens, summarize
from app.db.venda_queries import VendaFilters
from tests import factories as f
from tests.db.test_migrations import downgrade, upgrade

REF = date(2026, 11, 29)
D1, D2, D3 = date(2026, 3, 2), date(2026, 3, 20), date(2026, 5, 7)

Days = dict[tuple[int, date], tuple[int, int, Decimal]]


def stored(s: Session) -> Days:
    rows = s.execute(select(VendaDia)).scalars()
    return {(r.cliente_id, r.data): (r.itens, r.vendas, r.total) for r in rows}


def counted(s: Session) -> Days:
    """The same sums counted from the items themselves."""
    rows = s.execute(
        select(
            VendaItem.cliente_id,
            VendaItem.data,
            func.count(),
            func.count(distinct(VendaItem.venda_id)),
            func.sum(VendaItem.valor_total),
        ).group_by(VendaItem.cliente_id, VendaItem.data)
    ).all()
    return {(c, d): (n, v, Decimal(t)) for c, d, n, v, t in rows}


def check(s: Session, expected: Days) -> None:
    s.flush()
    s.expire_all()
    assert stored(s) == counted(s) == expected


def produto(s: Session, codigo: str = "P1") -> int:
    found = s.execute(
        insert(Produto).values(codigo=codigo, descricao=f"Produto {codigo}").returning(Produto.id)
    )
    return int(found.scalar_one())


def venda(s: Session, codigo: str, empresa: int, cliente: int, day: date, **kw: Any) -> int:
    found = s.execute(
        insert(Venda)
        .values(codigo=codigo, empresa_id=empresa, cliente_id=cliente, data=day, **kw)
        .returning(Venda.id)
    )
    return int(found.scalar_one())


def itens(
    s: Session, venda_id: int, cliente: int, day: date, produto_id: int, *totals: str
) -> None:
    """The sale's items, one statement for all of them (one trigger run on PostgreSQL)."""
    first = s.scalar(select(func.count()).where(VendaItem.venda_id == venda_id)) or 0
    s.execute(
        insert(VendaItem),
        [
            {
                "venda_id": venda_id,
                "cliente_id": cliente,
                "data": day,
                "item": first + n + 1,
                "produto_id": produto_id,
                "quantidade": Decimal("1"),
                "valor_unitario": Decimal(total),
                "desconto": Decimal("0.00"),
                "valor_total": Decimal(total),
            }
            for n, total in enumerate(totals)
        ],
    )


def money(amount: str) -> Any:
    """An amount as the column stores it (integer cents on SQLite), inside SQL."""
    return literal(Decimal(amount), Money())


def item_id(s: Session, venda_id: int, item: int) -> int:
    stmt = select(VendaItem.id).where(VendaItem.venda_id == venda_id, VendaItem.item == item)
    return int(s.execute(stmt).scalar_one())


def test_the_days_follow_every_change_of_a_sale_item(db: Database) -> None:
    with db.session() as s:
        e, c1, c2 = f.empresa(s, "E01"), f.cliente(s, "C1"), f.cliente(s, "C2")
        p = produto(s)
        a = venda(s, "V-A", e, c1, D1)
        b = venda(s, "V-B", e, c1, D1)
        itens(s, a, c1, D1, p, "10.00", "20.00", "0.50")
        check(s, {(c1, D1): (3, 1, Decimal("30.50"))})
        itens(s, b, c1, D1, p, "5.00")
        itens(s, a, c1, D1, p, "1.00")  # a sale already counted that day: not again
        check(s, {(c1, D1): (5, 2, Decimal("36.50"))})
        # a valor corrected: the day's total only (the sale of one item still counts once)
        only_b = item_id(s, b, 1)
        s.execute(update(VendaItem).where(VendaItem.id == only_b).values(valor_total=Decimal("7")))
        check(s, {(c1, D1): (5, 2, Decimal("38.50"))})
        # a sale moved to another day, all its items in one statement (as the importer does)
        s.execute(update(VendaItem).where(VendaItem.venda_id == a).values(data=D2))
        check(s, {(c1, D1): (1, 1, Decimal("7.00")), (c1, D2): (4, 1, Decimal("31.50"))})
        # one of its items alone to another customer (the sale now counts for both)
        s.execute(update(VendaItem).where(VendaItem.id == item_id(s, a, 2)).values(cliente_id=c2))
        check(
            s,
            {
                (c1, D1): (1, 1, Decimal("7.00")),
                (c1, D2): (3, 1, Decimal("11.50")),
                (c2, D2): (1, 1, Decimal("20.00")),
            },
        )
        # an item moved to another sale on the same day, and its valor changed at once
        s.execute(
            update(VendaItem)
            .where(VendaItem.id == item_id(s, a, 3))
            .values(venda_id=b, item=9, data=D1, valor_total=Decimal("2.00"))
        )
        check(
            s,
            {
                (c1, D1): (2, 1, Decimal("9.00")),
                (c1, D2): (2, 1, Decimal("11.00")),
                (c2, D2): (1, 1, Decimal("20.00")),
            },
        )
        # items deleted: the day stays while it has any; a day left with none goes
        s.execute(delete(VendaItem).where(VendaItem.id == item_id(s, a, 1)))
        check(
            s,
            {
                (c1, D1): (2, 1, Decimal("9.00")),
                (c1, D2): (1, 1, Decimal("1.00")),
                (c2, D2): (1, 1, Decimal("20.00")),
            },
        )
        # a sale deleted takes its items with it (ON DELETE CASCADE), and their days
        s.execute(delete(Venda).where(Venda.id == a))
        check(s, {(c1, D1): (2, 1, Decimal("9.00"))})
        s.execute(delete(VendaItem))
        check(s, {})


def test_a_statement_of_many_items_of_many_sales_and_days(db: Database) -> None:
    """One statement inserting, moving or deleting items of several sales over several
    days (what a COPY or the importer's update is on PostgreSQL: one trigger run)."""
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        p = produto(s)
        ids = [venda(s, f"V-{n}", e, c, D1 if n % 2 else D2) for n in range(6)]
        rows = [
            {
                "venda_id": v,
                "cliente_id": c,
                "data": D1 if n % 2 else D2,
                "item": i,
                "produto_id": p,
                "quantidade": Decimal("2"),
                "valor_unitario": Decimal("1.25"),
                "desconto": Decimal("0.00"),
                "valor_total": Decimal("2.50"),
            }
            for n, v in enumerate(ids)
            for i in range(1, n + 2)
        ]
        s.execute(insert(VendaItem).values(rows))  # one multi-row INSERT
        check(s, {(c, D1): (12, 3, Decimal("30.00")), (c, D2): (9, 3, Decimal("22.50"))})
        s.execute(update(VendaItem).where(VendaItem.data == D2).values(data=D3))
        check(s, {(c, D1): (12, 3, Decimal("30.00")), (c, D3): (9, 3, Decimal("22.50"))})
        # every item written again, as an import does, a few with a new valor
        s.execute(update(VendaItem).values(quantidade=Decimal("3"), data=VendaItem.data))
        check(s, {(c, D1): (12, 3, Decimal("30.00")), (c, D3): (9, 3, Decimal("22.50"))})
        s.execute(
            update(VendaItem).values(
                valor_total=case((VendaItem.item == 1, money("1.00")), else_=money("2.50"))
            )
        )
        check(s, {(c, D1): (12, 3, Decimal("25.50")), (c, D3): (9, 3, Decimal("18.00"))})
        # the first two items of every sale on D1: the sale of two items loses all
        s.execute(delete(VendaItem).where(VendaItem.data == D1, VendaItem.item <= 2))
        check(s, {(c, D1): (6, 2, Decimal("15.00")), (c, D3): (9, 3, Decimal("18.00"))})


def figures(db: Database, cliente_id: int, filters: VendaFilters | None = None) -> Any:
    """The Venda figures and the grid's count, and the same computed in Python."""
    filters = filters or VendaFilters()
    with db.session() as s:
        summary = venda_queries.venda_summary(s, cliente_id, REF, filters)
        _ids, count = venda_queries.first_item_ids(s, cliente_id, REF, filters, None, 2)
        shown = filter_itens(load_itens(s, cliente_id, REF), period=filters.period)
    return summary, count, summarize(shown, REF), len(shown)


def test_the_figures_read_the_days_and_take_the_cancelled_sales_out(db: Database) -> None:
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        p = produto(s)
        kept = venda(s, "V-1", e, c, D1)
        cancelled = venda(s, "V-2", e, c, D1, situacao="cancelada")
        later = venda(s, "V-3", e, c, D3)
        itens(s, kept, c, D1, p, "10.00", "2.50")
        itens(s, cancelled, c, D1, p, "100.00")
        itens(s, later, c, D3, p, "40.00")
    summary, count, reference, shown = figures(db, c)
    assert (summary, count) == (reference, shown)
    assert (summary.total_comprado, summary.compras, count) == (Decimal("52.50"), 2, 4)
    for period in ((D2, None), (None, D2), (D1, D1), (D3 + timedelta(1), None)):
        summary, count, reference, shown = figures(db, c, VendaFilters(period=period))
        assert (summary, count) == (reference, shown), period
    with db.session() as s:  # made wrong on purpose: shows where the figures come from
        s.execute(update(VendaDia).values(itens=VendaDia.itens + 10, total=VendaDia.total + 1000))
    summary, count, *_ = figures(db, c)
    assert (summary.total_comprado, summary.compras, count) == (Decimal("2052.50"), 2, 24)
    # filtered by empresa or product, the items themselves are read
    with db.session() as s:
        by_empresa = venda_queries.venda_summary(s, c, REF, VendaFilters(empresa="E01"))
    assert by_empresa.total_comprado == Decimal("52.50")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_cancelled_sales_are_found_by_their_own_index(db: Database) -> None:
    """The cancelled sales taken out of the days are read from their partial index,
    not from every sale of the customer, and the items only for them."""
    stmt = venda_queries._days_summary_stmt(True, (None, None))
    compiled = stmt.compile(db.engine)
    params = compiled.construct_params(values(1, REF))
    with db.engine.connect() as conn:
        plan = conn.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {compiled.string}",
            tuple(params[name] for name in compiled.positiontup or ()),
        ).all()
    details = " ".join(row[-1] for row in plan)
    assert "USING INDEX ix_venda_cliente_cancelada" in details
    assert "venda_dia" in details and "SCAN venda_item" not in details


def test_the_demo_writes_the_days_its_triggers_would_and_leaves_them_on(db: Database) -> None:
    generate(db, seed=5, customers=40, reference=REF)
    with db.session() as s:
        days = stored(s)
        assert days == counted(s)
        assert len(days) > 40
        (c, day), (n, vendas, total) = next(iter(days.items()))
        v = s.execute(
            select(VendaItem.venda_id)
            .where(VendaItem.cliente_id == c, VendaItem.data == day)
            .limit(1)
        ).scalar_one()
        p = s.execute(select(Produto.id).limit(1)).scalar_one()
        itens(s, v, c, day, p, "3.00")
        assert stored(s)[c, day] == (n + 1, vendas, total + Decimal("3.00"))
        assert stored(s) == counted(s)


def test_0010_sums_the_items_before_it(db_url: str) -> None:
    downgrade(db_url, "0009")
    engine = make_engine(parse_url(db_url))
    with Session(engine) as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        p = produto(s)
        a, b = venda(s, "V-A", e, c, D1), venda(s, "V-B", e, c, D1)
        itens(s, a, c, D1, p, "1.00", "2.00")
        itens(s, b, c, D1, p, "4.00")
        s.commit()
    upgrade(db_url)
    with Session(engine) as s:
        assert stored(s) == counted(s) == {(c, D1): (3, 2, Decimal("7.00"))}
    engine.dispose()
    db = open_database(db_url)  # and the triggers work on the upgraded database
    with db.session() as s:
        itens(s, b, c, D1 + timedelta(1), p, "8.00")
        check(s, {(c, D1): (3, 2, Decimal("7.00")), (c, D1 + timedelta(1)): (1, 1, Decimal("8"))})
    db.dispose()


def test_the_reliability_checks_find_a_stored_day_gone_wrong(db_url: str) -> None:
    from tests.reliability.reliability_support import invariant_violations

    db = open_database(db_url)
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        itens(s, venda(s, "V-A", e, c, D1), c, D1, produto(s), "1.00")
    assert invariant_violations(db_url) == []
    with db.session() as s:
        s.execute(update(VendaDia).values(vendas=VendaDia.vendas + 1))
    assert invariant_violations(db_url) == [f"vendas do dia diferentes das guardadas: [{c}]"]
    with db.session() as s:
        s.execute(delete(VendaDia))
    assert invariant_violations(db_url) == [f"vendas do dia diferentes das guardadas: [{c}]"]
    db.dispose()
