"""The count and valor of each customer's títulos paid in full, per empresa and day
(titulo_pago_dia, migrations 0008 and 0011): kept by the database's triggers through
every change of a título or of its receipts, written set-wise by the bulk loads, and
read by the Financeiro figures on any date, unless a period or a título held by a
later-broken acordo asks for counting."""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Integer, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.db import position_figures
from app.db.demo import generate
from app.db.engine import Database, make_engine, open_database, parse_url
from app.db.schema import Recebimento, Titulo, TituloPagoDia
from app.db.types import Money
from app.domain.titulos import Status
from tests import factories as f
from tests.db.test_migrations import downgrade, upgrade

REF = date(2026, 11, 29)
EMISSAO, VENCIMENTO = date(2026, 1, 10), date(2026, 2, 10)

Sums = dict[tuple[int, int], tuple[int, Decimal]]
Days = dict[tuple[int, int, date], tuple[int, Decimal]]


def stored_days(s: Session) -> Days:
    rows = s.execute(select(TituloPagoDia)).scalars()
    return {(r.cliente_id, r.empresa_id, r.dia): (r.quantidade, r.valor) for r in rows}


def counted_days(s: Session) -> Days:
    """The days counted from the títulos themselves: each título paid in full on the
    later of its emissão and its last receipt."""
    rows = s.execute(
        select(
            Titulo.cliente_id,
            Titulo.empresa_id,
            Titulo.emissao,
            Titulo.ultimo_recebimento,
            Titulo.valor,
        ).where(Titulo.recebido >= Titulo.valor, Titulo.cancelado_em.is_(None))
    ).all()
    days: dict[tuple[int, int, date], list[Decimal]] = defaultdict(list)
    for c, e, emissao, ultimo, valor in rows:
        days[c, e, max(emissao, ultimo or emissao)].append(valor)
    return {key: (len(v), sum(v, Decimal(0))) for key, v in days.items()}


def by_empresa(days: Days) -> Sums:
    sums: dict[tuple[int, int], tuple[int, Decimal]] = {}
    for (c, e, _dia), (n, v) in days.items():
        before = sums.get((c, e), (0, Decimal(0)))
        sums[c, e] = (before[0] + n, before[1] + v)
    return sums


def stored(s: Session) -> Sums:
    """titulo_pago_dia summed per customer and empresa; a day left with no título is
    gone from it."""
    days = stored_days(s)
    assert all(n != 0 for n, _v in days.values()), "a day with no título was kept"
    return by_empresa(days)


def counted(s: Session) -> Sums:
    """The same sums counted from the títulos themselves."""
    rows = s.execute(
        select(Titulo.cliente_id, Titulo.empresa_id, func.count(), func.sum(Titulo.valor))
        .where(Titulo.recebido >= Titulo.valor, Titulo.cancelado_em.is_(None))
        .group_by(Titulo.cliente_id, Titulo.empresa_id)
    ).all()
    return {(c, e): (n, Decimal(v)) for c, e, n, v in rows}


def check(s: Session, expected: Sums) -> None:
    s.flush()
    s.expire_all()
    assert stored(s) == counted(s) == expected
    assert stored_days(s) == counted_days(s)


def pay(s: Session, titulo_id: int, amount: str, day: date = EMISSAO) -> int:
    found = s.execute(
        insert(Recebimento)
        .values(titulo_id=titulo_id, data=day, valor=Decimal(amount))
        .returning(Recebimento.id)
    )
    return int(found.scalar_one())


