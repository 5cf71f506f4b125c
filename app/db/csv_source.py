"""Reading one CSV file of an import folder: decoding, separator, rows with their line numbers.

Decoding: UTF-8 (with or without BOM), else Windows-1252. Separator: ``;`` or
``,``, whichever the header line has more of. Header names are stripped and
lower-cased. Cells are stripped; an empty cell is absent. Problems go to the
:class:`~app.db.import_issues.IssueLog` with the physical line where the row starts.

A file where no row needs a look of its own (the usual export: no control
characters, no line breaks inside quotes, every row as wide as the header) is split
whole, column by column; any other is read row by row, and both give the same table.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from pathlib import Path
from typing import Any, NamedTuple

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
    """``header`` holds the column names as written (stripped, lower-case; "" when blank).

    The data rows are kept column by column: ``data[k]`` holds the stripped cells of
    header position ``k``, one per row ("" when empty); row ``i`` starts at line
    ``lines[i]``, and ``rejected.get(i)`` names the columns whose cell was already
    reported (and emptied). :attr:`rows` gives them row by row.
    """

    file: str
    header: list[str]
    lines: list[int]
    data: Sequence[Sequence[str]]
    rejected: dict[int, frozenset[str]] = field(default_factory=dict)
    header_line: int = 1

    @property
    def columns(self) -> list[str]:
        """The named columns, each once, in header order."""
        return list(dict.fromkeys(name for name in self.header if name))

    @property
    def rows(self) -> list[CsvRow]:
        empty: frozenset[str] = frozenset()
        cells = zip(*self.data, strict=True) if self.data else iter(())
        return [
            CsvRow(line, list(row), self.rejected.get(index, empty))
            for index, (line, row) in enumerate(zip(self.lines, cells, strict=True))
        ]


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
    separator = sniff_separator(text.lstrip().partition("\n")[0])
    has_control = _has_control(data)
    table = None if has_control else _read_plain(file, text, separator, issues)
    if table is None:
        table = _read_rows(file, text, separator, issues, multiline, has_control)
    return table


def _has_control(data: bytes) -> bool:
    """Whether the text of ``data`` may hold a control character (``_CONTROL``), asked
    of the bytes (quicker): C0 and DEL are those very bytes in UTF-8 and in
    Windows-1252; C1 is \\xc2\\x80-\\x9f in UTF-8, and never comes out of Windows-1252."""
    return bool(data.translate(None, _NOT_C0)) or _C1_UTF8.search(data) is not None


# every byte but the C0 control characters (tab and line breaks aside) and DEL
_NOT_C0 = bytes(b for b in range(256) if not (b < 32 and b not in b"\t\n\r" or b == 127))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _reader(text: str, separator: str) -> Any:
    return csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)


def _read_plain(file: str, text: str, separator: str, issues: IssueLog) -> CsvTable | None:
    """The whole file (without control characters) at once, when no row needs a look
    of its own: no line break inside quotes, no malformed quotes, a header naming every
    column and every row as wide as it (or empty). None (nothing reported) otherwise.

    Then row ``i`` is physical line ``i + 1``, and stripping and blank rows are
    handled column by column.
    """
    if '"' in text or "\u2028" in text or "\u2029" in text:
        split = _split_quoted(text, separator)
    else:
        split = _split_unquoted(text, separator)
    if split is None:
        return None
    header_cells, header_line, lines, columns = split
    header = [cell.strip().lower() for cell in header_cells]
    if "" in header:
        return None
    if _has_blank_edges(text, separator):
        columns = [list(map(str.strip, cells)) for cells in columns]
    if lines and "" in columns[0]:  # rows of separators (and blanks) only
        blank = [
            not cell and not any(cells[row] for cells in columns)
            for row, cell in enumerate(columns[0])
        ]
        if any(blank):
            kept = [not b for b in blank]
            lines = list(compress(lines, kept))
            columns = [list(compress(cells, kept)) for cells in columns]
    _header(header_cells, file, header_line, issues)
    return CsvTable(file, header, lines, columns, {}, header_line)


# (header cells, header line, line of each row, cells of each header position)
_Split = tuple[list[str], int, list[int], list[list[str]]]


def _split_unquoted(text: str, separator: str) -> _Split | None:
    """Without quotes each line is a row and its cells lie between the separators: the
    lines are joined and split once, and every ``width``-th cell is a column."""
    physical = text.splitlines()  # no control character: only \r, \n and \r\n break lines
    first = next(
        (i for i, line in enumerate(physical) if line.replace(separator, "").strip()), None
    )
    if first is None:
        return None
    header_cells = physical[first].split(separator)
    width = len(header_cells)
    body = physical[first + 1 :]
    lines = list(range(first + 2, first + 2 + len(body)))
    if "" in body:  # empty lines
        kept = [bool(line) for line in body]
        lines, body = list(compress(lines, kept)), list(compress(body, kept))
    if set(map(str.count, body, repeat(separator))) - {width - 1}:
        return None  # a row of another width
    cells = separator.join(body).split(separator) if body else []
    return header_cells, first + 1, lines, [cells[k::width] for k in range(width)]


def _split_quoted(text: str, separator: str) -> _Split | None:
    """The csv module's rows, when none of them spans lines."""
    reader = _reader(text, separator)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error:
        return None
    if reader.line_num != len(records):
        return None  # a quoted cell spans lines
    first = next((i for i, cells in enumerate(records) if any(map(str.strip, cells))), None)
    if first is None:
        return None
    header_cells = records[first]
    width = len(header_cells)
    body = records[first + 1 :]
    lines = list(range(first + 2, first + 2 + len(body)))
    if [] in body:  # empty lines
        kept = [bool(cells) for cells in body]
        lines, body = list(compress(lines, kept)), list(compress(body, kept))
    if set(map(len, body)) - {width}:
        return None  # a row of another width
    columns = [list(cells) for cells in zip(*body, strict=True)] if body else []
    return header_cells, first + 1, lines, columns or [[] for _ in header_cells]


