"""SQLite busy: another program holds a write transaction while the program writes.

The holder is a separate process with the plain sqlite3 module (``BEGIN IMMEDIATE``
or ``BEGIN EXCLUSIVE``, then waiting). ``main.py import`` and ``main.py negotiate``
wait for the busy timeout (lowered to 1 s through HISTORICO_SQLITE_BUSY_TIMEOUT;
10 s by default), then exit 2 with one Portuguese line, "o banco de dados está
ocupado ...", never "database is locked" or a trace; nothing was written; once the
lock is released (or its holder killed), the same command works.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from app.db import engine as engine_module
from app.db.engine import open_database
from tests.reliability.reliability_support import (
    GOOD_IMPORT,
    assert_one_clear_line,
    demo_database,
    fingerprint,
    negotiation_args,
    record,
    run_cli,
)

BUSY = "erro: o banco de dados está ocupado por outro programa; tente novamente em instantes"
TIMEOUT_S = 1.0
FAST = {"HISTORICO_SQLITE_BUSY_TIMEOUT": str(TIMEOUT_S)}
AS_OF = date(2026, 6, 1)

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
conn.execute(sys.argv[2])
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextmanager
def locked(path: Path, begin: str = "BEGIN IMMEDIATE") -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``begin`` on the file until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), begin],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "locked"
    try:
        yield holder
    finally:
        if holder.poll() is None:
            holder.stdin.write("\n")
            holder.stdin.close()
        holder.wait(timeout=10)


def _timed(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = run_cli(*args, env=FAST)
    return result, time.monotonic() - started


def _path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def test_import_waits_then_says_busy_and_a_retry_works(sqlite_url: str) -> None:
    before = fingerprint(sqlite_url)
    with locked(_path(sqlite_url)):
        result, elapsed = _timed("import", str(GOOD_IMPORT), "--db", sqlite_url)
    assert assert_one_clear_line(result, code=2) == BUSY
    assert "locked" not in result.stderr
    assert elapsed >= TIMEOUT_S
    assert fingerprint(sqlite_url) == before
    retry = run_cli("import", str(GOOD_IMPORT), "--db", sqlite_url, env=FAST)
    assert retry.returncode == 0, retry.stderr
    assert fingerprint(sqlite_url)["titulo"][0] == 8
    record("SQLite ocupado", "`import` com outro programa em BEGIN IMMEDIATE", 1, "nada", "saída 2")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('busy') / 'demo.db'}"
    demo_database(url, 12, AS_OF)
    return url


@pytest.mark.parametrize("begin", ["BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"])
def test_negotiate_waits_then_says_busy_and_a_retry_works(demo_file: str, begin: str) -> None:
    (args, _customer), *_ = negotiation_args(demo_file, 1, AS_OF)
    before = fingerprint(demo_file)
    with locked(_path(demo_file), begin):
        result, elapsed = _timed(*args, "--db", demo_file)
        # reading is not blocked by a writer (WAL): the summary answers at once
        reading = run_cli("summary", "--customer", _customer, "--db", demo_file, env=FAST)
    assert assert_one_clear_line(result, code=2) == BUSY
    assert elapsed >= TIMEOUT_S
    assert reading.returncode == 0, reading.stderr
    assert fingerprint(demo_file) == before
    retry = run_cli(*args, "--db", demo_file, env=FAST)
    assert retry.returncode == 0, retry.stderr
    after = fingerprint(demo_file)
    assert after["acordo"][0] == before["acordo"][0] + 1
    # leave the module's file as it was for the next parameter
    demo_break = run_cli(
        "break-negotiation", retry.stdout.strip(), "--empresa", args[args.index("--empresa") + 1],
        "--reason", "teste", "--as-of", AS_OF.isoformat(), "--db", demo_file, env=FAST,
    )  # fmt: skip
    assert demo_break.returncode == 0, demo_break.stderr
    record("SQLite ocupado", f"`negotiate` com outro programa em {begin}", 1, "nada", "saída 2")


def test_a_lock_left_by_a_killed_program_does_not_stay(sqlite_url: str) -> None:
    with locked(_path(sqlite_url)) as holder:
        holder.kill()  # SIGKILL: the operating system releases its locks
        holder.wait(timeout=10)
        result = run_cli("import", str(GOOD_IMPORT), "--db", sqlite_url, env=FAST)
    assert result.returncode == 0, result.stderr
    record("SQLite ocupado", "programa com a trava morto com kill -9", 1, "nada", "importou")


def test_a_rollback_journal_file_locked_exclusively_cannot_even_be_read(tmp_path: Path) -> None:
    """A file in the old journal mode under an EXCLUSIVE lock: even opening waits, then
    the same clear line (exit 2)."""
    path = tmp_path / "old.db"
    open_database(f"sqlite:///{path}", create=True).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    with locked(path, "BEGIN EXCLUSIVE"):
        result, elapsed = _timed("summary", "--customer", "C1", "--db", f"sqlite:///{path}")
    assert assert_one_clear_line(result, code=2) == BUSY
    assert elapsed >= TIMEOUT_S
    record("SQLite ocupado", "arquivo em modo journal com BEGIN EXCLUSIVE: `summary`", 1, "nada")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(None, 10), ("1", 1), ("0.25", 0.25), ("0", 0), ("abc", 10), ("-1", 10), ("nan", 10)]
    + [("inf", 10), ("601", 10)],
)
def test_the_busy_timeout_can_be_lowered_by_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, seconds: float
) -> None:
    if value is None:
        monkeypatch.delenv(engine_module.ENV_SQLITE_BUSY_TIMEOUT, raising=False)
    else:
        monkeypatch.setenv(engine_module.ENV_SQLITE_BUSY_TIMEOUT, value)
    assert engine_module.sqlite_busy_timeout_s() == seconds
