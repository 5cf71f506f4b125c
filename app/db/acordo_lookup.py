"""Finding what the acordo operations name: customers, empresas and acordos by code.

Read-only helpers of app/db/acordo_ops.py (and app/db/acordo_selection.py): each one
raises NotFound, with a message for the user, when the thing named does not exist.
``load_acordo_summary`` is what the "Quebrar acordo" dialog shows before breaking one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.errors import NotFound
from app.db.schema import Acordo, Cliente, Empresa, Recebimento, Titulo
from app.domain.titulos import Rates

__all__ = [
    "AcordoSummary",
    "find_acordo_id",
    "find_cliente_id",
    "find_empresa",
    "load_acordo_summary",
]


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


def find_cliente_id(session: Session, codigo: str) -> int:
    """The id of the customer ``codigo``; NotFound otherwise."""
    found = session.scalar(select(Cliente.id).where(Cliente.codigo == codigo))
    if found is None:
        raise NotFound(f"cliente não encontrado: {codigo}")
    return found


def find_empresa(session: Session, codigo: str) -> tuple[int, Rates]:
    """The id and the multa/juros rates of the empresa ``codigo``; NotFound otherwise."""
    row = session.execute(
        select(Empresa.id, Empresa.multa_percentual, Empresa.juros_mensal_percentual).where(
            Empresa.codigo == codigo
        )
    ).first()
    if row is None:
        raise NotFound(f"empresa não encontrada: {codigo}")
    return row[0], Rates(row[1], row[2])


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
    """The acordo ``acordo_id`` and how many of its títulos were received; NotFound otherwise."""
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
