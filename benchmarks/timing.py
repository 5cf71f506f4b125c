"""Clocks, medians and memory readings shared by the benchmark's parts.

``measure(fn, runs)`` calls ``fn`` WARMUP_RUNS times as a warm-up, then ``runs`` times,
and keeps the median of the wall times; a ``budget_s`` lowers the number of runs of
something slow (never below one) so a naive peer taking seconds does not take the whole
hour. Three warm-up runs, not one: the first calls of an operation in a new process are
slower (Python's specializing interpreter, Qt's and the delegate's caches, the
PostgreSQL connection's): the customer search on PostgreSQL took 11-15 ms in its first
four to eight calls and 7 ms from then on; a clerk's window, open all day, is warm.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WARMUP_RUNS = 3


@dataclass(frozen=True)
class Timing:
    median_ms: float
    samples_ms: tuple[float, ...]

    @property
    def runs(self) -> int:
        return len(self.samples_ms)


def log(message: str) -> None:
    """A progress line on stderr, with the time of day."""
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def discard(fn: Callable[[], object]) -> Callable[[], None]:
    """``fn`` to be timed as a whole (its result is not a measured time)."""

    def call() -> None:
        fn()

    return call


def clock(fn: Callable[[], object]) -> float:
    """Milliseconds ``fn()`` took (wall time)."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure(
    fn: Callable[[], float | None],
    runs: int,
    *,
    warmups: int = WARMUP_RUNS,
    budget_s: float = 60.0,
    before: Callable[[], object] | None = None,
) -> Timing:
    """The median of ``runs`` timed calls of ``fn`` after ``warmups`` untimed ones.

    ``fn`` may return the milliseconds it measured itself (when its timed part is
    narrower than the call); otherwise the whole call is timed. ``before`` runs
    untimed before every call (resetting state).
    """

    def once() -> float:
        if before is not None:
            before()
        start = time.perf_counter()
        inner = fn()
        total = (time.perf_counter() - start) * 1000
        return float(inner) if inner is not None else total

    last = None
    for _ in range(warmups):
        last = once()
        if last * runs > budget_s * 1000:  # something slow: one warm-up is enough
            break
    count = max(1, runs)
    if last is not None and last * count > budget_s * 1000:
        count = max(1, int(budget_s * 1000 // max(last, 1e-3)))
    samples = [once() for _ in range(count)]
    return Timing(statistics.median(samples), tuple(samples))


def proc_status_mb(field: str = "VmHWM") -> float:
    """A memory figure of this process from /proc/self/status (VmHWM: peak RSS), in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # not Linux: the peak from getrusage (kB on Linux, bytes on macOS)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if os.uname().sysname == "Darwin" else peak / 1024
