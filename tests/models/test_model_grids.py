"""The grid models: Qt's model contract, paging, formatting, colours and sorting."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QModelRoleData, Qt
from PySide6.QtGui import QColor, QIcon
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.db import titulo_row
from app.db.clientes import SearchHit
from app.db.columns import Column, Kind
from app.db.financeiro import TituloRow
from app.db.negociacao import AcordoRow, AcordoTituloRow
from app.db.programacao import ProgramacaoRow
from app.db.recebimentos import RecebimentoRow
from app.db.venda import ItemRow
from app.domain.formatting import format_money
from app.domain.titulos import DEFAULT_RATES, Status, position
from app.models.base import PAGE_SIZE, RAW_ROLE, RELEASE_AWAY, ROW_ROLE, RowTableModel
from app.models.cell_texts import NEGATIVE_COLOR, STATUS_COLORS, sorted_rows, wrapped
from app.models.financeiro import FinanceiroModel
from app.models.negociacao import AcordoTitulosModel, NegociacaoModel
from app.models.programacao import ProgramacaoModel
from app.models.recebimentos import RecebimentosModel
from app.models.search import HIT_ROLE, SearchResultsModel
from app.models.venda import VendaModel

AS_OF = date(2026, 3, 16)
D = Decimal


def titulo(
    i: int,
    *,
    vencimento: date,
    valor: str = "100.00",
    received: str = "0.00",
    cancelado: bool = False,
    negativado: bool = False,
) -> TituloRow:
    return TituloRow.of(
        id=i,
        empresa="LOJA1",
        cod_venda=f"V{i}" if i % 3 else None,
        numero_documento=f"N{i}",
        parcela=1,
        emissao=date(2025, 1, 1),
        vencimento=vencimento,
        valor=D(valor),
        forma_pagamento="boleto",
        ult_recebimento=None,
        acordo_origem=None,
        renegociado_no_acordo=7 if cancelado else None,
        received=D(received),
        cancelado_em=date(2026, 1, 1) if cancelado else None,
        negativado_em=date(2026, 1, 1) if negativado else None,
        cobranca_em=None,
        as_of=AS_OF,
        rates=DEFAULT_RATES,
    )


def sample_titulos() -> list[TituloRow]:
    return [
        titulo(1, vencimento=date(2026, 4, 10)),  # em aberto
        titulo(2, vencimento=date(2026, 2, 10), valor="200.00", received="50.00"),  # vencido
        titulo(3, vencimento=date(2025, 10, 10), negativado=True, valor="400.00"),
        titulo(4, vencimento=date(2026, 1, 10), received="100.00"),  # recebido
        titulo(5, vencimento=date(2025, 11, 10), cancelado=True, valor="500.00"),
    ]


def many_titulos(n: int) -> list[TituloRow]:
    return [titulo(i, vencimento=date(2025, 1, 1) + timedelta(days=i % 700)) for i in range(n)]


def column_of(model: RowTableModel, key: str) -> int:
    return next(i for i, c in enumerate(model.columns) if c.key == key)


# --- Qt's contract ---


def acordo(i: int, situacao: str = "ativo") -> AcordoRow:
    return AcordoRow(
        i,
        7 + i,
        "LOJA1",
        date(2026, 2, 15),
        D("500.00"),
        D("10.00"),
        D("5.00"),
        D("5.00"),
        D("510.00"),
        3,
        situacao,
    )


def item(i: int, situacao: str = "concluida") -> ItemRow:
    return ItemRow(
        i,
        date(2026, 1, i % 28 + 1),
        f"V{i}",
        "LOJA1",
        "GEL-01",
        "Geladeira",
        D("1.500"),
        D("1000.00"),
        D("0.00"),
        D("1500.00"),
        "Ana",
        situacao,
    )


def programacao(i: int, day: date, situacao: str = "pendente") -> ProgramacaoRow:
    return ProgramacaoRow(
        i, day, time(10, 0) if i % 2 else None, "ligacao", "Ligar", "Carla", situacao, "LOJA1"
    )


MAKERS = [
    lambda: (FinanceiroModel(), sample_titulos() + many_titulos(450)),
    lambda: (VendaModel(), [item(i) for i in range(30)] + [item(99, "cancelada")]),
    lambda: (NegociacaoModel(), [acordo(1), acordo(2, "quebrado")]),
    lambda: (
        AcordoTitulosModel(),
        [AcordoTituloRow("parcela", t) for t in sample_titulos()]
        + [AcordoTituloRow("original", sample_titulos()[-1])],
    ),
    lambda: (
        ProgramacaoModel(),
        [
            programacao(1, AS_OF - timedelta(days=3)),
            programacao(2, AS_OF),
            programacao(3, AS_OF, "realizada"),
        ],
    ),
    lambda: (RecebimentosModel(), [RecebimentoRow(1, date(2026, 2, 1), D("50.00"), "pix")]),
]
MAKER_IDS = ["financeiro", "venda", "negociacao", "acordo_titulos", "programacao", "recebimentos"]


@pytest.mark.parametrize("make", MAKERS, ids=MAKER_IDS)
def test_models_pass_qtmodeltester(
    qtmodeltester: ModelTester, make: Callable[[], tuple[RowTableModel, list[Any]]]
) -> None:
    model, rows = make()
    qtmodeltester.check(model)
    model.set_rows(rows)
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.EditRole,
    RAW_ROLE,
    ROW_ROLE,
]


@pytest.mark.parametrize("make", MAKERS, ids=MAKER_IDS)
def test_multidata_answers_every_role_as_data_does(
    make: Callable[[], tuple[RowTableModel, list[Any]]],
) -> None:
    """What the view's delegate asks in one call (multiData) is what data() answers."""
    model, rows = make()
    model.set_rows(rows)
    cells = [model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())]
    answered = 0
    for index in [*cells, QModelIndex()]:
        for role in ROLES:
            asked = QModelRoleData(role)
            model.multiData(index, asked)
            expected, got = model.data(index, role), asked.data()
            if isinstance(expected, Qt.AlignmentFlag):
                got = Qt.AlignmentFlag(got)
            if isinstance(expected, QIcon):  # icons compare by their shared data
                got, expected = got.cacheKey(), expected.cacheKey()
            assert got == expected, (index.row(), index.column(), role)
            answered += expected is not None
    assert answered > len(cells) * 3  # texts, alignments, typed values and rows at least


