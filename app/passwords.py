"""Passwords of PostgreSQL servers: never written by the program in plain text.

Where a connection's password comes from, first found first:

1. the URL itself (typed on the command line; the program never saves it: see
   app.config.save_db_url);
2. ``PGPASSWORD`` in the environment;
3. a password typed in "Servidor PostgreSQL" during this run (kept in memory only);
4. the system keyring (Windows Credential Manager, macOS Keychain, the Secret Service
   of GNOME/KDE) through the ``keyring`` package, when the user chose to keep it there;
5. otherwise libpq's own ``~/.pgpass`` or service file (``PGSERVICE``).

Only a keyring that encrypts is used: keyring's fail/null backends and the
``keyrings.alt`` file stores (plain text or a key kept beside the file) are refused.
"""

from __future__ import annotations

import logging
import os
import threading

from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

SERVICE = "historico-cliente"
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")

_typed: dict[str, str] = {}  # account -> password typed this run (memory only)
_lock = threading.Lock()


class PasswordError(Exception):
    """A password could not be kept (message in Portuguese)."""


def account(url: URL) -> str:
    """The keyring entry of a server's user and database: user@host:port/database."""
    host = url.host or "localhost"
    return f"{url.username or ''}@{host}:{url.port or 5432}/{url.database or ''}"


def _secure_keyring() -> object | None:
    """The system keyring when it is one that encrypts, else None."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring set-up is no keyring
        log.warning("system keyring unavailable", exc_info=True)
        return None
    backends = list(backend.backends) if isinstance(backend, ChainerBackend) else [backend]
    secure = [b for b in backends if not type(b).__module__.startswith(_INSECURE_MODULES)]
    if not secure or any(type(b).__module__.startswith(_INSECURE_MODULES) for b in backends):
        return None
    return backend


def keyring_available() -> bool:
    return _secure_keyring() is not None


def remember_for_this_run(url: URL, password: str) -> None:
    """Use ``password`` for this server until the program ends (never written)."""
    with _lock:
        _typed[account(url)] = password


def store_password(url: URL, password: str) -> None:
    """Keep ``password`` in the system keyring (raises PasswordError when there is none)."""
    backend = _secure_keyring()
    if backend is None:
        raise PasswordError(
            "não há um chaveiro seguro do sistema disponível; "
            "use a variável PGPASSWORD ou o arquivo ~/.pgpass"
        )
    try:
        backend.set_password(SERVICE, account(url), password)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - the backend's own errors vary
        reason = type(exc).__name__
        raise PasswordError(f"o chaveiro do sistema recusou a senha: {reason}") from None


def forget_password(url: URL) -> None:
    """Remove the server's password from this run and from the keyring."""
    with _lock:
        _typed.pop(account(url), None)
    backend = _secure_keyring()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, account(url))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - nothing stored is fine
        log.debug("no keyring entry to delete")


def password_for(url: URL) -> str | None:
    """The password to give the driver for ``url``; None: let libpq look (.pgpass)."""
    if url.password is not None or os.environ.get("PGPASSWORD"):
        return None  # the driver gets those itself
    with _lock:
        typed = _typed.get(account(url))
    if typed is not None:
        return typed
    backend = _secure_keyring()
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE, account(url))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a locked or broken keyring: libpq may still find one
        log.warning("could not read the system keyring", exc_info=True)
        return None
    return str(stored) if stored is not None else None
