"""One clerk of the concurrency soak (tests/reliability/test_reliability_soak.py).

:func:`clerk` runs in a process of its own (multiprocessing "spawn": it imports only
this module and app/db, neither pytest nor Qt). It opens the database as a copy of the
program would, reads each customer once, says "ready", waits for the test's "go" (all
the clerks start together) and then, until its deadline, does what a clerk does on a few
customers shared with the others, at random (seeded per clerk):

- read: the customer's Financeiro (position_figures.groups, ordered_ids, rows_by_ids, as the
  window loads it), the versions of its títulos, its acordos and its programações: the
  "view" the next operations on that customer act on, while the other clerks go on
  writing (so they often act on stale data); one read in four also reads the header and
  the rows again within one snapshot (:meth:`Clerk.check_snapshot`), where their figures
  must agree;
- create: an acordo over 1-3 renegotiable títulos of one empresa of the view, with the
  versions of the view (half of the time after a preview, as the dialog does, saving with
  the total shown);
- cancel: break ("quebrar") an active acordo of the view;
- programação: add one, or edit, mark done, cancel or reopen one with the versão of the
  view.

After a write, failed or not, the clerk reads the customer again before acting on it
(the window reloads).

Every outcome is classified (:func:`classify`): "ok", "conflict" (the clean "alterado
por outro usuário" messages), "refusal" (AcordoInvalido / AcordoRecusado explained in
Portuguese) or "unexpected" (anything else: its type and text). The clerk sends back one
:class:`Report` (plain data) through the queue: the tallies, the messages seen, and every
successful write with what it changed, so that the test can check the final state of
the database against it.
"""

from __future__ import annotations

import logging
import random
import re
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from datetime import time as clock
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.db import (
    financeiro,
    negociacao,
    position_figures,
    position_grid,
    positions,
    programacao,
    programacao_ops,
)
from app.db.acordo_ops import (
    AcordoRecusado,
    AcordoRequest,
    cancel_acordo,
    create_acordo,
    preview_acordo,
)
from app.db.engine import Database, open_database
from app.db.errors import ConcurrentChange, DatabaseError
from app.db.programacao_ops import ProgramacaoAlterada, ProgramacaoInput
from app.db.schema import Titulo
from app.domain.acordo import AcordoInvalido
from app.domain.money import ZERO

# the only messages a write lost to another clerk may show
CONFLICT_MESSAGES = {
    str(ConcurrentChange()),
    str(ProgramacaoAlterada()),
    # PostgreSQL lock_timeout (app/db/acordo_locking.py)
    "os títulos estão sendo alterados por outro usuário; tente novamente em instantes",
}
# refusals: the título or the acordo is no longer what the clerk saw, explained
REFUSALS = [
    re.compile(p)
    for p in (
        r"^o título \S+ já foi renegociado no acordo \d+$",
        r"^o título \S+ já está cancelado$",
        r"^o título \S+ é parcela do acordo \d+, que está ativo$",
        r"^o título \S+ já foi recebido$",
        r"^o acordo \d+ já foi quebrado( em \d\d/\d\d/\d{4})?$",
        r"^o acordo já tem parcelas recebidas e não pode ser quebrado$",
        r"^parcelas do acordo \d+ foram renegociadas em outro acordo; quebre aquele antes$",
        r"^a entrada deve ser menor que o total negociado$",
    )
]
# how long the clerks may take to start (8 interpreters importing the program at once)
STARTUP_TIMEOUT_S = 300
TIPOS = sorted(programacao.TIPOS)


@dataclass(frozen=True)
class Customer:
    codigo: str
    id: int


@dataclass(frozen=True)
class Assignment:
    """What one clerk is asked to do."""

    url: str
    index: int
    seed: int
    seconds: float
    as_of: date
    customers: tuple[Customer, ...]
    empresas: tuple[str, ...]


