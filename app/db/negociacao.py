"""Negociação section: the customer's acordos (renegotiations)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from app.db.columns import Column, Kind
from app.db.financeiro import TituloRow, load_titulos
from app.db.quebras import originals_of
from app.db.schema import Acordo, Empresa, Titulo
from app.db.sorting import by_rank, direction, ids_in_order, ranks
from app.domain.titulos import Status

SITUACOES = {"ativo": "Ativo", "quebrado": "Quebrado"}


@dataclass(frozen=True, slots=True)
class AcordoRow:
    id: int
    numero: int
    empresa: str
    data: date
    valor_original: Decimal
    multa: Decimal
    juros: Decimal
    desconto: Decimal
    valor_negociado: Decimal
    parcelas: int
    situacao: str  # as of the date asked
    quebrado_em: date | None = None  # whatever the date asked: a later break too

    @property
    def encargos(self) -> Decimal:
        return self.multa + self.juros


def _select() -> Any:  # a Select of the AcordoRow fields, and cancelado_em
    return select(
        Acordo.id,
        Acordo.numero,
        Empresa.codigo,
        Acordo.data,
        Acordo.valor_original,
        Acordo.multa,
        Acordo.juros,
        Acordo.desconto,
        Acordo.valor_negociado,
        Acordo.parcelas,
        Acordo.situacao,
        Acordo.cancelado_em,
    ).join(Empresa, Empresa.id == Acordo.empresa_id)


def _row(r: Any, as_of: date) -> AcordoRow:
    broken = r.cancelado_em is not None and r.cancelado_em <= as_of
    return AcordoRow(
        id=r.id,
        numero=r.numero,
        empresa=r.codigo,
        data=r.data,
        valor_original=r.valor_original,
        multa=r.multa,
        juros=r.juros,
        desconto=r.desconto,
        valor_negociado=r.valor_negociado,
        parcelas=r.parcelas,
        situacao="quebrado" if broken else "ativo",
        quebrado_em=r.cancelado_em,
    )


# newest first: the default order of the grid
DEFAULT_ORDER = (Acordo.data.desc(), Acordo.numero.desc(), Acordo.id.desc())


def load_acordos(
    session: Session, cliente_id: int, as_of: date, *, empresa: str | None = None
) -> list[AcordoRow]:
    """The customer's acordos made up to ``as_of``, newest first, as they stood then."""
    query = (
        _select()
        .where(Acordo.cliente_id == cliente_id, Acordo.data <= as_of)
        .order_by(*DEFAULT_ORDER)
    )
    if empresa is not None:
        query = query.where(Empresa.codigo == empresa)
    return [_row(r, as_of) for r in session.execute(query)]


def count_acordos(session: Session, cliente_id: int, as_of: date) -> int:
    query = select(func.count()).where(Acordo.cliente_id == cliente_id, Acordo.data <= as_of)
    return int(session.scalar(query) or 0)


def sort_order(session: Session, as_of: date, key: str, descending: bool) -> list[Any]:
    """ORDER BY terms of the grid's column ``key`` as app.models.base.sorted_rows sorts it
    (SITUAÇÃO by its label as of the date)."""
    if key == "empresa":
        codes = {row[0]: row[1] for row in session.execute(select(Empresa.id, Empresa.codigo))}
        return by_rank(ranks(codes), Acordo.empresa_id, descending)
    if key == "situacao":
        broken = and_(Acordo.cancelado_em.is_not(None), Acordo.cancelado_em <= as_of)
        places = ranks(SITUACOES)
        label = case((broken, places["quebrado"]), else_=places["ativo"])
        return [direction(label, descending)]
    if key == "encargos":
        return [direction(Acordo.multa + Acordo.juros, descending)]
    if key in {"numero", "data", "valor_original", "desconto", "valor_negociado", "parcelas"}:
        return [direction(Acordo.__table__.c[key], descending)]
    return []  # the print icon's column: nothing to sort by


