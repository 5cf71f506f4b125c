"""Parsers of one CSV cell: text, numbers, dates, documents, enumerations.

Each parser takes the stripped, non-empty cell and returns the value to store,
or raises ``ValueError`` whose message is the Portuguese reason shown to the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, time
from decimal import Decimal
from functools import lru_cache
from itertools import repeat

from app.domain.documents import is_valid_cnpj, normalize_cpf_cnpj, only_digits
from app.domain.formatting import parse_date, parse_datetime
from app.domain.money import MAX_MONEY, parse_decimal
from app.domain.text import normalize_search

__all__ = [
    "FORMAS_PAGAMENTO",
    "DecimalParser",
    "UFS",
    "Parser",
    "cep",
    "choice",
    "cnpj",
    "cpf_cnpj",
    "date_value",
    "datetime_value",
    "decimal_value",
    "integer",
    "text",
    "uf",
]

Parser = Callable[[str], object]

MAX_INTEGER = 2**31 - 1
UFS = frozenset(
    "AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split()
)
FORMAS_PAGAMENTO = ("boleto", "carne", "cartao", "pix", "cheque", "dinheiro")
_INTEGER = re.compile(r"[0-9]+")
_CEP = re.compile(r"[0-9]{5}-?[0-9]{3}|[0-9]{2}\.?[0-9]{3}-?[0-9]{3}")


def text(max_length: int | None = None) -> Parser:
    """Free text; longer than ``max_length`` characters is refused."""

    def parse(cell: str) -> str:
        if max_length is not None and len(cell) > max_length:
            raise ValueError(f"texto maior que {max_length} caracteres")
        return cell

    return parse


def decimal_value(
    *,
    places: int = 2,
    maximum: Decimal = MAX_MONEY,
    positive: bool = False,
    above_maximum: str = "valor fora do limite",
) -> DecimalParser:
    """A number with at most ``places`` decimals, not negative and at most ``maximum``.

    ``positive`` also refuses zero; ``above_maximum`` is the reason for too large values.
    """
    return DecimalParser(places, maximum, positive, above_maximum)


# one separator and then exactly three digits: thousands ("1.000" in pt-BR) or three
# decimals ("1.000" in en)? For money, refused rather than guessed.
_AMBIGUOUS = re.compile(r"(?:-\s*)?(?:R\$\s*)?(?:-\s*)?[0-9]{1,3}[.,][0-9]{3}", re.IGNORECASE)


class DecimalParser:
    """The parser :func:`decimal_value` makes; :meth:`many` reads a whole column."""

    def __init__(self, places: int, maximum: Decimal, positive: bool, above_maximum: str):
        self.places, self.maximum = places, maximum
        self.positive, self.above_maximum = positive, above_maximum
        self._unit = Decimal(1).scaleb(-places)
        # digits with at most ``places`` decimals after a point: Decimal reads it as it is
        plain = rf"[0-9]+(?:\.[0-9]{{1,{places}}})?"
        self._plain = re.compile(plain)
        self._plain_lines = re.compile(rf"(?:{plain}\n)*{plain}")
        exact = rf"[0-9]+\.[0-9]{{{places}}}"  # as Decimal would print the result
        self._exact_lines = re.compile(rf"(?:{exact}\n)*{exact}")

    def __call__(self, cell: str) -> Decimal:
        if self._plain.fullmatch(cell):  # the common case: not negative, not too precise
            value = Decimal(cell)
        else:
            value = _number(cell)
            if value < 0:
                raise ValueError("valor negativo")
        if self.positive and value == 0:
            raise ValueError("deve ser maior que zero")
        if value > self.maximum:
            raise ValueError(self.above_maximum)
        rounded = value.quantize(self._unit)
        if value != rounded:
            raise ValueError(f"mais de {self.places} casas decimais: {cell!r}")
        if self.places < 3 and _AMBIGUOUS.fullmatch(cell.strip()):
            # "1.000" read as 1,00 would be a thousand times off in a pt-BR export
            raise ValueError(f"valor ambíguo: {cell!r} (use 1000, 1.000,00 ou 1000.00)")
        return rounded

    def many(self, cells: list[str]) -> list[Decimal] | None:
        """What ``self(cell)`` gives for each of ``cells`` (non-empty), when every one is
        plain digits and valid; None otherwise, and they are to be parsed one by one."""
        if not cells:
            return None
        lines = "\n".join(cells)
        exact = self._exact_lines.fullmatch(lines) is not None
        if not exact and not self._plain_lines.fullmatch(lines):
            return None
        values = list(map(Decimal, cells))
        if max(values) > self.maximum or (self.positive and min(values) == 0):
            return None
        if exact:  # already with ``places`` decimals: quantize would change nothing
            return values
        return list(map(Decimal.quantize, values, repeat(self._unit)))


@lru_cache(maxsize=4096)
def _number(cell: str) -> Decimal:
    try:
        value = parse_decimal(cell)
    except (ValueError, ArithmeticError):
        raise ValueError(f"número inválido: {cell!r}") from None
    if not value.is_finite():
        raise ValueError(f"número inválido: {cell!r}")
    return value


def integer(*, minimum: int = 1) -> Parser:
    """A whole number from ``minimum`` up to the largest INTEGER of the databases."""

    def parse(cell: str) -> int:
        if not _INTEGER.fullmatch(cell):
            raise ValueError(f"número inteiro inválido: {cell!r}")
        value = int(cell)
        if value < minimum:
            raise ValueError(f"deve ser {minimum} ou maior")
        if value > MAX_INTEGER:
            raise ValueError("valor fora do limite")
        return value

    return parse


@lru_cache(maxsize=8192)
def date_value(cell: str) -> date:
    """``dd/mm/aaaa`` or ``aaaa-mm-dd``; "data inválida: '31/02/2026'" otherwise."""
    return parse_date(cell)


@lru_cache(maxsize=8192)
def datetime_value(cell: str) -> tuple[date, time | None]:
    """A date, optionally followed by ``hh:mm``."""
    return parse_datetime(cell)


def cpf_cnpj(cell: str) -> str:
    """The digits of a valid CPF or CNPJ (the value itself is never echoed: LGPD)."""
    try:
        return normalize_cpf_cnpj(cell)
    except ValueError:
        raise ValueError("CPF/CNPJ inválido") from None


def cnpj(cell: str) -> str:
    if not is_valid_cnpj(cell):
        raise ValueError("CNPJ inválido")
    return only_digits(cell)


def cep(cell: str) -> str:
    if not _CEP.fullmatch(cell):
        raise ValueError(f"CEP inválido: {cell!r}")
    return only_digits(cell)


def uf(cell: str) -> str:
    upper = cell.upper()
    if upper not in UFS:
        raise ValueError(f"UF inválida: {cell!r}")
    return upper


def choice(values: Iterable[str]) -> Parser:
    """One of ``values``, written in any case, with or without accents ("Carnê" -> "carne");
    blanks and hyphens count as underscores ("visita técnica" -> "visita_tecnica")."""
    allowed: Mapping[str, str] = {value: value for value in values}
    listed = ", ".join(allowed)

    @lru_cache(maxsize=256)
    def parse(cell: str) -> str:
        key = normalize_search(cell).replace(" ", "_").replace("-", "_")
        if key not in allowed:
            raise ValueError(f"valor inválido: {cell!r} (use {listed})")
        return allowed[key]

    return parse
