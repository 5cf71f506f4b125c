"""Importing an ERP's CSV export folder (docs/IMPORT-FORMAT.md) in one transaction.

The files are read and every cell parsed first; then, inside the transaction,
the codes they mention are looked up in bulk, every rule is checked, and only
when there is no problem at all the rows are written (bulk INSERT/UPDATE,
in FILE_ORDER), the imported acordos' figures computed and one audit entry
recorded. Any problem raises :class:`ImportFailed` listing them all, and
nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from sqlalchemy import Connection, Table, bindparam, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from app.db import audit
from app.db.csv_source import read_csv
from app.db.engine import Database, describe_db_error
from app.db.errors import DatabaseError
from app.db.import_acordos import fill_acordos
from app.db.import_checks import check_files, match_recebimentos
from app.db.import_issues import ImportFailed, ImportIssue, IssueLog
from app.db.import_lookup import ITEM, load_existing
from app.db.import_rows import Plan, Planner
from app.db.import_specs import FILE_ORDER, SPECS, ParsedFile, parse_file
from app.db.import_write import (
    BATCH,
    ProgressFn,
    refresh_statistics,
    write_rows,
)

__all__ = [
    "FILE_ORDER",
    "FileCounts",
    "ImportFailed",
    "ImportIssue",
    "ImportReport",
    "import_folder",
]


@dataclass(frozen=True)
class FileCounts:
    inserted: int
    updated: int


@dataclass(frozen=True)
class ImportReport:
    """What one import wrote: per file name ("titulos.csv"), rows inserted and updated."""

    folder: Path
    files: Mapping[str, FileCounts]

    @property
    def inserted(self) -> int:
        return sum(counts.inserted for counts in self.files.values())

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.files.values())

    def __str__(self) -> str:
        """A summary for people: totals, then one line per file."""
        lines = [f"{self.folder}: {self.inserted} inseridos, {self.updated} atualizados"]
        lines += [
            f"  {name}: {counts.inserted} inseridos, {counts.updated} atualizados"
            for name, counts in self.files.items()
        ]
        return "\n".join(lines)


def import_folder(
    db: Database, folder: Path, *, progress: ProgressFn | None = None
) -> ImportReport:
    """Import the CSV files of ``folder``; all or nothing.

    ``progress(file_name, rows_done, rows_total)`` is called after each written batch.
    Raises :class:`ImportFailed` (listing every problem) or ``DatabaseError``.
    """
    folder = Path(folder)
    issues = IssueLog()
    paths = _discover(folder, issues)
    issues.raise_if_any()
    files: dict[str, ParsedFile] = {}
    for name, path in paths.items():
        spec = SPECS[name]
        table = read_csv(path, issues, multiline=spec.multiline)
        if table is not None:
            files[name] = parse_file(table, spec, issues)
    try:
        with db.session() as session:
            conn = session.connection()
            counts = _validate_and_write(conn, files, issues, progress)
            summary = {
                name: {"inseridos": c.inserted, "atualizados": c.updated}
                for name, c in counts.items()
            }
            audit.record(session, "importacao", "banco", None, pasta=str(folder), arquivos=summary)
    except IntegrityError as exc:
        raise DatabaseError(
            "os dados foram alterados por outro usuário durante a importação; nada foi gravado, "
            "tente novamente"
        ) from exc
    except SQLAlchemyError as exc:
        raise DatabaseError(describe_db_error(exc)) from exc
    return ImportReport(folder, MappingProxyType(counts))


def _discover(folder: Path, issues: IssueLog) -> dict[str, Path]:
    """The known files of ``folder`` by their lower-case name, in FILE_ORDER."""
    expected = ", ".join(FILE_ORDER)
    if not folder.is_dir():
        reason = "não é uma pasta" if folder.exists() else "pasta não encontrada"
        issues.add(str(folder), 0, "-", reason)
        return {}
    found: dict[str, Path] = {}
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        issues.add(str(folder), 0, "-", f"não foi possível ler a pasta: {exc.strerror or exc}")
        return {}
    for path in entries:
        name = path.name.lower()
        if name.startswith(".") or not name.endswith(".csv") or not path.is_file():
            continue
        if name not in SPECS:
            issues.add(
                path.name, 0, "-", f"arquivo desconhecido (os arquivos aceitos são {expected})"
            )
        elif name in found:
            issues.add(path.name, 0, "-", f"arquivo repetido (também {found[name].name})")
        else:
            found[name] = path
    if not found and not issues:
        issues.add(
            str(folder), 0, "-", f"nenhum arquivo de importação na pasta (esperados: {expected})"
        )
    for rank, name in enumerate(FILE_ORDER):
        if name in found:
            issues.set_rank(found[name].name, rank)
    return {name: found[name] for name in FILE_ORDER if name in found}


def _validate_and_write(
    conn: Connection,
    files: dict[str, ParsedFile],
    issues: IssueLog,
    progress: ProgressFn | None,
) -> dict[str, FileCounts]:
    existing = load_existing(conn, files)
    matches = match_recebimentos(files, existing)
    check_files(files, existing, matches, issues)
    issues.raise_if_any()
    planner = Planner(conn, files, existing, matches)
    counts: dict[str, FileCounts] = {}
    inserted: dict[Table, int] = {}
    for name, parsed in files.items():
        plan = planner.plan(name)
        write_rows(
            conn, plan.table, plan.inserts, plan.updates, file=parsed.file, progress=progress
        )
        if name == "vendas.csv":
            _sync_venda_items(conn, plan)
        counts[name] = FileCounts(len(plan.inserts), len(plan.updates))
        inserted[plan.table] = len(plan.inserts)
    if "acordos.csv" in files:
        acordos = files["acordos.csv"]
        lines = {
            planner.acordo_ids[(row.values["empresa"], row.values["numero"])]: row.line
            for row in acordos.rows
        }
        fill_acordos(conn, lines, acordos.file, issues)
    refresh_statistics(conn, inserted)
    return counts


def _sync_venda_items(conn: Connection, plan: Plan) -> None:
    """Items repeat their venda's cliente and data: keep those of updated vendas in step."""
    params = [
        {"b_venda": row["b_id"], "cliente_id": row["cliente_id"], "data": row["data"]}
        for row in plan.updates
    ]
    statement = update(ITEM).where(ITEM.c.venda_id == bindparam("b_venda"))
    for start in range(0, len(params), BATCH):
        conn.execute(statement, params[start : start + BATCH])