@dataclass
class Report:
    """What one clerk did (plain data: it crosses the process boundary)."""

    index: int
    tally: Counter[tuple[str, str]] = field(default_factory=Counter)  # (operation, outcome)
    messages: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    conflict_causes: Counter[str] = field(default_factory=Counter)
    # acordo id -> (numero, empresa, cliente codigo, originals cancelled, títulos created)
    created: dict[int, tuple[int, str, str, tuple[int, ...], tuple[int, ...]]] = field(
        default_factory=dict
    )
    # acordo id -> (títulos cancelled, originals reopened)
    cancelled: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=dict)
    # programação writes: (id, action, versão after, value: descricao or situacao)
    programacoes: list[tuple[int, str, int, str]] = field(default_factory=list)
    numero_retries: int = 0  # another clerk took the acordo number first (PostgreSQL)
    # the header's total and the grid's rows, read by separate statements as the window
    # does, differ (another clerk wrote in between): expected, counted
    torn_reads: int = 0
    snapshots: int = 0  # reads checked within one snapshot (check_snapshot)
    slowest_s: float = 0.0
    slowest_op: str = ""
    elapsed_s: float = 0.0


@dataclass
class View:
    """What the clerk last read of a customer (the screen it is looking at)."""

    rows: list[financeiro.TituloRow]
    versoes: dict[int, int]
    acordos: list[negociacao.AcordoRow]
    programacoes: list[programacao.ProgramacaoRow]
    prog_versoes: dict[int, int]


def classify(exc: BaseException) -> tuple[str, str]:
    """(outcome, message) of a failed operation."""
    message = str(exc)
    if isinstance(exc, AcordoInvalido | AcordoRecusado):
        if any(p.match(message) for p in REFUSALS):
            return "refusal", message
        return "unexpected", f"{type(exc).__name__}: {message}"
    if isinstance(exc, DatabaseError) and message in CONFLICT_MESSAGES:
        return "conflict", message
    return "unexpected", f"{type(exc).__name__}: {message}"


def conflict_cause(exc: BaseException) -> str:
    """Why a write lost: the stale versão, or what the database said (deadlock...)."""
    cause = exc.__cause__
    if isinstance(cause, DBAPIError):
        sqlstate = getattr(cause.orig, "sqlstate", None)
        return {"40P01": "deadlock", "40001": "serialization", "55P03": "lock_timeout"}.get(
            str(sqlstate), f"driver {sqlstate}"
        )
    return type(exc).__name__


class _NumeroRetries(logging.Handler):
    """Counts create_acordo's "acordo number taken by another user; retrying"."""

    def __init__(self, report: Report) -> None:
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        if "retrying" in record.getMessage():
            self.report.numero_retries += 1


