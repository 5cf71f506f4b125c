"""Fixtures of the window tests: a database with a small history, settings in a
temporary file, and the main window over them."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from history_data import TODAY, History, MakeWindow, build
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import tasks
from app.db.engine import Database
from app.views.main_window import MainWindow, StartView
from app.views.settings import Settings


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As the application does (tasks.GarbageCollector): no collection in worker threads."""
    collector = tasks.GarbageCollector()
    collector.start()
    yield
    tasks.wait_for_idle()
    collector.stop()
    gc.collect()


@pytest.fixture
def history(db: Database) -> History:
    return build(db)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot: QtBot, db: Database, settings: Settings) -> Iterator[MakeWindow]:
    def make(start: StartView | None = None) -> MainWindow:
        window = MainWindow(settings=settings, start=start or StartView(as_of=TODAY))
        qtbot.addWidget(window)
        window.set_database(db, "teste")
        window.show()
        return window

    yield make
    tasks.wait_for_idle()


@pytest.fixture
def window(make_window: MakeWindow, history: History) -> MainWindow:
    return make_window()