def test_paid_totals_follow_every_change_of_a_titulo_and_its_receipts(db: Database) -> None:
    with db.session() as s:
        e1, e2 = f.empresa(s, "E01"), f.empresa(s, "E02")
        c1, c2 = f.cliente(s, "C1"), f.cliente(s, "C2")
        dates = {"emissao": EMISSAO, "vencimento": VENCIMENTO}
        a = f.titulo(s, e1, c1, valor="100.00", **dates)
        b = f.titulo(s, e1, c1, valor="50.25", **dates)
        c = f.titulo(s, e2, c1, valor="10.00", **dates)
        check(s, {})
        first = pay(s, a, "60.00")
        check(s, {})  # partly paid: not yet
        pay(s, a, "40.00")
        check(s, {(c1, e1): (1, Decimal("100.00"))})
        pay(s, a, "5.00")  # paid more than its valor: counted once
        check(s, {(c1, e1): (1, Decimal("100.00"))})
        pay(s, b, "50.25")
        pay(s, c, "10.00")
        check(s, {(c1, e1): (2, Decimal("150.25")), (c1, e2): (1, Decimal("10.00"))})
        # a receipt corrected down: a is no longer paid in full
        s.execute(update(Recebimento).where(Recebimento.id == first).values(valor=Decimal("1")))
        check(s, {(c1, e1): (1, Decimal("50.25")), (c1, e2): (1, Decimal("10.00"))})
        s.execute(update(Recebimento).where(Recebimento.id == first).values(valor=Decimal("95")))
        check(s, {(c1, e1): (2, Decimal("150.25")), (c1, e2): (1, Decimal("10.00"))})
        # cancelled, then not: out and back
        s.execute(update(Titulo).where(Titulo.id == b).values(cancelado_em=REF))
        check(s, {(c1, e1): (1, Decimal("100.00")), (c1, e2): (1, Decimal("10.00"))})
        s.execute(update(Titulo).where(Titulo.id == b).values(cancelado_em=None))
        check(s, {(c1, e1): (2, Decimal("150.25")), (c1, e2): (1, Decimal("10.00"))})
        # a change that leaves it paid with the same keys and valor writes nothing wrong
        s.execute(update(Titulo).where(Titulo.id == b).values(negativado_em=REF))
        check(s, {(c1, e1): (2, Decimal("150.25")), (c1, e2): (1, Decimal("10.00"))})
        # moved to another customer and empresa; its valor lowered (still paid)
        s.execute(
            update(Titulo)
            .where(Titulo.id == c)
            .values(cliente_id=c2, empresa_id=e1, valor=Decimal("8.00"))
        )
        check(s, {(c1, e1): (2, Decimal("150.25")), (c2, e1): (1, Decimal("8.00"))})
        # its valor raised above what was received: no longer paid
        s.execute(update(Titulo).where(Titulo.id == c).values(valor=Decimal("12.00")))
        check(s, {(c1, e1): (2, Decimal("150.25"))})
        # a título of valor zero is paid in full from its insert
        zero = f.titulo(s, e2, c2, valor="0.00", **dates)
        check(s, {(c1, e1): (2, Decimal("150.25")), (c2, e2): (1, Decimal("0.00"))})
        # receipts deleted, then the título itself (its receipts go with it)
        s.execute(delete(Recebimento).where(Recebimento.titulo_id == b))
        check(s, {(c1, e1): (1, Decimal("100.00")), (c2, e2): (1, Decimal("0.00"))})
        s.execute(delete(Recebimento).where(Recebimento.titulo_id == a))
        s.execute(delete(Titulo).where(Titulo.id.in_([a, zero])))
        check(s, {})


def paid_count(db: Database, cliente_id: int, as_of: date, **periods: object) -> int:
    """The count of títulos Recebido the figures give (their paid part)."""
    filters = position_figures.Filters(**periods) if periods else None  # type: ignore[arg-type]
    with db.session() as s:
        found = position_figures.groups(s, cliente_id, as_of, filters, part="paid")
    assert {g.status for g in found} <= {Status.RECEBIDO}
    return sum(g.count for g in found)


