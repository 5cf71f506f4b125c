"""The grids' cell delegate (app.views.cells): it paints what the model's roles say,
from the model's formatted texts, as Qt's own delegate would."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPalette
from pytestqt.qtbot import QtBot

from app.db.columns import Column, Kind
from app.domain.titulos import Status
from app.models.base import RowTableModel
from app.models.cell_texts import STATUS_COLORS
from app.views.cells import CellDelegate, fitted
from app.views.grid import GridView

COLUMNS = [
    Column("nome", "NOME", Kind.TEXT, lambda r: r[0]),
    Column("valor", "VALOR", Kind.MONEY, lambda r: r[1]),
    Column("status", "STATUS", Kind.STATUS, lambda r: r[2]),
]
ROWS = [
    ("Ana", Decimal("10.50"), Status.VENCIDO.value),
    ("Bruno", Decimal("-3.00"), Status.RECEBIDO.value),
    ("Carla", Decimal("0.00"), Status.EM_ABERTO.value),
]


class Highlighted(RowTableModel):
    """A model with a row background (as Programação's overdue events)."""

    def row_background(self, row: tuple[object, ...]) -> QColor | None:
        return QColor("#fff3cd") if row[0] == "Bruno" else None


def make_grid(qtbot: QtBot, model: RowTableModel) -> GridView:
    grid = GridView(name="t", accessible_name="Teste", empty_text="Nada")
    grid.setModel(model)
    qtbot.addWidget(grid)
    grid.resize(420, 200)
    grid.show()
    qtbot.waitExposed(grid)
    return grid


def colours_in(image: QImage, left: int, top: int, width: int, height: int) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for x in range(left, left + width)
        for y in range(top, top + height)
    }


def test_a_painted_cell_is_what_the_roles_of_the_cell_say(qtbot: QtBot) -> None:
    model = Highlighted(COLUMNS)
    model.set_rows(ROWS)
    make_grid(qtbot, model)
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            cell = model.painted_cell(r, c)
            assert cell is not None
            text, foreground, background, right = cell
            assert text == model.data(index, Qt.ItemDataRole.DisplayRole)
            assert foreground == model.data(index, Qt.ItemDataRole.ForegroundRole)
            assert background == model.data(index, Qt.ItemDataRole.BackgroundRole)
            alignment = model.data(index, Qt.ItemDataRole.TextAlignmentRole)
            assert right == bool(alignment & Qt.AlignmentFlag.AlignRight)
    assert model.painted_cell(1, 2) == (
        "Recebido",
        STATUS_COLORS[Status.RECEBIDO],
        QColor("#fff3cd"),
        False,
    )
    assert model.painted_cell(0, 1)[3] is True  # money to the right
    assert model.painted_cell(3, 0) is None  # no such row


def test_a_model_with_roles_of_its_own_is_painted_by_qt(qtbot: QtBot) -> None:
    class WithIcon(RowTableModel):
        def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            return super().data(index, role)

    model = WithIcon(COLUMNS)
    model.set_rows(ROWS)
    assert model.painted_cell(0, 0) is None


def test_the_grid_paints_texts_in_their_colours_and_the_selection(qtbot: QtBot) -> None:
    model = Highlighted(COLUMNS)
    model.set_rows(ROWS)
    grid = make_grid(qtbot, model)
    assert isinstance(grid.itemDelegate(), CellDelegate)
    grid.selectionModel().select(model.index(2, 0), QItemSelectionModel.SelectionFlag.Select)
    image = grid.viewport().grab().toImage()

    def cell(r: int, c: int) -> set[str]:
        rect = grid.visualRect(model.index(r, c))
        return colours_in(image, rect.left(), rect.top(), rect.width(), rect.height())

    vencido = STATUS_COLORS[Status.VENCIDO]
    assert any(_close(QColor(name), vencido) for name in cell(0, 2))  # the status's colour
    assert not any(_close(QColor(name), vencido) for name in cell(0, 0))
    assert "#fff3cd" in cell(1, 0)  # the row's background
    highlight = grid.palette().color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    active = grid.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    assert {highlight.name(), active.name()} & cell(2, 0)  # selected
    assert not {highlight.name(), active.name()} & cell(2, 1)
    assert len(cell(0, 0)) > 2  # text was drawn (more than the background and the grid)


