"""The recebimentos (baixas) of one título: the Financeiro page's detail dialog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.columns import Column, Kind, forma_pagamento_label
from app.db.schema import Recebimento


@dataclass(frozen=True, slots=True)
class RecebimentoRow:
    id: int
    data: date
    valor: Decimal
    forma_pagamento: str | None


def load_recebimentos(
    session: Session, titulo_id: int, as_of: date | None = None
) -> list[RecebimentoRow]:
    """The título's recebimentos in date order; only those dated on or before ``as_of``."""
    query = (
        select(Recebimento.id, Recebimento.data, Recebimento.valor, Recebimento.forma_pagamento)
        .where(Recebimento.titulo_id == titulo_id)
        .order_by(Recebimento.data, Recebimento.id)
    )
    if as_of is not None:
        query = query.where(Recebimento.data <= as_of)
    return [RecebimentoRow(*row) for row in session.execute(query)]


COLUMNS: tuple[Column[RecebimentoRow], ...] = (
    Column("data", "DATA", Kind.DATE, lambda r: r.data),
    Column("valor", "VALOR", Kind.MONEY, lambda r: r.valor),
    Column(
        "forma_pagamento",
        "FORMA PAGTO.",
        Kind.TEXT,
        lambda r: forma_pagamento_label(r.forma_pagamento),
    ),
)
