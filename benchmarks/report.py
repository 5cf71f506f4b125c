"""The benchmark's outputs: the printed table, the JSON of the issue, a markdown table."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from typing import Any

PEERS = (("qsqlquerymodel_ms", "QSqlQueryModel"), ("naive_ms", "naive"))


def machine() -> dict[str, Any]:
    """nproc, RAM and CPU model of this machine (Linux /proc; else what platform says)."""
    cpu = platform.processor() or platform.machine()
    ram_gb: float | None = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(
                (ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")), cpu
            )
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kb = next(int(ln.split()[1]) for ln in handle if ln.startswith("MemTotal:"))
            ram_gb = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    return {
        "nproc": os.cpu_count(),
        "ram_gb": ram_gb,
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return "—"
    return f"{a / b:.2f}×"


def _label(entry: dict[str, Any]) -> str:
    variant = entry.get("variant")
    return f"{entry['operation']} ({variant})" if variant else entry["operation"]


def rows(results: Sequence[dict[str, Any]]) -> list[list[str]]:
    """operation, subject, ours, floor, ours/floor, then each peer and peer/ours."""
    table = []
    for e in results:
        ours = e.get("ours_ms")
        line = [_label(e), e["subject"], _ms(ours), _ms(e.get("floor_ms"))]
        line.append(_ratio(ours, e.get("floor_ms")))
        for key, _name in PEERS:
            peer = e.get("peers", {}).get(key)
            line += [_ms(peer), _ratio(peer, ours)]
        if "titulos_per_s" in e:
            line.append(f"{e['titulos_per_s']:,.0f} títulos/s")
        elif "after_idle_ms" in e:
            line.append(f"after idle {_ms(e['after_idle_ms'])} ms")
        elif e.get("error"):
            line.append(f"ERROR: {e['error']}"[:80])
        else:
            line.append(e.get("note", ""))
        table.append(line)
    return table


HEADER = [
    "operation",
    "subject",
    "ours ms",
    "floor ms",
    "ours/floor",
    "QSqlQueryModel ms",
    "QSQM/ours",
    "naive ms",
    "naive/ours",
    "note",
]


def text_table(results: Sequence[dict[str, Any]]) -> str:
    body = rows(results)
    widths = [
        max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(HEADER)
    ]
    numeric = {2, 3, 4, 5, 6, 7, 8}

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines = [fmt(HEADER), fmt(["-" * w for w in widths])]
    lines += [fmt(r) for r in body]
    return "\n".join(lines)


def markdown_table(results: Sequence[dict[str, Any]]) -> str:
    body = rows(results)
    align = ["---", "---", *["---:"] * 7, "---"]
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in body]
    return "\n".join(lines)


def memory_lines(memory: dict[str, Any], details: dict[str, Any]) -> list[str]:
    lines = [f"- {key}: {value:.0f} MB" for key, value in memory.items() if value is not None]
    extra = details.get("memory", {})
    for key, value in extra.items():
        if isinstance(value, int | float):
            lines.append(f"- {key}: {value:.0f} MB")
    return lines