class Clerk:
    def __init__(self, db: Database, job: Assignment) -> None:
        self.db = db
        self.job = job
        self.rng = random.Random(job.seed)
        self.report = Report(job.index)
        self.views: dict[str, View] = {}
        self.name = f"clerk-{job.index}"
        self.counter = 0
        # acordos refused for their received installments: the clerk does not try again
        self.unbreakable: set[int] = set()
        ops_log = logging.getLogger("app.db.acordo_ops")
        ops_log.setLevel(logging.INFO)
        ops_log.addHandler(_NumeroRetries(self.report))

    # --- the loop -------------------------------------------------------------------------

    def run(self, deadline: float) -> None:
        weights = {"read": 2, "create": 3, "cancel": 3, "programacao": 4}
        names, chances = list(weights), list(weights.values())
        while time.monotonic() < deadline:
            customer = self.rng.choice(self.job.customers)
            self.counter += 1
            self.attempt(customer, self.rng.choices(names, chances)[0])

    def prepare(self, customer: Customer, wanted: str) -> tuple[str, Callable[[], None]]:
        """What the clerk can do of ``wanted`` on the screen it sees: (operation, the work);
        with nothing to act on it creates instead of cancelling, reads instead of creating."""
        view = self.views.get(customer.codigo)
        if view is None:
            return "read", lambda: self.read(customer)
        if wanted == "cancel":
            active = [
                a for a in view.acordos if a.situacao == "ativo" and a.id not in self.unbreakable
            ]
            if active:
                acordo = self.rng.choice(active)
                return "cancel", lambda: self.cancel(acordo)
            wanted = "create"
        if wanted == "create":
            by_empresa: dict[str, list[financeiro.TituloRow]] = {}
            for row in view.rows:
                if financeiro.renegotiable(row) and row.id in view.versoes:
                    by_empresa.setdefault(row.empresa, []).append(row)
            if by_empresa:
                rows = by_empresa[self.rng.choice(sorted(by_empresa))]
                chosen = self.rng.sample(rows, min(len(rows), self.rng.randint(1, 3)))
                return "create", lambda: self.create(customer, view, chosen)
            wanted = "read"
        if wanted == "programacao":
            known = [p for p in view.programacoes if p.id in view.prog_versoes]
            pending = [p for p in known if p.situacao == "pendente"]
            action = self.rng.choices(["add", "update", "situacao"], [1, 1, 2])[0]
            if not known or action == "add":
                return "prog_add", lambda: self.add_programacao(customer)
            if action == "update" and pending:
                row = self.rng.choice(pending)
                versao = view.prog_versoes[row.id]
                return "prog_update", lambda: self.update_programacao(row, versao)
            row = self.rng.choice(known)
            versao = view.prog_versoes[row.id]
            situacao = "pendente"  # reopen one done or cancelled
            if row.situacao == "pendente":
                situacao = self.rng.choice(["realizada", "cancelada"])
            return "prog_situacao", lambda: self.set_situacao(row, versao, situacao)
        return "read", lambda: self.read(customer)

    def attempt(self, customer: Customer, wanted: str) -> None:
        operation, work = self.prepare(customer, wanted)
        started = time.monotonic()
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - every outcome is classified and reported
            outcome, message = classify(exc)
            if outcome == "unexpected":
                message += "\n" + "".join(traceback.format_exception(exc)[-6:])
            if outcome == "conflict":
                self.report.conflict_causes[conflict_cause(exc)] += 1
            self.report.tally[(operation, outcome)] += 1
            self.report.messages[(operation, outcome, message)] += 1
            self.views.pop(customer.codigo, None)
        else:
            self.report.tally[(operation, "ok")] += 1
        if operation != "read":  # the window reloads the customer after a write
            self.views.pop(customer.codigo, None)
        spent = time.monotonic() - started
        if spent > self.report.slowest_s:
            self.report.slowest_s, self.report.slowest_op = spent, operation

    # --- reading -------------------------------------------------------------------------

    def read(self, customer: Customer) -> None:
        as_of = self.job.as_of
        with self.db.session() as s:
            summary = position_figures.Summary(
                tuple(position_figures.groups(s, customer.id, as_of))
            )
            ids = position_grid.ordered_ids(s, customer.id, as_of, positions.Filters())
            rows = financeiro.rows_by_ids(s, customer.id, as_of, ids)
            query = select(Titulo.id, Titulo.versao).where(Titulo.cliente_id == customer.id)
            versoes = {r[0]: r[1] for r in s.execute(query)}
            acordos = negociacao.load_acordos(s, customer.id, as_of)
            progs = programacao.load_programacoes(s, customer.id, today=as_of, include_past=True)
            # the versão read with its row (as the window does): a separate read could
            # pair a situação seen before another clerk's change with the versão after it
            prog_versoes = {p.id: p.versao for p in progs}
        if len(rows) != len(ids):
            raise AssertionError(f"rows_by_ids lost rows: {len(ids)} ids, {len(rows)} rows")
        if summary.figures().total_a_receber != financeiro.summarize(rows).total_a_receber:
            self.report.torn_reads += 1
        self.views[customer.codigo] = View(rows, versoes, acordos, progs, prog_versoes)
        if self.rng.random() < 0.25:
            self.check_snapshot(customer)

    def check_snapshot(self, customer: Customer) -> None:
        """Within one snapshot the header's figures (SQL, app.db.positions) equal those of
        the rows (app.domain), whatever the other clerks are writing meanwhile."""
        as_of = self.job.as_of
        with self.db.session() as s:
            if self.db.dialect == "sqlite":
                s.connection().exec_driver_sql("BEGIN")  # one WAL snapshot for every SELECT
            else:
                s.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            header = position_figures.Summary(
                tuple(position_figures.groups(s, customer.id, as_of))
            ).figures()
            rows = financeiro.load_titulos(s, customer.id, as_of)
        figures = financeiro.summarize(rows)
        seen = (header.total_a_receber, header.total_vencido, header.total_atualizado)
        computed = (figures.total_a_receber, figures.total_vencido, figures.total_atualizado)
        if seen != computed:
            raise AssertionError(f"{customer.codigo}: header {seen} != rows {computed}")
        self.report.snapshots += 1

    # --- acordos -------------------------------------------------------------------------

    def create(self, customer: Customer, view: View, chosen: list[financeiro.TituloRow]) -> None:
        ids = [r.id for r in chosen]
        entrada = Decimal("10.00") if self.rng.random() < 0.3 else ZERO
        request = AcordoRequest(
            cliente_codigo=customer.codigo,
            empresa_codigo=chosen[0].empresa,
            titulos=ids,
            data=self.job.as_of,
            parcelas=self.rng.randint(1, 6),
            first_due=self.job.as_of + timedelta(days=30),
            entrada=entrada,
            entrada_data=self.job.as_of if entrada else None,
            taxa=Decimal("1.5") if self.rng.random() < 0.2 else ZERO,
            operador=self.name,
            observacao=f"soak {self.name} #{self.counter}",
            versoes={i: view.versoes[i] for i in ids},
        )
        if self.rng.random() < 0.5:  # the dialog: a preview, then save with the total shown
            with self.db.session() as s:
                plan = preview_acordo(s, request)
            request = replace(request, expected_total=plan.total_negociado)
        created = create_acordo(self.db, request)
        self.report.created[created.acordo_id] = (
            created.numero,
            created.empresa_codigo,
            customer.codigo,
            tuple(created.cancelled_titulo_ids),
            tuple(created.created_titulo_ids),
        )

    def cancel(self, acordo: negociacao.AcordoRow) -> None:
        try:
            done = cancel_acordo(
                self.db,
                acordo.id,
                motivo=f"quebra de teste ({self.name} #{self.counter})",
                data=self.job.as_of,
            )
        except AcordoRecusado as exc:
            if "parcelas recebidas" in str(exc):
                self.unbreakable.add(acordo.id)
            raise
        self.report.cancelled[acordo.id] = (done.cancelled_titulo_ids, done.reopened_titulo_ids)

    # --- programações --------------------------------------------------------------------

    def add_programacao(self, customer: Customer) -> None:
        descricao = f"incluída por {self.name} #{self.counter}"
        data = ProgramacaoInput(
            empresa=self.rng.choice(self.job.empresas),
            data=self.job.as_of + timedelta(days=self.rng.randint(-5, 30)),
            hora=clock(self.rng.randint(8, 17), 0) if self.rng.random() < 0.5 else None,
            tipo=self.rng.choice(TIPOS),
            descricao=descricao,
            responsavel=self.name,
        )
        with self.db.session() as s:
            changed = programacao_ops.add_programacao(s, customer.id, data)
        self.report.programacoes.append((changed.id, "add", changed.versao, descricao))

    def update_programacao(self, row: programacao.ProgramacaoRow, versao: int) -> None:
        descricao = f"alterada por {self.name} #{self.counter}"
        data = ProgramacaoInput(
            row.empresa, row.data, row.hora, row.tipo, descricao, responsavel=self.name
        )
        with self.db.session() as s:
            changed = programacao_ops.update_programacao(s, row.id, versao, data)
        self.report.programacoes.append((row.id, "update", changed.versao, descricao))

    def set_situacao(self, row: programacao.ProgramacaoRow, versao: int, situacao: str) -> None:
        with self.db.session() as s:
            changed = programacao_ops.set_situacao(s, row.id, versao, situacao)
        self.report.programacoes.append((row.id, "situacao", changed.versao, situacao))


def clerk(job: Assignment, go: Any, results: Any) -> None:
    """The process: open, read every customer once, say "ready", wait for the others
    (``go``), work until the deadline, report."""
    try:
        db = open_database(job.url)
        try:
            worker = Clerk(db, job)
            for customer in job.customers:  # the screens open (and the program warm)
                worker.read(customer)
            results.put(("ready", job.index, None))
            if not go.wait(STARTUP_TIMEOUT_S):
                return
            started = time.monotonic()
            worker.run(started + job.seconds)
            worker.report.elapsed_s = time.monotonic() - started
            results.put(("report", job.index, worker.report))
        finally:
            db.dispose()
    except BaseException:  # noqa: BLE001 - the test must hear of it
        results.put(("crash", job.index, traceback.format_exc()))
