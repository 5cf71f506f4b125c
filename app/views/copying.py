"""Ctrl+C of a grid: the selected cells as tab-separated text (pastes into a spreadsheet).

The shape comes from the selection's ranges (Ctrl+A over 100,000 rows is one range, not
1.6 million indexes) and the texts from the rows and columns as the grid shows them
(app.models.base.cell_text), so the text can be built from a snapshot of the rows off
the GUI thread: GridView copies a selection of up to AT_ONCE cells at once and formats a
larger one in a worker (the whale's 100,000 rows took seconds of formatting with the
window frozen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QTableView

from app.db.columns import Column
from app.models.cell_texts import cell_text

AT_ONCE = 5_000  # cells a copy formats on the GUI thread (a few ms)


@dataclass(frozen=True)
class Chosen:
    """The selected cells: ``rows`` in order, the ``columns`` shown that have a selected
    cell, in the header's visual order, and for each row the columns selected in it
    (``only``; None when every row has all of them, as Ctrl+A)."""

    rows: list[int]
    columns: list[int]
    only: list[frozenset[int]] | None

    def cells(self) -> int:
        return len(self.rows) * len(self.columns)


def chosen_cells(view: QTableView) -> Chosen:
    selection_model = view.selectionModel()
    if selection_model is None:
        return Chosen([], [], None)
    selection = selection_model.selection()
    spans = [selection.at(i) for i in range(selection.count())]
    header = view.horizontalHeader()
    by_row: dict[int, set[int]] = {}
    shown: set[int] = set()
    for span in spans:
        spanned = {c for c in range(span.left(), span.right() + 1) if not header.isSectionHidden(c)}
        shown |= spanned
        if len(spans) > 1:
            for r in range(span.top(), span.bottom() + 1):
                by_row.setdefault(r, set()).update(spanned)
    columns = sorted(shown, key=header.visualIndex)
    if len(spans) == 1:
        span = spans[0]
        rows = list(range(span.top(), span.bottom() + 1)) if columns else []
        return Chosen(rows, columns, None)
    rows = sorted(r for r, cs in by_row.items() if cs)
    return Chosen(rows, columns, [frozenset(by_row[r]) for r in rows])


def tsv(
    rows: Sequence[Any],
    columns: Sequence[Column[Any]],
    keys: Sequence[int],
    only: Sequence[frozenset[int]] | None,
) -> str:
    """The rows' texts in these columns (``keys``: their numbers, as ``only`` names
    them), a line per row, tab-separated; a cell not selected is empty. Tabs and line
    breaks inside a text become spaces (they would split the cell in a spreadsheet)."""
    lines = []
    for i, row in enumerate(rows):
        wanted = only[i] if only is not None else None
        values = [
            _clean(cell_text(column, column.get(row))) if wanted is None or key in wanted else ""
            for key, column in zip(keys, columns, strict=True)
        ]
        lines.append("\t".join(values))
    return "\n".join(lines)


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")
