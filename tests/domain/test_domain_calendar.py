"""Business days and the vencimento real (holidays.Brazil(), default categories)."""

from datetime import date

import pytest

from app.domain.calendar import is_business_day, vencimento_real


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 13), True),  # Friday
        (date(2026, 11, 14), False),  # Saturday
        (date(2026, 11, 15), False),  # Sunday, Proclamação da República
        (date(2026, 11, 16), True),  # Monday
        (date(2026, 11, 20), False),  # Friday, Consciência Negra (national since 2024)
        (date(2026, 4, 3), False),  # Sexta-feira Santa
        (date(2026, 4, 21), False),  # Tiradentes, Tuesday
        (date(2026, 9, 7), False),  # Independência, Monday
        (date(2026, 10, 12), False),  # Nossa Senhora Aparecida, Monday
        (date(2026, 11, 2), False),  # Finados, Monday
        (date(2026, 12, 25), False),  # Natal, Friday
        (date(2027, 1, 1), False),  # Confraternização Universal, Friday
        (date(2026, 5, 1), False),  # Dia do Trabalho, Friday
        (date(2026, 2, 17), True),  # Carnaval is optional, not in the default categories
        (date(2026, 6, 4), True),  # Corpus Christi is optional too
        (date(2023, 11, 20), True),  # Consciência Negra was not national before 2024
    ],
)
def test_is_business_day(d: date, expected: bool) -> None:
    assert is_business_day(d) is expected


@pytest.mark.parametrize(
    ("vencimento", "expected"),
    [
        (date(2026, 11, 13), date(2026, 11, 13)),  # a business day stays
        (date(2026, 11, 14), date(2026, 11, 16)),  # Saturday -> Monday
        (date(2026, 11, 15), date(2026, 11, 16)),  # Sunday + holiday -> Monday
        (date(2026, 11, 20), date(2026, 11, 23)),  # Friday holiday -> Monday
        (date(2026, 4, 3), date(2026, 4, 6)),  # Good Friday -> Monday
        (date(2026, 4, 21), date(2026, 4, 22)),  # Tuesday holiday -> Wednesday
        (date(2026, 12, 25), date(2026, 12, 28)),
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 4)),  # across the year: Fri holiday, Sat, Sun
        (date(2025, 11, 15), date(2025, 11, 17)),  # Saturday holiday
    ],
)
def test_vencimento_real(vencimento: date, expected: date) -> None:
    assert vencimento_real(vencimento) == expected
