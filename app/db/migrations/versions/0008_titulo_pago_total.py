"""the count and sum of each customer's títulos paid in full, per empresa, kept by triggers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

A long history is mostly títulos paid in full and never cancelled: as of a date after
every emissão and receipt of the customer (today, nearly always) they are all status
Recebido, so the Financeiro figures only need their count and valor summed. Counting
them from their partial index (0004) still reads one entry per título: 100,000 for the
benchmark's whale, a third of its open. titulo_pago_total keeps those sums per
(cliente, empresa), written by triggers on titulo inside the transaction that changes a
título (its insert, the receipt trigger's update of recebido, a cancellation, a
delete), so no program path can forget them (app/db/position_figures.py reads them).
Bulk loads into a new database hold the trigger and write the sums set-wise
(app/db/bulk_load.py). The condition "paid in full" is schema.PAID_IN_FULL_SQL, frozen
here as written when this migration was made.
"""

import sqlalchemy as sa
from alembic import op

from app.db.types import Money

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _paid(row: str) -> str:
    return f"({row}.recebido >= {row}.valor AND {row}.cancelado_em IS NULL)"


def _same(a: str, b: str) -> str:
    return (
        f"({_paid(a)} AND {_paid(b)} AND {a}.cliente_id = {b}.cliente_id "
        f"AND {a}.empresa_id = {b}.empresa_id AND {a}.valor = {b}.valor)"
    )


_ADD = (
    "INSERT INTO titulo_pago_total (cliente_id, empresa_id, quantidade, valor) "
    "VALUES (new.cliente_id, new.empresa_id, 1, new.valor) "
    "ON CONFLICT (cliente_id, empresa_id) DO UPDATE SET "
    "quantidade = quantidade + 1, valor = valor + excluded.valor;"
)
_SUBTRACT = (
    "UPDATE titulo_pago_total SET quantidade = quantidade - 1, valor = valor - old.valor "
    "WHERE cliente_id = old.cliente_id AND empresa_id = old.empresa_id;"
)

# SQLite: row triggers, each only when the row is (or was) paid in full; an update that
# leaves a paid título paid with the same customer, empresa and valor writes nothing
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


def _pg_function(name: str, changes: str) -> str:
    """A statement trigger's function: ``changes`` (cliente_id, empresa_id, n, v) rows,
    summed per key and added; keys in order, so that two writers lock them alike."""
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO titulo_pago_total AS t (cliente_id, empresa_id, quantidade, valor)
    SELECT cliente_id, empresa_id, sum(n), sum(v) FROM ({changes}) c
    GROUP BY cliente_id, empresa_id
    HAVING sum(n) <> 0 OR sum(v) <> 0
    ORDER BY cliente_id, empresa_id
    ON CONFLICT (cliente_id, empresa_id) DO UPDATE SET
        quantidade = t.quantidade + excluded.quantidade, valor = t.valor + excluded.valor;
    RETURN NULL;
END $$
"""


_ADDED = "SELECT cliente_id, empresa_id, 1 AS n, valor AS v FROM novos r WHERE " + _paid("r")
_REMOVED = "SELECT cliente_id, empresa_id, -1 AS n, -valor AS v FROM antigos r WHERE " + _paid("r")

# PostgreSQL: statement triggers with transition tables, so that a statement changing
# many títulos (a COPY, the receipt trigger's update of a batch) writes each sum once
_PG_STATEMENTS = (
    _pg_function("titulo_pago_inseridos", _ADDED),
    _pg_function("titulo_pago_removidos", _REMOVED),
    _pg_function("titulo_pago_alterados", f"{_ADDED} UNION ALL {_REMOVED}"),
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

_FILL = (
    "INSERT INTO titulo_pago_total (cliente_id, empresa_id, quantidade, valor) "
    "SELECT cliente_id, empresa_id, count(*), sum(valor) FROM titulo "
    "WHERE recebido >= valor AND cancelado_em IS NULL "
    "GROUP BY cliente_id, empresa_id"
)


def upgrade() -> None:
    op.create_table(
        "titulo_pago_total",
        sa.Column("cliente_id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("quantidade", sa.Integer(), nullable=False),
        sa.Column("valor", Money(), nullable=False),
        sa.PrimaryKeyConstraint("cliente_id", "empresa_id"),
    )
    op.execute(_FILL)
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        for statement in _PG_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        statements = (
            "DROP TRIGGER IF EXISTS titulo_pago_ai",
            "DROP TRIGGER IF EXISTS titulo_pago_ad",
            "DROP TRIGGER IF EXISTS titulo_pago_au_antes",
            "DROP TRIGGER IF EXISTS titulo_pago_au_depois",
        )
    else:
        statements = (
            "DROP TRIGGER IF EXISTS titulo_pago_ai ON titulo",
            "DROP TRIGGER IF EXISTS titulo_pago_ad ON titulo",
            "DROP TRIGGER IF EXISTS titulo_pago_au ON titulo",
            "DROP FUNCTION IF EXISTS titulo_pago_inseridos()",
            "DROP FUNCTION IF EXISTS titulo_pago_removidos()",
            "DROP FUNCTION IF EXISTS titulo_pago_alterados()",
        )
    for statement in statements:
        op.execute(statement)
    op.drop_table("titulo_pago_total")
