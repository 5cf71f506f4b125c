"""The Financeiro query against both real databases: statuses, saldo and totals as of a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from app.db import financeiro, sorting, titulo_row
from app.db.engine import Database
from app.db.schema import Titulo
from app.domain.titulos import Position, Rates, Status, TituloFacts, position
from tests import factories as f
from tests.db.test_positions import captured

D = date(2026, 11, 29)


def _customer(db: Database) -> int:
    with db.session() as s:
        e1 = f.empresa(s, "E01")
        e2 = f.empresa(
            s, "E02", multa_percentual=Decimal("1.50"), juros_mensal_percentual=Decimal("2.00")
        )
        c = f.cliente(s, "C1")
        other = f.cliente(s, "C2", nome="Maria Souza", cpf_cnpj="11144477735")
        # overdue 30 days, partially received: saldo 70.00
        f.titulo(
            s,
            e1,
            c,
            valor="100.00",
            emissao=date(2026, 9, 1),
            vencimento=date(2026, 10, 30),
            doc="NF-1",
            recebimentos=((date(2026, 10, 1), "30.00"),),
        )
        # open, due in the future
        f.titulo(
            s,
            e1,
            c,
            valor="250.50",
            emissao=date(2026, 11, 1),
            vencimento=date(2026, 12, 15),
            doc="NF-2",
        )
        # received in full
        f.titulo(
            s,
            e1,
            c,
            valor="80.00",
            emissao=date(2026, 8, 1),
            vencimento=date(2026, 9, 1),
            doc="NF-3",
            recebimentos=((date(2026, 8, 20), "50.00"), (date(2026, 9, 1), "30.00")),
        )
        # cancelled
        f.titulo(
            s,
            e1,
            c,
            valor="40.00",
            emissao=date(2026, 8, 1),
            vencimento=date(2026, 9, 1),
            doc="NF-4",
            cancelado_em=date(2026, 8, 15),
            motivo_cancelamento="erro",
        )
        # negativado and cobrança at the other empresa (other rates)
        f.titulo(
            s,
            e2,
            c,
            valor="1000.00",
            emissao=date(2026, 5, 1),
            vencimento=date(2026, 6, 1),
            doc="NF-5",
            negativado_em=date(2026, 7, 1),
            cobranca_em=date(2026, 6, 15),
        )
        f.titulo(
            s,
            e2,
            c,
            valor="500.00",
            emissao=date(2026, 5, 1),
            vencimento=date(2026, 6, 1),
            doc="NF-6",
            cobranca_em=date(2026, 6, 15),
        )
        # issued after D: does not exist yet
        f.titulo(
            s,
            e1,
            c,
            valor="999.00",
            emissao=date(2026, 12, 1),
            vencimento=date(2027, 1, 1),
            doc="NF-7",
        )
        # another customer's título is never mixed in
        f.titulo(s, e1, other, valor="5.00", emissao=date(2026, 1, 1), vencimento=date(2026, 2, 1))
    return c


def test_statuses_saldo_and_charges_as_of_a_date(db: Database) -> None:
    cliente_id = _customer(db)
    with db.session() as s:
        rows = financeiro.load_titulos(s, cliente_id, D)
    by_doc = {r.numero_documento: r for r in rows}
    assert set(by_doc) == {"NF-1", "NF-2", "NF-3", "NF-4", "NF-5", "NF-6"}
    assert [by_doc[d].status for d in ("NF-1", "NF-2", "NF-3", "NF-4", "NF-5", "NF-6")] == [
        Status.VENCIDO,
        Status.EM_ABERTO,
        Status.RECEBIDO,
        Status.CANCELADO,
        Status.NEGATIVADO,
        Status.COBRANCA,
    ]
    nf1 = by_doc["NF-1"]
    assert nf1.pos.saldo == Decimal("70.00")
    assert nf1.pos.dias_atraso == 30
    assert nf1.pos.multa == Decimal("1.40")  # 2% of 70.00
    assert nf1.pos.juros == Decimal("0.70")  # 70.00 x 1%/30 x 30
    assert nf1.ult_recebimento == date(2026, 10, 1)
    nf5 = by_doc["NF-5"]  # empresa E02: multa 1.5%, juros 2% a.m., 181 days
    assert nf5.pos.multa == Decimal("15.00")
    assert nf5.pos.juros == Decimal("120.67")  # 1000 x 2%/30 x 181 = 120.666...
    assert nf5.empresa == "E02"

    summary = financeiro.summarize(rows)
    assert summary.total_a_receber == Decimal("70.00") + Decimal("250.50") + 1000 + 500
    assert summary.total_vencido == Decimal("1570.00")
    expected_atualizado = sum(r.pos.valor_atualizado for r in rows if r.pos.is_open)
    assert summary.total_atualizado == expected_atualizado
    assert summary.by_status[Status.RECEBIDO].count == 1
    assert summary.by_status[Status.RECEBIDO].valor == Decimal("80.00")
    assert summary.by_status[Status.CANCELADO].saldo == Decimal("40.00")


def test_an_earlier_date_sees_the_earlier_position(db: Database) -> None:
    cliente_id = _customer(db)
    with db.session() as s:
        rows = financeiro.load_titulos(s, cliente_id, date(2026, 8, 25))
    by_doc = {r.numero_documento: r for r in rows}
    # NF-3 had only its first receipt; NF-4 was already cancelled; NF-5 was only in cobrança
    assert by_doc["NF-3"].status is Status.EM_ABERTO
    assert by_doc["NF-3"].pos.saldo == Decimal("30.00")
    assert by_doc["NF-4"].status is Status.CANCELADO
    assert by_doc["NF-5"].status is Status.NEGATIVADO
    assert "NF-2" not in by_doc  # issued 2026-11-01
    with db.session() as s:
        early = financeiro.load_titulos(s, cliente_id, date(2026, 6, 10))
    assert {r.numero_documento: r.status for r in early}["NF-5"] is Status.VENCIDO


def test_empresa_filter_and_status_filter(db: Database) -> None:
    cliente_id = _customer(db)
    with db.session() as s:
        rows = financeiro.load_titulos(s, cliente_id, D, empresa="E02")
    assert {r.numero_documento for r in rows} == {"NF-5", "NF-6"}
    with db.session() as s:
        all_rows = financeiro.load_titulos(s, cliente_id, D)
    shown = financeiro.filter_rows(all_rows, statuses=[Status.VENCIDO, Status.RECEBIDO])
    assert {r.numero_documento for r in shown} == {"NF-1", "NF-3"}
    period = financeiro.filter_rows(all_rows, vencimento=(date(2026, 9, 1), date(2026, 10, 31)))
    assert {r.numero_documento for r in period} == {"NF-1", "NF-3", "NF-4"}


def test_money_is_exact_in_the_database(db: Database) -> None:
    """Sums done by the database are exact to the cent (no float on SQLite either)."""
    with db.session() as s:
        e = f.empresa(s)
        c = f.cliente(s)
        for _ in range(10):
            f.titulo(s, e, c, valor="0.10", emissao=D, vencimento=D)
        f.titulo(s, e, c, valor="999999999999.99", emissao=D, vencimento=D)
    with db.session() as s:
        total = s.scalar(select(func.sum(Titulo.valor)))
        biggest = s.scalar(select(func.max(Titulo.valor)))
    assert total == Decimal("1000000000000.99")
    assert isinstance(total, Decimal)
    assert biggest == Decimal("999999999999.99")
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            stored = conn.execute(text("SELECT typeof(valor) FROM titulo LIMIT 1")).scalar()
        assert stored == "integer"


def test_a_page_by_ids_keeps_their_order_and_another_empresas_bad_rates_do_not_matter(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rows_by_ids: the rows of the ids asked, in that order (over several statements:
    500 ids each as a list on SQLite, 5,000 as an array on PostgreSQL); an empresa whose
    stored rates are no longer allowed (5% multa, stored before the checks) fails only
    its own títulos, not a customer who has none of them."""
    cliente_id = _customer(db)
    with db.session() as s:
        f.empresa(s, "E09", multa_percentual=Decimal("5.00"))
        everything = financeiro.load_titulos(s, cliente_id, D)
    ids = [r.id for r in everything]
    asked = list(reversed(ids)) + [10**9]  # an id that is not the customer's is left out
    with db.session() as s:
        page = financeiro.rows_by_ids(s, cliente_id, D, asked)
        monkeypatch.setattr(sorting, "_IDS_PER_ARRAY", 500)
        many = financeiro.rows_by_ids(s, cliente_id, D, ids * 200)  # 1,200 ids: 3 statements
    assert [r.id for r in page] == list(reversed(ids))
    assert {r.id: r for r in page} == {r.id: r for r in everything}
    assert [r.id for r in many] == ids * 200


