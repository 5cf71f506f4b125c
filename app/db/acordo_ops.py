"""Creating and breaking renegotiations (acordos): the write operations of Negociação.

Rules: DOMAIN.md, "Renegotiation (acordo)"; the figures come from
:func:`app.domain.acordo.plan_acordo`. Each write is one transaction that
returns what it changed (:class:`AcordoCreated`, :class:`AcordoCancelled`).

Layout of an acordo N in table ``titulo``: the installments are ``ACD-N``
parcelas 1..n; the entrada, when there is one, is its own título ``ACD-N``
parcela 0 due on the entrada date. ``acordo.parcelas`` counts the installments
only. The renegotiated originals keep their rows: cancelado_em = D, motivo
"renegociado no acordo N", renegociado_acordo_id = the acordo. Breaking the acordo
clears those three and keeps the pair in ``acordo_quebrado_original``: as of a date
between the acordo and its break the originals are still cancelled (app.db.reopened).

Concurrency. A caller that showed the títulos to a user passes the versions it
saw (``AcordoRequest.versoes``; without them they are read when the call
starts). Inside the transaction the títulos are locked first (PostgreSQL:
``SELECT ... FOR UPDATE`` in id order, so two writers never deadlock; SQLite:
``BEGIN IMMEDIATE``, one writer at a time, since the pysqlite driver would
otherwise begin the transaction only at the first UPDATE, after the checks),
then their versions are compared: a título changed since it was seen raises
:class:`ConcurrentChange` and nothing is written. The cancelling UPDATEs also
carry ``versao = :seen AND cancelado_em IS NULL`` and their row count is checked.

Modules: this one holds the operations and what they take and return; the
selection of títulos and its checks are in app/db/acordo_selection.py, the write
transaction and the translation of driver errors in app/db/acordo_locking.py, the
lookups by code and the acordo summary in app/db/acordo_lookup.py (all re-exported
here as before).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.db import audit
from app.db.acordo_locking import is_numero_race, translate, write_session
from app.db.acordo_lookup import (
    AcordoSummary,
    find_acordo_id,
    find_cliente_id,
    find_empresa,
    load_acordo_summary,
)
from app.db.acordo_selection import (
    SelectedTitulo,
    Selection,
    TituloRef,
    load_selected,
    load_selection,
    resolve_ids,
)
from app.db.engine import Database
from app.db.errors import ConcurrentChange, DatabaseError, NotFound
from app.db.schema import Acordo, AcordoQuebradoOriginal, Empresa, Recebimento, Titulo
from app.domain.acordo import AcordoPlan, plan_acordo
from app.domain.formatting import format_date
from app.domain.money import ZERO
from app.domain.text import without_controls

__all__ = [
    "ACORDO_TITULO_PREFIX",
    "AcordoCancelled",
    "AcordoCreated",
    "AcordoRecusado",
    "AcordoRequest",
    "AcordoSummary",
    "SelectedTitulo",
    "Selection",
    "TituloRef",
    "cancel_acordo",
    "create_acordo",
    "find_acordo_id",
    "load_acordo_summary",
    "load_selection",
    "plan_for",
    "preview_acordo",
]

log = logging.getLogger(__name__)

ACORDO_TITULO_PREFIX = "ACD-"
FORMA_PAGAMENTO = "boleto"
NUMERO_ATTEMPTS = 5


class AcordoRecusado(DatabaseError):
    """The acordo cannot be broken (or found) as asked; str() is for the user."""


@dataclass(frozen=True)
class AcordoRequest:
    """What the clerk asked for. ``data`` is the agreement date D.

    ``versoes`` maps título id to the ``versao`` the user saw (from
    :class:`Selection`); ``expected_total`` is the total negociado the user saw.
    Either mismatch at saving time raises ConcurrentChange.
    """

    cliente_codigo: str
    empresa_codigo: str
    titulos: Sequence[TituloRef]
    data: date
    parcelas: int
    first_due: date
    desconto: Decimal = ZERO
    desconto_percentual: Decimal | None = None
    allow_principal_discount: bool = False
    entrada: Decimal = ZERO
    entrada_data: date | None = None
    taxa: Decimal = ZERO
    operador: str = field(default_factory=audit.current_user)
    observacao: str | None = None
    versoes: Mapping[int, int] | None = None
    expected_total: Decimal | None = None


@dataclass(frozen=True)
class AcordoCreated:
    """What create_acordo changed."""

    acordo_id: int
    numero: int
    empresa_codigo: str
    cliente_id: int
    plan: AcordoPlan
    created_titulo_ids: tuple[int, ...]  # the entrada (parcela 0) and the installments
    cancelled_titulo_ids: tuple[int, ...]  # the renegotiated originals

    @property
    def changed_titulo_ids(self) -> tuple[int, ...]:
        return self.created_titulo_ids + self.cancelled_titulo_ids


@dataclass(frozen=True)
class AcordoCancelled:
    """What cancel_acordo changed."""

    acordo_id: int
    numero: int
    empresa_codigo: str
    cliente_id: int
    cancelled_titulo_ids: tuple[int, ...]  # the acordo's own títulos
    reopened_titulo_ids: tuple[int, ...]  # the originals, open again

    @property
    def changed_titulo_ids(self) -> tuple[int, ...]:
        return self.cancelled_titulo_ids + self.reopened_titulo_ids


# --- the preview ------------------------------------------------------------------------------


def plan_for(selection: Selection, request: AcordoRequest) -> AcordoPlan:
    """The acordo ``request`` asks for over ``selection`` (pure; AcordoInvalido if invalid)."""
    if selection.as_of != request.data:
        raise ValueError("the selection was loaded for another date than the request's")
    return plan_acordo(
        positions=[t.pos for t in selection.titulos],
        as_of=request.data,
        desconto=request.desconto,
        desconto_percentual=request.desconto_percentual,
        allow_principal_discount=request.allow_principal_discount,
        entrada=request.entrada,
        entrada_data=request.entrada_data,
        n=request.parcelas,
        first_due=request.first_due,
        rate_percent_monthly=request.taxa,
    )


def _selection_of(session: Session, request: AcordoRequest) -> Selection:
    return load_selection(
        session,
        cliente_codigo=request.cliente_codigo,
        empresa_codigo=request.empresa_codigo,
        titulos=request.titulos,
        as_of=request.data,
    )


def preview_acordo(session: Session, request: AcordoRequest) -> AcordoPlan:
    """The acordo as it would be saved now; AcordoInvalido names the input to correct."""
    return plan_for(_selection_of(session, request), request)


# --- writing ---------------------------------------------------------------------------------


def _lock_versions(session: Session, ids: Sequence[int]) -> dict[int, int]:
    """Lock the títulos (PostgreSQL: FOR UPDATE, in id order) and read their versions."""
    query = (
        select(Titulo.id, Titulo.versao)
        .where(Titulo.id.in_(ids))
        .order_by(Titulo.id)
        .with_for_update()
    )
    return {titulo_id: versao for titulo_id, versao in session.execute(query)}


def _next_numero(session: Session, empresa_id: int) -> int:
    last = session.scalar(select(func.max(Acordo.numero)).where(Acordo.empresa_id == empresa_id))
    return (last or 0) + 1


def create_acordo(db: Database, request: AcordoRequest) -> AcordoCreated:
    """Save the acordo ``request`` asks for, in one transaction.

    Raises AcordoInvalido (the input to correct), NotFound, ConcurrentChange
    (a título changed since it was seen: nothing written) or DatabaseError.
    """
    try:
        expected = request.versoes
        if expected is None:
            with db.session() as session:
                expected = _selection_of(session, request).versoes
        for attempt in range(1, NUMERO_ATTEMPTS + 1):
            try:
                with write_session(db) as session:
                    created = _create(session, request, expected)
            except IntegrityError as exc:
                if not is_numero_race(exc) or attempt == NUMERO_ATTEMPTS:
                    raise
                log.info("acordo number taken by another user; retrying (%d)", attempt)
                continue
            log.info(
                "acordo %s/%d created: %d títulos renegotiated",
                created.empresa_codigo,
                created.numero,
                len(created.cancelled_titulo_ids),
            )
            return created
    except IntegrityError as exc:
        if "uq_titulo_empresa_doc_parcela" in str(exc.orig) or "titulo.numero_documento" in str(
            exc.orig
        ):
            raise DatabaseError(
                "já existem títulos ACD- com o número do novo acordo nesta empresa; "
                "verifique os títulos importados"
            ) from exc
        raise translate(exc) from exc
    except DBAPIError as exc:
        raise translate(exc) from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _create(session: Session, request: AcordoRequest, expected: Mapping[int, int]) -> AcordoCreated:
    cliente_id = find_cliente_id(session, request.cliente_codigo)
    empresa_id, rates = find_empresa(session, request.empresa_codigo)
    ids = resolve_ids(session, cliente_id, empresa_id, request.empresa_codigo, request.titulos)
    if any(i not in expected for i in ids):
        raise ValueError("versoes must give the version of every título of the request")
    current = _lock_versions(session, ids)
    if any(current.get(i) != expected[i] for i in ids):
        raise ConcurrentChange()
    selection = Selection(
        cliente_id,
        empresa_id,
        request.empresa_codigo,
        request.data,
        load_selected(session, ids, request.data, rates),
    )
    plan = plan_for(selection, request)
    if request.expected_total is not None and plan.total_negociado != request.expected_total:
        raise ConcurrentChange()
    numero = _next_numero(session, empresa_id)
    acordo = Acordo(
        empresa_id=empresa_id,
        numero=numero,
        cliente_id=cliente_id,
        data=request.data,
        valor_original=plan.principal,
        multa=plan.multa,
        juros=plan.juros,
        desconto=plan.desconto,
        valor_negociado=plan.total_negociado,
        entrada=plan.entrada,
        entrada_data=plan.entrada_data,
        parcelas=len(plan.parcelas),
        taxa_mensal=plan.taxa,
        operador=request.operador,
        observacao=without_controls(request.observacao or "", keep="\n\t").strip() or None,
        situacao="ativo",
    )
    session.add(acordo)
    session.flush()
    novos = _installments(acordo, plan)
    session.add_all(novos)
    session.flush()
    _cancel_originals(session, selection, expected, acordo)
    audit.record(
        session,
        "acordo_criado",
        "acordo",
        acordo.id,
        numero=numero,
        empresa=request.empresa_codigo,
        cliente=request.cliente_codigo,
        data=request.data.isoformat(),
        titulos=[t.label for t in selection.titulos],
        valor_original=plan.principal,
        multa=plan.multa,
        juros=plan.juros,
        desconto=plan.desconto,
        valor_negociado=plan.total_negociado,
        entrada=plan.entrada,
        entrada_data=plan.entrada_data.isoformat() if plan.entrada_data else None,
        parcelas=[[p.numero, p.vencimento.isoformat(), p.valor] for p in plan.parcelas],
        taxa_mensal=plan.taxa,
        operador=request.operador,
    )
    return AcordoCreated(
        acordo_id=acordo.id,
        numero=numero,
        empresa_codigo=request.empresa_codigo,
        cliente_id=cliente_id,
        plan=plan,
        created_titulo_ids=tuple(t.id for t in novos),
        cancelled_titulo_ids=tuple(t.id for t in selection.titulos),
    )


def _installments(acordo: Acordo, plan: AcordoPlan) -> list[Titulo]:
    """The acordo's títulos: the entrada as parcela 0 (when there is one), then 1..n."""
    documento = f"{ACORDO_TITULO_PREFIX}{acordo.numero}"
    schedule = [(p.numero, p.vencimento, p.valor) for p in plan.parcelas]
    if plan.entrada > 0 and plan.entrada_data is not None:
        schedule.insert(0, (0, plan.entrada_data, plan.entrada))
    return [
        Titulo(
            empresa_id=acordo.empresa_id,
            cliente_id=acordo.cliente_id,
            numero_documento=documento,
            parcela=parcela,
            emissao=acordo.data,
            vencimento=vencimento,
            valor=valor,
            forma_pagamento=FORMA_PAGAMENTO,
            acordo_origem_id=acordo.id,
            versao=1,
        )
        for parcela, vencimento, valor in schedule
    ]


