"""The peers that run the program's own SQL: the floor and Qt's QSqlQueryModel.

Both replay the statements captured from the program (capture.py) with the very
parameters its driver received:

- the floor: the raw DB-API driver (sqlite3 or psycopg) executing each statement and
  fetching the first screenful (``SCREEN`` rows), or every row for scroll_all; no
  Python objects beyond the driver's tuples, no Qt. Nothing can be faster with the
  same SQL on the same connection kind.
- QSqlQueryModel: Qt's own SQL model. The statement that fills the grid (the one
  returning most rows) goes into a QSqlQueryModel shown in a QTableView (its first
  batch of 256 rows, then fetchMore for scroll_all); the others run as QSqlQuery
  to their end. QSQLITE for SQLite; QPSQL for PostgreSQL when the driver loads.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Sequence
from datetime import date, datetime
from datetime import time as dtime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel
from PySide6.QtWidgets import QTableView
from sqlalchemy.engine import make_url

from app.db.engine import PG_SESSION_OPTIONS
from benchmarks.capture import Statement

SCREEN = 50  # rows of a first screenful
# what app/db/engine.py sets on its PostgreSQL connections: the peers run the same SQL
# under the same session settings (JIT on would cost them a second on some queries)
PG_OPTIONS = PG_SESSION_OPTIONS  # the program's own session settings


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class Floor:
    """The raw driver over the same database."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind = kind
        if kind == "sqlite":
            path = make_url(url).database
            self.conn: Any = sqlite3.connect(str(path), check_same_thread=False)
        else:
            import psycopg

            dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
            # never prepared server-side: psycopg would after 5 runs of a statement, and
            # PostgreSQL may then pick a generic plan (the whale's Financeiro: ~100 s); the
            # session settings of the program's own connections (app/db/engine.py)
            self.conn = psycopg.connect(
                dsn, autocommit=True, prepare_threshold=None, options=PG_OPTIONS
            )

    def close(self) -> None:
        self.conn.close()

    def run(self, statements: Sequence[Statement], fetch: int | None = SCREEN) -> int:
        """Execute each statement and fetch ``fetch`` rows of it (None: all); rows fetched."""
        total = 0
        for st in statements:
            cursor = self.conn.cursor()
            try:
                cursor.execute(st.sql, st.params)
                rows = cursor.fetchall() if fetch is None else cursor.fetchmany(fetch)
                total += len(rows)
            finally:
                cursor.close()
        return total

    def row_counts(self, statements: Sequence[Statement]) -> list[int]:
        counts = []
        for st in statements:
            cursor = self.conn.cursor()
            try:
                cursor.execute(st.sql, st.params)
                counts.append(len(cursor.fetchall()))
            finally:
                cursor.close()
        return counts

    def timed(self, statements: Sequence[Statement], fetch: int | None = SCREEN) -> float:
        start = time.perf_counter()
        self.run(statements, fetch)
        return _ms_since(start)


def prepared_plan_drift(
    url: str, statement: Statement, executions: int = 12, timeout_s: int = 300
) -> list[float]:
    """ms of each execution of ``statement`` on one psycopg connection with the driver's
    default ``prepare_threshold`` (5), as the program's engine has it: after a few runs
    the statement is prepared server-side and PostgreSQL may switch to a generic plan.
    Stops after an execution over 10 s (or at ``timeout_s``: then that one is the timeout)."""
    import psycopg

    dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
    times: list[float] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"SET statement_timeout = '{int(timeout_s)}s'")
        for _ in range(executions):
            start = time.perf_counter()
            try:
                with conn.cursor() as cursor:
                    cursor.execute(statement.sql, statement.params)
                    cursor.fetchmany(SCREEN)
            except psycopg.errors.QueryCanceled:
                times.append(_ms_since(start))
                break
            times.append(_ms_since(start))
            if times[-1] > 10_000:
                break
    return times


def grid_index(counts: Sequence[int]) -> int:
    """The statement that fills the grid: the one returning most rows (the first of equals)."""
    return max(range(len(counts)), key=lambda i: (counts[i], -i)) if counts else -1


# --- Qt's QSqlQueryModel ---------------------------------------------------------------------

_PYFORMAT = re.compile(r"%\((\w+)\)s")


def _qt_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | dtime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


