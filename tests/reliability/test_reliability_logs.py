"""An unexpected exception: one line for the user, the full trace in the log file.

The failure is injected into a real ``main.py`` process (a tiny launcher replaces
``app.db.clientes.get_by_code`` with a function that raises, its message holding a
CPF). The trace must reach the rotating log file in the user's log folder with every
CPF masked (``***.456.789-**``), the log file and folder must be the owner's only,
and stderr must show one line. Also: the embedded database is created readable by
its owner only, and a log or config folder that cannot be created costs nothing but
the log.
"""

from __future__ import annotations

import logging
import stat
import subprocess
import sys
from pathlib import Path

from tests.reliability.reliability_support import GOOD_IMPORT, MAIN, ROOT, cli_env, record

CPF = "529.982.247-25"
LAUNCHER = """
import runpy, sys
import app.db.clientes as clientes

def boom(*args, **kwargs):
    raise RuntimeError("falha ao ler o cliente de CPF {cpf} ({digits})")

clientes.get_by_code = boom
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path({main!r}, run_name="__main__")
"""


def _home(tmp_path: Path) -> dict[str, str]:
    return {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }


def _run(
    env: dict[str, str], *args: str, code: str | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, str(MAIN), *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=cli_env(env), cwd=ROOT
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_unexpected_error_is_one_line_and_a_masked_trace_in_the_log(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = _home(tmp_path)
    launcher = LAUNCHER.format(
        cpf=CPF, digits=CPF.replace(".", "").replace("-", ""), main=str(MAIN)
    )
    result = _run(env, "summary", "--customer", "C1", "--db", sqlite_url, code=launcher)
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [
        "erro inesperado (RuntimeError); detalhes no registro do programa"
    ]
    assert "Traceback" not in result.stderr and CPF not in result.stderr
    log_dir = tmp_path / "state" / "historico-cliente" / "log"
    log = log_dir / "historico.log"
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError" in text
    assert "in boom" in text  # the whole trace, down to the failing function
    assert "***.982.247-**" in text
    assert CPF not in text and "52998224725" not in text
    assert _mode(log) == 0o600
    assert _mode(log_dir) == 0o700
    record("logs", "exceção inesperada num comando (CPF na mensagem)", 1, "-", "1 linha; log 0600")


def test_rotated_log_files_stay_private(tmp_path: Path) -> None:
    """After the 2 MB rollover the new log file is the owner's only too."""
    code = (
        "import logging\n"
        "from app.logs import setup_logging\n"
        "setup_logging()\n"
        "for i in range(9000):\n"
        "    logging.getLogger('x').info('linha %d %s', i, 'x' * 300)\n"
    )
    result = _run(_home(tmp_path), code=code)
    assert result.returncode == 0, result.stderr
    log_dir = tmp_path / "state" / "historico-cliente" / "log"
    files = sorted(log_dir.iterdir())
    assert [p.name for p in files] == ["historico.log", "historico.log.1"]
    assert {p.name: _mode(p) for p in files} == dict.fromkeys(
        ("historico.log", "historico.log.1"), 0o600
    )


def test_the_embedded_database_is_created_for_its_owner_only(tmp_path: Path) -> None:
    env = _home(tmp_path)
    result = _run(env, "import", str(GOOD_IMPORT))  # no --db: the embedded file
    assert result.returncode == 0, result.stderr
    data_dir = tmp_path / "data" / "historico-cliente"
    database = data_dir / "historico.db"
    assert _mode(database) == 0o600
    assert _mode(data_dir) == 0o700
    assert all(_mode(p) & 0o077 == 0 for p in data_dir.iterdir()), list(data_dir.iterdir())
    record("arquivos", "banco embutido e pasta criados só para o dono", 1, "-", "0600 / 0700")


def test_unusable_log_and_config_folders_cost_only_the_log(tmp_path: Path, sqlite_url: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    env = _home(tmp_path)
    env["XDG_STATE_HOME"] = str(blocker / "state")  # under a file: cannot be created
    env["XDG_CONFIG_HOME"] = str(blocker / "config")
    result = _run(env, "summary", "--customer", "C1", "--db", sqlite_url)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip() == "erro: cliente não encontrado: C1"
    assert result.returncode == 1
    record("logs", "pasta de log e de configuração impossíveis de criar", 1, "-", "sem trace")


def test_the_masking_formatter_masks_every_cpf_form() -> None:
    from app.logs import MaskingFormatter

    formatter = MaskingFormatter("%(message)s")
    for cpf in ("529.982.247-25", "52998224725", "529982247-25"):
        record_ = logging.LogRecord("x", logging.ERROR, __file__, 1, f"cpf {cpf}!", None, None)
        assert formatter.format(record_) == "cpf ***.982.247-**!"
