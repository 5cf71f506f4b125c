"""app.tasks: work runs off the GUI thread, answers arrive on it, stale answers are dropped."""

from __future__ import annotations

import threading
import weakref

import pytest
from pytestqt.qtbot import QtBot

from app import tasks
from app.db.engine import Database
from app.tasks import TaskChannel, in_session, run_task


def fail(exc: BaseException) -> None:
    pytest.fail(f"unexpected error: {exc!r}")


def test_run_task_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.get_ident()

    run_task(work, done, fail)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["worker"] != gui
    assert seen["callback"] == gui


def test_errors_reach_on_error_on_the_gui_thread(qtbot: QtBot) -> None:
    errors: list[tuple[BaseException, int]] = []

    def work() -> None:
        raise ValueError("boom")

    run_task(work, lambda _: None, lambda exc: errors.append((exc, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0][0], ValueError)
    assert errors[0][1] == threading.get_ident()


def test_a_channel_drops_stale_answers(qtbot: QtBot) -> None:
    channel = TaskChannel()
    release = threading.Event()
    answers: list[str] = []

    def slow() -> str:
        release.wait(5)
        return "old"

    channel.run(slow, answers.append, fail)
    with qtbot.waitSignal(channel.busy_changed) as blocker:
        channel.run(lambda: "new", answers.append, fail)
    assert blocker.args == [False]
    release.set()
    assert tasks.wait_for_idle(5000)
    qtbot.wait(50)  # let a (wrongly) delivered stale answer arrive
    assert answers == ["new"]
    assert not channel.busy


def test_cancel_drops_the_answer_in_flight(qtbot: QtBot) -> None:
    channel = TaskChannel()
    answers: list[int] = []
    release = threading.Event()
    channel.run(lambda: release.wait(5) and 1, answers.append, fail)
    assert channel.busy
    channel.cancel()
    assert not channel.busy
    release.set()
    tasks.wait_for_idle(5000)
    qtbot.wait(50)
    assert answers == []


def test_in_session_opens_its_own_session_in_the_worker(qtbot: QtBot, db: Database) -> None:
    from sqlalchemy import text

    results: list[int] = []
    run_task(
        in_session(db, lambda s: s.execute(text("SELECT 7")).scalar_one()),
        results.append,
        fail,
    )
    qtbot.waitUntil(lambda: bool(results))
    assert results == [7]


def test_the_collector_sets_the_start_up_objects_aside(qtbot: QtBot) -> None:
    """What exists at start-up is frozen (a full collection no longer walks it, see
    tasks.GarbageCollector.start); collection stays on the GUI thread's timer."""
    import gc

    collector = tasks.GarbageCollector()
    collector.stop()  # the fixture's collector: start again from a clean state
    assert gc.get_freeze_count() == 0
    collector.start()
    try:
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 10_000
        garbage: list[object] = []
        garbage.append(garbage)  # a cycle made after the start is still collected
        ref = weakref.ref(_Box(garbage))
        del garbage
        collector.collect()
        for _ in range(collector.FULL_EVERY):
            collector.collect()
        assert ref() is None
    finally:
        collector.stop()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    collector.start()  # as the fixture left it


class _Box:
    def __init__(self, content: object) -> None:
        self.content = content
        self.me = self


def test_the_collector_walks_old_objects_rarely(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each second the youngest objects; those that survived them every MIDDLE_EVERY
    seconds; everything once a minute (a full collection walks every row a grid holds:
    ~100 ms with the whale's 100,000 títulos read, a hitch every ten seconds before)."""
    import gc

    asked: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    collector = tasks.GarbageCollector()
    for _ in range(120):
        collector.collect()
    assert collector.FULL_EVERY == 60 and collector.MIDDLE_EVERY == 10
    assert [i + 1 for i, g in enumerate(asked) if g == 2] == [60, 120]
    assert [i + 1 for i, g in enumerate(asked) if g == 1] == [
        t for t in range(10, 121, 10) if t % 60
    ]
    assert asked.count(0) == 120 - 12
