"""The table model every grid shares: rows from app/db served in pages.

Three ways to fill it. ``set_rows``: the model holds every row the grid shows (a small
section) and hands them to the view a page at a time through canFetchMore/fetchMore;
sorting sorts that list by the column's typed value (Decimal, date, int; text without
accents and case; empty values last). ``set_window``: the model knows how many rows
there are and holds the first page; as the view scrolls, fetchMore asks the page for
the next one (loaded off the GUI thread) and inserts it when it arrives; sorting is
then done by the database (``database_sort``). ``set_window(..., sparse=True)``, for
the grids of a great many rows: every row is in the view from the start (the scroll
bar is the grid's true length), only the first page is held, and a row the view paints
that is not held yet is blank until its page arrives: the pages painted are asked for,
the latest first, off the GUI thread (an id-window cache: scrolled to the end of
100,000 títulos, the grid has read their ids and the rows on screen, not the 100,000
rows between). Cells are formatted once, the first time the view paints them; what
they say (texts, colours, sort keys) is app.models.cell_texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor

from app.db.columns import Column, Kind
from app.domain.titulos import Status
from app.models.cell_texts import (
    NEGATIVE_COLOR,
    STATUS_COLORS,
    PaintedCell,
    cell_text,
    header_text,
    role_items,
    sorted_rows,
    wrapped,
)
from app.tasks import run_task

PAGE_SIZE = 200
MAX_FETCH = 20000  # rows of one page loaded from the database, at most
# a model letting go of this many rows or more has a worker free them: the 100,000 rows
# of a grid scrolled to its end took 30-55 ms to free, the window frozen meanwhile
RELEASE_AWAY = 5000
# sparse: how many of the pages the view painted without their rows are kept to be asked
# for (the latest; the older ones have been scrolled past), and how many painted pages on
# either side of the latest one a load takes with it
WANTED_PAGES = 6

# fetch(start, end, done): load rows [start, end) off the GUI thread, then call
# done(rows) on the GUI thread (done(None) when it failed).
PageFetcher = Callable[[int, int, Callable[[Sequence[Any] | None], None]], None]
Formatted = tuple[tuple[str, ...], tuple[QColor | None, ...]]  # a row's texts and colours
RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # the typed value of the cell
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object (a dataclass from app/db)

Index = QModelIndex | QPersistentModelIndex

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
# roles as plain ints (what QModelRoleData.role() gives), compared without enum machinery
_DISPLAY, _ACCESSIBLE, _FOREGROUND, _ALIGNMENT, _BACKGROUND = (
    Qt.ItemDataRole.DisplayRole.value,
    Qt.ItemDataRole.AccessibleTextRole.value,
    Qt.ItemDataRole.ForegroundRole.value,
    Qt.ItemDataRole.TextAlignmentRole.value,
    Qt.ItemDataRole.BackgroundRole.value,
)
# roles the delegate asks for that no grid answers (data() gives None for them)
_UNANSWERED = frozenset(
    r.value
    for r in (
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.DecorationRole,
    )
)


def _release(rows: list[Any]) -> None:
    """Let go of the rows a model held: many are freed by a worker, off the GUI thread
    (the list is emptied there; the model holds a new one)."""
    if len(rows) >= RELEASE_AWAY and QCoreApplication.instance() is not None:
        run_task(rows.clear, _ignore, _ignore)


def _ignore(_: object) -> None:
    pass


class RowTableModel(QAbstractTableModel):
    """A grid's rows, served to the view in pages of ``page_size``; a row is formatted
    once, the first time the view asks for it (only the rows painted are).

    Subclasses give the columns and may colour cells (``cell_foreground``), rows
    (``row_background``) or add tooltips (``cell_tooltip``).
    """

    def __init__(
        self, columns: Sequence[Column[Any]], *, page_size: int = PAGE_SIZE, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._right = tuple(c.kind.numeric for c in self._columns)  # aligned right
        self._page_size = page_size
        self._rows: list[Any] = []
        # the rows shown to the view (a page at a time): their display texts and colours,
        # formatted the first time the view asks for one (only the rows painted are)
        self._shown: list[Formatted | None] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._resetting = False
        self._total: int | None = None  # set_window: the rows there are, fetched or not
        self._fetch: PageFetcher | None = None
        self._pending = False  # a page is being loaded
        self._generation = 0
        self._sparse = False  # set_window(sparse=True): every row shown, few held
        self._held = 0  # sparse: the rows held (the others are None in _rows)
        self._wanted: dict[int, None] = {}  # sparse: pages painted without rows, latest last
        self._waiters: list[tuple[int, int, Callable[[bool], None]]] = []  # load_rows
        self._load_scheduled = False
        self._blank: Formatted = (("",) * len(self._columns), (None,) * len(self._columns))
        # when set, sorting is asked of the database: database_sort(column key, descending)
        self.database_sort: Callable[[str, bool], None] | None = None

    # --- what the page uses ---

    @property
    def columns(self) -> tuple[Column[Any], ...]:
        return self._columns

    @property
    def export_columns(self) -> tuple[Column[Any], ...]:
        """The columns an export or a printout writes (the grid's, without action columns)."""
        return self._columns

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show these rows (keeping the current sort); the view gets the first page."""
        self.beginResetModel()
        try:
            self._forget_window()
            _release(self._rows)
            self._rows = list(rows)
            if self._sort is not None and self.database_sort is None:
                self._sort_rows(*self._sort)
            self._clear_pages()
        finally:
            self._end_reset()

    def set_window(
        self, total: int, first: Sequence[Any], fetch: PageFetcher, *, sparse: bool = False
    ) -> None:
        """Show ``total`` rows, already in the grid's order, of which ``first`` are the
        first ones; ``fetch`` brings the others a page at a time as the view scrolls
        (``sparse``: as the view paints them, every row in the view from the start)."""
        self.beginResetModel()
        try:
            self._forget_window()
            _release(self._rows)
            self._rows = list(first[: max(total, 0)])
            self._total, self._fetch = max(total, len(self._rows)), fetch
            if sparse:
                self._sparse, self._held = True, len(self._rows)
                self._rows.extend([None] * (self._total - len(self._rows)))
                self._shown = [None] * self._total
            else:
                self._clear_pages()
        finally:
            self._end_reset()

    def set_total(self, total: int) -> None:
        """set_window's ``total`` as a newer reading has it (never fewer than held; a
        sparse grid gains or loses rows at its end)."""
        if self._total is None:
            return
        if not self._sparse:
            self._total = max(total, len(self._rows))
            return
        old = len(self._rows)
        if total > old:
            self.beginInsertRows(QModelIndex(), old, total - 1)
            self._rows.extend([None] * (total - old))
            self._shown.extend([None] * (total - old))
            self._total = total
            self.endInsertRows()
        elif 0 <= total < old:
            self.beginRemoveRows(QModelIndex(), total, old - 1)
            self._held -= sum(1 for row in self._rows[total:] if row is not None)
            del self._rows[total:], self._shown[total:]
            self._total = total
            self.endRemoveRows()

    def all_rows(self) -> list[Any]:
        """The rows the model holds, in the grid's order: every row after set_rows, the
        fetched ones after set_window (see ``is_complete``)."""
        if self._sparse:
            return [row for row in self._rows if row is not None]
        return list(self._rows)

    def is_complete(self) -> bool:
        """Whether the model holds every row of the grid."""
        return self._total is None or self.held_count() >= self._total

    def held_count(self) -> int:
        """The rows the model holds (read from the database)."""
        return self._held if self._sparse else len(self._rows)

    def holds(self, start: int, end: int) -> bool:
        """Whether rows [start, end) are held (a sparse grid may not have read them)."""
        if not self._sparse or self._held >= len(self._rows):
            return True
        # by identity: "None in rows" asked each row's __eq__ (a call into Python each,
        # a tenth of a second for a selection of 100,000 títulos)
        return all(row is not None for row in self._rows[max(start, 0) : end])

    def load_rows(self, start: int, end: int, done: Callable[[bool], None]) -> None:
        """Have rows [start, end) held, then ``done(True)`` on the GUI thread (at once when
        they are; ``done(False)`` if their load failed or the grid was filled again)."""
        end = min(end, len(self._rows))
        if self.holds(start, end):
            done(True)
            return
        self._waiters.append((max(start, 0), end, done))
        self._schedule_load()

    def total_count(self) -> int:
        return len(self._rows) if self._total is None else self._total

    def current_sort(self) -> tuple[str, bool] | None:
        """The column key and whether descending, when the user sorted the grid."""
        if self._sort is None:
            return None
        column, order = self._sort
        return self._columns[column].key, order == Qt.SortOrder.DescendingOrder

    def fit_texts(self, column: int, rows: int) -> set[str]:
        """The texts that size a column over its first ``rows`` rows shown: those of
        its widest values, found without formatting every cell (on the GUI thread, as a
        customer opens). Numbers: the largest and the smallest (the most digits, a
        sign); dates and times: one, their width is fixed; texts and statuses: each
        distinct one."""
        col = self._columns[column]
        shown = min(rows, len(self._shown))
        held = (row for row in self._rows[:shown] if row is not None)
        present = [v for v in (col.get(row) for row in held) if v is not None]
        if not present:
            return set()
        if col.kind.numeric:
            picked = {max(present), min(present)}
        elif col.kind in (Kind.DATE, Kind.DATETIME, Kind.TIME):
            picked = {present[0]}
        else:
            picked = set(present)
        return {self._text(col, v) for v in picked}

    def is_loading_page(self) -> bool:
        return self._pending or self._load_scheduled

    def row_at(self, row: int) -> Any:
        """The row object of ``row`` (None: a sparse grid has not read it yet)."""
        return self._rows[row]

    # --- hooks ---

    def cell_foreground(self, column: Column[Any], value: Any, row: Any) -> QColor | None:
        if value is None:
            return None
        if column.kind is Kind.STATUS:
            return STATUS_COLORS.get(Status(value))
        if column.kind is Kind.MONEY and value < 0:
            return NEGATIVE_COLOR
        return None

    def row_background(self, row: Any) -> QColor | None:
        return None

    def cell_tooltip(self, column: Column[Any], row: Any) -> str | None:
        return None

    # --- Qt ---

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid() or self._resetting or self._sparse:
            return False
        if len(self._shown) < len(self._rows):
            return True
        return self._fetch is not None and not self._pending and not self.is_complete()

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._resetting or self._sparse:
            return
        if len(self._shown) >= len(self._rows):
            self._fetch_page()
            return
        start = len(self._shown)
        held = len(self._rows) - start
        # set_rows: a page at a time; set_window: every row a page load brought (the
        # user scrolled to them), in one insertion: one layout and one repaint a load
        n = held if self._total is not None else min(self._page_size, held)
        if n <= 0:
            return
        self.beginInsertRows(QModelIndex(), start, start + n - 1)
        self._shown.extend([None] * n)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        r, c = index.row(), index.column()
        if c >= len(self._columns):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._formatted(r)[0][c]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._formatted(r)[1][c]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._right[c] else _LEFT
        row = self._rows[r]
        if role == ROW_ROLE or row is None:
            return row
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.row_background(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cell_tooltip(self._columns[c], row)
        if role == RAW_ROLE:
            return self._columns[c].get(row)
        return None

    def multiData(self, index: Index, roles: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role the view asks of a cell in one call (Qt's item delegate asks for
        seven when it paints a cell): the same answers as ``data``, without a call from
        C++ into Python for each role. A subclass that answers roles of its own in
        ``data`` is asked role by role."""
        span = role_items(roles)
        if type(self).data is not RowTableModel.data or not index.isValid():
            for item in span:
                item.setData(self.data(index, item.role()))
            return
        r, c = index.row(), index.column()
        if r >= len(self._shown) or c >= len(self._columns):
            for item in span:
                item.clearData()
            return
        texts, colours = self._formatted(r)
        for item in span:
            role = item.role()
            if role == _DISPLAY or role == _ACCESSIBLE:
                item.setData(texts[c])
            elif role == _FOREGROUND:
                item.setData(colours[c])
            elif role == _ALIGNMENT:
                item.setData(_RIGHT if self._right[c] else _LEFT)
            elif role == _BACKGROUND:
                row = self._rows[r]
                item.setData(None if row is None else self.row_background(row))
            elif role in _UNANSWERED:
                item.clearData()
            else:
                item.setData(self.data(index, role))

    def painted_cell(self, r: int, c: int) -> PaintedCell | None:
        """What the grid's delegate paints of a cell (app.views.cells): the answers of
        multiData's display, foreground, background and alignment roles, in one call
        from Python. None for a subclass that answers roles of its own in ``data`` (a
        printer icon): its cells are painted the usual way."""
        if type(self).data is not RowTableModel.data:
            return None
        if r >= len(self._shown) or c >= len(self._columns):
            return None
        texts, colours = self._formatted(r)
        row = self._rows[r]
        background = None if row is None else self.row_background(row)
        return texts[c], colours[c], background, self._right[c]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return wrapped(header_text(column))
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return header_text(column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.kind.numeric else _LEFT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        if self.database_sort is not None:
            if self._sort != (column, order):
                self._sort = (column, order)
                self.database_sort(self._columns[column].key, order == Qt.SortOrder.DescendingOrder)
            return
        self.beginResetModel()
        try:
            self._sort = (column, order)
            self._sort_rows(column, order)
            self._clear_pages()
        finally:
            self._end_reset()

    # --- internals ---

    def _forget_window(self) -> None:
        self._generation += 1  # a page still loading belongs to the rows replaced
        self._total, self._fetch, self._pending = None, None, False
        self._sparse, self._held = False, 0
        self._wanted.clear()
        waiters, self._waiters = self._waiters, []
        for *_span, done in waiters:
            done(False)

    def _fetch_page(self) -> None:
        if self._fetch is None or self._pending or self.is_complete():
            return
        assert self._total is not None
        start = len(self._rows)
        # a user who keeps scrolling gets bigger pages: as many rows as already held, up
        # to MAX_FETCH (fewer round trips; each load reaches the view in one insertion)
        end = min(start + min(max(self._page_size, start), MAX_FETCH), self._total)
        self._pending = True
        generation = self._generation

        def arrived(rows: Sequence[Any] | None) -> None:
            if generation != self._generation or start != len(self._rows):
                return  # stale: the grid was refilled meanwhile
            self._pending = False
            if rows is None:
                return  # failed: scrolling again retries
            if not rows:  # fewer rows than counted (changed meanwhile): stop here
                self._total = len(self._rows)
                return
            self._rows.extend(rows)
            self.fetchMore(QModelIndex())

        self._fetch(start, end, arrived)

    # --- sparse: the rows painted, loaded as they are asked for ---

    def _want(self, r: int) -> Formatted:
        """Row ``r`` painted without its row: blank until its page arrives."""
        page = r // self._page_size
        wanted = self._wanted
        if page in wanted:
            del wanted[page]
        wanted[page] = None  # the latest last
        if len(wanted) > WANTED_PAGES:
            del wanted[next(iter(wanted))]
        self._schedule_load()
        return self._blank

    def _schedule_load(self) -> None:
        # after the paint that asked (a load starting inside a paint would change the
        # busy indicator's widgets while Qt paints)
        if not self._load_scheduled:
            self._load_scheduled = True
            QTimer.singleShot(0, self, self._load_next)

    def _next_span(self) -> tuple[int, int] | None:
        """The rows to load next: those a load_rows waits for, then the latest page
        painted (with the pages painted next to it and the page below); None: nothing
        to load."""
        rows = self._rows
        while self._waiters:
            start, end, done = self._waiters[0]
            end = min(end, len(rows))
            missing = next((i for i in range(start, end) if rows[i] is None), None)
            if missing is None:
                self._waiters.pop(0)
                done(True)
                continue
            # the rows before it are held (a grid filled again drops its waiters): the
            # next look starts here, not at the start again (a copy of 100,000 rows
            # looked through the held ones at each page of them)
            self._waiters[0] = (missing, end, done)
            return missing, min(end, missing + MAX_FETCH)
        wanted, size = self._wanted, self._page_size
        while wanted:
            page = next(reversed(wanted))
            low = high = page
            while low - 1 in wanted and page - low < WANTED_PAGES:
                low -= 1
            while high + 1 in wanted and high - page < WANTED_PAGES:
                high += 1
            for p in range(low, high + 1):
                del wanted[p]
            # and the page below, when not held: scrolling on shows rows, not blanks
            end = min((high + 2) * size, len(self._rows))
            if (high + 1) * size >= end or self._rows[(high + 1) * size] is not None:
                end = min((high + 1) * size, len(self._rows))
            span = range(low * size, end)
            absent = [i for i in span if self._rows[i] is None]
            if absent:
                return absent[0], absent[-1] + 1
        return None

    def _load_next(self) -> None:
        self._load_scheduled = False
        if not self._sparse or self._pending or self._fetch is None:
            return
        span = self._next_span()
        if span is None:
            return
        start, end = span
        self._pending = True
        generation = self._generation

        def arrived(rows: Sequence[Any] | None) -> None:
            if generation != self._generation:
                return  # stale: the grid was filled again meanwhile
            self._pending = False
            if rows is None or len(rows) < end - start:
                # failed (scrolling again retries), or fewer rows than asked (changed
                # meanwhile): nothing is asked again until the user scrolls or reloads
                self._wanted.clear()
                waiters, self._waiters = self._waiters, []
                for *_span, done in waiters:
                    done(False)
                if not rows:
                    return
            self._hold(start, rows)
            self._load_next()

        self._fetch(start, end, arrived)

    def _hold(self, start: int, rows: Sequence[Any]) -> None:
        end = min(start + len(rows), len(self._rows))
        if end <= start:
            return
        self._held += sum(1 for row in self._rows[start:end] if row is None)
        self._rows[start:end] = rows[: end - start]
        self._shown[start:end] = [None] * (end - start)
        self.dataChanged.emit(self.index(start, 0), self.index(end - 1, len(self._columns) - 1))

    def _end_reset(self) -> None:
        # a listener of modelReset may call fetchMore before the others have seen the reset:
        # rows inserted then would reach them out of order, so fetching waits till it is over
        self._resetting = True
        try:
            self.endResetModel()
        finally:
            self._resetting = False

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        col = self._columns[column]
        descending = order == Qt.SortOrder.DescendingOrder
        self._rows = sorted_rows(self._rows, col.get, col.kind, descending)

    def _clear_pages(self) -> None:
        self._shown = [None] * min(self._page_size, len(self._rows))

    @staticmethod
    def _text(column: Column[Any], value: Any) -> str:
        return cell_text(column, value)

    def _formatted(self, r: int) -> Formatted:
        """Row ``r``'s display texts and colours (formatted once, when first asked)."""
        done = self._shown[r]
        if done is None:
            row = self._rows[r]
            if row is None:
                return self._want(r)
            values = [column.get(row) for column in self._columns]
            pairs = tuple(zip(self._columns, values, strict=True))
            texts = tuple(self._text(c, v) for c, v in pairs)
            done = self._shown[r] = (
                texts,
                tuple(self.cell_foreground(c, v, row) for c, v in pairs),
            )
        return done
