"""Choosing the títulos of a new acordo from the Negociação section: a list with check
boxes, one empresa at a time."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import financeiro, position_grid
from app.db.financeiro import TituloRow
from app.domain.formatting import format_date, format_money
from app.domain.money import ZERO
from app.models.cell_texts import STATUS_COLORS, status_text
from app.tasks import TaskChannel, in_session
from app.views.errors import user_message
from app.views.section_page import HistoryContext
from app.views.widgets import count_text

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_MONEY_COLUMNS = (4, 5)


class EscolherTitulosDialog(QDialog):
    """The customer's títulos that can be renegotiated (open, not installments of an
    acordo), loaded off the GUI thread, listed for one empresa (the combo) with check
    boxes. "Continuar" accepts; ``empresa()`` and ``titulo_ids()`` say what was chosen.
    """

    def __init__(self, parent: QWidget | None = None, *, context: HistoryContext) -> None:
        super().__init__(parent)
        self._rows: list[TituloRow] = []
        self.setWindowTitle(self.tr("Nova negociação: escolher os títulos"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Marque os títulos em aberto a renegociar. Um acordo reúne títulos de uma só "
                "empresa."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        top = QHBoxLayout()
        empresa_label = QLabel(self.tr("&Empresa:"))
        self.empresa_combo = QComboBox()
        self.empresa_combo.setAccessibleName(self.tr("Empresa"))
        self.empresa_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.empresa_combo.currentIndexChanged.connect(self._show_empresa)
        empresa_label.setBuddy(self.empresa_combo)
        top.addWidget(empresa_label)
        top.addWidget(self.empresa_combo)
        top.addStretch(1)
        self.all_button = QPushButton(self.tr("&Marcar todos"))
        self.all_button.clicked.connect(self._check_all)
        top.addWidget(self.all_button)
        layout.addLayout(top)

        self.list = QTreeWidget()
        self.list.setAccessibleName(self.tr("Títulos em aberto da empresa"))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        headers = [
            self.tr("Título"),
            self.tr("Vencimento"),
            self.tr("Dias atraso"),
            self.tr("Status"),
            self.tr("Saldo"),
            self.tr("Valor atualizado"),
        ]
        self.list.setHeaderLabels(headers)
        for column in (2, *_MONEY_COLUMNS):
            self.list.headerItem().setTextAlignment(column, _RIGHT)
        header = self.list.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.list.itemChanged.connect(self._update_summary)
        self.list.itemDoubleClicked.connect(self._toggle)
        layout.addWidget(self.list, 1)

        self.summary = QLabel()
        self.summary.setObjectName("resumoEscolha")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Continuar…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(680, 440)

        self.summary.setText(self.tr("Carregando…"))
        self.ok_button.setEnabled(False)
        self.all_button.setEnabled(False)
        self.channel = TaskChannel(self)
        self.channel.run(
            in_session(
                context.database,
                lambda s: position_grid.open_titulos(s, context.cliente.id, context.as_of),
            ),
            self._loaded,
            self._failed,
        )

    # --- loading ---

    def _loaded(self, rows: list[TituloRow]) -> None:
        self._rows = [r for r in rows if financeiro.renegotiable(r)]
        empresas = sorted({r.empresa for r in self._rows})
        self.empresa_combo.blockSignals(True)
        try:
            self.empresa_combo.clear()
            for codigo in empresas:
                n = sum(1 for r in self._rows if r.empresa == codigo)
                self.empresa_combo.addItem(
                    self.tr("{empresa} ({n} título(s))").format(empresa=codigo, n=count_text(n)),
                    codigo,
                )
        finally:
            self.empresa_combo.blockSignals(False)
        self._show_empresa()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(user_message(exc))
        self.summary.setStyleSheet("color: #b71c1c;")

    def _show_empresa(self, *_: object) -> None:
        """List the títulos of the empresa chosen; nothing is checked."""
        empresa = self.empresa()
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for row in self._rows:
                if row.empresa == empresa:
                    self.list.addTopLevelItem(self._item(row))
        finally:
            self.list.blockSignals(False)
        self.all_button.setEnabled(self.list.topLevelItemCount() > 0)
        self._update_summary()

    def _item(self, row: TituloRow) -> QTreeWidgetItem:
        pos = row.pos
        item = QTreeWidgetItem(
            [
                f"{row.numero_documento}/{row.parcela}",
                format_date(row.vencimento),
                str(pos.dias_atraso) if pos.dias_atraso else "",
                status_text(row.status),
                format_money(pos.saldo),
                format_money(pos.valor_atualizado),
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, row.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Unchecked)
        item.setForeground(3, STATUS_COLORS[row.status])
        for column in (2, *_MONEY_COLUMNS):
            item.setTextAlignment(column, _RIGHT)
        return item

    # --- choosing ---

    def empresa(self) -> str | None:
        data = self.empresa_combo.currentData()
        return str(data) if data else None

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item for item in items if item is not None]

    def titulo_ids(self) -> list[int]:
        """The checked títulos, in the list's order."""
        return [
            int(item.data(0, Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def set_checked(self, ids: Sequence[int]) -> None:
        """Check exactly these títulos of the listed empresa."""
        wanted = set(ids)
        for item in self._items():
            checked = item.data(0, Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _check_all(self) -> None:
        items = self._items()
        every = all(i.checkState(0) == Qt.CheckState.Checked for i in items)
        state = Qt.CheckState.Unchecked if every else Qt.CheckState.Checked
        for item in items:
            item.setCheckState(0, state)

    def _toggle(self, item: QTreeWidgetItem, _column: int) -> None:
        checked = item.checkState(0) == Qt.CheckState.Checked
        item.setCheckState(0, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _update_summary(self, *_: object) -> None:
        ids = set(self.titulo_ids())
        chosen = [r for r in self._rows if r.id in ids]
        total = sum((r.pos.valor_atualizado for r in chosen), ZERO)
        if not self._rows:
            text = self.tr("O cliente não tem títulos em aberto para renegociar.")
        else:
            text = self.tr("{n} título(s) marcado(s) · valor atualizado {total}").format(
                n=count_text(len(chosen)), total=format_money(total)
            )
        self.summary.setText(text)
        self.ok_button.setEnabled(bool(chosen))
        items = self._items()
        every = bool(items) and len(chosen) == len(items)
        self.all_button.setText(self.tr("&Desmarcar todos") if every else self.tr("&Marcar todos"))

    def _accept(self) -> None:
        if self.titulo_ids():
            self.accept()

    def reject(self) -> None:
        self.channel.cancel()
        super().reject()
