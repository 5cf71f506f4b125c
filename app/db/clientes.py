"""Customers: lookup by code, contains-search, and the header card of an open history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    Integer,
    Select,
    Subquery,
    bindparam,
    case,
    func,
    or_,
    select,
    text,
    type_coerce,
    union,
)
from sqlalchemy.orm import Session

from app.db.bound import AS_OF
from app.db.errors import NotFound
from app.db.quebras import held_then_ids
from app.db.schema import Cliente, Recebimento, Titulo, VendaItem
from app.db.types import Money
from app.domain.documents import only_digits
from app.domain.text import normalize_search, without_controls


@dataclass(frozen=True)
class ClienteInfo:
    id: int
    codigo: str
    nome: str
    cpf_cnpj: str
    rg: str | None
    estado_civil: str | None
    email: str | None
    telefone: str | None
    endereco: str | None
    bairro: str | None
    cidade: str | None
    uf: str | None
    cep: str | None
    limite_credito: Decimal | None
    cliente_desde: date | None
    ultima_compra: date | None = None
    # more than MANY_TITULOS títulos: the history is read in more parts side by side
    many_titulos: bool = False


MANY_TITULOS = 1_000


_INFO_COLUMNS = (
    Cliente.id,
    Cliente.codigo,
    Cliente.nome,
    Cliente.cpf_cnpj,
    Cliente.rg,
    Cliente.estado_civil,
    Cliente.email,
    Cliente.telefone,
    Cliente.endereco,
    Cliente.bairro,
    Cliente.cidade,
    Cliente.uf,
    Cliente.cep,
    Cliente.limite_credito,
    Cliente.cliente_desde,
)


def get_by_code(session: Session, codigo: str, as_of: date | None = None) -> ClienteInfo:
    """The customer with this code; raises NotFound with a message for the user."""
    row = session.execute(select(*_INFO_COLUMNS).where(Cliente.codigo == codigo)).first()
    if row is None:
        raise NotFound(f"cliente não encontrado: {codigo}")
    last = select(func.max(VendaItem.data)).where(VendaItem.cliente_id == row.id)
    if as_of is not None:
        last = last.where(VendaItem.data <= as_of)
    # counted up to one more than MANY_TITULOS: a few index entries, whatever the customer
    some = select(Titulo.id).where(Titulo.cliente_id == row.id).limit(MANY_TITULOS + 1)
    many = select(func.count()).select_from(some.subquery())
    ultima, counted = session.execute(select(last.scalar_subquery(), many.scalar_subquery())).one()
    return ClienteInfo(**row._asdict(), ultima_compra=ultima, many_titulos=counted > MANY_TITULOS)


@dataclass(frozen=True)
class SearchHit:
    id: int
    codigo: str
    nome: str
    cpf_cnpj: str
    cidade: str | None
    uf: str | None


def search(session: Session, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Customers whose name contains the words (accents and case ignored), or whose
    code or CPF/CNPJ (with or without mask) starts with the query; at most ``limit``,
    sorted by name.

    When more than ``limit`` names match ("silva" on a million customers), these are
    the first ``limit`` the name index yields, not the alphabetically first: sorting
    every match would cost time proportional to their number, and the user narrows
    the search by typing more (the bar says so)."""
    query = without_controls(query)  # a pasted NUL: PostgreSQL refuses it in any text
    words = normalize_search(query)
    if not words:
        return []
    code = query.strip()
    params: dict[str, object] = {"codes": sorted({code, code.upper()}), "limit": limit}
    digits = only_digits(query)
    by_document = len(digits) >= 3 and len(digits) == len(
        query.replace(".", "").replace("-", "").replace("/", "").strip()
    )
    if by_document:
        # a range rather than LIKE 'digits%': both databases answer it from the index
        params.update(doc_from=digits, doc_to=digits + ":")
    fts = session.get_bind().dialect.name == "sqlite" and len(words) >= 3
    if fts:
        # a phrase on the trigram FTS table is a substring match served by its index (a
        # LIKE with ESCAPE is not); inside the quotes every character is literal
        params["name"] = '"' + words.replace('"', '""') + '"'
    else:
        escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["name"] = "%" + escaped + "%"
    return [SearchHit(*row) for row in session.execute(_search_stmt(by_document, fts), params)]


