"""The queries and operations added for the window (app/db), on both databases."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from history_data import BEFORE_ACORDO, TODAY, History
from sqlalchemy import select

from app.db import clientes, financeiro, negociacao, programacao_ops, recebimentos, venda
from app.db.engine import Database
from app.db.errors import NotFound
from app.db.programacao_ops import ProgramacaoAlterada, ProgramacaoInput, ProgramacaoInvalida
from app.db.schema import AuditEntry, Programacao, Titulo


@pytest.mark.parametrize("as_of", [TODAY, BEFORE_ACORDO, date(2025, 1, 1)])
def test_totals_a_receber_match_summarize(db: Database, history: History, as_of: date) -> None:
    ids = [history.joao, history.maria, history.vazio]
    with db.session() as session:
        totals = clientes.totals_a_receber(session, ids, as_of)
        for cliente_id in ids:
            rows = financeiro.load_titulos(session, cliente_id, as_of)
            assert totals[cliente_id] == financeiro.summarize(rows).total_a_receber
    assert totals[history.vazio] == Decimal("0.00")


def test_has_customers(db: Database) -> None:
    with db.session() as session:
        assert not clientes.has_customers(session)


def test_load_titulos_where(db: Database, history: History) -> None:
    with db.session() as session:
        rows = financeiro.load_titulos(
            session, history.joao, TODAY, where=Titulo.numero_documento == "1001"
        )
    assert sorted(r.parcela for r in rows) == [1, 2, 3]


def test_acordo_titulos_are_installments_then_originals(db: Database, history: History) -> None:
    with db.session() as session:
        rows = negociacao.load_acordo_titulos(session, history.acordo, TODAY)
        missing = negociacao.load_acordo_titulos(session, 999_999, TODAY)
    assert [(r.papel, r.titulo.numero_documento, r.titulo.parcela) for r in rows] == [
        ("parcela", "ACD-7", 1),
        ("parcela", "ACD-7", 2),
        ("parcela", "ACD-7", 3),
        ("original", "0800", 1),
    ]
    assert rows[3].titulo.renegociado_no_acordo == 7
    assert missing == []
    columns = [c.get(rows[3]) for c in negociacao.ACORDO_TITULO_COLUMNS]
    assert columns[0] == "Título renegociado"


def test_recebimentos_of_a_titulo_as_of(db: Database, history: History) -> None:
    with db.session() as session:
        titulo_id = session.scalar(
            select(Titulo.id).where(Titulo.numero_documento == "1001", Titulo.parcela == 2)
        )
        assert titulo_id is not None
        rows = recebimentos.load_recebimentos(session, titulo_id)
        before = recebimentos.load_recebimentos(session, titulo_id, date(2026, 1, 31))
    assert [(r.data, r.valor, r.forma_pagamento) for r in rows] == [
        (date(2026, 2, 1), Decimal("50.00"), "pix")
    ]
    assert before == []


def test_venda_filters_and_summary(db: Database, history: History) -> None:
    with db.session() as session:
        rows = venda.load_itens(session, history.joao, TODAY)
    assert len(venda.filter_itens(rows, produto="fogao")) == 1
    assert len(venda.filter_itens(rows, produto="FOG-04")) == 1
    assert len(venda.filter_itens(rows, empresa="LOJA1")) == 1
    assert len(venda.filter_itens(rows, period=(date(2026, 1, 1), None))) == 1
    summary = venda.summarize(rows, TODAY)
    assert (summary.total_comprado, summary.compras, summary.ticket_medio) == (
        Decimal("1550.00"),
        2,
        Decimal("775.00"),
    )
    assert summary.por_mes[0][0] == date(2024, 4, 1)
    assert summary.por_mes[-1] == (date(2026, 3, 1), Decimal("0.00"))
    assert dict(summary.por_mes)[date(2026, 1, 1)] == Decimal("1000.00")
    empty = venda.summarize([], TODAY)
    assert (empty.compras, empty.ticket_medio, empty.primeira) == (0, Decimal("0.00"), None)


def _form(**changes: object) -> ProgramacaoInput:
    values: dict[str, object] = dict(
        empresa="LOJA1",
        data=TODAY,
        hora=time(9, 30),
        tipo="ligacao",
        descricao="  Ligar  ",
        responsavel=" ",
    )
    values.update(changes)
    return ProgramacaoInput(**values)  # type: ignore[arg-type]


def test_programacao_operations(db: Database, history: History) -> None:
    with db.session() as session:
        added = programacao_ops.add_programacao(session, history.joao, _form())
    with db.session() as session:
        record = programacao_ops.get_programacao(session, added.id)
        assert (record.descricao, record.responsavel, record.versao) == ("Ligar", None, 1)
        changed = programacao_ops.update_programacao(
            session, added.id, 1, _form(descricao="Ligar de novo", empresa="LOJA2")
        )
    assert changed.versao == 2
    with db.session() as session:
        done = programacao_ops.set_situacao(session, added.id, 2, "realizada")
        assert programacao_ops.versoes(session, history.joao)[added.id] == 3
    assert (done.acao, done.versao) == ("realizada", 3)
    with db.session() as session:
        row = session.execute(
            select(Programacao.situacao, Programacao.descricao).where(Programacao.id == added.id)
        ).one()
        audit = session.scalars(
            select(AuditEntry.acao)
            .where(AuditEntry.entidade_id == added.id)
            .order_by(AuditEntry.id)
        ).all()
    assert tuple(row) == ("realizada", "Ligar de novo")
    assert audit == ["programacao.incluir", "programacao.alterar", "programacao.realizada"]


def test_programacao_situacao_changes_only_as_allowed(db: Database, history: History) -> None:
    """Pending -> done or cancelled; done or cancelled -> pending again (reopened); a
    cancelled one is never marked done, a done one never cancelled, a closed one never
    edited: refused with the reason, nothing written."""
    with db.session() as session:
        added = programacao_ops.add_programacao(session, history.joao, _form())
    refusals = [
        (lambda s: programacao_ops.set_situacao(s, added.id, 1, "pendente"), "já está pendente"),
    ]
    with db.session() as session:
        programacao_ops.set_situacao(session, added.id, 1, "cancelada")
    refusals += [
        (lambda s: programacao_ops.set_situacao(s, added.id, 2, "realizada"), "pendente pode"),
        (lambda s: programacao_ops.set_situacao(s, added.id, 2, "cancelada"), "pendente pode"),
        (
            lambda s: programacao_ops.update_programacao(s, added.id, 2, _form(descricao="X")),
            "pendente pode ser alterada",
        ),
    ]
    for work, reason in refusals[1:]:
        with pytest.raises(ProgramacaoInvalida, match=reason), db.session() as session:
            work(session)
    with db.session() as session:
        reopened = programacao_ops.set_situacao(session, added.id, 2, "pendente")
    assert (reopened.acao, reopened.versao) == ("pendente", 3)
    with pytest.raises(ProgramacaoInvalida, match=refusals[0][1]), db.session() as session:
        programacao_ops.set_situacao(session, added.id, 3, "pendente")
    with db.session() as session:
        done = programacao_ops.set_situacao(session, added.id, 3, "realizada")
        row = session.execute(
            select(Programacao.situacao, Programacao.versao, Programacao.descricao).where(
                Programacao.id == added.id
            )
        ).one()
    assert done.versao == 4 and tuple(row) == ("realizada", 4, "Ligar")


def test_programacao_stale_versao_is_refused_and_nothing_is_written(
    db: Database, history: History
) -> None:
    with db.session() as session:
        added = programacao_ops.add_programacao(session, history.joao, _form())
        programacao_ops.set_situacao(session, added.id, 1, "cancelada")
    with pytest.raises(ProgramacaoAlterada), db.session() as session:
        programacao_ops.set_situacao(session, added.id, 1, "realizada")
    with pytest.raises(NotFound), db.session() as session:
        programacao_ops.set_situacao(session, 999_999, 1, "realizada")
    with db.session() as session:
        assert (
            session.scalar(select(Programacao.situacao).where(Programacao.id == added.id))
            == "cancelada"
        )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"descricao": "  "}, "descrição"),
        ({"tipo": "festa"}, "tipo"),
        ({"empresa": "NAO"}, "empresa"),
        ({"responsavel": "x" * 101}, "responsável"),
    ],
)
def test_programacao_invalid_input(
    db: Database,
    history: History,
    changes: dict,  # type: ignore[type-arg]
    message: str,
) -> None:
    with pytest.raises(ProgramacaoInvalida, match=message), db.session() as session:
        programacao_ops.add_programacao(session, history.joao, _form(**changes))


def test_list_empresas(db: Database, history: History) -> None:
    with db.session() as session:
        empresas = programacao_ops.list_empresas(session)
    assert [(e.codigo, e.nome) for e in empresas] == [("LOJA1", "Loja Um"), ("LOJA2", "Loja Dois")]
