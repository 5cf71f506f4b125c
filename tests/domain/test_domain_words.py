"""Amounts and dates in words for the printed agreement."""

from datetime import date
from decimal import Decimal

import pytest

from app.domain.words import MONTHS_PT, date_in_words, money_in_words


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.50", "cinquenta centavos"),
        ("1.00", "um real"),
        ("2.00", "dois reais"),
        ("101.10", "cento e um reais e dez centavos"),
        (
            "123456.78",
            "cento e vinte e três mil quatrocentos e cinquenta e seis reais"
            " e setenta e oito centavos",
        ),
        ("1000000.00", "um milhão de reais"),
        ("2000001.00", "dois milhões e um reais"),
        ("1000.00", "mil reais"),
        ("1234.56", "mil duzentos e trinta e quatro reais e cinquenta e seis centavos"),
        ("100.00", "cem reais"),
        ("0.01", "um centavo"),
        ("1000000.50", "um milhão de reais e cinquenta centavos"),
        ("2500000.00", "dois milhões e quinhentos mil reais"),
        ("1100.00", "mil e cem reais"),
        ("1001.00", "mil e um reais"),
        ("0.00", "zero reais"),
        ("0", "zero reais"),
        ("1.01", "um real e um centavo"),
        ("11.11", "onze reais e onze centavos"),
        ("14.00", "quatorze reais"),
        ("19.00", "dezenove reais"),
        ("20.00", "vinte reais"),
        ("21.00", "vinte e um reais"),
        ("99.99", "noventa e nove reais e noventa e nove centavos"),
        ("110.00", "cento e dez reais"),
        ("200.00", "duzentos reais"),
        ("555.00", "quinhentos e cinquenta e cinco reais"),
        ("999.00", "novecentos e noventa e nove reais"),
        ("2000.00", "dois mil reais"),
        ("100000.00", "cem mil reais"),
        ("100100.00", "cem mil e cem reais"),
        ("1001000.00", "um milhão e mil reais"),
        (
            "1234567.00",
            "um milhão duzentos e trinta e quatro mil quinhentos e sessenta e sete reais",
        ),
        ("1000000000.00", "um bilhão de reais"),
        ("1500000000.00", "um bilhão e quinhentos milhões de reais"),
        ("3000000005.00", "três bilhões e cinco reais"),
        (
            "999999999999.99",
            "novecentos e noventa e nove bilhões novecentos e noventa e nove milhões"
            " novecentos e noventa e nove mil novecentos e noventa e nove reais"
            " e noventa e nove centavos",
        ),
        ("0.005", "um centavo"),  # rounded half-up to cents first
    ],
)
def test_money_in_words(value: str, expected: str) -> None:
    assert money_in_words(Decimal(value)) == expected


@pytest.mark.parametrize("value", ["-0.01", "-1", "NaN", "Infinity", "1000000000000.00"])
def test_money_in_words_refuses(value: str) -> None:
    with pytest.raises(ValueError):
        money_in_words(Decimal(value))


def test_date_in_words() -> None:
    assert date_in_words(date(2026, 11, 29)) == "29 de novembro de 2026"
    assert date_in_words(date(2026, 1, 1)) == "1 de janeiro de 2026"
    assert date_in_words(date(2027, 3, 5)) == "5 de março de 2027"


def test_months() -> None:
    assert len(MONTHS_PT) == 12
    assert MONTHS_PT[0] == "janeiro"
    assert MONTHS_PT[2] == "março"
    assert MONTHS_PT[-1] == "dezembro"
    assert all(m == m.lower() for m in MONTHS_PT)
