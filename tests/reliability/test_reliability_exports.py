"""Exports: spreadsheet formulas are neutralised, and a destination that cannot be
written gives a clear message and leaves no file behind (not even a temporary one).

The data is imported from a small ERP folder whose codes and texts start with the
characters a spreadsheet would run (=, +, -, @), and whose programação was edited by
another program with control characters in it.
"""

from __future__ import annotations

import csv
import os
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, update

from app.db.engine import open_database
from app.db.importer import import_folder
from app.db.schema import Programacao
from tests.reliability.reliability_support import (
    assert_one_clear_line,
    fast_cli,
    record,
    run_cli,
)

AS_OF = date(2026, 6, 1)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://e.x";"x")'
FOLDER = {
    "empresas.csv": "codigo;razao_social;cnpj\n@E1;=cmd|' /C calc'!A0;29.141.777/0001-58\n",
    "clientes.csv": "codigo;nome;cpf_cnpj\nC1;=cmd|' /C calc'!A0;529.982.247-25\n",
    "produtos.csv": "codigo;descricao\n-P1;+SUM(1,2)\n",
    "vendas.csv": "codigo;empresa;cliente;data;vendedor\n=V1;@E1;C1;10/01/2026;@vendedor\n",
    "itens_venda.csv": "venda;item;produto;quantidade;valor_unitario\n=V1;1;-P1;2;1.500,00\n",
    "titulos.csv": (
        "empresa;cliente;numero_documento;parcela;emissao;vencimento;valor;venda\n"
        f'@E1;C1;"{HYPERLINK.replace(chr(34), chr(34) * 2)}";1;10/01/2026;10/02/2026;1.000,00;=V1\n'
        "@E1;C1;-2+3;1;10/01/2026;10/03/2026;2.000,00;=V1\n"
        "@E1;C1;+NF;1;10/01/2026;10/04/2026;3.000,00;\n"
    ),
    "programacoes.csv": (
        "empresa;cliente;data_programacao;tipo;descricao;responsavel\n"
        "@E1;C1;20/06/2026 10:00;outro;=1+1;+Carlos\n"
        "@E1;C1;21/06/2026 10:00;outro;texto;-Ana\n"
    ),
}
SECTIONS = ("financeiro", "venda", "negociacao", "programacao")


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    base = tmp_path_factory.mktemp("exports")
    folder = base / "erp"
    folder.mkdir()
    for name, content in FOLDER.items():
        (folder / name).write_text(content, encoding="utf-8")
    url = f"sqlite:///{base / 'exports.db'}"
    db = open_database(url, create=True)
    import_folder(db, folder)
    db.dispose()
    acordo = fast_cli(
        "negotiate", "--customer", "C1", "--empresa", "@E1", "--titulos=-2+3/1",
        "--installments", "2", "--first-due", "2026-07-10", "--note", "=1+1",
        "--as-of", AS_OF.isoformat(), "--db", url,
    )  # fmt: skip
    assert acordo.returncode == 0, acordo.stderr
    # another program wrote control characters into a text (the import refuses them)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            update(Programacao)
            .where(Programacao.descricao == "texto")
            .values(descricao="linha\x0bvertical\x07 e \x1b[31m")
        )
    engine.dispose()
    return url


def export(url: str, section: str, fmt: str, out: Path) -> subprocess.CompletedProcess[str]:
    args = ["export", section, "--customer", "C1", "--format", fmt, "--out", str(out)]
    args += ["--as-of", AS_OF.isoformat(), "--db", url]
    if section == "financeiro":
        for status in ("em_aberto", "vencido", "cancelado", "recebido"):
            args += ["--status", status]
    return fast_cli(*args)