@lru_cache(maxsize=8)
def _search_stmt(
    by_document: bool, fts: bool
) -> Select[int, str, str, str, str | None, str | None]:
    """One indexed lookup per way of matching (an OR of them would scan every
    customer), put together in one statement (a round trip each cost more than its
    answer on PostgreSQL), built once (app.db.bound): code, CPF/CNPJ prefix, and the
    first ``limit`` names the index yields, FTS5 trigram (SQLite) or pg_trgm."""
    limit = bindparam("limit", type_=Integer)
    ways: list[Subquery] = [
        select(Cliente.id).where(Cliente.codigo.in_(bindparam("codes", expanding=True))).subquery()
    ]
    if by_document:
        in_range = (Cliente.cpf_cnpj >= bindparam("doc_from")) & (
            Cliente.cpf_cnpj < bindparam("doc_to")
        )
        ways.append(select(Cliente.id).where(in_range).limit(limit).subquery())
    if fts:
        names = text(
            "SELECT rowid AS id FROM cliente_busca WHERE cliente_busca MATCH :name LIMIT :limit"
        )
        ways.append(names.columns(id=Integer).subquery())
    else:
        like = Cliente.nome_busca.like(bindparam("name"), escape="\\")
        ways.append(select(Cliente.id).where(like).limit(limit).subquery())
    found = union(*(select(way.c.id) for way in ways))
    return (
        select(
            Cliente.id, Cliente.codigo, Cliente.nome, Cliente.cpf_cnpj, Cliente.cidade, Cliente.uf
        )
        .where(Cliente.id.in_(found))
        .order_by(Cliente.nome, Cliente.id)
        .limit(limit)
    )


def has_customers(session: Session) -> bool:
    """Whether the database holds any customer (an empty embedded database gets demo data)."""
    return session.scalar(select(Cliente.id).limit(1)) is not None


def totals_a_receber(
    session: Session, cliente_ids: Sequence[int], as_of: date
) -> dict[int, Decimal]:
    """TOTAL A RECEBER of each customer as of a date, in one query (for search results).

    The same figure as financeiro.summarize: the saldo of a título is in an open
    status exactly when it was issued, is not cancelled and has something left to pay.
    """
    if not cliente_ids:
        return {}
    ids = list(cliente_ids)
    rows = session.execute(_TOTALS_A_RECEBER, {"ids": ids, "as_of": as_of})
    totals = dict.fromkeys(ids, Decimal("0.00"))
    for cliente_id, total in rows:
        totals[cliente_id] = total if total is not None else Decimal("0.00")
    return totals


def _totals_a_receber() -> Select[int, Decimal]:
    """totals_a_receber's statement, built once (app.db.bound)."""
    # received(D): the stored total when the last receipt is on or before D (nearly
    # always), else the receipts dated <= D summed (as app.db.positions does)
    ids: BindParameter[Any] = bindparam("ids", expanding=True)
    settled = or_(Titulo.ultimo_recebimento.is_(None), Titulo.ultimo_recebimento <= AS_OF)
    summed = (
        select(func.coalesce(func.sum(Recebimento.valor), 0))
        .where(Recebimento.titulo_id == Titulo.id, Recebimento.data <= AS_OF)
        .scalar_subquery()
    )
    saldo = Titulo.valor - case((settled, Titulo.recebido), else_=summed)
    return (
        select(Titulo.cliente_id, type_coerce(func.sum(case((saldo > 0, saldo), else_=0)), Money()))
        .where(
            Titulo.cliente_id.in_(ids),
            Titulo.emissao <= AS_OF,
            or_(Titulo.cancelado_em.is_(None), Titulo.cancelado_em > AS_OF),
            # cancelled then by an acordo broken since
            Titulo.id.not_in(held_then_ids(ids)),
        )
        .group_by(Titulo.cliente_id)
    )


_TOTALS_A_RECEBER = _totals_a_receber()
