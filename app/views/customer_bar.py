"""The customer bar: search as you type, the header card of the open customer, and the
"Posição em" date.

Typing waits ~150 ms for a pause, then searches off the GUI thread (a newer query
makes an older answer stale); results drop down under the field: Up/Down choose,
Enter or a click opens, Esc closes. Enter with no results opens the text as a code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.db import clientes
from app.db.clientes import ClienteInfo, SearchHit
from app.db.engine import Database
from app.db.financeiro import FinanceiroSummary
from app.domain.documents import format_cpf_cnpj
from app.domain.formatting import format_date, format_money
from app.domain.text import normalize_search
from app.models.search import SearchResultsModel
from app.tasks import TaskChannel, in_session
from app.views.cells import CellDelegate
from app.views.errors import user_message
from app.views.resources import icon
from app.views.widgets import BUSY_AFTER_MS, FigureTile, date_edit, from_qdate, to_qdate

SEARCH_DELAY_MS = 150
AS_OF_DELAY_MS = 350  # typing a date changes it digit by digit: reload once it settles
SEARCH_LIMIT = 20
CELL_PADDING = 10  # px around a result's text: the item view's margins and a little air
SearchResult = tuple[list[SearchHit], dict[int, Decimal]]


class SearchPopup(QFrame):
    """The results list under the search field (a child of the window, never focused)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        # a white fill and a plain line (not a style sheet's background): an opaque widget,
        # so Qt need not paint the card, grids and charts under it first, each time it is
        # shown, resized or repainted as the user types
        self.setFrameShape(QFrame.Shape.Box)
        self.setFrameShadow(QFrame.Shadow.Plain)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#90a4ae"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        self.model = SearchResultsModel(self)
        self.view = QTableView()
        self.view.setAccessibleName(self.tr("Clientes encontrados"))
        self.view.setModel(self.model)
        # painted as the grids are: a cell's text in one call, not seven roles' QVariants
        self.view.setItemDelegate(CellDelegate(self.view))
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view)
        self.note = QLabel()
        self.note.setContentsMargins(8, 4, 8, 4)
        self.note.setStyleSheet("color: #607d8b;")
        layout.addWidget(self.note)
        self.hide()

    def show_results(
        self, hits: Sequence[SearchHit], totals: dict[int, Decimal] | None = None
    ) -> None:
        self.model.set_results(hits, totals)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Every column but the name as wide as its header and its widest text, measured
        once per answer (ResizeToContents asked the model for every cell, in several
        roles, at each layout: half of a search's time on the GUI thread)."""
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        for column in range(1, self.model.columnCount()):
            widest = max(map(metrics.horizontalAdvance, self.model.texts(column)), default=0)
            header.resizeSection(column, max(header.sectionSizeHint(column), widest + CELL_PADDING))

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def step(self, step: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = min(max(self.current_row() + step, 0), count - 1)
        self.view.setCurrentIndex(self.model.index(row, 0))


class CustomerBar(QWidget):
    """Search, header card and as-of date.

    Signals:
        customer_requested(str): open the history of this customer code.
        as_of_changed(object): the "Posição em" date (a date) changed.
        search_finished(int): a search answered with this many customers.
    """

    customer_requested = Signal(str)
    as_of_changed = Signal(object)
    search_finished = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self._pending_query = ""
        self._open_when_found = False
        self._channel = TaskChannel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        # a popup saying "Buscando…" only for a search that takes a while: painting it
        # (and the last results in it) meanwhile slowed the query on the other core
        self._searching = QTimer(self)
        self._searching.setSingleShot(True)
        self._searching.setInterval(BUSY_AFTER_MS)
        self._searching.timeout.connect(self._still_searching)
        self._cliente: ClienteInfo | None = None
        self._summary: FinanceiroSummary | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("customerSearch")
        self.search.setPlaceholderText(
            self.tr("Buscar cliente por nome, CPF/CNPJ ou código  (Ctrl+F)")
        )
        self.search.setAccessibleName(self.tr("Buscar cliente"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(380)
        self.search.textEdited.connect(self._edited)
        self.search.installEventFilter(self)
        row.addWidget(self.search, 1)
        row.addSpacing(16)
        as_of_label = QLabel(self.tr("&Posição em:"))
        row.addWidget(as_of_label)
        self.as_of = date_edit(accessible_name=self.tr("Posição em"))
        self.as_of.setToolTip(self.tr("A situação do cliente nesta data (padrão: hoje)"))
        as_of_label.setBuddy(self.as_of)
        self._as_of_timer = QTimer(self)
        self._as_of_timer.setSingleShot(True)
        self._as_of_timer.setInterval(AS_OF_DELAY_MS)
        self._as_of_timer.timeout.connect(lambda: self.as_of_changed.emit(self.as_of_date()))
        self.as_of.dateChanged.connect(lambda _d: self._as_of_timer.start())
        row.addWidget(self.as_of)
        layout.addLayout(row)

        self.popup = SearchPopup(self)  # moved onto the window when first shown
        self.popup.view.clicked.connect(self._popup_clicked)

        self.card = self._build_card()
        layout.addWidget(self.card)
        self.card.hide()

    # --- header card ---

    def _build_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("customerCard")
        card.setAccessibleName(self.tr("Dados do cliente"))
        card.setStyleSheet(
            "#customerCard { background: #f5f8fa; border: 1px solid #d5dde3; border-radius: 4px; }"
        )
        outer = QHBoxLayout(card)
        outer.setContentsMargins(12, 8, 12, 8)
        info = QVBoxLayout()
        info.setSpacing(2)
        self.name_label = QLabel()
        self.name_label.setObjectName("customerName")
        self.name_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info.addWidget(self.name_label)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(1)
        self.fields: dict[str, QLabel] = {}
        captions = (
            ("codigo", self.tr("Código")),
            ("documento", self.tr("CPF/CNPJ")),
            ("telefone", self.tr("Telefone")),
            ("email", self.tr("E-mail")),
            ("cidade", self.tr("Cidade/UF")),
            ("desde", self.tr("Cliente desde")),
            ("limite", self.tr("Limite de crédito")),
        )
        for i, (key, caption) in enumerate(captions):
            label = QLabel()
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(caption)
            self.fields[key] = label
            cap = QLabel(f"{caption}:")
            cap.setStyleSheet("color: #607d8b;")
            grid.addWidget(cap, i % 4, (i // 4) * 2)
            grid.addWidget(label, i % 4, (i // 4) * 2 + 1)
        grid.setColumnStretch(3, 1)
        info.addLayout(grid)
        self.warning = QLabel()
        self.warning.setObjectName("creditWarning")
        self.warning.setStyleSheet(
            "background: #fff3e0; color: #e65100; font-weight: bold; padding: 2px 6px;"
            " border: 1px solid #ffb74d; border-radius: 3px;"
        )
        # its room kept while hidden: the card keeps its height, so the history below
        # neither jumps when the figures arrive nor is laid out and painted again whole
        policy = self.warning.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.warning.setSizePolicy(policy)
        self.warning.hide()
        info.addWidget(self.warning)
        outer.addLayout(info, 1)
        figures = QGridLayout()
        figures.setSpacing(4)
        self.total_tile = FigureTile(caption=self.tr("TOTAL A RECEBER"), big=True)
        self.vencido_tile = FigureTile(caption=self.tr("TOTAL VENCIDO"))
        self.atualizado_tile = FigureTile(caption=self.tr("TOTAL ATUALIZADO"))
        self.ultima_tile = FigureTile(caption=self.tr("ÚLTIMA COMPRA"))
        figures.addWidget(self.total_tile, 0, 0, 2, 1)
        figures.addWidget(self.vencido_tile, 0, 1)
        figures.addWidget(self.atualizado_tile, 0, 2)
        figures.addWidget(self.ultima_tile, 1, 1, 1, 2)
        outer.addLayout(figures)
        return card

    def set_cliente(self, info: ClienteInfo | None) -> None:
        self._cliente = info
        if info is None:
            self.card.hide()
            self._summary = None
            return
        self.name_label.setText(info.nome)
        self.name_label.setAccessibleName(info.nome)
        try:
            document = format_cpf_cnpj(info.cpf_cnpj)
        except ValueError:
            document = info.cpf_cnpj
        values = {
            "codigo": info.codigo,
            "documento": document,
            "telefone": info.telefone or "—",
            "email": info.email or "—",
            "cidade": "/".join(p for p in (info.cidade, info.uf) if p) or "—",
            "desde": format_date(info.cliente_desde) or "—",
            "limite": format_money(info.limite_credito)
            if info.limite_credito is not None
            else self.tr("não definido"),
        }
        for key, value in values.items():
            self.fields[key].setText(value)
        self.ultima_tile.set_value(format_date(info.ultima_compra) or self.tr("nenhuma"))
        self.card.show()
        self._show_figures()

    def set_summary(self, summary: FinanceiroSummary | None) -> None:
        self._summary = summary
        self._show_figures()

    def _show_figures(self) -> None:
        summary, info = self._summary, self._cliente
        if summary is None or info is None:
            for tile in (self.total_tile, self.vencido_tile, self.atualizado_tile):
                tile.set_value("…")
            self.warning.hide()
            return
        self.total_tile.set_value(format_money(summary.total_a_receber), "#b71c1c")
        self.vencido_tile.set_value(
            format_money(summary.total_vencido), "#c62828" if summary.total_vencido else None
        )
        self.atualizado_tile.set_value(format_money(summary.total_atualizado))
        limite = info.limite_credito
        if limite is not None and summary.total_a_receber > limite:
            self.warning.setText(
                self.tr("⚠ Total a receber ({total}) acima do limite de crédito ({limite})").format(
                    total=format_money(summary.total_a_receber), limite=format_money(limite)
                )
            )
            self.warning.setAccessibleName(self.warning.text())
            self.warning.show()
        else:
            self.warning.hide()

    # --- as-of date ---

    def as_of_date(self) -> date:
        return from_qdate(self.as_of.date())

    def set_as_of(self, day: date, *, notify: bool = True) -> None:
        """Show this date; ``notify=False`` for the start-up date (no as_of_changed)."""
        self.as_of.setDate(to_qdate(day))
        if not notify:
            self._as_of_timer.stop()

    # --- search ---

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _edited(self, text: str) -> None:
        self._open_when_found = False
        if len(normalize_search(text)) < 2:
            self._timer.stop()
            self._channel.cancel()
            self.popup.show_results([])
            self.popup.hide()
            return
        self._timer.start()

    def _search(self) -> None:
        if self.database is None:
            return
        query, as_of = self.search.text(), self.as_of_date()
        self._pending_query = query

        def work(session: Session) -> SearchResult:
            hits = clientes.search(session, query, limit=SEARCH_LIMIT)
            return hits, clientes.totals_a_receber(session, [h.id for h in hits], as_of)

        self._channel.run(in_session(self.database, work), self._found, self._search_failed)
        if self.popup.isVisible():  # the previous results stay until these arrive
            self.popup.note.setText(self.tr("Buscando…"))
        else:  # most answers come in milliseconds: no popup of stale rows meanwhile
            self._searching.start()

    def _still_searching(self) -> None:
        if self._channel.busy:
            self.popup.show_results([])
            self.popup.note.setText(self.tr("Buscando…"))
            self._show_popup()

    def _found(self, result: SearchResult) -> None:
        self._searching.stop()
        hits, totals = result
        self.popup.show_results(hits, totals)
        if self._open_when_found:
            self._open_when_found = False
            if hits:
                typed = self._pending_query.strip().upper()
                self._open(
                    next((h.codigo for h in hits if h.codigo.upper() == typed), hits[0].codigo)
                )
                self.search_finished.emit(len(hits))
                return
        if hits:
            self.popup.view.setCurrentIndex(self.popup.model.index(0, 0))
            note = (
                self.tr("{n} cliente(s) — Enter abre, ↑↓ escolhem, Esc fecha").format(n=len(hits))
                if len(hits) < SEARCH_LIMIT
                else self.tr("Mostrando os primeiros {n} — refine a busca").format(n=len(hits))
            )
        else:
            note = self.tr("Nenhum cliente encontrado para “{q}”").format(q=self._pending_query)
        self.popup.note.setText(note)
        if self.search.hasFocus() or self.popup.isVisible():
            self._show_popup()
        self.search_finished.emit(len(hits))

    def _search_failed(self, exc: BaseException) -> None:
        self._searching.stop()
        self.popup.show_results([])
        self.popup.note.setText(user_message(exc))
        self._show_popup()
        self.search_finished.emit(0)

    def _show_popup(self) -> None:
        window = self.window()
        if self.popup.parentWidget() is not window:
            self.popup.setParent(window)
        rows = min(max(self.popup.model.rowCount(), 1), 10)
        height = (
            self.popup.view.horizontalHeader().sizeHint().height()
            + rows * (self.popup.view.verticalHeader().defaultSectionSize())
            + 34
        )
        top_left = self.search.mapTo(window, QPoint(0, self.search.height()))
        width = min(max(self.search.width(), 720), window.width() - top_left.x() - 8)
        self.popup.setGeometry(top_left.x(), top_left.y(), width, height)
        self.popup.show()
        self.popup.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.popup.isVisible():
            self._show_popup()

    def hide_popup(self) -> None:
        self.popup.hide()

    def open_current(self) -> None:
        """Enter: open the chosen result; while a search runs, open its first result."""
        row = self.popup.current_row()
        searching = self._timer.isActive() or self._channel.busy
        if searching and self.search.text().strip():
            self._open_when_found = True
            if self._timer.isActive():
                self._timer.stop()
                self._search()
            return
        if self.popup.isVisible() and row >= 0:
            hit = self.popup.model.hit(row)
            self._open(hit.codigo)
        elif self.search.text().strip():
            self._open(self.search.text().strip())

    def _open(self, code: str) -> None:
        self._open_when_found = False
        self._timer.stop()
        self._channel.cancel()
        self.popup.hide()
        self.search.clear()
        self.customer_requested.emit(code)

    def _popup_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open(self.popup.model.hit(index.row()).codigo)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search:
            if event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                key = event.key()
                if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.popup.isVisible():
                    self.popup.step(1 if key == Qt.Key.Key_Down else -1)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.open_current()
                    return True
                if key == Qt.Key.Key_Escape and self.popup.isVisible():
                    self.popup.hide()
                    return True
            elif event.type() == QEvent.Type.FocusOut:
                QTimer.singleShot(200, self._hide_if_unfocused)
        return super().eventFilter(watched, event)

    def _hide_if_unfocused(self) -> None:
        if not self.search.hasFocus():
            self.popup.hide()
