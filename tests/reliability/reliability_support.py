"""Shared tools of the reliability suite: running the program, fingerprints, invariants.

- :func:`run_cli` runs ``main.py`` as a user does (a new process, its exit status);
  :func:`fast_cli` runs it in a process forked from a server that imported the
  program once (cli_fork_server.py), for the tests that run many commands;
- :func:`fingerprint` is every table's row count and a checksum of its rows, read
  with SQLAlchemy Core ordered by id, to prove that a refused or killed operation
  changed nothing;
- :func:`invariant_violations` checks DOMAIN.md's rules over a whole database;
- :func:`big_import_folder` writes a large, valid ERP export (for kill tests);
- :func:`record` notes a row of the results table (RESULTS.md) when
  $HISTORICO_RELIABILITY_REPORT names a file; ``python -m
  tests.reliability.reliability_support FILE`` prints them as markdown.

``HISTORICO_SOAK=1`` turns on the long variants (:func:`soak`).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, inspect, select, text
from sqlalchemy.engine import Engine, make_url

from app.domain.documents import random_cnpj, random_cpf

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"
SOAK = os.environ.get("HISTORICO_SOAK", "") == "1"
# one line of an import problem: "file:line: column: reason" (a column named in the file
# may hold a colon: the column ends at the first ": ")
ISSUE_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<column>.+?): (?P<reason>[^\n]+)$")
GOOD_IMPORT = ROOT / "tests" / "data" / "import" / "good"


def record(area: str, fault: str, cases: int, lost: str, detail: str = "") -> None:
    """Note one row of the results table (RESULTS.md) when $HISTORICO_RELIABILITY_REPORT
    names a file: one JSON object per line, appended."""
    target = os.environ.get("HISTORICO_RELIABILITY_REPORT")
    if not target:
        return
    row = {"area": area, "fault": fault, "cases": cases, "lost": lost, "detail": detail}
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def render_results(report: Path) -> str:
    """The rows :func:`record` noted, as a markdown table."""
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines() if line]
    lines = [
        "| área | falha ou entrada ruim | casos | perdido | detalhes |",
        "|---|---|---:|---|---|",
    ]
    lines += [
        f"| {r['area']} | {r['fault']} | {r['cases']} | {r['lost']} | {r['detail']} |" for r in rows
    ]
    return "\n".join(lines)


def soak(default: int, long: int) -> int:
    """``long`` under HISTORICO_SOAK=1, else ``default``."""
    return long if SOAK else default


# --- running the program ---------------------------------------------------------------------


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("HISTORICO_DB_URL", None)
    env.update(extra or {})
    return env


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``main.py ARGS`` in a new process; its output as text."""
    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_env(env),
        cwd=ROOT,
    )


# Program code run in this process, one thread at a time: sys.stdout is shared, and so
# are Alembic's module-level proxies (open_database may migrate).
IN_PROCESS = threading.RLock()


class ForkServer:
    """tests/reliability/cli_fork_server.py: ``main.py`` commands in forked children."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("cli_fork_server.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=cli_env(),
            cwd=ROOT,
        )
        self.lock = threading.Lock()

    def request(self, args: Sequence[str], **options: Any) -> dict[str, Any]:
        """Run ``main.py ARGS``; the reply: returncode, stdout, stderr, events (see the
        server's docstring for ``options``: env, kill_after, kill_at_event, count_events)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        with self.lock:
            self.process.stdin.write(json.dumps({"argv": list(args), **options}) + "\n")
            self.process.stdin.flush()
            reply: dict[str, Any] = json.loads(self.process.stdout.readline())
        return reply

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        reply = self.request(args, env=env or {})
        return subprocess.CompletedProcess(
            ["main.py", *args], reply["returncode"], reply["stdout"], reply["stderr"]
        )

    def close(self) -> None:
        if self.process.poll() is None and self.process.stdin is not None:
            self.process.stdin.close()
            self.process.wait(timeout=30)


_FORK_SERVER: list[ForkServer] = []


def fast_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``main.py ARGS`` in a process forked from a server that has imported the program
    (its output and exit status as :func:`run_cli`'s, without a new interpreter's start)."""
    if not _FORK_SERVER or _FORK_SERVER[0].process.poll() is not None:
        _FORK_SERVER[:] = [ForkServer()]
        atexit.register(_FORK_SERVER[0].close)
    return _FORK_SERVER[0].run(*args, env=env)


def run_in_process(argv: Sequence[str]) -> tuple[int, str, str]:
    """``app.cli.main(argv)`` in this process: (exit status, stdout, stderr)."""
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with IN_PROCESS, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *, code: int) -> str:
    """The failed command printed exactly one Portuguese "erro: ..." line and no trace."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("erro"), lines[0]
    return lines[0]


# --- what a database holds --------------------------------------------------------------------


def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed)


