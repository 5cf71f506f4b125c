"""kill -9 at random points of an import, of saving an acordo and of demo generation.

Each loop runs the command on a fresh copy of a base database and kills it with
SIGKILL at a random point, in one of three ways (in turn):

- a new ``python main.py ...`` process, killed after a random delay drawn over the
  length of a complete run (start-up included);
- the same command in a process forked from a server that has imported the program
  (tests/reliability/cli_fork_server.py), killed after a random delay: the kill lands
  anywhere in the work, inside a statement, an fsync or a COMMIT;
- the forked command killing itself right before its N-th SQL statement or COMMIT, N
  drawn over the statements of a complete run (N past the last: once all is done),
  so points inside the transaction are always covered.

Afterwards: SQLite's ``PRAGMA integrity_check`` is "ok"; the database opens
(``open_database``); it holds none of the interrupted work (every table's fingerprint
equals the base's) or all of it (equal to an uninterrupted run's, the audit log
counted); DOMAIN.md's invariants hold; the `summary` command's TOTAL A RECEBER equals
an independent computation for the customers concerned.

Default: 20 + 20 + 20 kills on SQLite files, 6 + 6 on PostgreSQL; HISTORICO_SOAK=1:
60 each on SQLite and 20 each on PostgreSQL. HISTORICO_KILL_SEED=N draws other points.
"""

from __future__ import annotations

import gc
import os
import queue
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db.engine import open_database
from app.db.importer import import_folder
from tests.reliability.reliability_support import (
    GOOD_IMPORT,
    IN_PROCESS,
    MAIN,
    ROOT,
    ForkServer,
    big_import_folder,
    cli_env,
    demo_database,
    fingerprint,
    invariant_violations,
    negotiation_args,
    record,
    run_cli,
    soak,
    sqlite_integrity,
    summary_matches_reference,
)

AS_OF = date(2026, 6, 1)
SEED = int(os.environ.get("HISTORICO_KILL_SEED", "20260601"))
Print = dict[str, tuple[int, str]]


@dataclass
class Work:
    """One interruptible command: ``main.py ARGS --db URL``, and what "all of it" is."""

    name: str
    args: list[str]
    customers: list[str]
    events: int = 0
    seconds: float = 0.0  # a forked run
    seconds_new_process: float = 0.0  # a new interpreter: start-up included
    done: Print = field(default_factory=dict)  # fingerprint after a complete run, no audit_log
    audit_added: int = 0


class Target:
    """Where the loop runs: fresh copies of a base database."""

    dialect = "sqlite"

    def fresh(self) -> str:
        raise NotImplementedError

    def drop(self, url: str) -> None:
        pass

    def exists(self, url: str) -> bool:
        return True


