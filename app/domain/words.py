"""Amounts and dates in words, for the printed termo de acordo.

Standard written Portuguese, no commas: "mil duzentos e trinta e quatro
reais e cinquenta e seis centavos", "um milhão de reais".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.domain.money import to_cents

__all__ = ["MONTHS_PT", "date_in_words", "money_in_words"]

MONTHS_PT: tuple[str, ...] = (
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
)

_UNITS = tuple(
    "zero um dois três quatro cinco seis sete oito nove dez onze doze treze quatorze quinze"
    " dezesseis dezessete dezoito dezenove".split()
)
_TENS = tuple("- - vinte trinta quarenta cinquenta sessenta setenta oitenta noventa".split())
_HUNDREDS = tuple(
    "- cento duzentos trezentos quatrocentos quinhentos seiscentos setecentos oitocentos"
    " novecentos".split()
)
# (scale, one of it, several of it), highest first; "mil" has no "um".
_SCALES = (
    (10**9, "um bilhão", "bilhões"),
    (10**6, "um milhão", "milhões"),
    (10**3, "mil", "mil"),
)
_LIMIT = Decimal(10**12)


def _below_1000(n: int) -> str:
    """1..999 in words."""
    if n == 100:
        return "cem"
    hundreds, rest = divmod(n, 100)
    parts = [_HUNDREDS[hundreds]] if hundreds else []
    if rest >= 20:
        tens, units = divmod(rest, 10)
        parts.append(f"{_TENS[tens]} e {_UNITS[units]}" if units else _TENS[tens])
    elif rest:
        parts.append(_UNITS[rest])
    return " e ".join(parts)


def _integer_in_words(n: int) -> str:
    """1..999.999.999.999 in words, groups joined by the "e" rule."""
    groups: list[tuple[int, str]] = []
    for scale, singular, plural in _SCALES:
        count, n = divmod(n, scale)
        if count:
            groups.append((count, singular if count == 1 else f"{_below_1000(count)} {plural}"))
    if n:
        groups.append((n, _below_1000(n)))
    text = groups[0][1]
    for count, words in groups[1:]:
        # "e" before a lower group under 100 or of whole hundreds:
        # "mil e cem", "dois milhões e quinhentos mil", but "mil duzentos e trinta".
        text += " e " if count < 100 or count % 100 == 0 else " "
        text += words
    return text


def money_in_words(value: Decimal) -> str:
    """``value`` in reais and centavos written out ("cento e um reais e dez centavos")."""
    if not value.is_finite() or value < 0:
        raise ValueError(f"valor inválido para escrever por extenso: {value}")
    cents_total = int(to_cents(value) * 100)
    if cents_total >= _LIMIT * 100:
        raise ValueError(f"valor grande demais para escrever por extenso: {value}")
    reais, cents = divmod(cents_total, 100)
    parts = []
    if reais:
        unit = "real" if reais == 1 else "reais"
        connector = " de " if reais % 10**6 == 0 else " "
        parts.append(f"{_integer_in_words(reais)}{connector}{unit}")
    if cents:
        parts.append(f"{_integer_in_words(cents)} {'centavo' if cents == 1 else 'centavos'}")
    return " e ".join(parts) if parts else "zero reais"


def date_in_words(d: date) -> str:
    """The date as "29 de novembro de 2026" (day in digits, month in words)."""
    return f"{d.day} de {MONTHS_PT[d.month - 1]} de {d.year}"