def test_search_results_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = SearchResultsModel()
    qtmodeltester.check(model)
    hits = [
        SearchHit(1, "T0001", "João da Silva", "52998224725", "São Paulo", "SP"),
        SearchHit(2, "T0009", "Empresa X", "11222333000181", None, None),
    ]
    model.set_results(hits, {1: D("1460.00")})
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "João da Silva"
    assert model.index(0, 1).data() == "529.982.247-25"
    assert model.index(1, 1).data() == "11.222.333/0001-81"
    assert model.index(0, 2).data() == "São Paulo/SP"
    assert model.index(0, 3).data() == "R$ 1.460,00"
    assert model.index(1, 3).data() == ""
    assert model.index(1, 0).data(HIT_ROLE).codigo == "T0009"
    for r in range(2):  # the popup's paint asks in one call what data() answers
        for c in range(model.columnCount()):
            for role in (*ROLES[:4], HIT_ROLE):
                asked = QModelRoleData(role)
                model.multiData(model.index(r, c), asked)
                assert asked.data() == model.index(r, c).data(role), (r, c, role)


# --- paging ---


def test_rows_arrive_in_pages(qtbot: QtBot) -> None:
    model = FinanceiroModel()
    model.set_rows(many_titulos(450))
    assert model.rowCount() == PAGE_SIZE
    assert model.total_count() == 450
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.rowsInserted) as blocker:
        model.fetchMore(QModelIndex())
    assert blocker.args[1:] == [PAGE_SIZE, 2 * PAGE_SIZE - 1]
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    with qtbot.assertNotEmitted(model.rowsAboutToBeInserted):
        model.fetchMore(QModelIndex())
    assert len(model.all_rows()) == 450


