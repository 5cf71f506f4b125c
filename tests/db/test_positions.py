"""The database's Financeiro figures (app.db.positions) equal the domain's, on both databases.

app.db.positions computes status, saldo, charges, the ageing bucket and the sort order
in SQL; app.db.financeiro computes each row with app.domain.titulos. Every figure and
every order is compared, for demo customers on many dates (weekends, holidays, before
and after receipts, cancellations and acordos), and for generated títulos whose
charges fall on half a cent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, insert, select, text

from app.db import financeiro, position_figures, position_grid
from app.db.columns import Kind
from app.db.demo import generate
from app.db.engine import Database
from app.db.financeiro import TituloRow
from app.db.positions import Filters
from app.db.schema import Cliente, Empresa, Recebimento, Titulo
from app.domain.calendar import last_business_day_before, vencimento_real
from app.domain.titulos import OPEN_STATUSES, Bucket, Status, ageing_bucket
from app.models.cell_texts import sorted_rows
from tests import factories as f

REF = date(2026, 11, 29)
DATES = (
    REF,
    date(2026, 11, 28),  # a Saturday
    date(2026, 11, 16),  # the Monday after the Proclamação da República (Sunday 15/11)
    date(2026, 11, 2),  # Finados
    date(2026, 1, 1),
    date(2025, 11, 29),
    date(2027, 3, 1),
)


@pytest.fixture
def demo(db: Database) -> Iterator[tuple[Database, list[int]]]:
    generate(db, seed=11, customers=12, reference=REF)
    with db.session() as s:
        ids = list(s.scalars(select(Cliente.id).order_by(Cliente.id)))
    yield db, ids


def _domain(db: Database, cliente_id: int, as_of: date) -> list[TituloRow]:
    with db.session() as s:
        return financeiro.load_titulos(s, cliente_id, as_of)


def _summary(
    db: Database, cliente_id: int, as_of: date, filters: Filters
) -> position_figures.Summary:
    with db.session() as s:
        found = position_figures.Summary(
            tuple(position_figures.groups(s, cliente_id, as_of, filters))
        )
    return found.of_empresa(filters.empresa)


def _ids(
    db: Database, cliente_id: int, as_of: date, filters: Filters, sort: tuple[str, bool] | None
) -> list[int]:
    with db.session() as s:
        return position_grid.ordered_ids(s, cliente_id, as_of, filters, sort)


def _same_figures(rows: list[TituloRow], summary: position_figures.Summary) -> None:
    assert summary.figures() == financeiro.summarize(rows)
    for bucket in (None, *Bucket):
        chosen = financeiro.filter_rows(rows, statuses=OPEN_STATUSES, bucket=bucket)
        got = summary.chosen(OPEN_STATUSES, bucket)
        assert got.count == len(chosen)
        assert got.valor == sum((r.valor for r in chosen), Decimal(0))
        assert got.saldo == sum((r.pos.saldo for r in chosen), Decimal(0))
        assert got.multa == sum((r.pos.multa for r in chosen), Decimal(0))
        assert got.juros == sum((r.pos.juros for r in chosen), Decimal(0))
        assert got.valor_atualizado == sum((r.pos.valor_atualizado for r in chosen), Decimal(0))
    for status in Status:  # the footer of any status chosen alone: closed ones' is zero
        chosen = financeiro.filter_rows(rows, statuses={status})
        got = summary.chosen({status}, None)
        assert (got.count, got.saldo, got.valor_atualizado) == (
            len(chosen),
            sum((r.pos.saldo for r in chosen), Decimal(0)),
            sum((r.pos.valor_atualizado for r in chosen), Decimal(0)),
        ), status


def test_figures_equal_the_domain_on_many_dates(demo: tuple[Database, list[int]]) -> None:
    db, clientes = demo
    compared = 0
    for cliente_id in clientes:
        for as_of in DATES:
            rows = _domain(db, cliente_id, as_of)
            _same_figures(rows, _summary(db, cliente_id, as_of, Filters()))
            compared += len(rows)
    assert compared > 500  # the demo gave real volume to compare


def test_the_paid_and_the_open_part_make_the_whole(demo: tuple[Database, list[int]]) -> None:
    """The window reads the paid títulos' figures beside the others' (two sessions):
    put together they are the customer's figures, on every date and within periods."""
    db, clientes = demo
    compared = 0
    for cliente_id in clientes:
        for as_of in DATES:
            for periods in (None, Filters(vencimento=(date(2025, 6, 1), date(2026, 6, 30)))):
                with db.session() as s:
                    paid = position_figures.groups(s, cliente_id, as_of, periods, part="paid")
                    open_ = position_figures.groups(s, cliente_id, as_of, periods, part="open")
                rows = _domain(db, cliente_id, as_of)
                if periods is not None:
                    rows = financeiro.filter_rows(rows, vencimento=periods.vencimento)
                assert {g.status for g in paid} <= {Status.RECEBIDO}
                _same_figures(rows, position_figures.Summary(tuple(paid + open_)))
                compared += sum(g.count for g in paid) * len(open_)
    assert compared > 0  # some had both parts


