"""One benchmark run: the measurements, their results and the peers they share.

``Suite(args, prepared).run()`` measures every operation asked for (``--only``) on
the prepared database and keeps the results in the issue's JSON shape
(``results``, ``memory_mb``) plus ``details``. The measurements themselves are in
ops.py (the window), printing_ops.py, process_ops.py and throughput.py; this module
holds what they share: the recorder of the program's SQL, the floor, the
QSqlQueryModel and naive peers, the medians and the bookkeeping.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.capture import Recorder
from benchmarks.naive import Naive
from benchmarks.ops import SubjectOps
from benchmarks.peers import SCREEN, Floor, QtSql, grid_index, prepared_plan_drift
from benchmarks.printing_ops import PrintingOps
from benchmarks.process_ops import ProcessOps
from benchmarks.throughput import ThroughputOps
from benchmarks.timing import WARMUP_RUNS, discard, log, measure
from benchmarks.window import WindowBench

OPERATIONS = (
    "open_history",
    "status_filter",
    "sort",
    "scroll_all",
    "switch_section",
    "as_of_change",
    "customer_search",
    "agreement_pdf",
    "print_render",
    "cold_start",
    "demo_generation",
    "csv_import",
)
PER_SUBJECT = {
    "open_history",
    "status_filter",
    "sort",
    "scroll_all",
    "switch_section",
    "as_of_change",
}


class Suite(SubjectOps, PrintingOps, ProcessOps, ThroughputOps):
    """Every measurement of one run, and its results."""

    def __init__(self, args: argparse.Namespace, prepared: Any) -> None:
        self.args = args
        self.prepared = prepared
        self.database = prepared.database
        self.as_of: date = prepared.reference
        self.results: list[dict[str, Any]] = []
        self.memory: dict[str, float | None] = {
            "after_open_whale": None,
            "after_scroll_all_whale": None,
            "qsqlquerymodel_after_scroll_all": None,
        }
        self.details: dict[str, Any] = {"notes": [], "memory": {}}
        self.recorder = Recorder(self.database.engine)
        self.floor = Floor(prepared.kind, prepared.url)
        self.qtsql = QtSql(prepared.kind, prepared.url)
        if not self.qtsql.available:
            self.note(f"QSqlQueryModel peer absent: {self.qtsql.reason}")
        self.naive = Naive(self.database)
        self.work = Path(tempfile.mkdtemp(prefix="hcbench-"))
        self.only = set(args.only.split(",")) if args.only else set(OPERATIONS)
        self.grid_statement: dict[str, Any] = {}
        self.samples: tuple[float, ...] = ()  # of the "ours" measurement being recorded

    # --- bookkeeping ---

    def note(self, text: str) -> None:
        log(text)
        self.details["notes"].append(text)

    def wanted(self, operation: str) -> bool:
        return operation in self.only

    def add(
        self,
        operation: str,
        subject: str,
        ours: float | None,
        *,
        floor: float | None = None,
        qsql: float | None = None,
        naive: float | None = None,
        **extra: Any,
    ) -> None:
        peers = {}
        if qsql is not None:
            peers["qsqlquerymodel_ms"] = round(qsql, 2)
        if naive is not None:
            peers["naive_ms"] = round(naive, 2)
        entry: dict[str, Any] = {
            "operation": operation,
            "subject": subject,
            "ours_ms": round(ours, 2) if ours is not None else None,
            "floor_ms": round(floor, 2) if floor is not None else None,
            "peers": peers,
        }
        entry.update({k: v for k, v in extra.items() if v is not None})
        if self.samples and ours is not None:
            entry["samples_ms"] = [round(x, 1) for x in self.samples]
        self.samples = ()
        self.results.append(entry)
        shown = f"{ours:,.1f} ms" if ours is not None else "failed"
        variant = f" ({extra['variant']})" if extra.get("variant") else ""
        log(f"{operation}{variant} [{subject}]: ours {shown}, floor {floor}, peers {peers}")

    def guarded(
        self, operation: str, subject: str, variant: str | None, fn: Callable[[], None]
    ) -> None:
        """Run one measurement; a failure is recorded (and the run goes on)."""
        self.samples = ()
        self.fresh_connections()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - the benchmark reports, it does not stop
            import traceback

            traceback.print_exc()
            self.add(
                operation, subject, None, variant=variant, error=f"{type(exc).__name__}: {exc}"
            )

    def fresh_connections(self) -> None:
        """PostgreSQL: close the pooled connections before each measurement (see README,
        "PostgreSQL and prepared statements"), with --pg-fresh-connections."""
        if self.prepared.kind == "postgresql" and self.args.pg_fresh_connections:
            self.database.engine.dispose()

    def timing(
        self,
        fn: Callable[[], float | None],
        *,
        before: Callable[[], object] | None = None,
        peer: bool = False,
        ours: bool = False,
    ) -> float:
        """The median ms after the warm-up (one for a slow peer, none with --quick);
        ``ours``: the samples also go into the next entry added."""
        budget = self.args.peer_budget if peer else 600.0
        warmups = 0 if self.args.quick else 1 if peer else WARMUP_RUNS
        timing = measure(fn, self.args.runs, warmups=warmups, budget_s=budget, before=before)
        if ours:
            self.samples = timing.samples_ms
        return timing.median_ms

    def peers_for(
        self, statements: list[Any], fetch: int | None, naive: Callable[[], object] | None
    ) -> dict[str, float | None]:
        """The floor and QSqlQueryModel over these statements, and the naive ``naive()``."""
        out: dict[str, float | None] = {"floor": None, "qsql": None, "naive": None}
        if statements:
            out["floor"] = self.timing(lambda: self.floor.timed(statements, fetch or SCREEN))
            if self.qtsql.available:
                grid = grid_index(self.floor.row_counts(statements))
                out["qsql"] = self.peer_timing(
                    "QSqlQueryModel", lambda: self.timing(lambda: self.qtsql.show(statements, grid))
                )
        if naive is not None:
            out["naive"] = self.timing(discard(naive), peer=True)
        return out

    def peer_timing(self, name: str, timed: Callable[[], float]) -> float | None:
        """``timed()`` (a peer's median ms), or None and a note when the peer cannot run
        this SQL: a peer's failure never costs the program's own measurement."""
        try:
            return timed()
        except Exception as exc:  # noqa: BLE001 - noted in the results
            self.note(f"{name} peer failed: {str(exc).splitlines()[0][:200]}")
            return None

    # --- per subject ---

    def subjects(self) -> list[tuple[str, str]]:
        subjects = self.prepared.meta["subjects"]
        return [("whale", subjects["whale"]["code"]), ("median", subjects["median"]["code"])]

    def other_of(self, code: str) -> str:
        others = [c for c in self.prepared.meta["subjects"]["others"] if c != code]
        return others[0] if others else code

    def window(self) -> Any:
        return WindowBench(
            self.database,
            description=self.prepared.kind,
            as_of=self.as_of,
            settings_file=self.work / f"settings-{time.monotonic_ns()}.ini",
            recorder=self.recorder,
        )

    # --- everything ---

    def run(self) -> None:
        per_subject = {
            "open_history",
            "status_filter",
            "sort",
            "scroll_all",
            "switch_section",
            "as_of_change",
        }
        if self.only & per_subject:
            for subject, code in self.subjects():
                self.run_subject(subject, code)
        if self.prepared.kind == "postgresql" and "whale" in self.grid_statement:
            self.plan_drift()
        if self.wanted("customer_search"):
            self.customer_search()
        if self.wanted("agreement_pdf"):
            self.guarded("agreement_pdf", "none", None, self.agreement_pdf)
        if self.wanted("print_render"):
            self.guarded("print_render", "none", None, self.print_render)
        if self.wanted("cold_start"):
            self.guarded("cold_start", "whale", None, self.cold_start)
        if self.wanted("scroll_all") or self.wanted("open_history"):
            self.memory_probes()
        if self.wanted("demo_generation"):
            self.guarded("demo_generation", "none", None, self.demo_generation)
        if self.wanted("csv_import"):
            self.guarded("csv_import", "none", None, self.csv_import)

    def plan_drift(self) -> None:
        """details.pg_prepared_statement: the whale's Financeiro statement run again and again
        on one connection with psycopg's default prepare_threshold."""
        if self.args.quick:
            return
        log("PostgreSQL: the whale's Financeiro statement, 12 times on one connection")
        try:
            times = prepared_plan_drift(self.prepared.url, self.grid_statement["whale"])
        except Exception as exc:  # noqa: BLE001
            self.note(f"prepared-statement check failed: {exc}")
            return
        self.details["pg_prepared_statement"] = {
            "executions_ms": [round(t, 1) for t in times],
            "what": "the whale's Financeiro statement executed repeatedly on one psycopg "
            "connection with the driver's default prepare_threshold=5, as app/db/engine.py "
            "configures it (stops after one execution over 10 s)",
        }
        log(f"  ms per execution: {[round(t) for t in times]}")

    def close(self) -> None:
        self.naive.close()
        self.qtsql.close()
        self.floor.close()
        self.recorder.close()
