"""Venda: everything the customer bought, with filters, a summary and a monthly chart.

Off the GUI thread, the database computes the figures under the filters
(venda_queries.venda_summary: sums, counts and the monthly totals) and the ids of the
items the grid shows, filtered and sorted; the first page of rows comes with them and
the others a page at a time as the user scrolls (venda_queries.itens_by_ids). Whatever
the size of the customer, no more items are loaded than the user scrolls to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import venda_queries
from app.db.venda import VendaSummary, summarize
from app.db.venda_queries import VendaFilters
from app.domain.formatting import format_date, format_money
from app.models.base import PAGE_SIZE
from app.models.venda import VendaModel
from app.tasks import in_session
from app.views.charts import MonthlyChart
from app.views.grid import GridView
from app.views.paging import PagedRows
from app.views.section_page import SectionPage
from app.views.settings import Settings
from app.views.widgets import BusyIndicator, FigureTile, PeriodFilter, count_text

ALL_EMPRESAS = ""


@dataclass(frozen=True)
class Figures:
    """The summary under the filters; with the customer's own figures when they were
    (re)computed: every purchase as of the date (the badge) and the empresas bought from."""

    summary: VendaSummary
    customer: VendaSummary | None = None
    empresas: list[str] | None = None


class VendaPage(SectionPage):
    """The Venda section."""

    key = "venda"

    def __init__(self, *, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings=settings, parent=parent)
        self._customer: VendaSummary | None = None  # every item as of the date
        self._customer_pending = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)

        summary = QHBoxLayout()
        figures = QVBoxLayout()
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.total = FigureTile(caption=self.tr("TOTAL COMPRADO"), big=True)
        self.compras = FigureTile(caption=self.tr("COMPRAS"))
        self.ticket = FigureTile(caption=self.tr("TICKET MÉDIO"))
        self.primeira = FigureTile(caption=self.tr("PRIMEIRA COMPRA"))
        self.ultima = FigureTile(caption=self.tr("ÚLTIMA COMPRA"))
        row1.addWidget(self.total)
        row1.addWidget(self.compras)
        row1.addStretch(1)
        for tile in (self.ticket, self.primeira, self.ultima):
            row2.addWidget(tile)
        row2.addStretch(1)
        figures.addLayout(row1)
        figures.addLayout(row2)
        summary.addLayout(figures)
        self.chart = MonthlyChart(self)
        summary.addWidget(self.chart, 1)
        self.busy = BusyIndicator(self)
        summary.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(summary)

        filters = QHBoxLayout()
        self.period = PeriodFilter(label=self.tr("Período"))
        self.period.changed.connect(self._refilter)
        filters.addWidget(self.period)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("Empresa:")))
        self.empresa = QComboBox()
        self.empresa.setAccessibleName(self.tr("Empresa"))
        self.empresa.setMinimumContentsLength(10)
        self.empresa.addItem(self.tr("Todas"), ALL_EMPRESAS)
        self.empresa.currentIndexChanged.connect(self._refilter)
        filters.addWidget(self.empresa)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("Produto:")))
        self.produto = QLineEdit()
        self.produto.setPlaceholderText(self.tr("código ou descrição"))
        self.produto.setAccessibleName(self.tr("Filtrar por produto (código ou descrição)"))
        self.produto.setClearButtonEnabled(True)
        self.produto.setMinimumWidth(220)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(200)
        self._typing.timeout.connect(self._refilter)
        self.produto.textChanged.connect(lambda _: self._typing.start())
        filters.addWidget(self.produto)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = VendaModel(self)
        self.model.database_sort = lambda _key, _descending: self._refilter()
        self.rows = PagedRows(self.model, self, sparse=True)  # the grid's ids and pages
        self.rows.busy_changed.connect(self._busy)
        self.rows.failed.connect(self.load_failed)
        self.rows.shown.connect(self._update_footer)
        self.grid = GridView(
            name="venda",
            accessible_name=self.tr("Itens comprados pelo cliente"),
            empty_text=self.tr("Nenhuma venda para os filtros escolhidos"),
        )
        self.grid.setModel(self.model)
        layout.addWidget(self.grid, 1)
        self.footer = QLabel()
        self.footer.setAccessibleName(self.tr("Itens filtrados"))
        layout.addWidget(self.footer)
        self._update_footer()

    def report_totals(self) -> str:
        return self.footer.text()  # the filtered rows' totals, as the grid is printed

    def title(self) -> str:
        return self.tr("Venda")

    def grids(self) -> Sequence[GridView]:
        return (self.grid,)

    def on_busy(self, busy: bool) -> None:
        self.busy.set_busy(busy)

    def reset_filters(self) -> None:
        self._typing.stop()
        for widget in (self.empresa, self.produto):
            widget.blockSignals(True)
        try:
            self.empresa.setCurrentIndex(0)
            self.produto.clear()
        finally:
            for widget in (self.empresa, self.produto):
                widget.blockSignals(False)
        self.period.reset()

    def filters(self) -> VendaFilters:
        """The filters as the user set them."""
        return VendaFilters(
            empresa=self.empresa.currentData() or None,
            period=self.period.period(),
            produto=self.produto.text(),
        )

    # --- loading ---
    #
    # Two lines of work run side by side, each in its own worker thread and database
    # session: the figures (self.channel) and the grid's ids and first page (self.rows).

    def reload(self) -> None:
        self._query(customer=True)

    def is_busy(self) -> bool:
        return super().is_busy() or self.rows.busy

    def clear(self) -> None:
        self.rows.clear()
        self._customer, self._customer_pending = None, False
        self._fill_empresas([])
        self._update_footer()
        if self.context is not None:
            self._show_summary(summarize([], self.context.as_of))

    def _query(self, *, customer: bool) -> None:
        """Ask the database for the grid under the current filters and sort, and for the
        figures: the customer's too when ``customer`` (another customer or date)."""
        context = self.context
        if context is None:
            return
        self._typing.stop()  # the product text typed so far is asked for now
        database, cliente_id, as_of = context.database, context.cliente.id, context.as_of
        filters, sort = self.filters(), self.model.current_sort()
        # the customer's figures again: another customer or date, or still on their way
        known = None if customer or self._customer_pending else self._customer

        def figures(session: Any) -> Figures:
            if known is not None:
                return Figures(venda_queries.venda_summary(session, cliente_id, as_of, filters))
            whole = venda_queries.venda_summary(session, cliente_id, as_of)
            empresas = venda_queries.customer_empresas(session, cliente_id, as_of)
            shown = whole
            if not filters.is_default():
                shown = venda_queries.venda_summary(session, cliente_id, as_of, filters)
            return Figures(shown, whole, empresas)

        if known is None:
            self._customer_pending = True
            self.load(figures, self._figures_loaded)
        elif not filters.is_default():
            self.channel.run(in_session(database, figures), self._show_figures, self.load_failed)
        else:
            self.channel.cancel()  # figures under the filters no longer wanted
            self._show_summary(known)
        self.rows.query(
            database,
            lambda s: venda_queries.ordered_item_ids(s, cliente_id, as_of, filters, sort),
            lambda s, ids: venda_queries.itens_by_ids(s, ids),
            lambda s: venda_queries.first_item_ids(s, cliente_id, as_of, filters, sort, PAGE_SIZE),
        )

    def _figures_loaded(self, loaded: Figures) -> None:
        assert loaded.customer is not None and loaded.empresas is not None
        self._customer_pending = False
        self._customer = loaded.customer
        asked = self.empresa.currentData()
        self._fill_empresas(loaded.empresas)
        self.count_changed.emit(loaded.customer.compras)
        if self.empresa.currentData() != asked:  # no purchase from it as of the date
            self._refilter()
            return
        self._show_summary(loaded.summary)

    def _show_figures(self, loaded: Figures) -> None:
        self._show_summary(loaded.summary)

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
            self.empresa.setCurrentIndex(max(self.empresa.findData(current), 0))
        finally:
            self.empresa.blockSignals(False)

    def _refilter(self, *_: object) -> None:
        self._query(customer=False)

    def _update_footer(self) -> None:
        self.footer.setText(self.tr("{n} item(ns)").format(n=count_text(self.model.total_count())))

    def _show_summary(self, summary: VendaSummary) -> None:
        self.total.set_value(format_money(summary.total_comprado), "#2e7d32")
        self.compras.set_value(count_text(summary.compras))
        self.ticket.set_value(format_money(summary.ticket_medio))
        self.primeira.set_value(format_date(summary.primeira))
        self.ultima.set_value(format_date(summary.ultima))
        self.chart.set_months(summary.por_mes)