def ordered_ids(
    session: Session, cliente_id: int, as_of: date, sort: tuple[str, bool] | None = None
) -> list[int]:
    """The ids of the acordos the grid shows, in its order: ``sort`` is (column key,
    descending); ties (and no sort) newest first."""
    order = sort_order(session, as_of, *sort) if sort is not None else []
    query = (
        select(Acordo.id)
        .where(Acordo.cliente_id == cliente_id, Acordo.data <= as_of)
        .order_by(*order, *DEFAULT_ORDER)
    )
    return ids_in_order(session, query)


def acordos_by_ids(session: Session, as_of: date, ids: Sequence[int]) -> list[AcordoRow]:
    """The acordos of these ids as they stood on ``as_of``, in the order given."""
    found: dict[int, AcordoRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        for r in session.execute(_select().where(Acordo.id.in_(chunk))):
            found[r.id] = _row(r, as_of)
    return [found[i] for i in ids if i in found]


COLUMNS: tuple[Column[AcordoRow], ...] = (
    Column("numero", "NÚMERO", Kind.INT, lambda r: r.numero),
    Column("empresa", "EMPRESA", Kind.TEXT, lambda r: r.empresa),
    Column("data", "DATA", Kind.DATE, lambda r: r.data),
    Column("valor_original", "VALOR ORIGINAL", Kind.MONEY, lambda r: r.valor_original),
    Column("encargos", "ENCARGOS", Kind.MONEY, lambda r: r.encargos),
    Column("desconto", "DESCONTO", Kind.MONEY, lambda r: r.desconto),
    Column("valor_negociado", "VALOR NEGOCIADO", Kind.MONEY, lambda r: r.valor_negociado),
    Column("parcelas", "PARCELAS", Kind.INT, lambda r: r.parcelas),
    Column("situacao", "SITUAÇÃO", Kind.TEXT, lambda r: SITUACOES.get(r.situacao, r.situacao)),
)


# --- the títulos of one acordo (the Negociação page's lower grid) ---

PAPEIS = {"parcela": "Parcela do acordo", "original": "Título renegociado"}


@dataclass(frozen=True, slots=True)
class AcordoTituloRow:
    """A título of an acordo: one of its installments, or an original it replaced."""

    papel: str  # parcela | original
    titulo: TituloRow

    @property
    def status(self) -> Status:
        return self.titulo.status


def load_acordo_titulos(session: Session, acordo_id: int, as_of: date) -> list[AcordoTituloRow]:
    """The acordo's installment títulos, then the originals it replaced, as of ``as_of``."""
    cliente_id = session.scalar(select(Acordo.cliente_id).where(Acordo.id == acordo_id))
    if cliente_id is None:
        return []
    parcelas = load_titulos(session, cliente_id, as_of, where=Titulo.acordo_origem_id == acordo_id)
    originais = load_titulos(session, cliente_id, as_of, where=originals_of(acordo_id))
    parcelas.sort(key=lambda t: (t.parcela, t.vencimento, t.id))
    return [AcordoTituloRow("parcela", t) for t in parcelas] + [
        AcordoTituloRow("original", t) for t in originais
    ]


ACORDO_TITULO_COLUMNS: tuple[Column[AcordoTituloRow], ...] = (
    Column("papel", "TIPO", Kind.TEXT, lambda r: PAPEIS.get(r.papel, r.papel)),
    Column("empresa", "EMPRESA", Kind.TEXT, lambda r: r.titulo.empresa),
    Column("numero_documento", "TÍTULO NÚM. DOC.", Kind.TEXT, lambda r: r.titulo.numero_documento),
    Column("parcela", "PARCELA", Kind.INT, lambda r: r.titulo.parcela),
    Column("vencimento", "VENCIMENTO", Kind.DATE, lambda r: r.titulo.vencimento),
    Column("valor", "VALOR", Kind.MONEY, lambda r: r.titulo.valor),
    Column("saldo", "SALDO", Kind.MONEY, lambda r: r.titulo.pos.saldo),
    Column("status", "STATUS", Kind.STATUS, lambda r: r.titulo.status),
)
