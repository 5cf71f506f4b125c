"""GridView on its own: the empty grid's hint."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.db.columns import Column, Kind
from app.models.base import RowTableModel
from app.views.grid import GridView

COLUMNS = [Column("nome", "NOME", Kind.TEXT, lambda r: r[0])]


def make_grid(qtbot: QtBot) -> tuple[GridView, RowTableModel]:
    grid = GridView(name="t", accessible_name="Teste", empty_text="Nada aqui")
    model = RowTableModel(COLUMNS)
    grid.setModel(model)
    qtbot.addWidget(grid)
    grid.resize(500, 300)
    grid.show()
    qtbot.waitExposed(grid)
    return grid, model


def test_an_empty_grid_says_so_and_loading_says_carregando(qtbot: QtBot) -> None:
    grid, model = make_grid(qtbot)
    assert grid.hint_text() == "Nada aqui"
    grid.set_loading(True)
    assert grid.hint_text() == "Carregando…"
    model.set_rows([("a",), ("b",)])
    assert grid.hint_text() == ""  # rows: no hint, loading or not
    grid.set_loading(False)
    model.set_rows([])
    assert grid.hint_text() == "Nada aqui"
    grid.set_empty_text("")
    assert grid.hint_text() == ""


def test_the_hint_spans_the_viewport_below_the_header_as_the_grid_resizes(
    qtbot: QtBot,
) -> None:
    grid, _model = make_grid(qtbot)
    for width, height in ((500, 300), (820, 400), (320, 200)):
        grid.resize(width, height)
        qtbot.waitUntil(lambda w=width: grid.width() == w)
        hint, viewport = grid.hint.geometry(), grid.viewport().geometry()
        assert hint.left() == viewport.left() and hint.width() == viewport.width()
        assert hint.top() > grid.horizontalHeader().geometry().bottom()
        assert viewport.contains(hint.topLeft())


def test_the_grid_leaves_painting_to_qt() -> None:
    # a Python paintEvent holds the GIL for all of Qt's painting of the grid: the worker
    # threads' answers (a customer's figures) waited behind every repaint
    assert "paintEvent" not in vars(GridView)


def test_copying_rows_a_sparse_grid_has_not_read_reads_them_first(qtbot: QtBot) -> None:
    """Ctrl+A, Ctrl+C over a grid of rows mostly never painted: the copy waits for
    them to be read (off the GUI thread, in a real page) and then has every one."""
    from collections.abc import Callable
    from typing import Any

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    rows = [(f"linha {i}",) for i in range(3000)]
    asked: list[tuple[int, int]] = []

    def fetch(start: int, end: int, done: Callable[[Any], None]) -> None:
        asked.append((start, end))
        done(rows[start:end])

    grid, model = make_grid(qtbot)
    model.set_window(len(rows), rows[:200], fetch, sparse=True)
    QGuiApplication.clipboard().setText("antes")
    grid.selectAll()
    qtbot.keyClick(grid, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "antes", timeout=5000)
    assert QGuiApplication.clipboard().text().split("\n") == [r[0] for r in rows]
    assert (200, 3000) in asked and model.is_complete()


def test_a_busy_indicator_shows_only_for_a_load_that_lasts(qtbot: QtBot) -> None:
    """No flicker for the loads that answer in tens of milliseconds: the indicator
    shows once a load has run BUSY_AFTER_MS, and goes as soon as it ends."""
    from PySide6.QtWidgets import QWidget

    from app.views.widgets import BUSY_AFTER_MS, BusyIndicator

    page = QWidget()
    qtbot.addWidget(page)
    busy = BusyIndicator(page)
    page.show()
    busy.set_busy(True)
    busy.set_busy(False)  # a short load: never shown
    qtbot.wait(BUSY_AFTER_MS + 100)
    assert busy.isHidden()

    busy.set_busy(True)
    assert busy.isHidden()  # not yet
    qtbot.wait(BUSY_AFTER_MS // 2)
    busy.set_busy(True)  # the same load goes on
    qtbot.waitUntil(busy.isVisible, timeout=2 * BUSY_AFTER_MS)
    busy.set_busy(False)
    assert busy.isHidden()  # at once
