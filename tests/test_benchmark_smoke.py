"""The performance benchmark (benchmarks/run.py) at a tiny scale, so that it never rots.

It only checks that the benchmark runs through the program's current code and
writes its JSON in the shape of issue 5 with every operation; the figures
themselves are not judged here (the benchmark asserts nothing).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OPERATIONS = {
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
}
PER_SUBJECT = {
    "open_history",
    "status_filter",
    "sort",
    "scroll_all",
    "switch_section",
    "as_of_change",
}
PEERS = {"qsqlquerymodel_ms", "naive_ms"}
MEMORY = {"after_open_whale", "after_scroll_all_whale", "qsqlquerymodel_after_scroll_all"}


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


@pytest.mark.slow
def test_benchmark_runs_at_a_tiny_scale_and_writes_the_issue_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    command = [
        sys.executable,
        str(REPO / "benchmarks" / "run.py"),
        "--db",
        "sqlite",
        "--customers",
        "30",
        "--whale",
        "300",
        "--runs",
        "1",
        "--quick",
        "--gen-customers",
        "30",
        "--import-titulos",
        "200",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--out",
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["database"] == "sqlite"
    assert data["scale"]["customers"] == 30
    assert data["scale"]["whale"] == 300
    assert _number(data["scale"]["titulos"]) and data["scale"]["titulos"] >= 300

    results = data["results"]
    assert {r["operation"] for r in results} == OPERATIONS
    for r in results:
        assert {"operation", "subject", "ours_ms", "floor_ms", "peers"} <= r.keys(), r
        assert r["subject"] in ("whale", "median", "none"), r
        assert "error" not in r, r
        assert _number(r["ours_ms"]), r
        assert r["floor_ms"] is None or _number(r["floor_ms"]), r
        assert set(r["peers"]) <= PEERS, r
        assert all(_number(v) for v in r["peers"].values()), r
    for operation in PER_SUBJECT:
        assert {r["subject"] for r in results if r["operation"] == operation} == {"whale", "median"}
    sections = {r.get("variant") for r in results if r["operation"] == "switch_section"}
    assert sections == {"venda", "negociacao", "programacao"}
    # the program's SQL was captured and replayed by the floor
    assert all(
        _number(r["floor_ms"]) for r in results if r["operation"] in ("open_history", "scroll_all")
    )
    assert set(data["memory_mb"]) == MEMORY
    assert all(_number(v) for v in data["memory_mb"].values())
    assert "operation" in done.stdout and "open_history" in done.stdout  # the printed table
