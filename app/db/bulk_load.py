"""Bulk loads: the row-by-row checks and totals held for the load, done once at its end.

A load of hundreds of thousands of rows into PostgreSQL spends most of its time in
checks made row by row: each foreign key looks its parent up once per row copied, and
the recebimento trigger (migration 0003) updates the títulos a receipt pays, which
rewrites every index entry of those títulos a second time, and the titulo triggers
(migration 0008) sum every título paid in full again. pg_restore's way is to load
without them and check at the end: ``hold`` drops the foreign keys and disables the
triggers inside the caller's transaction; ``release`` writes the totals set-wise, adds
the keys back, each validated in one pass over its table, and enables the triggers.
DDL is transactional in PostgreSQL: a failure or a kill before the commit leaves
everything as it was.

SQLite: the titulo triggers of migration 0008 are row triggers, an upsert per título
paid in full (a third of a demo's or an import's time), and so are the venda_item
triggers of migration 0010 (an upsert per item): ``hold_sqlite_total_triggers`` drops
them inside the load's transaction, ``release_sqlite_total_triggers`` writes the sums
set-wise and creates them again as the database had them. A first import also drops
the receipts' insert trigger (an UPDATE of the título per receipt, a sixth of the
benchmark's import) and writes each título with its received total, as on PostgreSQL.

Both: the indexes of the tables (those the schema declares; not the primary keys'
and unique constraints', which the load's lookups need) are dropped for a first
import and created again at its end (``hold_indexes`` / ``release_indexes``): one
sorted build per index instead of an entry inserted per row into each of the títulos'
eight (the benchmark's import folder: SQLite ~10 -> 7.5 s, PostgreSQL ~17 -> 14 s).

The DDL locks the tables until the commit, so it is only for loads into tables that
no clerk is reading: a new database (the demo, the first import of an ERP's export).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from sqlalchemy import ForeignKeyConstraint, Index, MetaData, Table, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from app.db.schema import Base, Recebimento, Titulo, VendaItem

log = logging.getLogger(__name__)

__all__ = [
    "DATA_TABLES",
    "Held",
    "hold",
    "hold_indexes",
    "hold_sqlite_total_triggers",
    "initial_load",
    "release",
    "release_indexes",
    "release_sqlite_total_triggers",
    "vacuum",
]

# the tables of a customer history, parents first
DATA_TABLES = (
    "empresa",
    "cliente",
    "produto",
    "venda",
    "venda_item",
    "acordo",
    "titulo",
    "recebimento",
    "programacao",
    "acordo_quebrado_original",
)

# literal statements (no SQL is built from strings, tests/reliability)
_VACUUM = {name: f"VACUUM (ANALYZE) {name}" for name in DATA_TABLES}
_DISABLE = (
    "ALTER TABLE recebimento DISABLE TRIGGER recebimento_totais_ai",
    "ALTER TABLE titulo DISABLE TRIGGER titulo_pago_ai",
    "ALTER TABLE titulo DISABLE TRIGGER titulo_pago_au",
    "ALTER TABLE venda_item DISABLE TRIGGER venda_dia_ai",
)
_ENABLE = (
    "ALTER TABLE recebimento ENABLE TRIGGER recebimento_totais_ai",
    "ALTER TABLE titulo ENABLE TRIGGER titulo_pago_ai",
    "ALTER TABLE titulo ENABLE TRIGGER titulo_pago_au",
    "ALTER TABLE venda_item ENABLE TRIGGER venda_dia_ai",
)
# what the titulo triggers (migrations 0008 and 0011) and the venda_item triggers
# (0010) would have written, for every customer
_TOTALS = (
    "DELETE FROM titulo_pago_dia",
    "INSERT INTO titulo_pago_dia (cliente_id, empresa_id, dia, quantidade, valor) "
    "SELECT cliente_id, empresa_id, "
    "CASE WHEN ultimo_recebimento > emissao THEN ultimo_recebimento ELSE emissao END, "
    "count(*), sum(valor) FROM titulo "
    "WHERE recebido >= valor AND cancelado_em IS NULL GROUP BY 1, 2, 3",
    "DELETE FROM venda_dia",
    "INSERT INTO venda_dia (cliente_id, data, itens, vendas, total) "
    "SELECT cliente_id, data, count(*), count(DISTINCT venda_id), sum(valor_total) "
    "FROM venda_item GROUP BY cliente_id, data",
)


# SQLite: the triggers of migrations 0008 and 0010 (row triggers: an upsert per título
# paid, a third of a demo's time, and per sale item), and the statement that drops each
_SQLITE_TOTAL_TRIGGERS = (
    "SELECT name, sql FROM sqlite_master "
    "WHERE type = 'trigger' AND tbl_name IN ('titulo', 'venda_item') ORDER BY name"
)
# pysqlite opens its transaction at the first data statement; DDL before it would be
# committed on its own, and not undone by a rollback
_SQLITE_BEGIN = "DELETE FROM titulo_pago_dia WHERE 1 = 0"
_SQLITE_DROP = {
    "titulo_pago_ai": "DROP TRIGGER titulo_pago_ai",
    "titulo_pago_ad": "DROP TRIGGER titulo_pago_ad",
    "titulo_pago_au_antes": "DROP TRIGGER titulo_pago_au_antes",
    "titulo_pago_au_depois": "DROP TRIGGER titulo_pago_au_depois",
    "venda_dia_ai": "DROP TRIGGER venda_dia_ai",
    "venda_dia_ad": "DROP TRIGGER venda_dia_ad",
    "venda_dia_au_chave": "DROP TRIGGER venda_dia_au_chave",
    "venda_dia_au_valor": "DROP TRIGGER venda_dia_au_valor",
}


# SQLite: the trigger that adds each new receipt to its título's totals (migration 0003)
_SQLITE_RECEIPTS_TRIGGER = (
    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'recebimento_totais_ai'"
)
_SQLITE_DROP_RECEIPTS = "DROP TRIGGER recebimento_totais_ai"


@dataclass(frozen=True)
class Held:
    """The foreign keys dropped for a load (added back by ``release``)."""

    keys: tuple[ForeignKeyConstraint, ...]


def hold(conn: Connection, tables: Iterable[str]) -> Held | None:
    """PostgreSQL: disable the totals' triggers and drop the foreign keys of
    ``tables`` in the current transaction; None when not PostgreSQL or not allowed
    (not the tables' owner: then the checks simply run row by row)."""
    if conn.dialect.name != "postgresql":
        return None
    savepoint = conn.begin_nested()
    try:
        for statement in _DISABLE:
            conn.exec_driver_sql(statement)
        reflected = MetaData()
        for name in tables:
            Table(name, reflected, autoload_with=conn)
        keys = tuple(fk for t in reflected.tables.values() for fk in t.foreign_key_constraints)
        for fk in keys:
            conn.execute(DropConstraint(fk))
    except DBAPIError:
        savepoint.rollback()
        return None
    savepoint.commit()
    return Held(keys)


def release(conn: Connection, held: Held) -> None:
    """Check everything the load skipped: the sums of the títulos paid in full and of
    the sale items per day written again, every foreign key validated, the triggers on
    again. The loader wrote the títulos' received totals itself (what the receipts'
    trigger would have written). A violation raises IntegrityError: the caller's
    transaction then rolls back, load included."""
    for statement in _TOTALS:
        conn.exec_driver_sql(statement)
    for fk in held.keys:
        conn.execute(AddConstraint(fk))
    for statement in _ENABLE:
        conn.exec_driver_sql(statement)


def hold_sqlite_total_triggers(conn: Connection) -> tuple[str, ...]:
    """SQLite: drop the triggers that sum the títulos paid in full and the sale items
    per day, inside the current transaction (a rollback brings them back); their
    CREATE statements, as the database has them, for ``release_sqlite_total_triggers``."""
    driver = conn.connection.driver_connection
    if not getattr(driver, "in_transaction", False):
        conn.exec_driver_sql(_SQLITE_BEGIN)
    if not getattr(driver, "in_transaction", False):
        raise RuntimeError("bulk load: no transaction open to hold the triggers in")
    held = []
    for name, sql in conn.exec_driver_sql(_SQLITE_TOTAL_TRIGGERS).all():
        if name in _SQLITE_DROP:
            conn.exec_driver_sql(_SQLITE_DROP[name])
            held.append(sql)
    return tuple(held)


def release_sqlite_total_triggers(conn: Connection, held: tuple[str, ...]) -> None:
    """What the held triggers would have written, set-wise; the triggers back."""
    for statement in _TOTALS:
        conn.exec_driver_sql(statement)
    for create in held:
        conn.exec_driver_sql(create)


def hold_sqlite_receipts_trigger(conn: Connection) -> str | None:
    """SQLite, inside the load's transaction (after hold_sqlite_total_triggers opened
    it): drop the trigger that adds each new receipt to its título (an UPDATE of the
    título per receipt); its CREATE statement, or None when the database has none."""
    create = conn.exec_driver_sql(_SQLITE_RECEIPTS_TRIGGER).scalar()
    if create is not None:
        conn.exec_driver_sql(_SQLITE_DROP_RECEIPTS)
    return create


def hold_indexes(conn: Connection, tables: Iterable[str]) -> tuple[Index, ...]:
    """Drop the indexes the schema declares on ``tables``, inside the current
    transaction; they are the database's own (its revision is the schema's, checked
    when it opened). Those of primary keys and unique constraints stay."""
    wanted = set(tables)
    held = tuple(
        index
        for table in Base.metadata.sorted_tables
        if table.name in wanted
        for index in sorted(table.indexes, key=lambda i: str(i.name))
    )
    for index in held:
        conn.execute(DropIndex(index))
    return held


def release_indexes(conn: Connection, held: tuple[Index, ...]) -> None:
    """The held indexes built again, each from the loaded rows in one pass."""
    for index in held:
        conn.execute(CreateIndex(index))


def _empty(conn: Connection) -> bool:
    """No títulos, receipts or sale items: nobody is reading a customer history yet."""
    keys = (Titulo.id, Recebimento.id, VendaItem.id)
    return all(conn.execute(select(key).limit(1)).first() is None for key in keys)


@contextmanager
def initial_load(conn: Connection, tables: Iterable[str]) -> Iterator[bool]:
    """Around the writing of an import into a database with no títulos, receipts or
    sale items yet: on PostgreSQL the checks are held for the load and made at its
    end, on SQLite the stored sums' triggers; on both the tables' indexes. Otherwise
    nothing changes. On an exception nothing is released: the caller's transaction
    rolls back, the DDL with it.

    Yields whether the receipts' trigger is held (both databases): then the caller must
    write each new título's received total and last receipt itself, from the receipts
    it loads (all of them: the tables were empty); an UPDATE of every título at the end
    wrote a second version of each row and took a third of the end's time."""
    if not _empty(conn):
        yield False
        return
    sqlite = conn.dialect.name == "sqlite"
    held = None if sqlite else hold(conn, tables)
    sqlite_held = hold_sqlite_total_triggers(conn) if sqlite else None
    receipts = hold_sqlite_receipts_trigger(conn) if sqlite else None
    indexes = hold_indexes(conn, tables)  # after the above: in their transaction
    yield held is not None or receipts is not None
    if held is not None:
        release(conn, held)
    if sqlite_held is not None:
        release_sqlite_total_triggers(conn, sqlite_held)
    if receipts is not None:
        conn.exec_driver_sql(receipts)
    release_indexes(conn, indexes)  # last: the sums written from unindexed rows


VACUUM_LANES = 2
# the data tables, the biggest first
_VACUUM_ORDER = (
    "venda_item",
    "titulo",
    "recebimento",
    "venda",
    "programacao",
    "cliente",
    "acordo",
    "acordo_quebrado_original",
    "produto",
    "empresa",
)


def vacuum(engine: Engine, tables: Iterable[str]) -> None:
    """PostgreSQL, after the commit of a bulk load: VACUUM (ANALYZE) the tables it
    filled. Besides the planner's statistics, VACUUM sets the visibility map, without
    which an index-only scan reads the table behind every entry: the Financeiro's
    covering and partial indexes (a customer's 100,000 títulos) cost about twice as
    much until autovacuum gets to them, and never improve where it is off. Not in a
    transaction (PostgreSQL refuses it there); a failure leaves the load as it is.
    Two tables at a time, on two connections (the server's work, on its own cores;
    the biggest first): a tenth of the benchmark's import waited for them one by one."""
    if engine.dialect.name != "postgresql":
        return
    names = sorted(set(tables), key=_VACUUM_ORDER.index)
    if not names:
        return
    with ThreadPoolExecutor(min(VACUUM_LANES, len(names))) as lanes:
        for _ in lanes.map(partial(_vacuum, engine), names):
            pass


def _vacuum(engine: Engine, name: str) -> None:
    with engine.connect() as conn:
        autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
        try:
            autocommit.exec_driver_sql(_VACUUM[name])
        except DBAPIError:  # the data is in; only its maintenance waits for autovacuum
            log.warning("VACUUM %s failed after the load", name, exc_info=True)