def test_a_page_is_one_statement_text_whatever_its_ids_and_reads_what_is_stored(
    db: Database,
) -> None:
    """rows_by_ids runs one statement text for 1 id or 1,200 (SQLite: lists of 500
    parameters, the last one filled up; PostgreSQL: an array): prepared once, not
    rendered again for each number of ids. Its untyped columns reach Python as the
    ORM reads them: money as exact Decimals, dates as dates."""
    cliente_id = _customer(db)
    with db.session() as s:
        ids = [r.id for r in financeiro.load_titulos(s, cliente_id, D)]
        conn = s.connection()
        texts: set[str] = set()
        pages = []
        for asked in (ids[:1], ids, ids * 200):
            statements = captured(
                conn, lambda a=asked: pages.append(financeiro.rows_by_ids(s, cliente_id, D, a))
            )
            texts |= {sql for sql, _ in statements if "titulo.numero_documento" in sql}
        stored = {t.id: t for t in s.scalars(select(Titulo).where(Titulo.id.in_(ids)))}
    assert len(texts) == 1, texts
    assert [[r.id for r in page] for page in pages] == [ids[:1], ids, ids * 200]
    for row in pages[1]:
        t = stored[row.id]
        assert (row.valor, row.emissao, row.vencimento) == (t.valor, t.emissao, t.vencimento)
        assert (row.received, row.ult_recebimento) == (t.recebido, t.ultimo_recebimento)
        assert (row.cancelado_em, row.negativado_em, row.cobranca_em) == (
            t.cancelado_em,
            t.negativado_em,
            t.cobranca_em,
        )
        assert type(row.valor) is Decimal and type(row.emissao) is date
        assert row.valor.as_tuple().exponent == -2 and row.received.as_tuple().exponent == -2


