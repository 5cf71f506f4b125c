"""The Programação grid's order and pages from the database (app.db.programacao) equal
the Python reference (load_programacoes + app.models.base.sorted_rows), on both
databases, with texts that differ only by accents, case or are empty, events without
a time, and another customer's events that must never show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest
from sqlalchemy import insert

from app.db import programacao
from app.db.engine import Database
from app.db.programacao import ProgramacaoRow
from app.db.schema import Programacao
from app.models.cell_texts import sorted_rows
from tests.factories import empresas_and_clientes

TODAY = date(2026, 11, 29)
DESCRICOES = ("Ligar para André", "ligar para andre", "Visita", "ÁGUA", "água", "", "Zebra")
RESPONSAVEIS = ("Ana", "ana", "ÁLVARO", None, "", "Bruno", "Zé")
TIPOS = ("ligacao", "entrega", "visita_tecnica", "cobranca", "outro", "ligacao", "entrega")
SITUACOES = ("pendente", "realizada", "cancelada", "pendente", "pendente", "realizada", "pendente")
HORAS = (time(9, 0), None, time(14, 30), None, time(8, 15), time(9, 0), None)


@dataclass
class Agenda:
    db: Database
    cliente: int
    other: int


@pytest.fixture
def agenda(db: Database) -> Agenda:
    with db.engine.begin() as conn:
        empresas, ids = empresas_and_clientes(conn)
        for k in range(35):  # several events a day, before and after today
            for who in ids:
                conn.execute(
                    insert(Programacao).values(
                        empresa_id=empresas[k % 3],
                        cliente_id=who,
                        data=date(2026, 11, 25 + k % 9) if k % 9 < 6 else date(2026, 12, k % 9),
                        hora=HORAS[k % 7],
                        tipo=TIPOS[k % 7],
                        descricao=DESCRICOES[(k // 2) % 7],
                        responsavel=RESPONSAVEIS[(k // 3) % 7],
                        situacao=SITUACOES[(k // 5) % 7],
                        versao=1 + k % 4,
                    )
                )
    return Agenda(db, ids[0], ids[1])


def _reference(agenda: Agenda, include_past: bool) -> list[ProgramacaoRow]:
    with agenda.db.session() as session:
        return programacao.load_programacoes(
            session, agenda.cliente, today=TODAY, include_past=include_past
        )


def _ids(agenda: Agenda, include_past: bool, sort: tuple[str, bool] | None = None) -> list[int]:
    with agenda.db.session() as session:
        return programacao.ordered_ids(
            session, agenda.cliente, include_past=include_past, sort=sort
        )


@pytest.mark.parametrize("include_past", [False, True])
def test_default_order_pending_overdue_first_then_by_day_and_time(
    agenda: Agenda, include_past: bool
) -> None:
    rows = _reference(agenda, include_past)
    assert rows and all(r.situacao == "pendente" for r in rows) != include_past
    assert _ids(agenda, include_past) == [r.id for r in rows]
    days = [(r.data, r.hora is None, r.hora or time(0)) for r in rows]
    assert days == sorted(days)  # by day, timed events before untimed ones of the day
    if not include_past:
        overdue = [r.atrasada(TODAY) for r in rows]
        assert overdue == sorted(overdue, reverse=True) and any(overdue) and not all(overdue)
    with agenda.db.session() as session:
        pendentes = programacao.count_pendentes(session, agenda.cliente)
    assert pendentes == len(_reference(agenda, False))


@pytest.mark.parametrize("include_past", [False, True])
def test_every_column_sorts_as_the_grid_sorts_in_python(agenda: Agenda, include_past: bool) -> None:
    rows = _reference(agenda, include_past)
    for column in programacao.COLUMNS:
        for descending in (False, True):
            expected = sorted_rows(rows, column.get, column.kind, descending)
            got = _ids(agenda, include_past, (column.key, descending))
            assert got == [r.id for r in expected], (column.key, descending)


def test_rows_by_ids_in_the_order_given(agenda: Agenda) -> None:
    rows = _reference(agenda, True)
    by_id = {r.id: r for r in rows}
    wanted = [r.id for r in reversed(rows)][:20] + [10**9]  # one id that is not there
    with agenda.db.session() as session:
        got = programacao.rows_by_ids(session, wanted)
    assert got == [by_id[i] for i in wanted[:-1]]
    assert {r.versao for r in got} > {1}  # the versão travels with the row


def test_unknown_column_is_refused(agenda: Agenda) -> None:
    with pytest.raises(ValueError, match="coluna desconhecida"):
        _ids(agenda, True, ("nope", False))
