"""Creating and breaking renegotiations (acordos): the write operations of Negociação.

Rules: DOMAIN.md, "Renegotiation (acordo)"; the figures come from
:func:`app.domain.acordo.plan_acordo`. Each write is one transaction that
returns what it changed (:class:`AcordoCreated`, :class:`AcordoCancelled`).

Layout of an acordo N in table ``titulo``: the installments are ``ACD-N``
parcelas 1..n; the entrada, when there is one, is its own título ``ACD-N``
parcela 0 due on the entrada date. ``acordo.parcelas`` counts the installments
only. The renegotiated originals keep their rows: cancelado_em = D, motivo
"renegociado no acordo N", renegociado_acordo_id = the acordo.

Concurrency. A caller that showed the títulos to a user passes the versions it
saw (``AcordoRequest.versoes``; without them they are read when the call
starts). Inside the transaction the títulos are locked first (PostgreSQL:
``SELECT ... FOR UPDATE`` in id order, so two writers never deadlock; SQLite:
``BEGIN IMMEDIATE``, one writer at a time, since the pysqlite driver would
otherwise begin the transaction only at the first UPDATE, after the checks),
then their versions are compared: a título changed since it was seen raises
:class:`ConcurrentChange` and nothing is written. The cancelling UPDATEs also
carry ``versao = :seen AND cancelado_em IS NULL`` and their row count is checked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, aliased

from app.db import audit
from app.db.engine import SQLITE_BUSY_TIMEOUT_S, Database, describe_db_error
from app.db.errors import ConcurrentChange, DatabaseError, NotFound
from app.db.schema import Acordo, Cliente, Empresa, Recebimento, Titulo
from app.domain.acordo import AcordoInvalido, AcordoPlan, plan_acordo
from app.domain.formatting import format_date
from app.domain.money import ZERO
from app.domain.titulos import Position, Rates, Status, TituloFacts, position, received_as_of

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
# How long a writer waits for another one's locks (SQLite waits its busy timeout).
LOCK_TIMEOUT_MS = SQLITE_BUSY_TIMEOUT_S * 1000

# A título as the user names it: its id, or (numero_documento, parcela) within the empresa.
TituloRef = int | tuple[str, int]


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
class SelectedTitulo:
    """A título chosen for an acordo, with its position as of D."""

    id: int
    numero_documento: str
    parcela: int
    emissao: date
    vencimento: date
    valor: Decimal
    versao: int
    pos: Position

    @property
    def label(self) -> str:
        return f"{self.numero_documento}/{self.parcela}"


@dataclass(frozen=True)
class Selection:
    """The títulos of one customer and empresa to renegotiate, all open as of ``as_of``."""

    cliente_id: int
    empresa_id: int
    empresa_codigo: str
    as_of: date
    titulos: tuple[SelectedTitulo, ...]

    @property
    def versoes(self) -> dict[int, int]:
        return {t.id: t.versao for t in self.titulos}


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


@dataclass(frozen=True)
class AcordoSummary:
    """An acordo as the "Quebrar acordo" dialog shows it."""

    id: int
    numero: int
    empresa_codigo: str
    cliente_id: int
    data: date
    valor_negociado: Decimal
    parcelas: int
    situacao: str
    titulos_recebidos: int  # acordo títulos with any recebimento

    @property
    def can_break(self) -> bool:
        return self.situacao == "ativo" and self.titulos_recebidos == 0


# --- reading: the selection and the preview ------------------------------------------------


def _ref_label(ref: TituloRef) -> str:
    return f"{ref[0]}/{ref[1]}" if isinstance(ref, tuple) else f"id {ref}"


def _cliente_id(session: Session, codigo: str) -> int:
    found = session.scalar(select(Cliente.id).where(Cliente.codigo == codigo))
    if found is None:
        raise NotFound(f"cliente não encontrado: {codigo}")
    return found


def _empresa(session: Session, codigo: str) -> tuple[int, Rates]:
    row = session.execute(
        select(Empresa.id, Empresa.multa_percentual, Empresa.juros_mensal_percentual).where(
            Empresa.codigo == codigo
        )
    ).first()
    if row is None:
        raise NotFound(f"empresa não encontrada: {codigo}")
    return row[0], Rates(row[1], row[2])


def _resolve_ids(
    session: Session, cliente_id: int, empresa_id: int, empresa: str, refs: Sequence[TituloRef]
) -> list[int]:
    """The ids of ``refs`` in their order, without repeats; every one the customer's and
    the empresa's, else AcordoInvalido("titulos") naming it."""
    if not refs:
        raise AcordoInvalido("titulos", "selecione ao menos um título")
    pairs = [r for r in refs if isinstance(r, tuple)]
    wanted_ids = [r for r in refs if not isinstance(r, tuple)]
    conditions: list[ColumnElement[bool]] = []
    if wanted_ids:
        conditions.append(Titulo.id.in_(wanted_ids))
    if pairs:
        conditions.append(
            or_(*(and_(Titulo.numero_documento == d, Titulo.parcela == p) for d, p in pairs))
        )
    query = select(
        Titulo.id, Titulo.numero_documento, Titulo.parcela, Titulo.cliente_id, Titulo.empresa_id
    ).where(or_(*conditions), or_(Titulo.cliente_id == cliente_id, Titulo.id.in_(wanted_ids)))
    rows = session.execute(query).all()
    ids: list[int] = []
    for ref in refs:
        titulo_id = _match(ref, rows, cliente_id, empresa_id, empresa)
        if titulo_id not in ids:
            ids.append(titulo_id)
    return ids


