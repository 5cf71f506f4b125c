"""Which SQL the program runs for an operation, captured at the driver's door.

An engine event (``before_cursor_execute``) records each statement with the exact
parameters the driver received, but only while a thread is *tagged*: the main
thread for synchronous work, or the functions of chosen TaskChannels (the customer
channel and the Financeiro page for open_history, one page for switch_section…),
whose ``run`` is wrapped for the capture run only. The floor and the QSqlQueryModel
peer then replay exactly these statements.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

_TAG = threading.local()


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Any


@dataclass
class Capture:
    statements: list[Statement] = field(default_factory=list)

    @property
    def selects(self) -> list[Statement]:
        """The reading statements (what a floor can replay without changing the data)."""
        return [
            s
            for s in self.statements
            if s.sql.lstrip().split(None, 1)[0].upper() in ("SELECT", "WITH", "VALUES")
        ]


class Recorder:
    """Records the statements of tagged threads on one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._current: Capture | None = None
        event.listen(engine, "before_cursor_execute", self._before)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)

    def _before(
        self,
        _conn: Any,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> None:
        capture = self._current
        if capture is None or executemany or not getattr(_TAG, "on", False):
            return
        params = dict(parameters) if isinstance(parameters, dict) else tuple(parameters or ())
        with self._lock:
            capture.statements.append(Statement(statement, params))

    @contextmanager
    def recording(self) -> Iterator[Capture]:
        capture = Capture()
        self._current = capture
        try:
            yield capture
        finally:
            self._current = None


@contextmanager
def tagged_here() -> Iterator[None]:
    """Tag the calling thread (synchronous work on the main thread)."""
    previous = getattr(_TAG, "on", False)
    _TAG.on = True
    try:
        yield
    finally:
        _TAG.on = previous


def _tagging(func: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        _TAG.on = True
        try:
            return func()
        finally:
            _TAG.on = False

    return run


@contextmanager
def tagged_channels(channels: Iterable[Any]) -> Iterator[None]:
    """Tag the work that these TaskChannels run (in worker threads) while inside."""
    wrapped = []
    for channel in channels:
        original = channel.run

        def run(func: Any, on_done: Any, on_error: Any, _original: Any = original) -> Any:
            return _original(_tagging(func), on_done, on_error)

        channel.run = run
        wrapped.append(channel)
    try:
        yield
    finally:
        for channel in wrapped:
            del channel.run