def test_pages_from_the_database_grow_and_reach_the_view_in_one_insertion(
    qtbot: QtBot,
) -> None:
    """set_window: each load asks for as many rows as are held (up to MAX_FETCH) and
    inserts all it brought at once: one layout and one repaint of the view a load."""
    rows = many_titulos(1000)
    asked: list[tuple[int, int]] = []

    def fetch(start: int, end: int, done: Callable[[Any], None]) -> None:
        asked.append((start, end))
        done(rows[start:end])  # as a worker's answer would arrive

    model = FinanceiroModel()
    model.set_window(len(rows), rows[:PAGE_SIZE], fetch)
    assert model.rowCount() == PAGE_SIZE
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert asked == [(200, 400), (400, 800), (800, 1000)]
    assert inserted == [(200, 399), (400, 799), (800, 999)]
    assert model.all_rows() == rows and model.is_complete()


# --- sparse: an id-window cache ---


class _Pages:
    """A sparse grid's fetch: notes what is asked and answers when told (as a worker's
    answer arrives later, on the GUI thread)."""

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows
        self.asked: list[tuple[int, int]] = []
        self.waiting: list[tuple[int, int, Callable[[Any], None]]] = []

    def __call__(self, start: int, end: int, done: Callable[[Any], None]) -> None:
        self.asked.append((start, end))
        self.waiting.append((start, end, done))

    def answer(self, *, failed: bool = False) -> None:
        start, end, done = self.waiting.pop(0)
        done(None if failed else self.rows[start:end])


def _sparse(qtbot: QtBot, n: int) -> tuple[FinanceiroModel, _Pages, list[TituloRow]]:
    rows = many_titulos(n)
    pages = _Pages(rows)
    model = FinanceiroModel()
    model.set_window(len(rows), rows[:PAGE_SIZE], pages, sparse=True)
    return model, pages, rows


def test_a_sparse_grid_shows_every_row_and_reads_those_painted(qtbot: QtBot) -> None:
    """Every row is in the view at once (the scroll bar is the grid's length); a row
    painted before it is read is blank, its page is asked for after the paint, and the
    view is told when it arrives; nothing else is read."""
    model, pages, rows = _sparse(qtbot, 5000)
    ModelTester(model)  # Qt's contract holds with rows not read yet
    assert model.rowCount() == 5000 and not model.canFetchMore(QModelIndex())
    assert model.held_count() == PAGE_SIZE and not model.is_complete()
    numero = column_of(model, "numero_documento")
    assert model.index(10, numero).data() == rows[10].numero_documento  # held: no load
    qtbot.wait(10)
    assert pages.asked == []
    painted = [model.index(r, numero) for r in range(4990, 5000)]
    assert [i.data() for i in painted] == [""] * 10  # blank until read
    assert model.index(4995, numero).data(ROW_ROLE) is None
    assert model.index(4995, numero).data(Qt.ItemDataRole.BackgroundRole) is None
    assert pages.asked == []  # not inside the paint: after it
    qtbot.waitUntil(lambda: pages.asked != [])
    assert pages.asked == [(4800, 5000)] and model.is_loading_page()  # their page, the last
    model.index(1000, numero).data()
    model.index(2300, numero).data()  # painted while the other loads
    with qtbot.waitSignal(model.dataChanged) as changed:
        pages.answer()
    first, last = changed.args[0], changed.args[1]
    assert (first.row(), last.row()) == (4800, 4999)
    assert [i.data() for i in painted] == [r.numero_documento for r in rows[4990:]]
    assert model.row_at(4995) is rows[4995] and model.row_at(2500) is None
    # then the latest page painted, and the one below it (read ahead for the scroll)
    qtbot.waitUntil(lambda: len(pages.asked) == 2)
    assert pages.asked[1] == (2200, 2600)
    pages.answer()
    qtbot.waitUntil(lambda: len(pages.asked) == 3)
    assert pages.asked[2] == (1000, 1400)
    pages.answer()
    qtbot.wait(10)
    assert len(pages.asked) == 3 and not model.is_loading_page()
    assert model.held_count() == 6 * PAGE_SIZE
    assert model.all_rows() == rows[:PAGE_SIZE] + rows[1000:1400] + rows[2200:2600] + rows[4800:]