def test_a_rows_position_is_computed_when_first_asked_for_and_then_kept(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of rows carries the facts of each título, not its position: a grid
    scrolled to the end of 100,000 títulos computes the positions of the rows it paints.
    Asked for, the position is the domain's for the facts, the date and the empresa's
    rates, computed once."""
    cliente_id = _customer(db)
    computed: list[TituloFacts] = []

    def counting(facts: TituloFacts, as_of: date, rates: Rates) -> Position | None:
        computed.append(facts)
        return position(facts, as_of, rates)

    monkeypatch.setattr(titulo_row, "position", counting)
    with db.session() as s:
        ids = [r.id for r in financeiro.load_titulos(s, cliente_id, D)]
        rows = financeiro.rows_by_ids(s, cliente_id, D, ids)
    assert len(rows) >= 4 and computed == []
    first = rows[0].pos
    assert first is rows[0].pos and len(computed) == 1
    for row in rows:
        assert row.pos == position(row.facts, D, row.rates)
        assert row.facts.valor == row.valor and row.facts.received == row.received
    assert len(computed) == len(rows)
    assert {r.rates for r in rows} == {
        Rates(),
        Rates(Decimal("1.50"), Decimal("2.00")),
    }


def test_a_customer_of_many_titulos_is_told_apart_by_a_few_index_entries(db: Database) -> None:
    """get_by_code says whether the customer has more than MANY_TITULOS títulos (the
    window then reads its figures in two parts side by side)."""
    from sqlalchemy import insert

    from app.db.clientes import MANY_TITULOS, get_by_code

    with db.session() as s:
        e1 = f.empresa(s, "E01")
        c = f.cliente(s, "C1")
        s.commit()
    row = dict(empresa_id=e1, cliente_id=c, emissao=D, vencimento=D, valor=Decimal("1.00"))
    for added, many in ((0, False), (MANY_TITULOS, False), (1, True)):
        if added:
            with db.engine.begin() as conn:
                conn.execute(
                    insert(Titulo),
                    [
                        {**row, "numero_documento": f"N{n}-{added}", "parcela": 1}
                        for n in range(added)
                    ],
                )
        with db.session() as s:
            assert get_by_code(s, "C1").many_titulos is many, added