_PG_CASTS: tuple[tuple[type, str], ...] = (
    (datetime, "TIMESTAMP"),
    (date, "DATE"),
    (dtime, "TIME"),
    (Decimal, "NUMERIC"),
)


def qt_statement(st: Statement) -> tuple[str, list[Any]]:
    """The statement with positional ``?`` placeholders and its values in order."""
    if isinstance(st.params, dict):
        names: list[str] = []

        def repl(match: re.Match[str]) -> str:
            # QPSQL sends every value as text: typed placeholders, as psycopg's binary
            # parameters are, so that "numeric * $1" and "date <= $2" resolve
            names.append(match.group(1))
            value = st.params[match.group(1)]
            for kind, cast in _PG_CASTS:
                if isinstance(value, kind):
                    return f"CAST(? AS {cast})"
            return "?"

        sql = _PYFORMAT.sub(repl, st.sql).replace("%%", "%")
        return sql, [_qt_value(st.params[n]) for n in names]
    return st.sql, [_qt_value(v) for v in (st.params or ())]


class QtSql:
    """QSqlQueryModel (and QSqlQuery) over the same database, shown in a QTableView."""

    CONNECTION = "benchmark-peer"

    def __init__(self, kind: str, url: str) -> None:
        self.available = False
        self.reason = ""
        driver = "QSQLITE" if kind == "sqlite" else "QPSQL"
        if driver not in QSqlDatabase.drivers():
            self.reason = f"the {driver} driver is not in this PySide6"
            return
        db = QSqlDatabase.addDatabase(driver, self.CONNECTION)
        parsed = make_url(url)
        if kind == "sqlite":
            db.setDatabaseName(str(parsed.database))
        else:
            db.setHostName(parsed.host or "localhost")
            db.setPort(parsed.port or 5432)
            db.setUserName(parsed.username or "")
            if parsed.password:
                db.setPassword(str(parsed.password))
            db.setDatabaseName(parsed.database or "")
            db.setConnectOptions(f"options='{PG_OPTIONS}'")
        if not db.open():
            self.reason = f"{driver} did not open: {db.lastError().text()}"
            return
        self.db = db
        self.available = True
        self.view = QTableView()
        self.view.resize(1360, 700)
        self.view.show()
        self.model: QSqlQueryModel | None = None

    def close(self) -> None:
        if self.available:
            self.view.setModel(None)
            self.view.close()
            self.model = None
            self.db.close()
            del self.db
        QSqlDatabase.removeDatabase(self.CONNECTION)

    def _query(self, st: Statement, *, for_model: bool = False) -> QSqlQuery:
        sql, values = qt_statement(st)
        query = QSqlQuery(self.db)
        query.setForwardOnly(not for_model)  # a model needs a scrollable query
        if not query.prepare(sql):
            raise RuntimeError(f"QSqlQuery.prepare: {query.lastError().text()}")
        for value in values:
            query.addBindValue(value)
        if not query.exec():
            raise RuntimeError(f"QSqlQuery.exec: {query.lastError().text()}")
        return query

    def show(self, statements: Sequence[Statement], grid: int) -> float:
        """Run the statements; the grid one into a QSqlQueryModel in the view. ms."""
        start = time.perf_counter()
        for i, st in enumerate(statements):
            query = self._query(st, for_model=i == grid)
            if i == grid:
                model = QSqlQueryModel()
                model.setQuery(query)
                if model.lastError().isValid():
                    raise RuntimeError(f"QSqlQueryModel: {model.lastError().text()}")
                self.view.setModel(model)
                self.model = model
            else:
                while query.next():
                    pass
        self.view.repaint()
        self.view.viewport().repaint()  # the cells (the view's repaint leaves them out)
        return _ms_since(start)

    def scroll_all(self) -> float:
        """fetchMore until the model has every row, then show the end. ms."""
        model, root = self.model, QModelIndex()
        assert model is not None
        start = time.perf_counter()
        while model.canFetchMore(root):
            model.fetchMore(root)
        self.view.scrollToBottom()
        self.view.repaint()
        self.view.viewport().repaint()  # the cells (the view's repaint leaves them out)
        return _ms_since(start)

    def rows(self) -> int:
        return self.model.rowCount() if self.model is not None else 0
