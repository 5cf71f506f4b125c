"""each customer's sale items summed per day, kept by triggers; cancelled sales indexed

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

The Venda figures (total comprado, compras, ticket médio, first and last purchase, the
months' totals) and the grid's count read every item of the customer: the benchmark's
whale, 200,000 items on 1,096 days, took ~50 ms on either database, more than the
whole switch to the section may. venda_dia keeps, per (cliente, data), the items'
count, their distinct sales and their valor_total summed, written by triggers on
venda_item inside the transaction that changes an item (insert, delete, a change of its
sale, customer, day or valor), so that no program path can forget them; the figures
sum the days (app/db/venda_queries.py). The days count every sale: the cancelled ones,
few, are taken out at read time from their own partial index ix_venda_cliente_cancelada,
so that a sale's situacao needs no trigger. Bulk loads into a new database hold the
insert trigger and write the days set-wise (app/db/bulk_load.py).

"Distinct sales" per day, kept row by row: an item added makes its sale count on its
day when it is the sale's only item there; an item removed uncounts it when none of
the sale's items is left there.
"""

import sqlalchemy as sa
from alembic import op

from app.db.types import Money

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _alone(row: str) -> str:
    """How many items of ``row``'s sale, customer and day there are (after the change)."""
    return (
        f"(SELECT count(*) FROM venda_item i WHERE i.venda_id = {row}.venda_id "
        f"AND i.cliente_id = {row}.cliente_id AND i.data = {row}.data)"
    )


_SQLITE_ADD = (
    "INSERT INTO venda_dia (cliente_id, data, itens, vendas, total) "
    f"VALUES (new.cliente_id, new.data, 1, {_alone('new')} = 1, new.valor_total) "
    "ON CONFLICT (cliente_id, data) DO UPDATE SET itens = itens + 1, "
    "vendas = vendas + excluded.vendas, total = total + excluded.total;"
)
_SQLITE_REMOVE = (
    "UPDATE venda_dia SET itens = itens - 1, total = total - old.valor_total, "
    f"vendas = vendas - ({_alone('old')} = 0) "
    "WHERE cliente_id = old.cliente_id AND data = old.data; "
    "DELETE FROM venda_dia WHERE cliente_id = old.cliente_id AND data = old.data "
    "AND itens = 0;"
)
_SAME_KEYS = (
    "old.venda_id = new.venda_id AND old.cliente_id = new.cliente_id AND old.data = new.data"
)

# SQLite: row triggers; an update that keeps the item's sale, customer and day only
# moves the day's total
_SQLITE_TRIGGERS = (
    f"CREATE TRIGGER venda_dia_ai AFTER INSERT ON venda_item BEGIN {_SQLITE_ADD} END",
    f"CREATE TRIGGER venda_dia_ad AFTER DELETE ON venda_item BEGIN {_SQLITE_REMOVE} END",
    "CREATE TRIGGER venda_dia_au_chave AFTER UPDATE ON venda_item "
    f"WHEN NOT ({_SAME_KEYS}) BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END",
    "CREATE TRIGGER venda_dia_au_valor AFTER UPDATE ON venda_item "
    f"WHEN {_SAME_KEYS} AND old.valor_total <> new.valor_total BEGIN "
    "UPDATE venda_dia SET total = total - old.valor_total + new.valor_total "
    "WHERE cliente_id = new.cliente_id AND data = new.data; END",
)


def _pg_function(name: str, changes: str, removed: str | None) -> str:
    """A statement trigger's function: ``changes`` (venda_id, cliente_id, data, n, v)
    rows, n the items added (1) or removed (-1); per sale and day, the sale counts on
    that day after the statement when any of its items is there, and did before when
    any was there before (those there now, less the added, plus the removed). Days in
    order, so that two writers lock them alike; the days of ``removed`` left with no
    item deleted."""
    emptied = (
        "DELETE FROM venda_dia d "
        f"USING (SELECT DISTINCT cliente_id, data FROM ({removed}) r) k "
        "WHERE d.cliente_id = k.cliente_id AND d.data = k.data AND d.itens = 0;"
        if removed
        else ""
    )
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO venda_dia AS d (cliente_id, data, itens, vendas, total)
    SELECT cliente_id, data, sum(n), sum((agora > 0)::int - (agora - n > 0)::int), sum(v)
    FROM (
        SELECT p.cliente_id, p.data, p.n, p.v, {_alone('p')} AS agora
        FROM (
            SELECT venda_id, cliente_id, data, sum(n) AS n, sum(v) AS v
            FROM ({changes}) c GROUP BY venda_id, cliente_id, data
        ) p
    ) s
    GROUP BY cliente_id, data
    ORDER BY cliente_id, data
    ON CONFLICT (cliente_id, data) DO UPDATE SET
        itens = d.itens + excluded.itens,
        vendas = d.vendas + excluded.vendas,
        total = d.total + excluded.total;
    {emptied}
    RETURN NULL;
