"""Programação section: the customer's scheduled events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.columns import Column, Kind
from app.db.schema import Empresa, Programacao

TIPOS = {
    "entrega": "Entrega",
    "visita_tecnica": "Visita técnica",
    "ligacao": "Ligação",
    "cobranca": "Cobrança",
    "outro": "Outro",
}
SITUACOES = {"pendente": "Pendente", "realizada": "Realizada", "cancelada": "Cancelada"}


@dataclass(frozen=True, slots=True)
class ProgramacaoRow:
    id: int
    data: date
    hora: time | None
    tipo: str
    descricao: str
    responsavel: str | None
    situacao: str
    empresa: str

    def atrasada(self, today: date) -> bool:
        """A pending event whose day has passed."""
        return self.situacao == "pendente" and self.data < today


def load_programacoes(
    session: Session, cliente_id: int, *, today: date, include_past: bool = False
) -> list[ProgramacaoRow]:
    """Pending events from today on, overdue pending ones first; or every event."""
    query = (
        select(
            Programacao.id,
            Programacao.data,
            Programacao.hora,
            Programacao.tipo,
            Programacao.descricao,
            Programacao.responsavel,
            Programacao.situacao,
            Empresa.codigo,
        )
        .join(Empresa, Empresa.id == Programacao.empresa_id)
        .where(Programacao.cliente_id == cliente_id)
        .order_by(Programacao.data, Programacao.hora, Programacao.id)
    )
    if not include_past:
        query = query.where(Programacao.situacao == "pendente")
    rows = [ProgramacaoRow(*row) for row in session.execute(query)]
    if include_past:
        return rows
    overdue = [r for r in rows if r.data < today]
    return overdue + [r for r in rows if r.data >= today]


COLUMNS: tuple[Column[ProgramacaoRow], ...] = (
    Column("data", "DATA PROGRAMAÇÃO", Kind.DATE, lambda r: r.data),
    Column("hora", "HORA", Kind.TIME, lambda r: r.hora),
    Column("tipo", "TIPO", Kind.TEXT, lambda r: TIPOS.get(r.tipo, r.tipo)),
    Column("descricao", "DESCRIÇÃO", Kind.TEXT, lambda r: r.descricao),
    Column("responsavel", "RESPONSÁVEL", Kind.TEXT, lambda r: r.responsavel),
    Column("situacao", "SITUAÇÃO", Kind.TEXT, lambda r: SITUACOES.get(r.situacao, r.situacao)),
    Column("empresa", "EMPRESA", Kind.TEXT, lambda r: r.empresa),
)
