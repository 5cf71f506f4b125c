"""Negociação section: the customer's acordos (renegotiations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.columns import Column, Kind
from app.db.financeiro import TituloRow, load_titulos
from app.db.schema import Acordo, Empresa, Titulo
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
    situacao: str

    @property
    def encargos(self) -> Decimal:
        return self.multa + self.juros


def load_acordos(
    session: Session, cliente_id: int, as_of: date, *, empresa: str | None = None
) -> list[AcordoRow]:
    """The customer's acordos made up to ``as_of``, newest first, as they stood then."""
    query = (
        select(
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
        )
        .join(Empresa, Empresa.id == Acordo.empresa_id)
        .where(Acordo.cliente_id == cliente_id, Acordo.data <= as_of)
        .order_by(Acordo.data.desc(), Acordo.numero.desc())
    )
    if empresa is not None:
        query = query.where(Empresa.codigo == empresa)
    rows = []
    for r in session.execute(query):
        broken = r.cancelado_em is not None and r.cancelado_em <= as_of
        rows.append(AcordoRow(*r[:10], situacao="quebrado" if broken else "ativo"))
    return rows


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
    originais = load_titulos(
        session, cliente_id, as_of, where=Titulo.renegociado_acordo_id == acordo_id
    )
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
