"""Grid columns, declared once per section and shared by the Qt models and the exports.

A column says its header (as the screen writes it), the kind of value it holds
(how to format and align it) and how to take that value from a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

from app.domain.formatting import format_date, format_datetime, format_money, format_quantity
from app.domain.titulos import Status

R = TypeVar("R")

# The payment methods as stored (import_fields.FORMAS_PAGAMENTO) and as the screen names them.
FORMAS_PAGAMENTO: dict[str, str] = {
    "boleto": "Boleto",
    "carne": "Carnê",
    "cartao": "Cartão",
    "pix": "PIX",
    "cheque": "Cheque",
    "dinheiro": "Dinheiro",
}


def forma_pagamento_label(code: str | None) -> str | None:
    """The label of a stored code ("carne" -> "Carnê"); an unknown code is shown as stored."""
    return None if code is None else FORMAS_PAGAMENTO.get(code, code)


class Kind(Enum):
    TEXT = "text"
    INT = "int"
    MONEY = "money"
    QUANTITY = "quantity"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    STATUS = "status"

    @property
    def numeric(self) -> bool:
        return self in (Kind.INT, Kind.MONEY, Kind.QUANTITY)


@dataclass(frozen=True)
class Column(Generic[R]):
    key: str
    header: str
    kind: Kind
    get: Callable[[R], Any]


def display(kind: Kind, value: Any) -> str:
    """The value as the grid shows it (pt-BR)."""
    if value is None:
        return ""
    if kind is Kind.MONEY:
        return format_money(value)
    if kind is Kind.QUANTITY:
        return format_quantity(value)
    if kind is Kind.DATE:
        return format_date(value)
    if kind is Kind.DATETIME:
        return format_datetime(value)
    if kind is Kind.TIME:
        return f"{value:%H:%M}"
    if kind is Kind.STATUS:
        return Status(value).label
    return str(value)


def plain(kind: Kind, value: Any) -> Any:
    """The value as a typed spreadsheet cell: numbers stay numbers, dates stay dates."""
    if value is None:
        return None
    if kind is Kind.STATUS:
        return Status(value).label
    if isinstance(value, Decimal | int | date | datetime | time):
        return value
    return str(value)


def table(columns: Sequence[Column[R]], rows: Sequence[R]) -> list[list[Any]]:
    return [[column.get(row) for column in columns] for row in rows]
