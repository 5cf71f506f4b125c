"""Sorting a grid by the database as app.models.base.sorted_rows sorts in Python.

Text as the user reads it ignores accents and case (app.domain.text.normalize_search).
SQL cannot strip accents the same way on both databases, so Python ranks the few
distinct values involved and the database sorts by their place (a CASE).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    any_,
    bindparam,
    case,
)
from sqlalchemy.orm import Session

from app.domain.text import normalize_search

K = TypeVar("K")
_CASE_LEAF = 8  # values a CASE of the sort compares one by one


def ranks(values: Mapping[K, str | None]) -> dict[K, int]:
    """Each key's place when sorted by its text as app.models.base.sort_key sorts it
    (accents and case ignored: equal texts share a place); empty texts are left out."""
    texts = {k: normalize_search(v) for k, v in values.items() if v is not None and v != ""}
    place = {text: i for i, text in enumerate(sorted(set(texts.values())))}
    return {k: place[text] for k, text in texts.items()}


def direction(value: SQLColumnExpression[Any], descending: bool) -> ColumnElement[Any]:
    return value.desc() if descending else value.asc()


def by_rank(
    places: dict[Any, int], value: SQLColumnExpression[Any], descending: bool
) -> list[ColumnElement[Any]]:
    """Sort by the place of ``value`` in ``places`` (one CASE, evaluated once a row);
    a value without a place (no text) goes last either way."""
    if not places:
        return []  # no text at all: every row ties
    last = -1 if descending else max(places.values()) + 1
    keys = sorted(places)

    def lookup(lo: int, hi: int) -> ColumnElement[Any]:
        # a binary search (about log2(n) comparisons a row, not n / 2): a customer may
        # have bought hundreds of products, or written thousands of descriptions
        if hi - lo <= _CASE_LEAF:
            return case({k: places[k] for k in keys[lo:hi]}, value=value, else_=last)
        mid = (lo + hi) // 2
        return case((value < keys[mid], lookup(lo, mid)), else_=lookup(mid, hi))

    return [direction(lookup(0, len(keys)), descending)]


def ids_in_order(
    session: Session, stmt: Select[Any], params: Mapping[str, Any] | None = None
) -> list[int]:
    """The first column of every row of ``stmt`` (a grid's ids, in its order), read from
    the driver's cursor: ids need no conversion, and SQLAlchemy's rows were a quarter
    (SQLite) to a third (PostgreSQL) of the time the whale's 100,000 ids took (81 → 63
    and 130 → 84 ms); ORM scalars took twice that."""
    result = session.connection().execute(stmt, params)
    try:
        return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()


# --- a page of rows by their ids ---

_IDS_PER_LIST = 500  # SQLite: well under its limit of bound parameters, and quicker than longer
# PostgreSQL: for many more ids than this, it joins a page's sales by reading all of them
# (a seq scan and a hash, 2.5 s for a big customer's 200,000 items, 1.6 s this way)
_IDS_PER_ARRAY = 5000


def ids_as_array(session: Session) -> bool:
    """Whether the database takes a page's ids as one array parameter (PostgreSQL)."""
    return session.get_bind().dialect.name == "postgresql"


def among_ids(column: SQLColumnExpression[int], array: bool) -> ColumnElement[bool]:
    """``column`` among the ids of id_parts' parameters, in a statement built once
    whatever the ids: an array on PostgreSQL (thousands of ids in a statement whose
    text is parsed once; a list of them was rendered, sent and parsed again each
    time), a list of _IDS_PER_LIST parameters on SQLite (which has no arrays): one
    text, prepared once, rather than a list SQLAlchemy renders into the statement at
    every execution."""
    if array:
        return column == any_(bindparam("ids", type_=ARRAY(Integer)))
    return column.in_([bindparam(name, type_=Integer) for name in _LIST_NAMES])


_LIST_NAMES = tuple(f"id{i}" for i in range(_IDS_PER_LIST))


def id_parts(ids: Sequence[int], array: bool) -> Iterator[dict[str, Any]]:
    """The parameters of among_ids for ``ids``, a statement's worth at a time (the last
    list filled up by repeating its last id)."""
    if array:
        for start in range(0, len(ids), _IDS_PER_ARRAY):
            yield {"ids": list(ids[start : start + _IDS_PER_ARRAY])}
        return
    size = len(_LIST_NAMES)
    for start in range(0, len(ids), size):
        part = list(ids[start : start + size])
        part += part[-1:] * (size - len(part))
        yield dict(zip(_LIST_NAMES, part, strict=True))
