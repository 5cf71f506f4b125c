"""Everything the termo de acordo prints, loaded from the database in one go.

The replaced títulos (renegociado_acordo_id = the acordo, or kept by its break:
app.db.quebras.originals_of) are shown as they stood on the acordo's date, with
the empresa's rates: saldo from the
recebimentos dated up to then, dias de atraso, multa and juros as
app.domain.titulos computes them (the cancellation by this very acordo is
ignored, since the document shows the debt it replaced). The installments are
the títulos the acordo created (acordo_origem_id), in parcela order; as
app/db/acordo_ops.py lays them out, the entrada is its own título, parcela 0.
The terms are the acordo row's own figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.errors import NotFound
from app.db.quebras import originals_of
from app.db.schema import Acordo, Cliente, Empresa, Recebimento, Titulo
from app.domain.money import ZERO
from app.domain.titulos import Rates, TituloFacts, position
from app.printing.verification import load_contents, verification_code

__all__ = [
    "AcordoDocumento",
    "Credor",
    "Devedor",
    "ParcelaLinha",
    "TituloLinha",
    "find_acordo_id",
    "load_acordo",
]


@dataclass(frozen=True)
class Credor:
    codigo: str
    razao_social: str
    nome_fantasia: str | None
    cnpj: str
    endereco: str | None
    cidade: str | None
    uf: str | None
    telefone: str | None
    multa_percentual: Decimal
    juros_mensal_percentual: Decimal


@dataclass(frozen=True)
class Devedor:
    codigo: str
    nome: str
    cpf_cnpj: str
    rg: str | None
    estado_civil: str | None
    endereco: str | None
    bairro: str | None
    cidade: str | None
    uf: str | None
    cep: str | None


@dataclass(frozen=True)
class TituloLinha:
    """A replaced título as of the acordo's date."""

    numero_documento: str
    parcela: int
    vencimento: date
    saldo: Decimal
    dias_atraso: int
    multa: Decimal
    juros: Decimal
    valor_atualizado: Decimal


@dataclass(frozen=True)
class ParcelaLinha:
    """A título created by the acordo: an installment, or the entrada (parcela 0)."""

    numero_documento: str
    parcela: int
    vencimento: date
    valor: Decimal

    @property
    def is_entrada(self) -> bool:
        return self.parcela == 0


@dataclass(frozen=True)
class AcordoDocumento:
    """The full content of one printed termo de acordo."""

    acordo_id: int
    numero: int
    data: date
    credor: Credor
    devedor: Devedor
    titulos: tuple[TituloLinha, ...]
    parcelas: tuple[ParcelaLinha, ...]
    valor_original: Decimal
    multa: Decimal
    juros: Decimal
    desconto: Decimal
    valor_negociado: Decimal
    entrada: Decimal
    entrada_data: date | None
    numero_parcelas: int
    taxa_mensal: Decimal
    situacao: str
    cancelado_em: date | None
    codigo_verificacao: str

    @property
    def encargos(self) -> Decimal:
        return self.multa + self.juros

    @property
    def installments(self) -> tuple[ParcelaLinha, ...]:
        """The installments proper, without the entrada."""
        return tuple(p for p in self.parcelas if not p.is_entrada)

    @property
    def total_parcelas(self) -> Decimal:
        """The sum of the installments (the entrada not included)."""
        return sum((p.valor for p in self.installments), ZERO)

    @property
    def total_a_pagar(self) -> Decimal:
        """Everything the debtor pays: the entrada título and the installments."""
        return sum((p.valor for p in self.parcelas), ZERO)


def find_acordo_id(session: Session, numero: int, empresa: str) -> int:
    """The id of acordo ``numero`` of empresa ``empresa`` (its code); NotFound otherwise."""
    empresa_id = session.scalar(select(Empresa.id).where(Empresa.codigo == empresa))
    if empresa_id is None:
        raise NotFound(f"empresa não encontrada: {empresa}")
    acordo_id = session.scalar(
        select(Acordo.id).where(Acordo.empresa_id == empresa_id, Acordo.numero == numero)
    )
    if acordo_id is None:
        raise NotFound(f"acordo não encontrado: {numero} da empresa {empresa}")
    return acordo_id


