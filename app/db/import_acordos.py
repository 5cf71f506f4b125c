"""The figures of imported acordos, computed from the títulos once they are written.

valor_original = Σ saldo of the títulos it replaced, as of the acordo's date
(recebimentos dated on or before it); multa and juros as
:func:`app.domain.titulos.position` charges them on that date with the empresa's
rates; desconto from the file; valor_negociado = valor_original + multa + juros
− desconto; parcelas = the títulos it created (acordo_origem).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, func, select

from app.db.import_issues import IssueLog
from app.db.import_lookup import ACORDO, EMPRESA, RECEBIMENTO, TITULO, chunks
from app.db.import_write import update_columns
from app.domain.formatting import format_money
from app.domain.money import ZERO, to_cents
from app.domain.titulos import Rates, TituloFacts, position, received_as_of

__all__ = ["fill_acordos"]


class _Head(NamedTuple):
    data: date
    desconto: Decimal
    rates: Rates


@dataclass
class _Figures:
    valor_original: Decimal = ZERO
    multa: Decimal = ZERO
    juros: Decimal = ZERO


def fill_acordos(conn: Connection, lines: dict[int, int], file: str, issues: IssueLog) -> None:
    """Compute and store the figures of the acordos ``lines`` maps (id -> line in ``file``).

    A desconto larger than the debt is an issue at its line (the caller then rolls back).
    """
    heads: dict[int, _Head] = {}
    figures: dict[int, _Figures] = {}
    parcelas: dict[int, int] = defaultdict(int)
    for chunk in chunks(lines):
        for row in conn.execute(_heads(chunk)):
            try:
                rates = Rates(row.multa_percentual, row.juros_mensal_percentual)
            except ValueError as exc:  # rates stored before the checks existed
                issues.add(file, lines[row.id], "empresa", f"taxas da empresa inválidas: {exc}")
                continue
            heads[row.id] = _Head(row.data, row.desconto, rates)
        issues.raise_if_any()
        figures.update(_charges(conn, chunk, heads))
        parcelas.update(
            (row.acordo_origem_id, row.n)
            for row in conn.execute(
                select(TITULO.c.acordo_origem_id, func.count().label("n"))
                .where(TITULO.c.acordo_origem_id.in_(chunk))
                .group_by(TITULO.c.acordo_origem_id)
            )
        )
    updates: dict[str, list[Any]] = {
        name: []
        for name in ("b_id", "valor_original", "multa", "juros", "valor_negociado", "parcelas")
    }
    for acordo_id, line in lines.items():
        fig, desconto = figures.get(acordo_id, _Figures()), heads[acordo_id].desconto
        debt = fig.valor_original + fig.multa + fig.juros
        if desconto > debt:
            reason = (
                f"desconto ({format_money(desconto)}) maior que a dívida ({format_money(debt)})"
            )
            issues.add(file, line, "desconto", reason)
        for name, value in (
            ("b_id", acordo_id),
            ("valor_original", fig.valor_original),
            ("multa", fig.multa),
            ("juros", fig.juros),
            ("valor_negociado", debt - desconto),
            ("parcelas", parcelas[acordo_id]),
        ):
            updates[name].append(value)
    issues.raise_if_any()
    update_columns(conn, ACORDO, updates)


def _heads(ids: list[int]) -> Select[Any]:
    return (
        select(
            ACORDO.c.id,
            ACORDO.c.data,
            ACORDO.c.desconto,
            EMPRESA.c.multa_percentual,
            EMPRESA.c.juros_mensal_percentual,
        )
        .join(EMPRESA, EMPRESA.c.id == ACORDO.c.empresa_id)
        .where(ACORDO.c.id.in_(ids))
    )


def _charges(conn: Connection, ids: list[int], heads: dict[int, _Head]) -> dict[int, _Figures]:
    """Saldo and charges of the títulos each acordo in ``ids`` replaced, on its date."""
    received: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for row in conn.execute(
        select(RECEBIMENTO.c.titulo_id, RECEBIMENTO.c.data, RECEBIMENTO.c.valor)
        .join(TITULO, TITULO.c.id == RECEBIMENTO.c.titulo_id)
        .where(TITULO.c.renegociado_acordo_id.in_(ids))
    ):
        received[row.titulo_id].append((row.data, row.valor))
    figures: dict[int, _Figures] = defaultdict(_Figures)
    for t in conn.execute(
        select(
            TITULO.c.id,
            TITULO.c.renegociado_acordo_id,
            TITULO.c.valor,
            TITULO.c.emissao,
            TITULO.c.vencimento,
        ).where(TITULO.c.renegociado_acordo_id.in_(ids))
    ):
        head = heads[t.renegociado_acordo_id]
        paid = received_as_of(received[t.id], head.data)
        facts = TituloFacts(t.valor, t.emissao, t.vencimento, paid)  # as if still open
        fig = figures[t.renegociado_acordo_id]
        at_date = position(facts, head.data, head.rates)
        if at_date is None:  # issued after the acordo: its whole saldo, no charges
            fig.valor_original += to_cents(max(ZERO, t.valor - paid))
            continue
        fig.valor_original += at_date.saldo
        fig.multa += at_date.multa
        fig.juros += at_date.juros
    return figures
