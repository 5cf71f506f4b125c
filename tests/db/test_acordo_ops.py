"""Creating and breaking acordos (app.db.acordo_ops) on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select, text, update

from app.db import clientes, financeiro, negociacao, position_figures, position_grid
from app.db import positions as pos
from app.db.acordo_ops import (
    AcordoCreated,
    AcordoRecusado,
    AcordoRequest,
    cancel_acordo,
    create_acordo,
    find_acordo_id,
    load_acordo_summary,
    load_selection,
    preview_acordo,
)
from app.db.engine import Database
from app.db.errors import ConcurrentChange, DatabaseError, NotFound
from app.db.quebras import originals_of
from app.db.schema import Acordo, AuditEntry, Cliente, Empresa, Recebimento, Titulo
from app.domain.acordo import AcordoInvalido
from app.domain.money import to_cents
from app.domain.titulos import OPEN_STATUSES, Status

D = date(2026, 11, 30)  # the agreement date (a Monday)
M = Decimal


def seed(db: Database) -> None:
    """Two empresas, two customers; customer C1 has títulos in every situation."""
    with db.session() as s:
        s.add_all(
            [
                Empresa(id=1, codigo="E1", razao_social="Loja Um Ltda", cnpj="11222333000181"),
                Empresa(id=2, codigo="E2", razao_social="Loja Dois Ltda", cnpj="11222333000262"),
                Cliente(id=1, codigo="C1", nome="Ana", nome_busca="ana", cpf_cnpj="52998224725"),
                Cliente(id=2, codigo="C2", nome="Bia", nome_busca="bia", cpf_cnpj="11144477735"),
            ]
        )
        s.flush()

        def titulo(doc: str, parcela: int, venc: date, valor: str, **kw: Any) -> Titulo:
            kw.setdefault("empresa_id", 1)
            kw.setdefault("cliente_id", 1)
            return Titulo(
                numero_documento=doc,
                parcela=parcela,
                emissao=date(2026, 6, 1),
                vencimento=venc,
                valor=M(valor),
                forma_pagamento="boleto",
                **kw,
            )

        s.add_all(
            [
                titulo("NF-100", 1, date(2026, 8, 10), "1000.00", id=1),
                titulo("NF-100", 2, date(2026, 9, 10), "1000.00", id=2),
                titulo("NF-100", 3, date(2026, 10, 10), "1000.00", id=3),
                titulo("NF-200", 1, date(2026, 9, 20), "500.00", id=4),  # 300 received
                titulo("NF-300", 1, date(2026, 9, 1), "200.00", id=5),  # received in full
                titulo(
                    "NF-400",
                    1,
                    date(2026, 9, 1),
                    "200.00",
                    id=6,
                    cancelado_em=date(2026, 10, 1),
                    motivo_cancelamento="devolução",
                ),
                titulo("NF-500", 1, date(2026, 9, 1), "700.00", id=7, empresa_id=2),
                titulo("NF-600", 1, date(2026, 12, 20), "400.00", id=8),  # not yet due
                titulo("NF-700", 1, date(2026, 9, 1), "900.00", id=9, cliente_id=2),
                titulo("NF-800", 1, date(2026, 9, 1), "100.00", id=10),
            ]
        )
        s.flush()
        s.add_all(
            [
                Recebimento(titulo_id=4, data=date(2026, 10, 1), valor=M("300.00")),
                Recebimento(titulo_id=5, data=date(2026, 9, 1), valor=M("200.00")),
            ]
        )
        if db.dialect == "postgresql":  # explicit ids above: move the sequences past them
            for table in ("empresa", "cliente", "titulo"):
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 100)"))


@pytest.fixture
def seeded(db: Database) -> Database:
    seed(db)
    return db


def request(**overrides: Any) -> AcordoRequest:
    values: dict[str, Any] = {
        "cliente_codigo": "C1",
        "empresa_codigo": "E1",
        "titulos": [("NF-100", 1), ("NF-100", 2), ("NF-100", 3)],
        "data": D,
        "parcelas": 4,
        "first_due": date(2026, 12, 30),
        "operador": "clerk",
    }
    values.update(overrides)
    return AcordoRequest(**values)


def state(db: Database) -> dict[str, Any]:
    """Everything an acordo operation may change."""
    with db.session() as s:
        return {
            "titulos": s.execute(
                select(
                    Titulo.id,
                    Titulo.versao,
                    Titulo.cancelado_em,
                    Titulo.motivo_cancelamento,
                    Titulo.renegociado_acordo_id,
                ).order_by(Titulo.id)
            ).all(),
            "acordos": s.execute(
                select(Acordo.id, Acordo.situacao, Acordo.cancelado_em).order_by(Acordo.id)
            ).all(),
            "audit": s.scalar(select(func.count()).select_from(AuditEntry)),
        }


def positions(db: Database, as_of: date = D) -> dict[int, Any]:
    with db.session() as s:
        return {r.id: r for r in financeiro.load_titulos(s, 1, as_of)}


def acordo_titulos(db: Database, acordo_id: int) -> list[Titulo]:
    with db.session() as s:
        return list(
            s.scalars(
                select(Titulo).where(Titulo.acordo_origem_id == acordo_id).order_by(Titulo.parcela)
            )
        )


# --- creating ----------------------------------------------------------------------------------


def test_create_from_three_overdue_titulos(seeded: Database) -> None:
    before = positions(seeded)
    created = create_acordo(
        seeded, request(entrada=M("500.00"), entrada_data=date(2026, 12, 5), observacao="ok")
    )

    assert isinstance(created, AcordoCreated)
    assert (created.numero, created.empresa_codigo) == (1, "E1")
    assert created.cancelled_titulo_ids == (1, 2, 3)
    plan = created.plan
    # NF-100/1: 112 days late: multa 2% = 20,00; juros 1000 × 1%/30 × 112 = 37,33
    assert (before[1].pos.multa, before[1].pos.juros) == (M("20.00"), M("37.33"))
    assert plan.principal == M("3000.00")
    assert plan.multa == sum((before[i].pos.multa for i in (1, 2, 3)), M(0)) == M("60.00")
    assert plan.juros == sum((before[i].pos.juros for i in (1, 2, 3)), M(0))
    assert plan.total_negociado == plan.principal + plan.multa + plan.juros

    with seeded.session() as s:
        acordo = s.get(Acordo, created.acordo_id)
        assert acordo is not None
        assert (acordo.numero, acordo.empresa_id, acordo.cliente_id, acordo.data) == (1, 1, 1, D)
        assert acordo.valor_original == M("3000.00")
        assert (acordo.multa, acordo.juros, acordo.desconto) == (plan.multa, plan.juros, M(0))
        assert acordo.valor_negociado == plan.total_negociado
        assert (acordo.entrada, acordo.entrada_data) == (M("500.00"), date(2026, 12, 5))
        assert (acordo.parcelas, acordo.taxa_mensal, acordo.situacao) == (4, M(0), "ativo")
        assert (acordo.operador, acordo.observacao) == ("clerk", "ok")

    novos = acordo_titulos(seeded, created.acordo_id)
    assert [(t.numero_documento, t.parcela) for t in novos] == [("ACD-1", k) for k in range(5)]
    assert tuple(t.id for t in novos) == created.created_titulo_ids
    entrada, parcelas = novos[0], novos[1:]
    assert (entrada.valor, entrada.vencimento) == (M("500.00"), date(2026, 12, 5))
    assert sum((t.valor for t in parcelas), M(0)) == plan.total_negociado - M("500.00")
    assert [t.vencimento for t in parcelas] == [
        date(2026, 12, 30),
        date(2027, 1, 30),
        date(2027, 2, 28),
        date(2027, 3, 30),
    ]
    assert len({t.valor for t in parcelas[1:]}) == 1
    assert all(
        (t.emissao, t.forma_pagamento, t.cliente_id, t.empresa_id) == (D, "boleto", 1, 1)
        for t in novos
    )

    after = positions(seeded)
    for original in (1, 2, 3):
        assert after[original].status is Status.CANCELADO
        assert after[original].renegociado_no_acordo == 1
    assert all(after[t.id].status is Status.EM_ABERTO for t in novos)
    assert all(after[t.id].acordo_origem == 1 for t in novos)
    with seeded.session() as s:
        originals = s.scalars(select(Titulo).where(Titulo.id.in_([1, 2, 3]))).all()
        assert {
            (t.cancelado_em, t.motivo_cancelamento, t.renegociado_acordo_id, t.versao)
            for t in originals
        } == {(D, "renegociado no acordo 1", created.acordo_id, 2)}
        entry = s.scalars(select(AuditEntry).where(AuditEntry.acao == "acordo_criado")).one()
    assert (entry.entidade, entry.entidade_id) == ("acordo", created.acordo_id)
    details = json.loads(entry.detalhes)
    assert details["numero"] == 1
    assert details["titulos"] == ["NF-100/1", "NF-100/2", "NF-100/3"]
    assert M(details["valor_negociado"]) == plan.total_negociado


def test_preview_is_what_gets_saved(seeded: Database) -> None:
    req = request(titulos=[1, 4, 8], desconto_percentual=M("50"), parcelas=3)
    with seeded.session() as s:
        selection = load_selection(
            s, cliente_codigo="C1", empresa_codigo="E1", titulos=req.titulos, as_of=D
        )
        plan = preview_acordo(s, req)
    # the positions are the Financeiro section's
    rows = positions(seeded)
    assert [t.pos for t in selection.titulos] == [rows[i].pos for i in (1, 4, 8)]
    assert plan.principal == M("1000.00") + M("200.00") + M("400.00")
    assert plan.desconto == to_cents((plan.multa + plan.juros) / 2)
    created = create_acordo(seeded, replace(req, versoes=selection.versoes))
    assert created.plan == plan


def test_numero_is_sequential_per_empresa(seeded: Database) -> None:
    assert create_acordo(seeded, request(titulos=[("NF-100", 1)])).numero == 1
    assert create_acordo(seeded, request(titulos=[("NF-100", 2)])).numero == 2
    other = create_acordo(seeded, request(titulos=[("NF-500", 1)], empresa_codigo="E2"))
    assert (other.numero, other.empresa_codigo) == (1, "E2")
    assert create_acordo(seeded, request(titulos=[("NF-100", 3)])).numero == 3
    with seeded.session() as s:
        assert find_acordo_id(s, "E2", 1) == other.acordo_id
        docs = s.scalars(
            select(Titulo.numero_documento).where(Titulo.acordo_origem_id.is_not(None))
        ).all()
    assert sorted(set(docs)) == ["ACD-1", "ACD-2", "ACD-3"]


def test_price_table_installments(seeded: Database) -> None:
    created = create_acordo(seeded, request(taxa=M("2.5"), parcelas=6))
    parcelas = acordo_titulos(seeded, created.acordo_id)
    assert len(parcelas) == 6
    assert sum((t.valor for t in parcelas), M(0)) == created.plan.total_parcelas
    assert created.plan.total_parcelas > created.plan.financiado
    with seeded.session() as s:
        assert s.scalar(select(Acordo.taxa_mensal)) == M("2.5")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"titulos": [("NF-400", 1)]}, "titulos", "o título NF-400/1 já está cancelado"),
        ({"titulos": [("NF-300", 1)]}, "titulos", "o título NF-300/1 já foi recebido"),
        ({"titulos": [1, 5]}, "titulos", "o título NF-300/1 já foi recebido"),
        ({"titulos": [("NF-500", 1)]}, "titulos", "o título NF-500/1 não é da empresa E1"),
        ({"titulos": [7]}, "titulos", "o título NF-500/1 não é da empresa E1"),
        ({"titulos": [9]}, "titulos", "o título NF-700/1 não é deste cliente"),
        ({"titulos": [("NF-700", 1)]}, "titulos", "título não encontrado: NF-700/1"),
        ({"titulos": [("NF-999", 1)]}, "titulos", "título não encontrado: NF-999/1"),
        ({"titulos": []}, "titulos", "selecione ao menos um título"),
        ({"parcelas": 0}, "parcelas", "o número de parcelas deve ser de 1 a 360"),
        (
            {"entrada": M("5000.00"), "entrada_data": D},
            "entrada",
            "a entrada deve ser menor que o total negociado",
        ),
        ({"desconto": M("100000.00")}, "desconto", "o desconto não pode ser maior que os encargos"),
        (
            {"first_due": date(2026, 11, 29)},
            "primeiro_vencimento",
            "o primeiro vencimento não pode ser anterior à data do acordo",
        ),
        (
            {"data": date(2026, 5, 1), "first_due": date(2026, 6, 1)},
            "titulos",
            "o título NF-100/1 foi emitido depois da data do acordo (01/05/2026)",
        ),
        (
            {"titulos": [4], "data": date(2026, 9, 25), "first_due": date(2026, 10, 25)},
            "titulos",
            "o título NF-200/1 tem recebimento depois da data do acordo (25/09/2026)",
        ),
    ],
)
def test_refusals_write_nothing(
    seeded: Database, overrides: dict[str, Any], field: str, message: str
) -> None:
    before = state(seeded)
    req = request(**overrides)
    with seeded.session() as s, pytest.raises(AcordoInvalido) as previewed:
        preview_acordo(s, req)
    with pytest.raises(AcordoInvalido) as saved:
        create_acordo(seeded, req)
    for info in (previewed, saved):
        assert info.value.field == field
        assert str(info.value).startswith(message)
    assert state(seeded) == before


def test_titulo_of_another_acordo_is_refused(seeded: Database) -> None:
    first = create_acordo(seeded, request(titulos=[("NF-100", 1)], parcelas=2))
    before = state(seeded)
    with pytest.raises(AcordoInvalido, match="o título NF-100/1 já foi renegociado no acordo 1"):
        create_acordo(seeded, request(titulos=[("NF-100", 2), ("NF-100", 1)]))
    installment = first.created_titulo_ids[0]
    with pytest.raises(AcordoInvalido, match="o título ACD-1/1 é parcela do acordo 1, que está"):
        create_acordo(seeded, request(titulos=[installment]))
    assert state(seeded) == before


def test_unknown_customer_or_empresa(seeded: Database) -> None:
    with pytest.raises(NotFound, match="cliente não encontrado: C9"):
        create_acordo(seeded, request(cliente_codigo="C9"))
    with pytest.raises(NotFound, match="empresa não encontrada: E9"):
        create_acordo(seeded, request(empresa_codigo="E9"))


def test_stale_versions_raise_concurrent_change(seeded: Database) -> None:
    with seeded.session() as s:
        seen = load_selection(
            s, cliente_codigo="C1", empresa_codigo="E1", titulos=[1, 2], as_of=D
        ).versoes
        # another user changes NF-100/2 meanwhile (e.g. sends it to cobrança)
        s.execute(
            update(Titulo).where(Titulo.id == 2).values(cobranca_em=D, versao=Titulo.versao + 1)
        )
    before = state(seeded)
    with pytest.raises(ConcurrentChange, match="Um ou mais títulos foram alterados por outro"):
        create_acordo(seeded, request(titulos=[1, 2], versoes=seen))
    assert state(seeded) == before


def test_changed_total_raises_concurrent_change(seeded: Database) -> None:
    req = request(titulos=[4])
    with seeded.session() as s:
        shown = preview_acordo(s, req).total_negociado
        # a payment recorded meanwhile (without touching the título's version)
        s.add(Recebimento(titulo_id=4, data=D, valor=M("50.00")))
    before = state(seeded)
    with pytest.raises(ConcurrentChange):
        create_acordo(seeded, replace(req, expected_total=shown))
    assert state(seeded) == before


def test_versions_must_cover_the_titulos(seeded: Database) -> None:
    with pytest.raises(ValueError, match="versoes"):
        create_acordo(seeded, request(versoes={1: 1}))


# --- breaking ----------------------------------------------------------------------------------


def test_cancel_reopens_originals_and_cancels_installments(seeded: Database) -> None:
    created = create_acordo(seeded, request(entrada=M("100.00"), entrada_data=D, parcelas=3))
    quebra = date(2026, 12, 15)
    with seeded.session() as s:
        summary = load_acordo_summary(s, created.acordo_id)
    assert summary.can_break and summary.parcelas == 3

    cancelled = cancel_acordo(seeded, created.acordo_id, motivo="  cliente desistiu ", data=quebra)

    assert cancelled.numero == 1
    assert cancelled.reopened_titulo_ids == (1, 2, 3)
    assert cancelled.cancelled_titulo_ids == created.created_titulo_ids
    with seeded.session() as s:
        acordo = s.get(Acordo, created.acordo_id)
        assert acordo is not None
        assert (acordo.situacao, acordo.cancelado_em, acordo.motivo_cancelamento) == (
            "quebrado",
            quebra,
            "cliente desistiu",
        )
        originals = s.scalars(select(Titulo).where(Titulo.id.in_([1, 2, 3]))).all()
        assert {
            (t.cancelado_em, t.motivo_cancelamento, t.renegociado_acordo_id, t.versao)
            for t in originals
        } == {(None, None, None, 3)}
        entry = s.scalars(select(AuditEntry).where(AuditEntry.acao == "acordo_quebrado")).one()
        assert not load_acordo_summary(s, created.acordo_id).can_break
    assert json.loads(entry.detalhes)["motivo"] == "cliente desistiu"
    for t in acordo_titulos(seeded, created.acordo_id):
        assert (t.cancelado_em, t.motivo_cancelamento, t.versao) == (quebra, "acordo 1 quebrado", 2)
    rows = positions(seeded, quebra)
    assert all(rows[i].status is Status.VENCIDO for i in (1, 2, 3))
    assert all(rows[i].status is Status.CANCELADO for i in created.created_titulo_ids)

    # the originals can be renegotiated again, in acordo 2
    again = create_acordo(seeded, request(data=quebra, first_due=date(2027, 1, 15)))
    assert again.numero == 2


def _figures(db: Database, as_of: date) -> tuple[dict[int, Any], Any, Decimal, list[int]]:
    """What the screen shows as of a date: the rows (domain), the figures computed by the
    database, the search results' total and the ids of the cancelled títulos."""
    with db.session() as s:
        rows = {r.id: r for r in financeiro.load_titulos(s, 1, as_of)}
        found = position_figures.groups(s, 1, as_of)
        figures = position_figures.Summary(tuple(found)).figures()
        total = clientes.totals_a_receber(s, [1], as_of)[1]
        cancelled = pos.Filters(statuses=frozenset({Status.CANCELADO}))
        return rows, figures, total, position_grid.ordered_ids(s, 1, as_of, cancelled)


