"""Every setting the window keeps between sessions, declared once, over QSettings.

Organisation and application names are set at start-up (app.views.app), so the
default QSettings() lands in the user's config folder; tests pass their own file.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
LAST_CUSTOMER = "history/last_customer"
LAST_SECTION = "history/last_section"
SHOW_PAST_PROGRAMACOES = "programacao/show_past"
HEADER_STATE = "grids/{name}/header"


class Settings:
    """Typed access to the window's settings."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

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
        self._store.sync()