_REFLECTED: dict[tuple[str, frozenset[str]], MetaData] = {}


def _tables(engine: Engine) -> MetaData:
    """The database's tables as they are (reflected; cached by their names, for speed:
    a table whose columns differ would make its SELECT fail, not pass)."""
    names = frozenset(inspect(engine).get_table_names())
    key = (engine.dialect.name, names)
    if key not in _REFLECTED:
        metadata = MetaData()
        metadata.reflect(engine)
        _REFLECTED[key] = metadata
    return _REFLECTED[key]


def fingerprint(url: str, *, skip: Iterable[str] = ()) -> dict[str, tuple[int, str]]:
    """Every table of the database: (row count, sha256 of its rows ordered by id).

    Read through SQLAlchemy Core from the tables as they are in the database
    (reflected), so a table the program does not know would count too.
    """
    engine = engine_for(url)
    try:
        metadata = _tables(engine)
        prints: dict[str, tuple[int, str]] = {}
        with engine.connect() as conn:
            for name, table in sorted(metadata.tables.items()):
                if name in skip:
                    continue
                order = [table.c.id] if "id" in table.c else list(table.c)
                digest = hashlib.sha256()
                count = 0
                for row in conn.execute(select(table).order_by(*order)):
                    digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
                    digest.update(b"\n")
                    count += 1
                prints[name] = (count, digest.hexdigest())
        return prints
    finally:
        engine.dispose()


def row_counts(prints: dict[str, tuple[int, str]]) -> dict[str, int]:
    return {name: count for name, (count, _) in prints.items()}


def sqlite_integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of the file, opened with the plain sqlite3 driver."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(r[0]) for r in rows)


_INVARIANT_QUERIES: dict[str, str] = {
    # every acordo ativo has its installments (parcelas 1..n) ...
    "acordo ativo sem todas as suas parcelas": """
        SELECT a.id FROM acordo a
        WHERE a.situacao = 'ativo' AND a.parcelas <> (
            SELECT count(*) FROM titulo t WHERE t.acordo_origem_id = a.id AND t.parcela >= 1)
    """,
    # ... and at least one original, cancelled as renegotiated in it
    "acordo ativo sem títulos renegociados": """
        SELECT a.id FROM acordo a
        WHERE a.situacao = 'ativo' AND NOT EXISTS (
            SELECT 1 FROM titulo t WHERE t.renegociado_acordo_id = a.id)
    """,
    "título renegociado sem cancelado_em": """
        SELECT t.id FROM titulo t
        WHERE t.renegociado_acordo_id IS NOT NULL AND t.cancelado_em IS NULL
    """,
    "título renegociado num acordo que não está ativo": """
        SELECT t.id FROM titulo t JOIN acordo a ON a.id = t.renegociado_acordo_id
        WHERE a.situacao <> 'ativo'
    """,
    "título cancelado como renegociado sem o seu acordo": """
        SELECT t.id FROM titulo t
        WHERE t.motivo_cancelamento LIKE 'renegociado no acordo%'
          AND (t.renegociado_acordo_id IS NULL
               OR NOT EXISTS (SELECT 1 FROM acordo a WHERE a.id = t.renegociado_acordo_id))
    """,
    "parcela de acordo sem o acordo": """
        SELECT t.id FROM titulo t
        WHERE t.acordo_origem_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM acordo a WHERE a.id = t.acordo_origem_id)
    """,
    "acordo quebrado com parcela em aberto": """
        SELECT t.id FROM titulo t JOIN acordo a ON a.id = t.acordo_origem_id
        WHERE a.situacao = 'quebrado' AND t.cancelado_em IS NULL
          AND NOT EXISTS (SELECT 1 FROM recebimento r WHERE r.titulo_id = t.id)
    """,
    # a broken acordo keeps the originals it had replaced (acordo_quebrado_original)
    "título reaberto guardado num acordo que não foi quebrado": """
        SELECT q.titulo_id FROM acordo_quebrado_original q JOIN acordo a ON a.id = q.acordo_id
        WHERE a.situacao <> 'quebrado' OR a.cancelado_em IS NULL
    """,
    # the sums of the títulos paid in full per day, kept by triggers on titulo
    # (migrations 0008 and 0011); the day: the later of emissão and last receipt
    "soma dos títulos pagos diferente da guardada": """
        SELECT cliente_id FROM (
            SELECT cliente_id, empresa_id,
                   CASE WHEN ultimo_recebimento > emissao THEN ultimo_recebimento
                        ELSE emissao END AS dia,
                   count(*) AS n, sum(valor) AS v FROM titulo
            WHERE recebido >= valor AND cancelado_em IS NULL GROUP BY 1, 2, 3
            EXCEPT SELECT cliente_id, empresa_id, dia, quantidade, valor FROM titulo_pago_dia
        ) a
        UNION
        SELECT cliente_id FROM (
            SELECT cliente_id, empresa_id, dia, quantidade, valor FROM titulo_pago_dia
            EXCEPT SELECT cliente_id, empresa_id,
                   CASE WHEN ultimo_recebimento > emissao THEN ultimo_recebimento
                        ELSE emissao END,
                   count(*), sum(valor) FROM titulo
            WHERE recebido >= valor AND cancelado_em IS NULL GROUP BY 1, 2, 3
        ) b
    """,
    # each customer's sale items per day, kept by triggers on venda_item (migration 0010)
    "vendas do dia diferentes das guardadas": """
        SELECT cliente_id FROM (
            SELECT cliente_id, data, count(*) AS n, count(DISTINCT venda_id) AS v,
                   sum(valor_total) AS t
            FROM venda_item GROUP BY cliente_id, data
            EXCEPT SELECT cliente_id, data, itens, vendas, total FROM venda_dia
        ) a
        UNION
        SELECT cliente_id FROM (
            SELECT cliente_id, data, itens, vendas, total FROM venda_dia
            EXCEPT SELECT cliente_id, data, count(*), count(DISTINCT venda_id), sum(valor_total)
            FROM venda_item GROUP BY cliente_id, data
        ) b
    """,
    "recebimentos acima do valor do título": """
        SELECT t.id FROM titulo t
        WHERE (SELECT coalesce(sum(r.valor), 0) FROM recebimento r WHERE r.titulo_id = t.id)
              > t.valor
    """,
    # with a financing rate the installments carry its interest (Price table)
    "entrada + parcelas diferente do total negociado": """
        SELECT a.id FROM acordo a
        WHERE a.situacao = 'ativo' AND a.taxa_mensal = 0 AND a.valor_negociado <> (
            SELECT coalesce(sum(t.valor), 0) FROM titulo t WHERE t.acordo_origem_id = a.id)
    """,
}


