"""A row of the Financeiro grid: one título of the customer as of a date.

It keeps the values of its statement as the driver returned them (app.db.financeiro
selects its dates and money untyped) and gives each as Python's type when asked: a
grid scrolled to the end of 100,000 títulos reads every row, and paints a few dozen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from app.domain.money import ZERO
from app.domain.titulos import Position, Rates, Status, TituloFacts, position

# the columns of app.db.financeiro's statement, in its order
(
    _ID,
    _EMPRESA_ID,
    _COD_VENDA,
    _NUMERO_DOCUMENTO,
    _PARCELA,
    _EMISSAO,
    _VENCIMENTO,
    _VALOR,
    _FORMA_PAGAMENTO,
    _CANCELADO_EM,
    _NEGATIVADO_EM,
    _COBRANCA_EM,
    _RECEBIDO,
    _ULTIMO_RECEBIMENTO,
    _ACORDO_ORIGEM,
    _RENEGOCIADO,
) = range(16)


class Stored(NamedTuple):
    """How a database's stored values become Python's: money (not None) and dates (a
    mapping that gives None for None)."""

    money: Callable[[Any], Decimal]
    dates: Mapping[Any, date | None]


class _AsThey(dict[Any, Any]):
    def __missing__(self, value: Any) -> Any:
        return value


AS_THEY_ARE = Stored(lambda value: value, _AsThey())  # values made in Python


class TituloRow:
    """A título of the customer as of a date: its own columns, the facts its position
    depends on (received by the date, cancelled, negativado, in cobrança) and the
    empresa's rates. Its position (status, saldo, dias de atraso, multa, juros) is
    computed by app.domain.titulos the first time it is asked for. Read-only: its
    fields are read from the statement's row (``stored``) when asked. ``held``: the
    acordo (its number) that held the título cancelled on the date, broken since
    (app.db.quebras). The position may be asked for from two threads at once (the
    grid paints a row while an export formats it in a worker): both get the same,
    computed at worst twice."""

    __slots__ = ("_stored", "_read", "empresa", "as_of", "rates", "_held", "_pos")

    FIELDS = (
        "id",
        "empresa",
        "cod_venda",
        "numero_documento",
        "parcela",
        "emissao",
        "vencimento",
        "valor",
        "forma_pagamento",
        "ult_recebimento",
        "acordo_origem",
        "renegociado_no_acordo",
        "received",
        "cancelado_em",
        "negativado_em",
        "cobranca_em",
        "as_of",
        "rates",
    )

    def __init__(
        self,
        stored: tuple[Any, ...],
        read: Stored,
        empresa: str,
        as_of: date,
        rates: Rates,
        held: int | None = None,
    ) -> None:
        self._stored = stored
        self._read = read
        self.empresa = empresa
        self.as_of = as_of
        self.rates = rates
        self._held = held
        self._pos: Position | None = None

    @classmethod
    def of(
        cls,
        *,
        id: int,
        empresa: str,
        cod_venda: str | None,
        numero_documento: str,
        parcela: int,
        emissao: date,
        vencimento: date,
        valor: Decimal,
        forma_pagamento: str | None,
        ult_recebimento: date | None,
        acordo_origem: int | None,
        renegociado_no_acordo: int | None,
        received: Decimal,
        cancelado_em: date | None,
        negativado_em: date | None,
        cobranca_em: date | None,
        as_of: date,
        rates: Rates,
    ) -> TituloRow:
        """A row of values made in Python (``renegociado_no_acordo`` counts, as in the
        database's rows, only when the título was cancelled by ``as_of``)."""
        stored = (
            id,
            None,
            cod_venda,
            numero_documento,
            parcela,
            emissao,
            vencimento,
            valor,
            forma_pagamento,
            cancelado_em,
            negativado_em,
            cobranca_em,
            received,
            ult_recebimento,
            acordo_origem,
            renegociado_no_acordo,
        )
        return cls(stored, AS_THEY_ARE, empresa, as_of, rates)

    @property
    def id(self) -> int:
        return int(self._stored[_ID])

    @property
    def cod_venda(self) -> str | None:
        return self._stored[_COD_VENDA]  # type: ignore[no-any-return]

    @property
    def numero_documento(self) -> str:
        return str(self._stored[_NUMERO_DOCUMENTO])

    @property
    def parcela(self) -> int:
        return int(self._stored[_PARCELA])

    @property
    def emissao(self) -> date:
        return self._date(_EMISSAO)  # type: ignore[return-value]

    @property
    def vencimento(self) -> date:
        return self._date(_VENCIMENTO)  # type: ignore[return-value]

    @property
    def valor(self) -> Decimal:
        return self._read.money(self._stored[_VALOR])

    @property
    def forma_pagamento(self) -> str | None:
        return self._stored[_FORMA_PAGAMENTO]  # type: ignore[no-any-return]

    @property
    def ult_recebimento(self) -> date | None:
        return self._date(_ULTIMO_RECEBIMENTO)

    @property
    def acordo_origem(self) -> int | None:
        return self._stored[_ACORDO_ORIGEM]  # type: ignore[no-any-return]

    @property
    def renegociado_no_acordo(self) -> int | None:
        if self._held is not None:
            return self._held
        cancelado = self.cancelado_em
        if cancelado is None or cancelado > self.as_of:
            return None
        return self._stored[_RENEGOCIADO]  # type: ignore[no-any-return]

    @property
    def received(self) -> Decimal:
        value = self._stored[_RECEBIDO]
        return ZERO if value is None else self._read.money(value)

    @property
    def cancelado_em(self) -> date | None:
        return self.as_of if self._held is not None else self._date(_CANCELADO_EM)

    @property
    def negativado_em(self) -> date | None:
        return self._date(_NEGATIVADO_EM)

    @property
    def cobranca_em(self) -> date | None:
        return self._date(_COBRANCA_EM)

    def _date(self, column: int) -> date | None:
        return self._read.dates[self._stored[column]]

    @property
    def facts(self) -> TituloFacts:
        return TituloFacts(
            self.valor,
            self.emissao,
            self.vencimento,
            self.received,
            self.cancelado_em,
            self.negativado_em,
            self.cobranca_em,
        )

    @property
    def pos(self) -> Position:
        """The título as of ``as_of`` (computed once, when first asked)."""
        done = self._pos
        if done is None:
            done = position(self.facts, self.as_of, self.rates)
            if done is None:
                raise ValueError(f"título {self.id} not yet issued on {self.as_of}")
            self._pos = done
        return done

    @property
    def status(self) -> Status:
        return self.pos.status

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TituloRow):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.FIELDS)
        return f"TituloRow({fields})"
