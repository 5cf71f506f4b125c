"""pt-BR formatting of money, numbers and dates; parsing dates."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from app.domain.formatting import (
    format_date,
    format_datetime,
    format_decimal,
    format_money,
    format_quantity,
    parse_date,
    parse_datetime,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.56", "R$ 1.234,56"),
        ("-1234.56", "-R$ 1.234,56"),
        ("0", "R$ 0,00"),
        ("-0.00", "R$ 0,00"),
        ("-0.004", "R$ 0,00"),
        ("0.005", "R$ 0,01"),
        ("1234567.891", "R$ 1.234.567,89"),
        ("999.995", "R$ 1.000,00"),
        ("12", "R$ 12,00"),
        ("100", "R$ 100,00"),
    ],
)
def test_format_money(value: str, expected: str) -> None:
    assert format_money(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("1234.56", 2, "1.234,56"),
        ("1234.565", 2, "1.234,57"),
        ("-1234.56", 2, "-1.234,56"),
        ("2", 2, "2,00"),
        ("12.5", 1, "12,5"),
        ("1234567", 0, "1.234.567"),
        ("0.1234", 3, "0,123"),
        ("-0.001", 2, "0,00"),
        ("99.5", 0, "100"),
    ],
)
def test_format_decimal(value: str, places: int, expected: str) -> None:
    assert format_decimal(Decimal(value), places) == expected


def test_format_decimal_default_two_places() -> None:
    assert format_decimal(Decimal("3.1")) == "3,10"


def test_format_decimal_refuses_negative_places_and_nan() -> None:
    with pytest.raises(ValueError):
        format_decimal(Decimal(1), -1)
    with pytest.raises(ValueError):
        format_decimal(Decimal("NaN"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.000", "2"),
        ("1.500", "1,5"),
        ("0.250", "0,25"),
        ("100", "100"),
        ("100.00", "100"),
        ("1E+3", "1.000"),
        ("1234.5", "1.234,5"),
        ("0.000", "0"),
        ("-3.50", "-3,5"),
    ],
)
def test_format_quantity(value: str, expected: str) -> None:
    assert format_quantity(Decimal(value)) == expected


def test_format_date() -> None:
    assert format_date(date(2026, 11, 29)) == "29/11/2026"
    assert format_date(date(2026, 1, 5)) == "05/01/2026"
    assert format_date(None) == ""


def test_format_datetime() -> None:
    assert format_datetime(datetime(2026, 11, 29, 8, 5, 59)) == "29/11/2026 08:05"
    assert format_datetime(datetime(2026, 1, 1, 23, 59)) == "01/01/2026 23:59"
    assert format_datetime(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29/11/2026", date(2026, 11, 29)),
        ("1/2/2026", date(2026, 2, 1)),
        ("2026-11-29", date(2026, 11, 29)),
        ("  29/11/2026 ", date(2026, 11, 29)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["31/02/2026", "29/02/2026", "2026-02-30", "00/01/2026", "01/13/2026", "29-11-2026",
     "29/11/26", "2026-1-5", "", "amanhã", "2026/11/29", "29/11/2026 10:00"],
)  # fmt: skip
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="data inválida"):
        parse_date(text)


def test_parse_date_message() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("31/02/2026")
    assert str(info.value) == "data inválida: '31/02/2026'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29/11/2026", (date(2026, 11, 29), None)),
        ("2026-11-29", (date(2026, 11, 29), None)),
        ("29/11/2026 14:30", (date(2026, 11, 29), time(14, 30))),
        ("29/11/2026 8:05", (date(2026, 11, 29), time(8, 5))),
        ("2026-11-29T14:30", (date(2026, 11, 29), time(14, 30))),
        ("2026-11-29 14:30:15", (date(2026, 11, 29), time(14, 30, 15))),
        ("2026-11-29T00:00:00", (date(2026, 11, 29), time(0, 0))),
        (" 29/11/2026  09:00 ", (date(2026, 11, 29), time(9, 0))),
    ],
)
def test_parse_datetime(text: str, expected: tuple[date, time | None]) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text", ["29/11/2026T14:30", "29/11/2026 14", "29/11/2026 14:3", "31/02/2026 10:00", "", "x"]
)
def test_parse_datetime_rejects_bad_dates(text: str) -> None:
    with pytest.raises(ValueError, match="data inválida"):
        parse_datetime(text)


@pytest.mark.parametrize("text", ["29/11/2026 25:00", "2026-11-29T10:60", "29/11/2026 10:00:61"])
def test_parse_datetime_rejects_bad_times(text: str) -> None:
    with pytest.raises(ValueError, match="hora inválida"):
        parse_datetime(text)
