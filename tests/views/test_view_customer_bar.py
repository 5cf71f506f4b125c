"""The customer bar: search as you type (accents ignored, CPF with or without mask, code),
open with Enter or a click, and the credit-limit warning."""

from __future__ import annotations

import time

import pytest
from history_data import History, idle, open_customer
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.db import clientes
from app.views.cells import CellDelegate
from app.views.main_window import MainWindow
from app.views.widgets import BUSY_AFTER_MS


def type_and_wait(qtbot: QtBot, window: MainWindow, text: str) -> int:
    bar = window.customer_bar
    bar.search.setFocus()
    with qtbot.waitSignal(bar.search_finished, timeout=10_000) as blocker:
        qtbot.keyClicks(bar.search, text)
    return int(blocker.args[0])


def test_joao_finds_joao_with_cpf_city_and_total(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    assert type_and_wait(qtbot, window, "joao") == 1
    popup = window.customer_bar.popup
    assert popup.isVisible()
    model = popup.model
    assert model.index(0, 0).data() == "João da Silva"
    assert model.index(0, 1).data() == "529.982.247-25"
    assert model.index(0, 2).data() == "São Paulo/SP"
    assert model.index(0, 3).data() == "R$ 1.460,00"


def test_the_result_columns_fit_their_header_and_texts(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    assert type_and_wait(qtbot, window, "sil") >= 1
    popup = window.customer_bar.popup
    header, metrics = popup.view.horizontalHeader(), popup.view.fontMetrics()
    for column in range(1, popup.model.columnCount()):
        texts = [popup.model.index(r, column).data() for r in range(popup.model.rowCount())]
        widest = max(metrics.horizontalAdvance(t) for t in texts)
        size = header.sectionSize(column)
        assert size >= header.sectionSizeHint(column)  # the header's text is whole
        assert widest < size <= max(header.sectionSizeHint(column), widest + 24)
    # the name takes the rest of the popup
    assert sum(header.sectionSize(c) for c in range(header.count())) >= (
        popup.view.viewport().width() - 1
    )


def test_enter_opens_the_chosen_customer(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    type_and_wait(qtbot, window, "SOUZA")
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        qtbot.keyClick(window.customer_bar.search, Qt.Key.Key_Return)
    assert window.customer_bar.name_label.text() == "Maria Souza"
    assert not window.customer_bar.popup.isVisible()
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)


def test_arrow_keys_choose_and_a_click_opens(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    count = type_and_wait(qtbot, window, "silva")
    assert count == 1
    popup = window.customer_bar.popup
    qtbot.keyClick(window.customer_bar.search, Qt.Key.Key_Down)
    assert popup.current_row() == 0  # stays within the results
    view = popup.view
    rect = view.visualRect(popup.model.index(0, 0))
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.context is not None and window.context.cliente.codigo == "T0001"
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)


def test_cpf_with_and_without_mask_and_code(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    assert type_and_wait(qtbot, window, "529982") == 1
    window.customer_bar.search.clear()
    assert type_and_wait(qtbot, window, "529.982.247-25") == 1
    assert window.customer_bar.popup.model.index(0, 0).data() == "João da Silva"
    window.customer_bar.search.clear()
    assert type_and_wait(qtbot, window, "T0002") == 1
    assert window.customer_bar.popup.model.index(0, 0).data() == "Maria Souza"


def test_typing_fast_searches_once(qtbot: QtBot, window: MainWindow, history: History) -> None:
    bar = window.customer_bar
    finished: list[int] = []
    bar.search_finished.connect(finished.append)
    bar.search.setFocus()
    qtbot.keyClicks(bar.search, "maria sou")
    qtbot.waitUntil(lambda: bool(finished), timeout=10_000)
    qtbot.wait(300)
    assert finished == [1]


def test_nothing_found_says_so(qtbot: QtBot, window: MainWindow, history: History) -> None:
    assert type_and_wait(qtbot, window, "xyzxyz") == 0
    assert "Nenhum cliente encontrado" in window.customer_bar.popup.note.text()
    qtbot.keyClick(window.customer_bar.search, Qt.Key.Key_Escape)
    assert not window.customer_bar.popup.isVisible()


def test_enter_before_the_answer_opens_the_first_result(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    bar = window.customer_bar
    bar.search.setFocus()
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        qtbot.keyClicks(bar.search, "T0002")
        qtbot.keyClick(bar.search, Qt.Key.Key_Return)
    assert window.context is not None and window.context.cliente.codigo == "T0002"
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)


def test_no_warning_under_the_credit_limit(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    from history_data import open_customer

    open_customer(qtbot, window, "T0002")
    assert not window.customer_bar.warning.isVisibleTo(window)
    below = window.pages["financeiro"].mapTo(window, QPoint(0, 0)).y()
    open_customer(qtbot, window, "T0001")
    assert window.customer_bar.warning.isVisibleTo(window)
    assert "acima do limite" in window.customer_bar.warning.text()
    # the warning's room is kept: the history below stays where it was, with the
    # warning, without it and while the figures are on their way
    qtbot.wait(20)
    assert window.pages["financeiro"].mapTo(window, QPoint(0, 0)).y() == below
    window.customer_bar.set_summary(None)
    qtbot.wait(20)
    assert not window.customer_bar.warning.isVisibleTo(window)
    assert window.pages["financeiro"].mapTo(window, QPoint(0, 0)).y() == below


class _Paints(QObject):
    """Counts the paint events of the widgets it watches."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.count = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_results_paint_without_the_history_under_them(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    """The popup's background covers it: showing and repainting it as the clerk types
    does not paint the customer card, the grids and the charts it lies over first."""
    open_customer(qtbot, window, "T0001")
    type_and_wait(qtbot, window, "sil")
    popup = window.customer_bar.popup
    assert popup.isVisible()
    mine = {popup, *popup.findChildren(QWidget)}
    beneath = [
        w
        for w in window.findChildren(QWidget)
        if w not in mine
        and w.isVisible()
        and w.rect().translated(w.mapTo(window, QPoint(0, 0))).intersects(popup.geometry())
    ]
    assert window.customer_bar.card in beneath
    # what was already due (the deferred sections' answers, the typing) is painted now:
    # a repaint flushes every dirty region of the window, so only the popup's is counted
    window.repaint()
    paints = _Paints(beneath)
    popup.repaint()
    popup.view.viewport().repaint()
    assert paints.count == 0
    # and it does paint its own background: white under the note, at its corner
    image = popup.grab().toImage()
    assert image.pixelColor(popup.width() - 4, popup.height() - 4) == QColor("white")


def test_the_results_are_painted_from_their_texts_the_total_at_the_right(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    """The popup paints its cells with the grids' delegate: each cell's text as the
    roles give it, the TOTAL A RECEBER at the right of its cell, the name at the left."""
    assert type_and_wait(qtbot, window, "joao") == 1
    popup = window.customer_bar.popup
    assert isinstance(popup.view.itemDelegate(), CellDelegate)
    model = popup.model
    for column in range(model.columnCount()):
        index = model.index(0, column)
        cell = model.painted_cell(0, column)
        assert cell is not None
        text, _foreground, _background, right = cell
        assert text == index.data()
        alignment = index.data(Qt.ItemDataRole.TextAlignmentRole)
        assert right == bool(alignment & Qt.AlignmentFlag.AlignRight)
    assert model.painted_cell(1, 0) is None  # no second row
    popup.view.clearSelection()  # the cells in their own colours, not the selection's
    image = popup.view.viewport().grab().toImage()
    background = image.pixelColor(1, 1)
    for column, right in ((0, False), (3, True)):
        rect = popup.view.visualRect(model.index(0, column))
        ink = [
            x
            for x in range(rect.left() + 1, rect.right() - 1)
            if any(
                image.pixelColor(x, y) != background
                for y in range(rect.top() + 2, rect.bottom() - 1)
            )
        ]
        assert ink, f"column {column}: nothing painted"
        if right:
            assert rect.right() - ink[-1] <= 8
        else:
            assert ink[0] - rect.left() <= 8


def test_a_slow_search_says_it_is_searching_a_fast_one_shows_only_its_results(
    qtbot: QtBot, window: MainWindow, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No popup of the last results while a search runs: most answer in milliseconds.
    One that takes longer than BUSY_AFTER_MS shows "Buscando…" in an empty popup."""
    bar = window.customer_bar
    shown: list[tuple[int, str]] = []
    real_show = bar.popup.show

    def show() -> None:
        shown.append((bar.popup.model.rowCount(), bar.popup.note.text()))
        real_show()

    monkeypatch.setattr(bar.popup, "show", show)
    assert type_and_wait(qtbot, window, "joao") == 1
    assert shown and all(rows == 1 for rows, _note in shown)  # only with its results
    bar.hide_popup()
    bar.search.clear()
    shown.clear()

    real_search = clientes.search

    def slow_search(*args: object, **kwargs: object) -> object:
        time.sleep(BUSY_AFTER_MS / 1000 * 3)
        return real_search(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(clientes, "search", slow_search)
    bar.search.setFocus()
    with qtbot.waitSignal(bar.search_finished, timeout=10_000):
        qtbot.keyClicks(bar.search, "silva")
        qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
        assert shown[0] == (0, "Buscando…")  # the last results are not shown meanwhile
    assert bar.popup.model.rowCount() == 1
    assert "Buscando" not in bar.popup.note.text()
