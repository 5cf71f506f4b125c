"""Renegotiating from the window: select títulos (Financeiro grid, or the chooser of the
Negociação page), save the acordo, every section reloads, "print now?"; and breaking
an acordo from the Negociação page (pytest-qt, offscreen, the real window and database)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pytest
from history_data import TODAY, History, idle, open_customer, settle
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.engine import Database
from app.db.financeiro import TituloRow
from app.db.schema import Acordo, Titulo
from app.domain.titulos import Status
from app.views import acordo_flow
from app.views.escolher_titulos import EscolherTitulosDialog
from app.views.financeiro_page import FinanceiroPage
from app.views.main_window import MainWindow
from app.views.nova_negociacao import NovaNegociacaoDialog
from app.views.quebrar_acordo import QuebrarAcordoDialog

PRINT_QUESTION = "Acordo nº {n} criado. Deseja imprimir o termo agora?"
ONE_EMPRESA = "Selecione títulos em aberto de uma só empresa"


class Answers:
    """QMessageBox.question and print_acordo, replaced: what was asked, what was printed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton):
        self.questions: list[str] = []
        self.printed: list[tuple[QWidget, Database, int]] = []

        def question(_parent: QWidget, _title: str, text: str, *_: object) -> object:
            self.questions.append(text)
            return answer

        monkeypatch.setattr(QMessageBox, "question", question)
        monkeypatch.setattr(acordo_flow, "print_acordo", lambda *args: self.printed.append(args))


def row_of(page: FinanceiroPage, label: str) -> int:
    """The grid row of the título "DOC/PARCELA"."""
    for r in range(page.model.rowCount()):
        t: TituloRow = page.model.row_at(r)
        if f"{t.numero_documento}/{t.parcela}" == label:
            return r
    raise AssertionError(f"{label} is not in the grid")


