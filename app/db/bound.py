"""The customer and the date as named parameters, for statements built once.

Building a statement with SQLAlchemy (a customer's positions are a few hundred
expression objects) and keying it for the compiled cache costs milliseconds of Python
each time, several times what the database then takes for a customer with a dozen
títulos. The hot read paths (app.db.positions, app.db.financeiro's pages,
app.db.quebras, app.db.venda_queries as the section opens) therefore build each shape
of statement once, with these parameters in place of the values, keep it
(functools.lru_cache, keyed by everything else that shapes it) and run it with
``values(cliente_id, as_of)``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, bindparam

from app.domain.calendar import last_business_day_before

CLIENTE = bindparam("cliente_id", type_=Integer)
AS_OF = bindparam("as_of", type_=Date)
LAST_BD = bindparam("last_bd", type_=Date)  # the last business day before AS_OF


def values(cliente_id: int, as_of: date) -> dict[str, Any]:
    return {
        "cliente_id": cliente_id,
        "as_of": as_of,
        "last_bd": last_business_day_before(as_of),
    }