def invariant_violations(url: str, *, check_totals: bool = True) -> list[str]:
    """DOMAIN.md's invariants that do not hold, as "rule: ids" lines (empty: all hold).

    Plain SQL over the stored rows (money compared in the unit each database stores:
    integer cents on SQLite, NUMERIC on PostgreSQL), independent of app/.
    """
    engine = engine_for(url)
    found: list[str] = []
    try:
        with engine.connect() as conn:
            for rule, sql in _INVARIANT_QUERIES.items():
                if not check_totals and rule.startswith("entrada"):
                    continue
                ids = [row[0] for row in conn.execute(text(sql))]
                if ids:
                    found.append(f"{rule}: {ids[:10]}")
    finally:
        engine.dispose()
    return found


def summary_matches_reference(url: str, codigo: str, as_of: date) -> tuple[str, str]:
    """(total_a_receber of the `summary` command, the same computed independently)."""
    from tests.test_summary_independent import reference_summary

    code, out, err = run_in_process(
        ["summary", "--customer", codigo, "--as-of", as_of.isoformat(), "--db", url]
    )
    assert code == 0, err
    return json.loads(out)["total_a_receber"], reference_summary(url, codigo, as_of)[
        "total_a_receber"
    ]


def negotiation_args(url: str, count: int, as_of: date) -> list[tuple[list[str], str]]:
    """``count`` different acordos one can save over the database (demo data): the
    ``main.py negotiate`` arguments (without --db) and the customer, for customers with
    at least three open títulos in one empresa."""
    engine = engine_for(url)
    sql = text(
        """
        SELECT c.codigo, e.codigo, t.numero_documento, t.parcela
        FROM titulo t JOIN cliente c ON c.id = t.cliente_id JOIN empresa e ON e.id = t.empresa_id
        WHERE t.cancelado_em IS NULL AND t.negativado_em IS NULL AND t.cobranca_em IS NULL
          AND t.renegociado_acordo_id IS NULL AND t.acordo_origem_id IS NULL
          AND t.emissao <= :as_of
          AND t.valor > (SELECT coalesce(sum(r.valor), 0) FROM recebimento r
                         WHERE r.titulo_id = t.id)
        ORDER BY c.codigo, e.codigo, t.id
        """
    )
    try:
        with engine.connect() as conn:
            rows = conn.execute(sql, {"as_of": as_of}).all()
    finally:
        engine.dispose()
    groups: dict[tuple[str, str], list[str]] = {}
    for cliente, empresa, doc, parcela in rows:
        groups.setdefault((cliente, empresa), []).append(f"{doc}/{parcela}")
    chosen = [key for key, refs in groups.items() if len(refs) >= 3][:count]
    assert len(chosen) == count, groups
    found = []
    for i, (cliente, empresa) in enumerate(chosen):
        refs = groups[(cliente, empresa)][: 3 + i]
        args = ["negotiate", "--customer", cliente, "--empresa", empresa]
        args += ["--titulos", ",".join(refs), "--installments", str(4 + 4 * i)]
        args += ["--first-due", (as_of + timedelta(days=39)).isoformat()]
        args += ["--as-of", as_of.isoformat()]
        if i % 2:
            args += ["--entrada", "50,00", "--rate", "1,5"]
        found.append((args, cliente))
    return found


