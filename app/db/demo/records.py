"""What the generator holds while it makes a customer (not the ORM classes of app.db.schema).

Dates are ordinals (``date.toordinal``) and money is in cents, so the hot loops do
integer arithmetic; app.domain is asked for the exact figures only where it decides
(vencimento real, acordo plans), and values are converted once, when written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from app.domain.acordo import AcordoPlan, add_months
from app.domain.titulos import Rates

__all__ = [
    "BAD",
    "GOOD",
    "LATE",
    "AcordoDraft",
    "Customer",
    "Empresa",
    "Produto",
    "TituloDraft",
    "Venda",
    "cents",
    "cum",
    "dec",
    "plus_months",
]

# Customer profiles: they decide how títulos get paid.
GOOD, LATE, BAD = 0, 1, 2


@dataclass(slots=True)
class TituloDraft:
    """A título being made: dates are ordinals (date.toordinal), money is in cents."""

    id: int
    empresa: int
    venda: int | None
    doc: str
    parcela: int
    emissao: int
    venc: int
    valor: int
    forma: str
    cancel: int | None = None
    motivo: str | None = None
    neg: int | None = None
    cob: int | None = None
    origem: int | None = None  # acordo_origem_id
    reneg: int | None = None  # renegociado_acordo_id
    recebs: list[tuple[int, int, str]] = field(default_factory=list)  # (day, cents, forma)

    def received(self, until: int) -> int:
        return sum(value for day, value, _ in self.recebs if day <= until)


@dataclass(frozen=True)
class Produto:
    id: int
    descricao: str
    unidade: str
    price: int  # cents, at the reference date
    line: str  # eletro, moveis, eletronicos, obra, ferragens
    lot: float  # units (UN, CX) bought at once: 1 + int(random() ** 4 * lot)

    @property
    def big(self) -> bool:
        """Delivered to the customer's home."""
        return self.price >= 50_000 and self.line in ("eletro", "moveis", "eletronicos")


@dataclass(frozen=True)
class Empresa:
    id: int
    rates: Rates
    produtos: tuple[Produto, ...]


@dataclass(frozen=True)
class Venda:
    id: int
    code: str
    day: int
    empresa: int
    total: int
    produto: Produto  # its most expensive item
    cancelled: bool


@dataclass
class AcordoDraft:
    id: int
    numero: int
    empresa: Empresa
    cliente: int
    day: int
    plan: AcordoPlan
    operador: str
    parcelas: list[TituloDraft]
    originais: list[TituloDraft]
    entrada: TituloDraft | None = None  # the down payment: título ACD-N parcela 0
    situacao: str = "ativo"
    cancelado_em: int | None = None
    motivo: str | None = None
    observacao: str | None = None


@dataclass
class Customer:
    id: int
    home: Empresa
    since: int
    profile: int
    stops_paying: int  # BAD customers: títulos due from this day on stay unpaid
    vendas: list[Venda] = field(default_factory=list)
    titulos: list[TituloDraft] = field(default_factory=list)


def cum(weights: tuple[int, ...]) -> tuple[float, ...]:
    """The cumulative shares of ``weights``: (30, 70) -> (0.3, 1.0)."""
    total, running, edges = sum(weights), 0, []
    for w in weights:
        running += w
        edges.append(running / total)
    return tuple(edges)


@lru_cache(maxsize=1 << 16)
def plus_months(ordinal: int, months: int) -> int:
    return add_months(date.fromordinal(ordinal), months).toordinal()


def cents(value: Decimal) -> int:
    return int(value.scaleb(2))


def dec(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)
