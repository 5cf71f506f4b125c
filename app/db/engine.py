"""Opening a database: URL checks, engine set-up, schema check, sessions.

`open_database` turns every way a URL can be wrong into a :class:`DatabaseError`
with a Portuguese message; callers show it as it is (never a traceback).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app import passwords
from app.db.errors import DatabaseError
from app.db.migrate import check_schema
from app.db.sqlite_library import memory_statistics_off

SQLITE_BUSY_TIMEOUT_S = 10
# Seconds a SQLite statement waits for another program's lock; tests lower it.
ENV_SQLITE_BUSY_TIMEOUT = "HISTORICO_SQLITE_BUSY_TIMEOUT"


@dataclass
class Database:
    """An open, schema-checked database and the factory of its sessions."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short-lived session; commits on success, rolls back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def ping(self) -> None:
        """Reach the database (raises when it cannot be reached)."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise DatabaseError(f"endereço de banco de dados inválido: {_safe(url)}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"banco de dados não suportado: {parsed.get_backend_name()} "
            "(use sqlite:///arquivo.db ou postgresql://usuario@servidor/banco)"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(endereço ilegível)"


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    database = str(url.database)
    if database.startswith("file:") and url.query.get("uri") in ("true", "1"):
        # sqlite:///file:/path/x.db?mode=ro&uri=true: an SQLite URI filename
        return Path(unquote(urlsplit(database).path))
    return Path(database)


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise DatabaseError(f"o caminho do banco de dados é uma pasta, não um arquivo: {path}")
    if not path.exists():
        if not create:
            raise DatabaseError(f"arquivo de banco de dados não encontrado: {path}")
        if not path.parent.is_dir():
            raise DatabaseError(f"a pasta do banco de dados não existe: {path.parent}")
        # created by the owner, readable by the owner only
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        return
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header and header != b"SQLite format 3\x00":
        raise DatabaseError(f"o arquivo não é um banco de dados SQLite: {path}")


def sqlite_busy_timeout_s() -> float:
    """How long SQLite waits for a lock held by another program before "ocupado":
    SQLITE_BUSY_TIMEOUT_S, or $HISTORICO_SQLITE_BUSY_TIMEOUT seconds (0 to 600)."""
    try:
        seconds = float(os.environ.get(ENV_SQLITE_BUSY_TIMEOUT, ""))
    except ValueError:
        return SQLITE_BUSY_TIMEOUT_S
    return seconds if 0 <= seconds <= 600 else SQLITE_BUSY_TIMEOUT_S


def _writable(path: Path) -> bool:
    """SQLite writes the file and, beside it, its -wal and -shm files."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _on_sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # the busy timeout is the driver's `timeout` (make_engine): sqlite3_busy_timeout
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


# every PostgreSQL session of the program (see make_engine)
PG_SESSION_OPTIONS = (
    "-c plan_cache_mode=force_custom_plan -c jit=off -c max_parallel_workers_per_gather=0"
)


def make_engine(url: URL) -> Engine:
    # Both pools hand out the connection returned last (LIFO): its page cache (SQLite's
    # is 2 MB a connection), its prepared statements and the server's caches for it stay
    # warm, and on PostgreSQL the others may sit idle; FIFO went round the pooled
    # connections, each seeing a fifth of the queries (psycopg prepares a statement on
    # its fifth run on one connection).
    if url.get_backend_name() == "sqlite":
        memory_statistics_off()  # before the process's first connection
        engine = create_engine(
            url,
            pool_use_lifo=True,
            connect_args={"timeout": sqlite_busy_timeout_s(), "check_same_thread": False},
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    # psycopg prepares a statement on its 5th run on a connection, and PostgreSQL may then
    # settle on a generic plan chosen without the customer: for a big customer one such
    # plan took ~110 s instead of ~1.5 s on every later customer. Prepared statements
    # stay (no parsing again); every execution is planned for its own parameters.
    # JIT off: the Financeiro figures of a big customer on a past date took 1.3 s, of
    # which 1.2 s compiling expressions that then ran for 0.1 s (short queries only here).
    # No parallel workers: every query here is one customer's, over its own index ranges,
    # and starting workers cost more than they share (the Venda's first page of a big
    # customer: 6-10 ms with two workers, 0.7 ms without); on a server shared by many
    # clerks they would also take the cores of the others' queries.
    connect_args: dict[str, Any] = {
        "connect_timeout": 5,
        "application_name": "historico-cliente",
        "options": PG_SESSION_OPTIONS,
    }
    password = passwords.password_for(url)  # typed this run or in the system keyring
    if password is not None:
        connect_args["password"] = password
    return create_engine(url, pool_pre_ping=True, pool_use_lifo=True, connect_args=connect_args)


def connect_engine(url: str, *, create: bool = False) -> tuple[Engine, Path | None]:
    """An engine for a checked URL (and the SQLite file's path); nothing is read yet."""
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        _check_sqlite_file(path, create=create and parsed.query.get("mode") != "ro")
    return make_engine(parsed), path


def open_database(url: str, *, create: bool = False, auto_upgrade: bool | None = None) -> Database:
    """Open and check a database.

    `create`: a missing SQLite file may be created (demo, import, db upgrade, the
    embedded default). `auto_upgrade`: migrate an older schema at once; by default
    only SQLite files are upgraded automatically (after a backup copy).
    """
    engine, path = connect_engine(url, create=create)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        upgrade = (path is not None) if auto_upgrade is None else auto_upgrade
        check_schema(engine, auto_upgrade=upgrade, sqlite_path=path)
    except DatabaseError:
        engine.dispose()
        raise
    except (DBAPIError, SQLAlchemyError, OSError) as exc:
        engine.dispose()
        if path is not None and not _writable(path):
            raise DatabaseError(
                f"o banco de dados está num local somente para leitura: {path} "
                "(o programa precisa gravar no arquivo e na sua pasta)"
            ) from exc
        raise DatabaseError(describe_db_error(exc, engine.url)) from exc
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def describe_db_error(exc: BaseException, url: URL | None = None) -> str:
    """A one-line Portuguese explanation of a driver error (no SQL, no password)."""
    where = f": {url.render_as_string(hide_password=True)}" if url is not None else ""
    message = str(getattr(exc, "orig", exc)).lower()
    if "database is locked" in message or "database is busy" in message:
        return "o banco de dados está ocupado por outro programa; tente novamente em instantes"
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return f"o arquivo de banco de dados está corrompido ou não é SQLite{where}"
    if "readonly" in message or "read-only" in message:
        return f"o banco de dados está somente para leitura{where}"
    if "unable to open" in message:
        return f"não foi possível abrir o arquivo de banco de dados{where}"
    if "password" in message or "authentication" in message or "role" in message:
        return f"o servidor recusou o usuário ou a senha{where}"
    if "does not exist" in message and "database" in message:
        return f"o banco de dados não existe no servidor{where}"
    if "connect" in message or "connection" in message or "server" in message:
        return f"não foi possível conectar ao servidor de banco de dados{where}"
    return f"erro no banco de dados ({type(exc).__name__}){where}"
