"""Exact decimal column types shared by the schema.

PostgreSQL stores them as NUMERIC. SQLite has no exact decimal storage (its NUMERIC
affinity keeps fractions as REAL, i.e. float), so there the same column holds an
INTEGER count of the smallest unit (cents for money); sums and comparisons done by
the database stay exact, and Python always sees `Decimal`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from sqlalchemy import BigInteger, Date, Dialect, Numeric
from sqlalchemy.types import TypeDecorator, TypeEngine

_ONE = Decimal(1)
_UNITS = {scale: _ONE.scaleb(-scale) for scale in range(7)}  # 0.01 for a scale of 2


class _Scaled(TypeDecorator[Decimal]):
    """NUMERIC(precision, scale) on servers; an integer of 10**-scale units on SQLite."""

    impl = Numeric
    cache_ok = True
    precision = 14
    scale = 2

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return int(Decimal(value).scaleb(self.scale).quantize(_ONE, rounding=ROUND_HALF_UP))
        # one quantize (a bulk load binds millions of these)
        return Decimal(value).quantize(_UNITS[self.scale], rounding=ROUND_HALF_UP)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        # two a row of a grid scrolled to its end: the quantum made once, not per value
        if value is None:
            return None
        if dialect.name == "sqlite":
            return _from_units(value, self.scale)
        return _from_numeric(value, self.scale)


def _from_units(value: Any, scale: int) -> Decimal:
    return Decimal(value if type(value) is int else int(value)).scaleb(-scale)


def _from_numeric(value: Any, scale: int) -> Decimal:
    return (value if type(value) is Decimal else Decimal(value)).quantize(_UNITS[scale])


class Money(_Scaled):
    """Reais with two decimals: NUMERIC(14,2), or integer cents on SQLite."""

    cache_ok = True


class Quantity(_Scaled):
    """A quantity with three decimals: NUMERIC(14,3), or thousandths on SQLite."""

    cache_ok = True
    scale = 3


class Rate(_Scaled):
    """A percentage with four decimals (multa %, juros % a.m.): NUMERIC(9,4)."""

    cache_ok = True
    precision = 9
    scale = 4


class StoredDates(dict[Any, Any]):
    """Dates as the driver returns them (ISO text on SQLite, dates from psycopg) -> the
    dates, each distinct one converted once, by SQLAlchemy's own Date processing: a
    page's rows read untyped (no processing of each value), and one object a date
    (they repeat over a customer's títulos, and a grid scrolled to its end holds
    them all). Shared by threads: a date converted by two at once is stored twice, equal."""

    def __init__(self, dialect: Dialect) -> None:
        super().__init__()
        found = Date().dialect_impl(dialect).result_processor(dialect, None)
        self._process: Callable[[Any], Any] = found or (lambda value: value)

    def __missing__(self, raw: Any) -> Any:
        value = self[raw] = self._process(raw) if raw is not None else None
        return value


def stored_money(dialect: Dialect) -> Callable[[Any], Decimal]:
    """Money's conversion of a value as the driver returns it (not None), for a
    statement that selects it untyped."""
    scale = Money.scale
    return partial(_from_units if dialect.name == "sqlite" else _from_numeric, scale=scale)