def load_acordo(session: Session, acordo_id: int) -> AcordoDocumento:
    """The termo de acordo of ``acordo_id``; NotFound when there is no such acordo."""
    row = session.execute(
        select(Acordo, Empresa, Cliente)
        .join(Empresa, Empresa.id == Acordo.empresa_id)
        .join(Cliente, Cliente.id == Acordo.cliente_id)
        .where(Acordo.id == acordo_id)
    ).first()
    if row is None:
        raise NotFound(f"acordo não encontrado (id {acordo_id})")
    acordo, empresa, cliente = row
    credor = _credor(empresa)
    rates = Rates(credor.multa_percentual, credor.juros_mensal_percentual)
    content = load_contents(session, [acordo_id])[acordo_id]
    return AcordoDocumento(
        acordo_id=acordo.id,
        numero=acordo.numero,
        data=acordo.data,
        credor=credor,
        devedor=_devedor(cliente),
        titulos=_replaced_titulos(session, acordo.id, acordo.data, rates),
        parcelas=tuple(
            ParcelaLinha(i.numero_documento, i.parcela, i.vencimento, i.valor)
            for i in content.installments
        ),
        valor_original=acordo.valor_original,
        multa=acordo.multa,
        juros=acordo.juros,
        desconto=acordo.desconto,
        valor_negociado=acordo.valor_negociado,
        entrada=acordo.entrada,
        entrada_data=acordo.entrada_data,
        numero_parcelas=acordo.parcelas,
        taxa_mensal=acordo.taxa_mensal,
        situacao=acordo.situacao,
        cancelado_em=acordo.cancelado_em,
        codigo_verificacao=verification_code(content),
    )


def _credor(e: Empresa) -> Credor:
    return Credor(
        codigo=e.codigo,
        razao_social=e.razao_social,
        nome_fantasia=e.nome_fantasia,
        cnpj=e.cnpj,
        endereco=e.endereco,
        cidade=e.cidade,
        uf=e.uf,
        telefone=e.telefone,
        multa_percentual=e.multa_percentual,
        juros_mensal_percentual=e.juros_mensal_percentual,
    )


def _devedor(c: Cliente) -> Devedor:
    return Devedor(
        codigo=c.codigo,
        nome=c.nome,
        cpf_cnpj=c.cpf_cnpj,
        rg=c.rg,
        estado_civil=c.estado_civil,
        endereco=c.endereco,
        bairro=c.bairro,
        cidade=c.cidade,
        uf=c.uf,
        cep=c.cep,
    )


def _replaced_titulos(
    session: Session, acordo_id: int, as_of: date, rates: Rates
) -> tuple[TituloLinha, ...]:
    titulos = session.scalars(
        select(Titulo)
        .where(originals_of(acordo_id))  # a broken acordo's too
        .order_by(Titulo.vencimento, Titulo.numero_documento, Titulo.parcela, Titulo.id)
    ).all()
    received: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if titulos:
        payments = session.execute(
            select(Recebimento.titulo_id, Recebimento.valor).where(
                Recebimento.titulo_id.in_([t.id for t in titulos]), Recebimento.data <= as_of
            )
        )
        for titulo_id, valor in payments:
            received[titulo_id] += valor
    return tuple(_linha(t, received[t.id], as_of, rates) for t in titulos)


def _linha(t: Titulo, received: Decimal, as_of: date, rates: Rates) -> TituloLinha:
    facts = TituloFacts(
        valor=t.valor,
        emissao=min(t.emissao, as_of),
        vencimento=t.vencimento,
        received=received,
        cancelado_em=None,  # cancelled by this acordo: the document shows the debt it replaced
        negativado_em=t.negativado_em,
        cobranca_em=t.cobranca_em,
    )
    pos = position(facts, as_of, rates)
    assert pos is not None  # emissao <= as_of
    return TituloLinha(
        numero_documento=t.numero_documento,
        parcela=t.parcela,
        vencimento=t.vencimento,
        saldo=pos.saldo,
        dias_atraso=pos.dias_atraso,
        multa=pos.multa,
        juros=pos.juros,
        valor_atualizado=pos.valor_atualizado if pos.is_open else pos.saldo,
    )
