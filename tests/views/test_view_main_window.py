"""The real window over a real database: open a customer, switch sections, filter,
change the as-of date, copy, export, persist."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from history_data import (
    BEFORE_ACORDO,
    TODAY,
    History,
    MakeWindow,
    held_ids,
    idle,
    load_every_row,
    open_customer,
    settle,
)
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event, func, insert, select

from app.db import financeiro, position_figures, position_grid
from app.db.clientes import MANY_TITULOS
from app.db.engine import Database
from app.db.positions import Filters
from app.db.schema import Titulo, VendaItem
from app.domain.formatting import format_date, format_money
from app.domain.titulos import OPEN_STATUSES, Status
from app.models.base import PAGE_SIZE
from app.views.financeiro_page import FinanceiroPage
from app.views.grid import GridView
from app.views.main_window import MainWindow, StartView
from app.views.settings import WRITE_DELAY_MS, Settings
from app.views.titulo_dialog import TituloDialog
from app.views.widgets import count_text


def expected_rows(
    db: Database, cliente_id: int, as_of: date, statuses: set[Status]
) -> list[financeiro.TituloRow]:
    with db.session() as session:
        rows = financeiro.load_titulos(session, cliente_id, as_of)
    return financeiro.filter_rows(rows, statuses=statuses)


def summary_of(db: Database, cliente_id: int, as_of: date) -> financeiro.FinanceiroSummary:
    with db.session() as session:
        return financeiro.summarize(financeiro.load_titulos(session, cliente_id, as_of))


def fin(window: MainWindow) -> FinanceiroPage:
    return window.financeiro


def test_no_customer_shows_the_search_hint(window: MainWindow) -> None:
    assert window.outer.currentWidget() is window.empty
    assert window.empty.title.text() == "Pesquise um cliente para ver o histórico"
    assert not window.customer_bar.card.isVisible()


def test_open_customer_by_code_fills_card_and_grid(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    assert window.outer.currentIndex() == 1
    bar = window.customer_bar
    assert bar.name_label.text() == "João da Silva"
    assert bar.fields["documento"].text() == "529.982.247-25"
    assert bar.fields["cidade"].text() == "São Paulo/SP"
    assert bar.fields["limite"].text() == "R$ 1.000,00"
    summary = summary_of(db, history.joao, TODAY)
    assert bar.total_tile.value.text() == format_money(summary.total_a_receber)
    assert bar.vencido_tile.value.text() == format_money(summary.total_vencido)
    assert bar.atualizado_tile.value.text() == format_money(summary.total_atualizado)
    assert bar.ultima_tile.value.text() == "10/01/2026"
    # 1.460,00 open > 1.000,00 limit
    assert bar.warning.isVisibleTo(window)
    page = fin(window)
    expected = expected_rows(db, history.joao, TODAY, set(OPEN_STATUSES))
    assert page.model.total_count() == len(expected)
    assert [page.model.row_at(i).id for i in range(len(expected))] == [r.id for r in expected]
    assert page.total_label.text() == format_money(summary.total_a_receber)
    assert window.nav.item(0).text() == f"Financeiro ({len(expected)})"
    assert window.nav.item(1).text() == "Venda (2)"
    assert window.nav.item(2).text() == "Negociação (1)"
    assert window.nav.item(3).text() == "Programação (2)"
    assert window.windowTitle().startswith("João da Silva")


def test_status_buttons_show_counts_and_filter_like_the_database(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    summary = summary_of(db, history.joao, TODAY)
    for status, button in page.status_buttons.items():
        assert button.text() == f"{status.label} ({summary.by_status[status].count})"
        assert button.isChecked() == (status in OPEN_STATUSES)
    page.status_buttons[Status.RECEBIDO].click()
    settle(qtbot, window)
    wanted = set(OPEN_STATUSES) | {Status.RECEBIDO}
    assert page.model.total_count() == len(expected_rows(db, history.joao, TODAY, wanted))
    for status in OPEN_STATUSES:
        page.status_buttons[status].click()
    page.status_buttons[Status.CANCELADO].click()
    settle(qtbot, window)
    rows = [page.model.row_at(i) for i in range(page.model.total_count())]
    assert {r.status for r in rows} == {Status.RECEBIDO, Status.CANCELADO}
    assert (
        len(rows)
        == summary.by_status[Status.RECEBIDO].count + summary.by_status[Status.CANCELADO].count
    )
    assert page.footer.text().startswith(f"{len(rows)} título(s)")


def test_no_status_chosen_shows_the_empty_grid_hint(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    page.set_statuses(set())
    settle(qtbot, window)
    assert page.model.rowCount() == 0
    assert page.grid.hint_text() == "Nenhum título para os filtros escolhidos"
    hint, viewport = page.grid.hint.geometry(), page.grid.viewport().geometry()
    assert viewport.contains(hint.topLeft()) and hint.width() == viewport.width()
    assert page.footer.text().startswith("0 título(s)")
    page.set_statuses({Status.RECEBIDO})
    settle(qtbot, window)
    assert page.model.rowCount() > 0 and page.grid.hint_text() == ""


def test_changing_the_as_of_date_recomputes_every_section(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    before = window.customer_bar.total_tile.value.text()
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        window.customer_bar.set_as_of(BEFORE_ACORDO)
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)
    summary = summary_of(db, history.joao, BEFORE_ACORDO)
    after = window.customer_bar.total_tile.value.text()
    assert after == format_money(summary.total_a_receber)
    assert after != before
    assert window.context is not None and window.context.as_of == BEFORE_ACORDO
    assert window.nav.item(2).text() == "Negociação (0)"  # the acordo came later
    page = fin(window)
    assert page.model.total_count() == len(
        expected_rows(db, history.joao, BEFORE_ACORDO, set(OPEN_STATUSES))
    )


def test_a_new_as_of_date_loads_the_sections_at_once_and_reads_the_header_again(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    """The customer on screen is known: a new "Posição em" starts the section's load at
    once (no round trip to read the customer first), and its header is read again
    beside it (the última compra up to the date)."""
    open_customer(qtbot, window, "T0001")
    bar, page = window.customer_bar, fin(window)
    opened = window.context
    assert opened is not None
    for day in (BEFORE_ACORDO, date(2025, 1, 1), TODAY):
        bar.set_as_of(day, notify=False)
        with qtbot.waitSignal(window.customer_loaded, timeout=10_000) as loaded:
            bar.as_of_changed.emit(day)
            assert page.is_busy() and window.context is not None
            assert window.context.as_of == day
        qtbot.waitUntil(lambda: idle(window), timeout=10_000)
        with db.session() as s:
            last = s.scalar(
                select(func.max(VendaItem.data)).where(
                    VendaItem.cliente_id == opened.cliente.id, VendaItem.data <= day
                )
            )
        assert loaded.args[0].ultima_compra == last
        assert bar.ultima_tile.value.text() == (format_date(last) if last else "nenhuma")
        assert window.context.cliente.ultima_compra == last
        assert page.model.total_count() == len(
            expected_rows(db, history.joao, day, set(OPEN_STATUSES))
        )
        assert bar.total_tile.value.text() == format_money(
            summary_of(db, history.joao, day).total_a_receber
        )


def test_the_section_on_screen_answers_before_the_others_load_one_at_a_time(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    events: list[tuple[str, bool]] = []
    for key, page in window.pages.items():
        page.busy_changed.connect(lambda busy, k=key: events.append((k, busy)))
    # once the Financeiro has its answer, the window paints it before the next load
    started_before_paint: list[bool] = []
    armed: list[bool] = []

    def answered(busy: bool) -> None:
        if not busy and not window.financeiro.is_busy() and not armed:
            armed.append(True)
            QTimer.singleShot(
                0,
                lambda: started_before_paint.append(
                    any(busy for k, busy in events if k != "financeiro")
                ),
            )

    window.financeiro.busy_changed.connect(answered)
    open_customer(qtbot, window, "T0001")
    assert started_before_paint == [False]
    first_done = events.index(("financeiro", False))
    started = [k for k, busy in events if busy]
    assert started[0] == "financeiro"
    assert all(events.index((k, True)) > first_done for k in ("venda", "negociacao", "programacao"))
    running: set[str] = set()
    for key, busy in events:  # the others one at a time, the lighter first
        if busy:
            assert not running - {key}, events
            running.add(key)
        else:
            running.discard(key)
    assert [k for k in dict.fromkeys(started) if k != "financeiro"] == [
        "negociacao",
        "programacao",
        "venda",
    ]
    context = window.context
    assert context is not None
    assert all(p.context is context for p in window.pages.values())


def test_a_section_clicked_before_its_turn_loads_at_once(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    venda = window.pages["venda"]
    assert venda.grids()[0].model().rowCount() > 0  # João's purchases
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        window.open_customer("T0002")  # Maria bought nothing
    window.show_section("venda")  # last in the queue
    assert venda.context is window.context
    assert venda.is_busy()
    assert venda.grids()[0].model().rowCount() == 0  # nothing of João's meanwhile
    settle(qtbot, window)
    assert venda.grids()[0].model().rowCount() == 0
    assert all(p.context is window.context for p in window.pages.values())


def test_alt_shortcuts_switch_sections(qtbot: QtBot, window: MainWindow, history: History) -> None:
    open_customer(qtbot, window, "T0001")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for number, key in enumerate(("venda", "negociacao", "programacao", "financeiro"), 1):
        digit = {"venda": 2, "negociacao": 3, "programacao": 4, "financeiro": 1}[key]
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{digit}"), Qt.KeyboardModifier.AltModifier)
        assert window.pages_stack.currentWidget() is window.pages[key], number
        assert window.nav.currentRow() == digit - 1


def test_ctrl_f_and_ctrl_k_focus_the_search(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for key in (Qt.Key.Key_F, Qt.Key.Key_K):
        fin(window).grid.setFocus()
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.customer_bar.search.hasFocus()


def test_f5_reloads(qtbot: QtBot, window: MainWindow, history: History) -> None:
    open_customer(qtbot, window, "T0001")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)


def test_f5_reopens_the_customer_last_asked_for(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    """F5 (and "Tentar novamente") while another customer is on its way opens that one,
    not the one still on screen; after a code that does not exist, the one on screen."""
    open_customer(qtbot, window, "T0001")
    window.open_customer("T0002")
    window.reload()  # before T0002's answer: the worker cannot have answered yet
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)
    assert window.context is not None and window.context.cliente.codigo == "T0002"
    window.open_customer("NAOEXISTE")
    qtbot.waitUntil(lambda: "não encontrado" in window.statusBar().currentMessage())
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000) as loaded:
        window.reload()
    assert loaded.args[0].codigo == "T0002"
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)


def test_unknown_customer_keeps_the_hint_with_a_message(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    window.open_customer("NAOEXISTE")
    qtbot.waitUntil(lambda: "NAOEXISTE" in window.empty.detail.text(), timeout=10_000)
    assert window.outer.currentWidget() is window.empty
    assert "não encontrado" in window.statusBar().currentMessage()


def test_ctrl_c_copies_selected_cells_as_tsv(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    grid = fin(window).grid
    model = grid.model()
    selection = grid.selectionModel()
    for column in (2, 3):
        for row in (0, 1):
            selection.select(model.index(row, column), selection.SelectionFlag.Select)
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\n")
    assert lines == [f"{model.index(r, 2).data()}\t{model.index(r, 3).data()}" for r in (0, 1)]


def test_a_big_copy_tells_the_status_bar(
    qtbot: QtBot, window: MainWindow, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A selection too big to format at once is copied off the GUI thread; the status
    bar says it is being copied, then how many rows were."""
    monkeypatch.setattr("app.views.grid.AT_ONCE", 1)
    open_customer(qtbot, window, "T0001")
    grid = fin(window).grid
    grid.selectAll()
    rows = grid.model().rowCount()
    grid.setFocus()
    QGuiApplication.clipboard().setText("antes")
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    qtbot.keyClick(grid, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "copiada" in window.statusBar().currentMessage(), timeout=10_000)
    said = [m for m in shown if m]
    assert said[0] == f"Copiando {rows} linha(s)…"
    assert said[-1] == f"{rows} linha(s) copiada(s)"
    assert len(QGuiApplication.clipboard().text().split("\n")) == rows


