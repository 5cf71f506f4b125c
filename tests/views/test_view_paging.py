"""PagedRows (app.views.paging): a first page whose count comes from elsewhere waits for
it a little, so that the grid is laid out once at its true length."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db.columns import Column, Kind
from app.db.engine import Database, open_database
from app.models.base import RowTableModel
from app.views import paging
from app.views.paging import PagedRows

IDS = list(range(1, 11))  # ten rows in all; a first page of three, and one more seen
PAGE = 3


@pytest.fixture
def database(sqlite_url: str) -> Iterator[Database]:
    db = open_database(sqlite_url)
    yield db
    db.dispose()


def ids_of(session: Session) -> list[int]:
    return [
        int(i)
        for i in session.scalars(text("SELECT value FROM json_each(:ids)"), {"ids": str(IDS)})
    ]


def rows_of(session: Session, ids: Sequence[int]) -> list[Any]:
    return [
        (f"linha {i}",)
        for i in session.scalars(text("SELECT value FROM json_each(:ids)"), {"ids": str(list(ids))})
    ]


def first_uncounted(session: Session) -> tuple[list[int], int]:
    """The first page and one row more: a count of "a page and at least one"."""
    ids = ids_of(session)[: PAGE + 1]
    return ids[:PAGE], len(ids)


class Watched:
    def __init__(self, qtbot: QtBot, hold_ms: int, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(paging, "HOLD_MS", hold_ms)
        self.qtbot = qtbot
        self.model = RowTableModel([Column("t", "TEXTO", Kind.TEXT, lambda r: r[0])])
        self.rows = PagedRows(self.model, sparse=True)
        self.resets = self.inserts = self.shown = 0
        self.model.modelReset.connect(lambda: self._bump("resets"))
        self.model.rowsInserted.connect(lambda *_: self._bump("inserts"))
        self.rows.shown.connect(lambda: self._bump("shown"))

    def _bump(self, name: str) -> None:
        setattr(self, name, getattr(self, name) + 1)

    def query(self, database: Database) -> None:
        self.resets = self.inserts = self.shown = 0
        self.rows.query(database, ids_of, rows_of, first_uncounted, counted_later=True)

    def query_until_held(self, database: Database) -> None:
        """Query, and wait until the first page has arrived and waits for its count."""
        self.query(database)
        self.qtbot.waitUntil(lambda: self.rows.waiting_for_count, timeout=10_000)

    def texts(self) -> list[str]:
        return [self.model.index(r, 0).data() for r in range(PAGE)]


def test_a_first_page_waits_for_its_count_and_is_shown_once_at_its_length(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = Watched(qtbot, 60_000, monkeypatch)
    w.query_until_held(database)
    assert w.shown == 0 and w.model.rowCount() == 0  # arrived, not shown yet
    assert w.rows.busy
    w.rows.set_count(len(IDS))
    assert w.shown == 1 and w.model.rowCount() == len(IDS)
    assert (w.resets, w.inserts) == (1, 0)  # one layout, at the true length
    assert w.texts() == ["linha 1", "linha 2", "linha 3"]
    assert not w.rows.busy and not w.rows.waiting_for_count


def test_a_count_given_before_the_page_arrives_is_the_page_s(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = Watched(qtbot, 60_000, monkeypatch)
    w.query(database)
    w.rows.set_count(len(IDS))  # the figures answered first
    assert w.model.rowCount() == 0
    qtbot.waitUntil(lambda: w.shown == 1, timeout=10_000)
    assert w.model.rowCount() == len(IDS)
    assert (w.resets, w.inserts) == (1, 0)
    assert not w.rows.busy


def test_a_late_count_lets_the_page_show_first_then_adds_the_rows(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = Watched(qtbot, 30, monkeypatch)
    w.query(database)
    qtbot.waitUntil(lambda: w.shown == 1, timeout=10_000)
    assert w.model.rowCount() == PAGE + 1  # the page, and the one row known to follow
    assert w.texts() == ["linha 1", "linha 2", "linha 3"]
    assert not w.rows.busy
    w.rows.set_count(len(IDS))
    assert w.model.rowCount() == len(IDS)
    assert (w.resets, w.inserts) == (1, 1)


def test_a_new_query_forgets_the_held_page_and_its_count(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = Watched(qtbot, 60_000, monkeypatch)
    w.query_until_held(database)
    w.rows.cancel()
    assert not w.rows.waiting_for_count and not w.rows.busy
    w.rows.set_count(7)  # a count for nothing held: no grid to give it to
    assert w.model.rowCount() == 0 and w.shown == 0
    w.query_until_held(database)
    w.rows.set_count(len(IDS))
    assert w.model.rowCount() == len(IDS)
