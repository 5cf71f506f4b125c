"""Rounding to cents and parsing typed numbers."""

from decimal import Decimal

import pytest

from app.domain.money import CENT, parse_decimal, to_cents


def test_cent() -> None:
    assert Decimal("0.01") == CENT


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.015", "0.02"),  # half-up, not half-even
        ("0.025", "0.03"),
        ("0.004", "0.00"),
        ("-0.005", "-0.01"),
        ("1234.5", "1234.50"),
        ("10", "10.00"),
    ],
)
def test_to_cents_rounds_half_up(value: str, expected: str) -> None:
    result = to_cents(Decimal(value))
    assert result == Decimal(expected)
    assert str(result) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567", "1234567"),
        ("1.234", "1.234"),  # a single dot is a decimal point
        ("1234", "1234"),
        ("0,5", "0.5"),
        (",5", "0.5"),
        ("0", "0"),
        ("R$ 1.234,56", "1234.56"),
        ("R$1.234,56", "1234.56"),
        ("r$ 10,00", "10.00"),
        ("-R$ 1.234,56", "-1234.56"),
        ("R$ -1.234,56", "-1234.56"),
        ("- 5,5", "-5.5"),
        ("  12,30  ", "12.30"),
        ("\u00a012,30\u00a0", "12.30"),
        ("-0,01", "-0.01"),
    ],
)
def test_parse_decimal_accepts(text: str, expected: str) -> None:
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "-",
        "R$",
        "NaN",
        "nan",
        "sNaN",
        "Infinity",
        "-Infinity",
        "inf",
        "1e15",
        "1E5",
        "1.2.3",
        "1,2,3",
        "1..2",
        "1,,2",
        "12.34,56",
        "1.234,5.6",
        "1.23.456",
        "1,234,56",
        "1 234,56",
        "abc",
        "12a",
        "--1",
        "+1",
        "1,",
        "1.",
        "١٢",
        "R$ R$ 1",
        "1-",
    ],
)
def test_parse_decimal_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="valor numérico inválido"):
        parse_decimal(text)


def test_parse_decimal_message_quotes_the_input() -> None:
    with pytest.raises(ValueError) as info:
        parse_decimal("1.2.3")
    assert str(info.value) == "valor numérico inválido: '1.2.3'"


def test_parse_decimal_returns_exact_decimal() -> None:
    value = parse_decimal("0,10")
    assert isinstance(value, Decimal)
    assert value + parse_decimal("0,20") == Decimal("0.30")
