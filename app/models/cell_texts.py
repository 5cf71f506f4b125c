"""What the grids' cells say: their texts, colours and sort keys, as every grid, the
copy, the export and the dialogs show them (the models in app/models paint from these)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelRoleData, QModelRoleDataSpan
from PySide6.QtGui import QColor

from app.db.columns import Column, Kind, display
from app.domain.text import normalize_search
from app.domain.titulos import Status

# a cell as the grid paints it: text, foreground, background, right-aligned
PaintedCell = tuple[str, QColor | None, QColor | None, bool]

NEGATIVE_COLOR = QColor("#c62828")
STATUS_COLORS: dict[Status, QColor] = {
    Status.VENCIDO: QColor("#c62828"),
    Status.EM_ABERTO: QColor("#1565c0"),
    Status.COBRANCA: QColor("#e65100"),
    Status.NEGATIVADO: QColor("#6a1b9a"),
    Status.RECEBIDO: QColor("#2e7d32"),
    Status.CANCELADO: QColor("#757575"),
}


def role_items(roles: QModelRoleDataSpan | QModelRoleData) -> Iterable[QModelRoleData]:
    if isinstance(roles, QModelRoleData):
        return (roles,)
    return roles  # type: ignore[return-value]  # iterable at run time; the stubs omit it


def header_text(column: Column[Any]) -> str:
    """A column's header as the screen writes it, through the translator."""
    return QCoreApplication.translate("columns", column.header)


def wrapped(text: str, width: int = 10) -> str:
    """A long header on two lines, broken at the space nearest its middle."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return f"{text[:cut]}\n{text[cut + 1 :]}"


def cell_text(column: Column[Any], value: Any) -> str:
    """A cell's text as the grid shows it (its DisplayRole)."""
    if column.kind is Kind.STATUS and value is not None:
        return status_text(Status(value))
    return display(column.kind, value)


def status_text(status: Status) -> str:
    """A status as the screen shows it, through the translator."""
    return QCoreApplication.translate("status", status.label)


def sort_key(kind: Kind, value: Any) -> Any:
    """What a column sorts by: the typed value; text and statuses as the user reads them."""
    if kind is Kind.STATUS:
        return normalize_search(Status(value).label)
    if isinstance(value, str):
        return normalize_search(value)
    return value


def sorted_rows(
    rows: Sequence[Any], get: Callable[[Any], Any], kind: Kind, descending: bool
) -> list[Any]:
    """Rows sorted by a column (stable); rows with no value go last either way."""
    keyed = [(get(row), row) for row in rows]
    present = [(sort_key(kind, v), row) for v, row in keyed if v is not None and v != ""]
    missing = [row for v, row in keyed if v is None or v == ""]
    present.sort(key=lambda pair: pair[0], reverse=descending)
    return [row for _, row in present] + missing
