"""Programação section: the customer's scheduled events.

A customer may have thousands of events: the grid asks the database for the ids in
its order (ordered_ids: the order app.models.base.sorted_rows gives, text ranked as
app.db.sorting does) and reads rows a page at a time (rows_by_ids).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.db.columns import Column, Kind
from app.db.schema import Empresa, Programacao
from app.db.sorting import by_rank, direction, ids_in_order, ranks

TIPOS = {
    "entrega": "Entrega",
    "visita_tecnica": "Visita técnica",
    "ligacao": "Ligação",
    "cobranca": "Cobrança",
    "outro": "Outro",
}
SITUACOES = {"pendente": "Pendente", "realizada": "Realizada", "cancelada": "Cancelada"}


@dataclass(frozen=True, slots=True)
class ProgramacaoRow:
    id: int
    data: date
    hora: time | None
    tipo: str
    descricao: str
    responsavel: str | None
    situacao: str
    empresa: str
    versao: int = 1  # read with the row: a change made meanwhile by someone else is refused

    def atrasada(self, today: date) -> bool:
        """A pending event whose day has passed."""
        return self.situacao == "pendente" and self.data < today


def _select() -> Any:  # a Select of the ProgramacaoRow fields
    return select(
        Programacao.id,
        Programacao.data,
        Programacao.hora,
        Programacao.tipo,
        Programacao.descricao,
        Programacao.responsavel,
        Programacao.situacao,
        Empresa.codigo,
        Programacao.versao,
    ).join(Empresa, Empresa.id == Programacao.empresa_id)


# the default order: by day and time (events without a time after the timed ones of
# their day, on both databases), so pending overdue events come first
DEFAULT_ORDER = (Programacao.data, Programacao.hora.is_(None), Programacao.hora, Programacao.id)


def _conditions(cliente_id: int, include_past: bool) -> list[ColumnElement[bool]]:
    conditions = [Programacao.cliente_id == cliente_id]
    if not include_past:
        conditions.append(Programacao.situacao == "pendente")
    return conditions


def load_programacoes(
    session: Session, cliente_id: int, *, today: date, include_past: bool = False
) -> list[ProgramacaoRow]:
    """Pending events (overdue ones first, as their days come first); or every event."""
    query = _select().where(*_conditions(cliente_id, include_past)).order_by(*DEFAULT_ORDER)
    return [ProgramacaoRow(*row) for row in session.execute(query)]


def count_pendentes(session: Session, cliente_id: int) -> int:
    query = select(func.count()).where(*_conditions(cliente_id, include_past=False))
    return int(session.scalar(query) or 0)


def sort_order(
    session: Session, cliente_id: int, key: str, descending: bool
) -> list[ColumnElement[Any]]:
    """ORDER BY terms of the grid's column ``key`` as app.models.base.sorted_rows sorts it
    (labels and text without accents or case; empty values last either way)."""
    of_customer = Programacao.cliente_id == cliente_id
    if key == "data":
        return [direction(Programacao.data, descending)]
    if key == "hora":
        return [Programacao.hora.is_(None), direction(Programacao.hora, descending)]
    if key in {"tipo", "situacao"}:
        labels = TIPOS if key == "tipo" else SITUACOES
        column: Any = Programacao.tipo if key == "tipo" else Programacao.situacao
        stored = session.scalars(select(column).where(of_customer).distinct())
        return by_rank(ranks({v: labels.get(v, v) for v in stored}), column, descending)
    if key in {"descricao", "responsavel"}:
        column = Programacao.descricao if key == "descricao" else Programacao.responsavel
        texts = session.scalars(select(column).where(of_customer).distinct())
        return by_rank(ranks({t: t for t in texts}), column, descending)
    if key == "empresa":
        codes = {row[0]: row[1] for row in session.execute(select(Empresa.id, Empresa.codigo))}
        return by_rank(ranks(codes), Programacao.empresa_id, descending)
    raise ValueError(f"coluna desconhecida da grade de programações: {key}")


def ordered_ids(
    session: Session,
    cliente_id: int,
    *,
    include_past: bool = False,
    sort: tuple[str, bool] | None = None,
) -> list[int]:
    """The ids of the events the grid shows, in its order: ``sort`` is (column key,
    descending); ties (and no sort) in the default order."""
    order = sort_order(session, cliente_id, *sort) if sort is not None else []
    query = (
        select(Programacao.id)
        .where(*_conditions(cliente_id, include_past))
        .order_by(*order, *DEFAULT_ORDER)
    )
    return ids_in_order(session, query)


CHUNK = 500  # ids per query, well under SQLite's limit of bound parameters


def rows_by_ids(session: Session, ids: Sequence[int]) -> list[ProgramacaoRow]:
    """The events of these ids, in the order given (ids no longer there are left out)."""
    found: dict[int, ProgramacaoRow] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        for row in session.execute(_select().where(Programacao.id.in_(chunk))):
            found[row[0]] = ProgramacaoRow(*row)
    return [found[i] for i in ids if i in found]


COLUMNS: tuple[Column[ProgramacaoRow], ...] = (
    Column("data", "DATA PROGRAMAÇÃO", Kind.DATE, lambda r: r.data),
    Column("hora", "HORA", Kind.TIME, lambda r: r.hora),
    Column("tipo", "TIPO", Kind.TEXT, lambda r: TIPOS.get(r.tipo, r.tipo)),
    Column("descricao", "DESCRIÇÃO", Kind.TEXT, lambda r: r.descricao),
    Column("responsavel", "RESPONSÁVEL", Kind.TEXT, lambda r: r.responsavel),
    Column("situacao", "SITUAÇÃO", Kind.TEXT, lambda r: SITUACOES.get(r.situacao, r.situacao)),
    Column("empresa", "EMPRESA", Kind.TEXT, lambda r: r.empresa),
)
