"""Venda: everything the customer bought, with filters, a summary and a monthly chart."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import venda
from app.db.venda import ItemRow, VendaSummary
from app.domain.formatting import format_date, format_money
from app.models.venda import VendaModel
from app.views.charts import MonthlyChart
from app.views.grid import GridView
from app.views.section_page import SectionPage
from app.views.settings import Settings
from app.views.widgets import BusyIndicator, FigureTile, PeriodFilter, count_text

ALL_EMPRESAS = ""


class VendaPage(SectionPage):
    """The Venda section."""

    key = "venda"

    def __init__(self, *, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings=settings, parent=parent)
        self._rows: list[ItemRow] = []
        self.shown_rows: list[ItemRow] = []
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

    def title(self) -> str:
        return self.tr("Venda")

    def grids(self) -> Sequence[GridView]:
        return (self.grid,)

    def on_busy(self, busy: bool) -> None:
        self.busy.set_busy(busy)

    def reset_filters(self) -> None:
        for widget in (self.empresa, self.produto):
            widget.blockSignals(True)
        try:
            self.empresa.setCurrentIndex(0)
            self.produto.clear()
        finally:
            for widget in (self.empresa, self.produto):
                widget.blockSignals(False)
        self.period.reset()

    def reload(self) -> None:
        context = self.context
        assert context is not None
        self.load(lambda s: venda.load_itens(s, context.cliente.id, context.as_of), self._loaded)

    def clear(self) -> None:
        self._loaded([])

    def _loaded(self, rows: list[ItemRow]) -> None:
        self._rows = rows
        current = self.empresa.currentData()
        self.empresa.blockSignals(True)
        try:
            self.empresa.clear()
            self.empresa.addItem(self.tr("Todas"), ALL_EMPRESAS)
            for codigo in sorted({r.empresa for r in rows}):
                self.empresa.addItem(codigo, codigo)
            self.empresa.setCurrentIndex(max(self.empresa.findData(current), 0))
        finally:
            self.empresa.blockSignals(False)
        self._refilter()
        if self.context is not None:
            self.count_changed.emit(venda.summarize(rows, self.context.as_of).compras)
        else:
            self.count_changed.emit(0)

    def _refilter(self, *_: object) -> None:
        self.shown_rows = venda.filter_itens(
            self._rows,
            period=self.period.period(),
            empresa=self.empresa.currentData() or None,
            produto=self.produto.text(),
        )
        self.model.set_rows(self.shown_rows)
        as_of = self.context.as_of if self.context is not None else None
        if as_of is not None:
            self._show_summary(venda.summarize(self.shown_rows, as_of))
        self.footer.setText(self.tr("{n} item(ns)").format(n=count_text(len(self.shown_rows))))

    def _show_summary(self, summary: VendaSummary) -> None:
        self.total.set_value(format_money(summary.total_comprado), "#2e7d32")
        self.compras.set_value(count_text(summary.compras))
        self.ticket.set_value(format_money(summary.ticket_medio))
        self.primeira.set_value(format_date(summary.primeira))
        self.ultima.set_value(format_date(summary.ultima))
        self.chart.set_months(summary.por_mes)
