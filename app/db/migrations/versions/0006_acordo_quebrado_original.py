"""the títulos a broken acordo had replaced, kept after the break

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Breaking an acordo ("quebra do acordo") opens its originals again: their cancelado_em
and their link to the acordo were cleared, so a position as of a date between the
acordo and its break counted them open as well as the installments that replaced them
(the debt twice), and the broken acordo no longer listed or printed what it had
replaced. acordo_quebrado_original keeps that link. Acordos broken before this
revision are filled in from the audit log, whose "acordo_quebrado" entries name the
títulos they opened again.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "acordo_quebrado_original",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acordo_id", sa.Integer(), nullable=False),
        sa.Column("titulo_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["acordo_id"], ["acordo.id"]),
        sa.ForeignKeyConstraint(["titulo_id"], ["titulo.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("acordo_id", "titulo_id", name="uq_acordo_quebrado_original"),
    )
    op.create_index("ix_acordo_quebrado_original_titulo", "acordo_quebrado_original", ["titulo_id"])
    conn = op.get_bind()
    entries = conn.execute(
        sa.text(
            "SELECT entidade_id, detalhes FROM audit_log "
            "WHERE acao = 'acordo_quebrado' AND entidade = 'acordo' ORDER BY id"
        )
    ).all()
    broken = {
        r[0] for r in conn.execute(sa.text("SELECT id FROM acordo WHERE situacao = 'quebrado'"))
    }
    pairs = sorted(
        {
            (acordo_id, titulo_id)
            for acordo_id, detalhes in entries
            if acordo_id in broken
            for titulo_id in _reopened(detalhes)
        }
    )
    wanted = sorted({titulo_id for _, titulo_id in pairs})
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        found.update(
            r[0]
            for r in conn.execute(
                sa.text("SELECT id FROM titulo WHERE id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": wanted[start : start + 500]},
            )
        )
    rows = [{"acordo_id": a, "titulo_id": t} for a, t in pairs if t in found]
    if rows:
        op.bulk_insert(table, rows)


def _reopened(detalhes: str | None) -> list[int]:
    try:
        ids = json.loads(detalhes or "{}").get("titulos_reabertos") or []
    except (ValueError, AttributeError):
        return []
    return [i for i in ids if isinstance(i, int)]


def downgrade() -> None:
    op.drop_index("ix_acordo_quebrado_original_titulo", "acordo_quebrado_original")
    op.drop_table("acordo_quebrado_original")
