"""Writing a grid to CSV or XLSX, safely.

Files are written to a temporary file beside the target and renamed into place,
so a full disk or a crash never leaves a half-written file. Text that a
spreadsheet would run as a formula (=, +, -, @ ...) is neutralised.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.db.columns import Column, Kind, display, plain

FORMATS = ("csv", "xlsx")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class ExportError(Exception):
    """The file could not be written; str() is a message for the user."""


def neutralise(text: str) -> str:
    """Make a text cell inert in Excel/LibreOffice (OWASP CSV injection advice)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_cell(kind: Kind, value: Any) -> str:
    if value is None:
        return ""
    if kind in (Kind.MONEY, Kind.QUANTITY):
        return str(value).replace(".", ",")
    if kind in (Kind.INT,):
        return str(value)
    return neutralise(display(kind, value))


def _write_csv(path: Path, columns: Sequence[Column[Any]], rows: Sequence[Any]) -> None:
    # UTF-8 with BOM and ';' open directly in a pt-BR Excel
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([c.header for c in columns])
        for row in rows:
            writer.writerow([_csv_cell(c.kind, c.get(row)) for c in columns])


_XLSX_FORMATS = {
    Kind.MONEY: '"R$" #,##0.00;[Red]-"R$" #,##0.00',
    Kind.DATE: "dd/mm/yyyy",
    Kind.QUANTITY: "#,##0.###",
    Kind.TIME: "hh:mm",
}


def _xlsx_text(text: str) -> str:
    """Neutralised, and without the control characters XML cannot hold (openpyxl would
    refuse the whole file): they become spaces."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return neutralise(ILLEGAL_CHARACTERS_RE.sub(" ", text))


def _write_xlsx(
    path: Path, columns: Sequence[Column[Any]], rows: Sequence[Any], title: str
) -> None:
    from openpyxl import Workbook  # imported here: only exports need it

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "Planilha")
    sheet.append([c.header for c in columns])
    for row in rows:
        cells = []
        for c in columns:
            value = plain(c.kind, c.get(row))
            cells.append(_xlsx_text(value) if isinstance(value, str) else value)
        sheet.append(cells)
    # built in memory, then written: a full disk then fails in our write, not inside
    # the zip writer (whose clean-up would print a second error at exit)
    content = io.BytesIO()
    book.save(content)
    path.write_bytes(content.getvalue())


def export_rows(
    path: Path,
    fmt: str,
    columns: Sequence[Column[Any]],
    rows: Sequence[Any],
    *,
    title: str = "Planilha",
) -> None:
    """Write the rows atomically; raises ExportError with a Portuguese message."""
    if fmt not in FORMATS:
        raise ExportError(f"formato desconhecido: {fmt} (use csv ou xlsx)")
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"o destino é uma pasta: {target}")
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=".export-", suffix=f".{fmt}", dir=target.parent if str(target.parent) else "."
        )
    except OSError as exc:
        raise ExportError(f"não foi possível gravar em {target.parent}: {_reason(exc)}") from exc
    os.close(fd)
    temp = Path(temp_name)
    try:
        if fmt == "csv":
            _write_csv(temp, columns, rows)
        else:
            _write_xlsx(temp, columns, rows, title)
        os.replace(temp, target)
    except OSError as exc:
        raise ExportError(f"não foi possível gravar {target}: {_reason(exc)}") from exc
    finally:
        temp.unlink(missing_ok=True)


_REASONS = {
    errno.ENOSPC: "disco cheio",
    errno.EDQUOT: "cota de disco esgotada",
    errno.EACCES: "sem permissão de gravação",
    errno.EPERM: "sem permissão de gravação",
    errno.EROFS: "o disco é somente para leitura",
    errno.ENOENT: "a pasta não existe",
    errno.ENOTDIR: "o caminho passa por um arquivo, não por uma pasta",
    errno.EISDIR: "o destino é uma pasta",
    errno.ENAMETOOLONG: "nome de arquivo longo demais",
}


def _reason(exc: OSError) -> str:
    """The system's reason in Portuguese (its own text, in English, otherwise)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
