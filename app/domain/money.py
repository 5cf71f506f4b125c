"""Money as ``Decimal``: rounding to cents and parsing what a clerk types.

Money is never a float. Amounts are rounded to cents half-up (0,005 -> 0,01),
the rounding Brazilian commerce and the CDC charges use.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["CENT", "MAX_MONEY", "ZERO", "parse_decimal", "parse_money", "to_cents"]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_MONEY = Decimal("999999999999.99")  # what the databases hold: NUMERIC(14, 2)

_DIGITS = re.compile(r"[0-9]+")
_PLAIN_FRACTION = re.compile(r"[0-9]*[.,][0-9]+")
_DOT_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_COMMA_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def to_cents(value: Decimal) -> Decimal:
    """Round ``value`` to cents, half-up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_decimal(text: str) -> Decimal:
    """Parse a number as typed in pt-BR (or en) form.

    Accepted: blanks around, an optional ``-`` and an optional ``R$``
    prefix (in either order, blanks after them), and then digits with
    separators, without blanks:

    - both ``.`` and ``,``: the last one is the decimal separator and the
      other one must group thousands in threes ("1.234,56", "1,234.56");
    - only ``,``: one decimal comma ("1234,56", ",5");
    - only ``.``: a single dot is a decimal point ("1234.56"); several dots
      must group thousands in threes ("1.234.567");
    - digits only ("1234").

    Anything else (NaN, Infinity, exponents, "1.2.3", empty) raises
    ``ValueError`` with a message for the user.
    """
    body = text.strip()
    negative = False
    if body.startswith("-"):
        negative, body = True, body[1:].lstrip()
    if body[:2].upper() == "R$":
        body = body[2:].lstrip()
        if not negative and body.startswith("-"):
            negative, body = True, body[1:].lstrip()
    canonical = _canonical(body)
    if canonical is None:
        raise ValueError(f"valor numérico inválido: {text.strip()!r}")
    value = Decimal(canonical)
    return -value if negative else value


def parse_money(text: str) -> Decimal:
    """``parse_decimal`` within what an amount of money can be here (±MAX_MONEY): a
    pasted "99999…" is "valor fora do limite", not a failure further on."""
    value = parse_decimal(text)
    if abs(value) > MAX_MONEY:
        raise ValueError(f"valor fora do limite: {text.strip()!r}")
    return value


def _canonical(body: str) -> str | None:
    """``body`` rewritten as ``digits[.digits]``, or None when it is not a number."""
    if _DIGITS.fullmatch(body):
        return body
    has_dot, has_comma = "." in body, "," in body
    if has_dot and has_comma:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        integer, _, fraction = body.rpartition(decimal_sep)
        grouped = _DOT_GROUPED if decimal_sep == "," else _COMMA_GROUPED
        if not grouped.fullmatch(integer) or not _DIGITS.fullmatch(fraction):
            return None
        return f"{integer.replace('.', '').replace(',', '')}.{fraction}"
    if _PLAIN_FRACTION.fullmatch(body):
        integer, _, fraction = body.replace(",", ".").partition(".")
        return f"{integer or '0'}.{fraction}"
    if has_dot and _DOT_GROUPED.fullmatch(body):
        return body.replace(".", "")
    return None
