"""LAST-RUN.md from the results JSON files, with the issue's targets checked.

    python benchmarks/lastrun.py [--sqlite benchmarks/results-sqlite.json]
        [--postgresql benchmarks/results-postgresql.json] [--out benchmarks/LAST-RUN.md]

A missing file is left out. The targets are those of issue 5 at the default scale;
they are reported (met or not, with the figure), never asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks import report  # noqa: E402

Result = dict[str, Any]


def _find(data: dict[str, Any], operation: str, subject: str | None = None) -> list[Result]:
    return [
        r
        for r in data["results"]
        if r["operation"] == operation
        and (subject is None or r["subject"] == subject)
        and r.get("ours_ms") is not None
    ]


def _label(r: Result) -> str:
    variant = f" {r['variant']}" if r.get("variant") else ""
    return f"{r['operation']}{variant} [{r['subject']}]"


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:,.1f} ms"


def targets(data: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(target, what was measured, met) for one database's results."""
    rows: list[tuple[str, str, bool | None]] = []

    def each(
        name: str, found: Iterable[Result], check: Callable[[Result], tuple[str, bool]]
    ) -> None:
        for r in found:
            figure, met = check(r)
            rows.append((name, f"{_label(r)}: {figure}", met))

    def under(limit: float) -> Callable[[Result], tuple[str, bool]]:
        return lambda r: (_ms(r["ours_ms"]), r["ours_ms"] <= limit)

    each("open_history ≤ 50 ms", _find(data, "open_history"), under(50))
    for r in _find(data, "open_history"):
        floor = r.get("floor_ms")
        if floor:
            ratio = r["ours_ms"] / floor
            rows.append(("open_history ≤ 3× floor", f"{_label(r)}: {ratio:,.1f}×", ratio <= 3))
    each("status_filter ≤ 50 ms", _find(data, "status_filter"), under(50))
    each("as_of_change ≤ 50 ms", _find(data, "as_of_change"), under(50))
    each("sort ≤ 150 ms (whale)", _find(data, "sort", "whale"), under(150))
    for r in _find(data, "scroll_all", "whale"):
        peer = r.get("peers", {}).get("qsqlquerymodel_ms")
        if peer:
            ratio = r["ours_ms"] / peer
            rows.append(
                (
                    "scroll_all ≤ 1.2× QSqlQueryModel (whale)",
                    f"{_label(r)}: {ratio:,.2f}×",
                    ratio <= 1.2,
                )
            )
        else:
            rows.append(
                ("scroll_all ≤ 1.2× QSqlQueryModel (whale)", "no QSqlQueryModel figure", None)
            )
    memory, details = data.get("memory_mb", {}), data.get("details", {}).get("memory", {})
    ours_growth = details.get("financeiro_page_scroll_all_growth")
    peer_growth = details.get("qsqlquerymodel_scroll_all_growth")
    if ours_growth is not None and peer_growth is not None:
        rows.append(
            (
                "scroll_all RSS growth ≤ QSqlQueryModel's + 20% (whale)",
                f"Financeiro page {ours_growth:.0f} MB vs QSqlQueryModel {peer_growth:.0f} MB",
                ours_growth <= peer_growth * 1.2,
            )
        )
    each("switch_section ≤ 50 ms", _find(data, "switch_section"), under(50))
    each("customer_search ≤ 30 ms", _find(data, "customer_search"), under(30))
    each("agreement_pdf ≤ 100 ms", _find(data, "agreement_pdf"), under(100))
    each("print_render ≤ 300 ms per page", _find(data, "print_render"), under(300))
    each("cold_start ≤ 1.5 s", _find(data, "cold_start"), under(1500))
    after_open = memory.get("after_open_whale")
    if after_open is not None:
        rows.append(
            (
                "RSS after open_history of the whale ≤ 200 MB",
                f"{after_open:.0f} MB",
                after_open <= 200,
            )
        )
    built = data.get("details", {}).get("database", {})
    if built.get("generation_titulos_per_s"):
        rows.append(
            (
                "demo_generation ≥ 20,000 títulos/s",
                f"the benchmark database's build ({built.get('built_at')}, "
                f"{built.get('build_s')} s): {built['generation_titulos_per_s']:,.0f}/s",
                built["generation_titulos_per_s"] >= 20_000,
            )
        )
    for operation in ("demo_generation", "csv_import"):
        for r in _find(data, operation):
            rate = r.get("titulos_per_s")
            if rate is not None:
                rows.append(
                    (
                        f"{operation} ≥ 20,000 títulos/s",
                        f"{_label(r)}: {rate:,.0f}/s",
                        rate >= 20_000,
                    )
                )
    return rows


