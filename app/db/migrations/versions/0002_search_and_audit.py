"""customer search index and append-only audit log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _create_search_index()
    _make_audit_log_append_only()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in (
            "DROP TRIGGER IF EXISTS cliente_busca_ai",
            "DROP TRIGGER IF EXISTS cliente_busca_ad",
            "DROP TRIGGER IF EXISTS cliente_busca_au",
            "DROP TRIGGER IF EXISTS audit_log_no_update",
            "DROP TRIGGER IF EXISTS audit_log_no_delete",
        ):
            op.execute(statement)
        op.execute("DROP TABLE IF EXISTS cliente_busca")
    else:
        op.execute("DROP INDEX IF EXISTS ix_cliente_nome_busca_trgm")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")


def _create_search_index() -> None:
    """Contains-search over customer names (FTS5 trigram / pg_trgm), see app/db/clientes.py."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE cliente_busca USING fts5("
            "nome_busca, content='cliente', content_rowid='id', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER cliente_busca_ai AFTER INSERT ON cliente BEGIN "
            "INSERT INTO cliente_busca(rowid, nome_busca) VALUES (new.id, new.nome_busca); END"
        )
        op.execute(
            "CREATE TRIGGER cliente_busca_ad AFTER DELETE ON cliente BEGIN "
            "INSERT INTO cliente_busca(cliente_busca, rowid, nome_busca) "
            "VALUES ('delete', old.id, old.nome_busca); END"
        )
        op.execute(
            "CREATE TRIGGER cliente_busca_au AFTER UPDATE OF nome_busca ON cliente BEGIN "
            "INSERT INTO cliente_busca(cliente_busca, rowid, nome_busca) "
            "VALUES ('delete', old.id, old.nome_busca); "
            "INSERT INTO cliente_busca(rowid, nome_busca) VALUES (new.id, new.nome_busca); END"
        )
        op.execute("INSERT INTO cliente_busca(cliente_busca) VALUES ('rebuild')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_cliente_nome_busca_trgm ON cliente "
            "USING gin (nome_busca gin_trgm_ops)"
        )


def _make_audit_log_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )
    else:
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )
