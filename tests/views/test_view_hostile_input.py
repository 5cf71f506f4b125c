"""Whatever a clerk types or pastes in the window's text fields (customer search, the
Venda product filter, the programação editor and its dates): SQL metacharacters, `%`
and `_`, very long text, emoji, right-to-left text, control characters, 31/02. No
error, no effect beyond the literal search or the text saved exactly as typed; the
database is otherwise unchanged (issue #6)."""

from __future__ import annotations

from datetime import date

import pytest
from history_data import TODAY, History, open_customer, settle
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db import venda as venda_db
from app.db.engine import Database
from app.db.programacao_ops import EmpresaOption, ProgramacaoInput
from app.db.schema import Cliente, Programacao
from app.domain.documents import only_digits
from app.domain.text import normalize_search, without_controls
from app.views.main_window import MainWindow
from app.views.programacao_dialog import ProgramacaoDialog
from app.views.programacao_page import ProgramacaoPage
from app.views.venda_page import VendaPage
from tests.reliability.reliability_support import fingerprint

HOSTILE = (
    "' OR 1=1 --",
    "'; DROP TABLE cliente; --",
    "Robert'); DELETE FROM titulo; --",
    "%",
    "_",
    "%_%",
    "\\",
    '"',
    "silva%",
    "a" * 5000,
    "😀👍🏽 João",
    "\u202eavlis",  # right-to-left override
    "שלום",
    "مرحبا",
    "x\x00y",
    "\x1b[2J",
    '=HYPERLINK("http://x")',
    "31/02/2026",
    "NEAR(silva joao)",
    "silva*",
    "  SILVA  ",
    "joão",
    "529.982",
)


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def _expected_hits(db: Database, text: str) -> set[str]:
    """The customers the search means: name containing the words (accents, case and
    spaces ignored), or the code, or a CPF/CNPJ starting with the digits typed."""
    words = normalize_search(text)
    if not words:
        return set()
    digits = only_digits(text)
    plain = text.replace(".", "").replace("-", "").replace("/", "").strip()
    with db.session() as session:
        rows = session.execute(select(Cliente.codigo, Cliente.nome, Cliente.cpf_cnpj)).all()
    return {
        codigo
        for codigo, nome, cpf in rows
        if words in normalize_search(nome)
        or codigo in {text.strip(), text.strip().upper()}
        or (len(digits) >= 3 and digits == plain and cpf.startswith(digits))
    }


def test_customer_search_takes_any_text_literally(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    before = fingerprint(_url(db))
    bar = window.customer_bar
    for text in HOSTILE:
        bar.search.setText(text)
        with qtbot.waitSignal(bar.search_finished, timeout=10_000):
            bar._search()  # what the debounce timer runs
        model = bar.popup.model
        codes = {model.hit(r).codigo for r in range(model.rowCount())}
        assert "erro" not in bar.popup.note.text().lower(), (text, bar.popup.note.text())
        expected = _expected_hits(db, text)
        assert {h for h in codes if h in expected} == codes, text
        assert len(codes) == len(expected), (text, codes, expected)
    assert fingerprint(_url(db)) == before


def test_venda_product_filter_takes_any_text_literally(
    qtbot: QtBot, window: MainWindow, db: Database, history: History
) -> None:
    open_customer(qtbot, window, "T0001")
    page = window.pages["venda"]
    assert isinstance(page, VendaPage)
    with db.session() as session:
        everything = venda_db.load_itens(session, history.joao, TODAY)
    failures: list[str] = []
    page.failed.connect(lambda message, _db: failures.append(message))
    before = fingerprint(_url(db))
    for text in (*HOSTILE, "CAFE", "café"):
        page.produto.setText(text)
        page._refilter()
        settle(qtbot, window)
        expected = venda_db.filter_itens(everything, produto=text)
        assert page.model.total_count() == len(expected), text
    assert failures == []
    assert fingerprint(_url(db)) == before


def test_programacao_texts_are_saved_exactly_as_typed(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_customer(qtbot, window, "T0001")
    page = window.pages["programacao"]
    assert isinstance(page, ProgramacaoPage)
    saved: list[str] = []
    warnings: list[str] = []
    page.message.connect(saved.append)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    for text in HOSTILE:
        data = ProgramacaoInput(
            empresa="LOJA1",
            data=TODAY,
            hora=None,
            tipo="ligacao",
            descricao=text,
            responsavel=text[:100],
        )
        with db.session() as session:
            count = len(session.scalars(select(Programacao.id)).all())
        page.save_new(data)
        qtbot.waitUntil(lambda: bool(saved or warnings), timeout=10_000)
        settle(qtbot, window)
        with db.session() as session:
            rows = session.scalars(select(Programacao).order_by(Programacao.id)).all()
        assert warnings == [] and len(rows) == count + 1, (repr(text), warnings)
        # as typed, but for the invisible control characters (a NUL PostgreSQL refuses)
        assert rows[-1].descricao == without_controls(text, keep="\n\t").strip(), repr(text)
        assert rows[-1].responsavel == (without_controls(text[:100]).strip() or None)
        saved.clear()


def test_dates_like_31_02_cannot_be_typed(qtbot: QtBot) -> None:
    dialog = ProgramacaoDialog(
        empresas=[EmpresaOption("LOJA1", "Loja Um")], today=date(2026, 2, 10), parent=None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.data.setFocus()
    dialog.data.selectAll()
    qtbot.keyClicks(dialog.data, "31/02/2026")
    typed = dialog.data.date()
    assert typed.isValid()  # the field kept a real day, whatever was typed
    dialog.descricao.setPlainText("Ligar")
    value = dialog.value()
    assert value.data == date(typed.year(), typed.month(), typed.day())
