"""The write transaction of the acordo operations, and what its driver errors mean to the user.

:func:`write_session` holds the write lock from its first statement (SQLite:
``BEGIN IMMEDIATE``; PostgreSQL: the callers lock rows ``FOR UPDATE``, and
``lock_timeout`` bounds the wait), so the checks the operations make before writing
see what they write over. :func:`translate` turns a driver error into a DatabaseError
whose str() is for the user; :func:`is_numero_race` tells two users who took the same
acordo number at once (the loser retries). Used by app/db/acordo_ops.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.db.engine import SQLITE_BUSY_TIMEOUT_S, Database, describe_db_error
from app.db.errors import ConcurrentChange, DatabaseError

__all__ = ["LOCK_TIMEOUT_MS", "is_numero_race", "translate", "write_session"]

# How long a writer waits for another one's locks (SQLite waits its busy timeout).
LOCK_TIMEOUT_MS = SQLITE_BUSY_TIMEOUT_S * 1000


@contextmanager
def write_session(db: Database) -> Iterator[Session]:
    """A transaction that holds the write lock from its first statement.

    SQLite: pysqlite (legacy transaction control) emits BEGIN only before the
    first INSERT/UPDATE, so the checks before it would run outside any
    transaction; an explicit BEGIN IMMEDIATE takes the write lock at once
    (waiting up to the busy timeout) and pysqlite then commits it normally.
    PostgreSQL: row locks are taken by the callers; lock_timeout bounds the wait.
    """
    with db.session() as session:
        conn = session.connection()
        if db.dialect == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif db.dialect == "postgresql":
            conn.execute(
                text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": f"{LOCK_TIMEOUT_MS}ms"}
            )
        yield session


def translate(exc: DBAPIError) -> DatabaseError:
    """A driver error as a message for the user."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01"):  # serialization failure, deadlock
        return ConcurrentChange()
    if sqlstate == "55P03":  # lock_timeout
        return DatabaseError(
            "os títulos estão sendo alterados por outro usuário; tente novamente em instantes"
        )
    return DatabaseError(describe_db_error(exc))


def is_numero_race(exc: IntegrityError) -> bool:
    """Whether ``exc`` is another writer having taken the acordo number first."""
    text = str(exc.orig)
    return "uq_acordo_empresa_numero" in text or "acordo.empresa_id, acordo.numero" in text