END $$
"""


_ADDED = "SELECT venda_id, cliente_id, data, 1 AS n, valor_total AS v FROM novos"
_REMOVED = "SELECT venda_id, cliente_id, data, -1 AS n, -valor_total AS v FROM antigos"
# an update: only the items whose sale, customer, day or valor changed (an import
# writes every item of its file again, nearly all unchanged: each would cost a count
# and an upsert); an unchanged item's old and new rows cancel out in its group. No join
# of the two tables: planned for the few rows of a first statement, a join of them was
# a nested loop, 3 s for the 5,000 rows of a later one.
_MOVED = (
    "SELECT venda_id, cliente_id, data, sum(n) AS n, sum(n) * valor_total AS v FROM ("
    "SELECT id, venda_id, cliente_id, data, valor_total, 1 AS n FROM novos UNION ALL "
    "SELECT id, venda_id, cliente_id, data, valor_total, -1 AS n FROM antigos) r "
    "GROUP BY id, venda_id, cliente_id, data, valor_total HAVING sum(n) <> 0"
)

# PostgreSQL: statement triggers with transition tables, so that a statement changing
# many items (a COPY, the importer's update of a sale's items) writes each day once
_PG_STATEMENTS = (
    _pg_function("venda_dia_inseridos", _ADDED, None),
    _pg_function("venda_dia_removidos", _REMOVED, _REMOVED),
    _pg_function("venda_dia_alterados", _MOVED, _REMOVED),
    "CREATE TRIGGER venda_dia_ai AFTER INSERT ON venda_item "
    "REFERENCING NEW TABLE AS novos FOR EACH STATEMENT "
    "EXECUTE FUNCTION venda_dia_inseridos()",
    "CREATE TRIGGER venda_dia_ad AFTER DELETE ON venda_item "
    "REFERENCING OLD TABLE AS antigos FOR EACH STATEMENT "
    "EXECUTE FUNCTION venda_dia_removidos()",
    "CREATE TRIGGER venda_dia_au AFTER UPDATE ON venda_item "
    "REFERENCING OLD TABLE AS antigos NEW TABLE AS novos FOR EACH STATEMENT "
    "EXECUTE FUNCTION venda_dia_alterados()",
)

_FILL = (
    "INSERT INTO venda_dia (cliente_id, data, itens, vendas, total) "
    "SELECT cliente_id, data, count(*), count(DISTINCT venda_id), sum(valor_total) "
    "FROM venda_item GROUP BY cliente_id, data"
)
_CANCELLED = "situacao = 'cancelada'"


def upgrade() -> None:
    op.create_table(
        "venda_dia",
        sa.Column("cliente_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.Date(), nullable=False),
        sa.Column("itens", sa.Integer(), nullable=False),
        sa.Column("vendas", sa.Integer(), nullable=False),
        sa.Column("total", Money(), nullable=False),
        sa.PrimaryKeyConstraint("cliente_id", "data"),
    )
    op.execute(_FILL)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_TRIGGERS if sqlite else _PG_STATEMENTS:
        op.execute(statement)
    op.create_index(
        "ix_venda_cliente_cancelada",
        "venda",
        ["cliente_id", "data"],
        sqlite_where=sa.text(_CANCELLED),
        postgresql_where=sa.text(_CANCELLED),
    )
    _analyze()


def downgrade() -> None:
    op.drop_index("ix_venda_cliente_cancelada", "venda")
    if op.get_bind().dialect.name == "sqlite":
        statements = (
            "DROP TRIGGER IF EXISTS venda_dia_ai",
            "DROP TRIGGER IF EXISTS venda_dia_ad",
            "DROP TRIGGER IF EXISTS venda_dia_au_chave",
            "DROP TRIGGER IF EXISTS venda_dia_au_valor",
        )
    else:
        statements = (
            "DROP TRIGGER IF EXISTS venda_dia_ai ON venda_item",
            "DROP TRIGGER IF EXISTS venda_dia_ad ON venda_item",
            "DROP TRIGGER IF EXISTS venda_dia_au ON venda_item",
            "DROP FUNCTION IF EXISTS venda_dia_inseridos()",
            "DROP FUNCTION IF EXISTS venda_dia_removidos()",
            "DROP FUNCTION IF EXISTS venda_dia_alterados()",
        )
    for statement in statements:
        op.execute(statement)
    op.drop_table("venda_dia")


def _analyze() -> None:
    """SQLite plans by sqlite_stat1, which knows nothing of a new table or index until
    ANALYZE; PostgreSQL's autovacuum gets to them on its own."""
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and conn.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
    ).first():
        conn.execute(sa.text("ANALYZE venda_dia"))
        conn.execute(sa.text("ANALYZE venda"))
