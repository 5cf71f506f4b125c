"""the títulos with a receipt after a date, filtered by emissão in their index

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

As of a past date, the títulos with a receipt after it sum their receipts up to it
(app/db/positions.py), found through ix_titulo_cliente_ultimo (cliente_id,
ultimo_recebimento). Of those, only the ones issued by the date count, and emissão was
read from the table: a year back, the benchmark's whale read 32,607 rows to keep 5,786
(27 -> 4 ms on SQLite). ix_titulo_cliente_ultimo_emissao adds emissão to the index (it
serves every query the other did, which it replaces).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_titulo_cliente_ultimo_emissao",
        "titulo",
        ["cliente_id", "ultimo_recebimento", "emissao"],
    )
    op.drop_index("ix_titulo_cliente_ultimo", "titulo")
    _analyze()


def downgrade() -> None:
    op.create_index("ix_titulo_cliente_ultimo", "titulo", ["cliente_id", "ultimo_recebimento"])
    op.drop_index("ix_titulo_cliente_ultimo_emissao", "titulo")
    _analyze()


def _analyze() -> None:
    """SQLite plans by sqlite_stat1, which knows nothing of a new index until ANALYZE."""
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and conn.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
    ).first():
        conn.execute(sa.text("ANALYZE titulo"))
