"""Customer search over 1,000,000 customers (issue #3: "instant on a database of
1,000,000 customers").

    python benchmarks/search_scale.py --db sqlite|postgresql [--customers 1000000]

Builds (or reuses) a database holding only customers (names, CPFs, cities from the
demo's own pools; no títulos: the search does not read them) and times the program's
search (``clientes.search``, first 50 hits, and the hits' TOTAL A RECEBER) as the
customer bar runs it: the median of several runs after a warm-up, per query. Prints a
table and writes JSON with ``--out``. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402

from app.db import clientes  # noqa: E402
from app.db.demo.names import CITIES, build_pools  # noqa: E402
from app.db.engine import open_database  # noqa: E402
from app.db.schema import Cliente  # noqa: E402
from app.domain.text import normalize_search  # noqa: E402

QUERIES = ("silva", "joao", "maria souza", "ção", "zz-nobody", "100.000.1", "M0500000")
BATCH = 20_000


def _cpf(base: int) -> str:
    digits = [int(d) for d in f"{base:09d}"]
    for size in (9, 10):
        total = sum(d * (size + 1 - i) for i, d in enumerate(digits[:size]))
        digits.append((total * 10 % 11) % 10)
    return "".join(map(str, digits))


def build(url: str, customers: int, seed: int) -> None:
    db = open_database(url, create=True, auto_upgrade=True)
    with db.session() as session:
        have = session.scalar(select(func.count()).select_from(Cliente)) or 0
    if have >= customers:
        db.dispose()
        return
    pools = build_pools(seed)
    rnd = random.Random(seed)
    first = list(pools.male_first) + list(pools.female_first)
    last = list(pools.last)
    start = time.perf_counter()
    with db.engine.begin() as conn:
        for low in range(have, customers, BATCH):
            rows = []
            for k in range(low, min(low + BATCH, customers)):
                nome = f"{rnd.choice(first)} {rnd.choice(last)} {rnd.choice(last)}"
                city = rnd.choice(CITIES)
                rows.append(
                    dict(
                        codigo=f"M{k:07d}",
                        nome=nome,
                        nome_busca=normalize_search(nome),
                        cpf_cnpj=_cpf(100_000_000 + k * 7),
                        cidade=city.nome,
                        uf=city.uf,
                    )
                )
            conn.execute(insert(Cliente), rows)
    if db.dialect == "postgresql":
        with db.engine.connect() as conn:
            conn.execute(text("ANALYZE cliente"))
            conn.commit()
    print(f"built {customers:,} customers in {time.perf_counter() - start:.0f} s", flush=True)
    db.dispose()


def measure(url: str, runs: int) -> list[dict[str, Any]]:
    db = open_database(url)
    results = []
    today = date.today()
    for query in QUERIES:
        times, hits = [], 0
        for k in range(runs + 1):
            started = time.perf_counter()
            with db.session() as session:
                found = clientes.search(session, query, limit=50)
                clientes.totals_a_receber(session, [h.id for h in found], today)
            if k:  # the first run is the warm-up
                times.append((time.perf_counter() - started) * 1000)
            hits = len(found)
        results.append(
            {"query": query, "median_ms": round(statistics.median(times), 2), "hits": hits}
        )
        print(f"{query!r:20} {results[-1]['median_ms']:8.2f} ms  {hits} hits", flush=True)
    db.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), required=True)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--cache-dir", type=Path, default=REPO / "benchmarks" / "cache")
    parser.add_argument(
        "--pg-server",
        default=os.environ.get("HISTORICO_BENCH_PG", "postgresql://postgres@127.0.0.1:5432"),
    )
    args = parser.parse_args()
    name = f"search-c{args.customers}-s{args.seed}"
    if args.db == "sqlite":
        args.cache_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{args.cache_dir / (name + '.db')}"
    else:
        server = args.pg_server.rstrip("/")
        admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        dbname = "hcbench_" + name.replace("-", "_")
        with admin.connect() as conn:
            exists = conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": dbname}
            )
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{dbname}"'))
        admin.dispose()
        url = f"{server}/{dbname}"
    build(url, args.customers, args.seed)
    results = measure(url, args.runs)
    report = {"database": args.db, "customers": args.customers, "results": results}
    if args.out:
        args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