def test_the_figures_read_the_stored_days_unless_a_period_or_a_held_titulo_asks(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        dates = {"emissao": EMISSAO, "vencimento": VENCIMENTO}
        early = f.titulo(s, e, c, valor="100.00", recebimentos=((EMISSAO, "100.00"),), **dates)
        f.titulo(s, e, c, valor="30.00", recebimentos=((REF - timedelta(10), "30.00"),), **dates)
        f.titulo(s, e, c, valor="20.00", **dates)
        assert stored(s) == {(c, e): (2, Decimal("130.00"))}
        assert stored_days(s) == counted_days(s)
    assert paid_count(db, c, REF) == 2
    assert paid_count(db, c, REF - timedelta(10)) == 2  # its day: paid then
    assert paid_count(db, c, REF - timedelta(11)) == 1  # the day before its receipt
    assert paid_count(db, c, EMISSAO) == 1
    assert paid_count(db, c, EMISSAO - timedelta(1)) == 0  # before either was issued
    with db.session() as s:  # made wrong on purpose: shows where the figures come from
        s.execute(update(TituloPagoDia).values(quantidade=TituloPagoDia.quantidade + 40))
    assert paid_count(db, c, REF) == 82  # two days, each 40 too many: the stored days
    assert paid_count(db, c, REF - timedelta(20)) == 41  # the days up to then
    # a period, or a título held cancelled by an acordo broken later: counted
    assert paid_count(db, c, REF, vencimento=(EMISSAO, REF)) == 2
    monkeypatch.setattr(position_figures, "held_of", lambda *_: (early,))
    assert paid_count(db, c, REF) == 1


def test_a_titulos_day_moves_with_its_last_receipt_and_its_emissao(db: Database) -> None:
    """Overpaid later, its emissão corrected: the título's sums leave its old day (gone
    when empty) for the new one."""
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        dates = {"emissao": EMISSAO, "vencimento": VENCIMENTO}
        a = f.titulo(s, e, c, valor="10.00", recebimentos=((EMISSAO, "10.00"),), **dates)
        f.titulo(s, e, c, valor="5.00", recebimentos=((EMISSAO, "5.00"),), **dates)
        check(s, {(c, e): (2, Decimal("15.00"))})
        assert stored_days(s) == {(c, e, EMISSAO): (2, Decimal("15.00"))}
        later = EMISSAO + timedelta(30)
        pay(s, a, "1.00", later)
        check(s, {(c, e): (2, Decimal("15.00"))})
        assert stored_days(s) == {
            (c, e, EMISSAO): (1, Decimal("5.00")),
            (c, e, later): (1, Decimal("10.00")),
        }
        s.execute(update(Titulo).where(Titulo.id == a).values(emissao=later + timedelta(5)))
        check(s, {(c, e): (2, Decimal("15.00"))})
        assert set(stored_days(s)) == {(c, e, EMISSAO), (c, e, later + timedelta(5))}
        s.execute(delete(Recebimento).where(Recebimento.titulo_id == a))
        check(s, {(c, e): (1, Decimal("5.00"))})
        assert set(stored_days(s)) == {(c, e, EMISSAO)}


def test_the_demo_writes_the_sums_its_triggers_would_and_leaves_them_on(db: Database) -> None:
    generate(db, seed=5, customers=40, reference=REF)
    with db.session() as s:
        sums = stored(s)
        assert sums == counted(s)
        assert len(sums) > 20
        open_ = s.execute(
            select(Titulo.id, Titulo.cliente_id, Titulo.empresa_id, Titulo.valor, Titulo.recebido)
            .where(Titulo.recebido < Titulo.valor, Titulo.cancelado_em.is_(None))
            .limit(1)
        ).one()
        pay(s, open_.id, str(open_.valor - open_.recebido), REF)
        before = sums.get((open_.cliente_id, open_.empresa_id), (0, Decimal(0)))
        after = stored(s)[open_.cliente_id, open_.empresa_id]
        assert after == (before[0] + 1, before[1] + open_.valor)
        assert stored(s) == counted(s)


def test_0008_sums_the_titulos_paid_before_it(db_url: str) -> None:
    downgrade(db_url, "0007")
    engine = make_engine(parse_url(db_url))
    with Session(engine) as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        dates = {"emissao": EMISSAO, "vencimento": VENCIMENTO}
        f.titulo(s, e, c, valor="10.00", recebimentos=((EMISSAO, "10.00"),), **dates)
        f.titulo(s, e, c, valor="20.00", recebimentos=((EMISSAO, "25.00"),), **dates)
        f.titulo(s, e, c, valor="40.00", recebimentos=((EMISSAO, "39.99"),), **dates)
        f.titulo(
            s, e, c, valor="80.00", recebimentos=((EMISSAO, "80.00"),), cancelado_em=REF, **dates
        )
        s.commit()
    upgrade(db_url)
    with Session(engine) as s:
        assert stored(s) == counted(s) == {(c, e): (2, Decimal("30.00"))}
    engine.dispose()
    db = open_database(db_url)  # and the triggers work on the upgraded database
    with db.session() as s:
        pay(s, s.scalar(select(Titulo.id).where(Titulo.valor == Decimal("40.00"))), "0.01")
        check(s, {(c, e): (3, Decimal("70.00"))})
    db.dispose()


def test_0011_goes_back_to_the_sums_per_empresa_and_forth_to_the_days(db_url: str) -> None:
    db = open_database(db_url)
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        dates = {"emissao": EMISSAO, "vencimento": VENCIMENTO}
        f.titulo(s, e, c, valor="10.00", recebimentos=((EMISSAO, "10.00"),), **dates)
        late = f.titulo(s, e, c, valor="20.00", **dates)
        pay(s, late, "20.00", REF)
    db.dispose()
    downgrade(db_url, "0010")
    engine = make_engine(parse_url(db_url))
    total = text("SELECT cliente_id, empresa_id, quantidade, valor FROM titulo_pago_total")
    total = total.columns(cliente_id=Integer, empresa_id=Integer, quantidade=Integer, valor=Money)
    with Session(engine) as s:
        assert [tuple(r) for r in s.execute(total)] == [(c, e, 2, Decimal("30.00"))]
        extra = f.titulo(s, e, c, valor="7.00", recebimentos=((REF, "7.00"),), **dates)
        assert [tuple(r)[2:] for r in s.execute(total)] == [(3, Decimal("37.00"))]  # 0008's
        s.commit()
    engine.dispose()
    upgrade(db_url)
    db = open_database(db_url)
    with db.session() as s:
        assert (
            stored_days(s)
            == counted_days(s)
            == {
                (c, e, EMISSAO): (1, Decimal("10.00")),
                (c, e, REF): (2, Decimal("27.00")),
            }
        )
        s.execute(delete(Titulo).where(Titulo.id == extra))
        check(s, {(c, e): (2, Decimal("30.00"))})  # and its triggers work
    db.dispose()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_clerks_paying_the_same_customer_at_once_both_count(db: Database) -> None:
    """Two transactions paying títulos of one customer and empresa at once: the second
    waits at its first payment for the first's row of titulo_pago_dia, then adds to
    what the first committed."""
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        dates = {"emissao": EMISSAO, "vencimento": VENCIMENTO}
        ids = [f.titulo(s, e, c, valor="10.00", **dates) for _ in range(20)]
        f.titulo(s, e, c, valor="5.00", recebimentos=((EMISSAO, "5.00"),), **dates)
    go = threading.Barrier(2)
    errors: list[BaseException] = []

    def clerk(mine: list[int]) -> None:
        try:
            with db.session() as s:
                s.execute(text("SELECT 1"))  # both transactions begun
                go.wait(timeout=10)
                for titulo_id in mine:
                    pay(s, titulo_id, "10.00")
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
            go.abort()

    threads = [threading.Thread(target=clerk, args=(ids[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    with db.session() as s:
        assert stored(s) == counted(s) == {(c, e): (21, Decimal("205.00"))}


def test_the_reliability_checks_find_a_stored_sum_gone_wrong(db_url: str) -> None:
    from tests.reliability.reliability_support import invariant_violations

    db = open_database(db_url)
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        dates = {"emissao": EMISSAO, "vencimento": VENCIMENTO}
        f.titulo(s, e, c, valor="10.00", recebimentos=((EMISSAO, "10.00"),), **dates)
    assert invariant_violations(db_url) == []
    with db.session() as s:
        s.execute(update(TituloPagoDia).values(valor=TituloPagoDia.valor + 1))
    assert invariant_violations(db_url) == [f"soma dos títulos pagos diferente da guardada: [{c}]"]
    with db.session() as s:
        s.execute(delete(TituloPagoDia))
    assert invariant_violations(db_url) == [f"soma dos títulos pagos diferente da guardada: [{c}]"]
    db.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_demo_that_fails_leaves_the_triggers_as_they_were(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: the demo drops the stored sums' triggers inside its transaction; a failure
    before the end rolls the drop back with everything else."""
    from app.db.demo import writer

    def triggers() -> list[str]:
        with db.session() as s:
            found = s.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name IN ('titulo', 'venda_item')"
                )
            )
            return sorted(found.scalars())

    before = triggers()
    assert len(before) == 8

    def broken(*_: object) -> None:
        raise RuntimeError("disco cheio")

    monkeypatch.setattr(writer, "release_sqlite_total_triggers", broken)
    with pytest.raises(RuntimeError):
        generate(db, seed=5, customers=5, reference=REF)
    assert triggers() == before
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Titulo)) == 0