def test_a_broken_acordo_held_its_originals_cancelled_until_the_break(seeded: Database) -> None:
    """As of a date between the acordo and its break the debt is the installments, not
    the originals as well; from the break on it is the originals again."""
    originals = (1, 2, 3)
    before_rows, before, _, _ = _figures(seeded, D - timedelta(days=1))
    created = create_acordo(seeded, request(parcelas=3))
    quebra = date(2026, 12, 15)
    cancel_acordo(seeded, created.acordo_id, motivo="desistiu", data=quebra)
    parcelas = created.created_titulo_ids
    valor_parcelas = sum(t.valor for t in acordo_titulos(seeded, created.acordo_id))
    saldo_originais = sum(before_rows[i].pos.saldo for i in originals)

    for day in (D, date(2026, 12, 14)):
        rows, figures, total, cancelled_ids = _figures(seeded, day)
        assert [rows[i].status for i in originals] == [Status.CANCELADO] * 3, day
        assert {rows[i].renegociado_no_acordo for i in originals} == {created.numero}
        assert {rows[i].status for i in parcelas} == {Status.EM_ABERTO}
        assert set(originals) <= set(cancelled_ids) and not set(parcelas) & set(cancelled_ids)
        with seeded.session() as s:  # Recebido turned on: every status but Cancelado
            every_but = pos.Filters(statuses=frozenset(Status) - {Status.CANCELADO})
            shown = position_grid.ordered_ids(s, 1, day, every_but)
            opened = position_grid.ordered_ids(
                s, 1, day, pos.Filters(statuses=frozenset(OPEN_STATUSES))
            )
        assert shown == [i for i, r in rows.items() if r.status is not Status.CANCELADO]
        assert opened == [i for i, r in rows.items() if r.pos.is_open]  # originals held
        # the debt once: the originals' saldo replaced by the installments
        expected = before.total_a_receber - saldo_originais + valor_parcelas
        assert figures.total_a_receber == total == expected, day
        cancelled_before = sum(r.status is Status.CANCELADO for r in before_rows.values())
        assert figures.by_status[Status.CANCELADO].count == cancelled_before + len(originals)
        assert figures.total_a_receber == sum(r.pos.saldo for r in rows.values() if r.pos.is_open)

    rows, figures, total, cancelled_ids = _figures(seeded, quebra)
    assert [rows[i].status for i in originals] == [Status.VENCIDO] * 3
    assert {rows[i].status for i in parcelas} == {Status.CANCELADO}
    assert figures.total_a_receber == total == before.total_a_receber
    assert set(parcelas) <= set(cancelled_ids) and not set(originals) & set(cancelled_ids)
    rows, _, _, _ = _figures(seeded, D - timedelta(days=1))
    assert [rows[i].status for i in originals] == [Status.VENCIDO] * 3
    assert not set(parcelas) & set(rows)

    # the broken acordo still lists what it replaced, as it stood on each date
    with seeded.session() as s:
        listed = negociacao.load_acordo_titulos(s, created.acordo_id, date(2026, 12, 14))
        assert [(r.papel, r.titulo.id) for r in listed if r.papel == "original"] == [
            ("original", i) for i in originals
        ]
        assert {r.status for r in listed if r.papel == "original"} == {Status.CANCELADO}
        listed = negociacao.load_acordo_titulos(s, created.acordo_id, quebra)
        assert {r.status for r in listed if r.papel == "original"} == {Status.VENCIDO}

    # paid in full after the break by a receipt dated within the acordo's period (read
    # from the database's "paid in full" index): still Cancelado on that date
    with seeded.session() as s:
        s.add(Recebimento(titulo_id=3, data=date(2026, 12, 10), valor=M("1000.00")))
    rows, figures, total, cancelled_ids = _figures(seeded, date(2026, 12, 14))
    assert rows[3].status is Status.CANCELADO and 3 in cancelled_ids
    assert figures.by_status[Status.RECEBIDO].count == sum(
        r.status is Status.RECEBIDO for r in rows.values()
    )
    rows, _, _, _ = _figures(seeded, quebra)
    assert rows[3].status is Status.RECEBIDO


