"""The window answers while a 100,000-título customer loads and the clerk hurries:
scrolls to the end, re-sorts, filters and switches sections without waiting for the
answers. The GUI thread never works 100 ms at a stretch, and what is finally shown is
the answer to the last request (stale ones dropped)."""

from __future__ import annotations

import pytest
from history_data import TODAY, Heartbeat, History, add_many_titulos, held_ids, idle
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db import position_grid
from app.db.engine import Database
from app.db.positions import Filters
from app.domain.titulos import OPEN_STATUSES, Status
from app.views.main_window import MainWindow


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_window_answers_while_a_big_customer_loads_and_the_clerk_hurries(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    add_many_titulos(db, history.maria, history.loja1, 100_000)
    window.show()
    page = window.financeiro
    header, scroll = page.grid.horizontalHeader(), page.grid.verticalScrollBar()
    column = {c.key: i for i, c in enumerate(page.model.columns)}
    heartbeat = Heartbeat()
    with qtbot.waitSignal(window.customer_loaded, timeout=30_000):
        window.open_customer("T0002")
    for key in ("saldo", "numero_documento", "valor", "vencimento"):  # no waiting
        header.setSortIndicator(column[key], Qt.SortOrder.DescendingOrder)
        qtbot.wait(20)
        scroll.setValue(scroll.maximum())
        qtbot.wait(20)
    for section in ("venda", "negociacao", "programacao", "financeiro"):
        window.show_section(section)
        qtbot.wait(20)
    page.status_buttons[Status.RECEBIDO].click()
    qtbot.wait(20)
    header.setSortIndicator(column["vencimento"], Qt.SortOrder.AscendingOrder)
    scroll.setValue(scroll.maximum())
    qtbot.waitUntil(lambda: idle(window), timeout=120_000)
    scroll.setValue(scroll.maximum())  # the rows at the end, as painting asks for them
    last = page.model.rowCount() - 1
    qtbot.waitUntil(lambda: idle(window) and page.model.row_at(last) is not None, timeout=120_000)
    heartbeat.timer.stop()

    statuses = frozenset(OPEN_STATUSES | {Status.RECEBIDO})
    with db.session() as session:
        expected = position_grid.ordered_ids(
            session, history.maria, TODAY, Filters(statuses=statuses), ("vencimento", False)
        )
    held = held_ids(page.model)
    assert page.selected_statuses() == set(statuses)
    assert page.model.total_count() == len(expected) >= 100_000
    # the last request's answer: its first page and the rows painted at its end
    assert {i: expected[i] for i in held} == held
    assert all(i in held for i in range(200)) and len(expected) - 1 in held
    assert heartbeat.busiest_ms < 100, f"the GUI thread worked {heartbeat.busiest_ms:.0f} ms"
    assert heartbeat.longest_ms < 1000, f"the GUI thread waited {heartbeat.longest_ms:.0f} ms"
