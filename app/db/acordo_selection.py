"""The títulos chosen for an acordo: which ones they are, and whether they can be renegotiated.

A título is named by its id or by (numero_documento, parcela) within the empresa
(:data:`TituloRef`). :func:`load_selection` resolves the names against the customer
and the empresa, refuses títulos that are cancelled, received, already renegotiated,
installments of an active acordo or issued after the agreement date, and computes the
position of each as of that date by app.domain.titulos.position, exactly as
app.db.financeiro.load_titulos does. Every refusal is an AcordoInvalido("titulos")
naming the first título at fault. Used by app/db/acordo_ops.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from app.db.acordo_lookup import find_cliente_id, find_empresa
from app.db.quebras import held_after
from app.db.schema import Acordo, Recebimento, Titulo
from app.domain.acordo import AcordoInvalido
from app.domain.formatting import format_date
from app.domain.money import ZERO
from app.domain.titulos import Position, Rates, Status, TituloFacts, position, received_as_of

__all__ = [
    "SelectedTitulo",
    "Selection",
    "TituloRef",
    "load_selected",
    "load_selection",
    "resolve_ids",
]

# A título as the user names it: its id, or (numero_documento, parcela) within the empresa.
TituloRef = int | tuple[str, int]


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
    cliente_id = find_cliente_id(session, cliente_codigo)
    empresa_id, rates = find_empresa(session, empresa_codigo)
    ids = resolve_ids(session, cliente_id, empresa_id, empresa_codigo, titulos)
    selected = load_selected(session, ids, as_of, rates)
    return Selection(cliente_id, empresa_id, empresa_codigo, as_of, selected)


# --- naming: references to ids ---------------------------------------------------------------


def _ref_label(ref: TituloRef) -> str:
    return f"{ref[0]}/{ref[1]}" if isinstance(ref, tuple) else f"id {ref}"


def resolve_ids(
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


# --- checking: can they be renegotiated on that date -----------------------------------------


def _refusal(
    r: Any,
    label: str,
    as_of: date,
    receipts: list[tuple[date, Decimal]],
    quebrado: tuple[int, date] | None,
) -> str:
    """Why this título (a row of load_selected's query) cannot be renegotiated on
    ``as_of``, or "" when it can. ``quebrado``: (número, data da quebra) of a broken
    acordo that held it after ``as_of`` (quebras.held_after), or None."""
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
    if quebrado is not None:
        numero, quebra = quebrado
        return (
            f"o título {label} estava no acordo {numero}, quebrado em {format_date(quebra)}, "
            f"depois da data do acordo ({format_date(as_of)})"
        )
    return ""


def load_selected(
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
    quebrados = held_after(session, ids, as_of)
    selected = []
    for titulo_id in ids:
        r = rows[titulo_id]
        label = f"{r.numero_documento}/{r.parcela}"
        refusal = _refusal(r, label, as_of, receipts[titulo_id], quebrados.get(titulo_id))
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