def test_a_sparse_grid_reads_the_latest_pages_painted_first(qtbot: QtBot) -> None:
    """Scrolled fast while a page loads, the grid then reads where the clerk is now
    (with the pages painted next to it, in one load), and forgets the pages scrolled
    past long ago."""
    model, pages, rows = _sparse(qtbot, 10_000)
    numero = column_of(model, "numero_documento")
    model.index(1000, numero).data()
    qtbot.waitUntil(lambda: pages.asked != [])
    for page in range(10, 40):  # scrolled down, a paint every page, while it loads
        model.index(page * PAGE_SIZE, numero).data()
    model.index(39 * PAGE_SIZE - 1, numero).data()  # the page above the last one
    pages.answer()
    qtbot.waitUntil(lambda: len(pages.asked) == 2)
    # pages 34-39 painted, and page 40 below them, read ahead
    assert pages.asked[1] == (34 * PAGE_SIZE, 41 * PAGE_SIZE)
    pages.answer()
    qtbot.wait(10)
    assert len(pages.asked) == 2  # the pages scrolled past are not read
    assert model.row_at(39 * PAGE_SIZE).id == rows[39 * PAGE_SIZE].id
    assert model.row_at(10 * PAGE_SIZE) is None


def test_a_sparse_grid_loads_a_span_on_request_and_grows_or_shrinks(qtbot: QtBot) -> None:
    """load_rows (a copy of rows never painted) reads the rows missing in loads of at
    most MAX_FETCH, then says so; the count read again adds or removes rows at the
    end; a grid filled again meanwhile drops the answer and says the load failed."""
    from app.models import base

    model, pages, rows = _sparse(qtbot, 3000)
    base_max = base.MAX_FETCH
    base.MAX_FETCH = 1000
    try:
        done: list[bool] = []
        model.load_rows(100, 2600, done.append)
        qtbot.waitUntil(lambda: pages.asked != [])
        while pages.waiting:
            pages.answer()
            qtbot.wait(1)
    finally:
        base.MAX_FETCH = base_max
    assert pages.asked == [(200, 1200), (1200, 2200), (2200, 2600)]
    assert done == [True] and model.holds(0, 2600) and not model.holds(0, 3000)
    model.load_rows(0, 10, done.append)  # held: at once
    assert done == [True, True]
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.set_total(3005)
    assert inserted.args[1:] == [3000, 3004] and model.rowCount() == 3005
    with qtbot.waitSignal(model.rowsRemoved) as removed:
        model.set_total(2500)
    assert removed.args[1:] == [2500, 3004] and model.held_count() == 2500
    assert model.is_complete() and model.all_rows() == rows[:2500]
    model.set_total(3000)
    later: list[bool] = []
    model.load_rows(2900, 3000, later.append)
    qtbot.waitUntil(lambda: bool(pages.waiting))
    model.set_window(10, rows[:10], pages, sparse=True)  # another filter, say
    assert later == [False]
    pages.answer()  # the old answer: dropped
    assert model.rowCount() == 10 and model.all_rows() == rows[:10]


def test_a_sparse_grid_whose_load_fails_asks_again_only_when_painted_again(
    qtbot: QtBot,
) -> None:
    model, pages, _rows = _sparse(qtbot, 1000)
    numero = column_of(model, "numero_documento")
    done: list[bool] = []
    model.load_rows(500, 510, done.append)
    model.index(900, numero).data()
    qtbot.waitUntil(lambda: pages.asked != [])
    pages.answer(failed=True)  # (the page says why)
    assert done == [False] and not model.is_loading_page()
    qtbot.wait(10)
    assert len(pages.asked) == 1
    model.index(900, numero).data()  # the clerk scrolls there again
    qtbot.waitUntil(lambda: len(pages.asked) == 2)
    assert pages.asked[1] == (800, 1000)  # the last page: none below it


class _Freed:
    """A row that notes the thread it is freed in."""

    threads: list[str] = []

    def __init__(self, n: int) -> None:
        self.n = n

    def __del__(self) -> None:
        _Freed.threads.append(threading.current_thread().name)


