"""The command line, run as a user runs it: a new process, its output and exit status."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.db.engine import open_database
from app.db.schema import Cliente
from tests import factories as f

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def _fill(url: str) -> None:
    db = open_database(url)
    with db.session() as s:
        e = f.empresa(s, "E01")
        c = f.cliente(s, "C1")
        f.titulo(
            s,
            e,
            c,
            valor="100.00",
            emissao=date(2026, 9, 1),
            vencimento=date(2026, 10, 30),
            doc="NF-1",
            recebimentos=((date(2026, 10, 1), "30.00"),),
        )
        f.titulo(
            s,
            e,
            c,
            valor="250.50",
            emissao=date(2026, 11, 1),
            vencimento=date(2026, 12, 15),
            doc='=HYPERLINK("http://x")',
        )
        f.titulo(
            s,
            e,
            c,
            valor="80.00",
            emissao=date(2026, 8, 1),
            vencimento=date(2026, 9, 1),
            doc="NF-3",
            recebimentos=((date(2026, 8, 20), "80.00"),),
        )
    db.dispose()


def test_summary_prints_the_json_shape(db_url: str) -> None:
    _fill(db_url)
    result = run("summary", "--customer", "C1", "--as-of", "2026-11-29", "--db", db_url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["customer"] == "C1" and data["as_of"] == "2026-11-29"
    assert data["total_a_receber"] == "320.50"
    # NF-1: saldo 70.00, 30 days late: multa 1.40, juros 0.70
    assert data["total_atualizado"] == "322.60"
    assert list(data["status"]) == [
        "em_aberto",
        "vencido",
        "cobranca",
        "negativado",
        "recebido",
        "cancelado",
    ]
    assert data["status"]["vencido"] == {"count": 1, "valor": "100.00", "saldo": "70.00"}
    assert data["status"]["em_aberto"] == {"count": 1, "valor": "250.50", "saldo": "250.50"}
    assert data["status"]["recebido"] == {"count": 1, "valor": "80.00", "saldo": "0.00"}
    assert data["status"]["cobranca"] == {"count": 0, "valor": "0.00", "saldo": "0.00"}


def test_summary_on_an_earlier_date_and_by_empresa(sqlite_url: str) -> None:
    _fill(sqlite_url)
    result = run("summary", "--customer", "C1", "--as-of", "2026-08-25", "--db", sqlite_url)
    data = json.loads(result.stdout)
    assert data["total_a_receber"] == "0.00"
    assert data["status"]["recebido"]["count"] == 1
    other = run("summary", "--customer", "C1", "--empresa", "E99", "--db", sqlite_url)
    assert json.loads(other.stdout)["status"]["vencido"]["count"] == 0


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["summary", "--customer", "NOPE"], "cliente não encontrado: NOPE", 1),
        (["summary", "--customer", "C1", "--as-of", "2026-02-31"], "data inválida", 2),
        (
            ["summary", "--customer", "C1", "--db", "postgresql://x@127.0.0.1:1/y"],
            "não foi possível conectar",
            2,
        ),
        (["summary", "--customer", "C1", "--db", "sqlite:////nao/existe.db"], "não encontrado", 2),
        (
            [
                "export",
                "financeiro",
                "--customer",
                "C1",
                "--format",
                "csv",
                "--out",
                "/nao/existe/x.csv",
            ],
            "não foi possível gravar",
            1,
        ),
    ],
)
def test_errors_are_one_clear_line(
    sqlite_url: str, args: list[str], message: str, code: int
) -> None:
    _fill(sqlite_url)
    if "--db" not in args:
        args = [*args, "--db", sqlite_url]
    result = run(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    if code == 1 and "data" not in message:
        assert len(result.stderr.strip().splitlines()) == 1


def test_db_url_from_the_environment(sqlite_url: str) -> None:
    _fill(sqlite_url)
    result = run("summary", "--customer", "C1", env={"HISTORICO_DB_URL": sqlite_url})
    assert result.returncode == 0, result.stderr


def test_export_csv_and_xlsx_match_the_grid(db_url: str, tmp_path: Path) -> None:
    _fill(db_url)
    out = tmp_path / "fin.csv"
    result = run(
        "export",
        "financeiro",
        "--customer",
        "C1",
        "--format",
        "csv",
        "--out",
        str(out),
        "--as-of",
        "2026-11-29",
        "--db",
        db_url,
    )
    assert result.returncode == 0, result.stderr
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:4] == ["EMPRESA", "CÓD. VENDA", "TÍTULO NÚM. DOC.", "PARCELA"]
    assert len(rows) == 3  # header + the two open títulos (default filter)
    docs = {r[2] for r in rows[1:]}
    assert docs == {"NF-1", '\'=HYPERLINK("http://x")'}  # the formula is neutralised
    saldo_col = rows[0].index("SALDO")
    assert {r[saldo_col] for r in rows[1:]} == {"70,00", "250,50"}

    xlsx = tmp_path / "fin.xlsx"
    result = run(
        "export",
        "financeiro",
        "--customer",
        "C1",
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
        "--as-of",
        "2026-11-29",
        "--status",
        "recebido",
        "--db",
        db_url,
    )
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(xlsx).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    header = list(values[0])
    assert values[1][header.index("TÍTULO NÚM. DOC.")] == "NF-3"
    assert Decimal(str(values[1][header.index("VALOR")])) == Decimal("80.00")
    assert values[1][header.index("STATUS")] == "Recebido"


def test_options_before_the_subcommand_are_not_lost(sqlite_url: str, tmp_path: Path) -> None:
    """``main.py --db URL --as-of D summary …`` (the order --help shows): the subcommand
    must not fall back to another database (it once used the embedded one) or to today."""
    _fill(sqlite_url)
    result = run("--db", sqlite_url, "--as-of", "2026-11-29", "summary", "--customer", "C1")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["as_of"], data["total_a_receber"]) == ("2026-11-29", "320.50")
    missing = tmp_path / "nenhum.db"
    absent = run("--db", f"sqlite:///{missing}", "db", "current")
    assert absent.returncode == 2 and "não encontrado" in absent.stderr
    demo = tmp_path / "demo.db"
    made = run("--db", f"sqlite:///{demo}", "demo", "--customers", "3")
    assert made.returncode == 0, made.stderr
    db = open_database(f"sqlite:///{demo}")
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Cliente)) == 3
    finally:
        db.dispose()
    # given on both sides, the subcommand's own wins
    other = run("--db", f"sqlite:///{missing}", "summary", "--customer", "C1", "--db", sqlite_url)
    assert other.returncode == 0, other.stderr


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'novo.db'}"
    first = run("db", "current", "--db", url)
    assert first.returncode == 2 and "não encontrado" in first.stderr
    upgraded = run("db", "upgrade", "--db", url)
    assert upgraded.returncode == 0, upgraded.stderr
    current = run("db", "current", "--db", url)
    assert "atualizado" in current.stdout


def test_help_lists_the_subcommands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for name in ("demo", "import", "db", "summary", "export"):
        assert name in result.stdout


def test_argparse_speaks_portuguese(sqlite_url: str) -> None:
    """argparse's own messages (a missing argument, a wrong choice, the help's headings)
    are written in Portuguese, like the rest of the command line."""
    missing = run("summary", "--db", sqlite_url)
    assert missing.returncode == 2
    assert "erro: faltam os argumentos obrigatórios: --customer" in missing.stderr
    assert missing.stderr.startswith("uso: ")
    wrong = run("export", "vendas", "--customer", "C1", "--format", "csv", "--out", "x.csv")
    assert wrong.returncode == 2
    assert "argumento SEÇÃO: opção inválida: 'vendas'" in wrong.stderr
    unknown = run("summary", "--customer", "C1", "--bogus", "--db", sqlite_url)
    assert "argumentos desconhecidos: --bogus" in unknown.stderr
    helped = run("print-negotiation", "--help")
    assert helped.returncode == 0
    assert "opções:" in helped.stdout and "mostrar esta ajuda e sair" in helped.stdout
    assert "error" not in missing.stderr + wrong.stderr + unknown.stderr
