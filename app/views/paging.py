"""A grid fed by the database a page at a time, off the GUI thread.

``PagedRows.query(database, ids_of, rows_of)`` asks, in a worker, for the ids of the
rows the grid shows in its order (``ids_of(session)``: filtered and sorted by the
database) and the first page of them (``rows_of(session, ids)``); the model then asks
for the next pages as the user scrolls, each in a worker too. A newer query makes
the pages of an older one stale (TaskChannel); export and print load every row
through ``loader()``. ``PagedRows(model, sparse=True)`` makes the model an id-window
cache (RowTableModel.set_window): every row in the view from the start, the rows read
as the view paints them.

A grid that may hold a great many rows also gives ``first_of(session)``: the ids of
the first page and how many rows there are, without reading every id (a customer's
100,000 títulos: the database sorts them for the first page, and counts them, in a
fraction of the time 100,000 ids take to reach Python). The whole list is then read
when the user scrolls past the first page, and its length is the count from then on;
had the rows changed meanwhile (its first page differs), the grid is loaded again.
A query whose count comes from elsewhere (``counted_later``: Financeiro's figures, read
in another worker) holds its first page until ``set_count`` gives it, HOLD_MS at most:
the grid is laid out and painted once, at its true length, rather than painted with a
page and a row and painted again when the count adds the others (on two cores, that
first paint also slowed the figures' worker, and the figures waited for it to end).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.models.base import PAGE_SIZE, RowTableModel
from app.tasks import TaskChannel, in_session

IdsOf = Callable[[Session], list[int]]
RowsOf = Callable[[Session, Sequence[int]], list[Any]]
FirstOf = Callable[[Session], tuple[list[int], int]]  # the first page's ids, the count
Loaded = tuple[list[int], bool, int, list[Any]]  # ids, whether all of them, count, rows
HOLD_MS = 50  # a first page waits for its count at most this long


class PagedRows(QObject):
    """The rows of one grid's model, from the database.

    Signals:
        shown(): a query's ids and first page are in the model.
        busy_changed(bool): a query or a page is loading.
        failed(object): the exception of a query or page that failed.
    """

    shown = Signal()
    busy_changed = Signal(bool)
    failed = Signal(object)

    def __init__(
        self, model: RowTableModel, parent: QObject | None = None, *, sparse: bool = False
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._sparse = sparse
        self.ids: list[int] = []  # of the rows in the grid's order: all, or the first page's
        self._all_ids = True  # whether ``ids`` is every id
        self._database: Database | None = None
        self._ids_of: IdsOf | None = None
        self._rows_of: RowsOf | None = None
        self._first_of: FirstOf | None = None
        self._query = TaskChannel(self)  # the ids and the first page
        self._pages = TaskChannel(self)  # the next pages
        self._query.busy_changed.connect(self._busy)
        self._pages.busy_changed.connect(self._busy)
        self._count: int | None = None  # given by set_count while the query runs
        self._counted_later = False
        self._held: Loaded | None = None  # a first page waiting for its count
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(HOLD_MS)
        self._hold.timeout.connect(self._hold_over)

    @property
    def busy(self) -> bool:
        return self._query.busy or self._pages.busy or self._held is not None

    @property
    def waiting_for_count(self) -> bool:
        """Whether a first page has arrived and waits for set_count (HOLD_MS at most)."""
        return self._held is not None

    def _busy(self, _busy: bool) -> None:
        self.busy_changed.emit(self.busy)

    def query(
        self,
        database: Database,
        ids_of: IdsOf,
        rows_of: RowsOf,
        first_of: FirstOf | None = None,
        *,
        counted_later: bool = False,
    ) -> None:
        """Load the grid: ``ids_of`` every id in order, ``rows_of`` the rows of some ids,
        ``first_of`` the first page's ids and the count (see the module);
        ``counted_later``: ``first_of``'s count is a page and one row at most, and
        set_count will give the true one."""

        def window(session: Session) -> Loaded:
            if first_of is not None:
                first, total = first_of(session)
                return first, len(first) >= total, total, rows_of(session, first)
            ids = ids_of(session)
            return ids, True, len(ids), rows_of(session, ids[:PAGE_SIZE])

        self._pages.cancel()
        self._drop_held()
        self._database, self._ids_of, self._rows_of = database, ids_of, rows_of
        self._first_of, self._counted_later = first_of, counted_later
        self._query.run(in_session(database, window), self._show, self.failed.emit)

    def set_count(self, total: int) -> None:
        """How many rows the current query has, from elsewhere (``counted_later``):
        shown with its first page when that has arrived, else kept for it."""
        if self._held is not None:
            ids, all_ids, _guess, first = self._held
            self._drop_held()
            self._put((ids, all_ids, total, first))
            self._busy(self.busy)
        elif self._query.busy:
            self._count = total
        else:
            self.model.set_total(total)

    def cancel(self) -> None:
        self._drop_held()
        self._query.cancel()
        self._pages.cancel()

    def _drop_held(self) -> None:
        self._count, self._held = None, None
        self._hold.stop()

    def clear(self) -> None:
        self.cancel()
        self.ids, self._all_ids = [], True
        self.model.set_window(0, [], self._fetch)

    def _show(self, loaded: Loaded) -> None:
        ids, all_ids, total, first = loaded
        if self._count is not None:  # the count came first
            loaded = (ids, all_ids, self._count, first)
        elif self._counted_later and not all_ids:  # wait for it, a little
            self._held = loaded
            self._hold.start()
            self._busy(True)
            return
        self._put(loaded)

    def _hold_over(self) -> None:
        """The count is late: the first page shown now, its rest when the count comes."""
        if self._held is not None:
            loaded, self._held = self._held, None
            self._put(loaded)
            self._busy(self.busy)

    def _put(self, loaded: Loaded) -> None:
        self._count = None
        self.ids, self._all_ids, total, first = loaded
        self.model.set_window(total, first, self._fetch, sparse=self._sparse)
        self.shown.emit()

    def _fetch(self, start: int, end: int, done: Callable[[Sequence[Any] | None], None]) -> None:
        database, ids_of, rows_of = self._database, self._ids_of, self._rows_of
        if database is None or ids_of is None or rows_of is None:
            return

        def failed(exc: BaseException) -> None:
            done(None)
            self.failed.emit(exc)

        if self._all_ids:
            ids = self.ids[start:end]
            self._pages.run(in_session(database, lambda s: rows_of(s, ids)), done, failed)
            return
        shown = list(self.ids)

        def every_id(session: Session) -> tuple[list[int], list[Any]]:
            ids = ids_of(session)
            if ids[: len(shown)] != shown:  # changed since the first page: no rows of it
                return ids, []
            return ids, rows_of(session, ids[start:end])

        def arrived(loaded: tuple[list[int], list[Any]]) -> None:
            ids, rows = loaded
            if ids[: len(shown)] != shown:  # load it again, from every id this time
                self.query(database, ids_of, rows_of)
                return
            self.ids, self._all_ids = ids, True
            self.model.set_total(len(ids))  # a count taken earlier may be behind
            done(rows)

        self._pages.run(in_session(database, every_id), arrived, failed)

    def loader(self) -> Callable[[], list[Any]] | None:
        """Every row of the grid, loaded off the GUI thread (None: the model has them)."""
        database, ids_of, rows_of = self._database, self._ids_of, self._rows_of
        if database is None or ids_of is None or rows_of is None or self.model.is_complete():
            return None
        if not self._all_ids:
            return in_session(database, lambda s: rows_of(s, ids_of(s)))
        ids = list(self.ids)
        return in_session(database, lambda s: rows_of(s, ids))
