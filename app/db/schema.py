"""The database schema (SQLAlchemy 2.0 typed ORM).

The schema is created and changed only by the Alembic migrations in
``app/db/migrations``; ``Base.metadata`` is what they are checked against.
Money columns use :class:`~app.db.types.Money` (exact on every database).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.db.types import Money, Quantity, Rate


class Base(DeclarativeBase):
    pass


class Empresa(Base):
    """A company or branch (filial) of the group, with its own late-payment rates."""

    __tablename__ = "empresa"

    id: Mapped[int] = mapped_column(primary_key=True)
    codigo: Mapped[str] = mapped_column(String(20), unique=True)
    razao_social: Mapped[str] = mapped_column(String(150))
    nome_fantasia: Mapped[str | None] = mapped_column(String(150))
    cnpj: Mapped[str] = mapped_column(String(14))
    endereco: Mapped[str | None] = mapped_column(String(200))
    cidade: Mapped[str | None] = mapped_column(String(100))
    uf: Mapped[str | None] = mapped_column(String(2))
    telefone: Mapped[str | None] = mapped_column(String(30))
    multa_percentual: Mapped[Decimal] = mapped_column(Rate(), default=Decimal("2.00"))
    juros_mensal_percentual: Mapped[Decimal] = mapped_column(Rate(), default=Decimal("1.00"))


class Cliente(Base):
    """The customer: pessoa física (CPF) or jurídica (CNPJ). Documents stored as digits."""

    __tablename__ = "cliente"

    id: Mapped[int] = mapped_column(primary_key=True)
    codigo: Mapped[str] = mapped_column(String(20), unique=True)
    nome: Mapped[str] = mapped_column(String(150))
    # lower-case, accent-free copy of nome for contains-search (see app/db/search.py)
    nome_busca: Mapped[str] = mapped_column(String(150))
    cpf_cnpj: Mapped[str] = mapped_column(String(14), index=True)
    rg: Mapped[str | None] = mapped_column(String(20))
    data_nascimento: Mapped[dt.date | None] = mapped_column(Date)
    estado_civil: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(150))
    telefone: Mapped[str | None] = mapped_column(String(30))
    endereco: Mapped[str | None] = mapped_column(String(200))
    bairro: Mapped[str | None] = mapped_column(String(100))
    cidade: Mapped[str | None] = mapped_column(String(100))
    uf: Mapped[str | None] = mapped_column(String(2))
    cep: Mapped[str | None] = mapped_column(String(8))
    limite_credito: Mapped[Decimal | None] = mapped_column(Money())
    cliente_desde: Mapped[dt.date | None] = mapped_column(Date)


class Produto(Base):
    __tablename__ = "produto"

    id: Mapped[int] = mapped_column(primary_key=True)
    codigo: Mapped[str] = mapped_column(String(30), unique=True)
    descricao: Mapped[str] = mapped_column(String(200))
    unidade: Mapped[str | None] = mapped_column(String(6))


# the condition of Venda's partial index (app.db.venda_queries writes the same condition)
CANCELLED_SALE_SQL = "situacao = 'cancelada'"


class Venda(Base):
    __tablename__ = "venda"
    __table_args__ = (
        Index("ix_venda_cliente_data", "cliente_id", "data"),
        # a customer's cancelled sales, taken out of the stored days' sums (0010)
        Index(
            "ix_venda_cliente_cancelada",
            "cliente_id",
            "data",
            sqlite_where=text(CANCELLED_SALE_SQL),
            postgresql_where=text(CANCELLED_SALE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    codigo: Mapped[str] = mapped_column(String(30), unique=True)
    empresa_id: Mapped[int] = mapped_column(ForeignKey("empresa.id"))
    cliente_id: Mapped[int] = mapped_column(ForeignKey("cliente.id"))
    data: Mapped[dt.date] = mapped_column(Date)
    vendedor: Mapped[str | None] = mapped_column(String(100))
    situacao: Mapped[str] = mapped_column(String(12), default="concluida")


class VendaItem(Base):
    """One sold item. cliente_id and data repeat the venda's so the Venda grid is one index."""

    __tablename__ = "venda_item"
    __table_args__ = (
        UniqueConstraint("venda_id", "item", name="uq_venda_item"),
        # a customer's items in date order with what the figures and the grid's order
        # read: no table lookups (migration 0007)
        Index(
            "ix_venda_item_cliente_data_venda",
            "cliente_id",
            "data",
            "venda_id",
            "item",
            "valor_total",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venda_id: Mapped[int] = mapped_column(ForeignKey("venda.id", ondelete="CASCADE"))
    cliente_id: Mapped[int] = mapped_column(ForeignKey("cliente.id"))
    data: Mapped[dt.date] = mapped_column(Date)
    item: Mapped[int] = mapped_column(Integer)
    produto_id: Mapped[int] = mapped_column(ForeignKey("produto.id"))
    quantidade: Mapped[Decimal] = mapped_column(Quantity())
    valor_unitario: Mapped[Decimal] = mapped_column(Money())
    desconto: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    valor_total: Mapped[Decimal] = mapped_column(Money())


class Acordo(Base):
    """A renegotiation: it replaced some títulos and created installment títulos ACD-<numero>."""

    __tablename__ = "acordo"
    __table_args__ = (
        UniqueConstraint("empresa_id", "numero", name="uq_acordo_empresa_numero"),
        Index("ix_acordo_cliente_data", "cliente_id", "data"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    empresa_id: Mapped[int] = mapped_column(ForeignKey("empresa.id"))
    numero: Mapped[int] = mapped_column(Integer)
    cliente_id: Mapped[int] = mapped_column(ForeignKey("cliente.id"))
    data: Mapped[dt.date] = mapped_column(Date)
    valor_original: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    multa: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    juros: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    desconto: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    valor_negociado: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    entrada: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    entrada_data: Mapped[dt.date | None] = mapped_column(Date)
    parcelas: Mapped[int] = mapped_column(Integer, default=0)
    taxa_mensal: Mapped[Decimal] = mapped_column(Rate(), default=Decimal("0"))
    operador: Mapped[str | None] = mapped_column(String(100))
    observacao: Mapped[str | None] = mapped_column(Text)
    # ativo | quebrado (cancelled: "quebra do acordo")
    situacao: Mapped[str] = mapped_column(String(10), default="ativo")
    cancelado_em: Mapped[dt.date | None] = mapped_column(Date)
    motivo_cancelamento: Mapped[str | None] = mapped_column(Text)


# the conditions of Titulo's partial indexes (app.db.positions writes the same conditions)
PAID_IN_FULL_SQL = "recebido >= valor AND cancelado_em IS NULL"
NOT_PAID_IN_FULL_SQL = "recebido < valor OR cancelado_em IS NOT NULL"


class Titulo(Base):
    """A receivable. Its status as of a date is computed by app.domain.titulos."""

    __tablename__ = "titulo"
    __table_args__ = (
        UniqueConstraint(
            "empresa_id", "numero_documento", "parcela", name="uq_titulo_empresa_doc_parcela"
        ),
        Index("ix_titulo_cliente_vencimento", "cliente_id", "vencimento"),
        Index("ix_titulo_acordo_origem", "acordo_origem_id"),
        Index("ix_titulo_renegociado", "renegociado_acordo_id"),
        # every column app.db.positions reads: a customer's position from the index alone
        Index(
            "ix_titulo_cliente_posicao",
            "cliente_id",
            "emissao",
            "vencimento",
            "valor",
            "recebido",
            "ultimo_recebimento",
            "cancelado_em",
            "negativado_em",
            "cobranca_em",
            "empresa_id",
            "numero_documento",
            "parcela",
        ),
        # a long history is mostly títulos paid in full: the figures count those from
        # their own small index and compute positions only for the others (migration 0004)
        Index(
            "ix_titulo_cliente_pago",
            "cliente_id",
            "empresa_id",
            "emissao",
            "ultimo_recebimento",
            "vencimento",
            "valor",
            "recebido",
            "cancelado_em",
            sqlite_where=text(PAID_IN_FULL_SQL),
            postgresql_where=text(PAID_IN_FULL_SQL),
        ),
        Index(
            "ix_titulo_cliente_aberto",
            "cliente_id",
            "emissao",
            "vencimento",
            "valor",
            "recebido",
            "ultimo_recebimento",
            "cancelado_em",
            "negativado_em",
            "cobranca_em",
            "empresa_id",
            "numero_documento",
            "parcela",
            sqlite_where=text(NOT_PAID_IN_FULL_SQL),
            postgresql_where=text(NOT_PAID_IN_FULL_SQL),
        ),
        # the títulos with a receipt after a date, and whether issued by then (0009)
        Index("ix_titulo_cliente_ultimo_emissao", "cliente_id", "ultimo_recebimento", "emissao"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    empresa_id: Mapped[int] = mapped_column(ForeignKey("empresa.id"))
    cliente_id: Mapped[int] = mapped_column(ForeignKey("cliente.id"))
    venda_id: Mapped[int | None] = mapped_column(ForeignKey("venda.id"))
    numero_documento: Mapped[str] = mapped_column(String(30))
    parcela: Mapped[int] = mapped_column(Integer)
    emissao: Mapped[dt.date] = mapped_column(Date)
    vencimento: Mapped[dt.date] = mapped_column(Date)
    valor: Mapped[Decimal] = mapped_column(Money())
    forma_pagamento: Mapped[str | None] = mapped_column(String(20))
    cancelado_em: Mapped[dt.date | None] = mapped_column(Date)
    motivo_cancelamento: Mapped[str | None] = mapped_column(Text)
    negativado_em: Mapped[dt.date | None] = mapped_column(Date)
    cobranca_em: Mapped[dt.date | None] = mapped_column(Date)
    acordo_origem_id: Mapped[int | None] = mapped_column(ForeignKey("acordo.id"))
    renegociado_acordo_id: Mapped[int | None] = mapped_column(ForeignKey("acordo.id"))
    # optimistic concurrency: every write bumps it; a stale writer changes no row
    versao: Mapped[int] = mapped_column(Integer, default=1)
    # every recebimento summed, and the latest one's date: kept by triggers on recebimento
    # (migration 0003), never written by the program
    recebido: Mapped[Decimal] = mapped_column(Money(), server_default="0")
    ultimo_recebimento: Mapped[dt.date | None] = mapped_column(Date)


class TituloPagoDia(Base):
    """The count and valor of a customer's títulos of one empresa paid in full and never
    cancelled (PAID_IN_FULL_SQL), per ``dia``: the later of a título's emissão and last
    receipt, from which on it is paid in full. As of a date D, the days <= D hold
    exactly the títulos issued and paid in full by receipts all dated by D (those with
    a receipt after D sum theirs up to D in app.db.positions; none held by a
    later-broken acordo).
    Kept by triggers on titulo (migrations 0008 and 0011), never written by the
    program; the Financeiro figures read them instead of counting those títulos one by
    one (app.db.position_figures)."""

    __tablename__ = "titulo_pago_dia"
    __table_args__ = {"sqlite_with_rowid": False}

    cliente_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    empresa_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    dia: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    quantidade: Mapped[int] = mapped_column(Integer)
    valor: Mapped[Decimal] = mapped_column(Money())


class VendaDia(Base):
    """A customer's sale items of one day, every sale's (cancelled ones included): how
    many, in how many distinct sales, and their valor_total summed. Kept by triggers on
    venda_item (migration 0010), never written by the program; the Venda figures and
    the grid's count read them instead of reading every item (app.db.venda_queries)."""

    __tablename__ = "venda_dia"

    cliente_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    itens: Mapped[int] = mapped_column(Integer)
    vendas: Mapped[int] = mapped_column(Integer)
    total: Mapped[Decimal] = mapped_column(Money())


class AcordoQuebradoOriginal(Base):
    """A título that a broken acordo had replaced ("quebra do acordo", DOMAIN.md): it was
    cancelled from the acordo's data until the break (the acordo's cancelado_em), and is
    open again since. Kept so that a position as of a date in that period still counts it
    cancelled, and the acordo still lists and prints the debt it replaced."""

    __tablename__ = "acordo_quebrado_original"
    __table_args__ = (
        UniqueConstraint("acordo_id", "titulo_id", name="uq_acordo_quebrado_original"),
        Index("ix_acordo_quebrado_original_titulo", "titulo_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    acordo_id: Mapped[int] = mapped_column(ForeignKey("acordo.id"))
    titulo_id: Mapped[int] = mapped_column(ForeignKey("titulo.id"))


class Recebimento(Base):
    """A payment (baixa) received against a título, with its own date and amount."""

    __tablename__ = "recebimento"
    __table_args__ = (Index("ix_recebimento_titulo_data", "titulo_id", "data"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    titulo_id: Mapped[int] = mapped_column(ForeignKey("titulo.id", ondelete="CASCADE"))
    data: Mapped[dt.date] = mapped_column(Date)
    valor: Mapped[Decimal] = mapped_column(Money())
    forma_pagamento: Mapped[str | None] = mapped_column(String(20))


class Programacao(Base):
    """A scheduled event for the customer (entrega, visita técnica, ligação, cobrança, outro)."""

    __tablename__ = "programacao"
    __table_args__ = (
        Index("ix_programacao_cliente_data", "cliente_id", "data"),
        # the default view (pending events, by date) and the section's count: from the
        # index alone (migration 0005)
        Index("ix_programacao_cliente_situacao", "cliente_id", "situacao", "data", "hora"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    empresa_id: Mapped[int] = mapped_column(ForeignKey("empresa.id"))
    cliente_id: Mapped[int] = mapped_column(ForeignKey("cliente.id"))
    data: Mapped[dt.date] = mapped_column(Date)
    hora: Mapped[dt.time | None] = mapped_column(Time)
    tipo: Mapped[str] = mapped_column(String(20))
    descricao: Mapped[str] = mapped_column(Text)
    responsavel: Mapped[str | None] = mapped_column(String(100))
    # pendente | realizada | cancelada
    situacao: Mapped[str] = mapped_column(String(10), default="pendente")
    versao: Mapped[int] = mapped_column(Integer, default=1)


class AuditEntry(Base):
    """Append-only audit log: database triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    # UTC, naive (both databases store it the same way)
    em: Mapped[dt.datetime] = mapped_column(DateTime)
    usuario: Mapped[str] = mapped_column(String(100))
    acao: Mapped[str] = mapped_column(String(40), index=True)
    entidade: Mapped[str] = mapped_column(String(30))
    entidade_id: Mapped[int | None] = mapped_column(Integer)
    detalhes: Mapped[str] = mapped_column(Text, default="{}")
