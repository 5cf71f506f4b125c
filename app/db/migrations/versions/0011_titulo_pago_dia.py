"""the títulos paid in full summed per day, so that any date reads them, not only today

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

titulo_pago_total (0008) kept, per (cliente, empresa), the count and valor of the
títulos paid in full, exact only as of a date after every emissão and receipt of the
customer. As of an earlier date ("Posição em" a year back) they were counted from their
partial index, one entry per título: the benchmark's whale, 94,000 entries, 14 ms of
its as_of_change. titulo_pago_dia keeps the same sums per (cliente, empresa, dia), dia
being the day the título became paid in full as of every later date: the later of its
emissão and its last receipt. As of a date D, the títulos paid in full then (issued,
every receipt dated, by D) are those of the days <= D: a few thousand rows for the
whale, whatever D. Kept by triggers on titulo with the names 0008 gave them (the bulk
loads hold and release them by name, app/db/bulk_load.py); a day left with no título
is deleted. The condition "paid in full" is schema.PAID_IN_FULL_SQL, frozen here as
written when this migration was made.
"""

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

from app.db.types import Money

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _0008() -> ModuleType:
    """Migration 0008, whose table and triggers this one replaces (and its downgrade
    brings back)."""
    path = Path(__file__).with_name("0008_titulo_pago_total.py")
    spec = importlib.util.spec_from_file_location("historico_migration_0008", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _paid(row: str) -> str:
    return f"({row}.recebido >= {row}.valor AND {row}.cancelado_em IS NULL)"


def _sqlite_dia(row: str) -> str:
    return f"max({row}.emissao, coalesce({row}.ultimo_recebimento, {row}.emissao))"


def _same(a: str, b: str) -> str:
    return (
        f"({_paid(a)} AND {_paid(b)} AND {a}.cliente_id = {b}.cliente_id "
        f"AND {a}.empresa_id = {b}.empresa_id AND {a}.valor = {b}.valor "
        f"AND {_sqlite_dia(a)} = {_sqlite_dia(b)})"
    )


_KEY = (
    "cliente_id = old.cliente_id AND empresa_id = old.empresa_id "
    f"AND dia = {_sqlite_dia('old')}"
)
_ADD = (
    "INSERT INTO titulo_pago_dia (cliente_id, empresa_id, dia, quantidade, valor) "
    f"VALUES (new.cliente_id, new.empresa_id, {_sqlite_dia('new')}, 1, new.valor) "
    "ON CONFLICT (cliente_id, empresa_id, dia) DO UPDATE SET "
    "quantidade = quantidade + 1, valor = valor + excluded.valor;"
)
_SUBTRACT = (
    "UPDATE titulo_pago_dia SET quantidade = quantidade - 1, valor = valor - old.valor "
    f"WHERE {_KEY}; DELETE FROM titulo_pago_dia WHERE {_KEY} AND quantidade = 0;"
)

# SQLite: row triggers, each only when the row is (or was) paid in full; an update that
# leaves a paid título paid with the same customer, empresa, valor and day writes nothing
_SQLITE_TRIGGERS = (
    f"CREATE TRIGGER titulo_pago_ai AFTER INSERT ON titulo WHEN {_paid('new')} "
    f"BEGIN {_ADD} END",
    f"CREATE TRIGGER titulo_pago_ad AFTER DELETE ON titulo WHEN {_paid('old')} "
    f"BEGIN {_SUBTRACT} END",
    f"CREATE TRIGGER titulo_pago_au_antes AFTER UPDATE ON titulo "
    f"WHEN {_paid('old')} AND NOT {_same('old', 'new')} BEGIN {_SUBTRACT} END",
    f"CREATE TRIGGER titulo_pago_au_depois AFTER UPDATE ON titulo "
    f"WHEN {_paid('new')} AND NOT {_same('old', 'new')} BEGIN {_ADD} END",
)
_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS titulo_pago_ai",
    "DROP TRIGGER IF EXISTS titulo_pago_ad",
    "DROP TRIGGER IF EXISTS titulo_pago_au_antes",
    "DROP TRIGGER IF EXISTS titulo_pago_au_depois",
)


