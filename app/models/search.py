"""The customer search results shown under the search field."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)

from app.db.clientes import SearchHit
from app.domain.documents import format_cpf_cnpj
from app.domain.formatting import format_money
from app.models.cell_texts import PaintedCell, role_items

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_HEADERS = ("NOME", "CPF/CNPJ", "CIDADE/UF", "TOTAL A RECEBER", "CÓDIGO")
_TOTAL_COLUMN = 3  # right-aligned
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _document(digits: str) -> str:
    try:
        return format_cpf_cnpj(digits)
    except ValueError:
        return digits


def _place(hit: SearchHit) -> str:
    return "/".join(p for p in (hit.cidade, hit.uf) if p)


class SearchResultsModel(QAbstractTableModel):
    """Rows are clientes.SearchHit; the total a receber arrives with them (or stays empty)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._cells: list[tuple[str, ...]] = []

    def set_results(
        self, hits: Sequence[SearchHit], totals: dict[int, Decimal] | None = None
    ) -> None:
        self.beginResetModel()
        try:
            self._hits = list(hits)
            totals = totals or {}
            self._cells = [
                (
                    h.nome,
                    _document(h.cpf_cnpj),
                    _place(h),
                    format_money(totals[h.id]) if h.id in totals else "",
                    h.codigo,
                )
                for h in self._hits
            ]
        finally:
            self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def texts(self, column: int) -> list[str]:
        """The column's texts, top to bottom (the popup sizes its columns from them)."""
        return [cells[column] for cells in self._cells]

    def painted_cell(self, r: int, c: int) -> PaintedCell | None:
        """A cell as the grids' delegate paints it (app.views.cells): its text, no
        colours of its own, right-aligned in the money column."""
        if r >= len(self._cells) or not 0 <= c < len(_HEADERS):
            return None
        return self._cells[r][c], None, None, c == _TOTAL_COLUMN

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if index.column() == _TOTAL_COLUMN else _LEFT
        if role == HIT_ROLE:
            return self._hits[index.row()]
        return None

    def multiData(self, index: Index, roles: QModelRoleDataSpan | QModelRoleData) -> None:
        """The roles a painted cell asks for (seven) in one call from C++ into Python."""
        for item in role_items(roles):
            item.setData(self.data(index, item.role()))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("columns", _HEADERS[section])
        return None
