"""CellDelegate: how the grids paint their cells.

Qt's item delegate asks the model for seven roles of every cell it paints (one call
from C++ into Python, multiData, and a QVariant per role) and lays each text out with a
QTextLayout; a screenful of the whale's Financeiro (16 rows of 16 columns) took 17-18 ms
of the GUI thread that way, on the critical path of every operation that changes the
grid. This delegate takes the cell from the model's formatted texts in one Python call
(RowTableModel.painted_cell) and draws it as Qt's Fusion style does: the row's
background or the selection, the text in its colour (elided when it does not fit), the
focus frame of the current cell. Each distinct text is laid out once (a QStaticText,
with its width) and the palette's colours are asked once, not per cell. A model that
answers roles of its own (an icon column) is painted by Qt's delegate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QWidget,
)

from app.models.base import RowTableModel
from app.models.search import SearchResultsModel

# the models whose cells this delegate paints: they answer painted_cell(row, column)
_PAINTED_MODELS = (RowTableModel, SearchResultsModel)

# the state flags as plain ints: tested per cell without the enum machinery
_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUSED = QStyle.StateFlag.State_HasFocus.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
MAX_TEXTS = 5_000  # texts a delegate keeps laid out (~1 KB each)


def fitted(text: str, advance: int, metrics: QFontMetrics, width: int) -> str:
    """``text`` (``advance`` pixels wide) as it fits in ``width`` pixels: whole, or cut
    with "…" at its end."""
    if advance <= width:
        return text
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def colour_group(state: int) -> QPalette.ColorGroup:
    if not state & _ENABLED:
        return QPalette.ColorGroup.Disabled
    return QPalette.ColorGroup.Normal if state & _ACTIVE else QPalette.ColorGroup.Inactive


@dataclass(frozen=True)
class _Colours:
    """A palette's colours of one colour group, as the cells paint them."""

    highlight: QBrush
    highlighted_text: QColor
    text: QColor


class CellDelegate(QStyledItemDelegate):
    """Paints a RowTableModel's (or the search results') cells from their formatted
    texts (see the module)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        # the text's margin inside its cell, as Qt's styles keep it
        self._margin = parent.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        # each text laid out once in the grid's font, with its width and height (dates,
        # empresas, statuses repeat down a column; a measure per cell was a sixth of a
        # paint, and Qt laid every text out again at each drawText)
        self._texts: dict[str, tuple[QStaticText, int, int]] = {}
        # (palette, colour group) -> its colours: asked once, not per cell
        self._colours: dict[tuple[int, int], _Colours] = {}

    def forget_texts(self) -> None:
        """The grid's font or style changed: lay the texts out again."""
        self._texts.clear()
        self._colours.clear()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # Only calls that keep the GIL here (plain ints, cached colours and texts, no
        # Qt value built per cell): PySide lets the GIL go in calls that build Qt values
        # (QRect.adjusted, QPalette.color, drawText's layout), and a worker running
        # Python meanwhile made each such call wait for it, a paint 4 -> 10+ ms.
        model = index.model()
        cell = (
            model.painted_cell(index.row(), index.column())
            if isinstance(model, _PAINTED_MODELS)
            else None
        )
        if cell is None:
            super().paint(painter, option, index)
            return
        text, foreground, background, right = cell
        rect, state = option.rect, option.state.value
        colours = self._colours_of(option.palette, state)
        selected = state & _SELECTED
        if selected:
            painter.fillRect(rect, colours.highlight)
        elif background is not None:
            painter.fillRect(rect, background)
        if text:
            if selected:
                painter.setPen(colours.highlighted_text)
            else:
                painter.setPen(foreground if foreground is not None else colours.text)
            x, y, width, height = cast(tuple[int, int, int, int], rect.getRect())
            margin = self._margin
            width -= 2 * margin
            static, advance, tall = self._texts.get(text) or self._laid_out(text, option)
            if advance > width:
                static, advance, tall = self._laid_out(
                    fitted(text, advance, option.fontMetrics, width), option
                )
            left = x + margin + (width - advance if right else 0)
            painter.drawStaticText(left, y + (height - tall) // 2, static)
        if state & _FOCUSED:
            self._focus_frame(painter, option, colour_group(state), bool(selected))

    def _laid_out(self, text: str, option: QStyleOptionViewItem) -> tuple[QStaticText, int, int]:
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) >= MAX_TEXTS:
                self._texts.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            metrics = option.fontMetrics
            found = self._texts[text] = (static, metrics.horizontalAdvance(text), metrics.height())
        return found

    def _colours_of(self, palette: QPalette, state: int) -> _Colours:
        # the colour group as an int (not the enum: a tenth of a cell's time)
        group = 0 if not state & _ENABLED else 1 if state & _ACTIVE else 2
        key = (palette.cacheKey(), group)
        found = self._colours.get(key)
        if found is None:
            if len(self._colours) >= 16:
                self._colours.clear()
            qt_group = colour_group(state)
            found = self._colours[key] = _Colours(
                palette.brush(qt_group, QPalette.ColorRole.Highlight),
                palette.color(qt_group, QPalette.ColorRole.HighlightedText),
                palette.color(qt_group, QPalette.ColorRole.Text),
            )
        return found

    def _focus_frame(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        group: QPalette.ColorGroup,
        selected: bool,
    ) -> None:
        """The current cell's frame, as QStyledItemDelegate draws it."""
        frame = QStyleOptionFocusRect()
        frame.rect = option.rect
        frame.state = option.state | QStyle.StateFlag.State_KeyboardFocusChange
        frame.state |= QStyle.StateFlag.State_Item
        frame.palette = option.palette
        frame.backgroundColor = option.palette.color(
            group, QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Window
        )
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, widget)
