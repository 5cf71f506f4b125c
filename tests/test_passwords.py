"""PostgreSQL passwords: from the URL, PGPASSWORD, this run or a secure system keyring,
never written by the program (app/passwords.py), and the driver really gets them."""

from __future__ import annotations

from typing import Any

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

from app import passwords
from app.db.engine import open_database
from tests.keyring_support import MemoryKeyring, PlainTextKeyring

SERVER = make_url("postgresql+psycopg://clerk@db.example:5433/erp")


def test_account_names_user_server_and_database() -> None:
    assert passwords.account(SERVER) == "clerk@db.example:5433/erp"
    assert passwords.account(make_url("postgresql://u@h/d")) == "u@h:5432/d"


def test_where_the_password_comes_from(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert passwords.password_for(SERVER) is None  # nothing anywhere: libpq's .pgpass
    passwords.store_password(SERVER, "from-keyring")
    assert memory_keyring.entries == {
        ("historico-cliente", "clerk@db.example:5433/erp"): "from-keyring"
    }
    assert passwords.password_for(SERVER) == "from-keyring"
    passwords.remember_for_this_run(SERVER, "typed")
    assert passwords.password_for(SERVER) == "typed"  # typed this run wins over the keyring
    monkeypatch.setenv("PGPASSWORD", "env")
    assert passwords.password_for(SERVER) is None  # libpq reads PGPASSWORD itself
    monkeypatch.delenv("PGPASSWORD")
    assert passwords.password_for(SERVER.set(password="in-url")) is None  # in the URL
    passwords.forget_password(SERVER)
    assert passwords.password_for(SERVER) is None
    assert memory_keyring.entries == {}


@pytest.mark.parametrize("backend", [fail.Keyring(), PlainTextKeyring()])
def test_an_insecure_keyring_is_never_used(backend: Any, memory_keyring: MemoryKeyring) -> None:
    keyring.set_keyring(backend)
    assert not passwords.keyring_available()
    with pytest.raises(passwords.PasswordError, match="não há um chaveiro seguro"):
        passwords.store_password(SERVER, "secret")
    if isinstance(backend, MemoryKeyring):
        backend.entries[("historico-cliente", passwords.account(SERVER))] = "plain"
        assert backend.entries and passwords.password_for(SERVER) is None
        assert len(backend.entries) == 1  # nothing written by store_password


@pytest.mark.postgres
def test_the_driver_gets_the_keyring_password(pg_url: str, memory_keyring: MemoryKeyring) -> None:
    """Against the real server: the connection is made with the keyring's password, and
    neither the engine's URL nor the saved setting holds it."""
    url = make_url(pg_url)
    passwords.store_password(url, "s3cr3t-from-keyring")
    seen: list[dict[str, Any]] = []

    def capture(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        seen.append(dict(cparams))

    event.listen(Engine, "do_connect", capture)
    try:
        database = open_database(pg_url)
        database.ping()
    finally:
        event.remove(Engine, "do_connect", capture)
    try:
        assert seen and all(c.get("password") == "s3cr3t-from-keyring" for c in seen)
        assert "s3cr3t" not in database.engine.url.render_as_string(hide_password=False)
    finally:
        database.dispose()
