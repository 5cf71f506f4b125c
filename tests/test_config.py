"""Which database the program uses, and that a saved choice never holds a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import config


def test_choice_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.ENV_DB_URL, raising=False)
    url, embedded = config.resolve_db_url(None)
    assert embedded and url == f"sqlite:///{config.default_db_path()}"
    config.save_db_url("postgresql://ana@servidor/erp")
    assert config.resolve_db_url(None) == ("postgresql://ana@servidor/erp", False)
    monkeypatch.setenv(config.ENV_DB_URL, "sqlite:////tmp/env.db")
    assert config.resolve_db_url(None) == ("sqlite:////tmp/env.db", False)
    assert config.resolve_db_url("sqlite:////tmp/cli.db") == ("sqlite:////tmp/cli.db", False)
    config.config_file().unlink()


def test_saved_url_never_holds_the_password() -> None:
    config.save_db_url("postgresql://ana:segredo123@servidor:5432/erp")
    text = Path(config.config_file()).read_text(encoding="utf-8")
    assert "segredo123" not in text
    assert config.saved_db_url() == "postgresql://ana@servidor:5432/erp"
    assert config.config_file().stat().st_mode & 0o077 == 0
    config.config_file().unlink()