def test_export_writes_the_filtered_grid(
    qtbot: QtBot, window: MainWindow, history: History, tmp_path: Path
) -> None:
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    target = tmp_path / "fin.csv"
    with qtbot.waitSignal(page.message, timeout=10_000) as blocker:
        page.export_to(target, "csv")
    assert "exportada" in blocker.args[0]
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(";")[0] == "EMPRESA"
    assert len(lines) == 1 + page.model.total_count()


def test_enter_on_a_titulo_shows_its_recebimentos(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    row = next(
        i
        for i in range(page.model.rowCount())
        if page.model.row_at(i).numero_documento == "1001" and page.model.row_at(i).parcela == 2
    )
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)
    dialog = page.findChild(TituloDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert dialog.model.index(0, 1).data() == "R$ 50,00"
    dialog.close()


def test_a_renegotiated_titulo_shows_its_acordo(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    page.set_statuses({Status.CANCELADO})
    settle(qtbot, window)
    assert page.model.rowCount() == 1
    page.grid.activated.emit(page.model.index(0, 0))
    dialog = page.findChild(TituloDialog)
    assert dialog is not None
    label = dialog.findChild(type(page.footer), "acordoLabel")
    assert label is not None and "acordo nº 7" in label.text()
    dialog.close()


def test_ageing_bucket_click_filters_and_click_again_clears(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    total = page.model.total_count()
    button = next(
        b for b in page.ageing.buttons.values() if b.amount > 0 and b.bucket.value != "a_vencer"
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    rows = [page.model.row_at(i) for i in range(page.model.total_count())]
    assert 0 < len(rows) < total
    assert sum((r.pos.saldo for r in rows), Decimal(0)) == button.amount
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert page.model.total_count() == total


def test_empresa_filter(qtbot: QtBot, window: MainWindow, history: History) -> None:
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    page.empresa.setCurrentIndex(page.empresa.findData("LOJA2"))
    settle(qtbot, window)
    rows = [page.model.row_at(i) for i in range(page.model.total_count())]
    assert rows and {r.empresa for r in rows} == {"LOJA2"}


def test_window_state_and_last_customer_persist(
    qtbot: QtBot, make_window: MakeWindow, history: History, settings: Settings
) -> None:
    first = make_window()
    open_customer(qtbot, first, "T0001")
    grid = first.financeiro.grid
    grid.horizontalHeader().resizeSection(0, 177)
    grid.horizontalHeader().hideSection(1)
    valor = next(i for i, c in enumerate(first.financeiro.model.columns) if c.key == "valor")
    grid.sortByColumn(valor, Qt.SortOrder.DescendingOrder)
    first.close()
    second = make_window()
    header = second.financeiro.grid.horizontalHeader()
    assert header.sectionSize(0) == 177
    assert header.isSectionHidden(1)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        valor,
        Qt.SortOrder.DescendingOrder,
    )
    with qtbot.waitSignal(second.customer_loaded, timeout=10_000):
        second.open_start_customer()
    assert second.customer_bar.name_label.text() == "João da Silva"
    qtbot.waitUntil(lambda: idle(second), timeout=10_000)
    model = second.financeiro.model
    values = [model.row_at(i).valor for i in range(model.total_count())]
    assert values == sorted(values, reverse=True)


def test_command_line_start_opens_customer_and_section(
    qtbot: QtBot, make_window: MakeWindow, history: History
) -> None:
    window = make_window(StartView(customer="T0001", section="programacao", as_of=TODAY))
    assert window.pages_stack.currentWidget() is window.pages["programacao"]
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        window.open_start_customer()
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)
    assert window.customer_bar.as_of_date() == TODAY


def test_a_database_error_shows_the_banner_and_retry_recovers(
    qtbot: QtBot, window: MainWindow, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_customer(qtbot, window, "T0001")
    from sqlalchemy.exc import OperationalError

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT", {}, Exception("could not connect to server"))

    monkeypatch.setattr(position_figures, "groups", broken)
    window.reload()
    qtbot.waitUntil(lambda: window.banner.isVisibleTo(window), timeout=10_000)
    assert "banco de dados" in window.banner.message.text()
    monkeypatch.undo()
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        window.banner.retry_button.click()
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)
    assert not window.banner.isVisibleTo(window)


def test_grid_fetches_more_rows_when_scrolled(
    qtbot: QtBot, window: MainWindow, db: Database, history: History, tmp_path: Path
) -> None:
    from history_data import add_many_titulos

    add_many_titulos(db, history.maria, history.loja1, 5000)
    open_customer(qtbot, window, "T0002")
    page = fin(window)
    total = page.model.total_count()
    assert total > 4000
    # every row is in the view (the scroll bar is the grid's length), the first page held
    assert page.model.rowCount() == total
    assert page.model.held_count() <= PAGE_SIZE and len(page.model.all_rows()) <= PAGE_SIZE
    assert page.model.row_at(total // 2) is None
    page.grid.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.row_at(total - 1) is not None, timeout=5000)
    # the rows painted at the end were read, not the thousands between
    assert page.model.held_count() <= 4 * PAGE_SIZE
    assert page.model.row_at(total // 2) is None
    middle = page.grid.model().index(total // 2, 0)
    assert page.grid.model().data(middle) == ""  # blank until read
    # the rows that arrived are in the grid's order (vencimento, documento, parcela)
    with db.session() as s:
        everything = financeiro.load_titulos(s, history.maria, TODAY)
    expected = financeiro.filter_rows(everything, statuses=OPEN_STATUSES)
    held = held_ids(page.model)
    assert {i: expected[i].id for i in held} == held and total - 1 in held
    # a row scrolled to in the middle is read in turn, and painted as the database has it
    page.grid.scrollTo(middle)
    qtbot.waitUntil(lambda: page.model.row_at(total // 2) is not None, timeout=5000)
    assert page.model.row_at(total // 2).id == expected[total // 2].id
    numero = next(i for i, c in enumerate(page.model.columns) if c.key == "numero_documento")
    cell = page.grid.model().index(total // 2, numero)
    assert page.grid.model().data(cell) == expected[total // 2].numero_documento
    # sorting is the database's: the first rows are the largest saldos, few rows held
    saldo = next(i for i, c in enumerate(page.model.columns) if c.key == "saldo")
    page.grid.sortByColumn(saldo, Qt.SortOrder.DescendingOrder)
    settle(qtbot, window)
    assert page.model.total_count() == total == page.model.rowCount()
    assert page.model.held_count() == PAGE_SIZE
    assert page.grid.verticalScrollBar().value() == 0  # from the first row again
    top = sorted((r.pos.saldo for r in expected), reverse=True)[:50]
    assert [page.model.row_at(i).pos.saldo for i in range(50)] == top
    # an export writes every row of the grid, fetched or not
    path = tmp_path / "fin.csv"
    page.export_to(path, "csv")
    settle(qtbot, window)
    assert len(path.read_text(encoding="utf-8-sig").splitlines()) == total + 1


def another_clerks_titulo(db: Database, history: History, numero: str, vencimento: date) -> int:
    """An open título of Maria's, issued in 2019, written by another connection."""
    with db.engine.begin() as conn:
        return int(
            conn.execute(
                insert(Titulo)
                .values(
                    empresa_id=history.loja1,
                    cliente_id=history.maria,
                    numero_documento=numero,
                    parcela=1,
                    emissao=date(2019, 1, 1),
                    vencimento=vencimento,
                    valor=Decimal("10.00"),
                )
                .returning(Titulo.id)
            ).scalar_one()
        )


def test_rows_changed_before_the_scroll_load_the_grid_again(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    """Past the first page the grid reads every id; had a título come in meanwhile
    before the rows shown, the grid is loaded again rather than showing one twice."""
    from history_data import add_many_titulos

    add_many_titulos(db, history.maria, history.loja1, 1000)
    open_customer(qtbot, window, "T0002")
    page = fin(window)
    total = page.model.total_count()
    first = [r.id for r in page.model.all_rows()]
    assert len(first) == PAGE_SIZE
    # another clerk's: open, due before all the others
    new_id = another_clerks_titulo(db, history, "A-NOVO", date(2019, 2, 1))
    page.grid.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.total_count() == total + 1, timeout=10_000)
    qtbot.waitUntil(lambda: page.model.row_at(0) is not None, timeout=10_000)
    settle(qtbot, window)
    got = [r.id for r in page.model.all_rows()][:PAGE_SIZE]
    assert got[0] == new_id and got[1:] == first[: len(got) - 1]
    got = [r.id for r in load_every_row(qtbot, page.model)]
    assert len(got) == len(set(got)) == total + 1
    with db.session() as s:
        expected = position_grid.ordered_ids(
            s, history.maria, TODAY, Filters(statuses=frozenset(OPEN_STATUSES))
        )
    assert got == expected


def test_a_big_customers_paid_and_open_titulos_figures_are_read_side_by_side(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    """Opening a customer of more than MANY_TITULOS títulos, the figures of those paid
    in full and of the others are read in two workers (each its own session), and
    shown together; a customer of a few títulos has them read in one."""
    from history_data import add_many_titulos

    add_many_titulos(db, history.maria, history.loja1, MANY_TITULOS)
    threads: dict[str, set[int]] = {"paid": set(), "open": set()}

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        flat = " ".join(statement.split())
        # the paid part: their sums as stored (migration 0011), or counted
        if flat.startswith(("SELECT titulo_pago_dia.", "SELECT titulo.empresa_id, count(*)")):
            threads["paid"].add(threading.get_ident())
        elif flat.startswith("SELECT posicao.empresa_id, posicao.status, posicao.bucket"):
            threads["open"].add(threading.get_ident())

    page = fin(window)
    for code, cliente_id, apart in (("T0002", history.maria, True), ("T0001", history.joao, False)):
        for found in threads.values():
            found.clear()
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            open_customer(qtbot, window, code)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        assert len(threads["paid"]) == len(threads["open"]) == 1
        assert (threads["paid"] != threads["open"]) is apart, code
        summary = summary_of(db, cliente_id, TODAY)
        assert page.total_label.text() == format_money(summary.total_a_receber)
        for status, button in page.status_buttons.items():
            assert button.text().endswith(f"({count_text(summary.by_status[status].count)})")


def test_a_status_toggle_counts_the_grid_by_the_figures_and_still_shows_a_late_titulo(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    """With the customer's figures on screen, a status toggle takes the grid's row count
    from them (no count of every position); a título that came in afterwards, at the
    end of the order, is still shown when the user scrolls there."""
    from history_data import add_many_titulos

    add_many_titulos(db, history.maria, history.loja1, 1000)
    open_customer(qtbot, window, "T0002")
    page = fin(window)
    ran: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        ran.append(" ".join(statement.split()))

    wanted = set(OPEN_STATUSES) | {Status.CANCELADO}
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        page.set_statuses(wanted)
        settle(qtbot, window)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert ran and not [s for s in ran if s.upper().startswith("SELECT COUNT(")]
    shown = sum(
        b.count for s, b in summary_of(db, history.maria, TODAY).by_status.items() if s in wanted
    )
    assert page.model.total_count() == shown > PAGE_SIZE
    # another clerk's: open, due after all the others
    new_id = another_clerks_titulo(db, history, "Z-NOVO", date(2030, 1, 1))
    page.grid.scrollToBottom()  # past the first page: every id is read, the new one too
    qtbot.waitUntil(lambda: page.model.total_count() == shown + 1, timeout=10_000)
    page.grid.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.row_at(shown) is not None, timeout=10_000)
    assert page.model.row_at(shown).id == new_id
    got = [r.id for r in load_every_row(qtbot, page.model)]
    assert got[-1] == new_id and len(got) == len(set(got)) == shown + 1
    with db.session() as s:
        assert got == position_grid.ordered_ids(
            s, history.maria, TODAY, Filters(statuses=frozenset(wanted))
        )


@pytest.mark.parametrize("first", ["grid", "figures"])
def test_opening_a_customer_counts_the_grid_by_the_figures_whichever_arrives_first(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    first: str,
) -> None:
    """The first page of a big customer's grid is shown without counting every
    position: the figures read meanwhile give the count, whether they arrive before
    or after the page; scrolling then shows every row, in the database's order."""
    from history_data import add_many_titulos

    add_many_titulos(db, history.maria, history.loja1, 1000)
    page = fin(window)
    grid_shown, figures_shown = threading.Event(), threading.Event()
    page.rows.shown.connect(grid_shown.set)
    page.summary_changed.connect(lambda s: s is not None and figures_shown.set())
    if first == "grid":  # the figures wait for the first page to be on screen
        groups = position_figures.groups

        def later_groups(*args: Any, **kwargs: Any) -> Any:
            assert grid_shown.wait(10)
            return groups(*args, **kwargs)

        monkeypatch.setattr(position_figures, "groups", later_groups)
    else:  # the first page waits for the figures
        rows_by_ids = financeiro.rows_by_ids

        def later_rows(*args: Any, **kwargs: Any) -> Any:
            assert figures_shown.wait(10)
            return rows_by_ids(*args, **kwargs)

        monkeypatch.setattr(financeiro, "rows_by_ids", later_rows)
    ran: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        ran.append(" ".join(statement.split()).upper())

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        open_customer(qtbot, window, "T0002")
        settle(qtbot, window)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert grid_shown.is_set() and figures_shown.is_set()
    positions = [s for s in ran if " AS SITUACAO" in s]  # the statements over positions
    assert positions and not [s for s in positions if s.startswith("SELECT COUNT(")]
    shown = sum(
        b.count
        for s, b in summary_of(db, history.maria, TODAY).by_status.items()
        if s in OPEN_STATUSES
    )
    assert page.model.total_count() == shown == page.model.rowCount() > PAGE_SIZE + 1
    got = [r.id for r in load_every_row(qtbot, page.model)]
    with db.session() as s:
        assert got == position_grid.ordered_ids(
            s, history.maria, TODAY, Filters(statuses=frozenset(OPEN_STATUSES))
        )
    assert len(got) == shown


def test_qsettings_file_is_used(settings: Settings) -> None:
    settings.last_customer = "X1"
    assert Settings(settings._store).last_customer == "X1"
    assert isinstance(settings._store, QSettings)


def test_settings_reach_the_file_a_moment_later_once_or_at_once_on_sync(
    qtbot: QtBot, settings: Settings
) -> None:
    """QSettings would write its file at the next turn of the event loop, on the GUI
    thread in the middle of opening a customer: the write waits WRITE_DELAY_MS, one for
    every change meanwhile; sync() (closing the window) writes at once."""
    path = Path(settings._store.fileName())

    def on_disk() -> str:  # the file itself (QSettings of one file share their values)
        return path.read_text() if path.exists() else ""

    settings.last_customer = "X1"
    settings.last_section = "venda"
    changed = time.monotonic()
    qtbot.wait(100)  # several turns of the event loop
    assert "X1" not in on_disk()
    qtbot.waitUntil(lambda: "last_customer=X1" in on_disk(), timeout=10_000)
    assert time.monotonic() - changed >= WRITE_DELAY_MS / 1000 - 0.2
    assert "last_section=venda" in on_disk()
    settings.last_customer = "X2"
    settings.sync()
    assert "last_customer=X2" in on_disk()


def test_closing_the_window_writes_its_settings_at_once(
    qtbot: QtBot, make_window: MakeWindow, history: History, settings: Settings
) -> None:
    window = make_window()
    open_customer(qtbot, window, "T0001")
    window.close()
    written = Path(settings._store.fileName()).read_text()
    assert "last_customer=T0001" in written
    assert "geometry=" in written


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_customer_with_100000_titulos_gets_a_page_at_a_time(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from history_data import add_many_titulos

    add_many_titulos(db, history.maria, history.loja1, 100_000)
    loaded: list[int] = []
    rows_by_ids = financeiro.rows_by_ids

    def counting(session: Any, cliente_id: int, as_of: date, ids: Sequence[int]) -> Any:
        loaded.append(len(ids))
        return rows_by_ids(session, cliente_id, as_of, ids)

    monkeypatch.setattr(financeiro, "rows_by_ids", counting)
    ids_read: list[int] = []
    ordered_ids = position_grid.ordered_ids

    def counting_ids(*args: Any, **kwargs: Any) -> list[int]:
        ids = ordered_ids(*args, **kwargs)
        ids_read.append(len(ids))
        return ids

    monkeypatch.setattr(position_grid, "ordered_ids", counting_ids)
    with qtbot.waitSignal(window.customer_loaded, timeout=30_000):
        window.open_customer("T0002")
    qtbot.waitUntil(lambda: idle(window), timeout=60_000)
    page = fin(window)
    assert page.model.total_count() > 90_000
    assert ids_read and max(ids_read) <= 400  # the first page's ids, not 100,000 of them
    assert page.grid.model().rowCount() == page.model.total_count()  # the true scroll bar
    assert page.model.held_count() <= 400 and len(page.model.all_rows()) <= 400
    assert 0 < sum(loaded) <= 400  # títulos the window read as rows, of 100,000
    assert page.summary() == summary_of(db, history.maria, TODAY)  # the domain's figures


def test_another_customer_starts_with_the_default_filters(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    page.set_statuses({Status.RECEBIDO})
    page.vencimento.check.setChecked(True)
    open_customer(qtbot, window, "T0002")
    assert page.selected_statuses() == set(OPEN_STATUSES)
    assert page.vencimento.period() == (None, None)
    window.reload()  # the same customer again keeps the user's choice
    page.set_statuses({Status.RECEBIDO})
    open_customer(qtbot, window, "T0002")
    assert page.selected_statuses() == {Status.RECEBIDO}


def test_the_busy_indicator_neither_widens_the_window_nor_moves_the_grid(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    """A big customer's status counts make the status buttons the widest row of the
    Financeiro page; the busy indicator, shown at each load, must not widen that row
    (the window grew past the screen to hold it and stayed so) nor move the grid."""
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    for button in page.status_buttons.values():
        button.set_count(1_234_567)
    qtbot.wait(20)

    def layout_now(busy: bool) -> tuple[int, int]:
        page.busy.set_busy(busy)
        qtbot.waitUntil(lambda: page.busy.isHidden() is not busy)  # shown after a delay
        qtbot.wait(20)
        return window.minimumSizeHint().width(), page.grid.mapTo(window, QPoint(0, 0)).y()

    idle_width, grid_y = layout_now(False)
    assert idle_width > window.customer_bar.minimumSizeHint().width()  # the buttons bind
    assert layout_now(True) == (idle_width, grid_y)
    assert page.busy.isVisibleTo(window)


def test_columns_keep_their_widths_while_the_same_customer_is_worked_on(
    qtbot: QtBot, window: MainWindow, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The columns are fitted to a customer's first rows; toggling statuses, sorting and
    another date keep the widths (no columns jumping under the clerk's eyes, no
    measuring on each toggle); the next customer's rows are fitted again."""
    fitted: list[str] = []
    real = GridView.fit_columns

    def spy(grid: GridView) -> None:
        fitted.append(grid.objectName())
        real(grid)

    monkeypatch.setattr(GridView, "fit_columns", spy)
    open_customer(qtbot, window, "T0001")
    page = fin(window)
    name = page.grid.objectName()
    assert fitted.count(name) == 1
    widths = [page.grid.columnWidth(c) for c in range(page.model.columnCount())]
    page.set_statuses({Status.RECEBIDO, Status.CANCELADO})
    settle(qtbot, window)
    page.grid.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    settle(qtbot, window)
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        window.customer_bar.set_as_of(BEFORE_ACORDO)
    settle(qtbot, window)
    assert page.model.rowCount() > 0
    assert fitted.count(name) == 1
    assert [page.grid.columnWidth(c) for c in range(page.model.columnCount())] == widths
    open_customer(qtbot, window, "T0002")
    assert fitted.count(name) == 2


def test_rows_arriving_do_not_narrow_the_grid(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    """The vertical scroll bar is always there: a customer's rows arriving in an empty
    grid, or many rows after a few, keep its width (no second layout and paint of every
    cell, no last column jumping)."""
    open_customer(qtbot, window, "T0003")  # no títulos
    grid = fin(window).grid
    assert grid.model().rowCount() == 0
    empty = grid.viewport().width()
    open_customer(qtbot, window, "T0001")
    assert grid.model().rowCount() > 0
    assert grid.viewport().width() == empty
    assert grid.verticalScrollBar().isVisible()


def test_columns_fit_their_contents_when_rows_arrive_after_layout(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0003")  # no títulos: an empty grid, laid out
    window.resize(900, 700)
    qtbot.wait(50)
    window.resize(1300, 800)  # the header stretches its last column: not the user's choice
    qtbot.wait(50)
    open_customer(qtbot, window, "T0001")
    grid = fin(window).grid
    valor = next(i for i, c in enumerate(fin(window).model.columns) if c.key == "valor")
    assert grid.columnWidth(valor) >= grid.sizeHintForColumn(valor)


def test_enter_on_a_row_not_read_yet_opens_it_once_read(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    """A row of a big grid the clerk jumped to is blank for the moment its page takes;
    Enter (or a double-click) on it then opens that título's recebimentos once it is
    read, not nothing and not another row."""
    from history_data import add_many_titulos

    add_many_titulos(db, history.maria, history.loja1, 1000)
    open_customer(qtbot, window, "T0002")
    page = fin(window)
    last = page.model.rowCount() - 1
    assert last > PAGE_SIZE and page.model.row_at(last) is None
    page.grid.activated.emit(page.model.index(last, 0))
    qtbot.waitUntil(lambda: page.findChild(TituloDialog) is not None, timeout=10_000)
    dialog = page.findChild(TituloDialog)
    with db.session() as s:
        expected = position_grid.ordered_ids(
            s, history.maria, TODAY, Filters(statuses=frozenset(OPEN_STATUSES))
        )
    assert page.model.row_at(last).id == expected[-1]
    assert dialog.titulo.id == expected[-1]
    dialog.close()