def select_titulos(page: FinanceiroPage, labels: Iterable[str]) -> None:
    selection = page.grid.selectionModel()
    selection.clearSelection()
    for label in labels:
        selection.select(
            page.model.index(row_of(page, label), 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def shown(page: FinanceiroPage) -> dict[str, Status]:
    return {f"{r.numero_documento}/{r.parcela}": r.status for r in page.model.all_rows()}


def ids_of(db: Database, cliente_id: int, labels: Iterable[str]) -> list[int]:
    wanted = [tuple(label.split("/")) for label in labels]
    with db.session() as s:
        rows = s.execute(
            select(Titulo.id, Titulo.numero_documento, Titulo.parcela).where(
                Titulo.cliente_id == cliente_id
            )
        ).all()
    by_label = {(doc, str(parcela)): id_ for id_, doc, parcela in rows}
    return [by_label[w] for w in wanted]


def nova_negociacao(qtbot: QtBot, parent: QWidget) -> NovaNegociacaoDialog:
    qtbot.waitUntil(lambda: parent.findChild(NovaNegociacaoDialog) is not None, timeout=10_000)
    dialog = parent.findChild(NovaNegociacaoDialog)
    assert isinstance(dialog, NovaNegociacaoDialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    return dialog


def status_messages(window: MainWindow) -> list[str]:
    """Every message the status bar shows from now on."""
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    return messages


def wait_reloaded(qtbot: QtBot, window: MainWindow, messages: list[str], note: str) -> None:
    """Wait until the status bar said ``note`` and every section has reloaded."""

    def reloaded() -> None:
        banner = window.banner.message.text() if window.banner.isVisible() else ""
        assert note in messages, (messages, banner)
        assert idle(window)

    qtbot.waitUntil(reloaded, timeout=20_000)


def save(qtbot: QtBot, window: MainWindow, dialog: NovaNegociacaoDialog) -> int:
    """Save the acordo; wait until every section has reloaded; the new acordo's id."""
    messages = status_messages(window)
    with qtbot.waitSignal(dialog.acordo_created, timeout=10_000) as blocker:
        dialog.save_button.click()
    created = blocker.args[0]
    wait_reloaded(qtbot, window, messages, f"Acordo nº {created.numero} criado")
    return int(created.acordo_id)


# --- the Financeiro selection ---


def test_negotiate_button_needs_open_titulos_of_one_empresa(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = window.financeiro
    button = page.negotiate_button
    assert button.accessibleName() and button.shortcut().toString() == "Ctrl+Shift+N"
    assert not button.isEnabled() and button.toolTip() == ONE_EMPRESA

    select_titulos(page, ["0900/1", "0900/2"])  # Cobrança and Negativado, both LOJA2
    assert button.isEnabled()
    assert "2 título(s) da empresa LOJA2" in button.toolTip()

    select_titulos(page, ["1001/2", "0900/1"])  # LOJA1 and LOJA2
    assert not button.isEnabled() and button.toolTip() == ONE_EMPRESA

    select_titulos(page, ["ACD-7/2"])  # an installment of the active acordo 7
    assert not button.isEnabled() and "quebre o acordo" in button.toolTip()

    page.set_statuses({Status.RECEBIDO})
    settle(qtbot, window)
    select_titulos(page, ["1001/3"])
    assert not button.isEnabled() and button.toolTip() == ONE_EMPRESA

    page.set_statuses({Status.VENCIDO})  # the grid reset drops the selection
    settle(qtbot, window)
    assert not button.isEnabled()


def test_ctrl_shift_n_opens_nova_negociacao_for_the_selection(
    qtbot: QtBot, window: MainWindow, history: History, db: Database
) -> None:
    open_customer(qtbot, window, "T0001")
    page = window.financeiro
    select_titulos(page, ["0900/1", "0900/2"])
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = nova_negociacao(qtbot, page)
    assert (dialog.cliente_codigo, dialog.empresa_codigo, dialog.agreement_date()) == (
        "T0001",
        "LOJA2",
        TODAY,
    )
    assert sorted(dialog.titulo_ids) == sorted(ids_of(db, history.joao, ["0900/1", "0900/2"]))
    dialog.reject()


@pytest.mark.parametrize(
    "answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes], ids=["nao", "sim"]
)
def test_acordo_from_the_financeiro_selection(
    qtbot: QtBot,
    window: MainWindow,
    history: History,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
) -> None:
    answers = Answers(monkeypatch, answer)
    open_customer(qtbot, window, "T0001")
    page = window.financeiro
    originals = ids_of(db, history.joao, ["0900/1", "0900/2"])
    select_titulos(page, ["0900/1", "0900/2"])
    page.negotiate_button.click()
    dialog = nova_negociacao(qtbot, page)
    dialog.parcelas.setValue(3)
    acordo_id = save(qtbot, window, dialog)

    with db.session() as s:
        acordo = s.get(Acordo, acordo_id)
        assert acordo is not None
        assert (acordo.cliente_id, acordo.empresa_id, acordo.numero) == (
            history.joao,
            history.loja2,
            1,
        )
        assert (acordo.parcelas, acordo.situacao) == (3, "ativo")
        replaced = s.scalars(select(Titulo.id).where(Titulo.renegociado_acordo_id == acordo_id))
        assert sorted(replaced) == sorted(originals)
    # Financeiro: the originals are no longer open, the installments are
    grid = shown(page)
    assert "0900/1" not in grid and "0900/2" not in grid
    assert [grid[f"ACD-1/{k}"] for k in (1, 2, 3)] == [Status.EM_ABERTO] * 3
    page.set_statuses({Status.CANCELADO})
    settle(qtbot, window)
    cancelled = [page.model.row_at(i) for i in range(page.model.rowCount())]
    assert {r.id: r.status for r in cancelled if r.id in originals} == dict.fromkeys(
        originals, Status.CANCELADO
    )
    # Negociação: the new acordo is there and selected
    negociacao = window.negociacao
    assert negociacao.model.total_count() == 2
    selected = negociacao.selected_acordo()
    assert selected is not None and selected.id == acordo_id
    assert "nº 1 (LOJA2)" in negociacao.titulos_label.text()
    # the question, and the print when the answer was Sim
    qtbot.waitUntil(lambda: answers.questions != [], timeout=10_000)
    assert answers.questions == [PRINT_QUESTION.format(n=1)]
    if answer == QMessageBox.StandardButton.Yes:
        assert [(p[1], p[2]) for p in answers.printed] == [(db, acordo_id)]
    else:
        assert answers.printed == []


# --- the Negociação page ---


def test_nova_negociacao_from_the_negociacao_page_with_the_chooser(
    qtbot: QtBot,
    window: MainWindow,
    history: History,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = Answers(monkeypatch, QMessageBox.StandardButton.No)
    open_customer(qtbot, window, "T0001")
    window.show_section("negociacao")
    page = window.negociacao
    assert page.new_button.isEnabled()
    page.new_button.click()
    qtbot.waitUntil(lambda: page.findChild(EscolherTitulosDialog) is not None, timeout=5000)
    chooser = page.findChild(EscolherTitulosDialog)
    assert isinstance(chooser, EscolherTitulosDialog)
    qtbot.waitUntil(lambda: not chooser.channel.busy, timeout=10_000)

    # LOJA1 first: its open títulos, without the installments of the active acordo 7
    assert chooser.empresa() == "LOJA1"
    labels = [chooser.list.topLevelItem(i).text(0) for i in range(chooser.list.topLevelItemCount())]
    assert sorted(labels) == ["1001/1", "1001/2"]
    assert not chooser.ok_button.isEnabled()
    chooser.all_button.click()
    assert len(chooser.titulo_ids()) == 2 and chooser.ok_button.isEnabled()

    # one empresa at a time: another empresa starts with nothing checked
    chooser.empresa_combo.setCurrentIndex(chooser.empresa_combo.findData("LOJA2"))
    assert chooser.titulo_ids() == [] and not chooser.ok_button.isEnabled()
    loja2 = ids_of(db, history.joao, ["0900/2"])
    chooser.set_checked(loja2)
    assert chooser.titulo_ids() == loja2
    assert "1 título(s) marcado(s)" in chooser.summary.text()
    chooser.ok_button.click()

    dialog = nova_negociacao(qtbot, page)
    assert (dialog.empresa_codigo, list(dialog.titulo_ids)) == ("LOJA2", loja2)
    acordo_id = save(qtbot, window, dialog)
    selected = page.selected_acordo()
    assert selected is not None and selected.id == acordo_id
    qtbot.waitUntil(lambda: answers.questions != [], timeout=10_000)
    assert answers.questions == [PRINT_QUESTION.format(n=1)]
    assert "0900/2" not in shown(window.financeiro)


def test_quebrar_acordo_from_the_negociacao_page_reopens_the_originals(
    qtbot: QtBot, window: MainWindow, history: History, db: Database
) -> None:
    open_customer(qtbot, window, "T0001")
    window.show_section("negociacao")
    page = window.negociacao
    selected = page.selected_acordo()
    assert selected is not None and selected.numero == 7 and selected.situacao == "ativo"
    assert page.break_button.isEnabled()
    page.break_button.click()
    qtbot.waitUntil(lambda: page.findChild(QuebrarAcordoDialog) is not None, timeout=5000)
    dialog = page.findChild(QuebrarAcordoDialog)
    assert isinstance(dialog, QuebrarAcordoDialog)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10_000)
    dialog.motivo.setPlainText("cliente pediu novo prazo")
    messages = status_messages(window)
    dialog.confirm_button.click()
    wait_reloaded(qtbot, window, messages, "Acordo nº 7 quebrado")

    with db.session() as s:
        acordo = s.get(Acordo, history.acordo)
        assert acordo is not None and acordo.situacao == "quebrado"
    grid = shown(window.financeiro)
    assert grid["0800/1"] == Status.VENCIDO  # the original is open again
    assert not any(label.startswith("ACD-7/") for label in grid)  # installments cancelled
    selected = page.selected_acordo()
    assert selected is not None and selected.id == history.acordo
    assert selected.situacao == "quebrado"
    assert not page.break_button.isEnabled()

    # "Posição em" a day between the acordo and its break: the acordo was active then,
    # its installments the debt and the original cancelled (not both), and it cannot be
    # broken a second time
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        window.customer_bar.set_as_of(date(2026, 3, 1))
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)
    grid = shown(window.financeiro)
    assert "0800/1" not in grid  # cancelled then: not among the open statuses shown
    assert [grid[f"ACD-7/{p}"] for p in (1, 2, 3)] == [Status.EM_ABERTO] * 3
    window.show_section("negociacao")
    qtbot.waitUntil(lambda: page.selected_acordo() is not None, timeout=10_000)
    selected = page.selected_acordo()
    assert selected is not None and selected.situacao == "ativo"
    assert selected.quebrado_em == TODAY
    assert not page.break_button.isEnabled()


def test_a_selection_over_rows_not_read_yet_enables_negotiating_once_they_arrive(
    qtbot: QtBot, window: MainWindow, history: History, db: Database
) -> None:
    """Selecting (Shift+click far down, Ctrl+A) títulos a big grid has not read: the
    button waits for them to be read, then offers to renegotiate every one."""
    from history_data import add_many_titulos

    add_many_titulos(db, history.maria, history.loja1, 1000)
    open_customer(qtbot, window, "T0002")
    page = window.financeiro
    page.empresa.setCurrentIndex(page.empresa.findText("LOJA1"))
    settle(qtbot, window)
    total = page.model.rowCount()
    assert total > 1000 and not page.model.holds(0, total)
    selection = page.grid.selectionModel()
    first, last = page.model.index(0, 0), page.model.index(total - 1, 0)
    selection.select(
        QItemSelection(first, last),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert page.selected_titulos() == []  # not read yet: nothing to renegotiate
    qtbot.waitUntil(lambda: page.negotiate_button.isEnabled(), timeout=10_000)
    assert page.model.holds(0, total)
    assert f"{total:,}".replace(",", ".") + " título(s) da empresa LOJA1" in (
        page.negotiate_button.toolTip()
    )
