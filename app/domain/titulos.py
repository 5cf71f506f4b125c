"""Status, saldo and charges (multa, juros) of a título as of a date D.

Only facts dated on or before D count, so a clerk can see the position on
any past date. See DOMAIN.md, "Status of a título as of a reference date D"
and "Charges on overdue títulos".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.domain.calendar import vencimento_real
from app.domain.money import ZERO, to_cents

__all__ = [
    "DEFAULT_RATES",
    "OPEN_STATUSES",
    "STATUS_ORDER",
    "Bucket",
    "Position",
    "Rates",
    "Status",
    "TituloFacts",
    "ageing_bucket",
    "position",
    "received_as_of",
    "total_a_receber",
    "total_atualizado",
]

MAX_MULTA_PERCENTUAL = Decimal("2.00")  # CDC art. 52 §1º
MAX_JUROS_MENSAL_PERCENTUAL = Decimal("10.00")
_JUROS_DIVISOR = Decimal(3000)  # percent (100) x days in the commercial month (30)


class Status(StrEnum):
    EM_ABERTO = "em_aberto"
    VENCIDO = "vencido"
    COBRANCA = "cobranca"
    NEGATIVADO = "negativado"
    RECEBIDO = "recebido"
    CANCELADO = "cancelado"

    @property
    def label(self) -> str:
        """The status as the screen shows it."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.EM_ABERTO: "Em aberto",
    Status.VENCIDO: "Vencido",
    Status.COBRANCA: "Cobrança",
    Status.NEGATIVADO: "Negativado",
    Status.RECEBIDO: "Recebido",
    Status.CANCELADO: "Cancelado",
}

OPEN_STATUSES: frozenset[Status] = frozenset(
    {Status.EM_ABERTO, Status.VENCIDO, Status.COBRANCA, Status.NEGATIVADO}
)
# The order of the status filter in the original screen.
STATUS_ORDER: tuple[Status, ...] = (
    Status.VENCIDO,
    Status.EM_ABERTO,
    Status.CANCELADO,
    Status.RECEBIDO,
    Status.NEGATIVADO,
    Status.COBRANCA,
)


@dataclass(frozen=True)
class Rates:
    """An empresa's charges on overdue títulos, in percent."""

    multa_percentual: Decimal = Decimal("2.00")
    juros_mensal_percentual: Decimal = Decimal("1.00")

    def __post_init__(self) -> None:
        multa, juros = self.multa_percentual, self.juros_mensal_percentual
        if not multa.is_finite() or multa < 0:
            raise ValueError("a multa não pode ser negativa")
        if multa > MAX_MULTA_PERCENTUAL:
            raise ValueError("multa acima de 2,00% não é permitida (CDC art. 52 §1º)")
        if not juros.is_finite() or juros < 0:
            raise ValueError("os juros não podem ser negativos")
        if juros > MAX_JUROS_MENSAL_PERCENTUAL:
            raise ValueError("juros acima de 10,00% ao mês não são permitidos")


def received_as_of(recebimentos: Iterable[tuple[date, Decimal]], as_of: date) -> Decimal:
    """The sum of the recebimentos (date, amount) dated on or before ``as_of``."""
    return sum((amount for day, amount in recebimentos if day <= as_of), ZERO)


@dataclass(frozen=True, slots=True)
class TituloFacts:
    """What is known about a título; ``received`` sums recebimentos dated <= D."""

    valor: Decimal
    emissao: date
    vencimento: date
    received: Decimal
    cancelado_em: date | None = None
    negativado_em: date | None = None
    cobranca_em: date | None = None


@dataclass(frozen=True, slots=True)
class Position:
    """A título as of D: status, saldo and charges."""

    status: Status
    received: Decimal
    saldo: Decimal
    dias_atraso: int
    multa: Decimal
    juros: Decimal
    valor_atualizado: Decimal

    @property
    def encargos(self) -> Decimal:
        return self.multa + self.juros

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def _status(facts: TituloFacts, saldo: Decimal, as_of: date, overdue: bool) -> Status:
    if facts.cancelado_em is not None and facts.cancelado_em <= as_of:
        return Status.CANCELADO
    if saldo == 0:
        return Status.RECEBIDO
    if facts.negativado_em is not None and facts.negativado_em <= as_of:
        return Status.NEGATIVADO
    if facts.cobranca_em is not None and facts.cobranca_em <= as_of:
        return Status.COBRANCA
    return Status.VENCIDO if overdue else Status.EM_ABERTO


DEFAULT_RATES = Rates()


def position(facts: TituloFacts, as_of: date, rates: Rates = DEFAULT_RATES) -> Position | None:
    """The título as of ``as_of``; None when it was not yet issued then."""
    if facts.emissao > as_of:
        return None
    unpaid = facts.valor - facts.received
    # one zero for all; nothing to round for one paid in full (most of a long history)
    saldo = (to_cents(unpaid) or ZERO) if unpaid > 0 else ZERO
    overdue = as_of > vencimento_real(facts.vencimento)
    status = _status(facts, saldo, as_of, overdue)
    if status not in OPEN_STATUSES:
        return Position(status, facts.received, saldo, 0, ZERO, ZERO, ZERO)
    if not overdue:
        return Position(status, facts.received, saldo, 0, ZERO, ZERO, saldo)
    dias = (as_of - facts.vencimento).days
    multa = to_cents(saldo * rates.multa_percentual / 100)
    juros = to_cents(saldo * rates.juros_mensal_percentual * dias / _JUROS_DIVISOR)
    return Position(status, facts.received, saldo, dias, multa, juros, saldo + multa + juros)


def total_a_receber(positions: Iterable[Position]) -> Decimal:
    """TOTAL A RECEBER: the saldo summed over open títulos."""
    return sum((p.saldo for p in positions if p.is_open), ZERO)


def total_atualizado(positions: Iterable[Position]) -> Decimal:
    """Total atualizado: saldo plus charges summed over open títulos."""
    return sum((p.valor_atualizado for p in positions if p.is_open), ZERO)


class Bucket(StrEnum):
    A_VENCER = "a_vencer"
    D1_30 = "1_30"
    D31_60 = "31_60"
    D61_90 = "61_90"
    D90_MAIS = "90_mais"

    @property
    def label(self) -> str:
        """The ageing column as the screen shows it."""
        return _BUCKET_LABELS[self]


_BUCKET_LABELS = {
    Bucket.A_VENCER: "A vencer",
    Bucket.D1_30: "1–30 dias",
    Bucket.D31_60: "31–60 dias",
    Bucket.D61_90: "61–90 dias",
    Bucket.D90_MAIS: "Mais de 90 dias",
}


def ageing_bucket(p: Position) -> Bucket | None:
    """The ageing bucket of an open título by days overdue; None when closed."""
    if not p.is_open:
        return None
    if p.dias_atraso <= 0:
        return Bucket.A_VENCER
    if p.dias_atraso <= 30:
        return Bucket.D1_30
    if p.dias_atraso <= 60:
        return Bucket.D31_60
    if p.dias_atraso <= 90:
        return Bucket.D61_90
    return Bucket.D90_MAIS
