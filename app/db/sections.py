"""The four sections of the history: their titles, columns and rows, by key.

The command line's export and the window's grids both go through here, so a file
exported holds the same rows and columns as the grid shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.db import financeiro, negociacao, programacao, venda
from app.db.columns import Column
from app.domain.titulos import OPEN_STATUSES, Status


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: Sequence[Column[Any]]


SECTIONS: dict[str, Section] = {
    s.key: s
    for s in (
        Section("financeiro", "Financeiro", financeiro.COLUMNS),
        Section("venda", "Venda", venda.COLUMNS),
        Section("negociacao", "Negociação", negociacao.COLUMNS),
        Section("programacao", "Programação", programacao.COLUMNS),
    )
}


def load_rows(
    session: Session,
    key: str,
    cliente_id: int,
    as_of: date,
    *,
    statuses: Iterable[Status] | None = None,
    empresa: str | None = None,
) -> list[Any]:
    """The rows a section's grid shows by default (Financeiro: the open statuses)."""
    if key == "financeiro":
        rows = financeiro.load_titulos(session, cliente_id, as_of, empresa=empresa)
        wanted = OPEN_STATUSES if statuses is None else statuses
        return financeiro.filter_rows(rows, statuses=wanted)
    if key == "venda":
        return venda.load_itens(session, cliente_id, as_of, empresa=empresa)
    if key == "negociacao":
        return negociacao.load_acordos(session, cliente_id, as_of, empresa=empresa)
    if key == "programacao":
        return programacao.load_programacoes(session, cliente_id, today=as_of)
    raise KeyError(key)
