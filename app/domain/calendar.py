"""Business days: weekends and Brazilian national holidays.

The holidays are those of ``holidays.Brazil()`` with its default categories
(category "public": national holidays; no state or municipal ones, no Carnaval). Each year
is expanded once into a frozenset, and ``vencimento_real`` is memoised, since
status and charges ask it for every título on every screen.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache, lru_cache

from holidays.countries.brazil import Brazil

__all__ = ["is_business_day", "vencimento_real"]

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@cache
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(Brazil(years=year).keys())


def is_business_day(d: date) -> bool:
    """True unless ``d`` is a Saturday, a Sunday or a national holiday."""
    return d.weekday() < _SATURDAY and d not in _holidays_of(d.year)


@lru_cache(maxsize=1 << 16)
def vencimento_real(vencimento: date) -> date:
    """The due date moved forward to the first business day on or after it."""
    day = vencimento
    while not is_business_day(day):
        day += _ONE_DAY
    return day
