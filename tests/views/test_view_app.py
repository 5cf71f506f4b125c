"""Starting the window: opening the database off the GUI thread, what happens when it
fails, demo data in an empty embedded database, and the last-resort error dialog."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from history_data import TODAY, History
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.db.engine import Database
from app.domain.titulos import Status
from app.views import app as app_module
from app.views.app import DatabaseOpener, describe, run_window
from app.views.main_window import MainWindow, StartView
from app.views.settings import Settings


@pytest.fixture
def bare_window(qtbot: QtBot, settings: Settings) -> MainWindow:
    window = MainWindow(settings=settings, start=StartView(as_of=TODAY))
    qtbot.addWidget(window)
    return window


def test_describe_never_shows_a_password() -> None:
    shown = describe("postgresql://ana:segredo@srv/base")
    assert "segredo" not in shown and shown.endswith("ana:***@srv/base")
    assert describe("sqlite:////tmp/x.db") == "SQLite /tmp/x.db"


def test_opener_opens_off_the_gui_thread(
    qtbot: QtBot,
    bare_window: MainWindow,
    sqlite_url: str,
) -> None:
    opener = DatabaseOpener(bare_window, cli_url=sqlite_url)
    with qtbot.waitSignal(opener.opened, timeout=10_000):
        opener.start()
    assert bare_window.database is not None
    assert bare_window.db_label.text().startswith("Banco: SQLite")
    bare_window.database.dispose()


def test_a_database_that_fails_offers_another(
    qtbot: QtBot,
    bare_window: MainWindow,
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved: list[str] = []
    monkeypatch.setattr(app_module, "save_db_url", saved.append)
    opener = DatabaseOpener(bare_window, cli_url=f"sqlite:///{tmp_path}/missing/x.db")
    asked: list[str] = []

    def ask(message: str) -> str:
        asked.append(message)
        return "file"

    monkeypatch.setattr(opener, "ask", ask)
    monkeypatch.setattr(DatabaseOpener, "_choose_file", staticmethod(lambda _parent: sqlite_url))
    with qtbot.waitSignal(opener.opened, timeout=10_000):
        opener.start()
    assert "não encontrado" in asked[0]
    assert saved == [sqlite_url]
    assert bare_window.database is not None
    assert not bare_window.banner.isVisibleTo(bare_window)
    bare_window.database.dispose()


def test_quitting_after_a_failure_closes_the_window(
    qtbot: QtBot,
    bare_window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bare_window.show()
    opener = DatabaseOpener(bare_window, cli_url=f"sqlite:///{tmp_path}/nope.db")
    monkeypatch.setattr(opener, "ask", lambda _message: "quit")
    opener.start()
    qtbot.waitUntil(lambda: not bare_window.isVisible(), timeout=10_000)
    assert "arquivo de banco de dados não encontrado" in bare_window.banner.message.text()


def test_an_empty_embedded_database_gets_demo_data(
    qtbot: QtBot,
    bare_window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app_module, "DEMO_CUSTOMERS", 3)
    opener = DatabaseOpener(bare_window, cli_url=None)
    opener.url, opener.embedded = f"sqlite:///{tmp_path / 'embedded.db'}", True
    with qtbot.waitSignal(opener.opened, timeout=60_000):
        opener.start()
    database = bare_window.database
    assert database is not None
    from app.db import clientes

    with database.session() as session:
        assert clientes.has_customers(session)
        assert clientes.get_by_code(session, "C000001").nome
    database.dispose()


def test_excepthook_logs_and_shows_a_short_masked_message(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    with caplog.at_level(logging.ERROR):
        try:
            raise RuntimeError("falhou para 529.982.247-25")
        except RuntimeError as exc:
            app_module._excepthook(RuntimeError, exc, exc.__traceback__)
    assert "RuntimeError" in shown[0]
    assert "529.982.247-25" not in shown[0]
    assert "Traceback" not in shown[0]
    assert any(r.exc_info for r in caplog.records)


def test_run_window_opens_the_customer_and_exits_cleanly(
    qtbot: QtBot,
    db_url: str,
    db: Database,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(
        app_module,
        "Settings",
        lambda: Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)),
    )
    seen: dict[str, object] = {}

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                if widget.context is not None:
                    seen["customer"] = widget.context.cliente.codigo
                    seen["section"] = widget.current_page().key
                    widget.close()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    QTimer.singleShot(30_000, QApplication.quit)
    args = argparse.Namespace(
        db=db_url, as_of=TODAY, customer="T0001", section="venda", lang=None, command=None
    )
    code = run_window(args)
    timer.stop()
    assert code == 0
    assert seen == {"customer": "T0001", "section": "venda"}


def test_english_translation(qtbot: QtBot, settings: Settings) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from app.views.resources import translations_dir

    translator = QTranslator()
    assert translator.load(str(translations_dir() / "historico_en.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        window = MainWindow(settings=settings)
        qtbot.addWidget(window)
        assert window.nav.item(0).text() == "Financial"
        assert window.empty.title.text() == "Search for a customer to see the history"
        page = window.financeiro
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "COMPANY"
        assert page.status_buttons[Status.VENCIDO].text() == "Overdue (0)"
    finally:
        QCoreApplication.removeTranslator(translator)


@pytest.mark.postgres
def test_another_database_from_the_file_menu(
    qtbot: QtBot,
    bare_window: MainWindow,
    sqlite_url: str,
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Arquivo > Conectar a servidor PostgreSQL…: the server's URL (never a password) is
    opened off the GUI thread and saved; the history of the other database is closed."""
    from app.db.demo import generate
    from app.db.engine import open_database
    from app.views.server_dialog import ServerDialog

    seeded = open_database(sqlite_url, create=True)
    generate(seeded, customers=3, reference=TODAY)
    seeded.dispose()
    saved: list[str] = []
    monkeypatch.setattr(app_module, "save_db_url", saved.append)
    opener = DatabaseOpener(bare_window, cli_url=sqlite_url)
    with qtbot.waitSignal(opener.opened, timeout=10_000):
        opener.start()
    first = bare_window.database
    assert first is not None
    with qtbot.waitSignal(bare_window.customer_loaded, timeout=10_000):
        bare_window.open_customer("C000001")
    assert bare_window.context is not None and bare_window.outer.currentIndex() == 1

    asked: list[str | None] = []

    def ask(_parent: object, current: str | None = None) -> str | None:
        asked.append(current)
        return None  # cancelled: nothing changes

    monkeypatch.setattr(ServerDialog, "ask", staticmethod(ask))
    [action] = [a for a in bare_window.actions() if a.text().startswith("Conectar a &servidor")]
    action.trigger()
    assert asked == [sqlite_url] and bare_window.database is first
    assert bare_window.context is not None

    monkeypatch.setattr(ServerDialog, "ask", staticmethod(lambda _parent, _current=None: pg_url))
    with qtbot.waitSignal(opener.opened, timeout=10_000):
        action.trigger()
    assert bare_window.database is not first and bare_window.database is not None
    assert bare_window.database.dialect == "postgresql"
    assert saved == [pg_url]
    assert bare_window.context is None and bare_window.outer.currentIndex() == 0
    assert bare_window.financeiro.model.rowCount() == 0
    assert bare_window.db_label.text().startswith("Banco: postgresql")
    bare_window.database.dispose()


