"""Soak: 8 clerk processes creating, breaking and reading acordos and programações at once.

Each clerk (tests/reliability/soak_support.py) is a real process ("spawn") with its own
connection, working for a while on the same few customers of a demo database (the 6 with
the most títulos to renegotiate, so that the clerks overlap heavily) with a random mix,
seeded per clerk: read a customer's Financeiro, acordos and programações; create an
acordo over 1-3 renegotiable títulos with the versions it read (often stale); break an
active acordo; add, edit, mark done, cancel or reopen a programação with the versão it
read. Against PostgreSQL and against SQLite (WAL).

Afterwards:

- no clerk is still running well after its deadline (an unresolved deadlock or a lock
  waited on forever): they are killed and the test fails;
- every failure was a clean "alterado por outro usuário" message, or a refusal
  explained in Portuguese (the título or the acordo is no longer what the clerk saw);
  nothing "unexpected";
- the acordos in the database are those there before plus exactly those reported
  created, by id; each one reported broken is "quebrado", every other one is as it was
  (created: "ativo"); no acordo was broken twice; an active acordo still holds exactly
  the originals it renegotiated, its installments open; a broken one's installments are
  cancelled and its originals are open again unless a later acordo took them;
- every título's versão is its versão before plus one per reported write that changed
  it, and every programação's versão is its versão before plus one per reported write,
  the writes' resulting versões all distinct (no lost update), its situação and
  descrição those of its last reported write;
- the audit log has one entry per reported write, of the right kind and entity;
- DOMAIN.md's invariants hold (reliability_support.invariant_violations); TOTAL A
  RECEBER of each customer equals an independent computation; SQLite's
  ``PRAGMA integrity_check`` is "ok" and the file is in WAL mode;
- every kind of write succeeded at least once; with HISTORICO_SOAK=1 conflicts
  happened too;
- during the run, the Financeiro header's figures (SQL) equal those of the rows
  (app.domain) whenever both are read within one snapshot (soak_support.check_snapshot).

A one-line summary per database is printed, then the messages of the failures with their
counts (and the line is noted for RESULTS.md by reliability_support.record). "Torn reads"
there are reads where the header's total and the grid's rows, read by separate
statements as the window does, differ because another clerk wrote in between: expected,
only counted.

Default: 8 processes for 8 s per database; HISTORICO_SOAK=1: 8 processes for 60 s.
HISTORICO_SOAK_SEED=N draws other mixes.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue as queue_module
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.db import financeiro, position_figures
from app.db.demo import generate
from app.db.engine import Database, open_database
from app.db.schema import Acordo, AuditEntry, Cliente, Empresa, Programacao, Titulo
from tests.reliability.reliability_support import (
    SOAK,
    invariant_violations,
    record,
    soak,
    sqlite_integrity,
    summary_matches_reference,
)
from tests.reliability.soak_support import (
    STARTUP_TIMEOUT_S,
    Assignment,
    Customer,
    Report,
    clerk,
)

WORKERS = 8
SECONDS = soak(8, 60)
AS_OF = date(2026, 6, 1)
SEED = int(os.environ.get("HISTORICO_SOAK_SEED", "20260601"))
DEMO_CUSTOMERS = 16
CUSTOMERS = 6
# a clerk still running this long after its deadline is stuck (one operation waits at
# most the lock timeout, 10 s, for another one's locks)
HANG_AFTER_S = 60
WRITES = ("create", "cancel", "prog_add", "prog_update", "prog_situacao")


# --- the data and its state before -----------------------------------------------------------


def _prepare(db: Database) -> tuple[tuple[Customer, ...], tuple[str, ...]]:
    """A demo database; the customers with the most títulos to renegotiate, the empresas."""
    generate(db, seed=11, customers=DEMO_CUSTOMERS, reference=AS_OF)
    with db.session() as s:
        ranked = []
        for cliente_id, codigo in s.execute(select(Cliente.id, Cliente.codigo)):
            rows = financeiro.load_titulos(s, cliente_id, AS_OF)
            ranked.append((sum(financeiro.renegotiable(r) for r in rows), codigo, cliente_id))
        empresas = tuple(s.scalars(select(Empresa.codigo).order_by(Empresa.codigo)))
    ranked.sort(reverse=True)
    chosen = tuple(Customer(codigo, cliente_id) for _, codigo, cliente_id in ranked[:CUSTOMERS])
    assert sum(n for n, _, _ in ranked[:CUSTOMERS]) >= 2 * CUSTOMERS, ranked
    return chosen, empresas


@dataclass
class State:
    """What the test checks against, read with the ORM."""

    acordos: dict[int, str]  # id -> situacao
    titulos: dict[int, tuple[int, Any, int | None, int | None]]  # versao, cancelado_em, ...
    programacoes: dict[int, tuple[int, str, str]]  # id -> versao, situacao, descricao
    last_audit: int


def _state(db: Database) -> State:
    with db.session() as s:
        return State(
            acordos={r[0]: r[1] for r in s.execute(select(Acordo.id, Acordo.situacao))},
            titulos={
                r[0]: tuple(r[1:])
                for r in s.execute(
                    select(
                        Titulo.id,
                        Titulo.versao,
                        Titulo.cancelado_em,
                        Titulo.renegociado_acordo_id,
                        Titulo.acordo_origem_id,
                    )
                )
            },
            programacoes={
                r[0]: tuple(r[1:])
                for r in s.execute(
                    select(
                        Programacao.id,
                        Programacao.versao,
                        Programacao.situacao,
                        Programacao.descricao,
                    )
                )
            },
            last_audit=s.scalar(select(func.coalesce(func.max(AuditEntry.id), 0))),
        )


# --- running the clerks ----------------------------------------------------------------------


def _run_clerks(
    url: str, customers: tuple[Customer, ...], empresas: tuple[str, ...]
) -> tuple[list[Report], float]:
    """Start the clerks, let them work, collect their reports; (reports, seconds of work)."""
    ctx = mp.get_context("spawn")
    go = ctx.Event()
    results = ctx.Queue()
    processes = []
    for index in range(WORKERS):
        job = Assignment(url, index, SEED + index, SECONDS, AS_OF, customers, empresas)
        process = ctx.Process(target=clerk, args=(job, go, results), name=f"clerk-{index}")
        process.start()
        processes.append(process)
    ready: set[int] = set()
    reports: dict[int, Report] = {}
    crashes: dict[int, str] = {}
    try:
        # every clerk has opened the database and read its customers: go
        start_by = time.monotonic() + STARTUP_TIMEOUT_S
        while len(ready) < WORKERS and not crashes and time.monotonic() < start_by:
            try:
                kind, index, payload = results.get(timeout=1)
            except queue_module.Empty:
                dead = [p.name for p in processes if not p.is_alive()]
                assert not dead, f"clerks died before starting: {dead}"
                continue
            if kind == "ready":
                ready.add(index)
            else:
                crashes[index] = payload
        assert not crashes, crashes
        assert len(ready) == WORKERS, f"only {len(ready)} clerks started"
        go.set()
        started = time.monotonic()
        give_up = started + SECONDS + HANG_AFTER_S
        while len(reports) + len(crashes) < WORKERS:
            try:
                kind, index, payload = results.get(timeout=max(0.1, give_up - time.monotonic()))
            except queue_module.Empty:
                break
            (reports if kind == "report" else crashes)[index] = payload
        worked = time.monotonic() - started
        for process in processes:
            process.join(max(0.1, give_up - time.monotonic()))
    finally:
        hung = [p.name for p in processes if p.is_alive()]
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join(10)
    assert not hung, f"clerks still running {HANG_AFTER_S}s after their deadline: {hung}"
    assert not crashes, crashes
    assert sorted(reports) == list(range(WORKERS)), sorted(reports)
    assert [p.exitcode for p in processes] == [0] * WORKERS
    return [reports[i] for i in range(WORKERS)], worked


# --- what the reports say --------------------------------------------------------------------


@dataclass
class Totals:
    tally: Counter[tuple[str, str]]
    messages: Counter[tuple[str, str, str]]
    causes: Counter[str]
    created: dict[int, tuple[int, str, str, tuple[int, ...], tuple[int, ...]]]
    cancelled: dict[int, tuple[tuple[int, ...], tuple[int, ...]]]
    programacoes: list[tuple[int, str, int, str]]
    numero_retries: int
    torn_reads: int
    snapshots: int
    slowest: tuple[float, str]

    def count(self, outcome: str, operations: tuple[str, ...] | None = None) -> int:
        return sum(
            n
            for (op, kind), n in self.tally.items()
            if kind == outcome and (operations is None or op in operations)
        )


def _totals(reports: list[Report]) -> Totals:
    totals = Totals(Counter(), Counter(), Counter(), {}, {}, [], 0, 0, 0, (0.0, ""))
    broken_twice = []
    for report in reports:
        totals.tally.update(report.tally)
        totals.messages.update(report.messages)
        totals.causes.update(report.conflict_causes)
        assert not set(report.created) & set(totals.created), "an acordo id reported twice"
        totals.created.update(report.created)
        broken_twice += sorted(set(report.cancelled) & set(totals.cancelled))
        totals.cancelled.update(report.cancelled)
        totals.programacoes += report.programacoes
        totals.numero_retries += report.numero_retries
        totals.torn_reads += report.torn_reads
        totals.snapshots += report.snapshots
        totals.slowest = max(totals.slowest, (report.slowest_s, report.slowest_op))
    assert not broken_twice, f"acordos broken successfully by two clerks: {broken_twice}"
    return totals


def _summary(dialect: str, totals: Totals, worked: float) -> str:
    ok = {op: totals.tally[(op, "ok")] for op in ("read", *WRITES)}
    conflicts = totals.count("conflict")
    causes = ", ".join(f"{k} {n}" for k, n in sorted(totals.causes.items()))
    return (
        f"soak {dialect}: {WORKERS} processes x {SECONDS} s ({worked:.1f} s): "
        f"{sum(totals.tally.values())} operations, "
        f"{sum(ok.values())} successes ({', '.join(f'{k} {n}' for k, n in ok.items())}), "
        f"{conflicts} conflicts ({causes or 'none'}), {totals.count('refusal')} refusals, "
        f"{totals.count('unexpected')} unexpected; {totals.numero_retries} acordo numbers "
        f"taken by another clerk and retried; {totals.snapshots} snapshot reads consistent, "
        f"{totals.torn_reads} torn reads (header and grid read apart); "
        f"slowest operation {totals.slowest[0]:.2f} s ({totals.slowest[1]})"
    )


# --- the checks ------------------------------------------------------------------------------


def _check_outcomes(totals: Totals) -> None:
    unexpected = [
        (op, message, n)
        for (op, kind, message), n in totals.messages.items()
        if kind == "unexpected"
    ]
    assert not unexpected, "\n\n".join(f"{op} x{n}: {message}" for op, message, n in unexpected)
    for op in ("read", *WRITES):
        assert totals.tally[(op, "ok")] > 0, f"no successful {op}: {dict(totals.tally)}"
    if SOAK:
        assert totals.count("conflict") > 0, dict(totals.tally)


def _check_acordos(db: Database, before: State, after: State, totals: Totals) -> None:
    created, cancelled = totals.created, totals.cancelled
    # the acordos: those before plus exactly those reported created
    assert set(after.acordos) - set(before.acordos) == set(created)
    assert len(after.acordos) == len(before.acordos) + totals.tally[("create", "ok")]
    assert set(before.acordos) <= set(after.acordos)
    assert set(cancelled) <= set(after.acordos)
    # each in the state of its last reported operation
    wrong = {}
    for acordo_id, situacao in after.acordos.items():
        if acordo_id in cancelled:
            expected = "quebrado"
        else:
            expected = before.acordos.get(acordo_id, "ativo")
        if situacao != expected:
            wrong[acordo_id] = (situacao, expected)
    assert not wrong, f"acordos not in the state of their last operation: {wrong}"
    for acordo_id in cancelled:
        assert before.acordos.get(acordo_id, "ativo") == "ativo", acordo_id
    # an active acordo holds exactly its originals; its installments are open
    t = after.titulos
    for acordo_id, (_, _, _, originals, own) in created.items():
        held = {i for i, (_, _, reneg, _) in t.items() if reneg == acordo_id}
        installments = {i for i, (_, _, _, origem) in t.items() if origem == acordo_id}
        assert installments == set(own), acordo_id
        if acordo_id in cancelled:
            assert held == set(), acordo_id
            assert all(t[i][1] is not None for i in own), acordo_id
            assert set(cancelled[acordo_id][1]) == set(originals), acordo_id
            assert set(cancelled[acordo_id][0]) == set(own), acordo_id
        else:
            assert held == set(originals), (acordo_id, held, originals)
            assert all(t[i][1] is None for i in own), acordo_id
    # a título open before is open now unless an active acordo holds it; one the run
    # changed (not an installment) is cancelled exactly when an acordo holds it
    for titulo_id, (versao, was_cancelled, _, _) in before.titulos.items():
        now, cancelado_em, reneg, origem = t[titulo_id]
        if was_cancelled is None and cancelado_em is not None:
            assert reneg is not None and after.acordos[reneg] == "ativo", titulo_id
        if now != versao and origem is None:
            assert (cancelado_em is None) == (reneg is None), titulo_id
    # acordo numbers: one per empresa, and the installments' document is ACD-<numero>
    with db.session() as s:
        numbers = s.execute(
            select(Acordo.empresa_id, Acordo.numero, func.count())
            .group_by(Acordo.empresa_id, Acordo.numero)
            .having(func.count() > 1)
        ).all()
        assert numbers == []
        docs = s.execute(
            select(Acordo.id, Acordo.numero, Titulo.numero_documento)
            .join(Titulo, Titulo.acordo_origem_id == Acordo.id)
            .where(Acordo.id.in_(list(created)) if created else Acordo.id < 0)
        ).all()
        assert all(doc == f"ACD-{numero}" for _, numero, doc in docs), docs


def _check_versions(before: State, after: State, totals: Totals) -> None:
    """Every write counted once: no lost update, no write nobody reported."""
    writes: Counter[int] = Counter()
    for _, _, _, originals, _ in totals.created.values():
        writes.update(originals)
    for own, reopened in totals.cancelled.values():
        # the acordo's installments open until then (an acordo made before may have some
        # cancelled already: those are not written again)
        was_open = [i for i in own if i not in before.titulos or before.titulos[i][1] is None]
        writes.update(was_open)
        writes.update(reopened)
    wrong = {}
    for titulo_id, (versao, *_) in after.titulos.items():
        expected = before.titulos[titulo_id][0] if titulo_id in before.titulos else 1
        if versao != expected + writes[titulo_id]:
            wrong[titulo_id] = (versao, expected, writes[titulo_id])
    assert not wrong, f"títulos whose versão is not one per reported write: {wrong}"

    ops: dict[int, list[tuple[int, str, str]]] = {}
    for pid, action, versao, value in totals.programacoes:
        ops.setdefault(pid, []).append((versao, action, value))
    added = {pid for pid, action, _, _ in totals.programacoes if action == "add"}
    assert set(after.programacoes) - set(before.programacoes) == added
    assert len(after.programacoes) == len(before.programacoes) + totals.tally[("prog_add", "ok")]
    for pid, done in ops.items():
        versao, situacao, descricao = before.programacoes.get(pid, (0, "pendente", ""))
        done.sort()
        resulting = [v for v, _, _ in done]
        assert resulting == list(range(versao + 1, versao + 1 + len(done))), (pid, done, versao)
        for _, action, value in done:
            if action == "situacao":
                situacao = value
            else:
                descricao = value
        assert after.programacoes[pid] == (resulting[-1], situacao, descricao), (pid, done)
    untouched = set(before.programacoes) - set(ops)
    assert all(after.programacoes[p] == before.programacoes[p] for p in untouched)


def _check_audit(db: Database, before: State, totals: Totals) -> None:
    with db.session() as s:
        rows = s.execute(
            select(AuditEntry.acao, AuditEntry.entidade, AuditEntry.entidade_id).where(
                AuditEntry.id > before.last_audit
            )
        ).all()
    logged = Counter((acao, entidade, entidade_id) for acao, entidade, entidade_id in rows)
    expected: Counter[tuple[str, str, int]] = Counter()
    expected.update(("acordo_criado", "acordo", i) for i in totals.created)
    expected.update(("acordo_quebrado", "acordo", i) for i in totals.cancelled)
    names = {"add": "programacao.incluir", "update": "programacao.alterar"}
    for pid, action, _, value in totals.programacoes:
        acao = names.get(action, f"programacao.{value}")
        expected[(acao, "programacao", pid)] += 1
    assert logged == expected, (logged - expected, expected - logged)


def _check_database(url: str, db: Database, customers: tuple[Customer, ...]) -> None:
    assert invariant_violations(url) == []
    path = None
    if make_url(url).get_backend_name() == "sqlite":
        path = Path(str(make_url(url).database))
        assert sqlite_integrity(path) == "ok"
    for customer in customers:
        with db.session() as s:
            found = position_figures.groups(s, customer.id, AS_OF)
            header = position_figures.Summary(tuple(found))
            rows = financeiro.load_titulos(s, customer.id, AS_OF)
        assert header.figures().total_a_receber == financeiro.summarize(rows).total_a_receber
        shown, reference = summary_matches_reference(url, customer.codigo, AS_OF)
        assert shown == reference, customer
    if path is not None:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _soak(url: str, dialect: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(url)
    try:
        customers, empresas = _prepare(db)
        before = _state(db)
        reports, worked = _run_clerks(url, customers, empresas)
        totals = _totals(reports)
        line = _summary(dialect, totals, worked)
        details = [
            f"    {kind} {op} x{n}: {message.splitlines()[0]}"
            for (op, kind, message), n in totals.messages.most_common()
        ]
        with capsys.disabled():
            print("\n" + "\n".join([line, *details]))
        record(
            "concorrência",
            f"{WORKERS} processos por {SECONDS} s criando, quebrando e lendo acordos e "
            f"programações de {CUSTOMERS} clientes — {dialect}",
            sum(totals.tally.values()),
            "nada" if not totals.count("unexpected") else "ver detalhes",
            line,
        )
        _check_outcomes(totals)
        after = _state(db)
        _check_acordos(db, before, after, totals)
        _check_versions(before, after, totals)
        _check_audit(db, before, totals)
        _check_database(url, db, customers)
    finally:
        db.dispose()


@pytest.mark.slow
def test_soak_sqlite(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _soak(sqlite_url, "SQLite (WAL)", capsys)


@pytest.mark.slow
@pytest.mark.postgres
def test_soak_postgresql(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _soak(pg_url, "PostgreSQL", capsys)