def _cancel_originals(
    session: Session, selection: Selection, expected: Mapping[int, int], acordo: Acordo
) -> None:
    conn = session.connection()
    changed = 0
    for t in selection.titulos:
        result = conn.execute(
            update(Titulo)
            .where(
                Titulo.id == t.id,
                Titulo.versao == expected[t.id],
                Titulo.cancelado_em.is_(None),
            )
            .values(
                cancelado_em=acordo.data,
                motivo_cancelamento=f"renegociado no acordo {acordo.numero}",
                renegociado_acordo_id=acordo.id,
                versao=Titulo.versao + 1,
            )
        )
        changed += result.rowcount
    if changed != len(selection.titulos):
        raise ConcurrentChange()


# --- breaking an acordo ----------------------------------------------------------------------


def cancel_acordo(db: Database, acordo_id: int, *, motivo: str, data: date) -> AcordoCancelled:
    """Break ("quebrar") an acordo none of whose títulos was received: its títulos are
    cancelled on ``data`` and the originals it renegotiated are open again.

    Raises AcordoRecusado (a DatabaseError) with the reason when it cannot be broken.
    """
    motivo = without_controls(motivo, keep="\n\t").strip()  # a pasted NUL: invisible
    if not motivo:
        raise AcordoRecusado("informe o motivo da quebra do acordo")
    try:
        with write_session(db) as session:
            cancelled = _cancel(session, acordo_id, motivo, data)
    except DBAPIError as exc:
        raise translate(exc) from exc
    log.info("acordo %s/%d broken", cancelled.empresa_codigo, cancelled.numero)
    return cancelled


