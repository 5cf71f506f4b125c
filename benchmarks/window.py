"""Driving the real window: "ours" in every interactive measurement.

``WindowBench`` builds the program's MainWindow (offscreen), gives it the database
and times what a clerk does, through the same widgets, signals, TaskChannels, query
functions and table models the program uses: open a customer, toggle a status,
re-sort, scroll to the end, switch section, change "Posição em", search.

An operation is over when what it changes is *ready to paint* (its loads answered,
its signals delivered) and painted (the window's pending paint done). Waiting
happens in a QEventLoop woken by the window's own signals (no busy polling that
would steal the GIL from the worker threads).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
)

from app.db.engine import Database
from app.domain.titulos import OPEN_STATUSES, Status
from app.tasks import TaskChannel
from app.views.main_window import MainWindow, StartView
from app.views.settings import Settings
from benchmarks.capture import Capture, Recorder, tagged_channels

SECTIONS = ("financeiro", "venda", "negociacao", "programacao")
WAIT_TIMEOUT_S = 600.0


class Timeout(RuntimeError):
    pass


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class WindowBench:
    """One MainWindow over one database, and the operations timed on it."""

    def __init__(
        self,
        database: Database,
        *,
        description: str,
        as_of: date,
        settings_file: Path,
        recorder: Recorder | None = None,
    ) -> None:
        self.as_of = as_of
        self.recorder = recorder
        store = QSettings(str(settings_file), QSettings.Format.IniFormat)
        self.window = MainWindow(
            settings=Settings(store), start=StartView(as_of=as_of, section="financeiro")
        )
        self.window.set_database(database, description)
        self.window.resize(1360, 860)
        self.window.show()
        self.counters: Counter[str] = Counter()
        self.last_hits = 0
        self._loop: QEventLoop | None = None
        self._cond: Callable[[], bool] | None = None
        self._connect()
        QCoreApplication.processEvents()

    # --- signals and waiting ---

    def _connect(self) -> None:
        w = self.window
        w.customer_loaded.connect(lambda _info: self._bump("customer"))
        w.financeiro.summary_changed.connect(lambda s: s is not None and self._bump("summary"))
        for key, page in w.pages.items():
            page.count_changed.connect(lambda n, k=key: n is not None and self._bump(f"count:{k}"))
            for grid in page.grids():
                model = grid.model()
                model.rowsInserted.connect(self._poke)
                model.modelReset.connect(self._poke)
        w.customer_bar.search_finished.connect(lambda _n: self._bump("search"))
        for channel in w.findChildren(TaskChannel):
            channel.busy_changed.connect(self._poke)

    def _bump(self, name: str) -> None:
        self.counters[name] += 1
        self._poke()

    def _poke(self, *_: object) -> None:
        if self._loop is not None:
            QTimer.singleShot(0, self._check)  # after the slot that emitted has finished

    def _check(self) -> None:
        if self._loop is not None and self._cond is not None and self._cond():
            self._loop.quit()

    def wait(self, cond: Callable[[], bool], timeout_s: float = WAIT_TIMEOUT_S) -> None:
        """Run the event loop until ``cond()`` (posted events are delivered first)."""
        QCoreApplication.processEvents()
        until = time.perf_counter() + timeout_s
        # again while not true: between the loop's quit and here, a slot may have started
        # new work (a page the view asked for as rows arrived)
        while not cond():
            remaining_ms = int((until - time.perf_counter()) * 1000)
            if remaining_ms <= 0:
                raise Timeout("the window did not get ready in time")
            self._run_loop(cond, remaining_ms)

    def _run_loop(self, cond: Callable[[], bool], timeout_ms: int) -> None:
        loop = QEventLoop()
        self._loop, self._cond = loop, cond
        safety = QTimer()
        safety.setInterval(25)  # a net for a change no signal announces
        safety.timeout.connect(self._check)
        safety.start()
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        deadline.start(timeout_ms)
        try:
            loop.exec()
        finally:
            safety.stop()
            deadline.stop()
            self._loop, self._cond = None, None

    def mark(self) -> Counter[str]:
        return Counter(self.counters)

    def paint(self) -> None:
        """What the user sees next, painted now: the window's pending layouts and its
        pending paint (Qt paints the regions that changed, as its event loop would; when
        it painted them while the benchmark waited, that paint was timed there). A
        forced repaint of the whole window painted a second time what Qt had just
        painted, and not the grids' cells (QWidget.repaint of a window leaves out the
        viewports of its item views)."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QCoreApplication.sendPostedEvents(self.window, QEvent.Type.UpdateRequest)

    # --- state ---

    def owner(self, channel: QObject) -> str:
        """Which part of the window a TaskChannel belongs to: a section key, search, window."""
        pages = {id(page): key for key, page in self.window.pages.items()}
        obj: QObject | None = channel
        while obj is not None:
            if id(obj) in pages:
                return pages[id(obj)]
            if obj is self.window.customer_bar:
                return "search"
            obj = obj.parent()
        return "window"

    def channels(self, *owners: str) -> list[TaskChannel]:
        return [c for c in self.window.findChildren(TaskChannel) if self.owner(c) in owners]

    def busy(self, *owners: str) -> bool:
        return any(c.busy for c in self.channels(*owners))

    def idle(self) -> bool:
        """Nothing running, nor a section waiting for its turn (it would start loading
        during the next measurement)."""
        return not self.window.is_loading() and not any(
            c.busy for c in self.window.findChildren(TaskChannel)
        )

    def wait_idle(self) -> None:
        self.wait(self.idle)

    def financeiro_ready(self, mark: Counter[str]) -> bool:
        """The header, the Financeiro rows, the status counts and the total have arrived."""
        return (
            self.counters["customer"] > mark["customer"]
            and self.counters["summary"] > mark["summary"]
            and not self.busy("window", "financeiro")
        )

    def page_ready(self, key: str, mark: Counter[str]) -> bool:
        return self.counters[f"count:{key}"] > mark[f"count:{key}"] and not self.busy(key)

    @contextmanager
    def capturing(self, owners: Iterable[str], enabled: bool) -> Iterator[Capture | None]:
        """Record the SQL of these owners' TaskChannels (when ``enabled``)."""
        if not enabled or self.recorder is None:
            yield None
            return
        with ExitStack() as stack:
            capture = stack.enter_context(self.recorder.recording())
            stack.enter_context(tagged_channels(self.channels(*owners)))
            yield capture

    @property
    def page(self) -> Any:
        return self.window.financeiro

    def open_untimed(self, code: str) -> None:
        mark = self.mark()
        self.window.open_customer(code)
        self.wait(lambda: self.financeiro_ready(mark))
        self.wait_idle()

    def show_financeiro(self) -> None:
        self.window.show_section("financeiro")

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.page.model.columns) if c.key == key)

    def close(self) -> None:
        self.wait_idle()
        self.window.close()
        self.window.deleteLater()
        QCoreApplication.processEvents()

    # --- the timed operations: each returns (ms, captured SQL or None) ---

    def open_history(self, code: str, capture: bool = False) -> tuple[float, Capture | None]:
        with self.capturing(("window", "financeiro"), capture) as captured:
            mark = self.mark()
            start = time.perf_counter()
            self.window.open_customer(code)
            self.wait(lambda: self.financeiro_ready(mark))
            self.paint()
            ms = _ms_since(start)
        self.wait_idle()  # after the capture: the floor replays the timed work only
        return ms, captured

    def toggle_status(self, status: Status, capture: bool = False) -> tuple[float, Capture | None]:
        button = self.page.status_buttons[status]
        with self.capturing(("window", "financeiro"), capture) as captured:
            start = time.perf_counter()
            button.click()
            self.wait(lambda: not self.busy("window", "financeiro"))
            self.paint()
            ms = _ms_since(start)
        self.wait_idle()  # after the capture: the floor replays the timed work only
        return ms, captured

    def reset_statuses(self, statuses: Iterable[Status] = OPEN_STATUSES) -> None:
        self.page.set_statuses(set(statuses))
        self.wait_idle()

    def sort(
        self, key: str, order: Qt.SortOrder, capture: bool = False
    ) -> tuple[float, Capture | None]:
        header = self.page.grid.horizontalHeader()
        column = self.column(key)
        with self.capturing(("window", "financeiro"), capture) as captured:
            start = time.perf_counter()
            # what a header click does (QTableView.sortByColumn would sort twice in Qt 6)
            header.setSortIndicator(column, order)
            self.wait(lambda: not self.busy("window", "financeiro"))
            self.paint()
            ms = _ms_since(start)
        self.wait_idle()  # after the capture: the floor replays the timed work only
        return ms, captured

    def scroll_all(self, capture: bool = False) -> tuple[float, Capture | None]:
        model, grid, root = self.page.model, self.page.grid, QModelIndex()
        with self.capturing(("window", "financeiro"), capture) as captured:
            start = time.perf_counter()
            while model.canFetchMore(root):
                before = model.rowCount()
                model.fetchMore(root)
                if model.rowCount() == before:  # a model that fetches off the GUI thread
                    self.wait(lambda b=before: model.rowCount() > b or not loading(model))
            grid.scrollToBottom()
            grid.viewport().repaint()  # the rows at the end, painted
            # a grid that reads the rows it paints (an id-window cache): until they are
            # in, and painted as their values
            self.wait(lambda: not loading(model))
            self.paint()
            ms = _ms_since(start)
        self.wait_idle()  # after the capture: the floor replays the timed work only
        return ms, captured

    def shown_rows(self) -> int:
        return int(self.page.model.rowCount())

    def held_rows(self) -> int:
        """The rows the grid's model has read (an id-window cache: those painted)."""
        held = getattr(self.page.model, "held_count", None)
        return int(held()) if held is not None else self.shown_rows()

    def last_row_shown(self) -> bool:
        """Whether the grid's last row is read and painted as its values."""
        model = self.page.model
        last = model.index(model.rowCount() - 1, 0)
        return last.isValid() and model.row_at(last.row()) is not None

    def switch_section(
        self, code: str, key: str, capture: bool = False
    ) -> tuple[float, float, Capture | None]:
        """Open ``code`` and, the moment its Financeiro is ready, click section ``key``;
        (ms until that section is ready to paint, ms of the same click once all is idle)."""
        self.show_financeiro()
        with self.capturing((key,), capture) as captured:
            mark = self.mark()
            self.window.open_customer(code)
            self.wait(lambda: self.financeiro_ready(mark))
            start = time.perf_counter()
            self.window.show_section(key)
            self.wait(lambda: self.page_ready(key, mark))
            self.paint()
            ms = _ms_since(start)
        self.wait_idle()  # after the capture: the floor replays the timed work only
        self.show_financeiro()
        self.paint()
        start = time.perf_counter()
        self.window.show_section(key)
        self.wait(lambda: not self.busy(key))
        self.paint()
        idle_ms = _ms_since(start)
        self.show_financeiro()
        return ms, idle_ms, captured

    def change_as_of(self, day: date, capture: bool = False) -> tuple[float, Capture | None]:
        """ "Posição em" set to ``day``: timed from the (debounced) as_of_changed signal."""
        bar = self.window.customer_bar
        bar.as_of.blockSignals(True)
        try:
            bar.set_as_of(day)
        finally:
            bar.as_of.blockSignals(False)
        with self.capturing(("window", "financeiro"), capture) as captured:
            mark = self.mark()
            start = time.perf_counter()
            bar.as_of_changed.emit(day)
            self.wait(lambda: self.financeiro_ready(mark))
            self.paint()
            ms = _ms_since(start)
        self.wait_idle()  # after the capture: the floor replays the timed work only
        return ms, captured

    def search(self, text: str, capture: bool = False) -> tuple[float, Capture | None]:
        """The customer search of the bar, from the moment its debounce timer fires."""
        bar = self.window.customer_bar
        bar.search.setText(text)  # no textEdited: the timer is not started
        run = getattr(bar, "_search", None)
        with self.capturing(("search",), capture) as captured:
            mark = self.mark()
            start = time.perf_counter()
            if run is not None:
                run()
            else:  # the bar changed: type it (then the debounce delay is included)
                bar.search.textEdited.emit(text)
            self.wait(lambda: self.counters["search"] > mark["search"] and not self.busy("search"))
            self.paint()  # the popup with its results (a child of the window)
            ms = _ms_since(start)
        self.wait_idle()  # after the capture: the floor replays the timed work only
        self.last_hits = int(bar.popup.model.rowCount())
        bar.hide_popup()
        bar.search.clear()
        return ms, captured


def loading(model: Any) -> bool:
    """Whether a model that loads its pages off the GUI thread is waiting for one."""
    is_loading = getattr(model, "is_loading_page", None)
    return bool(is_loading()) if is_loading is not None else False