def demo_database(url: str, customers: int, as_of: date) -> None:
    """``main.py demo`` into ``url`` (seed 11)."""
    result = run_cli(
        "demo", "--customers", str(customers), "--seed", "11", "--as-of", as_of.isoformat(),
        "--db", url, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


# --- a large, valid import folder -------------------------------------------------------------


def _money(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def big_import_folder(
    folder: Path, *, clientes: int, titulos_por_cliente: int, seed: int = 7, prefix: str = "K"
) -> dict[str, int]:
    """Write a valid ERP export (empresas, clientes, títulos, recebimentos, programações)
    into ``folder``; returns the rows per file. Codes start with ``prefix``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(2025, 1, 10)
    empresas = [f"{prefix}E{i}" for i in (1, 2)]
    lines: dict[str, list[str]] = {
        "empresas.csv": ["codigo;razao_social;cnpj;uf;multa_percentual;juros_mensal_percentual"],
        "clientes.csv": ["codigo;nome;cpf_cnpj;cidade;uf;limite_credito"],
        "titulos.csv": ["empresa;cliente;numero_documento;parcela;emissao;vencimento;valor"],
        "recebimentos.csv": ["empresa;numero_documento;parcela;data;valor;forma_pagamento"],
        "programacoes.csv": ["empresa;cliente;data_programacao;tipo;descricao"],
    }
    for code in empresas:
        lines["empresas.csv"].append(f"{code};Empresa {code} Ltda;{random_cnpj(rng)};SP;2,00;1,00")
    for n in range(1, clientes + 1):
        cliente = f"{prefix}C{n:06d}"
        lines["clientes.csv"].append(
            f"{cliente};Cliente {n} da Silva;{random_cpf(rng)};Campinas;SP;1.000,00"
        )
        empresa = empresas[n % 2]
        for p in range(1, titulos_por_cliente + 1):
            emissao = start + timedelta(days=rng.randrange(300))
            valor = Decimal(rng.randrange(1000, 200000)) / 100
            doc = f"{prefix}NF-{n}"
            lines["titulos.csv"].append(
                f"{empresa};{cliente};{doc};{p};{emissao:%d/%m/%Y};"
                f"{emissao + timedelta(days=30 * p):%d/%m/%Y};{_money(valor)}"
            )
            if rng.random() < 0.4:
                pago = (valor * Decimal(rng.choice((1, 1, 2)) / 2)).quantize(Decimal("0.01"))
                lines["recebimentos.csv"].append(
                    f"{empresa};{doc};{p};{emissao + timedelta(days=20):%d/%m/%Y};"
                    f"{_money(pago)};pix"
                )
        if n % 5 == 0:
            lines["programacoes.csv"].append(
                f"{empresa};{cliente};{start + timedelta(days=n % 200):%d/%m/%Y} 10:00;ligacao;"
                f"Lembrar o cliente {n}"
            )
    for name, content in lines.items():
        (folder / name).write_text("\n".join(content) + "\n", encoding="utf-8")
    return {name: len(content) - 1 for name, content in lines.items()}


def copy_tree(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target


if __name__ == "__main__":  # python -m tests.reliability.reliability_support REPORT.jsonl
    print(render_results(Path(sys.argv[1])))