def test_a_new_acordo_cannot_be_dated_while_a_broken_one_held_the_titulo(
    seeded: Database,
) -> None:
    created = create_acordo(seeded, request(parcelas=2))
    quebra = date(2026, 12, 15)
    cancel_acordo(seeded, created.acordo_id, motivo="desistiu", data=quebra)
    for day in (date(2026, 12, 10), date(2026, 11, 20)):
        before = state(seeded)
        with pytest.raises(AcordoInvalido, match="estava no acordo 1, quebrado em 15/12/2026"):
            create_acordo(seeded, request(data=day, first_due=date(2027, 1, 15)))
        assert state(seeded) == before
    assert create_acordo(seeded, request(data=quebra, first_due=date(2027, 1, 15))).numero == 2


def test_cancel_refused_when_an_installment_was_received(seeded: Database) -> None:
    created = create_acordo(seeded, request(parcelas=2))
    with seeded.session() as s:
        s.add(Recebimento(titulo_id=created.created_titulo_ids[1], data=D, valor=M("10.00")))
        assert not load_acordo_summary(s, created.acordo_id).can_break
    before = state(seeded)
    with pytest.raises(DatabaseError, match="o acordo já tem parcelas recebidas e não pode ser"):
        cancel_acordo(seeded, created.acordo_id, motivo="inadimplência", data=D)
    assert state(seeded) == before


