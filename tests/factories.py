"""Small builders of test data, written with SQLAlchemy Core into a real database."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.db.schema import Cliente, Empresa, Recebimento, Titulo
from app.domain.text import normalize_search

_ids = itertools.count(1)


def empresa(session: Session, codigo: str = "E01", **kw: Any) -> int:
    values = dict(
        codigo=codigo,
        razao_social=f"Empresa {codigo} Ltda",
        cnpj="11222333000181",
        cidade="São Paulo",
        uf="SP",
        multa_percentual=Decimal("2.00"),
        juros_mensal_percentual=Decimal("1.00"),
    )
    values.update(kw)
    session.execute(insert(Empresa).values(**values))
    return int(session.scalar(select(Empresa.id).where(Empresa.codigo == codigo)))


def cliente(session: Session, codigo: str = "C1", nome: str = "João da Silva", **kw: Any) -> int:
    values = dict(
        codigo=codigo,
        nome=nome,
        nome_busca=normalize_search(nome),
        cpf_cnpj="52998224725",
        cidade="Campinas",
        uf="SP",
    )
    values.update(kw)
    session.execute(insert(Cliente).values(**values))
    return int(session.scalar(select(Cliente.id).where(Cliente.codigo == codigo)))


def titulo(
    session: Session,
    empresa_id: int,
    cliente_id: int,
    *,
    valor: str,
    emissao: date,
    vencimento: date,
    doc: str | None = None,
    parcela: int = 1,
    recebimentos: tuple[tuple[date, str], ...] = (),
    **kw: Any,
) -> int:
    values = dict(
        empresa_id=empresa_id,
        cliente_id=cliente_id,
        numero_documento=doc or f"DOC-{next(_ids)}",
        parcela=parcela,
        emissao=emissao,
        vencimento=vencimento,
        valor=Decimal(valor),
    )
    values.update(kw)
    titulo_id = int(session.execute(insert(Titulo).values(**values)).inserted_primary_key[0])
    for day, amount in recebimentos:
        session.execute(
            insert(Recebimento).values(titulo_id=titulo_id, data=day, valor=Decimal(amount))
        )
    return titulo_id


# empresa codes that differ only by accents, case and spaces, and two customers: what the
# tests of the database's sort (ranked text) need
LOOKALIKE_EMPRESAS = ("loja b", "Loja A", "LOJA Á")
TWO_CLIENTES = (("T1", "52998224725"), ("T2", "11144477735"))


def empresas_and_clientes(conn: Any) -> tuple[list[int], list[int]]:
    """Insert LOOKALIKE_EMPRESAS and TWO_CLIENTES on ``conn``; (empresa ids, cliente ids)."""
    empresas = [
        conn.execute(
            insert(Empresa)
            .values(codigo=codigo, razao_social=codigo, cnpj="11222333000181")
            .returning(Empresa.id)
        ).scalar_one()
        for codigo in LOOKALIKE_EMPRESAS
    ]
    clientes = [
        conn.execute(
            insert(Cliente)
            .values(codigo=codigo, nome=codigo, nome_busca=codigo.lower(), cpf_cnpj=cpf)
            .returning(Cliente.id)
        ).scalar_one()
        for codigo, cpf in TWO_CLIENTES
    ]
    return empresas, clientes