class SqliteTarget(Target):
    def __init__(self, base: Path | None, work_dir: Path) -> None:
        self.base = base  # None: the command starts without a database file
        self.work_dir = work_dir

    def fresh(self) -> str:
        path = self.work_dir / f"kill-{uuid.uuid4().hex[:8]}.db"
        if self.base is not None:
            shutil.copyfile(self.base, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        path = Path(str(make_url(url).database))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        for backup in path.parent.glob(f"{path.stem}.backup-*"):
            backup.unlink()

    def exists(self, url: str) -> bool:
        return Path(str(make_url(url).database)).exists()


class PgTarget(Target):
    dialect = "postgresql"

    def __init__(self, host: str, base: str) -> None:
        self.host = host
        self.base = base
        self.admin = create_engine(
            f"{host}/test".replace("postgresql://", "postgresql+psycopg://"),
            isolation_level="AUTOCOMMIT",
        )

    def fresh(self) -> str:
        name = f"hc_kill_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.base}"'))
        return f"{self.host}/{name}"

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def sealed(path: Path) -> Path:
    """The SQLite file with its WAL folded in, so that copying the file copies everything."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture(scope="module")
def servers() -> Iterator[queue.Queue[ForkServer]]:
    """Two fork servers (the machine has two cores): a kill takes one and gives it back."""
    pool: queue.Queue[ForkServer] = queue.Queue()
    made = [ForkServer(), ForkServer()]
    for server in made:
        pool.put(server)
    yield pool
    for server in made:
        server.close()


# --- one loop ----------------------------------------------------------------------------------


def _without_audit(prints: Print) -> tuple[Print, int]:
    rest = dict(prints)
    audit = rest.pop("audit_log", (0, ""))
    return rest, audit[0]


def calibrate(target: Target, work: Work, servers: queue.Queue[ForkServer]) -> None:
    """Two complete runs (a new process, a forked one): their lengths, the number of SQL
    events and what they leave, which must be the same."""
    url = target.fresh()
    before = _without_audit(fingerprint(url))[1] if target.exists(url) else 0
    started = time.monotonic()
    result = run_cli(*work.args, "--db", url, timeout=300)
    work.seconds_new_process = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    work.done, after = _without_audit(fingerprint(url))
    work.audit_added = after - before
    assert invariant_violations(url) == []
    target.drop(url)

    url = target.fresh()
    server = servers.get()
    try:
        started = time.monotonic()
        reply = server.request([*work.args, "--db", url], count_events=True)
        work.seconds = time.monotonic() - started
    finally:
        servers.put(server)
    assert reply["returncode"] == 0, reply["stderr"]
    work.events = reply["events"]
    assert _without_audit(fingerprint(url))[0] == work.done
    target.drop(url)


@dataclass(frozen=True)
class KillPoint:
    work: Work
    how: str  # "new process", "forked, by time", "forked, at SQL event"
    point: float  # seconds after the start, or the index of the SQL event


def plan(works: list[Work], iterations: int, rng: random.Random) -> list[KillPoint]:
    """The random kill points, drawn up front, the three ways in turn."""
    points = []
    for i in range(iterations):
        work = works[i % len(works)]
        if i % 4 == 0:
            points.append(KillPoint(work, "new process", rng.uniform(0, work.seconds_new_process)))
        elif i % 4 == 2:
            points.append(KillPoint(work, "forked, by time", rng.uniform(0, work.seconds * 1.1)))
        else:  # one in five once all is done (after the COMMIT), before the process ends
            last = rng.random() < 0.2
            n = work.events + 1 if last else rng.randint(1, work.events)
            points.append(KillPoint(work, "forked, at SQL event", n))
    return points


def _kill_new_process(url: str, work: Work, delay: float) -> str:
    """Start ``python main.py`` and SIGKILL it ``delay`` seconds later (if still running)."""
    process = subprocess.Popen(
        [sys.executable, str(MAIN), *work.args, "--db", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=cli_env(),
        cwd=ROOT,
    )
    try:
        _, err = process.communicate(timeout=delay)
    except subprocess.TimeoutExpired:
        process.kill()  # SIGKILL
        process.communicate()
        return "killed"
    assert process.returncode == 0, err.decode(errors="replace")
    return "finished"


def _kill_forked(url: str, kill: KillPoint, servers: queue.Queue[ForkServer]) -> str:
    option = "kill_after" if kill.how == "forked, by time" else "kill_at_event"
    value = kill.point if option == "kill_after" else int(kill.point)
    server = servers.get()
    try:
        reply = server.request([*kill.work.args, "--db", url], **{option: value})
    finally:
        servers.put(server)
    if reply["returncode"] == 0:
        return "finished"
    assert reply["returncode"] == -9, reply["stderr"]
    return "killed"


def _summaries_match(url: str, customers: list[str]) -> int:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            present = [
                c
                for c in customers
                if conn.execute(text("SELECT 1 FROM cliente WHERE codigo = :c"), {"c": c}).first()
            ]
    finally:
        engine.dispose()
    for codigo in present:
        shown, reference = summary_matches_reference(url, codigo, AS_OF)
        assert shown == reference, (codigo, shown, reference)
    gc.collect()  # the command's engine: close its connections now
    return len(present)


def settle(target: Target, url: str, work: Work, nones: list[Print], *, exact: bool = True) -> str:
    """Check the database after the kill; "none" or "all" of the work is in it.

    ``exact=False`` compares the row counts of "all" only (a PostgreSQL sequence
    keeps the ids a killed run drew, so a later run writes the same rows with other ids).
    """
    if target.dialect == "sqlite":
        if not target.exists(url):
            return "none"  # killed before the file was created
        assert sqlite_integrity(Path(str(make_url(url).database))) == "ok"
    now = fingerprint(url)
    if now in nones:
        state = "none"
    else:
        rest, audit = _without_audit(now)

        def seen(prints: Print) -> dict[str, object]:
            return {t: v if exact else v[0] for t, v in prints.items()}

        got, done = seen(rest), seen(work.done)
        changed = sorted(t for t in set(got) | set(done) if got.get(t) != done.get(t))
        assert not changed, f"{work.name}: partial work in {changed}"
        assert audit == _without_audit(nones[-1])[1] + work.audit_added
        state = "all"
    with IN_PROCESS:
        open_database(url).dispose()  # it opens (SQLite: an empty file gets its schema)
    assert invariant_violations(url) == [], work.name
    _summaries_match(url, work.customers)
    return state


def kill_once(
    target: Target, kill: KillPoint, nones: list[Print], servers: queue.Queue[ForkServer]
) -> tuple[str, str]:
    url = target.fresh()
    try:
        if kill.how == "new process":
            how = _kill_new_process(url, kill.work, kill.point)
        else:
            how = _kill_forked(url, kill, servers)
        return how, settle(target, url, kill.work, nones)
    finally:
        target.drop(url)


def kill_loop(
    target: Target,
    works: list[Work],
    iterations: int,
    rng: random.Random,
    nones: list[Print],
    servers: queue.Queue[ForkServer],
) -> Counter[str]:
    """Kill ``iterations`` runs, two at a time, and tally what each left."""
    points = plan(works, iterations, rng)
    tally: Counter[str] = Counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = pool.map(lambda k: kill_once(target, k, nones, servers), points)
        for kill, (how, state) in zip(points, outcomes, strict=True):
            tally[f"{how}:{state}"] += 1
            tally[state] += 1
            tally[kill.how] += 1
    return tally


def retry_completes(
    target: Target,
    work: Work,
    rng: random.Random,
    nones: list[Print],
    servers: queue.Queue[ForkServer],
) -> None:
    """After a kill inside the transaction, running the command again does all the work."""
    url = target.fresh()
    try:
        kill = KillPoint(work, "forked, at SQL event", rng.randint(1, work.events))
        assert _kill_forked(url, kill, servers) == "killed"
        result = run_cli(*work.args, "--db", url, timeout=300)
        assert result.returncode == 0, result.stderr
        assert settle(target, url, work, nones, exact=target.dialect == "sqlite") == "all"
    finally:
        target.drop(url)


def _report(area: str, target: Target, tally: Counter[str], works: list[Work]) -> None:
    kills = sum(tally[how] for how in ("new process", "forked, by time", "forked, at SQL event"))
    record(
        "kill -9",
        f"{area} ({'SQLite' if target.dialect == 'sqlite' else 'PostgreSQL'})",
        kills,
        "nada",
        f"{tally['none']} sem nada, {tally['all']} com tudo; {tally['new process']} processos "
        f"novos e {tally['forked, by time']} bifurcados mortos por tempo, "
        f"{tally['forked, at SQL event']} antes da N-ésima instrução SQL (de "
        f"{max(w.events for w in works) + 1}); "
        + ("integrity_check ok, " if target.dialect == "sqlite" else "")
        + "invariantes e TOTAL A RECEBER ok",
    )
    calibration = [(w.name, w.events, round(w.seconds, 2)) for w in works]
    print(area, target.dialect, dict(tally), calibration)


# --- the bases ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big-import") / "erp"
    big_import_folder(folder, clientes=soak(3000, 3000), titulos_por_cliente=6)
    return folder


@pytest.fixture(scope="module")
def sqlite_import_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the small good import (so that "none" is not "empty")."""
    path = tmp_path_factory.mktemp("import-base") / "base.db"
    db = open_database(f"sqlite:///{path}", create=True)
    import_folder(db, GOOD_IMPORT)
    db.dispose()
    return sealed(path)


def negotiations(url: str, count: int) -> list[Work]:
    """``count`` different acordos to save over the base database."""
    return [
        Work(f"acordo {customer}", args, [customer])
        for args, customer in negotiation_args(url, count, AS_OF)
    ]


def _import_work(folder: Path) -> Work:
    return Work("import", ["import", str(folder)], ["KC000001", "KC002999", "C1"])


def _demo_work(customers: int) -> Work:
    args = ["demo", "--customers", str(customers), "--seed", "5", "--as-of", AS_OF.isoformat()]
    return Work(f"demo {customers}", args, ["C000001", "C000150"])


# --- SQLite ------------------------------------------------------------------------------------


def test_kill_during_import_sqlite(
    big_folder: Path, sqlite_import_base: Path, tmp_path: Path, servers: queue.Queue[ForkServer]
) -> None:
    rng = random.Random(SEED)
    target = SqliteTarget(sqlite_import_base, tmp_path)
    work = _import_work(big_folder)
    calibrate(target, work, servers)
    nones = [fingerprint(f"sqlite:///{sqlite_import_base}")]
    tally = kill_loop(target, [work], soak(50, 60), rng, nones, servers)
    retry_completes(target, work, rng, nones, servers)
    _report("importação de uma pasta (29 mil linhas)", target, tally, [work])


@pytest.fixture(scope="module")
def sqlite_demo_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("negotiate-base") / "base.db"
    demo_database(f"sqlite:///{path}", 60, AS_OF)
    return sealed(path)


def test_kill_while_saving_an_acordo_sqlite(
    sqlite_demo_base: Path, tmp_path: Path, servers: queue.Queue[ForkServer]
) -> None:
    rng = random.Random(SEED + 1)
    target = SqliteTarget(sqlite_demo_base, tmp_path)
    works = negotiations(f"sqlite:///{sqlite_demo_base}", 3)
    for work in works:
        calibrate(target, work, servers)
    nones = [fingerprint(f"sqlite:///{sqlite_demo_base}")]
    tally = kill_loop(target, works, soak(50, 60), rng, nones, servers)
    retry_completes(target, works[0], rng, nones, servers)
    _report("gravação de um acordo (negotiate)", target, tally, works)


def test_kill_during_demo_generation_sqlite(
    tmp_path: Path, servers: queue.Queue[ForkServer]
) -> None:
    """Half the runs start on an empty migrated file, half without any file (the
    kill may then land in the creation of the schema too)."""
    rng = random.Random(SEED + 2)
    empty = tmp_path / "empty.db"
    open_database(f"sqlite:///{empty}", create=True).dispose()
    sealed(empty)
    work = _demo_work(300)
    nones = [{}, fingerprint(f"sqlite:///{empty}")]
    on_empty, no_file = SqliteTarget(empty, tmp_path), SqliteTarget(None, tmp_path)
    calibrate(on_empty, work, servers)
    total = soak(50, 60)
    tally = kill_loop(on_empty, [work], total // 2, rng, nones, servers)
    tally += kill_loop(no_file, [work], total - total // 2, rng, nones, servers)
    retry_completes(on_empty, work, rng, nones, servers)
    _report("geração da demonstração (300 clientes)", on_empty, tally, [work])


# --- PostgreSQL --------------------------------------------------------------------------------


@pytest.fixture
def pg_base(pg_url: str) -> Iterator[Callable[[], PgTarget]]:
    """A PgTarget whose base is the fresh database of ``pg_url`` (filled by the test)."""
    from tests.conftest import PG_HOST

    targets: list[PgTarget] = []

    def make() -> PgTarget:
        target = PgTarget(PG_HOST, str(make_url(pg_url).database))
        targets.append(target)
        return target

    yield make
    for target in targets:
        target.admin.dispose()


@pytest.mark.postgres
def test_kill_during_import_postgresql(
    big_folder: Path,
    pg_url: str,
    pg_base: Callable[[], PgTarget],
    servers: queue.Queue[ForkServer],
) -> None:
    rng = random.Random(SEED + 3)
    db = open_database(pg_url)
    import_folder(db, GOOD_IMPORT)
    db.dispose()
    target = pg_base()
    work = _import_work(big_folder)
    calibrate(target, work, servers)
    nones = [fingerprint(pg_url)]
    tally = kill_loop(target, [work], soak(6, 20), rng, nones, servers)
    retry_completes(target, work, rng, nones, servers)
    _report("importação de uma pasta (29 mil linhas)", target, tally, [work])


@pytest.mark.postgres
def test_kill_while_saving_an_acordo_postgresql(
    pg_url: str, pg_base: Callable[[], PgTarget], servers: queue.Queue[ForkServer]
) -> None:
    rng = random.Random(SEED + 4)
    demo_database(pg_url, 30, AS_OF)
    target = pg_base()
    works = negotiations(pg_url, 2)
    for work in works:
        calibrate(target, work, servers)
    nones = [fingerprint(pg_url)]
    tally = kill_loop(target, works, soak(6, 20), rng, nones, servers)
    retry_completes(target, works[0], rng, nones, servers)
    _report("gravação de um acordo (negotiate)", target, tally, works)