def test_cancel_refusals(seeded: Database) -> None:
    created = create_acordo(seeded, request(parcelas=2))
    before = state(seeded)
    with pytest.raises(AcordoRecusado, match="informe o motivo"):
        cancel_acordo(seeded, created.acordo_id, motivo="   ", data=D)
    with pytest.raises(AcordoRecusado, match="anterior à data do acordo"):
        cancel_acordo(seeded, created.acordo_id, motivo="x", data=date(2026, 11, 1))
    with pytest.raises(NotFound):
        cancel_acordo(seeded, 999, motivo="x", data=D)
    assert state(seeded) == before
    cancel_acordo(seeded, created.acordo_id, motivo="x", data=D)
    with pytest.raises(AcordoRecusado, match="o acordo 1 já foi quebrado em 30/11/2026"):
        cancel_acordo(seeded, created.acordo_id, motivo="x", data=D)


# --- a busy database -----------------------------------------------------------------------------


def test_busy_database_gives_a_clear_message(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.db.acordo_locking as locking

    if seeded.dialect == "sqlite":

        @event.listens_for(seeded.engine, "connect")
        def short_timeout(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute("PRAGMA busy_timeout = 200")

        seeded.engine.dispose()  # new connections get the short timeout
        expected = "o banco de dados está ocupado"
    else:
        monkeypatch.setattr(locking, "LOCK_TIMEOUT_MS", 200)
        expected = "os títulos estão sendo alterados por outro usuário"
    seen = {1: 1, 2: 1, 3: 1}
    with seeded.engine.connect() as other:
        if seeded.dialect == "sqlite":
            other.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            other.execute(text("SELECT id FROM titulo WHERE id = 2 FOR UPDATE"))
        with pytest.raises(DatabaseError, match=expected) as info:
            create_acordo(seeded, request(versoes=seen))
        assert not isinstance(info.value, ConcurrentChange)
        other.rollback()
    assert create_acordo(seeded, request(versoes=seen)).numero == 1


def test_failure_after_writes_leaves_nothing_half_written(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard (UPDATE ... WHERE versao = :seen) fails after the acordo and its
    installments were inserted: the whole transaction is rolled back."""
    import app.db.acordo_ops as ops

    with seeded.session() as s:
        s.execute(update(Titulo).where(Titulo.id == 3).values(versao=Titulo.versao + 1))
    before = state(seeded)
    # the lock-time comparison is bypassed, so only the guarded UPDATE can notice
    monkeypatch.setattr(ops, "_lock_versions", lambda session, ids: {i: 1 for i in ids})
    with pytest.raises(ConcurrentChange):
        create_acordo(seeded, request(versoes={1: 1, 2: 1, 3: 1}))
    assert state(seeded) == before


# --- the command-line helpers ------------------------------------------------------------------


def test_negotiate_cli_helpers(seeded: Database) -> None:
    import argparse

    from app import negotiate_cli as cli

    parser = argparse.ArgumentParser()
    parser.add_argument("--as-of", type=date.fromisoformat)
    cli.add_negotiate_arguments(parser)
    args = parser.parse_args(
        [
            "--as-of",
            "2026-11-30",
            "--customer",
            "C1",
            "--empresa",
            "E1",
            "--titulos",
            "NF-100/1, NF-100/2",
            "--installments",
            "3",
            "--first-due",
            "2026-12-30",
            "--entrada",
            "100,00",
            "--desconto",
            "10%",
            "--rate",
            "0",
        ]
    )
    assert args.titulos == [("NF-100", 1), ("NF-100", 2)]
    assert args.desconto == (M(0), M(10))
    assert cli.negotiate_from_args(seeded, args) == 1
    with seeded.session() as s:
        acordo = s.scalars(select(Acordo)).one()
        assert (acordo.entrada, acordo.entrada_data, acordo.parcelas) == (M("100.00"), D, 3)
        assert acordo.desconto == to_cents((acordo.multa + acordo.juros) / 10)

    with pytest.raises(AcordoInvalido) as info:
        cli.negotiate(
            seeded,
            customer="C1",
            empresa="E1",
            titulos=[("NF-100", 3)],
            installments=0,
            first_due=D,
            as_of=D,
        )
    assert cli.describe_invalid(info.value) == (
        "--installments: o número de parcelas deve ser de 1 a 360"
    )
    for bad in ("NF-1", "NF-1/x", "/2", ","):
        with pytest.raises(argparse.ArgumentTypeError):
            cli.parse_titulos(bad)
    assert cli.parse_titulos("A/B/3") == [("A/B", 3)]
    assert cli.parse_desconto("R$ 1.234,50") == (M("1234.50"), None)

    cancelled = cli.break_negotiation(seeded, numero=1, empresa="E1", motivo="teste", data=D)
    assert cancelled.reopened_titulo_ids == (1, 2)
    with pytest.raises(NotFound, match="acordo não encontrado: 7 da empresa E1"):
        cli.break_negotiation(seeded, numero=7, empresa="E1", motivo="x", data=D)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_an_acordos_originals_are_found_by_index_not_by_reading_every_titulo(
    db: Database,
) -> None:
    """The printed termo and the Negociação grid list an acordo's originals (its own and
    a broken one's): PostgreSQL finds them by the indexes, where an OR of the two
    conditions made it read every título of every customer (100 ms at 2.5 M títulos).
    Sequential scans are discouraged for the check: the test database is small enough
    for one to be cheapest anyway."""
    stmt = select(Titulo.id).where(originals_of(1))
    with db.session() as s:
        s.execute(text("SET LOCAL enable_seqscan = off"))
        compiled = stmt.compile(dialect=s.get_bind().dialect)
        plan = "\n".join(
            str(row[0])
            for row in s.connection().exec_driver_sql(
                f"EXPLAIN {compiled}", compiled.construct_params()
            )
        )
    assert "Seq Scan on titulo" not in plan, plan
