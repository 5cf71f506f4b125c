"""A finished task keeps no reference to its callbacks in the worker thread.

A callback is often a bound method of a dialog; had the worker held the last reference
to it, the dialog would be deleted in the worker thread, leaving its timers registered
in the GUI thread: a segmentation fault the next time they fire. So the job hands every
reference over to the GUI thread, which drops them there.
"""

from __future__ import annotations

import threading
import weakref

import pytest
from pytestqt.qtbot import QtBot

from app import tasks


class Owner:
    """Stands for a dialog whose bound methods are the callbacks."""

    def __init__(self) -> None:
        self.answers: list[object] = []

    def done(self, value: object) -> None:
        self.answers.append(value)

    def failed(self, exc: BaseException) -> None:
        self.answers.append(exc)


def run_job_here(owner: Owner, *, fail: bool) -> tasks._Job:
    def work() -> int:
        if fail:
            raise ValueError("boom")
        return 7

    dispatcher, _pool = tasks._setup()
    job = tasks._Job(work, owner.done, owner.failed, dispatcher)
    worker = threading.Thread(target=job.run)  # as the pool would; the answer is queued
    worker.start()
    worker.join()
    return job


@pytest.mark.parametrize("fail", [False, True], ids=["done", "failed"])
def test_the_job_keeps_no_reference_to_the_callbacks(qtbot: QtBot, fail: bool) -> None:
    owner = Owner()
    answers = owner.answers
    alive = weakref.ref(owner)
    job = run_job_here(owner, fail=fail)
    del owner
    qtbot.waitUntil(lambda: answers != [])  # delivered on the GUI thread
    assert alive() is None  # released there, though the job itself still exists
    assert job is not None
    if fail:
        assert isinstance(answers[0], ValueError)
    else:
        assert answers == [7]
