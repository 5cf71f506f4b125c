"""How the engines run: SQLite's memory statistics off for the process
(app.db.sqlite_library), set before the first connection on the very library the
sqlite3 module runs on and left alone when SQLite is already in use (each case in a new
process: the option is per process); the pools hand out the connection returned last."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, tmp_path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(tmp_path / "t.db")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


_LINUX_ONLY = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the library is looked up in /proc/self/maps"
)


@_LINUX_ONLY
def test_the_program_s_first_connection_turns_the_statistics_off(tmp_path: Path) -> None:
    out = run_python(
        """
        import sys
        from sqlalchemy import text
        from app.db.engine import make_engine, parse_url
        from app.db.sqlite_library import library, memory_statistics_off

        lib = library()
        assert lib is not None, "the sqlite3 module's library was not found"
        engine = make_engine(parse_url("sqlite:///" + sys.argv[1]))
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1), (2), (3)"))
        with engine.connect() as conn:
            total = conn.execute(text("SELECT sum(x) FROM t")).scalar()
            # a connection is open and has read: with the statistics on, SQLite counts
            # the memory it holds; off, the count stays at zero
            print(total, lib.sqlite3_memory_used(), memory_statistics_off())
        """,
        tmp_path,
    )
    assert out == "6 0 True"


@_LINUX_ONLY
def test_sqlite_in_use_already_is_left_as_it_is(tmp_path: Path) -> None:
    out = run_python(
        """
        import sqlite3, sys
        from sqlalchemy import text
        from app.db.engine import make_engine, parse_url
        from app.db.sqlite_library import library, memory_statistics_off

        before = sqlite3.connect(":memory:")  # someone else's connection, open
        before.execute("CREATE TABLE a (x INTEGER)")
        before.execute("INSERT INTO a VALUES (7)")
        engine = make_engine(parse_url("sqlite:///" + sys.argv[1]))
        with engine.connect() as conn:
            one = conn.execute(text("SELECT 1")).scalar()
        used = library().sqlite3_memory_used()
        print(one, before.execute("SELECT x FROM a").fetchone()[0], used > 0,
              memory_statistics_off())
        """,
        tmp_path,
    )
    assert out == "1 7 True False"


def test_the_pool_hands_out_the_connection_returned_last(db_url: str) -> None:
    """LIFO: the connection used last, with its caches and prepared statements warm,
    serves the next session (app.db.engine.make_engine), on both databases."""
    from app.db.engine import open_database

    database = open_database(db_url)
    try:
        first = database.engine.raw_connection()
        second = database.engine.raw_connection()
        first_driver, second_driver = first.driver_connection, second.driver_connection
        assert first_driver is not second_driver
        first.close()
        second.close()  # returned last
        again = database.engine.raw_connection()
        assert again.driver_connection is second_driver
        again.close()
    finally:
        database.dispose()
