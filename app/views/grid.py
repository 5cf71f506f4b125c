"""GridView: the QTableView every section uses.

Ctrl+C copies the selected cells as tab-separated text (pastes into a spreadsheet;
app.views.copying: a big selection is formatted off the GUI thread);
``export_to`` writes the grid as filtered (every row, not only the fetched ones)
through app.export, the same code as the ``export`` command; the header's context
menu hides and shows columns; widths, order, hidden columns and sort are saved per
grid; with no rows, the viewport shows a hint ("Nenhum título…") or "Carregando…".

The grid overrides no paint method: a Python ``paintEvent`` would keep the GIL for the
whole of Qt's painting (the worker threads' database answers waited behind it); the hint
is a label over the viewport instead. Its cells are painted by app.views.cells'
delegate, from the model's formatted texts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QStyle,
    QTableView,
    QWidget,
)

from app.models.base import RowTableModel
from app.tasks import TaskChannel
from app.views.cells import CellDelegate
from app.views.copying import AT_ONCE, Chosen, chosen_cells, tsv
from app.views.widgets import count_text

log = logging.getLogger(__name__)

FIT_ROWS = 60  # rows measured to size the columns: a screenful and then some
HINT_TOP = 24  # the empty grid's hint, below the header


class GridView(QTableView):
    """A section's grid over a RowTableModel.

    Signals:
        notice(str): a message for the status bar (a big copy started, done).
    """

    notice = Signal(str)

    def __init__(
        self,
        *,
        name: str,
        accessible_name: str,
        empty_text: str,
        select_rows: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self._empty_text = empty_text
        self._loading = False
        self._fitting = False
        self._user_sized = False  # the user (or saved state) chose the widths: keep them
        self._fit_pending = True  # size the columns to the next rows (fit_next_rows)
        self._copying = TaskChannel(self)  # a big copy's formatting, off the GUI thread
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setItemDelegate(CellDelegate(self))
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(
            QAbstractItemView.SelectionBehavior.SelectRows
            if select_rows
            else QAbstractItemView.SelectionBehavior.SelectItems
        )
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # always there: the rows arriving do not narrow the grid (a second layout and a
        # second paint of every cell, and the last column jumping under the clerk's eyes)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setSortIndicatorShown(False)
        header.sortIndicatorChanged.connect(lambda *_: header.setSortIndicatorShown(True))
        header.sectionResized.connect(self._section_resized)
        self.hint = QLabel(self)  # "Nenhum título…" or "Carregando…" while empty
        self.hint.setObjectName(f"{name}_hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        palette = self.hint.palette()
        palette.setColor(QPalette.ColorRole.WindowText, palette.placeholderText().color())
        self.hint.setPalette(palette)
        self.hint.hide()

    def setModel(self, model: Any) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        # The header's own selection, empty: Qt's header asks its selection whether
        # each column it paints (and its neighbours) is selected, which walks every row
        # through the model (calls into Python): with the grid's selection, Ctrl+A over
        # the whale's 100,000 rows froze the window for seconds at each repaint of the
        # header. It highlights no section (setHighlightSections(False)) and a click on
        # it sorts; QTableView sets its own selection again with each model.
        if model is not None:
            header = self.horizontalHeader()
            header.setSelectionModel(QItemSelectionModel(model, header))
            model.modelReset.connect(self._model_reset)
            for signal in (model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                signal.connect(self._update_hint)
        self._update_hint()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            delegate = self.itemDelegate()
            if isinstance(delegate, CellDelegate):
                delegate.forget_texts()

    def _section_resized(self, logical: int, _old: int, _new: int) -> None:
        if self._fitting or self._is_stretched(logical):
            return  # our own fitting, or the header stretching its last column to the width
        self._user_sized = True

    def _is_stretched(self, logical: int) -> bool:
        header = self.horizontalHeader()
        if not header.stretchLastSection():
            return False
        visible = [
            header.visualIndex(c) for c in range(header.count()) if not header.isSectionHidden(c)
        ]
        return bool(visible) and header.visualIndex(logical) == max(visible)

    def _model_reset(self) -> None:
        # other rows (a sort, a filter, another customer): from their first one; left
        # where it was, the view would sit at the end of the first page and fetch the next
        self.scrollToTop()
        if self._fit_pending and not self._user_sized and self.model().rowCount() > 0:
            self._fit_pending = False
            self.fit_columns()
        # laid out now, scroll bars included, rather than by events queued behind the
        # window's next paint: painted once at its final width, not once more after
        self.doItemsLayout()
        QCoreApplication.sendPostedEvents(self, QEvent.Type.LayoutRequest)
        self._update_hint()

    def fit_next_rows(self) -> None:
        """Size the columns to the next rows that arrive (another customer's). The
        filters, sorts and dates of the same customer keep the widths: the columns do
        not jump under the clerk's eyes, and a status toggled costs no measuring."""
        self._fit_pending = True

    # --- state ---

    def grid_model(self) -> RowTableModel:
        model = self.model()
        assert isinstance(model, RowTableModel)
        return model

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self._update_hint()

    def set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self._update_hint()

    def hint_text(self) -> str:
        """What the empty grid says (nothing while it has rows)."""
        return self.hint.text() if self.hint.isVisibleTo(self) else ""

    def _update_hint(self, *_: object) -> None:
        model = self.model()
        text = self.tr("Carregando…") if self._loading else self._empty_text
        empty = model is None or model.rowCount() == 0
        if empty and text:
            self.hint.setText(text)
            self._place_hint()
        self.hint.setVisible(empty and bool(text))

    def _place_hint(self) -> None:
        area = self.viewport().geometry()
        self.hint.setGeometry(area.adjusted(0, HINT_TOP, 0, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_hint()

    def fit_columns(self) -> None:
        """Size the columns to their contents (the first rows, what the user sees first,
        and the header), within reason. Measured here from the texts rather than by Qt's
        resizeColumnToContents, which asks the model for every role of every cell: a third
        of a second on the GUI thread for a page of 200 rows."""
        header = self.horizontalHeader()
        model = self.grid_model()
        cells = self.fontMetrics()
        bold = QFont(header.font())
        bold.setBold(True)
        titles = QFontMetrics(bold)
        padding = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 12
        measured: dict[str, int] = {}  # dates, empresas, statuses repeat down a column
        self._fitting = True
        try:
            for column in range(header.count()):
                title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                width = max(
                    (titles.horizontalAdvance(line) for line in title.split("\n")), default=0
                )
                for text in model.fit_texts(column, FIT_ROWS):
                    advance = measured.get(text)
                    if advance is None:
                        advance = measured[text] = cells.horizontalAdvance(text)
                    width = max(width, advance)
                header.resizeSection(column, min(max(width + padding, 40), 340))
        finally:
            self._fitting = False

    def save_state(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_state(self, state: QByteArray | None) -> bool:
        """Restore widths, order, hidden columns and sort; False when there was nothing."""
        if state is None:
            return False
        header = self.horizontalHeader()
        self._fitting = True
        try:
            if not header.restoreState(state):
                return False
        finally:
            self._fitting = False
        self._user_sized = True
        if header.isSortIndicatorShown():
            self.grid_model().sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        return True

    # --- copy ---

    def _tsv(self, chosen: Chosen) -> Callable[[], str]:
        """The text of ``chosen`` (its rows held) from a snapshot of its rows: callable
        off the GUI thread."""
        model = self.grid_model()
        rows = [model.row_at(r) for r in chosen.rows]
        columns = [model.columns[c] for c in chosen.columns]
        return partial(tsv, rows, columns, chosen.columns, chosen.only)

    def selected_rows(self) -> list[int]:
        """The rows with a selected cell, in order (from the selection's ranges: Ctrl+A
        over 100,000 rows is one range, not 1.6 million indexes)."""
        rows: set[int] = set()
        if self.selectionModel() is not None:
            selection = self.selectionModel().selection()
            for i in range(selection.count()):
                span = selection.at(i)
                rows.update(range(span.top(), span.bottom() + 1))
        return sorted(rows)

    def copy_selection(self) -> None:
        """The selected cells to the clipboard; rows a sparse grid has not read yet are
        read first (off the GUI thread), then copied; a big selection is formatted off
        the GUI thread, the status bar saying so (``notice``)."""
        model, chosen = self.grid_model(), chosen_cells(self)
        rows = chosen.rows
        if not rows:
            return
        if not model.holds(rows[0], rows[-1] + 1):
            model.load_rows(rows[0], rows[-1] + 1, self._copy_loaded)
            return
        work = self._tsv(chosen)
        if chosen.cells() <= AT_ONCE:
            self._copying.cancel()  # a bigger copy still being formatted: this one wins
            self._copied(work())
            return
        self.notice.emit(self.tr("Copiando {n} linha(s)…").format(n=count_text(len(rows))))
        self._copying.run(work, partial(self._copied, lines=len(rows)), self._copy_failed)

    def _copy_loaded(self, loaded: bool) -> None:
        if loaded:
            self.copy_selection()

    def _copied(self, text: str, lines: int | None = None) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
        if lines is not None:
            self.notice.emit(self.tr("{n} linha(s) copiada(s)").format(n=count_text(lines)))

    def _copy_failed(self, exc: BaseException) -> None:
        log.warning("copy failed", exc_info=exc)
        self.notice.emit(self.tr("Não foi possível copiar as linhas selecionadas"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- columns ---

    def _header_menu(self, pos: QPoint) -> None:
        header = self.horizontalHeader()
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Colunas visíveis"))
        model: Any = self.model()
        visible = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        for column in sorted(range(header.count()), key=header.visualIndex):
            title = str(
                model.headerData(
                    column, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole
                )
                or ""
            )
            if not title:
                continue
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(header.isSectionHidden(column) or len(visible) > 1)
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.addSeparator()
        reset = menu.addAction(self.tr("Mostrar todas as colunas"))
        reset.triggered.connect(lambda: self._show_all(header))
        menu.exec(header.mapToGlobal(pos))

    def _show_all(self, header: QHeaderView) -> None:
        for column in range(header.count()):
            header.setSectionHidden(column, False)
