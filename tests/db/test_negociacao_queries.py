"""The Negociação grid's order and pages from the database (app.db.negociacao) equal the
Python reference (load_acordos + app.models.base.sorted_rows) on both databases: every
column both ways, SITUAÇÃO as of the date (an acordo broken later is still ativo),
another customer's acordos never shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert

from app.db import negociacao
from app.db.engine import Database
from app.db.schema import Acordo
from app.models.cell_texts import sorted_rows
from tests.factories import empresas_and_clientes

TODAY = date(2026, 11, 29)
DATES = (TODAY, date(2026, 6, 30))


@dataclass
class Acordos:
    db: Database
    cliente: int


@pytest.fixture
def acordos(db: Database) -> Acordos:
    with db.engine.begin() as conn:
        empresas, clientes = empresas_and_clientes(conn)
        for k in range(40):
            for n, who in enumerate(clientes):
                day = date(2026, 1, 5) + timedelta(days=(k * 37) % 300)
                broken = k % 3 == 0
                conn.execute(
                    insert(Acordo).values(
                        empresa_id=empresas[k % 3],
                        numero=2 * k + n + 1,  # unique per empresa
                        cliente_id=who,
                        data=day,
                        valor_original=Decimal(100 + (k * 53) % 700),
                        multa=Decimal(k % 5),
                        juros=Decimal((k * 7) % 11),
                        desconto=Decimal(k % 4),
                        valor_negociado=Decimal(90 + (k * 31) % 500),
                        parcelas=1 + k % 6,
                        situacao="quebrado" if broken else "ativo",
                        cancelado_em=day + timedelta(days=40) if broken else None,
                    )
                )
    return Acordos(db, clientes[0])


@pytest.mark.parametrize("as_of", DATES)
def test_every_column_sorts_as_the_grid_sorts_in_python(acordos: Acordos, as_of: date) -> None:
    with acordos.db.session() as session:
        rows = negociacao.load_acordos(session, acordos.cliente, as_of)
        assert len(rows) == negociacao.count_acordos(session, acordos.cliente, as_of)
        assert negociacao.ordered_ids(session, acordos.cliente, as_of) == [r.id for r in rows]
        assert {r.situacao for r in rows} == {"ativo", "quebrado"}
        for column in negociacao.COLUMNS:
            for descending in (False, True):
                expected = sorted_rows(rows, column.get, column.kind, descending)
                got = negociacao.ordered_ids(
                    session, acordos.cliente, as_of, (column.key, descending)
                )
                assert got == [r.id for r in expected], (column.key, descending)


def test_acordos_by_ids_in_the_order_given_as_of_the_date(acordos: Acordos) -> None:
    with acordos.db.session() as session:
        rows = negociacao.load_acordos(session, acordos.cliente, TODAY)
        wanted = [r.id for r in reversed(rows)][:15] + [10**9]
        got = negociacao.acordos_by_ids(session, TODAY, wanted)
        assert got == [next(r for r in rows if r.id == i) for i in wanted[:-1]]
        # before the break, a broken acordo was still ativo
        earlier = negociacao.acordos_by_ids(session, date(2026, 1, 20), wanted[:-1])
    assert all(r.situacao == "ativo" for r in earlier)
    assert any(r.situacao == "quebrado" for r in got)
