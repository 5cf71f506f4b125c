"""Bulk writing for the import: id reservation and batched INSERT/UPDATE.

No ORM objects, no per-row dicts: the planner hands over whole columns (one list of
values per column name) and each batch is one executemany. On SQLite the statement is
the one SQLAlchemy compiles from the schema, run through ``exec_driver_sql`` with
plain tuples, whose dates and decimals went through the column types' own bind
processing once per distinct value. PostgreSQL gets new rows by COPY and changed rows
copied into a temporary table, each batch then written by one UPDATE ... FROM it.

New rows get their ids before they are inserted, so references between the files
of one import resolve without reading ids back: PostgreSQL's sequence hands them
out; on SQLite they follow max(id) (once the import has written its first row it
holds the write lock; before that, a writer taking the same id makes the insert fail
on the primary key and the whole import roll back, never overwrite).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from decimal import Decimal
from functools import cache
from itertools import repeat
from operator import eq
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Insert,
    Integer,
    MetaData,
    Table,
    Update,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import REGCLASS
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateTable, DropTable

from app.db.import_specs import has_none, mostly_distinct
from app.db.types import Money, Quantity, Rate

__all__ = [
    "BATCH",
    "Columns",
    "ProgressFn",
    "blank_row",
    "insert_columns",
    "page_cache",
    "reserve_ids",
    "update_columns",
]

BATCH = 5000
# Tables that received at least this many rows get fresh planner statistics (and, on
# PostgreSQL, their visibility map: bulk_load.vacuum after the commit).
ANALYZE_AFTER = 1000
ProgressFn = Callable[[str, int, int], None]
Advance = Callable[[int], None]
# column name -> its value on each row (every list as long as the others)
Columns = Mapping[str, Sequence[Any]]


# SQLite's page cache by default: 2,000 KiB (a negative cache_size counts KiB).
_SQLITE_DEFAULT_CACHE = -2000


@contextmanager
def page_cache(conn: Connection) -> Iterator[None]:
    """SQLite: a bigger page cache on ``conn`` while the import writes (64 MiB at
    most, instead of 2), back to the default afterwards: the pages the import changes
    stay in memory instead of going out to the WAL and back before the commit. Left
    alone when the cache is not at its default."""
    if conn.dialect.name != "sqlite":
        yield
        return
    if conn.exec_driver_sql("PRAGMA cache_size").scalar() != _SQLITE_DEFAULT_CACHE:
        yield
        return
    conn.exec_driver_sql("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        with suppress(SQLAlchemyError):  # the connection may be gone with the error
            conn.exec_driver_sql("PRAGMA cache_size = -2000")


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` unused ids for new rows of ``table``."""
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        sequence = conn.execute(select(func.pg_get_serial_sequence(table.name, "id"))).scalar_one()
        series = func.generate_series(1, count).table_valued("n")
        # one row holding them all: a row each cost a driver fetch each (428,000 of
        # them, a tenth of the benchmark's import into PostgreSQL); the name cast once
        # (as text, nextval() looked it up again for every value)
        regclass = cast(literal(sequence), REGCLASS)
        taken = select(func.array_agg(func.nextval(regclass))).select_from(series)
        return sorted(map(int, conn.execute(taken).scalar_one()))
    highest = conn.execute(select(func.max(table.c.id))).scalar_one_or_none() or 0
    return list(range(highest + 1, highest + 1 + count))


@cache
def blank_row(table: Table) -> dict[str, Any]:
    """Every column of ``table`` with its schema default (None when it has none).

    The import writes these itself (its INSERTs name every column), so a default
    computed at run time (a function, SQL) would be skipped: refused here.
    """
    blank: dict[str, Any] = {}
    for column in table.c:
        default = column.default
        if default is not None and not getattr(default, "is_scalar", False):
            raise RuntimeError(f"import: {table.name}.{column.name} has a non-constant default")
        blank[column.name] = getattr(default, "arg", None) if default is not None else None
    return blank


def insert_columns(
    conn: Connection, table: Table, columns: Columns, *, advance: Advance | None = None
) -> int:
    """INSERT one row per position of ``columns``; returns how many.

    ``columns`` must name every column the rows set (a column left out gets no value
    at all: its server default, or NULL), ``id`` included.
    """
    return _execute(conn, table, insert(table), columns, advance)


def update_columns(
    conn: Connection,
    table: Table,
    columns: Columns,
    *,
    advance: Advance | None = None,
    bump_version: bool = True,
) -> int:
    """UPDATE, by ``columns["b_id"]``, the other columns of ``columns``; returns how many.

    Updates bump ``versao`` where the table has one (optimistic concurrency of the
    screens) unless ``bump_version`` is false.
    """
    bump = bump_version and "versao" in table.c
    if conn.dialect.name == "postgresql":
        return _update_by_copy(conn, table, columns, bump, advance)
    change = update(table).where(table.c.id == bindparam("b_id"))
    if bump:
        change = change.values(versao=table.c.versao + literal_column("1"))
    return _execute(conn, table, change, columns, advance)


