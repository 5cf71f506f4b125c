"""Financeiro: TOTAL A RECEBER, the status filter, the ageing strip and the títulos grid.

Off the GUI thread, the database computes the customer's figures as of the date
(app.db.position_figures: counts and sums by empresa, status and ageing bucket) and the
ids of the títulos the grid shows, filtered and sorted (app.db.position_grid); the
first page of rows comes with them and the others a page at a time as the user
scrolls (financeiro.rows_by_ids).
Whatever the size of the customer, no more rows are loaded than the user scrolls to.
Open títulos of one empresa selected in the grid can be renegotiated ("Negociar
selecionados", Ctrl+Shift+N).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.db import financeiro, position_figures, position_grid
from app.db.financeiro import FinanceiroSummary, TituloRow
from app.db.position_figures import Summary
from app.db.positions import Filters
from app.domain.formatting import format_money
from app.domain.money import ZERO
from app.domain.titulos import OPEN_STATUSES, STATUS_ORDER, Bucket, Status
from app.models.base import PAGE_SIZE
from app.models.cell_texts import STATUS_COLORS, status_text
from app.models.financeiro import FinanceiroModel
from app.tasks import TaskChannel, in_session
from app.views import acordo_flow
from app.views.charts import AgeingStrip
from app.views.grid import GridView
from app.views.paging import PagedRows
from app.views.resources import icon
from app.views.section_page import SectionPage
from app.views.settings import Settings
from app.views.widgets import BusyIndicator, PeriodFilter, count_text

ALL_EMPRESAS = ""


@dataclass(frozen=True)
class Figures:
    """The customer's figures as of the date (None: unchanged) and those within the
    period filters (the status counts, the ageing strip and the footer)."""

    customer: Summary | None
    base: Summary


class StatusButton(QToolButton):
    """A checkable status of the filter, with its count, in the status colour."""

    def __init__(self, status: Status, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        color = STATUS_COLORS[status].name()
        self.setStyleSheet(
            f"QToolButton {{ color: {color}; border: 1px solid #cfd8dc; border-radius: 3px;"
            f" padding: 3px 8px; background: white; }}"
            f"QToolButton:checked {{ background: {color}; color: white; border-color: {color};"
            f" font-weight: bold; }}"
            f"QToolButton:focus {{ border: 2px solid #37474f; }}"
        )
        self.set_count(0)

    def set_count(self, count: int) -> None:
        label = status_text(self.status)
        self.setText(f"{label} ({count_text(count)})")
        self.setAccessibleName(
            self.tr("Status {status}: {count} título(s)").format(
                status=label, count=count_text(count)
            )
        )


class FinanceiroPage(SectionPage):
    """The Financeiro section.

    Signals:
        summary_changed(object): the customer's FinanceiroSummary (all títulos), or None.
    """

    summary_changed = Signal(object)
    key = "financeiro"

    def __init__(self, *, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings=settings, parent=parent)
        self._customer = Summary(())  # every título of the customer as of the date
        self._base = Summary(())  # those within the period filters
        self._customer_pending = False
        # the filters of a grid shown without its row count, waiting for the figures'
        self._count_later: Filters | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)

        top = QHBoxLayout()
        total_box = QVBoxLayout()
        total_box.setSpacing(0)
        caption = QLabel(self.tr("TOTAL A RECEBER"))
        caption.setStyleSheet("color: #607d8b; font-weight: bold; font-size: 8pt;")
        total_box.addWidget(caption)
        self.total_label = QLabel(format_money(ZERO))
        self.total_label.setObjectName("totalAReceber")
        self.total_label.setAccessibleName(self.tr("Total a receber"))
        self.total_label.setStyleSheet("font-size: 20pt; font-weight: bold; color: #b71c1c;")
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        total_box.addWidget(self.total_label)
        top.addLayout(total_box)
        top.addSpacing(16)
        status_box = QVBoxLayout()
        status_box.setSpacing(2)
        status_caption = QLabel(self.tr("STATUS"))
        status_caption.setStyleSheet("color: #607d8b; font-weight: bold; font-size: 8pt;")
        caption_row = QHBoxLayout()
        caption_row.addWidget(status_caption)
        caption_row.addStretch(1)
        # beside the caption, over the buttons: never wider than they are (at the end of
        # the row it widened the page past the window when it showed, and the window
        # grew to hold it); its room kept while hidden, so nothing below moves
        self.busy = BusyIndicator(self)
        policy = self.busy.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.busy.setSizePolicy(policy)
        caption_row.addWidget(self.busy)
        status_box.addLayout(caption_row)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.status_buttons = {s: StatusButton(s, self) for s in STATUS_ORDER}
        for status, button in self.status_buttons.items():
            button.setChecked(status in OPEN_STATUSES)
            button.toggled.connect(self._refilter)
            buttons.addWidget(button)
        status_box.addLayout(buttons)
        top.addLayout(status_box)
        top.addStretch(1)
        layout.addLayout(top)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Empresa:")))
        self.empresa = QComboBox()
        self.empresa.setAccessibleName(self.tr("Empresa"))
        self.empresa.setMinimumContentsLength(10)
        self.empresa.addItem(self.tr("Todas"), ALL_EMPRESAS)
        self.empresa.currentIndexChanged.connect(self._refilter)
        filters.addWidget(self.empresa)
        filters.addSpacing(12)
        self.vencimento = PeriodFilter(label=self.tr("Vencimento"))
        self.vencimento.changed.connect(self._refilter)
        filters.addWidget(self.vencimento)
        filters.addSpacing(12)
        self.emissao = PeriodFilter(label=self.tr("Emissão"))
        self.emissao.changed.connect(self._refilter)
        filters.addWidget(self.emissao)
        filters.addStretch(1)
        self.negotiate_button = QPushButton(icon("negociacao"), self.tr("Negociar selecionados"))
        self.negotiate_button.setObjectName("negociarSelecionados")
        self.negotiate_button.setAccessibleName(self.tr("Negociar os títulos selecionados"))
        self.negotiate_button.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.negotiate_button.clicked.connect(self.negotiate_selected)
        filters.addWidget(self.negotiate_button)
        layout.addLayout(filters)

        self.ageing = AgeingStrip(self)
        self.ageing.bucket_changed.connect(self._refilter)
        layout.addWidget(self.ageing)

        self.model = FinanceiroModel(self)
        self.model.database_sort = lambda _key, _descending: self._refilter()
        self.rows = PagedRows(self.model, self, sparse=True)  # the grid's ids and pages
        self.rows.busy_changed.connect(self._busy)
        self._paid_channel = TaskChannel(self)  # the paid títulos' figures (_query)
        self._paid_channel.busy_changed.connect(self._busy)
        self._halves: dict[str, Figures] = {}  # the figures' two parts, as they arrive
        self.rows.failed.connect(self.load_failed)
        self.rows.shown.connect(self._update_footer)
        self.grid = GridView(
            name="financeiro",
            accessible_name=self.tr("Títulos do cliente"),
            empty_text=self.tr("Nenhum título para os filtros escolhidos"),
        )
        self.grid.setModel(self.model)
        self.grid.activated.connect(self._open_titulo)
        self.grid.selectionModel().selectionChanged.connect(self._update_negotiate_button)
        self.model.modelReset.connect(self._update_negotiate_button)  # the selection is gone
        layout.addWidget(self.grid, 1)

        footer = QFrame()
        footer.setObjectName("footer")
        footer.setStyleSheet("#footer { border-top: 1px solid #cfd8dc; }")
        footer_layout = QHBoxLayout(footer)
        footer_layout.setContentsMargins(4, 4, 4, 0)
        self.footer = QLabel()
        self.footer.setObjectName("financeiroFooter")
        self.footer.setAccessibleName(self.tr("Totais dos títulos filtrados"))
        self.footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        footer_layout.addWidget(self.footer)
        footer_layout.addStretch(1)
        layout.addWidget(footer)
        self._update_footer()
        self._update_negotiate_button()

    def report_totals(self) -> str:
        return self.footer.text()  # the filtered rows' totals, as the grid is printed

    def title(self) -> str:
        return self.tr("Financeiro")

    def grids(self) -> Sequence[GridView]:
        return (self.grid,)

    def on_busy(self, busy: bool) -> None:
        self.busy.set_busy(busy)

    # --- loading ---
    #
    # Lines of work run side by side, each in its own worker thread and database
    # session: the figures (self.channel; those of the paid títulos in
    # self._paid_channel when the customer or date changes) and the grid's ids and
    # first page (self.rows).

    def reload(self) -> None:
        self._query(customer=True)

    def is_busy(self) -> bool:
        return super().is_busy() or self.rows.busy or self._paid_channel.busy

    def _busy(self, _busy: bool) -> None:
        # busy while any of its lines of work runs (figures, paid figures, grid)
        super()._busy(self.channel.busy or self._paid_channel.busy or self.rows.busy)

    def clear(self) -> None:
        self._paid_channel.cancel()
        self._count_later = None
        self.rows.clear()
        self._show_figures(Figures(Summary(()), Summary(())))
        self.summary_changed.emit(None)

    def _filters(self) -> Filters:
        bucket: Bucket | None = self.ageing.selected()
        return Filters(
            empresa=self.empresa.currentData() or None,
            vencimento=self.vencimento.period(),
            emissao=self.emissao.period(),
            statuses=frozenset(self.selected_statuses()),
            bucket=bucket,
        )

    def _query(self, *, customer: bool) -> None:
        """Ask the database for the grid under the current filters and sort, and for the
        figures when ``customer`` (another customer or date) or when periods filter."""
        context = self.context
        if context is None:
            return
        database, cliente_id, as_of = context.database, context.cliente.id, context.as_of
        filters, sort = self._filters(), self.model.current_sort()
        periods = filters.vencimento != (None, None) or filters.emissao != (None, None)
        # the customer's figures again: another customer or date, or still on their way
        known = None if customer or self._customer_pending else self._customer

        def figures(part: position_figures.Part) -> Callable[[Any], Figures]:
            def work(session: Any) -> Figures:
                whole = known or Summary(
                    tuple(position_figures.groups(session, cliente_id, as_of, part=part))
                )
                base = whole
                if periods:
                    found = position_figures.groups(session, cliente_id, as_of, filters, part=part)
                    base = Summary(tuple(found))
                return Figures(None if known else whole, base)

            return work

        if known is None and context.cliente.many_titulos:
            # the paid títulos (a count and a sum, most of a long history) beside the
            # others, each in a worker of its own: the figures come in the time of the
            # longer part rather than of both (for a few títulos, a third worker would
            # cost more than it saves)
            self._customer_pending = True
            self._halves.clear()
            self.load(figures("open"), partial(self._half_loaded, "open"))
            self._paid_channel.run(
                in_session(database, figures("paid")),
                partial(self._half_loaded, "paid"),
                self.load_failed,
            )
        elif known is None:
            self._customer_pending = True
            self.load(figures("all"), self._figures_loaded)
        elif periods:
            self.channel.run(
                in_session(database, figures("all")), self._show_figures, self.load_failed
            )
        else:
            self.channel.cancel()  # figures within periods no longer wanted
            self._show_figures(Figures(None, self._customer))
        # the grid's row count from the figures, when they are of the same filters; when
        # they are being read, from them as they arrive (_apply_count)
        count = None
        if known is not None and not periods:
            chosen = known.of_empresa(filters.empresa).chosen(filters.statuses, filters.bucket)
            count = chosen.count
        uncounted = known is None
        self._count_later = filters if uncounted else None
        self.rows.query(
            database,
            lambda s: position_grid.ordered_ids(s, cliente_id, as_of, filters, sort),
            lambda s, ids: financeiro.rows_by_ids(s, cliente_id, as_of, ids),
            lambda s: position_grid.first_ids(
                s, cliente_id, as_of, filters, sort, PAGE_SIZE, count, uncounted=uncounted
            ),
            counted_later=uncounted,
        )

    def _apply_count(self) -> None:
        """The row count of a grid queried without it, from the figures of its filters
        (its first page waits for it a little: app.views.paging; scrolling past the
        first page counts every id anyway)."""
        filters = self._count_later
        if filters is None or self._customer_pending:
            return
        self._count_later = None
        base = self._base.of_empresa(filters.empresa)
        self.rows.set_count(base.chosen(filters.statuses, filters.bucket).count)

    def _half_loaded(self, part: str, loaded: Figures) -> None:
        self._halves[part] = loaded
        if len(self._halves) == 2:
            open_, paid = self._halves["open"], self._halves["paid"]
            assert open_.customer is not None and paid.customer is not None
            self._figures_loaded(
                Figures(
                    Summary(open_.customer.groups + paid.customer.groups),
                    Summary(open_.base.groups + paid.base.groups),
                )
            )

    def _figures_loaded(self, loaded: Figures) -> None:
        assert loaded.customer is not None
        self._customer_pending = False
        self._fill_empresas(loaded.customer.empresas())
        self._show_figures(loaded)
        figures = loaded.customer.figures()
        self.summary_changed.emit(figures)
        self.count_changed.emit(sum(figures.by_status[s].count for s in OPEN_STATUSES))

    def _show_figures(self, loaded: Figures) -> None:
        if loaded.customer is not None:
            self._customer = loaded.customer
        self._base = loaded.base
        figures = self._base.of_empresa(self.empresa.currentData() or None).figures()
        for status, button in self.status_buttons.items():
            button.set_count(figures.by_status[status].count)
        self.total_label.setText(format_money(figures.total_a_receber))
        self.ageing.set_amounts(figures.ageing)
        self._update_footer()
        self._apply_count()

    def rows_loader(self, grid: GridView) -> Callable[[], list[Any]]:
        """Every row of the grid as filtered and sorted, loaded off the GUI thread."""
        return (grid is self.grid and self.rows.loader()) or super().rows_loader(grid)

    def _fill_empresas(self, empresas: list[str]) -> None:
        current = self.empresa.currentData()
        self.empresa.blockSignals(True)
        try:
            self.empresa.clear()
            self.empresa.addItem(self.tr("Todas"), ALL_EMPRESAS)
            for codigo in empresas:
                self.empresa.addItem(codigo, codigo)
            index = self.empresa.findData(current)
            self.empresa.setCurrentIndex(max(index, 0))
        finally:
            self.empresa.blockSignals(False)

    # --- filters ---

    def reset_filters(self) -> None:
        widgets = (*self.status_buttons.values(), self.empresa, *self.ageing.buttons.values())
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for status, button in self.status_buttons.items():
                button.setChecked(status in OPEN_STATUSES)
            self.empresa.setCurrentIndex(0)
            self.ageing.clear_selection()
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.vencimento.reset()
        self.emissao.reset()

    def selected_statuses(self) -> set[Status]:
        return {s for s, b in self.status_buttons.items() if b.isChecked()}

    def set_statuses(self, statuses: set[Status]) -> None:
        for status, button in self.status_buttons.items():
            button.blockSignals(True)
            button.setChecked(status in statuses)
            button.blockSignals(False)
        self._refilter()

    def _refilter(self, *_: object) -> None:
        self._query(customer=False)

    def _update_footer(self) -> None:
        """The sums of the rows the grid shows (from the figures: no row needed)."""
        base = self._base.of_empresa(self.empresa.currentData() or None)
        totals = base.chosen(self.selected_statuses(), self.ageing.selected())
        parts = [
            self.tr("{n} título(s)").format(n=count_text(totals.count)),
            self.tr("Valor: {v}").format(v=format_money(totals.valor)),
            self.tr("Saldo: {v}").format(v=format_money(totals.saldo)),
            self.tr("Multa: {v}").format(v=format_money(totals.multa)),
            self.tr("Juros: {v}").format(v=format_money(totals.juros)),
            self.tr("Valor atualizado: {v}").format(v=format_money(totals.valor_atualizado)),
        ]
        self.footer.setText("   ·   ".join(parts))

    # --- renegotiating the selected títulos ---

    def selected_titulos(self) -> list[TituloRow]:
        """The títulos with a selected cell, in the grid's order."""
        rows = self.grid.selected_rows()
        if rows and not self.model.holds(rows[0], rows[-1] + 1):
            # a selection over rows not read yet (Ctrl+A, a Shift+click far below):
            # none until they arrive, then the button is set again
            self.model.load_rows(rows[0], rows[-1] + 1, self._selection_loaded)
            return []
        return [self.model.row_at(r) for r in rows]

    def _selection_loaded(self, loaded: bool) -> None:
        if loaded:
            self._update_negotiate_button()

    def _update_negotiate_button(self, *_: object) -> None:
        rows = self.selected_titulos()
        empresa = financeiro.negotiation_empresa(rows) if self.context is not None else None
        button = self.negotiate_button
        button.setEnabled(empresa is not None)
        if empresa is not None:
            tip = self.tr("Renegociar {n} título(s) da empresa {empresa} (Ctrl+Shift+N)").format(
                n=count_text(len(rows)), empresa=empresa
            )
        elif any(r.acordo_origem is not None and r.pos.is_open for r in rows):
            # the installments' positions only (Ctrl+A over 100,000 títulos: computing
            # every position on the GUI thread took most of a second)
            tip = self.tr(
                "Parcelas de um acordo ativo não podem ser renegociadas: quebre o acordo antes"
            )
        else:
            tip = self.tr("Selecione títulos em aberto de uma só empresa")
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)

    def negotiate_selected(self) -> None:
        """Open "Nova negociação" for the selected títulos (when they can be renegotiated)."""
        rows = self.selected_titulos()
        empresa = financeiro.negotiation_empresa(rows)
        if self.context is None or empresa is None:
            return
        acordo_flow.negotiate(self, empresa=empresa, titulo_ids=[r.id for r in rows])

    # --- detail ---

    def _open_titulo(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open_row(index.row())

    def _row_read(self, r: int, read: bool) -> None:
        if read:
            self._open_row(r)

    def _open_row(self, r: int) -> None:
        if self.context is None or not 0 <= r < self.model.rowCount():
            return
        row = self.model.row_at(r)
        if row is None:  # not read yet (blank on screen for a moment): open it once it is
            self.model.load_rows(r, r + 1, partial(self._row_read, r))
            return
        from app.views.titulo_dialog import TituloDialog

        dialog = TituloDialog(context=self.context, titulo=row, parent=self)
        dialog.open()

    def summary(self) -> FinanceiroSummary:
        """The customer's figures as of the date (every título, whatever the filters)."""
        return self._customer.figures()
