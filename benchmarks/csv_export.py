"""An ERP export folder (docs/IMPORT-FORMAT.md) cut from a benchmark database.

``export_folder(database, folder, titulos=100_000)`` writes the nine CSV files for
the first customers (by id, the whale left out) whose títulos add up to about
``titulos``: every empresa and produto, and those customers' vendas, itens, acordos,
títulos, recebimentos and programações. Values are written as the import reads
them (ISO dates, ``.`` decimals, ``;`` separator, UTF-8); the csv module quotes
free text that holds separators or line breaks.

Left out: the entrada títulos of acordos (parcela 0, as app/db/acordo_ops.py lays
them out) and their recebimentos, because the import format takes parcelas from 1
(docs/IMPORT-FORMAT.md: "Inteiros ... a partir de 1"); and the desconto of a broken
("quebrado") acordo, whose originals no longer point at it, so the import would
find no debt to discount.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import aliased

from app.db.engine import Database
from app.db.schema import (
    Acordo,
    Cliente,
    Empresa,
    Produto,
    Programacao,
    Recebimento,
    Titulo,
    Venda,
    VendaItem,
)

WHALE_CODE = "W000001"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(v) for v in row])
            count += 1
    return count


def _cutoff(database: Database, titulos: int) -> int:
    """The largest customer id to take so their títulos add up to about ``titulos``."""
    with database.session() as session:
        per_customer = session.execute(
            select(Titulo.cliente_id, func.count(Titulo.id))
            .join(Cliente, Cliente.id == Titulo.cliente_id)
            .where(Cliente.codigo != WHALE_CODE)
            .group_by(Titulo.cliente_id)
            .order_by(Titulo.cliente_id)
        ).all()
    total = 0
    for cliente_id, n in per_customer:
        total += n
        if total >= titulos:
            return int(cliente_id)
    return int(per_customer[-1][0]) if per_customer else 0


def export_folder(database: Database, folder: Path, *, titulos: int) -> dict[str, int]:
    """Write the folder; rows per file name."""
    folder.mkdir(parents=True, exist_ok=True)
    last_id = _cutoff(database, titulos)
    chosen = and_(Cliente.id <= last_id, Cliente.codigo != WHALE_CODE)
    origem, renegociado = aliased(Acordo), aliased(Acordo)
    files: dict[str, tuple[Sequence[str], Select[Any]]] = {
        "empresas.csv": (
            "codigo razao_social nome_fantasia cnpj endereco cidade uf telefone "
            "multa_percentual juros_mensal_percentual".split(),
            select(
                Empresa.codigo,
                Empresa.razao_social,
                Empresa.nome_fantasia,
                Empresa.cnpj,
                Empresa.endereco,
                Empresa.cidade,
                Empresa.uf,
                Empresa.telefone,
                Empresa.multa_percentual,
                Empresa.juros_mensal_percentual,
            ).order_by(Empresa.id),
        ),
        "clientes.csv": (
            "codigo nome cpf_cnpj rg data_nascimento estado_civil email telefone endereco "
            "bairro cidade uf cep limite_credito cliente_desde".split(),
            select(
                Cliente.codigo,
                Cliente.nome,
                Cliente.cpf_cnpj,
                Cliente.rg,
                Cliente.data_nascimento,
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
            .where(chosen)
            .order_by(Cliente.id),
        ),
        "produtos.csv": (
            ["codigo", "descricao", "unidade"],
            select(Produto.codigo, Produto.descricao, Produto.unidade).order_by(Produto.id),
        ),
        "vendas.csv": (
            ["codigo", "empresa", "cliente", "data", "vendedor", "situacao"],
            select(
                Venda.codigo,
                Empresa.codigo,
                Cliente.codigo,
                Venda.data,
                Venda.vendedor,
                Venda.situacao,
            )
            .join(Empresa, Empresa.id == Venda.empresa_id)
            .join(Cliente, Cliente.id == Venda.cliente_id)
            .where(chosen)
            .order_by(Venda.id),
        ),
        "itens_venda.csv": (
            ["venda", "item", "produto", "quantidade", "valor_unitario", "desconto"],
            select(
                Venda.codigo,
                VendaItem.item,
                Produto.codigo,
                VendaItem.quantidade,
                VendaItem.valor_unitario,
                VendaItem.desconto,
            )
            .join(Venda, Venda.id == VendaItem.venda_id)
            .join(Produto, Produto.id == VendaItem.produto_id)
            .join(Cliente, Cliente.id == VendaItem.cliente_id)
            .where(chosen)
            .order_by(VendaItem.id),
        ),
        "acordos.csv": (
            ["numero", "empresa", "cliente", "data", "desconto", "operador", "observacao"],
            select(
                Acordo.numero,
                Empresa.codigo,
                Cliente.codigo,
                Acordo.data,
                case((Acordo.situacao == "quebrado", None), else_=Acordo.desconto),
                Acordo.operador,
                Acordo.observacao,
            )
            .join(Empresa, Empresa.id == Acordo.empresa_id)
            .join(Cliente, Cliente.id == Acordo.cliente_id)
            .where(chosen)
            .order_by(Acordo.id),
        ),
        "titulos.csv": (
            "empresa cliente numero_documento parcela emissao vencimento valor venda "
            "forma_pagamento cancelado_em motivo_cancelamento negativado_em cobranca_em "
            "acordo_origem renegociado_no_acordo".split(),
            select(
                Empresa.codigo,
                Cliente.codigo,
                Titulo.numero_documento,
                Titulo.parcela,
                Titulo.emissao,
                Titulo.vencimento,
                Titulo.valor,
                Venda.codigo,
                Titulo.forma_pagamento,
                Titulo.cancelado_em,
                Titulo.motivo_cancelamento,
                Titulo.negativado_em,
                Titulo.cobranca_em,
                origem.numero,
                renegociado.numero,
            )
            .join(Empresa, Empresa.id == Titulo.empresa_id)
            .join(Cliente, Cliente.id == Titulo.cliente_id)
            .outerjoin(Venda, Venda.id == Titulo.venda_id)
            .outerjoin(origem, origem.id == Titulo.acordo_origem_id)
            .outerjoin(renegociado, renegociado.id == Titulo.renegociado_acordo_id)
            .where(chosen, Titulo.parcela >= 1)
            .order_by(Titulo.id),
        ),
        "recebimentos.csv": (
            ["empresa", "numero_documento", "parcela", "data", "valor", "forma_pagamento"],
            select(
                Empresa.codigo,
                Titulo.numero_documento,
                Titulo.parcela,
                Recebimento.data,
                Recebimento.valor,
                Recebimento.forma_pagamento,
            )
            .join(Titulo, Titulo.id == Recebimento.titulo_id)
            .join(Empresa, Empresa.id == Titulo.empresa_id)
            .join(Cliente, Cliente.id == Titulo.cliente_id)
            .where(chosen, Titulo.parcela >= 1)
            .order_by(Recebimento.id),
        ),
        "programacoes.csv": (
            [
                "empresa",
                "cliente",
                "data_programacao",
                "tipo",
                "descricao",
                "responsavel",
                "situacao",
            ],
            select(
                Empresa.codigo,
                Cliente.codigo,
                Programacao.data,
                Programacao.hora,
                Programacao.tipo,
                Programacao.descricao,
                Programacao.responsavel,
                Programacao.situacao,
            )
            .join(Empresa, Empresa.id == Programacao.empresa_id)
            .join(Cliente, Cliente.id == Programacao.cliente_id)
            .where(chosen)
            .order_by(Programacao.id),
        ),
    }
    counts: dict[str, int] = {}
    with database.session() as session:
        for name, (header, query) in files.items():
            rows: Iterable[Sequence[Any]] = session.execute(query)
            if name == "programacoes.csv":
                rows = (
                    (e, c, datetime.combine(d, h) if h is not None else d, *rest)
                    for e, c, d, h, *rest in rows
                )
            counts[name] = _write(folder / name, header, rows)
    return counts