def test_many_rows_let_go_are_freed_off_the_gui_thread(qtbot: QtBot) -> None:
    """A model holding many rows (a grid scrolled to the end of a big customer) frees
    them in a worker when it is given others: tens of milliseconds of the window's
    time otherwise. A few rows are freed at once, where they are."""
    columns = (Column("n", "N", Kind.INT, lambda r: r.n),)
    model = RowTableModel(columns)
    _Freed.threads.clear()
    model.set_rows([_Freed(i) for i in range(RELEASE_AWAY)])
    model.set_window(3, [_Freed(-1)], lambda *_: None)
    assert model.rowCount() == 1 and model.row_at(0).n == -1
    qtbot.waitUntil(lambda: len(_Freed.threads) == RELEASE_AWAY, timeout=10_000)
    assert threading.main_thread().name not in _Freed.threads
    assert len(model.all_rows()) == 1
    _Freed.threads.clear()
    model.set_rows([_Freed(i) for i in range(3)])
    assert _Freed.threads == [threading.main_thread().name]  # the one of set_window


def test_only_the_rows_the_view_asks_for_are_formatted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scrolling to the end of 450 rows formats none of them until a cell is asked for,
    then that row once (its colours with it), whatever the roles and repeats; nor is a
    título's position computed before its row is formatted."""
    formatted: list[int] = []
    positions: list[Any] = []
    monkeypatch.setattr(titulo_row, "position", lambda *a: positions.append(a) or position(*a))

    class Counting(FinanceiroModel):
        def cell_foreground(self, column: Any, value: Any, row: Any) -> QColor | None:
            if column is self.columns[0]:
                formatted.append(row.id)
            return super().cell_foreground(column, value, row)

    model = Counting()
    rows = many_titulos(450)
    model.set_rows(rows)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert formatted == [] and positions == []
    valor = column_of(model, "valor")
    for _ in range(3):
        assert model.index(449, valor).data() == format_money(rows[449].valor)
        model.index(449, valor).data(Qt.ItemDataRole.ForegroundRole)
    assert formatted == [rows[449].id]
    assert len(positions) == 1


@pytest.mark.parametrize("make", MAKERS, ids=MAKER_IDS)
def test_the_texts_that_size_a_column_include_its_widest_and_format_no_row(
    qtbot: QtBot, make: Callable[[], tuple[RowTableModel, list[Any]]]
) -> None:
    """fit_texts (GridView.fit_columns) picks each column's widest values without
    formatting the rows: its widest text is as wide as the widest of every cell of
    those rows as the view shows them."""
    from PySide6.QtWidgets import QTableView

    model, rows = make()
    rows = [*rows, *rows[:1]]  # a repeated row changes nothing
    if isinstance(model, FinanceiroModel):  # negatives and more digits among the rows
        rows[:0] = [
            titulo(900, vencimento=date(2026, 2, 1), valor="-987654321.09"),
            titulo(901, vencimento=date(2026, 2, 1), valor="123456789.01"),
        ]
    model.set_rows(rows)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    view = QTableView()
    qtbot.addWidget(view)
    metrics = view.fontMetrics()
    shown = min(len(rows), 60)
    for column in range(model.columnCount()):
        picked = model.fit_texts(column, 60)
        assert all(model._shown[r] is None for r in range(model.rowCount()))  # none formatted
        every = {str(model.index(r, column).data() or "") for r in range(shown)}
        assert picked <= every | {""}
        widest = max((metrics.horizontalAdvance(t) for t in every), default=0)
        assert max((metrics.horizontalAdvance(t) for t in picked), default=0) == widest
        model._shown[:] = [None] * len(model._shown)  # as before the next column


def test_a_valid_parent_has_no_rows() -> None:
    model = FinanceiroModel()
    model.set_rows(sample_titulos())
    child = model.index(0, 0)
    assert model.rowCount(child) == 0
    assert model.columnCount(child) == 0
    assert not model.canFetchMore(child)


# --- cells ---


def test_cells_are_formatted_pt_br_and_aligned() -> None:
    model = FinanceiroModel()
    model.set_rows(sample_titulos())
    valor = column_of(model, "valor")
    saldo = column_of(model, "saldo")
    vencimento = column_of(model, "vencimento")
    assert model.index(1, valor).data() == "R$ 200,00"
    assert model.index(1, saldo).data() == "R$ 150,00"
    assert model.index(1, saldo).data(RAW_ROLE) == D("150.00")
    assert model.index(1, vencimento).data() == "10/02/2026"
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert model.index(0, valor).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert (
        model.headerData(valor, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole)
        == right
    )
    assert model.index(0, 0).data(ROW_ROLE).id == 1


