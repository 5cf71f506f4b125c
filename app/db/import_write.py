"""Bulk writing for the import: id reservation and batched Core INSERT/UPDATE.

No ORM objects: each batch is one executemany. New rows get their ids before
they are inserted, so references between the files of one import resolve
without reading ids back: PostgreSQL's sequence hands them out; on SQLite they
follow max(id) (once the import has written its first row it holds the write
lock; before that, a writer taking the same id makes the insert fail on the
primary key and the whole import roll back, never overwrite).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update

from app.db.import_lookup import chunks

__all__ = [
    "BATCH",
    "ProgressFn",
    "blank_row",
    "refresh_statistics",
    "reserve_ids",
    "write_rows",
]

BATCH = 5000
# Tables that received at least this many rows get fresh planner statistics.
ANALYZE_AFTER = 1000
ProgressFn = Callable[[str, int, int], None]
# literal statements, one per table: no SQL is built from strings (tests/reliability)
_ANALYZE = {
    "empresa": "ANALYZE empresa",
    "cliente": "ANALYZE cliente",
    "produto": "ANALYZE produto",
    "venda": "ANALYZE venda",
    "venda_item": "ANALYZE venda_item",
    "acordo": "ANALYZE acordo",
    "titulo": "ANALYZE titulo",
    "recebimento": "ANALYZE recebimento",
    "programacao": "ANALYZE programacao",
}


def refresh_statistics(conn: Connection, inserted: dict[Table, int]) -> None:
    """PostgreSQL: ANALYZE the tables this import grew, so the next queries plan well
    (autovacuum would do it only later)."""
    if conn.dialect.name != "postgresql":
        return
    for table, count in inserted.items():
        if count >= ANALYZE_AFTER and table.name in _ANALYZE:
            conn.exec_driver_sql(_ANALYZE[table.name])


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` unused ids for new rows of ``table``."""
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        sequence = conn.execute(select(func.pg_get_serial_sequence(table.name, "id"))).scalar_one()
        series = func.generate_series(1, count).table_valued("n")
        rows = conn.execute(select(func.nextval(sequence)).select_from(series))
        return [int(row[0]) for row in rows]
    highest = conn.execute(select(func.max(table.c.id))).scalar_one_or_none() or 0
    return list(range(highest + 1, highest + 1 + count))


@cache
def blank_row(table: Table) -> dict[str, Any]:
    """Every column of ``table`` with its schema default (None when it has none)."""
    blank: dict[str, Any] = {}
    for column in table.c:
        default = column.default
        is_scalar = default is not None and getattr(default, "is_scalar", False)
        blank[column.name] = getattr(default, "arg", None) if is_scalar else None
    return blank


def write_rows(
    conn: Connection,
    table: Table,
    inserts: list[dict[str, Any]],
    updates: list[dict[str, Any]],
    *,
    file: str,
    progress: ProgressFn | None,
) -> None:
    """INSERT ``inserts`` and UPDATE ``updates`` (``b_id`` + the columns to set).

    A column an insert leaves out gets its schema default (or NULL). Updates bump
    ``versao`` where the table has one (optimistic concurrency of the screens).
    """
    total, done = len(inserts) + len(updates), 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(file, done, total)

    statement = insert(table)
    for rows in _same_columns(inserts):
        for batch in chunks(rows, BATCH):
            conn.execute(statement, batch)
            advance(len(batch))
    for rows in _same_columns(updates):
        columns = tuple(rows[0])
        if columns == ("b_id",):  # matched, nothing to change
            advance(len(rows))
            continue
        change = update(table).where(table.c.id == bindparam("b_id"))
        if "versao" in table.c:
            change = change.values(versao=table.c.versao + 1)
        for batch in chunks(rows, BATCH):
            conn.execute(change, batch)
            advance(len(batch))


def _same_columns(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """``rows`` grouped by the columns they set (one executemany needs the same keys)."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[frozenset(row)].append(row)
    return list(groups.values())
