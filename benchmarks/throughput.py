"""demo_generation and csv_import: títulos per second into fresh databases; mixed
into Suite (benchmarks/suite.py)."""

from __future__ import annotations

import json
import time

from app.db.importer import import_folder
from benchmarks import build
from benchmarks.csv_export import export_folder
from benchmarks.timing import log


class ThroughputOps:
    """demo_generation and csv_import (Suite's part that writes databases)."""

    def demo_generation(self) -> None:
        customers = max(1, min(self.args.gen_customers, self.args.customers))
        name = f"gen-sample-{customers}"
        url, database = build.fresh_database(
            self.prepared.kind, name, self.args.cache_dir, self.args.pg_server
        )
        try:
            stats, seconds = build.generate_into(database, customers, 0, self.args.seed, self.as_of)
        finally:
            database.dispose()
            build.drop_fresh(self.prepared.kind, name, self.args.cache_dir, self.args.pg_server)
        titulos = stats.as_dict()["titulos"]
        self.add(
            "demo_generation",
            "none",
            seconds * 1000,
            variant=f"fresh database, {customers} customers",
            titulos=titulos,
            titulos_per_s=round(titulos / seconds, 1),
            rows_per_s=round(sum(stats.as_dict().values()) / seconds, 1),
        )
        meta = self.prepared.meta
        if self.prepared.built_now:
            counts = meta["counts"]
            self.add(
                "demo_generation",
                "none",
                meta["build_s"] * 1000,
                variant=f"the benchmark database, {self.args.customers} customers + whale",
                titulos=counts["titulos"],
                titulos_per_s=meta["generation_titulos_per_s"],
                rows_per_s=round(sum(counts.values()) / meta["build_s"], 1),
            )

    def csv_import(self) -> None:
        target = self.args.import_titulos
        folder = (
            self.args.cache_dir
            / f"import-{self.prepared.kind}-{self.prepared.meta['reference']}-{target}"
        )
        marker = folder / ".complete"
        if not marker.exists():
            log(f"writing the CSV folder to import ({target} títulos) into {folder}")
            counts = export_folder(self.database, folder, titulos=target)
            marker.write_text(json.dumps(counts), encoding="utf-8")
        counts = json.loads(marker.read_text(encoding="utf-8"))
        name = "import-sample"
        _url, database = build.fresh_database(
            self.prepared.kind, name, self.args.cache_dir, self.args.pg_server
        )
        try:
            start = time.perf_counter()
            import_folder(database, folder)
            seconds = time.perf_counter() - start
        finally:
            database.dispose()
            build.drop_fresh(self.prepared.kind, name, self.args.cache_dir, self.args.pg_server)
        titulos = counts["titulos.csv"]
        self.add(
            "csv_import",
            "none",
            seconds * 1000,
            variant="import_folder into a fresh database",
            titulos=titulos,
            titulos_per_s=round(titulos / seconds, 1),
            rows_per_s=round(sum(counts.values()) / seconds, 1),
        )