def test_filters_equal_the_domain(demo: tuple[Database, list[int]]) -> None:
    db, clientes = demo
    cliente_id = clientes[0]  # C000001 shows every status
    rows = _domain(db, cliente_id, REF)
    assert {r.status for r in rows} == set(Status)
    empresa = rows[0].empresa
    period = (date(2025, 6, 1), date(2026, 6, 30))
    cases = [
        Filters(statuses=frozenset(OPEN_STATUSES)),
        Filters(statuses=frozenset(OPEN_STATUSES), empresa=empresa, vencimento=period),
        Filters(statuses=frozenset(OPEN_STATUSES), emissao=(None, date(2026, 1, 31))),
        Filters(statuses=frozenset({Status.RECEBIDO, Status.CANCELADO})),
        Filters(empresa=empresa),
        Filters(vencimento=period),
        Filters(emissao=(None, date(2026, 1, 31))),
        Filters(statuses=frozenset(Status), bucket=Bucket.D90_MAIS),
        Filters(bucket=Bucket.A_VENCER, empresa=empresa),
    ]
    for filters in cases:
        base = [r for r in rows if filters.empresa in (None, r.empresa)]
        base = financeiro.filter_rows(base, vencimento=filters.vencimento, emissao=filters.emissao)
        expected = financeiro.filter_rows(base, statuses=filters.statuses, bucket=filters.bucket)
        assert _ids(db, cliente_id, REF, filters, None) == [r.id for r in expected], filters
        _same_figures(base, _summary(db, cliente_id, REF, filters))


def test_every_status_but_cancelado_orders_by_the_titulos_own_columns(
    demo: tuple[Database, list[int]],
) -> None:
    """Every status, or every one but Cancelado (Recebido turned on beside the open
    ones), in the default order: the grid's ids come from the títulos' own columns
    without their positions, and are the domain's on every date, within an empresa
    and periods, whole and as a first page."""
    db, clientes = demo
    every_but = frozenset(Status) - {Status.CANCELADO}
    compared = 0
    for cliente_id in clientes:
        for as_of in DATES:
            rows = _domain(db, cliente_id, as_of)
            empresas = sorted({r.empresa for r in rows})[:1]
            for statuses in (None, frozenset(Status), every_but):
                for filters in (
                    Filters(statuses=statuses),
                    *(Filters(statuses=statuses, empresa=e) for e in empresas),
                    Filters(statuses=statuses, vencimento=(date(2025, 6, 1), date(2026, 6, 30))),
                    Filters(statuses=statuses, emissao=(date(2025, 1, 1), None)),
                ):
                    base = [r for r in rows if filters.empresa in (None, r.empresa)]
                    expected = financeiro.filter_rows(
                        base,
                        statuses=statuses,
                        vencimento=filters.vencimento,
                        emissao=filters.emissao,
                    )
                    ids = [r.id for r in expected]
                    assert _ids(db, cliente_id, as_of, filters, None) == ids, (as_of, filters)
                    with db.session() as s:
                        first = position_grid.first_ids(s, cliente_id, as_of, filters, None, 5)
                    assert first == (ids[:5], len(ids)), (as_of, filters)
                    compared += len(ids)
    assert compared > 1000


