"""Shared fixtures: isolated user folders, real SQLite files and a real PostgreSQL server.

`db` / `db_url` are parametrised over both databases. PostgreSQL is the server on
127.0.0.1:5432 (user postgres, trust auth): every test gets a fresh database cloned
from a migrated template. Under CI=true a missing server fails the tests; elsewhere
they skip with a message saying how to enable them.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt or platformdirs: offscreen Qt, and user folders of our own.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="historico-tests-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = str(_HOME / _var.lower())
os.environ.pop("HISTORICO_DB_URL", None)

from sqlalchemy import create_engine, text  # noqa: E402

from app.db.engine import Database, open_database  # noqa: E402
from tests.keyring_support import memory_keyring  # noqa: E402, F401 (a fixture for every test)

PG_HOST = os.environ.get("HISTORICO_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
IN_CI = os.environ.get("CI", "").lower() == "true"
_TEMPLATE = f"hc_template_{os.getpid()}"


def _admin_engine():
    return create_engine(
        f"{PG_HOST}/test".replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated, empty PostgreSQL database used as the template of each test's database."""
    try:
        admin = _admin_engine()
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        message = (
            f"PostgreSQL not reachable at {PG_HOST} ({type(exc).__name__}); start it with "
            "'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' "
            "or set HISTORICO_TEST_PG"
        )
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE}"'))
        conn.execute(text(f'CREATE DATABASE "{_TEMPLATE}"'))
    database = open_database(f"{PG_HOST}/{_TEMPLATE}", auto_upgrade=True)
    database.dispose()
    yield _TEMPLATE
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(pg_template: str) -> Iterator[str]:
    """URL of a fresh, migrated PostgreSQL database, dropped after the test."""
    name = f"hc_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    yield f"{PG_HOST}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh, migrated SQLite file."""
    url = f"sqlite:///{tmp_path / 'historico.db'}"
    open_database(url, create=True).dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, migrated database of each kind."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()
