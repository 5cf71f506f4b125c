"""cold_start and the memory figures: measurements made in processes of their own
(benchmarks/probe.py); mixed into Suite (benchmarks/suite.py)."""

from __future__ import annotations

import json
import select
import subprocess
import sys
import time

from benchmarks.timing import REPO

COLD_START_TIMEOUT_S = 300


class ProcessOps:
    """cold_start and the peak-RSS probes (Suite's part that starts processes)."""

    def cold_start(self) -> None:
        code = self.prepared.meta["subjects"]["whale"]["code"]
        command = [
            sys.executable,
            str(REPO / "benchmarks" / "probe.py"),
            "cold",
            "--db",
            self.prepared.url,
            "--customer",
            code,
            "--as-of",
            self.as_of.isoformat(),
        ]

        def once() -> float:
            start = time.perf_counter()
            with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=REPO) as proc:
                assert proc.stdout is not None
                ready, _, _ = select.select([proc.stdout], [], [], COLD_START_TIMEOUT_S)
                line = proc.stdout.readline() if ready else ""
                ms = (time.perf_counter() - start) * 1000
                if not line:
                    proc.kill()
                proc.wait(timeout=60)
            if line.strip() != "READY":
                raise RuntimeError(f"the window did not get ready (exit {proc.returncode})")
            return ms

        ours = self.timing(once, ours=True)
        self.add("cold_start", "whale", ours, variant=f"main.py --customer {code}")

    def memory_probes(self) -> None:
        code = self.prepared.meta["subjects"]["whale"]["code"]
        base = [sys.executable, str(REPO / "benchmarks" / "probe.py")]
        common = ["--db", self.prepared.url, "--customer", code, "--as-of", self.as_of.isoformat()]

        def probe(*args: str) -> dict[str, float]:
            out = subprocess.run(
                [*base, *args], capture_output=True, text=True, cwd=REPO, timeout=1800, check=False
            )
            if out.returncode != 0:
                raise RuntimeError(f"probe {args[0]} failed: {out.stderr.strip()[-500:]}")
            return json.loads(out.stdout.strip().splitlines()[-1])

        memory = self.details["memory"]
        try:
            opened = probe("memory", *common)
            self.memory["after_open_whale"] = round(opened["after_open_mb"], 1)
            memory["window_baseline"] = round(opened["baseline_mb"], 1)
            memory["after_financeiro_ready_whale"] = round(opened["after_financeiro_ready_mb"], 1)
            scrolled = probe("memory", *common, "--scroll")
            self.memory["after_scroll_all_whale"] = round(scrolled["after_scroll_all_mb"], 1)
            if not self.args.quick:
                page = probe("memory-page", *common)
                memory["financeiro_page_baseline"] = round(page["baseline_mb"], 1)
                memory["financeiro_page_after_scroll_all"] = round(page["after_scroll_all_mb"], 1)
                memory["financeiro_page_scroll_all_growth"] = round(
                    page["after_scroll_all_mb"] - page["baseline_mb"], 1
                )
        except Exception as exc:  # noqa: BLE001
            self.note(f"memory probe failed: {exc}")
        if not self.qtsql.available:
            return
        statement = self.whole_grid(self.prepared.meta["subjects"]["whale"]["code"])
        path = self.work / "grid-statement.json"
        params = statement.params if isinstance(statement.params, dict) else list(statement.params)
        path.write_text(
            json.dumps({"sql": statement.sql, "params": params}, default=str), encoding="utf-8"
        )
        try:
            qsql = probe("memory-qsql", "--db", self.prepared.url, "--statement", str(path))
            self.memory["qsqlquerymodel_after_scroll_all"] = round(qsql["after_scroll_all_mb"], 1)
            memory["qsqlquerymodel_baseline"] = round(qsql["baseline_mb"], 1)
            memory["qsqlquerymodel_scroll_all_growth"] = round(
                qsql["after_scroll_all_mb"] - qsql["baseline_mb"], 1
            )
        except Exception as exc:  # noqa: BLE001
            self.note(f"QSqlQueryModel memory probe failed: {exc}")