def test_the_first_page_of_every_status_is_read_without_sorting_every_titulo(
    demo: tuple[Database, list[int]],
) -> None:
    """With Recebido turned on (every status but Cancelado) the first page is read in the
    order of the (cliente, vencimento) index and stops there: no position computed, and
    on SQLite no sort of every título (it once read them all from the covering index)."""
    db, clientes = demo
    every_but = frozenset(Status) - {Status.CANCELADO}
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.session() as s:
            position_grid.first_ids(s, clientes[0], REF, Filters(statuses=every_but), None, 5)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    ((ids_sql, parameters),) = [(q, p) for q, p in statements if "ORDER BY" in q]
    assert "status" not in ids_sql and "CASE" not in ids_sql
    if db.engine.dialect.name == "sqlite":
        with db.session() as s:
            plan = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + ids_sql, parameters)
            steps = " / ".join(str(row[-1]) for row in plan)
        assert "ix_titulo_cliente_vencimento" in steps, steps
        assert "TEMP B-TREE FOR ORDER BY" not in steps, steps  # at most the ties sorted


def test_statuses_without_recebido_equal_the_domain_on_many_dates(
    demo: tuple[Database, list[int]],
) -> None:
    """Without Recebido the ids come from the títulos not paid in full and those with a
    receipt after the date (two branches): on past dates a título paid since is open."""
    db, clientes = demo
    cases = [
        (frozenset(OPEN_STATUSES), None),
        (frozenset({Status.VENCIDO, Status.CANCELADO}), ("saldo", True)),
        (frozenset({Status.EM_ABERTO}), ("valor_atualizado", False)),
    ]
    paid_since = 0
    for cliente_id in clientes:
        paid = {r.id for r in _domain(db, cliente_id, max(DATES)) if r.status is Status.RECEBIDO}
        for as_of in DATES:
            rows = _domain(db, cliente_id, as_of)
            paid_since += sum(1 for r in rows if r.pos.is_open and r.id in paid)
            for statuses, sort in cases:
                expected = financeiro.filter_rows(rows, statuses=statuses)
                if sort is not None:
                    column = next(c for c in financeiro.COLUMNS if c.key == sort[0])
                    expected = sorted_rows(expected, column.get, column.kind, sort[1])
                got = _ids(db, cliente_id, as_of, Filters(statuses=statuses), sort)
                assert got == [r.id for r in expected], (cliente_id, as_of, statuses)
    assert paid_since > 0  # open then, paid in full since: the branch of receipts after D


def test_first_ids_are_the_first_of_ordered_ids_with_their_count(
    demo: tuple[Database, list[int]],
) -> None:
    """What the grid shows before the user scrolls: the first page of ids and the count
    of them all, for every status filter, sort and date kind."""
    db, clientes = demo
    cases = [
        Filters(),
        Filters(statuses=frozenset(OPEN_STATUSES)),
        Filters(statuses=frozenset({Status.RECEBIDO})),
        Filters(statuses=frozenset(Status), bucket=Bucket.D90_MAIS),
        Filters(vencimento=(date(2025, 6, 1), None)),
    ]
    compared = 0
    for cliente_id in clientes[:6]:
        for as_of in (REF, date(2026, 3, 7)):
            for chosen in cases:
                for sort in (None, ("saldo", True), ("cod_venda", False)):
                    every = _ids(db, cliente_id, as_of, chosen, sort)
                    for page in (1, 4, len(every), len(every) + 1):
                        with db.session() as s:
                            got = position_grid.first_ids(
                                s, cliente_id, as_of, chosen, sort, max(page, 1)
                            )
                        assert got == (every[: max(page, 1)], len(every)), (chosen, sort, page)
                    compared += len(every)
    assert compared > 200


