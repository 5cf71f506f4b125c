"""An in-memory system keyring for the tests of app/passwords.py (the machines that
run the tests have no Secret Service), and an insecure one that must be refused."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from app import passwords


class MemoryKeyring(KeyringBackend):
    """A keyring kept in memory (stands for the Secret Service / Credential Manager)."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


PlainTextKeyring = type("PlainTextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        passwords._typed.clear()
