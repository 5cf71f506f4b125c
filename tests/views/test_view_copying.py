"""Ctrl+C of a grid (app.views.copying): the selection's shape and texts, and a big
selection formatted off the GUI thread."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.db.columns import Column, Kind
from app.domain.titulos import Status
from app.models.base import RowTableModel
from app.views import copying
from app.views.grid import GridView

COLUMNS = [
    Column("nome", "NOME", Kind.TEXT, lambda r: r[0]),
    Column("valor", "VALOR", Kind.MONEY, lambda r: r[1]),
    Column("status", "STATUS", Kind.STATUS, lambda r: r[2]),
]


def make_grid(qtbot: QtBot, rows: list[tuple[Any, ...]]) -> tuple[GridView, RowTableModel]:
    grid = GridView(name="t", accessible_name="Teste", empty_text="Nada")
    model = RowTableModel(COLUMNS)
    grid.setModel(model)
    model.set_rows(rows)
    qtbot.addWidget(grid)
    grid.resize(500, 300)
    grid.show()
    qtbot.waitExposed(grid)
    return grid, model


def copy(qtbot: QtBot, grid: GridView) -> str:
    QGuiApplication.clipboard().setText("antes")
    qtbot.keyClick(grid, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "antes", timeout=20_000)
    return QGuiApplication.clipboard().text()


ROWS = [
    ("Ana\tMaria", Decimal("1234.5"), Status.VENCIDO.value),
    ("Bruno\nJosé", Decimal("-3"), Status.RECEBIDO.value),
    ("Carla", Decimal("0"), Status.EM_ABERTO.value),
]


def test_cells_in_several_ranges_copy_in_their_places(qtbot: QtBot) -> None:
    """Cells picked one by one (Ctrl+click): each row has the columns of every picked
    cell, empty where that row's cell was not picked; texts as the grid shows them."""
    grid, model = make_grid(qtbot, ROWS)
    selection = grid.selectionModel()
    for r, c in ((0, 0), (2, 2)):
        selection.select(model.index(r, c), QItemSelectionModel.SelectionFlag.Select)
    assert copy(qtbot, grid).split("\n") == ["Ana Maria\t", "\tEm aberto"]


def test_a_block_copies_its_rows_with_hidden_columns_left_out(qtbot: QtBot) -> None:
    grid, model = make_grid(qtbot, ROWS)
    grid.horizontalHeader().setSectionHidden(1, True)
    grid.selectAll()
    lines = copy(qtbot, grid).split("\n")
    assert lines == ["Ana Maria\tVencido", "Bruno José\tRecebido", "Carla\tEm aberto"]
    grid.horizontalHeader().setSectionHidden(1, False)
    grid.horizontalHeader().moveSection(2, 0)  # the header's order, not the model's
    grid.selectAll()
    assert copy(qtbot, grid).split("\n")[0] == "Vencido\tAna Maria\tR$ 1.234,50"


def test_a_big_selection_is_formatted_off_the_gui_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A, Ctrl+C over thousands of rows: the texts are built in a worker (the
    window answers meanwhile), the status bar is told, the clipboard gets every row."""
    rows = [(f"cliente {i}", Decimal(i) / 100, Status.EM_ABERTO.value) for i in range(4000)]
    grid, model = make_grid(qtbot, [])
    model.set_window(len(rows), rows, lambda *_: None, sparse=True)  # every row in the view
    threads: list[bool] = []
    real = copying.tsv

    def spy(*args: Any) -> str:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args)

    monkeypatch.setattr("app.views.grid.tsv", spy)
    notices: list[str] = []
    grid.notice.connect(notices.append)
    grid.selectAll()
    lines = copy(qtbot, grid).split("\n")
    assert len(lines) == 4000 and lines[1234] == "cliente 1234\tR$ 12,34\tEm aberto"
    assert threads == [False]
    qtbot.waitUntil(lambda: len(notices) == 2)
    assert notices == ["Copiando 4.000 linha(s)…", "4.000 linha(s) copiada(s)"]

    threads.clear()
    grid.clearSelection()
    grid.selectionModel().select(
        QItemSelection(grid.model().index(0, 0), grid.model().index(9, 2)),
        QItemSelectionModel.SelectionFlag.Select,
    )
    assert len(copy(qtbot, grid).split("\n")) == 10
    assert threads == [True]  # a small one at once


def test_the_header_paints_a_grid_all_selected_without_asking_every_row(qtbot: QtBot) -> None:
    """Ctrl+A over 100,000 rows: Qt's header asked the selection whether each column is
    selected, which walks every row through the model (two calls into Python a row, a
    column): seconds of a frozen window at each repaint of the header. The header has
    a selection of its own (empty: it neither highlights nor selects)."""

    class Counting(RowTableModel):
        calls = 0

        def rowCount(self, parent: Any = None) -> int:  # noqa: N802 - Qt's name
            Counting.calls += 1
            return super().rowCount() if parent is None else super().rowCount(parent)

    rows = [(f"cliente {i}", Decimal(i), Status.EM_ABERTO.value) for i in range(20_000)]
    grid = GridView(name="t", accessible_name="Teste", empty_text="Nada")
    model = Counting(COLUMNS)
    grid.setModel(model)
    model.set_window(len(rows), rows, lambda *_: None, sparse=True)
    qtbot.addWidget(grid)
    grid.resize(500, 300)
    grid.show()
    qtbot.waitExposed(grid)
    grid.selectAll()
    assert len(grid.selectedIndexes()) == 3 * 20_000  # the grid's own selection: all
    Counting.calls = 0
    grid.horizontalHeader().viewport().grab()
    assert Counting.calls < 1_000


def test_a_sparse_grid_knows_which_rows_it_holds_without_comparing_them(
    qtbot: QtBot,
) -> None:
    """holds() by identity: "None in rows" asked every row's __eq__ (a call into Python
    each; a selection of 100,000 títulos spent a tenth of a second there)."""

    class Row(tuple):  # type: ignore[type-arg]
        def __eq__(self, other: object) -> bool:
            raise AssertionError("compared")

        __hash__ = tuple.__hash__

    rows = [Row((f"c{i}", Decimal(i), Status.EM_ABERTO.value)) for i in range(300)]
    model = RowTableModel(COLUMNS)
    model.set_window(1000, rows, lambda *_: None, sparse=True)
    assert model.holds(0, 300) and not model.holds(0, 301) and not model.holds(500, 600)
