"""The Negociação grids: the customer's acordos, and the títulos of the selected one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon

from app.db import negociacao
from app.db.columns import Column, Kind
from app.db.negociacao import AcordoRow, AcordoTituloRow
from app.models.base import RowTableModel

PRINT_COLUMN: Column[AcordoRow] = Column("imprimir", "", Kind.TEXT, lambda r: None)
_BROKEN = QColor("#757575")
_ORIGINAL_BACKGROUND = QColor("#f3f3f3")


class NegociacaoModel(RowTableModel):
    """Rows are negociacao.AcordoRow; column 0 is the printer ("Imprimir negociação")."""

    PRINT = 0

    def __init__(self, parent: Any = None) -> None:
        super().__init__((PRINT_COLUMN, *negociacao.COLUMNS), parent=parent)
        self._print_icon = QIcon()

    def set_print_icon(self, icon: QIcon) -> None:
        self._print_icon = icon

    @property
    def export_columns(self) -> tuple[Column[Any], ...]:
        return negociacao.COLUMNS

    def cell_foreground(self, column: Column[Any], value: Any, row: AcordoRow) -> QColor | None:
        if column.key == "situacao" and row.situacao == "quebrado":
            return _BROKEN
        return super().cell_foreground(column, value, row)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if index.isValid() and index.column() == self.PRINT and index.row() < self.rowCount():
            if role == Qt.ItemDataRole.DecorationRole:
                return self._print_icon
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return QCoreApplication.translate("NegociacaoModel", "Imprimir negociação")
        return super().data(index, role)


class AcordoTitulosModel(RowTableModel):
    """Rows are negociacao.AcordoTituloRow: installments first, then the originals."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(negociacao.ACORDO_TITULO_COLUMNS, parent=parent)

    def row_background(self, row: AcordoTituloRow) -> QColor | None:
        return _ORIGINAL_BACKGROUND if row.papel == "original" else None
