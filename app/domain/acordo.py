"""Planning a renegotiation (acordo): totals, entrada and installments.

Pure arithmetic: the db layer saves the plan in one transaction. See
DOMAIN.md, "Renegotiation (acordo)". Installments are exact to the cent:
all equal except the first, which absorbs the rounding difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal, localcontext
from typing import Literal

from app.domain.formatting import format_money
from app.domain.money import CENT, ZERO, to_cents
from app.domain.titulos import Position

__all__ = [
    "MAX_PARCELAS",
    "MAX_TAXA_MENSAL",
    "AcordoField",
    "AcordoInvalido",
    "AcordoPlan",
    "Parcela",
    "add_months",
    "due_dates",
    "plan_acordo",
    "price_installments",
    "split_equal",
]

MAX_PARCELAS = 360
MAX_TAXA_MENSAL = Decimal("10.00")

AcordoField = Literal["titulos", "desconto", "entrada", "parcelas", "primeiro_vencimento", "taxa"]


class AcordoInvalido(ValueError):
    """An acordo that cannot be made; ``field`` names the input to correct."""

    def __init__(self, field: AcordoField, message: str) -> None:
        super().__init__(message)
        self.field: AcordoField = field


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` months, same day clamped to the month's last day."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    month = month0 + 1
    next_month = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(d.day, last_day))


def due_dates(first_due: date, n: int) -> list[date]:
    """``n`` monthly due dates on the first due date's day (31/01, 28/02, 31/03…)."""
    return [add_months(first_due, k) for k in range(n)]


def _check_parcelas(n: int) -> None:
    if not 1 <= n <= MAX_PARCELAS:
        raise AcordoInvalido("parcelas", f"o número de parcelas deve ser de 1 a {MAX_PARCELAS}")


def _too_small() -> AcordoInvalido:
    return AcordoInvalido("parcelas", "cada parcela deve ser de no mínimo R$ 0,01")


def split_equal(total: Decimal, n: int) -> list[Decimal]:
    """``total`` in ``n`` equal installments; the first absorbs the leftover cents."""
    _check_parcelas(n)
    if to_cents(total) != total:
        raise ValueError(f"total must be in cents: {total}")
    base = (total / n).quantize(CENT, rounding=ROUND_DOWN)
    if base < CENT:
        raise _too_small()
    return [total - base * (n - 1)] + [base] * (n - 1)


def price_installments(principal: Decimal, n: int, rate_percent_monthly: Decimal) -> list[Decimal]:
    """Price table (PMT) installments; rate 0 means ``split_equal``.

    Every installment is the PMT rounded half-up to cents (as banks print a
    Price table); the total to pay is their sum. The exact-sum rule of
    DOMAIN.md concerns the amount financed without interest (rate 0).
    """
    if rate_percent_monthly == 0:
        return split_equal(principal, n)
    _check_parcelas(n)
    if not rate_percent_monthly.is_finite() or rate_percent_monthly < 0:
        raise AcordoInvalido("taxa", "a taxa de juros não pode ser negativa")
    with localcontext() as ctx:
        ctx.prec = 34
        i = rate_percent_monthly / 100
        pmt = principal * i / (1 - (1 + i) ** -n)
        each = to_cents(pmt)
    if each < CENT:
        raise _too_small()
    return [each] * n


@dataclass(frozen=True)
class Parcela:
    numero: int
    vencimento: date
    valor: Decimal


@dataclass(frozen=True)
class AcordoPlan:
    """The figures of an acordo, ready to be saved and printed."""

    principal: Decimal
    multa: Decimal
    juros: Decimal
    encargos: Decimal
    desconto: Decimal
    total_negociado: Decimal
    entrada: Decimal
    entrada_data: date | None
    financiado: Decimal
    taxa: Decimal
    parcelas: tuple[Parcela, ...]

    @property
    def total_parcelas(self) -> Decimal:
        return sum((p.valor for p in self.parcelas), ZERO)


