"""The recebimentos of one título (the Financeiro detail dialog)."""

from __future__ import annotations

from typing import Any

from app.db import recebimentos
from app.models.base import RowTableModel


class RecebimentosModel(RowTableModel):
    """Rows are recebimentos.RecebimentoRow."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(recebimentos.COLUMNS, parent=parent)
