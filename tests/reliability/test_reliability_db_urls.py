"""`--db` URLs that cannot be used: one clear line on stderr, exit 2, never a trace.

For each bad database (malformed URL, missing file or folder, a folder, a file that is
not SQLite, corrupt SQLite files, a read-only file, a newer schema, PostgreSQL servers
that refuse) the commands `summary`, `export`, `import` and `demo` are run as a user
runs them. Corruption is checked both ways: garbage right after a valid header (found
when the file is opened) and garbage in the pages after the first (found at the first
query).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.db.engine import open_database
from app.db.importer import import_folder
from tests.reliability.reliability_support import (
    GOOD_IMPORT,
    assert_one_clear_line,
    fast_cli,
    record,
    run_cli,
)

COMMANDS = ("summary", "export", "import", "demo")
NOT_FOUND = "arquivo de banco de dados não encontrado"
CORRUPT = "o arquivo de banco de dados está corrompido ou não é SQLite"
READ_ONLY = "somente para leitura"
NEWER = "o banco de dados foi criado por uma versão mais nova do programa"


def command(name: str, url: str, out: Path) -> list[str]:
    args = {
        "summary": ["summary", "--customer", "C1"],
        "export": ["export", "financeiro", "--customer", "C1", "--format", "csv"]
        + ["--out", str(out)],
        "import": ["import", str(GOOD_IMPORT)],
        "demo": ["demo", "--customers", "3"],
    }[name]
    return [*args, "--db", url]


@dataclass
class Bad:
    """A database URL and the line fragment each command must print (exit 2)."""

    name: str
    url: str
    expected: dict[str, str]

    @classmethod
    def same(cls, name: str, url: str, fragment: str) -> Bad:
        return cls(name, url, dict.fromkeys(COMMANDS, fragment))


def check(bad: list[Bad], tmp_path: Path) -> int:
    """Run every command on every URL; returns how many were run.

    The commands run in processes forked from a server that imported the program
    (reliability_support.fast_cli); the first of each call also runs as a new
    ``python main.py`` to show that both give the same output.
    """
    jobs = [
        (b, name, tmp_path / f"out-{i}-{name}.csv")
        for i, b in enumerate(bad)
        for name in COMMANDS
        if name in b.expected
    ]
    results = [fast_cli(*command(name, b.url, out)) for b, name, out in jobs]
    b, name, out = jobs[0]
    real = run_cli(*command(name, b.url, out))
    assert (real.returncode, real.stderr) == (results[0].returncode, results[0].stderr)
    for (b, name, out), result in zip(jobs, results, strict=True):
        try:
            line = assert_one_clear_line(result, code=2)
        except AssertionError as exc:
            raise AssertionError(f"{b.name} / {name}: {exc}") from None
        assert b.expected[name] in line, (b.name, name, line)
        assert not out.exists(), (b.name, "export left a file")
    return len(jobs)


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the good example import, its WAL folded in."""
    path = tmp_path_factory.mktemp("urls") / "data.db"
    db = open_database(f"sqlite:///{path}", create=True)
    import_folder(db, GOOD_IMPORT)
    db.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _garbage(source: Path, target: Path, *, keep: int, seed: int) -> Path:
    data = bytearray(source.read_bytes())
    rng = random.Random(seed)
    data[keep:] = bytes(rng.randrange(256) for _ in range(len(data) - keep))
    target.write_bytes(bytes(data))
    return target


def test_malformed_and_missing(tmp_path: Path) -> None:
    (tmp_path / "folder.db").mkdir()
    (tmp_path / "notes.db").write_text("isto não é um banco de dados\n", encoding="utf-8")
    (tmp_path / "image.db").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    bad = [
        Bad.same("texto qualquer", "isto-nao-e-um-endereco", "endereço de banco de dados inválido"),
        Bad.same("só o esquema", "://", "endereço de banco de dados inválido"),
        Bad.same(
            "porta que não é número",
            "postgresql://u@127.0.0.1:porta/x",
            "endereço de banco de dados inválido",
        ),
        Bad.same("banco não suportado", "mysql://u@localhost/x", "banco de dados não suportado"),
        Bad(
            "pasta inexistente",
            "sqlite:////nao/existe/historico.db",
            {
                "summary": NOT_FOUND,
                "export": NOT_FOUND,
                "import": "a pasta do banco de dados não existe",
                "demo": "a pasta do banco de dados não existe",
            },
        ),
        Bad(
            "arquivo inexistente",
            f"sqlite:///{tmp_path / 'faltando.db'}",
            {"summary": NOT_FOUND, "export": NOT_FOUND},  # import and demo create it
        ),
        Bad.same("uma pasta", f"sqlite:///{tmp_path / 'folder.db'}", "é uma pasta, não um arquivo"),
        Bad.same(
            "arquivo de texto",
            f"sqlite:///{tmp_path / 'notes.db'}",
            "não é um banco de dados SQLite",
        ),
        Bad.same(
            "imagem PNG", f"sqlite:///{tmp_path / 'image.db'}", "não é um banco de dados SQLite"
        ),
    ]
    runs = check(bad, tmp_path)
    assert not (tmp_path / "faltando.db").exists()
    record("--db", "endereços malformados, arquivos ausentes, pastas, não-SQLite", runs, "-")


