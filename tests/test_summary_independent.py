"""`main.py demo` then `main.py summary`: the figures equal an independent computation.

The reference computation below reads the tables with the raw DB-API driver (sqlite3 or
psycopg) and applies DOMAIN.md's rules written again from the text, sharing no code
with app/ (only the `holidays` package, which DOMAIN.md names as the calendar).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import holidays
import psycopg
from sqlalchemy.engine import make_url

from tests.test_cli import run

AS_OF = date(2026, 11, 29)
CENT = Decimal("0.01")
BR = holidays.Brazil(years=range(2015, 2035))


def _fetch(url: str, sql: str) -> list[tuple[Any, ...]]:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(str(parsed.database)) as conn:
            return conn.execute(sql).fetchall()
    dsn = (
        f"host={parsed.host} port={parsed.port or 5432} user={parsed.username} "
        f"dbname={parsed.database}"
    )
    with psycopg.connect(dsn) as conn:
        return conn.execute(sql).fetchall()  # type: ignore[arg-type]


def _money(value: Any, sqlite: bool) -> Decimal:
    # SQLite keeps cents as integers, PostgreSQL NUMERIC(14,2)
    return Decimal(value) / 100 if sqlite else Decimal(value)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _real_due(d: date) -> date:
    while d.weekday() >= 5 or d in BR:
        d += timedelta(days=1)
    return d


def broken_acordo_periods(url: str) -> list[tuple[str, int, date, date]]:
    """(customer, título, acordo date, break date): a broken acordo held the título
    cancelled from its date until the break (DOMAIN.md, "quebra do acordo")."""
    rows = _fetch(
        url,
        "SELECT c.codigo, q.titulo_id, a.data, a.cancelado_em FROM acordo_quebrado_original q "
        "JOIN acordo a ON a.id = q.acordo_id JOIN cliente c ON c.id = a.cliente_id",
    )
    return [(codigo, tid, _day(a), _day(b)) for codigo, tid, a, b in rows]  # type: ignore[misc]


def reference_summary(url: str, codigo: str, as_of: date) -> dict[str, Any]:
    sqlite = url.startswith("sqlite")
    held = {
        tid
        for who, tid, start, end in broken_acordo_periods(url)
        if who == codigo and start <= as_of < end
    }
    titulos = [
        row[1:]
        for row in _fetch(
            url,
            "SELECT c.codigo, t.id, t.valor, t.emissao, t.vencimento, t.cancelado_em, "
            "t.negativado_em, t.cobranca_em, e.multa_percentual, e.juros_mensal_percentual "
            "FROM titulo t JOIN cliente c ON c.id = t.cliente_id "
            "JOIN empresa e ON e.id = t.empresa_id",
        )
        if row[0] == codigo
    ]
    receipts: dict[int, Decimal] = defaultdict(Decimal)
    for titulo_id, day, valor in _fetch(url, "SELECT titulo_id, data, valor FROM recebimento"):
        if _day(day) <= as_of:  # type: ignore[operator]
            receipts[titulo_id] += _money(valor, sqlite)
    statuses = ("em_aberto", "vencido", "cobranca", "negativado", "recebido", "cancelado")
    out = {s: {"count": 0, "valor": Decimal(0), "saldo": Decimal(0)} for s in statuses}
    total = atualizado = Decimal(0)
    for tid, valor, emissao, venc, canc, neg, cob, multa_pct, juros_pct in titulos:
        valor = _money(valor, sqlite)
        emissao, venc, canc, neg, cob = map(_day, (emissao, venc, canc, neg, cob))
        if emissao > as_of:
            continue
        rate_scale = Decimal(10000) if sqlite else Decimal(1)
        multa_pct, juros_pct = Decimal(multa_pct) / rate_scale, Decimal(juros_pct) / rate_scale
        saldo = max(Decimal(0), valor - receipts[tid])
        overdue = as_of > _real_due(venc)
        if (canc and canc <= as_of) or tid in held:
            status = "cancelado"
        elif saldo == 0:
            status = "recebido"
        elif neg and neg <= as_of:
            status = "negativado"
        elif cob and cob <= as_of:
            status = "cobranca"
        else:
            status = "vencido" if overdue else "em_aberto"
        out[status]["count"] += 1
        out[status]["valor"] += valor
        out[status]["saldo"] += saldo
        if status in ("recebido", "cancelado"):
            continue
        total += saldo
        atualizado += saldo
        if overdue:
            dias = (as_of - venc).days
            atualizado += (saldo * multa_pct / 100).quantize(CENT, ROUND_HALF_UP)
            atualizado += (saldo * juros_pct / 100 / 30 * dias).quantize(CENT, ROUND_HALF_UP)
    return {
        "customer": codigo,
        "as_of": as_of.isoformat(),
        "total_a_receber": f"{total:.2f}",
        "total_atualizado": f"{atualizado:.2f}",
        "status": {
            s: {"count": v["count"], "valor": f"{v['valor']:.2f}", "saldo": f"{v['saldo']:.2f}"}
            for s, v in out.items()
        },
    }


def test_demo_then_summary_matches_an_independent_computation(db_url: str) -> None:
    demo = run(
        "demo", "--customers", "40", "--seed", "7", "--as-of", AS_OF.isoformat(), "--db", db_url
    )
    assert demo.returncode == 0, demo.stderr
    checked = 0
    for codigo in ("C000001", "C000002", "C000003", "C000017", "C000040"):
        for as_of in (AS_OF, date(2026, 3, 15)):
            result = run(
                "summary", "--customer", codigo, "--as-of", as_of.isoformat(), "--db", db_url
            )
            assert result.returncode == 0, result.stderr
            assert json.loads(result.stdout) == reference_summary(db_url, codigo, as_of)
            checked += 1
    assert checked == 10


def test_a_broken_acordo_between_its_date_and_its_break(db_url: str) -> None:
    """negotiate on A, break-negotiation on B, summary on a day between: the originals
    are cancelled then (the installments are the debt), by both computations."""
    demo = run(
        "demo", "--customers", "40", "--seed", "7", "--as-of", AS_OF.isoformat(), "--db", db_url
    )
    assert demo.returncode == 0, demo.stderr
    start, end = date(2026, 9, 25), date(2026, 11, 10)
    unpaid = _fetch(
        db_url,
        "SELECT c.codigo, e.codigo, t.numero_documento, t.parcela FROM titulo t "
        "JOIN cliente c ON c.id = t.cliente_id JOIN empresa e ON e.id = t.empresa_id "
        "WHERE t.cancelado_em IS NULL AND t.acordo_origem_id IS NULL "
        "AND t.emissao <= '2026-09-01' AND t.vencimento < '2026-09-20' AND t.recebido < t.valor "
        "AND NOT EXISTS (SELECT 1 FROM recebimento r WHERE r.titulo_id = t.id "
        "AND r.data > '2026-09-25') "
        "ORDER BY c.codigo, e.codigo, t.id",
    )
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for codigo, empresa, doc, parcela in unpaid:
        groups[(codigo, empresa)].append(f"{doc}/{parcela}")
    (codigo, empresa), docs = next((k, v) for k, v in groups.items() if len(v) >= 2)
    common = ("--customer", codigo, "--empresa", empresa, "--db", db_url)
    made = run(
        "negotiate", *common, "--as-of", start.isoformat(), "--titulos", ",".join(docs[:3]),
        "--installments", "3", "--first-due", "2026-10-26",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    numero = max(
        n
        for n, e in _fetch(
            db_url, "SELECT a.numero, e.codigo FROM acordo a JOIN empresa e ON e.id = a.empresa_id"
        )
        if e == empresa
    )
    broken = run(
        "break-negotiation", str(numero), "--empresa", empresa, "--reason", "desistiu",
        "--as-of", end.isoformat(), "--db", db_url,
    )  # fmt: skip
    assert broken.returncode == 0, broken.stderr
    assert len(broken_acordo_periods(db_url)) == len(docs[:3])
    for as_of in (start, date(2026, 10, 20), end):
        result = run("summary", "--customer", codigo, "--as-of", as_of.isoformat(), "--db", db_url)
        assert json.loads(result.stdout) == reference_summary(db_url, codigo, as_of), as_of
    first = json.loads(
        run("summary", "--customer", "C000001", "--as-of", AS_OF.isoformat(), "--db", db_url).stdout
    )
    # the showcase customer has títulos in every status
    assert all(v["count"] >= 2 for v in first["status"].values())
