"""The performance benchmark of issue 5 (see benchmarks/README.md).

    python benchmarks/run.py --db sqlite|postgresql [--customers N] [--titulos M]
        [--whale K] [--runs R] [--out results.json] [--cache-dir DIR] [--rebuild]

Builds (or reuses) a demo database at the scale asked with the project's generator,
then times the program's real code paths (the window offscreen) for the whale and a
median customer next to the floor (the raw driver with the same SQL), Qt's
QSqlQueryModel and the naive ORM-into-QStandardItemModel approach. Prints a table
and writes the JSON of the issue. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql"), required=True)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument(
        "--titulos",
        type=int,
        default=None,
        help="informational: the generator makes about 10 títulos per customer; "
        "the real count is reported",
    )
    parser.add_argument("--whale", type=int, default=100_000, help="títulos of W000001")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the warm-up runs")
    parser.add_argument("--out", type=Path, default=None, help="the JSON results file")
    parser.add_argument("--cache-dir", type=Path, default=REPO / "benchmarks" / "cache")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument(
        "--pg-server",
        default=os.environ.get("HISTORICO_BENCH_PG", "postgresql://postgres@127.0.0.1:5432"),
        help="PostgreSQL server for --db postgresql (a database per scale is created on it)",
    )
    parser.add_argument(
        "--peer-budget",
        type=float,
        default=30.0,
        help="seconds a slow peer may take per measurement (fewer runs, at least one)",
    )
    parser.add_argument(
        "--gen-customers",
        type=int,
        default=20_000,
        help="customers of the fresh demo database timed for demo_generation",
    )
    parser.add_argument(
        "--import-titulos", type=int, default=100_000, help="títulos of the CSV import sample"
    )
    parser.add_argument(
        "--only", default=None, help="comma-separated operations to run (default: all)"
    )
    parser.add_argument(
        "--pg-fresh-connections",
        action="store_true",
        help="PostgreSQL: close the pooled connections before each measurement (see the "
        "README on prepared statements)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="for the smoke test: no separate warm-up runs (the capture run still warms the "
        "program's own operations) and no Financeiro-page-only memory probe",
    )
    return parser.parse_args(argv)


def isolate_environment(cache_dir: Path) -> None:
    """Offscreen Qt; settings, logs and config in a folder of the benchmark's own."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    home = cache_dir / "home"
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
        Path(os.environ[var]).mkdir(parents=True, exist_ok=True)
    os.environ.pop("HISTORICO_DB_URL", None)


def quiet_qt() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if kind != QtMsgType.QtDebugMsg:
            sys.stderr.write(f"qt: {message}\n")

    qInstallMessageHandler(handler)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.cache_dir = args.cache_dir.resolve()
    isolate_environment(args.cache_dir)
    started = time.time()

    from app import tasks
    from app.views.app import make_application
    from benchmarks import build, report
    from benchmarks.suite import Suite
    from benchmarks.timing import WARMUP_RUNS, log

    load_before = os.getloadavg()

    quiet_qt()
    scale = build.Scale(args.customers, args.whale, args.seed, args.titulos)
    prepared = build.prepare(
        args.db, scale, args.cache_dir, args.pg_server, rebuild=args.rebuild, log=log
    )
    if (
        args.titulos is not None
        and abs(prepared.meta["titulos"] - args.titulos) > 0.2 * args.titulos
    ):
        log(
            f"--titulos {args.titulos} is informational: the generator made "
            f"{prepared.meta['titulos']} títulos for {args.customers} customers"
        )
    app = make_application("pt")
    collector = tasks.GarbageCollector(app)
    collector.start()
    suite = Suite(args, prepared)
    try:
        suite.run()
    finally:
        tasks.wait_for_idle()
        suite.close()
        collector.stop()
    meta = prepared.meta
    output = {
        "database": args.db,
        "scale": {"customers": args.customers, "titulos": meta["titulos"], "whale": args.whale},
        "results": suite.results,
        "memory_mb": suite.memory,
        "details": {
            **suite.details,
            "date": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
            "duration_s": round(time.time() - started, 1),
            "load_average_1_5_15": {
                "at_start": [round(x, 2) for x in load_before],
                "at_end": [round(x, 2) for x in os.getloadavg()],
            },
            "runs": args.runs,
            "warmup_runs": 0 if args.quick else WARMUP_RUNS,
            "quick": args.quick,
            "pg_fresh_connections": args.db == "postgresql" and args.pg_fresh_connections,
            "machine": report.machine(),
            "requested": {
                "customers": args.customers,
                "titulos": args.titulos,
                "whale": args.whale,
                "seed": args.seed,
            },
            "database": {k: v for k, v in meta.items() if k != "complete"},
            "as_of": prepared.reference.isoformat(),
        },
    }
    print(report.text_table(suite.results))
    print()
    for line in report.memory_lines(suite.memory, suite.details):
        print(line)
    if args.out is not None:
        args.out.write_text(
            json.dumps(output, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
        log(f"results written to {args.out}")
    prepared.database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
