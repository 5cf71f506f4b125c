"""CPF, CNPJ and CEP: check digits, masks and LGPD-safe masking.

CPF: 11 digits, the last two check digits (mod 11). CNPJ: 14 digits, the
last two check digits (mod 11 with weights 2..9). Numbers made of one
repeated digit pass the arithmetic but are not valid documents.
"""

from __future__ import annotations

import random
import re

__all__ = [
    "cnpj_check_digits",
    "cpf_check_digits",
    "format_cep",
    "format_cnpj",
    "format_cpf",
    "format_cpf_cnpj",
    "is_valid_cnpj",
    "is_valid_cpf",
    "mask_cpf",
    "mask_personal_data",
    "normalize_cpf_cnpj",
    "only_digits",
    "random_cnpj",
    "random_cpf",
]

_NON_DIGITS = re.compile(r"[^0-9]")
# A document as typed: digits with the usual mask characters and blanks.
_DOCUMENT_CHARS = re.compile(r"[0-9./\-\s]*")
# A CPF-looking token: 11 digits, masked or bare (or half masked), not glued
# to other letters or digits.
_CPF_TOKEN = re.compile(
    r"(?<![0-9A-Za-z_])([0-9]{3})\.?([0-9]{3})\.?([0-9]{3})-?([0-9]{2})(?![0-9A-Za-z_])"
)
_CPF_WEIGHTS = (tuple(range(10, 1, -1)), tuple(range(11, 1, -1)))
_CNPJ_WEIGHTS = ((5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2))


def only_digits(text: str) -> str:
    """The ASCII digits of ``text``, in order."""
    return _NON_DIGITS.sub("", text)


def _check_digit(digits: str, weights: tuple[int, ...]) -> str:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "0" if remainder < 2 else str(11 - remainder)


def _check_digits(base: str, length: int, weights: tuple[tuple[int, ...], ...]) -> str:
    if len(base) != length or not base.isascii() or not base.isdigit():
        raise ValueError(f"expected {length} digits, got {base!r}")
    first = _check_digit(base, weights[0])
    return first + _check_digit(base + first, weights[1])


def cpf_check_digits(first9: str) -> str:
    """The two check digits of a CPF from its first nine digits."""
    return _check_digits(first9, 9, _CPF_WEIGHTS)


def cnpj_check_digits(first12: str) -> str:
    """The two check digits of a CNPJ from its first twelve digits."""
    return _check_digits(first12, 12, _CNPJ_WEIGHTS)


def _document_digits(text: str) -> str:
    """The digits of a document typed with or without mask ("" if other characters)."""
    return only_digits(text) if _DOCUMENT_CHARS.fullmatch(text) else ""


def is_valid_cpf(text: str) -> bool:
    """True for a valid CPF, with or without mask ("123.456.789-09", "12345678909")."""
    digits = _document_digits(text)
    return len(digits) == 11 and len(set(digits)) > 1 and cpf_check_digits(digits[:9]) == digits[9:]


def is_valid_cnpj(text: str) -> bool:
    """True for a valid CNPJ, with or without mask ("12.345.678/0001-95")."""
    digits = _document_digits(text)
    return (
        len(digits) == 14 and len(set(digits)) > 1 and cnpj_check_digits(digits[:12]) == digits[12:]
    )


def normalize_cpf_cnpj(text: str) -> str:
    """The digits of a valid CPF or CNPJ; ``ValueError`` otherwise."""
    if is_valid_cpf(text) or is_valid_cnpj(text):
        return only_digits(text)
    raise ValueError(f"CPF/CNPJ inválido: {text.strip()!r}")


def _digits_of_length(text: str, length: int, what: str) -> str:
    digits = only_digits(text)
    if len(digits) != length:
        raise ValueError(f"{what} deve ter {length} dígitos")
    return digits


def format_cpf(digits: str) -> str:
    """Mask the 11 digits of a CPF as "123.456.789-09"."""
    d = _digits_of_length(digits, 11, "CPF")
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"


def format_cnpj(digits: str) -> str:
    """Mask the 14 digits of a CNPJ as "12.345.678/0001-95"."""
    d = _digits_of_length(digits, 14, "CNPJ")
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"


def format_cpf_cnpj(digits: str) -> str:
    """CPF or CNPJ mask chosen by the number of digits; other input unchanged."""
    count = len(only_digits(digits))
    if count == 11:
        return format_cpf(digits)
    if count == 14:
        return format_cnpj(digits)
    return digits


def format_cep(digits: str) -> str:
    """Mask the 8 digits of a CEP as "01310-100"; other input unchanged."""
    d = only_digits(digits)
    return f"{d[:5]}-{d[5:]}" if len(d) == 8 else digits


def mask_cpf(text: str) -> str:
    """Hide the first and last digits of a CPF (masked or not): "***.456.789-**"."""
    d = _digits_of_length(text, 11, "CPF")
    return f"***.{d[3:6]}.{d[6:9]}-**"


def mask_personal_data(text: str) -> str:
    """``text`` with every CPF-looking token masked as "***.456.789-**" (for logs)."""
    return _CPF_TOKEN.sub(lambda m: f"***.{m[2]}.{m[3]}-**", text)


def random_cpf(rng: random.Random) -> str:
    """A valid CPF (11 digits) drawn from ``rng``, for demo data."""
    while True:
        base = "".join(str(rng.randrange(10)) for _ in range(9))
        if len(set(base)) > 1:
            return base + cpf_check_digits(base)


def random_cnpj(rng: random.Random) -> str:
    """A valid CNPJ (14 digits, head office "0001") drawn from ``rng``, for demo data."""
    base = "".join(str(rng.randrange(10)) for _ in range(8)) + "0001"
    return base + cnpj_check_digits(base)
