"""Where the program keeps its files, and which database it uses.

Settings that the command line also needs (the chosen database) live in a small
INI file in the user's config directory, so that nothing below the views imports Qt.
A saved server URL never holds a password: PostgreSQL takes it from PGPASSWORD,
~/.pgpass or a service file, as libpq always does.
"""

from __future__ import annotations

import configparser
import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_log_path
from sqlalchemy.engine import make_url

APP_NAME = "historico-cliente"
APP_AUTHOR = "HistoricoCliente"
ENV_DB_URL = "HISTORICO_DB_URL"


def data_dir() -> Path:
    return _private_dir(user_data_path(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return _private_dir(user_log_path(APP_NAME, APP_AUTHOR))


def config_file() -> Path:
    return _private_dir(user_config_path(APP_NAME, APP_AUTHOR)) / "config.ini"


def default_db_path() -> Path:
    return data_dir() / "historico.db"


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def saved_db_url() -> str | None:
    parser = configparser.ConfigParser(interpolation=None)
    # read without creating the folder: an unusable config folder means "no setting"
    parser.read(user_config_path(APP_NAME, APP_AUTHOR) / "config.ini", encoding="utf-8")
    return parser.get("database", "url", fallback=None) or None


def save_db_url(url: str) -> None:
    """Remember the database for next time, without its password."""
    parsed = make_url(url)
    # URL.set(password=None) keeps the password (None means "unchanged"): rebuild it
    safe = parsed._replace(password=None).render_as_string(hide_password=False)
    parser = configparser.ConfigParser(interpolation=None)
    parser["database"] = {"url": safe}
    path = config_file()
    with open(path, "w", encoding="utf-8") as handle:
        parser.write(handle)
    path.chmod(0o600)


def resolve_db_url(cli_url: str | None) -> tuple[str, bool]:
    """The database to use and whether it is the embedded default.

    Order: --db, then $HISTORICO_DB_URL, then the saved setting, then the embedded file.
    """
    for url in (cli_url, os.environ.get(ENV_DB_URL), saved_db_url()):
        if url:
            return url, False
    return f"sqlite:///{default_db_path()}", True