def _resolve_desconto(
    desconto: Decimal,
    desconto_percentual: Decimal | None,
    allow_principal_discount: bool,
    principal: Decimal,
    encargos: Decimal,
) -> Decimal:
    if not desconto.is_finite() or desconto < 0:
        raise AcordoInvalido("desconto", "o desconto não pode ser negativo")
    if desconto_percentual is not None:
        if desconto != 0:
            raise AcordoInvalido("desconto", "informe o desconto em valor ou em percentual")
        if not desconto_percentual.is_finite() or not 0 <= desconto_percentual <= 100:
            raise AcordoInvalido("desconto", "o percentual de desconto deve estar entre 0 e 100")
        desconto = encargos * desconto_percentual / 100
    desconto = to_cents(desconto)
    if desconto > encargos and not allow_principal_discount:
        raise AcordoInvalido(
            "desconto",
            f"o desconto não pode ser maior que os encargos ({format_money(encargos)})",
        )
    if desconto >= principal + encargos:
        raise AcordoInvalido("desconto", "o desconto deve ser menor que o total da dívida")
    return desconto


def _check_entrada(
    entrada: Decimal, entrada_data: date | None, total: Decimal, as_of: date
) -> None:
    if not entrada.is_finite() or entrada < 0:
        raise AcordoInvalido("entrada", "a entrada não pode ser negativa")
    if entrada >= total:
        raise AcordoInvalido("entrada", "a entrada deve ser menor que o total negociado")
    if entrada > 0 and entrada_data is None:
        raise AcordoInvalido("entrada", "informe a data da entrada")
    if entrada > 0 and entrada_data is not None and entrada_data < as_of:
        raise AcordoInvalido("entrada", "a data da entrada não pode ser anterior à data do acordo")


def plan_acordo(
    *,
    positions: Sequence[Position],
    as_of: date,
    desconto: Decimal = ZERO,
    desconto_percentual: Decimal | None = None,
    allow_principal_discount: bool = False,
    entrada: Decimal = ZERO,
    entrada_data: date | None = None,
    n: int,
    first_due: date,
    rate_percent_monthly: Decimal = ZERO,
) -> AcordoPlan:
    """Plan an acordo over ``positions`` (open títulos as of ``as_of``).

    Raises ``AcordoInvalido`` naming the input to correct. With rate 0,
    entrada + Σ parcelas == total negociado exactly.
    """
    if not positions:
        raise AcordoInvalido("titulos", "selecione ao menos um título")
    closed = next((p for p in positions if not p.is_open), None)
    if closed is not None:
        raise AcordoInvalido(
            "titulos",
            "só títulos em aberto podem ser renegociados "
            f"(um título está {closed.status.label.lower()})",
        )
    _check_parcelas(n)
    rate = rate_percent_monthly
    if not rate.is_finite() or not 0 <= rate <= MAX_TAXA_MENSAL:
        raise AcordoInvalido("taxa", "a taxa de juros deve estar entre 0 e 10% ao mês")
    if first_due < as_of:
        raise AcordoInvalido(
            "primeiro_vencimento", "o primeiro vencimento não pode ser anterior à data do acordo"
        )
    principal = sum((p.saldo for p in positions), ZERO)
    multa = sum((p.multa for p in positions), ZERO)
    juros = sum((p.juros for p in positions), ZERO)
    encargos = multa + juros
    desconto = _resolve_desconto(
        desconto, desconto_percentual, allow_principal_discount, principal, encargos
    )
    total = principal + encargos - desconto
    entrada = to_cents(entrada) if entrada.is_finite() else entrada
    _check_entrada(entrada, entrada_data, total, as_of)
    financiado = total - entrada
    valores = price_installments(financiado, n, rate)
    parcelas = tuple(
        Parcela(k + 1, due, valor)
        for k, (due, valor) in enumerate(zip(due_dates(first_due, n), valores, strict=True))
    )
    return AcordoPlan(
        principal=principal,
        multa=multa,
        juros=juros,
        encargos=encargos,
        desconto=desconto,
        total_negociado=total,
        entrada=entrada,
        entrada_data=entrada_data if entrada > 0 else None,
        financiado=financiado,
        taxa=rate,
        parcelas=parcelas,
    )
