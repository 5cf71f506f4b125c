"""received totals kept on each título, and the index the Financeiro position reads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

titulo.recebido (every recebimento summed) and titulo.ultimo_recebimento (the latest
date) are kept by triggers on recebimento, inside the transaction that changes it, so
no program path can forget them. As of a date D, a título whose last receipt is on or
before D has received exactly titulo.recebido; only the others need their recebimentos
summed (app/db/positions.py). ix_titulo_cliente_posicao holds every column that
computation reads, so a customer's position is read from the index alone.
"""

import sqlalchemy as sa
from alembic import op

from app.db.types import Money

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_INDEX_COLUMNS = [
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

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER recebimento_totais_ai AFTER INSERT ON recebimento BEGIN "
    "UPDATE titulo SET recebido = recebido + new.valor, "
    "ultimo_recebimento = max(coalesce(ultimo_recebimento, new.data), new.data) "
    "WHERE id = new.titulo_id; END",
    "CREATE TRIGGER recebimento_totais_ad AFTER DELETE ON recebimento BEGIN "
    "UPDATE titulo SET "
    "recebido = (SELECT coalesce(sum(valor), 0) FROM recebimento WHERE titulo_id = old.titulo_id), "
    "ultimo_recebimento = (SELECT max(data) FROM recebimento WHERE titulo_id = old.titulo_id) "
    "WHERE id = old.titulo_id; END",
    "CREATE TRIGGER recebimento_totais_au AFTER UPDATE ON recebimento BEGIN "
    "UPDATE titulo SET "
    "recebido = (SELECT coalesce(sum(valor), 0) FROM recebimento WHERE titulo_id = titulo.id), "
    "ultimo_recebimento = (SELECT max(data) FROM recebimento WHERE titulo_id = titulo.id) "
    "WHERE id IN (old.titulo_id, new.titulo_id); END",
)

# PostgreSQL: statement-level triggers with transition tables, so that a bulk insert (a
# COPY of the demo, an import batch) updates each título once, not once per receipt.
_PG_STATEMENTS = (
    """
CREATE FUNCTION recebimento_totais_inseridos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE titulo t SET recebido = t.recebido + n.soma,
        ultimo_recebimento = greatest(t.ultimo_recebimento, n.ultimo)
    FROM (SELECT titulo_id, sum(valor) AS soma, max(data) AS ultimo
          FROM novos GROUP BY titulo_id) n
    WHERE t.id = n.titulo_id;
    RETURN NULL;
END $$
""",
    """
CREATE FUNCTION recebimento_totais_recalcular() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE titulo t SET
        recebido = (SELECT coalesce(sum(r.valor), 0) FROM recebimento r
                    WHERE r.titulo_id = t.id),
        ultimo_recebimento = (SELECT max(r.data) FROM recebimento r WHERE r.titulo_id = t.id)
    WHERE t.id IN (SELECT titulo_id FROM antigos);
    RETURN NULL;
END $$
""",
    """
CREATE FUNCTION recebimento_totais_alterados() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE titulo t SET
        recebido = (SELECT coalesce(sum(r.valor), 0) FROM recebimento r
                    WHERE r.titulo_id = t.id),
        ultimo_recebimento = (SELECT max(r.data) FROM recebimento r WHERE r.titulo_id = t.id)
    WHERE t.id IN (SELECT titulo_id FROM antigos UNION SELECT titulo_id FROM novos);
    RETURN NULL;
END $$
""",
    "CREATE TRIGGER recebimento_totais_ai AFTER INSERT ON recebimento "
    "REFERENCING NEW TABLE AS novos FOR EACH STATEMENT "
    "EXECUTE FUNCTION recebimento_totais_inseridos()",
    "CREATE TRIGGER recebimento_totais_ad AFTER DELETE ON recebimento "
    "REFERENCING OLD TABLE AS antigos FOR EACH STATEMENT "
    "EXECUTE FUNCTION recebimento_totais_recalcular()",
    "CREATE TRIGGER recebimento_totais_au AFTER UPDATE ON recebimento "
    "REFERENCING OLD TABLE AS antigos NEW TABLE AS novos FOR EACH STATEMENT "
    "EXECUTE FUNCTION recebimento_totais_alterados()",
)


def upgrade() -> None:
    with op.batch_alter_table("titulo") as batch:
        batch.add_column(sa.Column("recebido", Money(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("ultimo_recebimento", sa.Date(), nullable=True))
    op.execute(
        "UPDATE titulo SET "
        "recebido = (SELECT sum(r.valor) FROM recebimento r WHERE r.titulo_id = titulo.id), "
        "ultimo_recebimento = (SELECT max(r.data) FROM recebimento r WHERE r.titulo_id = titulo.id) "
        "WHERE id IN (SELECT titulo_id FROM recebimento)"
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        for statement in _PG_STATEMENTS:
            op.execute(statement)
    op.create_index("ix_titulo_cliente_posicao", "titulo", _INDEX_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_titulo_cliente_posicao", "titulo")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS recebimento_totais_ai")
        op.execute("DROP TRIGGER IF EXISTS recebimento_totais_ad")
        op.execute("DROP TRIGGER IF EXISTS recebimento_totais_au")
    else:
        op.execute("DROP TRIGGER IF EXISTS recebimento_totais_ai ON recebimento")
        op.execute("DROP TRIGGER IF EXISTS recebimento_totais_ad ON recebimento")
        op.execute("DROP TRIGGER IF EXISTS recebimento_totais_au ON recebimento")
        op.execute("DROP FUNCTION IF EXISTS recebimento_totais_inseridos()")
        op.execute("DROP FUNCTION IF EXISTS recebimento_totais_recalcular()")
        op.execute("DROP FUNCTION IF EXISTS recebimento_totais_alterados()")
    with op.batch_alter_table("titulo") as batch:
        batch.drop_column("ultimo_recebimento")
        batch.drop_column("recebido")