def _cancel(session: Session, acordo_id: int, motivo: str, data: date) -> AcordoCancelled:
    acordo = session.execute(
        select(
            Acordo.numero,
            Acordo.data,
            Acordo.situacao,
            Acordo.cancelado_em,
            Empresa.codigo,
            Acordo.cliente_id,
        )
        .join(Empresa, Empresa.id == Acordo.empresa_id)
        .where(Acordo.id == acordo_id)
        .with_for_update(of=Acordo)
    ).first()
    if acordo is None:
        raise NotFound(f"acordo não encontrado (id {acordo_id})")
    numero = acordo.numero
    if acordo.situacao != "ativo":
        quando = f" em {format_date(acordo.cancelado_em)}" if acordo.cancelado_em else ""
        raise AcordoRecusado(f"o acordo {numero} já foi quebrado{quando}")
    if data < acordo.data:
        raise AcordoRecusado(
            f"a data da quebra não pode ser anterior à data do acordo ({format_date(acordo.data)})"
        )
    titulos = session.execute(
        select(Titulo.id, Titulo.acordo_origem_id, Titulo.renegociado_acordo_id)
        .where(or_(Titulo.acordo_origem_id == acordo_id, Titulo.renegociado_acordo_id == acordo_id))
        .order_by(Titulo.id)
        .with_for_update()
    ).all()
    own = [t.id for t in titulos if t.acordo_origem_id == acordo_id]
    originals = [t.id for t in titulos if t.renegociado_acordo_id == acordo_id]
    if any(t.renegociado_acordo_id is not None for t in titulos if t.id in own):
        raise AcordoRecusado(
            f"parcelas do acordo {numero} foram renegociadas em outro acordo; quebre aquele antes"
        )
    received = session.scalar(
        select(func.count()).select_from(Recebimento).where(Recebimento.titulo_id.in_(own))
    )
    if received:
        raise AcordoRecusado("o acordo já tem parcelas recebidas e não pode ser quebrado")
    conn = session.connection()
    result = conn.execute(
        update(Acordo)
        .where(Acordo.id == acordo_id, Acordo.situacao == "ativo")
        .values(situacao="quebrado", cancelado_em=data, motivo_cancelamento=motivo)
    )
    if result.rowcount != 1:  # pragma: no cover - the row is locked above
        raise ConcurrentChange()
    conn.execute(
        update(Titulo)
        .where(Titulo.acordo_origem_id == acordo_id, Titulo.cancelado_em.is_(None))
        .values(
            cancelado_em=data,
            motivo_cancelamento=f"acordo {numero} quebrado",
            versao=Titulo.versao + 1,
        )
    )
    if originals:  # cancelled from the acordo's data until today's break: kept dated
        conn.execute(
            insert(AcordoQuebradoOriginal),
            [{"acordo_id": acordo_id, "titulo_id": t} for t in originals],
        )
    conn.execute(
        update(Titulo)
        .where(Titulo.renegociado_acordo_id == acordo_id)
        .values(
            cancelado_em=None,
            motivo_cancelamento=None,
            renegociado_acordo_id=None,
            versao=Titulo.versao + 1,
        )
    )
    audit.record(
        session,
        "acordo_quebrado",
        "acordo",
        acordo_id,
        numero=numero,
        empresa=acordo.codigo,
        data=data.isoformat(),
        motivo=motivo,
        titulos_cancelados=own,
        titulos_reabertos=originals,
    )
    return AcordoCancelled(
        acordo_id=acordo_id,
        numero=numero,
        empresa_codigo=acordo.codigo,
        cliente_id=acordo.cliente_id,
        cancelled_titulo_ids=tuple(own),
        reopened_titulo_ids=tuple(originals),
    )