def _pg_function(name: str, changes: str, removed: str | None) -> str:
    """A statement trigger's function (replacing 0008's of the same name, which its
    triggers call): ``changes`` (cliente_id, empresa_id, dia, n, v) rows, summed per key
    and added, keys in order so that two writers lock them alike; the days of
    ``removed`` left with no título deleted."""
    emptied = (
        "DELETE FROM titulo_pago_dia d "
        f"USING (SELECT DISTINCT cliente_id, empresa_id, dia FROM ({removed}) r) k "
        "WHERE d.cliente_id = k.cliente_id AND d.empresa_id = k.empresa_id "
        "AND d.dia = k.dia AND d.quantidade = 0;"
        if removed
        else ""
    )
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO titulo_pago_dia AS t (cliente_id, empresa_id, dia, quantidade, valor)
    SELECT cliente_id, empresa_id, dia, sum(n), sum(v) FROM ({changes}) c
    GROUP BY cliente_id, empresa_id, dia
    HAVING sum(n) <> 0 OR sum(v) <> 0
    ORDER BY cliente_id, empresa_id, dia
    ON CONFLICT (cliente_id, empresa_id, dia) DO UPDATE SET
        quantidade = t.quantidade + excluded.quantidade, valor = t.valor + excluded.valor;
    {emptied}
    RETURN NULL;
END $$
"""


_DIA = "greatest(r.emissao, r.ultimo_recebimento) AS dia"
_ADDED = f"SELECT cliente_id, empresa_id, {_DIA}, 1 AS n, valor AS v FROM novos r WHERE " + _paid(
    "r"
)
_REMOVED = (
    f"SELECT cliente_id, empresa_id, {_DIA}, -1 AS n, -valor AS v FROM antigos r WHERE "
    + _paid("r")
)

# PostgreSQL: the statement triggers of 0008 (transition tables), their functions now
# writing the days
_PG_STATEMENTS = (
    _pg_function("titulo_pago_inseridos", _ADDED, None),
    _pg_function("titulo_pago_removidos", _REMOVED, _REMOVED),
    _pg_function("titulo_pago_alterados", f"{_ADDED} UNION ALL {_REMOVED}", _REMOVED),
    "CREATE TRIGGER titulo_pago_ai AFTER INSERT ON titulo "
    "REFERENCING NEW TABLE AS novos FOR EACH STATEMENT "
    "EXECUTE FUNCTION titulo_pago_inseridos()",
    "CREATE TRIGGER titulo_pago_ad AFTER DELETE ON titulo "
    "REFERENCING OLD TABLE AS antigos FOR EACH STATEMENT "
    "EXECUTE FUNCTION titulo_pago_removidos()",
    "CREATE TRIGGER titulo_pago_au AFTER UPDATE ON titulo "
    "REFERENCING OLD TABLE AS antigos NEW TABLE AS novos FOR EACH STATEMENT "
    "EXECUTE FUNCTION titulo_pago_alterados()",
)
_PG_DROP = (
    "DROP TRIGGER IF EXISTS titulo_pago_ai ON titulo",
    "DROP TRIGGER IF EXISTS titulo_pago_ad ON titulo",
    "DROP TRIGGER IF EXISTS titulo_pago_au ON titulo",
    "DROP FUNCTION IF EXISTS titulo_pago_inseridos()",
    "DROP FUNCTION IF EXISTS titulo_pago_removidos()",
    "DROP FUNCTION IF EXISTS titulo_pago_alterados()",
)


def _fill(sqlite: bool) -> str:
    dia = _sqlite_dia("titulo") if sqlite else "greatest(emissao, ultimo_recebimento)"
    return (
        "INSERT INTO titulo_pago_dia (cliente_id, empresa_id, dia, quantidade, valor) "
        f"SELECT cliente_id, empresa_id, {dia}, count(*), sum(valor) FROM titulo "
        f"WHERE {_paid('titulo')} GROUP BY 1, 2, 3"
    )


def upgrade() -> None:
    _0008().downgrade()  # its triggers, functions and table
    op.create_table(
        "titulo_pago_dia",
        sa.Column("cliente_id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("dia", sa.Date(), nullable=False),
        sa.Column("quantidade", sa.Integer(), nullable=False),
        sa.Column("valor", Money(), nullable=False),
        sa.PrimaryKeyConstraint("cliente_id", "empresa_id", "dia"),
        sqlite_with_rowid=False,
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(_fill(sqlite))
    for statement in _SQLITE_TRIGGERS if sqlite else _PG_STATEMENTS:
        op.execute(statement)
    _analyze()


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_DROP if sqlite else _PG_DROP:
        op.execute(statement)
    op.drop_table("titulo_pago_dia")
    _0008().upgrade()


def _analyze() -> None:
    """SQLite plans by sqlite_stat1, which knows nothing of a new table until ANALYZE;
    PostgreSQL's autovacuum gets to it on its own."""
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and conn.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
    ).first():
        conn.execute(sa.text("ANALYZE titulo_pago_dia"))
