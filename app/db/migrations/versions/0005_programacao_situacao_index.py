"""an index of a customer's programações by situação: the pending ones, by date

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

The Programação section opens on the customer's pending events in date order and
counts them for its badge; with the customer's programações found by
ix_programacao_cliente_data every one of them was read to check its situação (12,000
for the demo's biggest customer). This index answers both from itself.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_programacao_cliente_situacao",
        "programacao",
        ["cliente_id", "situacao", "data", "hora"],
    )


def downgrade() -> None:
    op.drop_index("ix_programacao_cliente_situacao", "programacao")
