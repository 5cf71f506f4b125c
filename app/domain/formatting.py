"""pt-BR text for money, numbers and dates, and parsing dates back.

Money ``R$ 1.234,56`` (negative ``-R$ 1.234,56``), numbers ``1.234,56``,
dates ``dd/mm/aaaa`` and date-times ``dd/mm/aaaa hh:mm``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from app.domain.money import to_cents

__all__ = [
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_money",
    "format_quantity",
    "parse_date",
    "parse_datetime",
]

_BR_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME = re.compile(
    r"(?P<date>[0-9/-]+)(?:(?P<sep>\s+|T)(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2}))?)?"
)
# Swaps the en separators Python formats with for the pt-BR ones.
_TO_PT_BR = str.maketrans({",": ".", ".": ","})


def format_decimal(value: Decimal, places: int = 2) -> str:
    """``value`` rounded half-up to ``places`` decimals, pt-BR grouping: "1.234,56"."""
    if places < 0:
        raise ValueError("places must be >= 0")
    if not value.is_finite():
        raise ValueError(f"valor numérico inválido: {value}")
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # no "-0,00"
    return f"{rounded:,.{places}f}".translate(_TO_PT_BR)


def format_money(value: Decimal) -> str:
    """Money as "R$ 1.234,56"; negative "-R$ 1.234,56"; zero "R$ 0,00"."""
    cents = to_cents(value)
    if cents < 0:
        return f"-R$ {format_decimal(-cents)}"
    return f"R$ {format_decimal(cents)}"


def format_quantity(value: Decimal) -> str:
    """A quantity without trailing zeros: 2.000 -> "2", 1.500 -> "1,5"."""
    if not value.is_finite():
        raise ValueError(f"valor numérico inválido: {value}")
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite values have an int exponent
    return format_decimal(value, max(0, -exponent))


def format_date(d: date | None) -> str:
    """The date as "dd/mm/aaaa", or "" for None."""
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_datetime(dt: datetime | None) -> str:
    """The date-time as "dd/mm/aaaa hh:mm", or "" for None."""
    if dt is None:
        return ""
    return f"{format_date(dt)} {dt.hour:02d}:{dt.minute:02d}"


def parse_date(text: str) -> date:
    """Parse "dd/mm/aaaa" (day and month may have one digit) or "aaaa-mm-dd"."""
    stripped = text.strip()
    if match := _BR_DATE.fullmatch(stripped):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.fullmatch(stripped):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(f"data inválida: {stripped!r}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"data inválida: {stripped!r}") from None


def parse_datetime(text: str) -> tuple[date, time | None]:
    """Parse a date optionally followed by a time of day.

    Accepted: any ``parse_date`` form, optionally followed by blanks and
    "hh:mm[:ss]"; ISO "aaaa-mm-ddThh:mm[:ss]". The time is None when absent.
    """
    stripped = text.strip()
    match = _DATETIME.fullmatch(stripped)
    if match is None:
        raise ValueError(f"data inválida: {stripped!r}")
    day = parse_date(match["date"])
    if match["h"] is None:
        return day, None
    if match["sep"] == "T" and "/" in match["date"]:
        raise ValueError(f"data inválida: {stripped!r}")
    try:
        return day, time(int(match["h"]), int(match["m"]), int(match["s"] or 0))
    except ValueError:
        raise ValueError(f"hora inválida: {stripped!r}") from None