def _match(
    ref: TituloRef, rows: Sequence[Any], cliente_id: int, empresa_id: int, empresa: str
) -> int:
    """The id of the row ``ref`` names; AcordoInvalido when it is not the customer's
    and the empresa's."""
    if isinstance(ref, tuple):
        candidates = [
            r for r in rows if (r.numero_documento, r.parcela) == ref and r.cliente_id == cliente_id
        ]
        mine = [r for r in candidates if r.empresa_id == empresa_id]
        if mine:
            return int(mine[0].id)
        if candidates:
            raise AcordoInvalido(
                "titulos", f"o título {_ref_label(ref)} não é da empresa {empresa}"
            )
        raise AcordoInvalido("titulos", f"título não encontrado: {_ref_label(ref)}")
    found = next((r for r in rows if r.id == ref), None)
    if found is None:
        raise AcordoInvalido("titulos", f"título não encontrado: {_ref_label(ref)}")
    label = f"{found.numero_documento}/{found.parcela}"
    if found.cliente_id != cliente_id:
        raise AcordoInvalido("titulos", f"o título {label} não é deste cliente")
    if found.empresa_id != empresa_id:
        raise AcordoInvalido("titulos", f"o título {label} não é da empresa {empresa}")
    return ref


def _refusal(r: Any, label: str, as_of: date, receipts: list[tuple[date, Decimal]]) -> str:
    """Why this título (a row of _load_selected's query) cannot be renegotiated on
    ``as_of``, or "" when it can."""
    if r.renegociado_numero is not None:
        return f"o título {label} já foi renegociado no acordo {r.renegociado_numero}"
    if r.cancelado_em is not None:
        return f"o título {label} já está cancelado"
    if r.origem_numero is not None and r.origem_situacao == "ativo":
        return f"o título {label} é parcela do acordo {r.origem_numero}, que está ativo"
    if r.emissao > as_of:
        return f"o título {label} foi emitido depois da data do acordo ({format_date(as_of)})"
    if r.valor - sum((v for _, v in receipts), ZERO) <= 0:
        return f"o título {label} já foi recebido"
    if any(day > as_of for day, _ in receipts):
        return f"o título {label} tem recebimento depois da data do acordo ({format_date(as_of)})"
    return ""


def _load_selected(
    session: Session, ids: Sequence[int], as_of: date, rates: Rates
) -> tuple[SelectedTitulo, ...]:
    """The títulos ``ids`` (in that order) as of ``as_of``; AcordoInvalido when one of
    them is cancelled, received, in an active acordo, or did not exist on ``as_of``."""
    origem = aliased(Acordo)
    renegociado = aliased(Acordo)
    query = (
        select(
            Titulo.id,
            Titulo.numero_documento,
            Titulo.parcela,
            Titulo.emissao,
            Titulo.vencimento,
            Titulo.valor,
            Titulo.versao,
            Titulo.cancelado_em,
            Titulo.negativado_em,
            Titulo.cobranca_em,
            origem.numero.label("origem_numero"),
            origem.situacao.label("origem_situacao"),
            renegociado.numero.label("renegociado_numero"),
        )
        .outerjoin(origem, origem.id == Titulo.acordo_origem_id)
        .outerjoin(renegociado, renegociado.id == Titulo.renegociado_acordo_id)
        .where(Titulo.id.in_(ids))
    )
    rows = {r.id: r for r in session.execute(query)}
    receipts: dict[int, list[tuple[date, Decimal]]] = {i: [] for i in ids}
    for titulo_id, day, valor in session.execute(
        select(Recebimento.titulo_id, Recebimento.data, Recebimento.valor).where(
            Recebimento.titulo_id.in_(ids)
        )
    ):
        receipts[titulo_id].append((day, valor))
    selected = []
    for titulo_id in ids:
        r = rows[titulo_id]
        label = f"{r.numero_documento}/{r.parcela}"
        refusal = _refusal(r, label, as_of, receipts[titulo_id])
        if refusal:
            raise AcordoInvalido("titulos", refusal)
        facts = TituloFacts(
            valor=r.valor,
            emissao=r.emissao,
            vencimento=r.vencimento,
            received=received_as_of(receipts[titulo_id], as_of),
            cancelado_em=r.cancelado_em,
            negativado_em=r.negativado_em,
            cobranca_em=r.cobranca_em,
        )
        pos = position(facts, as_of, rates)
        if pos is None or not pos.is_open:  # pragma: no cover - _refusal covers these
            status = pos.status if pos is not None else Status.CANCELADO
            raise AcordoInvalido("titulos", f"o título {label} está {status.label.lower()}")
        selected.append(
            SelectedTitulo(
                r.id, r.numero_documento, r.parcela, r.emissao, r.vencimento, r.valor, r.versao, pos
            )
        )
    return tuple(selected)


