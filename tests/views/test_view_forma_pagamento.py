"""Forma de pagamento is shown by its label (Boleto, Carnê, PIX…), never the stored code:
in the Financeiro grid, its export, and the título dialog with its recebimentos."""

from __future__ import annotations

from pathlib import Path

from history_data import History, open_customer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.db import import_fields
from app.db.columns import FORMAS_PAGAMENTO, forma_pagamento_label
from app.views.main_window import MainWindow
from app.views.titulo_dialog import TituloDialog


def test_every_stored_code_has_a_label() -> None:
    assert set(FORMAS_PAGAMENTO) == set(import_fields.FORMAS_PAGAMENTO)
    assert [forma_pagamento_label(c) for c in ("carne", "cartao", "pix", None, "outra")] == [
        "Carnê",
        "Cartão",
        "PIX",
        None,
        "outra",
    ]


def test_grid_export_and_dialog_show_labels(
    qtbot: QtBot, window: MainWindow, history: History, tmp_path: Path
) -> None:
    open_customer(qtbot, window, "T0001")
    page = window.financeiro
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "forma_pagamento")
    assert {page.model.index(r, column).data() for r in range(page.model.rowCount())} == {"Boleto"}

    target = tmp_path / "fin.csv"
    with qtbot.waitSignal(page.message, timeout=10_000):
        page.export_to(target, "csv")
    header, *lines = target.read_text(encoding="utf-8-sig").splitlines()
    position = header.split(";").index("FORMA PAGTO.")
    assert {line.split(";")[position] for line in lines} == {"Boleto"}

    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).pos.received)
    page.grid.activated.emit(page.model.index(row, 0))
    dialog = page.findChild(TituloDialog)
    assert dialog is not None
    label = dialog.findChild(QLabel, "formaPagamento")
    assert label is not None and label.text() == "Boleto"
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert dialog.model.index(0, 2).data() == "PIX"
    dialog.close()