def _update_by_copy(
    conn: Connection, table: Table, columns: Columns, bump: bool, advance: Advance | None
) -> int:
    """PostgreSQL: each batch copied into a temporary table, then one UPDATE ... FROM it.
    An UPDATE per row was a statement each for the server and for every statement
    trigger of the table (the sums of migrations 0008 and 0010): a reimport of the
    benchmark's folder took 59-65 s that way, 22-24 s this way."""
    names = [name for name in columns if name != "b_id"]
    count = len(columns["b_id"])
    if count == 0:
        return 0
    staged = Table(
        f"importar_{table.name}",
        MetaData(),
        Column("b_id", Integer),
        *(Column(name, table.c[name].type) for name in names),
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )
    conn.execute(DropTable(staged, if_exists=True))  # a second call in one transaction
    conn.execute(CreateTable(staged))
    change = (
        update(table)
        .where(table.c.id == staged.c.b_id)
        .values({name: staged.c[name] for name in names})
    )
    if bump:
        change = change.values(versao=table.c.versao + literal_column("1"))
    for start in range(0, count, BATCH):
        part = {name: values[start : start + BATCH] for name, values in columns.items()}
        done = len(part["b_id"])
        _copy(conn, staged, part, list(part), done, None)
        conn.execute(change)
        conn.execute(delete(staged))
        if advance is not None:
            advance(done)
    return count


def _execute(
    conn: Connection,
    table: Table,
    statement: Insert | Update,
    columns: Columns,
    advance: Advance | None,
) -> int:
    names = list(columns)
    count = len(columns[names[0]]) if names else 0
    if count == 0:
        return 0
    dialect = conn.dialect
    if dialect.name == "sqlite" and dialect.positional:
        compiled = statement.compile(dialect=dialect, column_keys=names)
        order = compiled.positiontup or []
        if sorted(order) != sorted(names):
            raise RuntimeError(f"import: unexpected parameters for {table.name}: {order}")
        values = [_driver_values(conn, table, name, columns[name]) for name in order]
        rows: list[tuple[Any, ...]] = list(zip(*values, strict=True))
        sql = compiled.string
        for start in range(0, count, BATCH):
            batch = rows[start : start + BATCH]
            conn.exec_driver_sql(sql, batch)
            if advance is not None:
                advance(len(batch))
        return count
    if dialect.name == "postgresql" and isinstance(statement, Insert):
        return _copy(conn, table, columns, names, count, advance)
    for start in range(0, count, BATCH):
        part = [columns[name][start : start + BATCH] for name in names]
        params = [dict(zip(names, row, strict=True)) for row in zip(*part, strict=True)]
        conn.execute(statement, params)
        if advance is not None:
            advance(len(params))
    return count


def _copy(
    conn: Connection,
    table: Table,
    columns: Columns,
    names: list[str],
    count: int,
    advance: Advance | None,
) -> int:
    """PostgreSQL: new rows by one COPY (an INSERT per row costs the server a
    statement each, and the statement triggers would run once per row instead of once);
    ``advance`` after each BATCH rows. Values go through the column types' bind processing,
    but for the exact decimals (money, quantities, rates): NUMERIC(p, s) rounds its
    input to s places half away from zero, as their bind would (the parser's values
    have no more places anyway), and quantizing a million of them in Python was an
    eighth of the benchmark's import. The COPY names the columns, quoted by the dialect
    (no value is put in the SQL)."""
    dialect = conn.dialect
    quote = dialect.identifier_preparer
    sql = "COPY {} ({}) FROM STDIN".format(
        quote.format_table(table), ", ".join(quote.quote(name) for name in names)
    )
    values = []
    for name in names:
        column_type = table.c[name].type
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is None or isinstance(column_type, Money | Quantity | Rate):
            values.append(columns[name])
        else:
            values.append(list(map(process, columns[name])))
    driver = conn.connection.driver_connection
    assert driver is not None
    # one COPY for every row: the server stores rows while the next ones are formatted,
    # and is waited for once (a COPY per batch waited for it at each batch's end)
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        for start in range(0, count, BATCH):
            for row in zip(*(v[start : start + BATCH] for v in values), strict=True):
                copy.write_row(row)
            if advance is not None:
                advance(min(BATCH, count - start))
    return count


def _driver_values(
    conn: Connection, table: Table, name: str, values: Sequence[Any]
) -> Sequence[Any]:
    """``values`` of column ``name`` as the driver takes them: through the column type's
    bind processing (SQLite: ISO text dates, integer cents), once per distinct value."""
    if name not in table.c:
        return values  # b_id
    column_type = table.c[name].type
    process = column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    if process is None:
        return values
    make: Callable[[Any], Any] = process
    if isinstance(column_type, Money | Quantity | Rate):
        make = _to_units(column_type.scale, process) or process
        if make is not process and mostly_distinct(values):
            units = _all_units(values, column_type.scale)
            if units is not None:
                return units
    return list(map(_Memo(make).__getitem__, values))


def _all_units(values: Sequence[Any], scale: int) -> list[int] | None:
    """Each of ``values`` (decimals) as its integer count of 10**-scale units, column
    at once; None when one is not a Decimal or has a fraction of a unit."""
    if has_none(values) or not all(map(isinstance, values, repeat(Decimal))):
        return None
    scaled = list(map(Decimal.scaleb, values, repeat(scale)))
    units = list(map(int, scaled))
    return units if all(map(eq, units, scaled)) else None


class _Memo(dict[Any, Any]):
    """value -> ``make(value)``, made once per distinct value (None stays None)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self._make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self._make(key)
        return value


def _to_units(scale: int, process: Callable[[Any], Any]) -> Callable[[Any], Any] | None:
    """When ``process`` binds a scaled decimal as its integer count of units (SQLite:
    cents for money), a quicker way to the same integers; else None."""
    probe = Decimal("123456.789").quantize(Decimal(1).scaleb(-scale))
    bound = process(probe)
    if type(bound) is not int or bound != int(probe.scaleb(scale)):
        return None

    def to_units(value: Any) -> Any:
        if type(value) is Decimal:
            units = value.scaleb(scale)
            whole = int(units)
            if whole == units:  # no fraction of a unit: nothing to round
                return whole
        return process(value)

    return to_units