def load_selection(
    session: Session,
    *,
    cliente_codigo: str,
    empresa_codigo: str,
    titulos: Sequence[TituloRef],
    as_of: date,
) -> Selection:
    """The chosen títulos with their positions as of ``as_of`` and their versions.

    Raises NotFound for an unknown customer or empresa, and AcordoInvalido("titulos")
    naming the first título that does not belong to them or cannot be renegotiated.
    The positions are computed by app.domain.titulos.position exactly as
    app.db.financeiro.load_titulos does, but only for the chosen títulos.
    """
    cliente_id = _cliente_id(session, cliente_codigo)
    empresa_id, rates = _empresa(session, empresa_codigo)
    ids = _resolve_ids(session, cliente_id, empresa_id, empresa_codigo, titulos)
    selected = _load_selected(session, ids, as_of, rates)
    return Selection(cliente_id, empresa_id, empresa_codigo, as_of, selected)


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


@contextmanager
def _write_session(db: Database) -> Iterator[Session]:
    """A transaction that holds the write lock from its first statement.

    SQLite: pysqlite (legacy transaction control) emits BEGIN only before the
    first INSERT/UPDATE, so the checks before it would run outside any
    transaction; an explicit BEGIN IMMEDIATE takes the write lock at once
    (waiting up to the busy timeout) and pysqlite then commits it normally.
    PostgreSQL: row locks are taken by the callers; lock_timeout bounds the wait.
    """
    with db.session() as session:
        conn = session.connection()
        if db.dialect == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif db.dialect == "postgresql":
            conn.execute(
                text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": f"{LOCK_TIMEOUT_MS}ms"}
            )
        yield session


def _translate(exc: DBAPIError) -> DatabaseError:
    """A driver error as a message for the user."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01"):  # serialization failure, deadlock
        return ConcurrentChange()
    if sqlstate == "55P03":  # lock_timeout
        return DatabaseError(
            "os títulos estão sendo alterados por outro usuário; tente novamente em instantes"
        )
    return DatabaseError(describe_db_error(exc))


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


def _is_numero_race(exc: IntegrityError) -> bool:
    text = str(exc.orig)
    return "uq_acordo_empresa_numero" in text or "acordo.empresa_id, acordo.numero" in text


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
                with _write_session(db) as session:
                    created = _create(session, request, expected)
            except IntegrityError as exc:
                if not _is_numero_race(exc) or attempt == NUMERO_ATTEMPTS:
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
        raise _translate(exc) from exc
    except DBAPIError as exc:
        raise _translate(exc) from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _create(session: Session, request: AcordoRequest, expected: Mapping[int, int]) -> AcordoCreated:
    cliente_id = _cliente_id(session, request.cliente_codigo)
    empresa_id, rates = _empresa(session, request.empresa_codigo)
    ids = _resolve_ids(session, cliente_id, empresa_id, request.empresa_codigo, request.titulos)
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
        _load_selected(session, ids, request.data, rates),
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
        observacao=request.observacao or None,
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


def find_acordo_id(session: Session, empresa_codigo: str, numero: int) -> int:
    """The id of acordo ``numero`` of the empresa; NotFound otherwise."""
    found = session.scalar(
        select(Acordo.id)
        .join(Empresa, Empresa.id == Acordo.empresa_id)
        .where(Empresa.codigo == empresa_codigo, Acordo.numero == numero)
    )
    if found is None:
        raise NotFound(f"acordo não encontrado: {numero} da empresa {empresa_codigo}")
    return found


def load_acordo_summary(session: Session, acordo_id: int) -> AcordoSummary:
    received = (
        select(func.count(func.distinct(Recebimento.titulo_id)))
        .join(Titulo, Titulo.id == Recebimento.titulo_id)
        .where(Titulo.acordo_origem_id == acordo_id)
        .scalar_subquery()
    )
    row = session.execute(
        select(
            Acordo.id,
            Acordo.numero,
            Empresa.codigo,
            Acordo.cliente_id,
            Acordo.data,
            Acordo.valor_negociado,
            Acordo.parcelas,
            Acordo.situacao,
            received,
        )
        .join(Empresa, Empresa.id == Acordo.empresa_id)
        .where(Acordo.id == acordo_id)
    ).first()
    if row is None:
        raise NotFound(f"acordo não encontrado (id {acordo_id})")
    return AcordoSummary(*row)


def cancel_acordo(db: Database, acordo_id: int, *, motivo: str, data: date) -> AcordoCancelled:
    """Break ("quebrar") an acordo none of whose títulos was received: its títulos are
    cancelled on ``data`` and the originals it renegotiated are open again.

    Raises AcordoRecusado (a DatabaseError) with the reason when it cannot be broken.
    """
    motivo = motivo.strip()
    if not motivo:
        raise AcordoRecusado("informe o motivo da quebra do acordo")
    try:
        with _write_session(db) as session:
            cancelled = _cancel(session, acordo_id, motivo, data)
    except DBAPIError as exc:
        raise _translate(exc) from exc
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