def _close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    """Antialiased text: its darkest pixels near the pen's colour."""
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_a_text_that_does_not_fit_is_cut_with_an_ellipsis(qtbot: QtBot) -> None:
    metrics = QFontMetrics(QFont())
    text = "Uma descrição de produto bem comprida"
    width = metrics.horizontalAdvance(text)
    assert fitted(text, width, metrics, width) == text
    cut = fitted(text, width, metrics, width // 2)
    assert cut.endswith("…") and len(cut) < len(text)
    assert metrics.horizontalAdvance(cut) <= width // 2


def test_the_texts_are_laid_out_again_in_another_font(qtbot: QtBot) -> None:
    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    grid = make_grid(qtbot, model)
    delegate = grid.itemDelegate()
    assert isinstance(delegate, CellDelegate)
    grid.viewport().grab()
    assert delegate._texts  # laid out once while painting
    font = QFont(grid.font())
    font.setPointSize(font.pointSize() + 6)
    grid.setFont(font)
    assert not delegate._texts


def test_the_current_cell_shows_its_focus_frame_as_qt_draws_it(qtbot: QtBot) -> None:
    """Keyboard-only use: the cell with the keyboard focus is framed, the same pixels
    as Qt's own delegate draws for it."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    grid = make_grid(qtbot, model)

    def render(delegate: QStyledItemDelegate, focused: bool) -> QImage:
        image = QImage(120, 24, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        option = QStyleOptionViewItem()
        grid.initViewItemOption(option)
        option.rect = QRect(0, 0, 120, 24)
        option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Active
        if focused:
            option.state |= QStyle.StateFlag.State_HasFocus
        delegate.paint(painter, option, model.index(0, 0))
        painter.end()
        return image

    ours = grid.itemDelegate()
    assert isinstance(ours, CellDelegate)
    qt = QStyledItemDelegate(grid)
    plain, framed, qt_framed = render(ours, False), render(ours, True), render(qt, True)
    border = [(x, 0) for x in range(120)] + [(0, y) for y in range(24)]
    border += [(x, 23) for x in range(120)] + [(119, y) for y in range(24)]
    assert any(plain.pixel(x, y) != framed.pixel(x, y) for x, y in border)
    assert [framed.pixel(x, y) for x, y in border] == [qt_framed.pixel(x, y) for x, y in border]


def _ink_columns(image: QImage, rect: QRect, background: set[str]) -> list[int]:
    """The x of every column of ``rect`` with a pixel of text (not the background or
    the grid's lines)."""
    return [
        x
        for x in range(rect.left() + 1, rect.right() - 1)
        if any(
            image.pixelColor(x, y).name() not in background
            for y in range(rect.top() + 2, rect.bottom() - 1)
        )
    ]


def test_numbers_sit_at_the_right_of_their_cell_and_texts_at_the_left(qtbot: QtBot) -> None:
    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    grid = make_grid(qtbot, model)
    grid.setColumnWidth(0, 160)
    grid.setColumnWidth(1, 160)
    image = grid.viewport().grab().toImage()
    for column, right in ((0, False), (1, True)):
        rect = grid.visualRect(model.index(0, column))
        background = {image.pixelColor(rect.left() + 1, rect.top() + 1).name()}
        ink = _ink_columns(image, rect, background)
        assert ink, "nothing painted"
        if right:
            assert rect.right() - ink[-1] <= 8 and ink[0] - rect.left() > 60
        else:
            assert ink[0] - rect.left() <= 8 and rect.right() - ink[-1] > 60


def test_a_text_too_wide_for_its_column_stays_inside_its_cell(qtbot: QtBot) -> None:
    rows = [
        (
            "Uma descrição de produto bem comprida que não cabe",
            Decimal("1.00"),
            Status.EM_ABERTO.value,
        )
    ]
    model = RowTableModel(COLUMNS)
    model.set_rows(rows)
    grid = make_grid(qtbot, model)
    grid.setColumnWidth(0, 80)
    grid.setColumnWidth(1, 160)
    image = grid.viewport().grab().toImage()
    first, second = (grid.visualRect(model.index(0, c)) for c in (0, 1))
    background = {image.pixelColor(second.left() + 2, second.top() + 2).name()}
    assert _ink_columns(image, first, background)  # the cut text with its "…"
    ink = _ink_columns(image, second, background)
    assert ink and ink[0] - second.left() > 40  # the money at its right, nothing spilled


def test_a_text_that_looks_like_markup_is_painted_as_written(qtbot: QtBot) -> None:
    rows = [
        ("<b>A</b>", Decimal("1.00"), Status.EM_ABERTO.value),
        ("A", Decimal("1.00"), Status.EM_ABERTO.value),
    ]
    model = RowTableModel(COLUMNS)
    model.set_rows(rows)
    grid = make_grid(qtbot, model)
    grid.setColumnWidth(0, 200)
    image = grid.viewport().grab().toImage()
    widths = []
    for r in range(2):
        rect = grid.visualRect(model.index(r, 0))
        background = {image.pixelColor(rect.right() - 2, rect.top() + 2).name()}
        ink = _ink_columns(image, rect, background)
        widths.append(ink[-1] - ink[0])
    assert widths[0] > 3 * widths[1]  # "<b>A</b>", not a bold "A"


def test_a_new_palette_paints_the_texts_in_its_colours(qtbot: QtBot) -> None:
    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    grid = make_grid(qtbot, model)
    grid.viewport().grab()  # the default palette's colours remembered
    palette = grid.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Text, QColor("#00c000"))
    grid.setPalette(palette)
    image = grid.viewport().grab().toImage()
    rect = grid.visualRect(model.index(0, 0))
    painted = colours_in(image, rect.left(), rect.top(), rect.width(), rect.height())
    assert any(_close(QColor(name), QColor("#00c000"), 30) for name in painted)


def test_the_texts_kept_laid_out_are_bounded(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clerk scrolling through 100,000 títulos meets as many distinct texts: the
    delegate keeps at most MAX_TEXTS of them (~1 KB each) and still paints the rest."""
    from app.views import cells

    monkeypatch.setattr(cells, "MAX_TEXTS", 4)
    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    grid = make_grid(qtbot, model)
    image = grid.viewport().grab().toImage()
    delegate = grid.itemDelegate()
    assert isinstance(delegate, CellDelegate)
    assert 0 < len(delegate._texts) <= 4
    rect = grid.visualRect(model.index(2, 0))
    assert len(colours_in(image, rect.left(), rect.top(), rect.width(), rect.height())) > 2