def _cells(path: Path) -> list[list[Any]]:
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle, delimiter=";"))
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formulas_are_neutralised(url: str, fmt: str, tmp_path: Path) -> None:
    texts: list[str] = []
    for section in SECTIONS:
        out = tmp_path / f"{section}.{fmt}"
        result = export(url, section, fmt, out)
        assert result.returncode == 0, (section, result.stderr)
        rows = _cells(out)
        assert len(rows) > 1, section
        for row in rows[1:]:
            for cell in row:
                if isinstance(cell, str) and cell:
                    texts.append(cell)
                    assert not cell.startswith(FORMULA_STARTS), (section, fmt, cell)
    for expected in ("'@E1", f"'{HYPERLINK}", "'+NF", "'-P1", "'+SUM(1,2)", "'=V1", "'@vendedor"):
        assert expected in texts, (expected, fmt)
    assert "'=1+1" in texts and "'+Carlos" in texts and "'-Ana" in texts
    if fmt == "xlsx":  # XML cannot hold them: spaces instead, the rest as it was
        assert "linha vertical  e  [31m" in texts
    else:
        assert "linha\x0bvertical\x07 e \x1b[31m" in texts
    record(
        "exportação",
        f"textos que começam com = + - @ ({fmt.upper()}, 4 seções)",
        len([t for t in texts if t.startswith("'")]),
        "-",
        "todos prefixados com ' (nenhuma fórmula)",
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".export-"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_unwritable_destinations(url: str, fmt: str, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-folder").mkdir()
    cases = {
        tmp_path / "a-file" / f"x.{fmt}": "o caminho passa por um arquivo",
        tmp_path / "missing" / "sub" / f"x.{fmt}": "a pasta não existe",
        tmp_path / "a-folder": "o destino é uma pasta",
    }
    for out, reason in cases.items():
        result = export(url, "financeiro", fmt, out)
        line = assert_one_clear_line(result, code=1)
        assert "não foi possível gravar" in line or "o destino é uma pasta" in line, line
        assert reason in line, line
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "a-folder") == []
    real = run_cli(*_export_args(url, fmt, tmp_path / "a-file" / f"x.{fmt}"))
    assert_one_clear_line(real, code=1)
    record(
        "exportação", f"destino impossível ({fmt.upper()}): sob arquivo, sem pasta, pasta", 4, "-"
    )


def _export_args(url: str, fmt: str, out: Path) -> list[str]:
    return ["export", "venda", "--customer", "C1", "--format", fmt, "--out", str(out)] + [
        "--db",
        url,
    ]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (as root), unmounted afterwards."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"a tmpfs cannot be mounted here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.fixture(scope="module")
def big_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A customer whose Financeiro export is some hundred KiB (W000001, 1,500 títulos)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('whale') / 'whale.db'}"
    result = fast_cli(
        "demo", "--customers", "2", "--whale", "1500", "--as-of", AS_OF.isoformat(), "--db", url
    )
    assert result.returncode == 0, result.stderr
    return url


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("free", [0, 6000])
def test_full_disk(big_url: str, tiny_disk: Path, fmt: str, free: int) -> None:
    """The disk fills up during the export (or is full already): one clear line, the
    previous file of that name untouched, no temporary file left."""
    previous = tiny_disk / f"x.{fmt}"
    previous.write_bytes(b"the previous export")
    filler = tiny_disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 1024)
                handle.flush()
        except OSError:
            pass
    if free:
        with open(filler, "r+b") as handle:
            handle.truncate(max(0, filler.stat().st_size - free))
    args = ["export", "financeiro", "--customer", "W000001", "--format", fmt]
    args += ["--out", str(previous), "--as-of", AS_OF.isoformat(), "--db", big_url]
    args += ["--status", "recebido", "--status", "em_aberto", "--status", "vencido"]
    result = run_cli(*args)
    line = assert_one_clear_line(result, code=1)
    assert "disco cheio" in line, line
    assert "Exception ignored" not in result.stderr
    assert previous.read_bytes() == b"the previous export"
    assert _leftovers(tiny_disk) == []
    record(
        "exportação",
        f"disco cheio ({fmt.upper()}, {'sem espaço' if not free else 'enche durante'})",
        1,
        "nada",
        "arquivo anterior intacto, nenhum temporário",
    )


def test_a_read_only_folder(url: str, tmp_path: Path) -> None:
    target = tmp_path / "ro"
    target.mkdir()
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "--bind", str(target), str(target)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("root, and a read-only bind mount is not permitted")
        subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True)
    else:
        target.chmod(0o555)
    try:
        for fmt in ("csv", "xlsx"):
            result = export(url, "venda", fmt, target / f"x.{fmt}")
            line = assert_one_clear_line(result, code=1)
            assert "somente para leitura" in line or "sem permissão" in line, line
        assert list(target.iterdir()) == []
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(target)], check=True)
        else:
            target.chmod(0o755)
    record("exportação", "pasta somente leitura (CSV e XLSX)", 2, "-")
