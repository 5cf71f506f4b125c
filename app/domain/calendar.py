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

__all__ = ["is_business_day", "last_business_day_before", "vencimento_real"]

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


@lru_cache(maxsize=1 << 10)
def last_business_day_before(day: date) -> date:
    """The last business day strictly before ``day``.

    A título is overdue on D exactly when D > vencimento_real(vencimento), that is when
    some business day b has vencimento <= b < D: when vencimento <= this date. Queries
    compare the stored vencimento with it instead of computing vencimento real per row.
    """
    previous = day - _ONE_DAY
    while not is_business_day(previous):
        previous -= _ONE_DAY
    return previous
