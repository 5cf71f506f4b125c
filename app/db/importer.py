"""Importing an ERP's CSV export folder (docs/IMPORT-FORMAT.md) in one transaction.

The files are read and every cell parsed first; then, inside the transaction,
the codes they mention are looked up in bulk, every rule is checked, and only
when there is no problem at all the rows are written (bulk INSERT/UPDATE,
in FILE_ORDER), the imported acordos' figures computed and one audit entry
recorded. Any problem raises :class:`ImportFailed` listing them all, and
nothing is written.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from sqlalchemy import Connection, Table, bindparam, or_, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from app.db import audit
from app.db.bulk_load import DATA_TABLES, initial_load, vacuum
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
    ANALYZE_AFTER,
    BATCH,
    ProgressFn,
    insert_columns,
    page_cache,
    update_columns,
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
    with _gc_paused():
        return _import_folder(db, Path(folder), progress)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the import runs: its millions of values make
    no cycles, and every automatic collection would walk them all again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_folder(db: Database, folder: Path, progress: ProgressFn | None) -> ImportReport:
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
            with page_cache(conn):
                counts, grown = _validate_and_write(conn, files, issues, progress)
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
    vacuum(db.engine, grown)  # committed: the grown tables' statistics and visibility map
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
) -> tuple[dict[str, FileCounts], list[str]]:
    """What the import wrote, by file, and the tables that grew by ANALYZE_AFTER rows or
    more."""
    existing = load_existing(conn, files)
    matches = match_recebimentos(files, existing)
    check_files(files, existing, matches, issues)
    issues.raise_if_any()
    planner = Planner(conn, files, existing, matches)
    counts: dict[str, FileCounts] = {}
    inserted: dict[Table, int] = {}
    # into a new database (PostgreSQL): the keys and the receipts' trigger are checked
    # once at the end of the load instead of row by row (app.db.bulk_load)
    with initial_load(conn, DATA_TABLES) as writes_totals:
        planner.writes_totals = writes_totals
        for name, parsed in files.items():
            plan = planner.plan(name)
            _write(conn, plan, parsed.file, progress)
            if name == "vendas.csv":
                _sync_venda_items(conn, plan)
            counts[name] = FileCounts(plan.inserted, plan.updated)
            inserted[plan.table] = plan.inserted
    if "acordos.csv" in files:
        acordos = files["acordos.csv"]
        keys = zip(acordos.values["empresa"], acordos.values["numero"], strict=True)
        ids = map(planner.acordo_ids.__getitem__, keys)
        fill_acordos(conn, dict(zip(ids, acordos.lines, strict=True)), acordos.file, issues)
    return counts, [t.name for t, n in inserted.items() if n >= ANALYZE_AFTER]


def _write(conn: Connection, plan: Plan, file: str, progress: ProgressFn | None) -> None:
    """The plan's INSERT and UPDATEs; ``progress`` after each batch."""
    total, done = plan.inserted + plan.updated, 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(file, done, total)

    if plan.inserts:
        insert_columns(conn, plan.table, plan.inserts, advance=advance)
    for group in plan.updates:
        if not group["b_id"]:
            continue
        if len(group) == 1:  # b_id only: matched, nothing to change
            advance(len(group["b_id"]))
        else:
            update_columns(conn, plan.table, group, advance=advance)


def _sync_venda_items(conn: Connection, plan: Plan) -> None:
    """Items repeat their venda's cliente and data: keep those of updated vendas in step.
    Only the items that differ are written (a reimport writes every venda again, nearly
    all unchanged: rewriting their items cost their indexes and triggers for nothing)."""
    cliente = bindparam("b_cliente", type_=ITEM.c.cliente_id.type)
    data = bindparam("b_data", type_=ITEM.c.data.type)
    statement = (
        update(ITEM)
        .where(
            ITEM.c.venda_id == bindparam("b_venda"),
            or_(ITEM.c.cliente_id != cliente, ITEM.c.data != data),
        )
        .values(cliente_id=cliente, data=data)
    )
    for group in plan.updates:
        rows = zip(group["b_id"], group["cliente_id"], group["data"], strict=True)
        params = [{"b_venda": b_id, "b_cliente": c, "b_data": d} for b_id, c, d in rows]
        for start in range(0, len(params), BATCH):
            conn.execute(statement, params[start : start + BATCH])
