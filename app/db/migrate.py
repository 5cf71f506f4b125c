"""Schema versions: Alembic migrations, checked before every use of a database.

Checking a schema that is up to date (every start) reads alembic_version and compares
it with HEAD_REVISION, without loading Alembic (~25 MB and a tenth of a second):
Alembic is imported only to upgrade or to list the migrations.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from app.db.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# the newest migration in migrations/versions (tests/db/test_migrations.py checks it)
HEAD_REVISION = "0011"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest migration, as Alembic finds it in migrations/versions."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The database's revision (None: no schema yet), as Alembic keeps it."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(versions) > 1:
        raise DatabaseError("o banco de dados tem mais de uma versão de esquema registrada")
    return versions[0] if versions else None


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def empty(self) -> bool:
        return self.current is None


def schema_state(engine: Engine) -> SchemaState:
    return SchemaState(current_revision(engine), HEAD_REVISION)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest version, in one transaction per run."""
    state = schema_state(engine)
    if state.current is not None and state.current not in known_revisions():
        raise SchemaTooNew()
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # pysqlite runs DDL outside any transaction: without this BEGIN a crash
            # halfway through would leave a half-created schema that never opens again
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def backup_sqlite_file(path: Path) -> Path:
    """Copy the database aside before it is migrated; returns the copy's path.

    SQLite's online backup copies what is committed, including pages still in the
    -wal file (a plain file copy would miss them), into one self-contained file.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    target.chmod(0o600)
    return target


def check_schema(engine: Engine, *, auto_upgrade: bool, sqlite_path: Path | None) -> None:
    """Refuse a schema this program does not understand; upgrade it when allowed.

    An embedded (SQLite) database is upgraded at once, after a backup copy of its
    file; a server database must be upgraded with ``main.py db upgrade``.
    """
    state = schema_state(engine)
    if state.up_to_date:
        return
    if state.current is not None and state.current not in known_revisions():
        raise SchemaTooNew()
    if not auto_upgrade:
        if state.empty:
            raise SchemaOutdated(
                "o banco de dados está vazio (sem tabelas): crie-o com 'main.py db upgrade'"
            )
        raise SchemaOutdated(
            "o banco de dados usa uma versão anterior do esquema: "
            "atualize-o com 'main.py db upgrade' antes de usar o programa"
        )
    if sqlite_path is not None and not state.empty and sqlite_path.exists():
        backup_sqlite_file(sqlite_path)
    upgrade(engine)


class SchemaOutdated(DatabaseError):
    pass


class SchemaTooNew(DatabaseError):
    def __init__(self) -> None:
        super().__init__(
            "o banco de dados foi criado por uma versão mais nova do programa: "
            "atualize o Histórico do Cliente para usá-lo"
        )