def _has_blank_edges(text: str, separator: str) -> bool:
    """Whether any cell may start or end with a blank: a blank next to where cells
    start and end (a separator, a quote, a line break, the ends of the text)."""
    edges = [edge for edge in (separator, '"', "\n", "\r") if edge in text]
    for blank in _BLANKS:
        if blank in text:
            for edge in edges:
                if edge + blank in text or blank + edge in text:
                    return True
    return text.lstrip("\r\n")[:1].isspace() or text.rstrip("\r\n")[-1:].isspace()


# What str.strip() removes (str.isspace()), line breaks aside.
_BLANKS = (
    "\t\x0b\x0c\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _read_rows(
    file: str,
    text: str,
    separator: str,
    issues: IssueLog,
    multiline: Collection[str],
    has_control: bool,
) -> CsvTable:
    """The file row by row, each unusual row looked at on its own.

    Without a control character anywhere (``has_control`` false), a row that took one
    physical line has nothing to look at cell by cell (a line break inside quotes
    spans more lines).
    """
    reader = _reader(text, separator)
    columns: list[str] | None = None
    header_line, width = 1, -1
    lines: list[int] = []
    rows: list[list[str]] = []
    rejected: dict[int, frozenset[str]] = {}
    last_line = 0
    strip = str.strip
    try:
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if columns is None:
                if any(cell.strip() for cell in cells):  # blank lines before it are skipped
                    columns, header_line = _header(cells, file, line, issues), line
                    width = len(columns) if "" not in columns else -1
                continue
            values = list(map(strip, cells))
            if len(values) == width and (
                last_line == line
                if not has_control
                else not _CONTROL_OR_BREAK.search("".join(values))
            ):  # the usual row, checked at once
                if any(values):
                    lines.append(line)
                    rows.append(values)
            elif (row := _row(values, columns, file, line, issues, multiline)) is not None:
                if row.rejected:
                    rejected[len(rows)] = row.rejected
                lines.append(line)
                rows.append(row.cells)
    except csv.Error as exc:
        reason = f"aspas ou campo malformado ({exc}); a leitura do arquivo parou aqui"
        issues.add(file, last_line + 1, "-", reason)
    header = columns or []
    data: list[Sequence[str]] = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    return CsvTable(file, header, lines, data, rejected, header_line)


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
