"""The Venda, Negociação and Programação pages inside the real window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from history_data import (
    TODAY,
    History,
    add_many_itens,
    held_ids,
    idle,
    open_customer,
    settle,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from app.db import venda as venda_db
from app.db import venda_queries
from app.db.engine import Database
from app.db.programacao_ops import ProgramacaoInput
from app.db.schema import AuditEntry, Programacao
from app.db.venda import ItemRow
from app.domain.formatting import format_money
from app.models.cell_texts import sorted_rows
from app.views import negociacao_page
from app.views.main_window import MainWindow
from app.views.negociacao_page import NegociacaoPage
from app.views.programacao_page import ProgramacaoPage
from app.views.venda_page import VendaPage
from app.views.widgets import count_text


def venda(window: MainWindow) -> VendaPage:
    page = window.pages["venda"]
    assert isinstance(page, VendaPage)
    return page


def negociacao(window: MainWindow) -> NegociacaoPage:
    page = window.pages["negociacao"]
    assert isinstance(page, NegociacaoPage)
    return page


def programacao(window: MainWindow) -> ProgramacaoPage:
    page = window.pages["programacao"]
    assert isinstance(page, ProgramacaoPage)
    return page


# --- Venda ---


def test_venda_summary_and_filters(qtbot: QtBot, window: MainWindow, history: History) -> None:
    open_customer(qtbot, window, "T0001")
    page = venda(window)
    assert page.model.total_count() == 2
    assert page.total.value.text() == "R$ 1.550,00"
    assert page.compras.value.text() == "2"
    assert page.ticket.value.text() == "R$ 775,00"
    assert page.primeira.value.text() == "05/06/2025"
    assert page.ultima.value.text() == "10/01/2026"
    months = dict(page.chart._months)
    assert len(months) == 24
    assert sum(months.values()) == Decimal("1550.00")
    assert [page.empresa.itemData(i) for i in range(page.empresa.count())] == [
        "",
        "LOJA1",
        "LOJA2",
    ]
    qtbot.keyClicks(page.produto, "GELAD")
    qtbot.waitUntil(lambda: page.model.total_count() == 1, timeout=5000)
    settle(qtbot, window)  # the figures come apart from the grid
    assert page.model.row_at(0).descricao == "Geladeira Frost Free"
    assert page.total.value.text() == "R$ 1.000,00"
    assert page.footer.text() == "1 item(ns)"
    page.produto.clear()
    qtbot.waitUntil(lambda: page.model.total_count() == 2, timeout=5000)
    settle(qtbot, window)
    assert page.total.value.text() == "R$ 1.550,00"
    page.empresa.setCurrentIndex(page.empresa.findData("LOJA2"))
    settle(qtbot, window)
    assert [page.model.row_at(0).cod_venda] == ["V-0900"]
    assert page.model.total_count() == 1
    assert page.total.value.text() == "R$ 550,00"
    assert window.nav.item(1).text() == "Venda (2)"  # the badge: every purchase


def test_venda_empresa_without_purchases_as_of_the_date_falls_back_to_todas(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = venda(window)
    page.empresa.setCurrentIndex(page.empresa.findData("LOJA1"))
    settle(qtbot, window)
    assert page.model.total_count() == 1
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        window.customer_bar.set_as_of(date(2025, 12, 31))  # before LOJA1's sale
    settle(qtbot, window)
    assert page.empresa.currentData() == ""  # Todas
    assert [page.empresa.itemData(i) for i in range(page.empresa.count())] == ["", "LOJA2"]
    assert [page.model.row_at(0).cod_venda] == ["V-0900"]
    assert page.model.total_count() == 1
    assert page.total.value.text() == "R$ 550,00"
    assert window.nav.item(1).text() == "Venda (1)"


def test_venda_of_a_big_customer_is_read_a_page_at_a_time(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    history: History,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_many_itens(db, history.maria, history.loja2, 3000)
    loaded: list[int] = []
    itens_by_ids = venda_queries.itens_by_ids

    def counting(session: Any, ids: Sequence[int]) -> list[ItemRow]:
        loaded.append(len(ids))
        return itens_by_ids(session, ids)

    monkeypatch.setattr(venda_queries, "itens_by_ids", counting)
    open_customer(qtbot, window, "T0002")
    page = venda(window)
    with db.session() as s:
        everything = venda_db.load_itens(s, history.maria, TODAY)
    expected = venda_db.summarize(everything, TODAY)
    assert page.model.total_count() == len(everything) == 3000 == page.model.rowCount()
    assert page.model.held_count() <= 400 and len(page.model.all_rows()) <= 400
    assert 0 < sum(loaded) <= 400  # items read as rows, of 3,000
    assert page.total.value.text() == format_money(expected.total_comprado)
    assert page.compras.value.text() == count_text(expected.compras) == "900"
    assert window.nav.item(1).text() == "Venda (900)"
    assert page.footer.text() == "3.000 item(ns)"
    # scrolling to the end reads the rows painted there, in the grid's order
    window.show_section("venda")
    page.grid.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.row_at(2999) is not None, timeout=5000)
    assert page.model.held_count() <= 800 and sum(loaded) <= 800
    held = held_ids(page.model)
    assert {i: everything[i].id for i in held} == held and 2999 in held
    # sorting is the database's: the first rows are the dearest items, few rows held
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "valor_total")
    read = sum(loaded)
    page.grid.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    settle(qtbot, window)
    assert page.model.total_count() == 3000 and page.model.held_count() <= 400
    assert sum(loaded) - read <= 400
    valor = page.model.columns[column]
    dearest = sorted_rows(everything, valor.get, valor.kind, True)[:50]
    assert [page.model.row_at(i).id for i in range(50)] == [r.id for r in dearest]
    # an export writes every row of the grid, fetched or not, in its order
    path = tmp_path / "venda.csv"
    page.export_to(path, "csv")
    settle(qtbot, window)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3000 + 1
    # filtering is the database's too, accents and case ignored
    qtbot.keyClicks(page.produto, "CAFE")
    cafe = venda_db.filter_itens(everything, produto="cafe")
    qtbot.waitUntil(lambda: page.model.total_count() == len(cafe) == 1500, timeout=5000)
    settle(qtbot, window)
    assert page.total.value.text() == format_money(venda_db.summarize(cafe, TODAY).total_comprado)
    assert page.model.held_count() <= 400
    assert window.nav.item(1).text() == "Venda (900)"  # the badge does not filter


# --- Negociação ---


def test_negociacao_lists_acordos_and_the_titulos_of_the_selected_one(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = negociacao(window)
    assert page.model.total_count() == 1
    assert page.selected_acordo() is not None
    qtbot.waitUntil(lambda: page.titulos_model.total_count() == 4, timeout=10_000)
    rows = page.titulos_model.all_rows()
    assert [r.papel for r in rows] == ["parcela"] * 3 + ["original"]
    assert [r.titulo.parcela for r in rows[:3]] == [1, 2, 3]
    assert rows[3].titulo.numero_documento == "0800"
    assert "nº 7" in page.titulos_label.text()
    assert page.print_button.isEnabled()


def test_negociacao_reads_the_selected_acordos_titulos_with_the_acordos(
    qtbot: QtBot, window: MainWindow, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The acordo selected as the grid loads has its títulos read in the same worker:
    the lower grid is full when the acordos arrive, with no second trip to the database;
    selecting it again asks the database (nothing stale is kept)."""
    page = negociacao(window)
    asked: list[object] = []
    real_run = page._titulos_channel.run
    monkeypatch.setattr(page._titulos_channel, "run", lambda *a: (asked.append(a), real_run(*a))[1])
    shown_with: list[int] = []
    page.rows.shown.connect(lambda: shown_with.append(page.titulos_model.total_count()))
    open_customer(qtbot, window, "T0001")
    assert shown_with and shown_with[-1] == 4 and not asked
    assert [r.papel for r in page.titulos_model.all_rows()] == ["parcela"] * 3 + ["original"]
    page.grid.clearSelection()
    page.grid.selectRow(0)
    qtbot.waitUntil(lambda: page.titulos_model.total_count() == 4, timeout=10_000)
    assert len(asked) == 1


