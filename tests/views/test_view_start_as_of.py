"""The "Posição em" date given at start-up (--as-of) is not a change: opening the window
with it must not reload the customer a second time a moment later (which also dropped
the grids' selection under the user's hands)."""

from __future__ import annotations

from history_data import TODAY, History, MakeWindow, open_customer
from pytestqt.qtbot import QtBot

from app.views.customer_bar import AS_OF_DELAY_MS
from app.views.main_window import StartView


def test_the_start_date_does_not_reload_the_customer_again(
    qtbot: QtBot, make_window: MakeWindow, history: History
) -> None:
    window = make_window(StartView(as_of=TODAY))
    assert window.as_of() == TODAY
    open_customer(qtbot, window, "T0001")
    with qtbot.assertNotEmitted(window.customer_loaded, wait=AS_OF_DELAY_MS * 2):
        pass
    # a date the user chooses still reloads (after the typing settles)
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        window.customer_bar.set_as_of(TODAY.replace(day=1))
