"""Negociação: the customer's acordos, each printable, and the títulos of the selected one;
"Nova negociação" (choose títulos with check boxes) and "Quebrar acordo"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.db import negociacao
from app.db.negociacao import AcordoRow, AcordoTituloRow
from app.models.negociacao import AcordoTitulosModel, NegociacaoModel
from app.tasks import TaskChannel, in_session
from app.views import acordo_flow
from app.views.acordo_flow import print_acordo
from app.views.escolher_titulos import EscolherTitulosDialog
from app.views.grid import GridView
from app.views.paging import PagedRows
from app.views.resources import icon
from app.views.section_page import HistoryContext, SectionPage
from app.views.settings import Settings
from app.views.widgets import BusyIndicator


class NegociacaoPage(SectionPage):
    """The Negociação section. Ctrl+P prints the selected acordo (app.printing);
    "Nova negociação" (Ctrl+Shift+N) and "Quebrar acordo" change them (data_changed)."""

    key = "negociacao"

    def __init__(self, *, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings=settings, parent=parent)
        self._select_id: int | None = None  # the acordo to select when the grid reloads
        # the títulos of the acordo to select, read with the grid's first page (_query)
        self._ahead: dict[int, list[AcordoTituloRow]] = {}
        self._selected_before: int | None = None  # the last acordo the clerk had selected
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        bar = QHBoxLayout()
        heading = QLabel(self.tr("Acordos (negociações) do cliente"))
        heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        bar.addWidget(heading)
        bar.addStretch(1)
        self.busy = BusyIndicator(self)
        bar.addWidget(self.busy)
        self.new_button = QPushButton(icon("negociacao"), self.tr("Nova negociação"))
        self.new_button.setAccessibleName(self.tr("Nova negociação"))
        self.new_button.setToolTip(
            self.tr("Renegociar títulos em aberto de uma empresa (Ctrl+Shift+N)")
        )
        self.new_button.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_button.setEnabled(False)
        self.new_button.clicked.connect(self.new_negotiation)
        bar.addWidget(self.new_button)
        self.break_button = QPushButton(self.tr("Quebrar acordo"))
        self.break_button.setAccessibleName(self.tr("Quebrar o acordo selecionado"))
        self.break_button.setEnabled(False)
        self.break_button.clicked.connect(self.break_selected)
        bar.addWidget(self.break_button)
        self.print_button = QPushButton(icon("printer"), self.tr("Imprimir negociação"))
        self.print_button.setAccessibleName(self.tr("Imprimir negociação"))
        self.print_button.setToolTip(self.tr("Imprimir o acordo selecionado (Ctrl+P)"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_acordo)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.model = NegociacaoModel(self)
        self.model.set_print_icon(icon("printer"))
        self.model.database_sort = lambda _key, _descending: self._query()
        self.rows = PagedRows(self.model, self)  # the acordos, a page at a time
        self.rows.busy_changed.connect(self._busy)
        self.rows.failed.connect(self.load_failed)
        self.rows.shown.connect(self._shown)
        self.grid = GridView(
            name="negociacao",
            accessible_name=self.tr("Acordos do cliente"),
            empty_text=self.tr("Nenhum acordo para este cliente"),
            select_rows=True,
        )
        self.grid.setSelectionMode(GridView.SelectionMode.SingleSelection)
        self.grid.setModel(self.model)
        self.grid.clicked.connect(self._clicked)
        self.grid.selectionModel().selectionChanged.connect(self._selection_changed)
        splitter.addWidget(self.grid)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        self.titulos_label = QLabel(self.tr("Selecione um acordo para ver os seus títulos"))
        self.titulos_label.setStyleSheet("font-weight: bold;")
        lower_layout.addWidget(self.titulos_label)
        self.titulos_model = AcordoTitulosModel(self)
        self.titulos_grid = GridView(
            name="acordo_titulos",
            accessible_name=self.tr("Títulos do acordo: parcelas e títulos renegociados"),
            empty_text=self.tr("Nenhum título"),
        )
        self.titulos_grid.setModel(self.titulos_model)
        lower_layout.addWidget(self.titulos_grid)
        splitter.addWidget(lower)
        splitter.setSizes([220, 380])
        layout.addWidget(splitter, 1)
        self._titulos_channel = TaskChannel(self)
        self._titulos_channel.busy_changed.connect(self.titulos_grid.set_loading)

    def title(self) -> str:
        return self.tr("Negociação")

    def grids(self) -> Sequence[GridView]:
        return (self.grid, self.titulos_grid)

    def on_busy(self, busy: bool) -> None:
        self.busy.set_busy(busy)

    def reload(self) -> None:
        context = self.context
        assert context is not None
        cliente_id, as_of = context.cliente.id, context.as_of
        self.load(lambda s: negociacao.count_acordos(s, cliente_id, as_of), self.count_changed.emit)
        self._query()

    def _query(self) -> None:
        """The acordos under the current sort (the database orders the ids)."""
        context = self.context
        if context is None:
            return
        cliente_id, as_of, sort = context.cliente.id, context.as_of, self.model.current_sort()
        wanted = self._select_id if self._select_id is not None else self._selected_before
        ahead: dict[int, list[AcordoTituloRow]] = {}
        self._ahead = ahead
        first_page = True

        def acordos(session: Session, ids: Sequence[int]) -> list[AcordoRow]:
            nonlocal first_page
            rows = negociacao.acordos_by_ids(session, as_of, ids)
            if ids and first_page:
                # the títulos of the acordo _shown will select, in the same worker and
                # session: the lower grid fills with the upper one, not a round trip later
                first_page = False
                chosen = wanted if wanted is not None and wanted in ids else ids[0]
                ahead[chosen] = negociacao.load_acordo_titulos(session, chosen, as_of)
            return rows

        self.rows.query(
            context.database,
            lambda s: negociacao.ordered_ids(s, cliente_id, as_of, sort),
            acordos,
        )

    def is_busy(self) -> bool:
        return super().is_busy() or self.rows.busy

    def rows_loader(self, grid: GridView) -> Callable[[], list[Any]]:
        return (grid is self.grid and self.rows.loader()) or super().rows_loader(grid)

    def set_context(self, context: HistoryContext | None) -> None:
        super().set_context(context)
        self.new_button.setEnabled(context is not None)

    def clear(self) -> None:
        self._titulos_channel.cancel()
        self.rows.clear()
        self.titulos_model.set_rows([])
        self._update_buttons()

    def select_when_loaded(self, acordo_id: int | None) -> None:
        """Select this acordo the next time the grid loads (a new or broken acordo)."""
        self._select_id = acordo_id

    def _shown(self) -> None:
        """The acordos arrived (another customer, date or sort): select the one asked for,
        else the one selected before, else the first."""
        wanted = self._select_id
        if wanted is None:
            wanted = self._selected_before
        self._select_id = None
        self._titulos_channel.cancel()
        self.titulos_model.set_rows([])
        self._update_buttons()
        self.titulos_label.setText(self.tr("Selecione um acordo para ver os seus títulos"))
        if self.rows.ids:
            self.select_acordo(wanted if wanted is not None else self.rows.ids[0])

    def select_acordo(self, acordo_id: int) -> bool:
        """Select (and show) the acordo with this id; when it is not in the grid, select the
        first row and return False."""
        ids = [r.id for r in self.model.all_rows()]  # those fetched (a customer has few)
        if acordo_id not in ids:
            if self.model.rowCount() > 0:
                self.grid.selectRow(0)
            return False
        row = ids.index(acordo_id)
        while self.model.rowCount() <= row and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        index = self.model.index(row, 1)
        self.grid.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.grid.scrollTo(index)
        return True

    # --- the selected acordo ---

    def selected_acordo(self) -> AcordoRow | None:
        rows = self.grid.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        acordo = self.selected_acordo()
        self.print_button.setEnabled(acordo is not None)
        # an acordo broken after the "Posição em" date shows as active then, but is broken
        self.break_button.setEnabled(acordo is not None and acordo.quebrado_em is None)
        if acordo is None:
            tip = self.tr("Selecione um acordo ativo para quebrá-lo")
        elif acordo.quebrado_em is not None:
            tip = self.tr("O acordo nº {n} já foi quebrado").format(n=acordo.numero)
        else:
            tip = self.tr(
                "Cancelar o acordo nº {n}: as parcelas são canceladas e os títulos "
                "renegociados voltam a ficar em aberto"
            ).format(n=acordo.numero)
        self.break_button.setToolTip(tip)
        self.break_button.setAccessibleDescription(tip)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        acordo = self.selected_acordo()
        self._update_buttons()
        if acordo is not None:
            self._selected_before = acordo.id
        if acordo is None or self.context is None:
            self._titulos_channel.cancel()
            self.titulos_model.set_rows([])
            return
        self.titulos_label.setText(
            self.tr("Títulos do acordo nº {n} ({empresa}): parcelas e títulos renegociados").format(
                n=acordo.numero, empresa=acordo.empresa
            )
        )
        context = self.context
        self._titulos_channel.cancel()
        loaded = self._ahead.pop(acordo.id, None)
        self._ahead = {}  # read once: after this selection, the database is asked again
        if loaded is not None:
            self.titulos_model.set_rows(loaded)
            return
        self.titulos_model.set_rows([])
        self._titulos_channel.run(
            in_session(
                context.database,
                lambda s: negociacao.load_acordo_titulos(s, acordo.id, context.as_of),
            ),
            self._titulos_loaded,
            self.load_failed,
        )

    def _titulos_loaded(self, rows: list[AcordoTituloRow]) -> None:
        self.titulos_model.set_rows(rows)

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == NegociacaoModel.PRINT:
            self.print_acordo()

    # --- new and broken acordos ---

    def new_negotiation(self) -> EscolherTitulosDialog | None:
        """Choose títulos of one empresa (check boxes), then "Nova negociação"."""
        if self.context is None:
            return None
        chooser = EscolherTitulosDialog(self, context=self.context)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.accepted.connect(lambda: self._negotiate(chooser.empresa(), chooser.titulo_ids()))
        chooser.open()
        return chooser

    def _negotiate(self, empresa: str | None, titulo_ids: list[int]) -> None:
        if empresa is not None and titulo_ids:
            acordo_flow.negotiate(self, empresa=empresa, titulo_ids=titulo_ids)

    def break_selected(self) -> None:
        """Open "Quebrar acordo" for the selected acordo (when it is active)."""
        acordo = self.selected_acordo()
        if acordo is not None and acordo.quebrado_em is None:
            acordo_flow.break_acordo(self, acordo.id)

    # --- printing ---

    def print_primary(self) -> None:
        self.print_acordo()

    def print_acordo(self) -> None:
        acordo = self.selected_acordo()
        if self.context is None:
            return
        if acordo is None:
            QMessageBox.information(
                self, self.tr("Imprimir negociação"), self.tr("Selecione o acordo a imprimir.")
            )
            return
        print_acordo(self, self.context.database, acordo.id)
