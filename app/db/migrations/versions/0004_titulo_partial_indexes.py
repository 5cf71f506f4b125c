"""partial indexes: the títulos paid in full, the others, and the last receipt's date

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

A long history is mostly títulos paid in full and never cancelled (status Recebido
whatever the date after their last receipt): the Financeiro figures count them from
ix_titulo_cliente_pago, compute positions only for those of ix_titulo_cliente_aberto,
and find the títulos with receipts after the "Posição em" date by
ix_titulo_cliente_ultimo (app/db/positions.py). The conditions are frozen here as
written in app/db/schema.py when this migration was made.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_PAID = "recebido >= valor AND cancelado_em IS NULL"
_NOT_PAID = "recebido < valor OR cancelado_em IS NOT NULL"
_PAGO_COLUMNS = [
    "cliente_id",
    "empresa_id",
    "emissao",
    "ultimo_recebimento",
    "vencimento",
    "valor",
    "recebido",
    "cancelado_em",
]
_ABERTO_COLUMNS = [
    "cliente_id",
    "emissao",
    "vencimento",
    "valor",
    "recebido",
    "ultimo_recebimento",
    "cancelado_em",
    "negativado_em",
    "cobranca_em",
    "empresa_id",
    "numero_documento",
    "parcela",
]


def upgrade() -> None:
    op.create_index(
        "ix_titulo_cliente_pago",
        "titulo",
        _PAGO_COLUMNS,
        sqlite_where=sa.text(_PAID),
        postgresql_where=sa.text(_PAID),
    )
    op.create_index(
        "ix_titulo_cliente_aberto",
        "titulo",
        _ABERTO_COLUMNS,
        sqlite_where=sa.text(_NOT_PAID),
        postgresql_where=sa.text(_NOT_PAID),
    )
    op.create_index("ix_titulo_cliente_ultimo", "titulo", ["cliente_id", "ultimo_recebimento"])


def downgrade() -> None:
    op.drop_index("ix_titulo_cliente_ultimo", "titulo")
    op.drop_index("ix_titulo_cliente_aberto", "titulo")
    op.drop_index("ix_titulo_cliente_pago", "titulo")
