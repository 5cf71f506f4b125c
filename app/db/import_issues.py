"""Problems found in an import folder, and the error that lists them all.

Every check appends to one :class:`IssueLog`; when validation ends with any
issue, :meth:`IssueLog.raise_if_any` raises :class:`ImportFailed` and nothing
is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.db.errors import DatabaseError

__all__ = ["MAX_LISTED_ISSUES", "ImportFailed", "ImportIssue", "IssueLog"]

MAX_LISTED_ISSUES = 1000
# Issues kept in memory before sorting; beyond it they are only counted.
_MAX_KEPT_ISSUES = 20 * MAX_LISTED_ISSUES


@dataclass(frozen=True)
class ImportIssue:
    """One problem: ``line`` is the physical line in the file (the header is line 1;
    0 when the problem concerns the whole folder or file), ``column`` is "-" when
    the problem concerns a whole row or file."""

    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        file, column, reason = (_printable(t) for t in (self.file, self.column, self.reason))
        return f"{file}:{self.line}: {column}: {reason}"


# Control characters and line breaks that came from a file (a column or file name)
# would break the one-line format and could drive the terminal: shown escaped.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: repr(m[0])[1:-1], text)


class ImportFailed(DatabaseError):
    """The folder cannot be imported; ``issues`` lists the problems (nothing was written).

    ``omitted`` counts the problems left out of ``issues`` beyond the listing cap.
    """

    def __init__(self, issues: Sequence[ImportIssue], *, omitted: int = 0) -> None:
        self.issues: list[ImportIssue] = list(issues)
        self.omitted = omitted
        total = len(self.issues) + omitted
        plural = "problema encontrado" if total == 1 else "problemas encontrados"
        lines = [f"Importação cancelada, nada foi gravado: {total} {plural}."]
        lines.extend(str(issue) for issue in self.issues)
        if omitted:
            lines.append(f"… e mais {omitted} problema(s) não listado(s).")
        super().__init__("\n".join(lines))


class IssueLog:
    """Collects issues; files are listed in processing order, then by line.

    Which issues are listed does not depend on the order the checks add them: past
    the kept maximum, only the first ones by (file, line) stay, the rest are counted.
    """

    def __init__(self, file_order: Sequence[str] = (), *, limit: int = MAX_LISTED_ISSUES) -> None:
        self._rank = {name: rank for rank, name in enumerate(file_order)}
        self._limit = limit
        self._keep = max(limit, _MAX_KEPT_ISSUES)
        self._issues: list[ImportIssue] = []
        self._uncounted = 0

    def add(self, file: str, line: int, column: str, reason: str) -> None:
        self._issues.append(ImportIssue(file, line, column, reason))
        if len(self._issues) >= 2 * self._keep:
            ordered = self._ordered()
            self._uncounted += len(ordered) - self._keep
            self._issues = ordered[: self._keep]

    def set_rank(self, file: str, rank: int) -> None:
        """List ``file``'s issues at the place of the ``rank``-th file."""
        self._rank[file] = rank

    def __len__(self) -> int:
        return len(self._issues) + self._uncounted

    def _ordered(self) -> list[ImportIssue]:
        """By file rank, then line; issues of one line in the order they were added."""
        return sorted(self._issues, key=lambda i: (self._rank.get(i.file, -1), i.line))

    def raise_if_any(self) -> None:
        if not self:
            return
        listed = self._ordered()[: self._limit]
        raise ImportFailed(listed, omitted=len(self) - len(listed))
