"""Reading one CSV file of an import folder: decoding, separator, rows with their line numbers.

Decoding: UTF-8 (with or without BOM), else Windows-1252. Separator: ``;`` or
``,``, whichever the header line has more of. Header names are stripped and
lower-cased. Cells are stripped; an empty cell is absent. Problems go to the
:class:`~app.db.import_issues.IssueLog` with the physical line where the row starts.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from app.db.import_issues import IssueLog

__all__ = ["CsvRow", "CsvTable", "decode", "read_csv", "sniff_separator"]

# Control characters other than tab, newline and carriage return (C0, DEL, C1).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"[\r\n]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


class CsvRow(NamedTuple):
    """A data row: ``line`` is where it starts; ``cells`` are stripped, one per header
    column ("" when empty). ``rejected`` names the columns whose cell was already
    reported (and emptied)."""

    line: int
    cells: list[str]
    rejected: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CsvTable:
    """``header`` holds the column names as written (stripped, lower-case; "" when blank)."""

    file: str
    header: list[str]
    rows: list[CsvRow]
    header_line: int = 1

    @property
    def columns(self) -> list[str]:
        """The named columns, each once, in header order."""
        return list(dict.fromkeys(name for name in self.header if name))


def decode(data: bytes) -> str:
    """The text of ``data``: UTF-8 (a BOM is dropped) or else Windows-1252.

    Raises ``UnicodeDecodeError`` when neither fits (bytes undefined in Windows-1252),
    and for UTF-16/UTF-32 (a byte order mark, or NUL bytes as in every other byte),
    which Windows-1252 would otherwise "decode" into NULs and garbage column names.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnicodeDecodeError("utf-16", data, 0, 2, "UTF-16/UTF-32 byte order mark")
    if data.count(b"\x00") * 8 >= len(data) > 0:  # a stray NUL is a control character
        nul = data.index(b"\x00")
        raise UnicodeDecodeError("utf-16", data, nul, nul + 1, "UTF-16/UTF-32 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def sniff_separator(header_line: str) -> str:
    """``;`` when the header line has at least as many of them as commas, else ``,``."""
    semicolons, commas = header_line.count(";"), header_line.count(",")
    return ";" if semicolons and semicolons >= commas else ","


def read_csv(path: Path, issues: IssueLog, *, multiline: Collection[str] = ()) -> CsvTable | None:
    """The rows of ``path``; None when the file cannot be read at all.

    Line breaks inside (quoted) cells are accepted only in the ``multiline`` columns.
    """
    file = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        issues.add(file, 0, "-", f"não foi possível ler o arquivo: {exc.strerror or exc}")
        return None
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        issues.add(file, line, "-", "codificação não reconhecida (use UTF-8 ou Windows-1252)")
        return None
    if not text.strip():
        issues.add(file, 1, "-", "arquivo vazio (falta a linha de cabeçalho)")
        return None
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=sniff_separator(text.lstrip().partition("\n")[0]),
        strict=True,
    )
    columns: list[str] | None = None
    header_line = 1
    rows: list[CsvRow] = []
    last_line = 0
    try:
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if columns is None:
                if any(cell.strip() for cell in cells):  # blank lines before it are skipped
                    columns, header_line = _header(cells, file, line, issues), line
                continue
            values = [cell.strip() for cell in cells]
            if (
                len(values) == len(columns)
                and "" not in columns
                and not _CONTROL_OR_BREAK.search("".join(values))
            ):  # the usual row, checked at once
                if any(values):
                    rows.append(CsvRow(line, values))
            elif (row := _row(values, columns, file, line, issues, multiline)) is not None:
                rows.append(row)
    except csv.Error as exc:
        reason = f"aspas ou campo malformado ({exc}); a leitura do arquivo parou aqui"
        issues.add(file, last_line + 1, "-", reason)
    return CsvTable(file, columns or [], rows, header_line)


def _header(cells: list[str], file: str, line: int, issues: IssueLog) -> list[str]:
    columns = [cell.strip().lower() for cell in cells]
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            issues.add(file, line, name, "coluna repetida no cabeçalho")
        seen.add(name)
    return columns


def _row(
    values: list[str],
    columns: list[str],
    file: str,
    line: int,
    issues: IssueLog,
    multiline: Collection[str],
) -> CsvRow | None:
    """A row with something unusual: blank, of another width, or with special characters."""
    if not any(values):
        return None  # blank line, or separators only
    if len(values) != len(columns):
        more_or_less = "a mais" if len(values) > len(columns) else "a menos"
        issues.add(
            file,
            line,
            "-",
            f"linha com colunas {more_or_less} ({len(values)}; o cabeçalho tem {len(columns)})",
        )
        return None
    rejected: set[str] = set()
    for index, (name, value) in enumerate(zip(columns, values, strict=True)):
        if not value:
            continue
        if not name:
            issues.add(file, line, "-", "valor em coluna sem nome no cabeçalho")
        elif _CONTROL.search(value) or (name not in multiline and _LINE_BREAK.search(value)):
            issues.add(file, line, name, "caractere de controle não permitido")
            rejected.add(name)
            values[index] = ""
        else:
            values[index] = value.replace("\r\n", "\n")
    return CsvRow(line, values, frozenset(rejected))