def test_first_ids_take_a_count_given_instead_of_counting(
    demo: tuple[Database, list[int]],
) -> None:
    """The count the caller has (the figures) is used, no count runs; a first page
    shorter than asked is its own count, whatever was given."""
    db, clientes = demo
    ran: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        ran.append(statement.split(None, 2)[1].lower())

    chosen = Filters(statuses=frozenset(Status))
    every = _ids(db, clientes[0], REF, chosen, None)
    assert len(every) > 4
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.session() as s:
            given = position_grid.first_ids(s, clientes[0], REF, chosen, None, 4, 1000)
            short = position_grid.first_ids(s, clientes[0], REF, chosen, None, len(every) + 1, 1000)
            assert ran and not any(w.startswith("count(") for w in ran)
            ran.clear()
            counted = position_grid.first_ids(s, clientes[0], REF, chosen, None, 4)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert given == (every[:4], 1000)
    assert short == (every, len(every))
    assert counted == (every[:4], len(every)) and any(w.startswith("count(") for w in ran)


def test_uncounted_first_ids_tell_only_whether_more_follow(
    demo: tuple[Database, list[int]],
) -> None:
    """Opening a customer: the grid's first page without a count (the figures read
    meanwhile give it); one id more than the page says whether others follow."""
    db, clientes = demo
    ran: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        ran.append(statement.split(None, 2)[1].lower())

    chosen = Filters(statuses=frozenset(Status))
    every = _ids(db, clientes[0], REF, chosen, ("saldo", True))
    assert len(every) > 4
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.session() as s:
            for page in (1, 4, len(every) - 1, len(every), len(every) + 1):
                got = position_grid.first_ids(
                    s, clientes[0], REF, chosen, ("saldo", True), page, uncounted=True
                )
                more = len(every) > page
                assert got == (every[:page], page + 1 if more else len(every)), page
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert ran and not any(w.startswith("count(") for w in ran)


def test_every_sort_equals_the_grids_sort(demo: tuple[Database, list[int]]) -> None:
    db, clientes = demo
    for cliente_id in clientes[:4]:
        for as_of in (REF, date(2026, 3, 7)):
            rows = _domain(db, cliente_id, as_of)
            for column in financeiro.COLUMNS:
                for descending in (False, True):
                    expected = sorted_rows(rows, column.get, column.kind, descending)
                    got = _ids(db, cliente_id, as_of, Filters(), (column.key, descending))
                    assert got == [r.id for r in expected], (column.key, descending, as_of)