def test_corrupt_sqlite_files(data_file: Path, tmp_path: Path) -> None:
    header_only = _garbage(data_file, tmp_path / "header.db", keep=100, seed=1)
    first_page = _garbage(data_file, tmp_path / "page1.db", keep=4096, seed=2)
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(data_file.read_bytes()[: data_file.stat().st_size // 3])
    bad = [
        Bad.same("cabeçalho válido, resto lixo", f"sqlite:///{header_only}", CORRUPT),
        Bad.same("primeira página válida, resto lixo", f"sqlite:///{first_page}", CORRUPT),
        Bad(
            "arquivo cortado",
            f"sqlite:///{truncated}",
            {"summary": CORRUPT, "export": CORRUPT, "import": CORRUPT},
        ),
    ]
    runs = check(bad, tmp_path)
    # the cut file's first pages are whole: the demo sees data in it and refuses
    demo = run_cli(*command("demo", f"sqlite:///{truncated}", tmp_path / "x.csv"))
    line = assert_one_clear_line(demo, code=2)
    assert CORRUPT in line or "já contém dados" in line, line
    record(
        "--db",
        "SQLite corrompido (3 formas)",
        runs + 1,
        "-",
        "detectado ao abrir ou na 1ª consulta",
    )


def test_newer_schema(db_url: str, tmp_path: Path) -> None:
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    engine.dispose()
    runs = check([Bad.same("esquema mais novo", db_url, NEWER)], tmp_path)
    dialect = "SQLite" if db_url.startswith("sqlite") else "PostgreSQL"
    record("--db", f"esquema mais novo ({dialect})", runs, "-")


@pytest.mark.postgres
def test_postgresql_servers_that_refuse(pg_url: str, tmp_path: Path) -> None:
    from tests.conftest import PG_HOST

    host = PG_HOST.rsplit("@", 1)[-1]
    bad = [
        Bad.same(
            "servidor fora do ar",
            "postgresql://u:segredo123@127.0.0.1:1/x",
            "não foi possível conectar",
        ),
        Bad.same(
            "banco inexistente",
            f"{PG_HOST}/nao_existe_{os.getpid()}",
            "o banco de dados não existe no servidor",
        ),
        Bad.same(
            "usuário inexistente",
            f"postgresql://ninguem_{os.getpid()}@{host}/test",
            "recusou o usuário",
        ),
    ]
    runs = check(bad, tmp_path)
    again = run_cli("summary", "--customer", "C1", "--db", bad[0].url)
    assert "segredo123" not in again.stderr + again.stdout  # the password is never shown
    record("--db", "PostgreSQL: fora do ar, banco ou usuário inexistente", runs, "-")


@pytest.fixture
def read_only_folder(tmp_path: Path, data_file: Path) -> Iterator[Path]:
    """A folder mounted read-only (bind mount; root ignores file permissions)."""
    source, mount = tmp_path / "source", tmp_path / "ro"
    source.mkdir()
    mount.mkdir()
    shutil.copyfile(data_file, source / "data.db")
    open_database(f"sqlite:///{source / 'empty.db'}", create=True).dispose()
    if os.geteuid() != 0:
        for path in source.iterdir():
            path.chmod(0o444)
        source.chmod(0o555)
        yield source
        source.chmod(0o755)
        return
    bind = subprocess.run(["mount", "--bind", str(source), str(mount)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip(f"root, and a read-only bind mount is not permitted: {bind.stderr!r}")
    try:
        remount = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(mount)], capture_output=True, text=True
        )
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_read_only_file(read_only_folder: Path, tmp_path: Path) -> None:
    data, empty = read_only_folder / "data.db", read_only_folder / "empty.db"
    runs = check(
        [
            Bad("arquivo com dados", f"sqlite:///{data}", dict.fromkeys(COMMANDS[:3], READ_ONLY)),
            Bad("arquivo vazio", f"sqlite:///{empty}", {"demo": READ_ONLY}),
        ],
        tmp_path,
    )
    record("--db", "arquivo somente leitura (montagem ro)", runs, "-", "mensagem clara")


def test_read_only_uri_reads_and_refuses_writes(data_file: Path, tmp_path: Path) -> None:
    """``sqlite:///file:...?mode=ro&uri=true``: reading works; writing is refused clearly."""
    uri = f"sqlite:///file:{data_file}?mode=ro&uri=true"
    summary = run_cli("summary", "--customer", "C1", "--db", uri)
    assert summary.returncode == 0, summary.stderr
    empty = tmp_path / "empty.db"
    open_database(f"sqlite:///{empty}", create=True).dispose()
    runs = check(
        [
            Bad("com dados", uri, {"import": READ_ONLY}),
            Bad("vazio", f"sqlite:///file:{empty}?mode=ro&uri=true", {"demo": READ_ONLY}),
            Bad(
                "inexistente",
                f"sqlite:///file:{tmp_path / 'nada.db'}?mode=ro&uri=true",
                dict.fromkeys(COMMANDS, NOT_FOUND),
            ),
        ],
        tmp_path,
    )
    assert not (tmp_path / "nada.db").exists()
    record("--db", "URI SQLite mode=ro", runs + 1, "-", "leitura funciona, gravação recusada")


def test_a_new_file_is_created_readable_by_its_owner_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'novo.db'}"
    result = run_cli("import", str(GOOD_IMPORT), "--db", url)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "novo.db").stat().st_mode & 0o777 == 0o600
