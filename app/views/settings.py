"""Every setting the window keeps between sessions, declared once, over QSettings.

Organisation and application names are set at start-up (app.views.app), so the
default QSettings() lands in the user's config folder; tests pass their own file.

QSettings writes its file at the next turn of the event loop after a change: on the
GUI thread, 3-6 ms of file work in the middle of opening a customer (the last
customer is remembered) or switching section. The writes are held back WRITE_DELAY_MS
instead, when the clerk is reading what opened, one write for every change meanwhile;
closing the window writes at once (MainWindow.save_state), as does QSettings' own
destructor at exit.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QTimer

GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
LAST_CUSTOMER = "history/last_customer"
LAST_SECTION = "history/last_section"
SHOW_PAST_PROGRAMACOES = "programacao/show_past"
HEADER_STATE = "grids/{name}/header"

WRITE_DELAY_MS = 2000


class _LaterWrite(QObject):
    """Holds back QSettings' own write after a change (its UpdateRequest to itself) and
    writes WRITE_DELAY_MS later."""

    def __init__(self, store: QSettings) -> None:
        super().__init__(store)
        self._store = store
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(WRITE_DELAY_MS)
        self._timer.timeout.connect(store.sync)
        store.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._store and event.type() == QEvent.Type.UpdateRequest:
            if not self._timer.isActive():
                self._timer.start()
            return True
        return False

    def cancel(self) -> None:
        self._timer.stop()


class Settings:
    """Typed access to the window's settings."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()
        self._later = _LaterWrite(self._store)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes(GEOMETRY)

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue(GEOMETRY, value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes(WINDOW_STATE)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue(WINDOW_STATE, value)

    @property
    def last_customer(self) -> str | None:
        value = self._store.value(LAST_CUSTOMER)
        return str(value) if value else None

    @last_customer.setter
    def last_customer(self, code: str | None) -> None:
        self._store.setValue(LAST_CUSTOMER, code or "")

    @property
    def last_section(self) -> str | None:
        value = self._store.value(LAST_SECTION)
        return str(value) if value else None

    @last_section.setter
    def last_section(self, key: str) -> None:
        self._store.setValue(LAST_SECTION, key)

    @property
    def show_past_programacoes(self) -> bool:
        return str(self._store.value(SHOW_PAST_PROGRAMACOES, "false")).lower() == "true"

    @show_past_programacoes.setter
    def show_past_programacoes(self, value: bool) -> None:
        self._store.setValue(SHOW_PAST_PROGRAMACOES, "true" if value else "false")

    def header_state(self, grid: str) -> QByteArray | None:
        return self._bytes(HEADER_STATE.format(name=grid))

    def set_header_state(self, grid: str, state: QByteArray) -> None:
        self._store.setValue(HEADER_STATE.format(name=grid), state)

    def sync(self) -> None:
        """Write every change now."""
        self._later.cancel()
        self._store.sync()
