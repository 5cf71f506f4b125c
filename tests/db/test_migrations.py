"""Schema versions: migrations match the models, old schemas are upgraded or refused,
newer ones refused, and bad database URLs give one clear message each."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db.engine import make_engine, open_database, parse_url
from app.db.errors import DatabaseError
from app.db.migrate import (
    HEAD_REVISION,
    SchemaOutdated,
    SchemaTooNew,
    alembic_config,
    current_revision,
    head_revision,
)
from app.db.schema import Acordo, AcordoQuebradoOriginal, AuditEntry, Base, Cliente
from tests import factories as f


def downgrade(url: str, revision: str) -> None:
    """The database of ``url`` taken down to ``revision``, as Alembic does."""
    engine = make_engine(parse_url(url))
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    engine.dispose()


def upgrade(url: str) -> None:
    """The database of ``url`` taken up to the newest revision, as Alembic does."""
    engine = make_engine(parse_url(url))
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    engine.dispose()


def _stamp(url: str, revision: str) -> None:
    engine = make_engine(parse_url(url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
    engine.dispose()


def test_migrations_create_exactly_the_models(db_url: str) -> None:
    engine = make_engine(parse_url(db_url))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    # the search index (FTS5 / trigram) is created by hand in a migration, not a model
    diff = [d for d in diff if "cliente_busca" not in str(d) and "trgm" not in str(d)]
    assert diff == []


def test_the_head_the_program_checks_is_alembics(db_url: str) -> None:
    """Every start compares alembic_version with HEAD_REVISION without loading Alembic:
    the constant must be the newest migration, read as Alembic reads it."""
    assert HEAD_REVISION == head_revision()
    engine = make_engine(parse_url(db_url))
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == HEAD_REVISION
        assert current_revision(engine) == HEAD_REVISION
    finally:
        engine.dispose()


def test_embedded_database_is_upgraded_after_a_backup(sqlite_url: str) -> None:
    path = Path(parse_url(sqlite_url).database or "")
    downgrade(sqlite_url, "0001")
    engine = make_engine(parse_url(sqlite_url))
    with engine.begin() as conn:
        conn.execute(
            insert(Cliente).values(
                codigo="C1", nome="Ana", nome_busca="ana", cpf_cnpj="52998224725"
            )
        )
    engine.dispose()

    db = open_database(sqlite_url)
    with db.session() as s:
        assert s.scalar(select(Cliente.nome)) == "Ana"
        # the search index of 0002 was filled with the existing customer
        found = s.execute(text("SELECT rowid FROM cliente_busca WHERE nome_busca LIKE '%ana%'"))
        assert found.scalars().all() == [1]
    db.dispose()
    backups = list(path.parent.glob("historico.backup-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_server_database_must_be_upgraded_explicitly(pg_url: str) -> None:
    downgrade(pg_url, "0001")
    with pytest.raises(SchemaOutdated, match="db upgrade"):
        open_database(pg_url)
    open_database(pg_url, auto_upgrade=True).dispose()
    open_database(pg_url).dispose()


def test_newer_schema_is_refused(db_url: str) -> None:
    _stamp(db_url, "9999_from_the_future")
    with pytest.raises(SchemaTooNew, match="versão mais nova"):
        open_database(db_url)


def test_audit_log_is_append_only(db_url: str) -> None:
    db = open_database(db_url)
    with db.session() as s:
        from app.db import audit

        audit.record(s, "teste", "banco", None, cpf="529.982.247-25")
    with db.session() as s:
        entry = s.scalars(select(AuditEntry)).one()
        assert entry.usuario and entry.acao == "teste"
        assert "529.982.247-25" not in entry.detalhes  # personal data masked
    for statement in ("UPDATE audit_log SET acao = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), db.session() as s:
            s.execute(text(statement))
    db.dispose()


def test_0006_keeps_the_originals_of_acordos_broken_before_it(db_url: str) -> None:
    """Acordos broken before revision 0006 cleared their originals' link: the revision
    finds them again in the audit log's "acordo_quebrado" entries."""
    downgrade(db_url, "0005")
    engine = make_engine(parse_url(db_url))
    with Session(engine) as s, s.begin():
        e, c = f.empresa(s), f.cliente(s)
        day = date(2026, 6, 1)

        def acordo(numero: int, situacao: str) -> int:
            values = dict(empresa_id=e, numero=numero, cliente_id=c, data=day, situacao=situacao)
            return int(s.execute(insert(Acordo).values(**values)).inserted_primary_key[0])

        broken, active = acordo(1, "quebrado"), acordo(2, "ativo")
        t1, t2 = (f.titulo(s, e, c, valor="10.00", emissao=day, vencimento=day) for _ in "12")
        for entidade_id, reabertos in ((broken, [t1, t2, 99_999]), (active, [t1])):
            details = json.dumps({"titulos_reabertos": reabertos})
            s.execute(
                insert(AuditEntry).values(
                    em=datetime(2026, 7, 1),
                    usuario="u",
                    acao="acordo_quebrado",
                    entidade="acordo",
                    entidade_id=entidade_id,
                    detalhes=details,
                )
            )
    engine.dispose()

    db = open_database(db_url, auto_upgrade=True)
    with db.session() as s:
        kept = s.execute(
            select(AcordoQuebradoOriginal.acordo_id, AcordoQuebradoOriginal.titulo_id).order_by(
                AcordoQuebradoOriginal.titulo_id
            )
        ).all()
    db.dispose()
    # the missing título and the acordo that is not broken are left out
    assert [tuple(r) for r in kept] == [(broken, t1), (broken, t2)]


@pytest.mark.parametrize(
    ("make_url", "message"),
    [
        (lambda p: "sqlite:///" + str(p / "missing.db"), "não encontrado"),
        (lambda p: "sqlite:///" + str(p), "é uma pasta"),
        (lambda p: "mysql://x@y/z", "não suportado"),
        (lambda p: "::::", "inválido"),
        (lambda p: "postgresql://postgres@127.0.0.1:1/nada", "não foi possível conectar"),
    ],
)
def test_bad_urls_give_one_clear_message(tmp_path: Path, make_url, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match=message):
        open_database(make_url(tmp_path))


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "planilha.db"
    bogus.write_text("nome;valor\n")
    with pytest.raises(DatabaseError, match="não é um banco de dados SQLite"):
        open_database(f"sqlite:///{bogus}")
    corrupt = tmp_path / "corrompido.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    with pytest.raises(DatabaseError, match="corrompido"):
        open_database(f"sqlite:///{corrupt}")


def test_new_embedded_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "novo.db"
    db = open_database(f"sqlite:///{path}", create=True)
    with db.session() as s:
        f.empresa(s)
    db.dispose()
    assert path.stat().st_mode & 0o077 == 0
