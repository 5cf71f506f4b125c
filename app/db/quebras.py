"""The títulos a broken acordo had replaced, as of a date.

An acordo made on A and broken on B ("quebra do acordo", DOMAIN.md) had cancelled its
originals from A until B: as of a date D with A <= D < B they are Cancelado (and the
acordo's installments are the debt), from B on they are open again. Their own
cancelado_em was cleared by the break; acordo_quebrado_original keeps the pair.
held_then gives them for a date, to every computation of positions (app.db.positions,
financeiro rows; held_then_ids to the search results' totals); originals_of lists an acordo's
originals, broken or not; held_after keeps a new acordo from being dated back into
such a period.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, select, union
from sqlalchemy.orm import Session

from app.db.bound import AS_OF
from app.db.schema import Acordo, AcordoQuebradoOriginal, Titulo


def held_then(session: Session, cliente_ids: Sequence[int] | int, as_of: date) -> dict[int, int]:
    """título id -> número of the acordo, broken after ``as_of``, that held it cancelled
    on ``as_of``, for the títulos of ``cliente_ids``: almost always none, so the
    positions' SQL gets a condition only when there is one (a small query by
    ix_acordo_cliente_data rather than a lookup per título)."""
    ids = [cliente_ids] if isinstance(cliente_ids, int) else list(cliente_ids)
    rows = session.execute(_HELD_THEN, {"cliente_ids": ids, "as_of": as_of})
    return {titulo_id: numero for titulo_id, numero in rows}


def held_then_ids(cliente_ids: BindParameter[Any]) -> Select[int]:
    """held_then's título ids as a subquery, for a statement built once that needs only
    them (the search results' totals: one round trip rather than two); the customers
    an expanding parameter, the date AS_OF."""
    return (
        select(AcordoQuebradoOriginal.titulo_id)
        .join(Acordo, Acordo.id == AcordoQuebradoOriginal.acordo_id)
        .where(
            Acordo.cliente_id.in_(cliente_ids), Acordo.data <= AS_OF, Acordo.cancelado_em > AS_OF
        )
    )


# built once (app.db.bound): it runs before every positions query
_HELD_THEN = (
    select(AcordoQuebradoOriginal.titulo_id, Acordo.numero)
    .join(Acordo, Acordo.id == AcordoQuebradoOriginal.acordo_id)
    .where(
        Acordo.cliente_id.in_(bindparam("cliente_ids", expanding=True)),
        Acordo.data <= AS_OF,
        Acordo.cancelado_em > AS_OF,
    )
)


def originals_of(acordo_id: int) -> ColumnElement[bool]:
    """Titulo is one of the originals the acordo replaced (still, or until its break).
    One list of ids from both indexes: written as an OR of the two conditions,
    PostgreSQL read every título of every customer to test it (100 ms)."""
    return Titulo.id.in_(
        union(
            select(Titulo.id).where(Titulo.renegociado_acordo_id == acordo_id),
            select(AcordoQuebradoOriginal.titulo_id).where(
                AcordoQuebradoOriginal.acordo_id == acordo_id
            ),
        )
    )


def held_after(
    session: Session, titulo_ids: Sequence[int], as_of: date
) -> dict[int, tuple[int, date]]:
    """título id -> (número, data da quebra) of a broken acordo that still held it
    cancelled after ``as_of``: an acordo dated ``as_of`` cannot renegotiate it."""
    rows = session.execute(
        select(AcordoQuebradoOriginal.titulo_id, Acordo.numero, Acordo.cancelado_em)
        .join(Acordo, Acordo.id == AcordoQuebradoOriginal.acordo_id)
        .where(AcordoQuebradoOriginal.titulo_id.in_(titulo_ids), Acordo.cancelado_em > as_of)
        .order_by(Acordo.cancelado_em)
    )
    # the query keeps cancelado_em > as_of: never NULL
    return {titulo_id: (numero, quebra) for titulo_id, numero, quebra in rows if quebra}
