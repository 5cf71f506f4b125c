"""The Financeiro grid: the customer's títulos, status coloured."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from app.db import financeiro
from app.db.columns import Column
from app.db.financeiro import TituloRow
from app.models.base import RowTableModel


class FinanceiroModel(RowTableModel):
    """Rows are financeiro.TituloRow; columns financeiro.COLUMNS."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(financeiro.COLUMNS, parent=parent)

    def cell_tooltip(self, column: Column[Any], row: TituloRow) -> str | None:
        if column.key != "status":
            return None
        if row.renegociado_no_acordo is not None:
            return QCoreApplication.translate(
                "FinanceiroModel", "Renegociado no acordo {numero}"
            ).format(numero=row.renegociado_no_acordo)
        if row.acordo_origem is not None:
            return QCoreApplication.translate(
                "FinanceiroModel", "Parcela do acordo {numero}"
            ).format(numero=row.acordo_origem)
        return None
