"""The Venda grid: every item the customer bought (items of cancelled sales in grey)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.db import venda
from app.db.columns import Column
from app.db.venda import ItemRow
from app.models.base import RowTableModel

_CANCELLED = QColor("#9e9e9e")


class VendaModel(RowTableModel):
    """Rows are venda.ItemRow; columns venda.COLUMNS."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(venda.COLUMNS, parent=parent)

    def cell_foreground(self, column: Column[Any], value: Any, row: ItemRow) -> QColor | None:
        if row.situacao == "cancelada":
            return _CANCELLED
        return super().cell_foreground(column, value, row)

    def cell_tooltip(self, column: Column[Any], row: ItemRow) -> str | None:
        if row.situacao == "cancelada":
            return QCoreApplication.translate("VendaModel", "Venda cancelada")
        return None
