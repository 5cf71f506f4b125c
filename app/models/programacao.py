"""The Programação grid: scheduled events, overdue pending ones highlighted."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.db import programacao
from app.db.columns import Column
from app.db.programacao import ProgramacaoRow
from app.models.base import RowTableModel

_OVERDUE_BACKGROUND = QColor("#fdecea")
_OVERDUE_TEXT = QColor("#b71c1c")
SITUACAO_COLORS = {
    "pendente": QColor("#1565c0"),
    "realizada": QColor("#2e7d32"),
    "cancelada": QColor("#757575"),
}


class ProgramacaoModel(RowTableModel):
    """Rows are programacao.ProgramacaoRow; ``today`` decides which pending ones are late."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(programacao.COLUMNS, parent=parent)
        self._today = date.today()

    def set_today(self, today: date) -> None:
        self._today = today

    def cell_foreground(
        self, column: Column[Any], value: Any, row: ProgramacaoRow
    ) -> QColor | None:
        if column.key == "situacao":
            return SITUACAO_COLORS.get(row.situacao)
        if column.key == "data" and row.atrasada(self._today):
            return _OVERDUE_TEXT
        return super().cell_foreground(column, value, row)

    def row_background(self, row: ProgramacaoRow) -> QColor | None:
        return _OVERDUE_BACKGROUND if row.atrasada(self._today) else None

    def cell_tooltip(self, column: Column[Any], row: ProgramacaoRow) -> str | None:
        if row.atrasada(self._today):
            return QCoreApplication.translate("ProgramacaoModel", "Programação atrasada")
        if column.key == "descricao":
            return row.descricao
        return None