def test_rows_by_ids_keep_the_order_and_equal_the_full_load(
    demo: tuple[Database, list[int]],
) -> None:
    db, clientes = demo
    rows = _domain(db, clientes[0], REF)
    wanted = [r.id for r in reversed(rows)][: len(rows) // 2]
    with db.session() as s:
        page = financeiro.rows_by_ids(s, clientes[0], REF, wanted)
    by_id = {r.id: r for r in rows}
    assert [r.id for r in page] == wanted
    assert page == [by_id[i] for i in wanted]


def test_last_business_day_before_matches_vencimento_real() -> None:
    day = date(2025, 12, 1)
    for _ in range(800):
        last = last_business_day_before(day)
        for back in range(0, 12):
            venc = day - timedelta(days=back)
            assert (day > vencimento_real(venc)) == (venc <= last), (day, venc)
        day += timedelta(days=1)


# --- charges that fall on half a cent, and odd rates -----------------------------------

_cents = st.integers(min_value=1, max_value=10_000_000_00)
_rates = st.sampled_from(["0.00", "0.01", "0.33", "1.00", "1.50", "2.00"])
_juros = st.sampled_from(["0.00", "0.01", "0.99", "1.00", "2.37", "10.00"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    titulos=st.lists(
        st.tuples(
            _cents,
            st.integers(min_value=-400, max_value=60),  # vencimento relative to D
            st.integers(min_value=0, max_value=10_000_000_00),  # received
            st.sampled_from([None, "neg", "cob", "canc"]),
        ),
        min_size=1,
        max_size=12,
    ),
    multa=_rates,
    juros=_juros,
)
def test_charges_equal_the_domain_for_any_amount(
    db: Database,
    titulos: list[tuple[int, int, int, str | None]],
    multa: str,
    juros: str,
) -> None:
    with db.session() as s:
        s.execute(delete(Recebimento))
        s.execute(delete(Titulo))
        s.execute(delete(Cliente))
        s.execute(delete(Empresa))
        e = f.empresa(
            s, "E01", multa_percentual=Decimal(multa), juros_mensal_percentual=Decimal(juros)
        )
        c = f.cliente(s, "C1")
        for valor, offset, received, flag in titulos:
            venc = REF + timedelta(days=offset)
            paid = min(received, valor + 500)
            f.titulo(
                s,
                e,
                c,
                valor=str(Decimal(valor) / 100),
                emissao=venc - timedelta(days=30),
                vencimento=venc,
                recebimentos=((venc - timedelta(days=1), str(Decimal(paid) / 100)),)
                if paid
                else (),
                negativado_em=REF - timedelta(days=3) if flag == "neg" else None,
                cobranca_em=REF if flag == "cob" else None,
                cancelado_em=REF if flag == "canc" else None,
            )
        s.commit()
    rows = _domain(db, c, REF)
    _same_figures(rows, _summary(db, c, REF, Filters()))
    for key in ("multa", "juros", "valor_atualizado", "dias_atraso", "saldo"):
        column = next(col for col in financeiro.COLUMNS if col.key == key)
        expected = sorted_rows(rows, column.get, column.kind, True)
        assert _ids(db, c, REF, Filters(), (key, True)) == [r.id for r in expected]
    assert all(ageing_bucket(r.pos) is None or r.pos.is_open for r in rows)


def test_received_totals_follow_every_change_of_recebimento(db: Database) -> None:
    """titulo.recebido and ultimo_recebimento are kept by the database's triggers."""
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        a = f.titulo(s, e, c, valor="100.00", emissao=date(2026, 1, 1), vencimento=REF)
        b = f.titulo(s, e, c, valor="50.00", emissao=date(2026, 1, 1), vencimento=REF)

        def stored(titulo_id: int) -> tuple[Decimal, date | None]:
            s.expire_all()
            row = s.get(Titulo, titulo_id)
            assert row is not None
            return row.recebido, row.ultimo_recebimento

        assert stored(a) == (Decimal("0.00"), None)
        s.add_all(
            [
                Recebimento(titulo_id=a, data=date(2026, 3, 1), valor=Decimal("10.01")),
                Recebimento(titulo_id=a, data=date(2026, 2, 1), valor=Decimal("20.02")),
            ]
        )
        s.flush()
        assert stored(a) == (Decimal("30.03"), date(2026, 3, 1))
        first = s.scalars(select(Recebimento).where(Recebimento.data == date(2026, 3, 1))).one()
        first.valor, first.data = Decimal("5.00"), date(2026, 1, 15)
        s.flush()
        assert stored(a) == (Decimal("25.02"), date(2026, 2, 1))
        first.titulo_id = b  # moved to another título: both follow
        s.flush()
        assert stored(a) == (Decimal("20.02"), date(2026, 2, 1))
        assert stored(b) == (Decimal("5.00"), date(2026, 1, 15))
        s.execute(delete(Recebimento).where(Recebimento.titulo_id == a))
        s.flush()
        assert stored(a) == (Decimal("0.00"), None)
        assert stored(b) == (Decimal("5.00"), date(2026, 1, 15))


def test_cancelled_titulos_are_counted_as_the_domain_has_them_on_every_date(
    db: Database,
) -> None:
    """The títulos cancelled by the date are summed apart from the positions
    (position_figures._cancelled_stmt): cancelled later than the date (open then), with
    a receipt after the date (its receipts summed up to it, counted once), paid in full
    or beyond and then cancelled (saldo zero, never negative), in two empresas."""
    jan, feb, mar, apr = date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 10)
    with db.session() as s:
        e1, e2, c = f.empresa(s, "E01"), f.empresa(s, "E02"), f.cliente(s, "C1")
        due = dict(emissao=date(2026, 1, 1), vencimento=feb)
        f.titulo(s, e1, c, valor="100.00", cancelado_em=feb, **due)
        f.titulo(s, e1, c, valor="80.00", cancelado_em=mar, recebimentos=((jan, "30.00"),), **due)
        f.titulo(s, e2, c, valor="60.00", cancelado_em=feb, recebimentos=((apr, "10.00"),), **due)
        f.titulo(s, e2, c, valor="40.00", cancelado_em=mar, recebimentos=((jan, "45.00"),), **due)
        f.titulo(s, e1, c, valor="70.00", **due)  # never cancelled
        f.titulo(s, e2, c, valor="20.00", recebimentos=((jan, "20.00"),), **due)  # paid
        s.commit()
    for as_of in (jan, feb, date(2026, 2, 20), mar, date(2026, 3, 20), apr, REF):
        rows = _domain(db, c, as_of)
        _same_figures(rows, _summary(db, c, as_of, Filters()))
        with db.session() as s:
            parts = [
                g
                for part in ("paid", "open")
                for g in position_figures.groups(s, c, as_of, part=part)  # type: ignore[arg-type]
            ]
        _same_figures(rows, position_figures.Summary(tuple(parts)))
        cancelled = [r for r in rows if r.status is Status.CANCELADO]
        got = position_figures.Summary(tuple(parts))
        for empresa in ("E01", "E02"):
            mine = [r for r in cancelled if r.empresa == empresa]
            figures = got.of_empresa(empresa).chosen({Status.CANCELADO}, None)
            assert (figures.count, figures.saldo) == (
                len(mine),
                sum((r.pos.saldo for r in mine), Decimal(0)),
            ), (as_of, empresa)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_plans_every_execution_for_its_customer(db: Database) -> None:
    """A statement prepared after a few runs never gets a generic plan, and no query pays
    for JIT compilation or for starting parallel workers (see engine.py)."""
    with db.session() as s:
        assert s.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
        assert s.execute(text("SHOW jit")).scalar() == "off"
        assert s.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"


def test_amounts_too_big_for_sqlite_integers_are_refused_not_rounded(db: Database) -> None:
    with db.session() as s:
        e = f.empresa(s, "E01", juros_mensal_percentual=Decimal("10.00"))
        c = f.cliente(s, "C1")
        f.titulo(
            s,
            e,
            c,
            valor="999999999999.99",
            emissao=REF - timedelta(days=500),
            vencimento=REF - timedelta(days=400),
        )
    rows = _domain(db, c, REF)
    if db.dialect == "sqlite":  # 10**14 cents x 10**5 x 400 days does not fit in 63 bits
        with pytest.raises(position_figures.ChargesOverflow, match="grandes demais"):
            _summary(db, c, REF, Filters())
    else:  # NUMERIC: exact
        _same_figures(rows, _summary(db, c, REF, Filters()))
        assert rows[0].pos.juros == Decimal("1333333333333.32")


def captured(conn: Any, run: Any) -> list[tuple[str, object]]:
    """The statements (and parameters) ``run()`` executes on ``conn``."""
    statements: list[tuple[str, object]] = []

    def capture(_c: object, _cur: object, sql: str, params: object, *_: object) -> None:
        statements.append((sql, params))

    event.listen(conn, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(conn, "before_cursor_execute", capture)
    return statements


def test_the_open_statuses_in_the_default_order_need_no_positions(
    demo: tuple[Database, list[int]],
) -> None:
    """The grid as a customer opens (the open statuses, the default order) is read from
    the títulos' own columns and their receipts up to the date, no position computed
    (on SQLite; PostgreSQL plans the positions' statement better), and equals the
    domain's on every date (paid since, cancelled since, issued later)."""
    db, clientes = demo
    opened = Filters(statuses=frozenset(OPEN_STATUSES))
    for cliente_id in clientes:
        for as_of in DATES:
            with db.session() as s:
                statements = captured(
                    s.connection(),
                    lambda s=s, c=cliente_id, d=as_of: position_grid.ordered_ids(s, c, d, opened),
                )
            positioned = any("situacao" in sql for sql, _ in statements)
            assert positioned == (db.dialect == "postgresql"), statements
            rows = financeiro.filter_rows(_domain(db, cliente_id, as_of), statuses=OPEN_STATUSES)
            assert _ids(db, cliente_id, as_of, opened, None) == [r.id for r in rows]


def _three_overdue(db: Database, recebimentos: tuple[tuple[date, str], ...] = ()) -> int:
    """A customer with three títulos of 40,00 overdue by a month, each with these
    receipts; its id."""
    with db.session() as s:
        e, c = f.empresa(s, "E01"), f.cliente(s, "C1")
        for n in range(3):
            f.titulo(
                s,
                e,
                c,
                valor="40.00",
                emissao=REF - timedelta(days=90),
                vencimento=REF - timedelta(days=30 + n),
                recebimentos=recebimentos,
            )
    return c


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_computes_each_situation_once_for_the_figures_only(db: Database) -> None:
    """The figures read every column of every título: PostgreSQL computes each título's
    saldo, status and dias de atraso once, in a layer it keeps (a Subquery Scan), not
    again in each expression that reads them (the whale's figures 24 -> 14 ms). The
    grid's first page keeps the layers merged: its status filter and ORDER BY ... LIMIT
    reach the títulos' indexes (fenced, 8 -> 23 ms)."""
    c = _three_overdue(db)
    with db.session() as s:
        conn = s.connection()

        def plans(run: Any) -> list[str]:
            found = []
            for sql, params in captured(conn, run):
                if "situacao" in sql:
                    rows = conn.exec_driver_sql(f"EXPLAIN {sql}", params)
                    found.append(" ".join(str(row[0]) for row in rows))
            return found

        figures = plans(lambda: position_figures.groups(s, c, REF, part="open"))
        overdue = frozenset({Status.VENCIDO, Status.EM_ABERTO})  # a choice needs positions
        first = plans(
            lambda: position_grid.first_ids(
                s, c, REF, Filters(statuses=overdue), None, 200, uncounted=True
            )
        )
    assert figures and all("Subquery Scan on situacao" in plan for plan in figures), figures
    assert first and not any("Subquery Scan on situacao" in plan for plan in first), first
    _same_figures(_domain(db, c, REF), _summary(db, c, REF, Filters()))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_computes_each_situation_once_for_the_figures_only(db: Database) -> None:
    """SQLite keeps the layer of saldo, status and dias de atraso (a co-routine of its
    own) in both statements of the figures, the settled títulos' and those with a
    receipt after the date: merged, it would write each CASE out again in every
    expression that reads it (the whale's figures today 22-25 -> 15 ms). The grid's
    first page keeps the layers merged (its filter and ORDER BY ... LIMIT reach the
    títulos' indexes)."""
    c = _three_overdue(db, ((REF - timedelta(days=60), "10.00"), (REF, "5.00")))
    day = REF - timedelta(days=1)
    with db.session() as s:
        conn = s.connection()

        def plans(run: Any) -> list[str]:
            return [
                " ".join(
                    str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
                )
                for sql, params in captured(conn, run)
                if "situacao" in sql
            ]

        figures = plans(lambda: position_figures.groups(s, c, day, part="open"))
        overdue = frozenset({Status.VENCIDO, Status.EM_ABERTO})  # a choice needs positions
        first = plans(
            lambda: position_grid.first_ids(
                s, c, day, Filters(statuses=overdue), None, 200, uncounted=True
            )
        )
    assert len(figures) == 2 and all("situacao" in plan for plan in figures), figures
    assert first and not any("situacao" in plan for plan in first), first
    _same_figures(_domain(db, c, day), _summary(db, c, day, Filters()))
    _same_figures(_domain(db, c, REF), _summary(db, c, REF, Filters()))


def test_the_figures_carry_none_of_the_grids_own_columns(db: Database) -> None:
    """The figures' statements compute positions without the columns only the grid
    shows (número do documento, parcela, forma de pagamento, the last receipt: as of a
    past date a subquery a título), which the fenced layers would copy for every
    título; the grid's statements still have them. Both equal the domain's."""
    c = _three_overdue(db, ((REF - timedelta(days=60), "10.00"), (REF, "5.00")))
    day = REF - timedelta(days=1)
    with db.session() as s:
        conn = s.connection()
        figures = captured(conn, lambda: position_figures.groups(s, c, day, part="open"))
        grid = captured(
            conn,
            lambda: position_grid.ordered_ids(s, c, day, Filters(), ("saldo", False)),
        )
    figures_sql = [sql for sql, _ in figures if "situacao" in sql]
    grid_sql = [sql for sql, _ in grid if "situacao" in sql]
    assert len(figures_sql) == 2 and grid_sql
    for column in ("numero_documento", "parcela", "forma_pagamento", "max(recebimento.data)"):
        assert not any(column in sql for sql in figures_sql), column
        assert all(column in sql for sql in grid_sql), column
    rows = _domain(db, c, day)
    _same_figures(rows, _summary(db, c, day, Filters()))
    assert _ids(db, c, day, Filters(), ("saldo", False)) == [
        r.id for r in sorted_rows(rows, lambda r: r.pos.saldo, Kind.MONEY, False)
    ]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_finds_a_big_customers_late_receipts_by_their_index(db: Database) -> None:
    """The títulos with a receipt after D (a few) are found through
    ix_titulo_cliente_ultimo_emissao even for a customer with many more títulos than the
    average one the statistics describe (SQLite would otherwise read all of them from
    the covering index)."""
    with db.session() as s:
        e = f.empresa(s, "E01")
        small = [f.cliente(s, f"C{i}", cpf_cnpj="52998224725") for i in range(300)]
        big = f.cliente(s, "BIG", cpf_cnpj="11144477735")
        rows = [
            {
                "empresa_id": e,
                "cliente_id": c,
                "numero_documento": f"D{c}-{n}",
                "parcela": 1,
                "emissao": REF - timedelta(days=400),
                "vencimento": REF - timedelta(days=300 - n % 200),
                "valor": Decimal("10.00"),
            }
            for c, count in [*((c, 3) for c in small), (big, 4000)]
            for n in range(count)
        ]
        s.execute(insert(Titulo), rows)
        s.execute(text("ANALYZE"))
    with db.session() as s:
        conn = s.connection()
        statements = captured(conn, lambda: position_figures.groups(s, big, REF))
        sql, params = next((q, p) for q, p in statements if "ultimo_recebimento >" in q)
        plan = " ".join(
            str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
        )
    assert "ix_titulo_cliente_ultimo_emissao" in plan, plan


def test_receipts_after_the_date_are_summed_once_per_titulo(db: Database) -> None:
    """As of a date before some receipts, each título with a receipt after it sums its
    receipts up to the date once: the database must not copy the sum into each of the
    ~30 expressions that read recebido (merging the layers of app.db.positions did:
    the whale a year back, 135 -> 50 ms on SQLite, 288 -> 40 on PostgreSQL). Read from
    the plans of the figures' and the grid's statements, and the figures stay exact."""
    with db.session() as s:
        e = f.empresa(s, "E01")
        c = f.cliente(s, "C1")
        for n in range(6):
            paid = ((REF - timedelta(days=20 - n), "10.00"), (REF - timedelta(days=5), "5.00"))
            f.titulo(
                s,
                e,
                c,
                valor="40.00",
                emissao=REF - timedelta(days=90),
                vencimento=REF - timedelta(days=30 + n),
                recebimentos=paid,
            )
    day = REF - timedelta(days=10)
    with db.session() as s:
        conn = s.connection()

        def read() -> None:
            position_figures.groups(s, c, day, part="open")
            position_grid.ordered_ids(s, c, day, Filters(statuses=frozenset(OPEN_STATUSES)))

        statements = captured(conn, read)
        late = [(q, p) for q, p in statements if "ultimo_recebimento >" in q]
        assert len(late) == 2, statements
        for sql, params in late:
            if db.dialect == "sqlite":
                plan = [
                    str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
                ]
                subqueries = sum("CORRELATED SCALAR SUBQUERY" in step for step in plan)
            else:
                plan = [row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}", params)]
                subqueries = sum("SubPlan" in step for step in plan)
            assert 1 <= subqueries <= 2, plan  # the receipts' sum and last date
    _same_figures(_domain(db, c, day), _summary(db, c, day, Filters()))