def pg_within_twice(
    sqlite: dict[str, Any], pg: dict[str, Any]
) -> list[tuple[str, str, bool | None]]:
    def key(r: Result) -> tuple[str, str, str]:
        return (r["operation"], r["subject"], str(r.get("variant", "")).split(" (")[0])

    lite = {key(r): r for r in sqlite["results"] if r.get("ours_ms") is not None}
    rows: list[tuple[str, str, bool | None]] = []
    for r in pg["results"]:
        other = lite.get(key(r))
        if (
            other is None
            or r.get("ours_ms") is None
            or r["operation"] in ("demo_generation", "csv_import")
        ):
            continue
        ratio = r["ours_ms"] / max(other["ours_ms"], 1e-6)
        rows.append(("PostgreSQL ≤ 2× SQLite", f"{_label(r)}: {ratio:,.2f}×", ratio <= 2))
    for operation in ("demo_generation", "csv_import"):
        a, b = _find(sqlite, operation), _find(pg, operation)
        if a and b and a[0].get("titulos_per_s") and b[0].get("titulos_per_s"):
            ratio = a[0]["titulos_per_s"] / b[0]["titulos_per_s"]
            rows.append(
                (
                    "PostgreSQL ≤ 2× SQLite",
                    f"{operation}: {ratio:,.2f}× the time per título",
                    ratio <= 2,
                )
            )
    return rows


def _mark(met: bool | None) -> str:
    return "—" if met is None else ("met" if met else "**not met**")


def render(files: dict[str, dict[str, Any]]) -> str:
    first = next(iter(files.values()))
    details = first.get("details", {})
    machine = details.get("machine") or report.machine()
    lines = [
        "# Last full run of the benchmark",
        "",
        "Written by `benchmarks/lastrun.py` from the results JSON of `benchmarks/run.py`"
        " (see benchmarks/README.md for what each figure means).",
        "",
        f"- Machine: {machine.get('nproc')} cores, {machine.get('ram_gb')} GB RAM, "
        f"{machine.get('cpu')}; Python {machine.get('python')}; {machine.get('platform')}",
    ]
    for name, data in files.items():
        d = data.get("details", {})
        scale = data["scale"]
        counts = d.get("database", {}).get("counts", {})
        load = d.get("load_average_1_5_15", {})
        lines += [
            f"- {name}: {d.get('date')} ({d.get('duration_s')} s, {d.get('runs')} runs after"
            f" {d.get('warmup_runs', 1)} warm-up runs); scale {scale['customers']:,} customers,"
            f" {scale['titulos']:,} títulos,"
            f" whale {scale['whale']:,} títulos; {counts.get('venda_itens', 0):,} sale items,"
            f" {counts.get('acordos', 0):,} acordos,"
            f" {counts.get('programacoes', 0):,} programações;"
            f" as of {d.get('as_of')}; load average at start {load.get('at_start')},"
            f" at end {load.get('at_end')}; database built {d.get('database', {}).get('built_at')}"
            f" in {d.get('database', {}).get('build_s')} s",
        ]
    lines += [
        "",
        "The machine is shared with other engineers' test runs: the load averages above"
        " say how busy its two cores were (about 1: quiet, only the benchmark; 3 and more:"
        " the milliseconds are pessimistic and noisy, and the ratios within one run are"
        " the steadier figures).",
        "",
    ]
    for name, data in files.items():
        lines += [f"## {name}", "", report.markdown_table(data["results"]), ""]
        lines += ["Memory (peak RSS, MB):", ""]
        lines += report.memory_lines(data.get("memory_mb", {}), data.get("details", {}))
        drift = data.get("details", {}).get("pg_prepared_statement")
        if drift:
            shown = ", ".join(f"{ms:,.0f}" for ms in drift["executions_ms"])
            lines += ["", f"Prepared-statement drift ({drift['what']}): {shown} ms."]
        if data.get("details", {}).get("pg_fresh_connections"):
            lines += [
                "",
                "The engine's pooled connections were closed before each measurement"
                " (--pg-fresh-connections).",
            ]
        notes = data.get("details", {}).get("notes", [])
        if notes:
            lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
        lines.append("")
    lines += ["## The issue's targets", "", "| target | measured | |", "|---|---|---|"]
    for name, data in files.items():
        for target, figure, met in targets(data):
            lines.append(f"| {target} ({name}) | {figure} | {_mark(met)} |")
    if "SQLite" in files and "PostgreSQL" in files:
        for target, figure, met in pg_within_twice(files["SQLite"], files["PostgreSQL"]):
            lines.append(f"| {target} | {figure} | {_mark(met)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sqlite", type=Path, default=HERE / "results-sqlite.json")
    parser.add_argument("--postgresql", type=Path, default=HERE / "results-postgresql.json")
    parser.add_argument("--out", type=Path, default=HERE / "LAST-RUN.md")
    args = parser.parse_args(argv)
    files = {
        name: json.loads(path.read_text(encoding="utf-8"))
        for name, path in (("SQLite", args.sqlite), ("PostgreSQL", args.postgresql))
        if path.exists()
    }
    if not files:
        print("no results file", file=sys.stderr)
        return 1
    args.out.write_text(render(files), encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
