"""Acordos inserted with Core for the printing tests, as the renegotiation saves them.

The figures come from app.domain (positions as of the acordo date, plan_acordo),
so a test can compare the printed document with what the rules give.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert

from app.db.engine import Database
from app.db.schema import Acordo, Cliente, Empresa, Recebimento, Titulo
from app.domain.acordo import AcordoPlan, plan_acordo
from app.domain.titulos import Position, Rates, TituloFacts, position

D = Decimal
ACORDO_DATE = date(2026, 11, 19)
ENTRADA, DESCONTO, ZERO_RATE = D("150.00"), D("10.00"), D("0")
EMPRESA = {
    "codigo": "E01",
    "razao_social": "Comercial Exemplo de Utilidades Ltda.",
    "nome_fantasia": "Exemplo Utilidades",
    "cnpj": "11222333000181",
    "endereco": "Avenida Paulista, 1000, Bela Vista",
    "cidade": "São Paulo",
    "uf": "SP",
    "telefone": "(11) 3000-0000",
    "multa_percentual": D("2.00"),
    "juros_mensal_percentual": D("1.00"),
}
CLIENTE = {
    "codigo": "C001",
    "nome": "Maria da Conceição Araújo Gonçalves",
    "nome_busca": "maria da conceicao araujo goncalves",
    "cpf_cnpj": "52998224725",
    "rg": "12.345.678-9",
    "estado_civil": "casada",
    "endereco": "Rua das Acácias, 45, apto. 12",
    "bairro": "Jardim Sônia",
    "cidade": "São Paulo",
    "uf": "SP",
    "cep": "04567000",
}


@dataclass(frozen=True)
class InsertedAcordo:
    acordo_id: int
    empresa_id: int
    cliente_id: int
    numero: int
    plan: AcordoPlan
    positions: tuple[Position, ...]
    titulos: tuple[tuple[str, int], ...]  # (numero_documento, parcela) of the replaced ones


def insert_empresa_cliente(db: Database) -> tuple[int, int]:
    with db.session() as s:
        empresa_id = s.execute(insert(Empresa).values(**EMPRESA).returning(Empresa.id)).scalar_one()
        cliente_id = s.execute(insert(Cliente).values(**CLIENTE).returning(Cliente.id)).scalar_one()
    return empresa_id, cliente_id


def insert_acordo(
    db: Database,
    *,
    numero: int = 123,
    titulos: int = 3,
    parcelas: int = 4,
    entrada: Decimal = ENTRADA,
    desconto: Decimal = DESCONTO,
    rate: Decimal = ZERO_RATE,
    ids: tuple[int, int] | None = None,
) -> InsertedAcordo:
    """An acordo over ``titulos`` overdue títulos, each partly paid before the acordo."""
    empresa_id, cliente_id = ids or insert_empresa_cliente(db)
    rates = Rates(EMPRESA["multa_percentual"], EMPRESA["juros_mensal_percentual"])
    originals = []
    for k in range(titulos):
        valor = D("250.00") + D(k * 37) + D("0.45")
        vencimento = ACORDO_DATE - timedelta(days=15 + 9 * k)
        paid_before = D("20.00") if k % 2 == 0 else D("0.00")
        originals.append((f"NF-{numero}{k:03d}", 1 + k % 3, vencimento, valor, paid_before))
    positions = []
    for _doc, _parc, venc, valor, paid in originals:
        facts = TituloFacts(
            valor=valor, emissao=venc - timedelta(days=30), vencimento=venc, received=paid
        )
        pos = position(facts, ACORDO_DATE, rates)
        assert pos is not None
        positions.append(pos)
    plan = plan_acordo(
        positions=positions,
        as_of=ACORDO_DATE,
        desconto=desconto,
        entrada=entrada,
        entrada_data=ACORDO_DATE + timedelta(days=5) if entrada else None,
        n=parcelas,
        first_due=date(2026, 12, 19),
        rate_percent_monthly=rate,
    )
    with db.session() as s:
        acordo_id = s.execute(
            insert(Acordo)
            .values(
                empresa_id=empresa_id,
                numero=numero,
                cliente_id=cliente_id,
                data=ACORDO_DATE,
                valor_original=plan.principal,
                multa=plan.multa,
                juros=plan.juros,
                desconto=plan.desconto,
                valor_negociado=plan.total_negociado,
                entrada=plan.entrada,
                entrada_data=plan.entrada_data,
                parcelas=len(plan.parcelas),
                taxa_mensal=plan.taxa,
                operador="teste",
                situacao="ativo",
            )
            .returning(Acordo.id)
        ).scalar_one()
        for doc, parc, venc, valor, paid in originals:
            titulo_id = s.execute(
                insert(Titulo)
                .values(
                    empresa_id=empresa_id,
                    cliente_id=cliente_id,
                    numero_documento=doc,
                    parcela=parc,
                    emissao=venc - timedelta(days=30),
                    vencimento=venc,
                    valor=valor,
                    cancelado_em=ACORDO_DATE,
                    motivo_cancelamento=f"renegociado no acordo {numero}",
                    renegociado_acordo_id=acordo_id,
                )
                .returning(Titulo.id)
            ).scalar_one()
            if paid:
                s.execute(
                    insert(Recebimento).values(
                        titulo_id=titulo_id, data=venc + timedelta(days=1), valor=paid
                    )
                )
            # a payment after the acordo date does not change the printed saldo
            s.execute(
                insert(Recebimento).values(
                    titulo_id=titulo_id, data=ACORDO_DATE + timedelta(days=3), valor=D("1.00")
                )
            )
        # as app/db/acordo_ops.py lays them out: the entrada is ACD-N parcela 0
        schedule = [(p.numero, p.vencimento, p.valor) for p in plan.parcelas]
        if plan.entrada > 0 and plan.entrada_data is not None:
            schedule.insert(0, (0, plan.entrada_data, plan.entrada))
        for parcela, vencimento, valor in schedule:
            s.execute(
                insert(Titulo).values(
                    empresa_id=empresa_id,
                    cliente_id=cliente_id,
                    numero_documento=f"ACD-{numero}",
                    parcela=parcela,
                    emissao=ACORDO_DATE,
                    vencimento=vencimento,
                    valor=valor,
                    acordo_origem_id=acordo_id,
                )
            )
    return InsertedAcordo(
        acordo_id=acordo_id,
        empresa_id=empresa_id,
        cliente_id=cliente_id,
        numero=numero,
        plan=plan,
        positions=tuple(positions),
        titulos=tuple((doc, parc) for doc, parc, *_ in originals),
    )
