"""Clerks renegotiating overlapping títulos at the same moment, as real processes.

Each process opens the database itself (as a second copy of the program would),
loads its selection (the dialog's preview), waits on a barrier and saves at once.
Afterwards: exactly one acordo per overlapping set, the others got ConcurrentChange,
and every acordo is whole (its installments, its originals cancelled).
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_module
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db.acordo_ops import AcordoRequest, create_acordo, load_selection
from app.db.engine import Database, open_database
from app.db.errors import ConcurrentChange
from app.db.schema import Acordo, AuditEntry, Cliente, Empresa, Titulo
from app.domain.acordo import AcordoInvalido

D = date(2026, 11, 30)
ROUNDS = 3
TIMEOUT_S = 90
CONFLICT = "Um ou mais títulos foram alterados por outro usuário"


def _clerk(
    url: str,
    name: str,
    request: AcordoRequest,
    preload: bool,
    barrier: Any,
    results: Any,
) -> None:
    """One clerk: open, look (optionally), wait for the others, save; report the outcome."""
    db = open_database(url)
    try:
        if preload:
            with db.session() as session:
                seen = load_selection(
                    session,
                    cliente_codigo=request.cliente_codigo,
                    empresa_codigo=request.empresa_codigo,
                    titulos=request.titulos,
                    as_of=request.data,
                ).versoes
            request = replace(request, versoes=seen)
        barrier.wait(TIMEOUT_S)
        try:
            created = create_acordo(db, request)
        except ConcurrentChange as exc:
            results.put((name, "conflict", str(exc)))
        except AcordoInvalido as exc:
            results.put((name, "invalid", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results.put((name, "error", f"{type(exc).__name__}: {exc}"))
        else:
            results.put((name, "ok", created.numero))
    finally:
        db.dispose()


def _seed_customer(db: Database, codigo: str, count: int) -> list[tuple[str, int]]:
    """A customer with ``count`` overdue títulos in empresa E1; their (doc, parcela)."""
    with db.session() as s:
        if s.scalar(select(Empresa.id).where(Empresa.codigo == "E1")) is None:
            s.add(Empresa(codigo="E1", razao_social="Loja Um Ltda", cnpj="11222333000181"))
        cliente = Cliente(codigo=codigo, nome=codigo, nome_busca=codigo.lower(), cpf_cnpj="0")
        s.add(cliente)
        s.flush()
        empresa_id = s.scalar(select(Empresa.id).where(Empresa.codigo == "E1"))
        refs = [(f"{codigo}-NF", k) for k in range(1, count + 1)]
        s.add_all(
            Titulo(
                empresa_id=empresa_id,
                cliente_id=cliente.id,
                numero_documento=doc,
                parcela=parcela,
                emissao=date(2026, 6, 1),
                vencimento=date(2026, 9, parcela),
                valor=Decimal("1000.00") + parcela,
            )
            for doc, parcela in refs
        )
    return refs


def _run_clerks(
    url: str, cliente: str, sets: dict[str, list[tuple[str, int]]], *, preload: bool
) -> dict[str, tuple[str, Any]]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(sets))
    results = ctx.Queue()
    processes = []
    for name, titulos in sets.items():
        request = AcordoRequest(
            cliente_codigo=cliente,
            empresa_codigo="E1",
            titulos=titulos,
            data=D,
            parcelas=3,
            first_due=date(2026, 12, 30),
            entrada=Decimal("100.00"),
            entrada_data=D,
            operador=name,
        )
        process = ctx.Process(
            target=_clerk, args=(url, name, request, preload, barrier, results), name=name
        )
        process.start()
        processes.append(process)
    outcomes: dict[str, tuple[str, Any]] = {}
    try:
        for _ in processes:
            name, kind, detail = results.get(timeout=TIMEOUT_S)
            outcomes[name] = (kind, detail)
    except queue_module.Empty:
        pytest.fail(f"a clerk process did not report within {TIMEOUT_S}s: {outcomes}")
    finally:
        for process in processes:
            process.join(TIMEOUT_S)
            if process.is_alive():
                process.kill()
    assert all(p.exitcode == 0 for p in processes), [p.exitcode for p in processes]
    return outcomes


def _check_whole(db: Database) -> None:
    """No half-written state anywhere in the database."""
    with db.session() as s:
        acordos = s.scalars(select(Acordo).order_by(Acordo.numero)).all()
        assert [a.numero for a in acordos] == list(range(1, len(acordos) + 1))
        for acordo in acordos:
            own = s.scalars(
                select(Titulo).where(Titulo.acordo_origem_id == acordo.id).order_by(Titulo.parcela)
            ).all()
            assert [t.parcela for t in own] == list(range(0, acordo.parcelas + 1))
            assert {t.numero_documento for t in own} == {f"ACD-{acordo.numero}"}
            assert own[0].valor == acordo.entrada
            assert sum((t.valor for t in own), Decimal(0)) == acordo.valor_negociado
            originals = s.scalars(
                select(Titulo).where(Titulo.renegociado_acordo_id == acordo.id)
            ).all()
            assert originals
            assert sum((t.valor for t in originals), Decimal(0)) == acordo.valor_original
            for t in originals:
                assert t.cancelado_em == acordo.data
                assert t.motivo_cancelamento == f"renegociado no acordo {acordo.numero}"
                assert t.versao == 2
        orphans = s.scalar(
            select(func.count())
            .select_from(Titulo)
            .where(Titulo.cancelado_em.is_not(None), Titulo.renegociado_acordo_id.is_(None))
        )
        assert orphans == 0
        audited = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.acao == "acordo_criado")
        )
        assert audited == len(acordos)


def _winners(outcomes: dict[str, tuple[str, Any]], *, preload: bool) -> set[str]:
    for name, (kind, detail) in outcomes.items():
        assert kind != "error", f"{name}: {detail}"
        if kind == "conflict":
            assert detail == CONFLICT
        if kind == "invalid":
            # without a preloaded selection a late clerk may already see the título taken
            assert not preload, f"{name}: {detail}"
            assert "já foi renegociado no acordo" in detail
    return {name for name, (kind, _) in outcomes.items() if kind == "ok"}


def _renegotiated(db: Database, cliente: str) -> dict[int, set[tuple[str, int]]]:
    with db.session() as s:
        rows = s.execute(
            select(Acordo.numero, Titulo.numero_documento, Titulo.parcela)
            .join(Titulo, Titulo.renegociado_acordo_id == Acordo.id)
            .join(Cliente, Cliente.id == Acordo.cliente_id)
            .where(Cliente.codigo == cliente)
        ).all()
    found: dict[int, set[tuple[str, int]]] = {}
    for numero, doc, parcela in rows:
        found.setdefault(numero, set()).add((doc, parcela))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("preload", [True, False], ids=["dialog", "command-line"])
def test_two_clerks_same_titulos(db_url: str, preload: bool) -> None:
    db = open_database(db_url)
    try:
        for round_ in range(ROUNDS):
            cliente = f"R2{round_}"
            refs = _seed_customer(db, cliente, 3)
            sets = {"clerk-a": refs, "clerk-b": list(reversed(refs))}
            outcomes = _run_clerks(db_url, cliente, sets, preload=preload)
            winners = _winners(outcomes, preload=preload)
            assert len(winners) == 1, outcomes
            (numero,) = _renegotiated(db, cliente)
            assert _renegotiated(db, cliente)[numero] == set(refs)
            _check_whole(db)
    finally:
        db.dispose()


@pytest.mark.slow
def test_four_clerks_two_overlapping_groups(db_url: str) -> None:
    """Clerks a and b share a título, c and d share another; the groups are disjoint:
    one acordo per group, with distinct numbers (the number itself is contended)."""
    db = open_database(db_url)
    try:
        for round_ in range(ROUNDS):
            cliente = f"R4{round_}"
            t = _seed_customer(db, cliente, 5)
            sets = {
                "clerk-a": [t[0], t[1]],
                "clerk-b": [t[1], t[2]],
                "clerk-c": [t[3], t[4]],
                "clerk-d": [t[4]],
            }
            outcomes = _run_clerks(db_url, cliente, sets, preload=True)
            winners = _winners(outcomes, preload=True)
            assert len(winners & {"clerk-a", "clerk-b"}) == 1, outcomes
            assert len(winners & {"clerk-c", "clerk-d"}) == 1, outcomes
            assert sorted(
                map(frozenset, _renegotiated(db, cliente).values()), key=sorted
            ) == sorted((frozenset(sets[w]) for w in winners), key=sorted)
            _check_whole(db)
    finally:
        db.dispose()


@pytest.mark.slow
def test_four_clerks_in_a_ring(db_url: str) -> None:
    """Each clerk overlaps both neighbours: whoever commits first excludes its two
    neighbours, and the opposite clerk, disjoint from it, succeeds: two acordos."""
    db = open_database(db_url)
    try:
        for round_ in range(ROUNDS):
            cliente = f"RR{round_}"
            t = _seed_customer(db, cliente, 4)
            sets = {f"clerk-{k}": [t[k], t[(k + 1) % 4]] for k in range(4)}
            outcomes = _run_clerks(db_url, cliente, sets, preload=True)
            winners = _winners(outcomes, preload=True)
            assert winners in ({"clerk-0", "clerk-2"}, {"clerk-1", "clerk-3"}), outcomes
            _check_whole(db)
    finally:
        db.dispose()