def test_the_application_hands_the_gil_over_in_a_millisecond(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GUI thread paints a grid calling into Python per cell: a worker holding the
    GIL must hand it over after 1 ms, not Python's default 5 ms."""
    from app import tasks

    monkeypatch.setattr(app_module, "_install_translators", lambda _app, _lang: None)
    monkeypatch.setattr(qapp, "setStyle", lambda _style: None)
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        assert app_module.make_application() is qapp
        assert sys.getswitchinterval() == pytest.approx(tasks.SWITCH_INTERVAL_S)
        assert tasks.SWITCH_INTERVAL_S <= 0.001
    finally:
        sys.setswitchinterval(before)


BIG_FILLS = """
import os, sys
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
if sys.argv[1] == "ours":
    from app.views.app import make_application
    app = make_application("pt")
else:
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
before = len(os.listdir("/proc/self/task"))
image = QImage(1600, 1200, QImage.Format.Format_ARGB32_Premultiplied)
painter = QPainter(image)
painter.setBrush(QColor(10, 20, 30, 128))
painter.drawRect(QRect(10, 10, 1500, 1100))
painter.end()
print(len(os.listdir("/proc/self/task")) - before)
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="Qt splits a fill only with two cores")
def test_big_fills_are_painted_on_the_gui_thread() -> None:
    """Qt's raster engine would hand a big fill to threads of its own and wait for
    them (a stall with the cores busy); the application keeps fills on the GUI thread.
    The same fill in a bare QApplication starts Qt's threads: the check can fail."""
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    repo = Path(__file__).resolve().parents[2]

    def new_threads(kind: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", BIG_FILLS, kind],
            capture_output=True,
            text=True,
            cwd=repo,
            env=env,
            timeout=60,
            check=True,
        )
        return int(done.stdout.strip().splitlines()[-1])

    assert new_threads("bare") > 0
    assert new_threads("ours") == 0
