"""The one way to run work off the GUI thread.

``run_task(func, on_done, on_error)`` runs ``func()`` in a thread pool and calls
``on_done(result)`` or ``on_error(exception)`` later on the GUI thread, delivered
through a queued signal (MusicBrainz Picard's ``run_task``, over QThreadPool).

``TaskChannel`` adds a generation counter for work whose answer can go stale: every
``run`` supersedes the previous one, and a result that arrives after the user moved
on (another customer, another date, a newer search) is dropped.

Rules for the functions that run here: they never touch widgets, models or
QModelIndex; database work opens its own Session inside the function
(``with database.session() as session: ...``, see :func:`in_session`), so every
worker thread has its own.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

from app.db.engine import Database

log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]

MAX_THREADS = 4
SLOW_CALLBACK_MS = 50
# The GUI thread calls into Python for every cell it paints, and a worker running
# Python (a result's rows) keeps the GIL until the switch interval has passed each time
# the GUI thread asks for it: 5 ms by default, so a paint waited for the workers in
# steps of 5 ms, and they for it. 1 ms hands it over sooner (benchmark, the whale on
# SQLite: a status toggled 44-53 -> 27-32 ms, the date a year back 103-110 -> 81-83).
SWITCH_INTERVAL_S = 0.001


def share_the_gil() -> None:
    """The interpreter's thread switch interval for a GUI beside workers (once, at
    the application's start)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


class _Dispatcher(QObject):
    """Lives in the GUI thread; runs the callbacks the workers hand over."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run)

    @Slot(object)
    def _run(self, parcel: list[Any]) -> None:
        callback: Callable[[], object] = parcel[0]
        parcel.clear()  # the references are the GUI thread's now (see _Job.run)
        start = time.thread_time()
        callback()
        spent_ms = (time.thread_time() - start) * 1000
        if spent_ms > SLOW_CALLBACK_MS:  # the window did not answer meanwhile: say where
            target = getattr(callback, "func", callback)
            target = getattr(target, "__wrapped__", target)
            log.warning(
                "answer handled on the GUI thread in %.0f ms: %s",
                spent_ms,
                getattr(target, "__qualname__", repr(target)),
            )


_dispatcher: _Dispatcher | None = None
_pool: QThreadPool | None = None


def _setup() -> tuple[_Dispatcher, QThreadPool]:
    global _dispatcher, _pool
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("run_task needs a QApplication")
        _dispatcher = _Dispatcher()
        _dispatcher.moveToThread(app.thread())
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(MAX_THREADS)
    return _dispatcher, _pool


class _Job(QRunnable):
    """One task. Its references (the work and the callbacks, often bound methods of a
    dialog) all go back to the GUI thread with the answer: were the last reference to a
    dialog dropped in the worker, the dialog would be deleted there, leaving its timers
    behind in the GUI thread to crash it later."""

    def __init__(
        self, func: Callable[[], Any], on_done: OnDone, on_error: OnError, dispatcher: _Dispatcher
    ) -> None:
        super().__init__()
        self._parts: list[Any] = [func, on_done, on_error]
        self._dispatcher = dispatcher

    def run(self) -> None:
        parts, self._parts = self._parts, []
        func, on_done, on_error = parts
        try:
            callback = partial(on_done, func())
        except Exception as exc:  # noqa: BLE001 - handed to on_error on the GUI thread
            log.debug("task failed", exc_info=True)
            callback = partial(on_error, exc)
        parcel = [callback, *parts]  # the GUI thread empties it before running the callback
        del func, on_done, on_error, parts, callback
        self._dispatcher.deliver.emit(parcel)


def run_task(func: Callable[[], T], on_done: Callable[[T], None], on_error: OnError) -> None:
    """Run ``func`` off the GUI thread; its result or error comes back on the GUI thread."""
    dispatcher, pool = _setup()
    pool.start(_Job(func, on_done, on_error, dispatcher))


def wait_for_idle(msecs: int = 30_000) -> bool:
    """Wait until no task is running (at exit, and in tests); True when idle."""
    return _pool.waitForDone(msecs) if _pool is not None else True


def in_session(database: Database, work: Callable[[Any], T]) -> Callable[[], T]:
    """``work(session)`` inside a Session of its own, opened in the worker thread."""

    def run() -> T:
        with database.session() as session:
            return work(session)

    return run


class GarbageCollector(QObject):
    """Runs Python's cyclic garbage collector on the GUI thread only.

    Left automatic, the collector runs in whichever thread happens to allocate, a
    worker included, and may then destroy a Qt object there: a crash. So automatic
    collection is switched off and this timer collects on the GUI thread instead
    (as qutebrowser does): each second the youngest objects, every MIDDLE_EVERY
    seconds those that survived them, every FULL_EVERY seconds everything. A
    collection walks every object it covers: with the whale's 100,000 títulos read
    (a copy, a scroll to the end), a full one took ~100 ms, a hitch of the window
    every ten seconds while they were held; they are walked once more as they age,
    then once a minute.
    """

    INTERVAL_MS = 1000
    MIDDLE_EVERY = 10
    FULL_EVERY = 60

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect)

    def start(self) -> None:
        """Collect on the GUI thread from now on. What exists now (modules, classes, Qt
        wrappers: ~130,000 objects) is moved out of the collector's sight (gc.freeze):
        a full collection over them took 150-300 ms, a freeze of the window at each;
        over what the program creates later it takes a few ms."""
        gc.disable()
        gc.collect()
        gc.freeze()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.unfreeze()
        gc.enable()

    def collect(self) -> None:
        self._ticks += 1
        if self._ticks % self.FULL_EVERY == 0:
            gc.collect(2)
        else:
            gc.collect(1 if self._ticks % self.MIDDLE_EVERY == 0 else 0)


class TaskChannel(QObject):
    """A line of work of one owner in which only the newest request counts.

    Signals:
        busy_changed(bool): True while the newest request has not answered yet.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def generation(self) -> int:
        return self._generation

    def run(self, func: Callable[[], T], on_done: Callable[[T], None], on_error: OnError) -> int:
        """Start ``func``; any earlier request of this channel becomes stale."""
        self._generation += 1
        generation = self._generation

        def current() -> bool:
            return shiboken6.isValid(self) and generation == self._generation

        def done(result: T) -> None:
            if current():
                self._set_busy(False)
                on_done(result)

        def failed(exc: BaseException) -> None:
            if current():
                self._set_busy(False)
                on_error(exc)

        done.__wrapped__ = on_done  # type: ignore[attr-defined]  # named in slow-answer logs
        self._set_busy(True)
        run_task(func, done, failed)
        return generation

    def cancel(self) -> None:
        """Drop whatever is in flight."""
        self._generation += 1
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