def test_print_calls_app_printing(
    qtbot: QtBot, window: MainWindow, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_customer(qtbot, window, "T0001")
    calls: list[tuple[object, int]] = []
    monkeypatch.setattr(
        negociacao_page,
        "print_acordo",
        lambda parent, db, acordo_id: calls.append((db, acordo_id)),
    )
    window.show_section("negociacao")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert calls == [(window.database, history.acordo)]
    page = negociacao(window)
    page.print_button.click()
    rect = page.grid.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(calls) == 3


# --- Programação ---


def test_programacao_shows_pending_with_overdue_first(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = programacao(window)
    rows = page.model.all_rows()
    assert [r.situacao for r in rows] == ["pendente", "pendente"]
    assert rows[0].data < TODAY <= rows[1].data
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    page.show_past.setChecked(True)
    settle(qtbot, window)
    assert page.model.total_count() == 4
    assert window.settings.show_past_programacoes


def test_programacao_add_mark_done_and_cancel_are_saved_and_audited(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = programacao(window)
    data = ProgramacaoInput(
        empresa="LOJA1",
        data=TODAY,
        hora=None,
        tipo="ligacao",
        descricao="Retornar ligação após o acordo",
        responsavel="Eva",
    )
    with qtbot.waitSignal(page.message, timeout=10_000) as blocker:
        page.save_new(data)
    assert blocker.args == ["Programação incluída"]
    qtbot.waitUntil(lambda: idle(window) and page.model.total_count() == 3, timeout=10_000)
    new = page.selected()
    assert new is not None and new.descricao == "Retornar ligação após o acordo"
    with qtbot.waitSignal(page.message, timeout=10_000):
        page.mark_done()
    qtbot.waitUntil(lambda: idle(window) and page.model.total_count() == 2, timeout=10_000)
    with db.session() as session:
        situacao = session.scalar(select(Programacao.situacao).where(Programacao.id == new.id))
        acoes = session.scalars(
            select(AuditEntry.acao).where(
                AuditEntry.entidade_id == new.id, AuditEntry.entidade == "programacao"
            )
        ).all()
    assert situacao == "realizada"
    assert sorted(acoes) == ["programacao.incluir", "programacao.realizada"]
    assert window.nav.item(3).text() == "Programação (2)"


def test_programacao_edit_changed_by_someone_else_is_refused(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_customer(qtbot, window, "T0001")
    page = programacao(window)
    row = page.selected()
    assert row is not None
    with db.session() as session:  # another clerk saves first
        session.execute(
            update(Programacao)
            .where(Programacao.id == row.id)
            .values(versao=Programacao.versao + 1, descricao="Outro")
        )
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    data = ProgramacaoInput(
        empresa="LOJA1", data=TODAY, hora=None, tipo="ligacao", descricao="Minha alteração"
    )
    page.save_edit(row, data)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert "alterada por outro usuário" in warnings[0]
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)
    assert any(r.descricao == "Outro" for r in page.model.all_rows())


def test_programacao_of_a_customer_with_thousands_of_events_is_read_a_page_at_a_time(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    history: History,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import time, timedelta

    from sqlalchemy import insert

    from app.db import programacao as programacao_db

    with db.engine.begin() as conn:
        conn.execute(
            insert(Programacao),
            [
                dict(
                    empresa_id=history.loja2,
                    cliente_id=history.maria,
                    data=TODAY + timedelta(days=k % 400 - 100),
                    hora=time(8 + k % 10, 0) if k % 3 else None,
                    tipo=("ligacao", "entrega", "cobranca")[k % 3],
                    descricao=f"Evento {k:05d} {'Ação' if k % 2 else 'acao'}",
                    responsavel=("Ana", "ana", None, "Zé")[k % 4],
                    situacao=("pendente", "pendente", "realizada", "cancelada")[k % 4],
                )
                for k in range(3000)
            ],
        )
    loaded: list[int] = []
    rows_by_ids = programacao_db.rows_by_ids

    def counting(session: Any, ids: Sequence[int]) -> Any:
        loaded.append(len(ids))
        return rows_by_ids(session, ids)

    monkeypatch.setattr(programacao_db, "rows_by_ids", counting)
    open_customer(qtbot, window, "T0002")
    page = programacao(window)
    with db.session() as s:
        pending = programacao_db.load_programacoes(s, history.maria, today=TODAY)
        everything = programacao_db.load_programacoes(
            s, history.maria, today=TODAY, include_past=True
        )
    assert page.model.total_count() == len(pending) == 1500
    assert window.nav.item(3).text() == "Programação (1.500)"
    assert len(page.model.all_rows()) <= 400 and 0 < sum(loaded) <= 400
    assert [page.model.row_at(i).id for i in range(50)] == [r.id for r in pending[:50]]
    assert page.model.row_at(0).atrasada(TODAY)  # overdue ones first
    # sorted by the database, accents and case ignored, few rows read
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "descricao")
    read = sum(loaded)
    page.grid.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    settle(qtbot, window)
    descricao = page.model.columns[column]
    expected = sorted_rows(pending, descricao.get, descricao.kind, True)
    assert [page.model.row_at(i).id for i in range(50)] == [r.id for r in expected[:50]]
    assert sum(loaded) - read <= 400
    # past and finished ones too; the export writes every row in the grid's order
    page.show_past.setChecked(True)
    settle(qtbot, window)
    assert page.model.total_count() == len(everything) == 3000
    path = tmp_path / "programacao.csv"
    page.export_to(path, "csv")
    settle(qtbot, window)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3000 + 1
    assert len(page.model.all_rows()) <= 400


def test_print_grid_prints_every_row_off_the_gui_thread(
    qtbot: QtBot,
    window: MainWindow,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Ctrl+P on Financeiro: the rows formatted and the pages painted in workers, the
    print dialog in between; "print to file" writes the PDF, whose pages hold every
    row the grid has, and the status bar says where it went."""
    import threading

    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from app.db.columns import display
    from app.views import section_page
    from app.views.section_page import grid_report

    open_customer(qtbot, window, "T0001")
    page = window.financeiro
    assert window.context is not None
    rows = page.model.all_rows()
    columns = page.model.export_columns
    report = grid_report("Financeiro", "a linha do cliente", columns, rows)
    assert report.title == "Histórico do Cliente — Financeiro"
    assert report.subtitle == f"a linha do cliente · {len(rows)} linha(s)"
    assert report.headers[0] == "EMPRESA" and len(report.rows) == page.model.total_count()
    assert report.rows[0] == tuple(display(c.kind, c.get(rows[0])) for c in columns)
    target = tmp_path / "financeiro.pdf"
    opened: list[str] = []

    def fake_exec(dialog: QPrintDialog) -> int:
        opened.append(dialog.windowTitle())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        return int(QPrintDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    on_gui_thread: dict[str, bool] = {}

    def spy(name: str, real: Any) -> Any:
        def call(*args: Any) -> Any:
            on_gui_thread[name] = threading.current_thread() is threading.main_thread()
            return real(*args)

        return call

    monkeypatch.setattr(section_page, "grid_report", spy("rows", section_page.grid_report))
    monkeypatch.setattr(section_page, "report_pdf", spy("pages", section_page.report_pdf))
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: "enviada(s) para" in window.statusBar().currentMessage(), timeout=20_000
    )
    assert opened == ["Imprimir Financeiro"]
    assert on_gui_thread == {"rows": False, "pages": False}
    assert str(target) in window.statusBar().currentMessage()
    document = pdfium.PdfDocument(target.read_bytes())
    try:
        text = "".join(p.get_textpage().get_text_range() for p in document)
    finally:
        document.close()
    assert "João da Silva (T0001)" in text and "529.982.247-25" in text
    footer = page.footer.text()  # the filtered rows' totals, printed under them
    assert "Saldo: R$" in footer and " ".join(footer.split()) in " ".join(text.split())
    doc = next(i for i, c in enumerate(columns) if c.key == "numero_documento")
    numbers = {r[doc] for r in report.rows}
    assert numbers and all(n in text for n in numbers)


def test_print_grid_without_a_printer_says_why(
    qtbot: QtBot, window: MainWindow, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No printer to send to (none installed: the dialog left a PDF output without a
    file): a clear message, nothing sent."""
    from PySide6.QtPrintSupport import QPrinter

    open_customer(qtbot, window, "T0001")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    page = window.financeiro
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    page.print_report(section_page_report(page), printer)
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings == [
        "Não foi possível imprimir: nenhuma impressora disponível neste computador."
    ]
    assert "enviada" not in window.statusBar().currentMessage()


def section_page_report(page: Any) -> Any:
    from app.views.section_page import grid_report

    model = page.current_grid().grid_model()
    return grid_report(page.title(), "linha", model.export_columns, model.all_rows())