def test_status_cells_are_coloured() -> None:
    model = FinanceiroModel()
    rows = sample_titulos()
    model.set_rows(rows)
    status = column_of(model, "status")
    for i, row in enumerate(rows):
        cell = model.index(i, status)
        assert cell.data() == row.status.label
        assert cell.data(Qt.ItemDataRole.ForegroundRole) == STATUS_COLORS[row.status]
    assert STATUS_COLORS[Status.VENCIDO] != STATUS_COLORS[Status.EM_ABERTO]
    assert model.index(4, status).data(Qt.ItemDataRole.ToolTipRole) == "Renegociado no acordo 7"


def test_negative_money_is_red() -> None:
    columns = (Column("v", "VALOR", Kind.MONEY, lambda r: r),)
    model = RowTableModel(columns)
    model.set_rows([D("-1234.56"), D("10.00")])
    assert model.index(0, 0).data() == "-R$ 1.234,56"
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == NEGATIVE_COLOR
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_headers_come_from_columns_and_long_ones_wrap() -> None:
    model = FinanceiroModel()
    column = column_of(model, "valor_atualizado")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "VALOR\nATUALIZADO"
    assert (
        model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole)
        == "VALOR ATUALIZADO"
    )
    assert model.headerData(0, Qt.Orientation.Horizontal) == "EMPRESA"
    assert model.headerData(99, Qt.Orientation.Horizontal) is None
    assert wrapped("TÍTULO NÚM. DOC.") == "TÍTULO\nNÚM. DOC."


def test_programacao_overdue_rows_are_highlighted() -> None:
    model = ProgramacaoModel()
    model.set_today(AS_OF)
    model.set_rows([programacao(1, AS_OF - timedelta(days=1)), programacao(2, AS_OF)])
    assert isinstance(model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole), QColor)
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Programação atrasada"


def test_negociacao_has_a_printer_column_left_out_of_exports() -> None:
    model = NegociacaoModel()
    model.set_print_icon(QIcon())
    model.set_rows([acordo(1)])
    cell = model.index(0, NegociacaoModel.PRINT)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Imprimir negociação"
    assert isinstance(cell.data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert [c.key for c in model.export_columns][0] == "numero"
    assert model.columnCount() == len(model.export_columns) + 1


def test_items_of_cancelled_sales_are_grey() -> None:
    model = VendaModel()
    model.set_rows([item(1), item(2, "cancelada")])
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "Venda cancelada"


# --- sorting ---


def test_sort_keeps_decimal_order_and_puts_empty_values_last() -> None:
    model = FinanceiroModel()
    model.set_rows(sample_titulos())
    saldo = column_of(model, "saldo")
    model.sort(saldo, Qt.SortOrder.DescendingOrder)
    values = [model.index(i, saldo).data(RAW_ROLE) for i in range(model.rowCount())]
    assert values == sorted(values, reverse=True)
    dias = column_of(model, "dias_atraso")
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(dias, order)
        raw = [model.index(i, dias).data(RAW_ROLE) for i in range(model.rowCount())]
        present = [v for v in raw if v is not None]
        assert raw[: len(present)] == present
        assert present == sorted(present, reverse=order == Qt.SortOrder.DescendingOrder)


def test_sort_is_kept_when_rows_change() -> None:
    model = FinanceiroModel()
    valor = column_of(model, "valor")
    model.sort(valor, Qt.SortOrder.DescendingOrder)
    model.set_rows(sample_titulos())
    assert model.index(0, valor).data(RAW_ROLE) == D("500.00")


def test_text_sorts_without_accents_or_case() -> None:
    rows = ["Zé", "ana", "Álvaro", None, "bruno"]
    ordered = sorted_rows(rows, lambda r: r, Kind.TEXT, descending=False)
    assert ordered == ["Álvaro", "ana", "bruno", "Zé", None]


def test_sorting_many_rows_goes_back_to_the_first_page() -> None:
    model = FinanceiroModel()
    model.set_rows(many_titulos(450))
    model.fetchMore(QModelIndex())
    model.sort(column_of(model, "vencimento"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == PAGE_SIZE
    assert model.index(0, column_of(model, "vencimento")).data() == "01/01/2025"
