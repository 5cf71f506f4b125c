"""The window while the PostgreSQL server refuses and drops its connections (issue #6).

The test database is closed to new connections (ALTER DATABASE … ALLOW_CONNECTIONS
false) and every connection of the program is killed (pg_terminate_backend): the real
server's own errors reach the program. The window must show the banner, keep the rows
it has, keep its event loop running (a heartbeat timer measures the longest gap), and
reload by itself once the database accepts connections again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from history_data import Heartbeat, History, MakeWindow, idle, open_customer
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.views.main_window import RECONNECT_MS

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


@pytest.fixture
def server(db_url: str) -> Iterator[tuple[object, str]]:
    url = make_url(db_url)
    admin = create_engine(
        url.set(drivername="postgresql+psycopg", database="test"), isolation_level="AUTOCOMMIT"
    )
    name = url.database
    assert name is not None
    yield admin, name
    with admin.connect() as conn:  # open again whatever happened
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    admin.dispose()


def _cut(admin: object, name: str) -> int:
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        ).scalar()
    return int(killed or 0)


def _restore(admin: object, name: str) -> None:
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))


def test_banner_keeps_the_rows_and_recovers_by_itself(
    qtbot: QtBot,
    make_window: MakeWindow,
    history: History,
    server: tuple[object, str],
) -> None:
    admin, name = server
    window = make_window()
    open_customer(qtbot, window, "T0001")
    page = window.financeiro
    shown = [page.model.row_at(i).id for i in range(page.model.rowCount())]
    assert shown
    heartbeat = Heartbeat()

    assert _cut(admin, name) >= 1  # the window's pooled connections were there, now killed
    window.reload()  # F5 while the server refuses
    qtbot.waitUntil(lambda: window.banner.isVisibleTo(window), timeout=20_000)
    assert "banco de dados" in window.banner.message.text()
    assert "tentando reconectar" in window.banner.message.text()
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == shown
    qtbot.wait(RECONNECT_MS * 2)  # a probe or two fail: still the banner, still the rows
    assert window.banner.isVisibleTo(window)
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == shown

    _restore(admin, name)
    qtbot.waitUntil(lambda: not window.banner.isVisibleTo(window), timeout=20_000)
    qtbot.waitUntil(lambda: idle(window), timeout=20_000)
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == shown
    heartbeat.timer.stop()
    assert heartbeat.busiest_ms < 100, f"the GUI thread worked {heartbeat.busiest_ms:.0f} ms"
    assert heartbeat.longest_ms < 1000, f"the GUI thread waited {heartbeat.longest_ms:.0f} ms"


def test_connections_killed_while_idle_are_replaced_without_a_banner(
    qtbot: QtBot,
    make_window: MakeWindow,
    history: History,
    server: tuple[object, str],
) -> None:
    admin, name = server
    window = make_window()
    open_customer(qtbot, window, "T0001")
    assert _cut(admin, name) >= 1
    _restore(admin, name)  # the server is back at once: only the pooled connections died
    open_customer(qtbot, window, "T0002")
    assert not window.banner.isVisibleTo(window)
    assert window.customer_bar.name_label.text() == "Maria Souza"
