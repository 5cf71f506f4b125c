"""CellDelegate: how the grids paint their cells.

Qt's item delegate asks the model for seven roles of every cell it paints (one call
from C++ into Python, multiData, and a QVariant per role) and lays each text out with a
QTextLayout; a screenful of the whale's Financeiro (16 rows of 16 columns) took 17-18 ms
of the GUI thread that way, on the critical path of every operation that changes the
grid. This delegate takes the cell from the model's formatted texts in one Python call
(RowTableModel.painted_cell) and draws it as Qt's Fusion style does: the row's
background or the selection, the text in its colour (elided when it does not fit), the
focus frame of the current cell (10-11 ms). A model that answers roles of its own
(an icon column) is painted by Qt's delegate.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QWidget,
)

from app.models.base import RowTableModel

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
# the state flags as plain ints: tested per cell without the enum machinery
_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUSED = QStyle.StateFlag.State_HasFocus.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
MAX_WIDTHS = 50_000  # texts whose width a delegate remembers


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


class CellDelegate(QStyledItemDelegate):
    """Paints a RowTableModel's cells from its formatted texts (see the module)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        # the text's margin inside its cell, as Qt's styles keep it
        self._margin = parent.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        # each text's width in the grid's font (dates, empresas, statuses repeat down a
        # column; a measure per cell was a sixth of a paint)
        self._widths: dict[str, int] = {}

    def forget_widths(self) -> None:
        """The grid's font changed: measure the texts again."""
        self._widths.clear()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        cell = (
            model.painted_cell(index.row(), index.column())
            if isinstance(model, RowTableModel)
            else None
        )
        if cell is None:
            super().paint(painter, option, index)
            return
        text, foreground, background, right = cell
        rect, state, palette = option.rect, option.state.value, option.palette
        group = colour_group(state)
        selected = bool(state & _SELECTED)
        if selected:
            painter.fillRect(rect, palette.brush(group, QPalette.ColorRole.Highlight))
        elif background is not None:
            painter.fillRect(rect, background)
        if text:
            if selected:
                painter.setPen(palette.color(group, QPalette.ColorRole.HighlightedText))
            else:
                painter.setPen(
                    foreground
                    if foreground is not None
                    else palette.color(group, QPalette.ColorRole.Text)
                )
            area = rect.adjusted(self._margin, 0, -self._margin, 0)
            metrics = option.fontMetrics
            advance = self._widths.get(text)
            if advance is None:
                if len(self._widths) >= MAX_WIDTHS:
                    self._widths.clear()
                advance = self._widths[text] = metrics.horizontalAdvance(text)
            shown = fitted(text, advance, metrics, area.width())
            painter.drawText(area, _RIGHT if right else _LEFT, shown)
        if state & _FOCUSED:
            self._focus_frame(painter, option, group, selected)

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
