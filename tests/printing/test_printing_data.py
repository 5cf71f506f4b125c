"""Loading a termo from an acordo made by app/db/acordo_ops.py (the real renegotiation)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from acordo_fixtures import ACORDO_DATE, CLIENTE, EMPRESA, insert_empresa_cliente
from sqlalchemy import insert

from app.db.acordo_ops import AcordoRequest, cancel_acordo, create_acordo
from app.db.engine import Database
from app.db.schema import Recebimento, Titulo
from app.domain.money import ZERO
from app.printing.data import load_acordo
from app.printing.document import render_acordo

D = Decimal


def test_termo_of_an_acordo_created_by_acordo_ops(db: Database) -> None:
    empresa_id, cliente_id = insert_empresa_cliente(db)
    with db.session() as s:
        for k, valor in enumerate((D("300.00"), D("450.50"), D("99.99"))):
            vencimento = ACORDO_DATE - timedelta(days=20 + 31 * k)
            titulo_id = s.execute(
                insert(Titulo)
                .values(
                    empresa_id=empresa_id,
                    cliente_id=cliente_id,
                    numero_documento=f"V-{k}",
                    parcela=1,
                    emissao=vencimento - timedelta(days=30),
                    vencimento=vencimento,
                    valor=valor,
                )
                .returning(Titulo.id)
            ).scalar_one()
            s.execute(
                insert(Recebimento).values(titulo_id=titulo_id, data=vencimento, valor=D("10.00"))
            )
    created = create_acordo(
        db,
        AcordoRequest(
            cliente_codigo=str(CLIENTE["codigo"]),
            empresa_codigo=str(EMPRESA["codigo"]),
            titulos=[("V-0", 1), ("V-1", 1), ("V-2", 1)],
            data=ACORDO_DATE,
            parcelas=5,
            first_due=date(2026, 12, 20),
            desconto=D("5.00"),
            entrada=D("100.00"),
            entrada_data=ACORDO_DATE,
            taxa=D("2"),
        ),
    )
    with db.session() as s:
        doc = load_acordo(s, created.acordo_id)
    plan = created.plan
    # the replaced títulos, recomputed as of the acordo date, give the saved figures
    assert sum((t.saldo for t in doc.titulos), ZERO) == doc.valor_original == plan.principal
    assert sum((t.multa for t in doc.titulos), ZERO) == doc.multa == plan.multa
    assert sum((t.juros for t in doc.titulos), ZERO) == doc.juros == plan.juros
    assert all(t.dias_atraso > 0 for t in doc.titulos)
    # the entrada (parcela 0) and the installments
    assert [(p.parcela, p.valor) for p in doc.parcelas] == [(0, plan.entrada)] + [
        (p.numero, p.valor) for p in plan.parcelas
    ]
    assert doc.total_parcelas == plan.total_parcelas
    assert doc.numero_parcelas == 5 and doc.taxa_mensal == D("2")
    assert render_acordo(doc).startswith(b"%PDF-")

    # broken, the acordo still documents the debt it had replaced (a reprint for the file)
    cancel_acordo(db, created.acordo_id, motivo="desistiu", data=ACORDO_DATE + timedelta(days=3))
    with db.session() as s:
        broken = load_acordo(s, created.acordo_id)
    assert broken.titulos == doc.titulos
    assert broken.cancelado_em == ACORDO_DATE + timedelta(days=3)
