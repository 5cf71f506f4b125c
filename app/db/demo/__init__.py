"""Demonstration data: a realistic, deterministic customer base to try the app with.

``generate(db, seed=42, customers=200, whale=0, reference=None, progress=None,
acordo_share=None)`` fills an empty, migrated database in one transaction (a kill
during generation leaves nothing): 4 empresas (E01-E04, one with multa 1,50% / juros
2,00% a.m.), ~300 produtos, the customers C000001… (about 90% CPF, 10% companies with
CNPJ) with their vendas and itens, títulos a receber (1-6 monthly parcelas per financed
sale, 3 years back and up to 6 months after ``reference``), recebimentos, acordos
(about 3% of the customers, or the ``acordo_share`` asked for; some of them
"quebrado") and programações. On average a customer has about 10 títulos and 20 sale
items; some have nothing at all. ``whale=K`` adds the customer W000001 ("Distribuidora
Baleia Ltda") with exactly K títulos and 2·K items.

All facts are dated on or before ``reference`` ("today" for the data), so as of
``reference`` the títulos show all six statuses; C000001 shows them all on one screen
(showcase.py). The same seed, reference and parameters give the same rows:
``random.Random(seed)`` drives everything, and Faker('pt_BR'), seeded alike, only fills
the name pools once (names.py; pools may differ between Faker versions).

Speed (``customers=200_000`` gives ~2 million títulos in under two minutes on SQLite):
rows are plain tuples written in bulk (writer.py: executemany on SQLite, COPY on
PostgreSQL) with keys counted from max(id) + 1. The domain (app/domain) decides
vencimento real, acordo figures and document check digits, called once per distinct
date or per acordo rather than per row.

The parts, in the order they draw: catalog.py (empresas, produtos), showcase.py
(C000001), customers.py (C000002…, then W000001) with people.py (identities),
sales.py (vendas, itens, títulos, recebimentos), acordos.py and agenda.py
(programações); context.py holds what they share, records.py what they make.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import exists, select

from app.db import audit
from app.db.bulk_load import DATA_TABLES, vacuum
from app.db.demo.acordos import Acordos
from app.db.demo.agenda import Agenda
from app.db.demo.catalog import Catalog
from app.db.demo.context import Context
from app.db.demo.customers import Customers
from app.db.demo.names import build_pools
from app.db.demo.people import People
from app.db.demo.sales import Sales
from app.db.demo.showcase import Showcase
from app.db.demo.writer import DemoStats, Progress, Writer
from app.db.engine import Database
from app.db.errors import DatabaseError
from app.db.schema import Cliente, Empresa, Produto

__all__ = ["DemoStats", "Progress", "generate"]

_MUST_BE_EMPTY = (Cliente, Empresa, Produto)


def generate(
    db: Database,
    *,
    seed: int = 42,
    customers: int = 200,
    whale: int = 0,
    reference: date | None = None,
    progress: Progress | None = None,
    acordo_share: float | None = None,
) -> DemoStats:
    """Fill the empty database ``db`` with demonstration data (see the module docstring).

    ``reference`` is "today" for the data (default: the real today). ``progress`` is
    called as rows are written with (stage, done, total); the stages are "Empresas e
    produtos", "Clientes", "Cliente grande (W000001)", "Chaves estrangeiras" (PostgreSQL),
    "Índices" and "Estatísticas do banco".

    ``acordo_share`` (0 to 1) is the fraction of the customers who renegotiate: the
    generator keeps the number of acordos at about ``acordo_share × customers`` (C000001's
    included) by making the next customers ones who stopped paying and renegotiate,
    e.g. 0.25 gives about 50,000 acordos for 200,000 customers. The share cannot exceed
    that of customers with something overdue to renegotiate (most active ones).
    ``None`` keeps the built-in mix (about 3%, see acordos.py) and exactly its rows.

    Raises DatabaseError when the database already has customers, empresas or
    produtos; nothing is written unless everything is.
    """
    if customers < 1:
        raise ValueError("customers must be at least 1 (C000001 is always created)")
    if whale < 0:
        raise ValueError("whale must not be negative")
    if acordo_share is not None and not 0 <= acordo_share <= 1:
        raise ValueError("acordo_share must be between 0 and 1")
    today = reference or date.today()
    pools = build_pools(seed)
    with db.session() as session:
        if any(session.scalar(select(exists().select_from(t))) for t in _MUST_BE_EMPTY):
            raise DatabaseError(
                "o banco de dados já contém dados; use um banco vazio para gerar a demonstração"
            )
        writer = Writer(session)
        ctx = Context(random.Random(seed), pools, writer, today, progress)
        _run(ctx, customers, whale, acordo_share)
        writer.finish(progress)
        share = {} if acordo_share is None else {"acordo_share": acordo_share}
        audit.record(
            session,
            "demo_gerada",
            "banco",
            None,
            seed=seed,
            clientes=customers,
            whale=whale,
            referencia=today.isoformat(),
            **share,
        )
    _analyze(db)
    return writer.stats()


def _analyze(db: Database) -> None:
    """PostgreSQL: statistics and visibility map of the tables just filled
    (bulk_load.vacuum). Without statistics the planner guesses a few hundred rows where
    a customer has 200,000, and plans badly until autovacuum gets to it. (SQLite's
    writer refreshes its own statistics.)"""
    vacuum(db.engine, DATA_TABLES)


def _run(ctx: Context, customers: int, whale: int, acordo_share: float | None) -> None:
    """Every row, part after part, in the order that fixes what the seed gives."""
    people, stage = People(ctx), "Clientes"
    parts = Customers(ctx, people, Sales(ctx), Acordos(ctx, acordo_share), Agenda(ctx))
    parts.report("Empresas e produtos", 0, 1)
    Catalog(ctx, people).make()
    parts.report("Empresas e produtos", 1, 1)
    Showcase(parts).make()
    for index in range(2, customers + 1):
        parts.random_customer(index)
        parts.maybe_flush(stage, index, customers)
    ctx.w.flush()
    parts.report(stage, customers, customers)
    if whale:
        parts.whale(whale)
