"""The naive peer: SQLAlchemy ORM ``.all()`` into a QStandardItemModel.

What a first version of the screen would do: load ORM entities with ``.all()`` in a
fresh Session, compute with the same domain rules (app.domain.titulos.position, the
same columns and formatting), and put *every* row in a QStandardItemModel (one
QStandardItem per cell, no paging) shown in a QTableView. Every operation that
changes what is shown runs the load again and rebuilds the model.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from sqlalchemy import select

from app.db import financeiro
from app.db.columns import display
from app.db.engine import Database
from app.db.financeiro import TituloRow
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
from app.domain.money import ZERO
from app.domain.text import normalize_search
from app.domain.titulos import OPEN_STATUSES, Rates, Status


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class Naive:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.view = QTableView()
        self.view.resize(1360, 700)
        self.view.show()
        self.model: QStandardItemModel | None = None

    def close(self) -> None:
        self.view.setModel(None)
        self.view.close()
        self.model = None

    def _show(self, headers: Sequence[str], cells: Iterable[Sequence[str]]) -> int:
        rows = list(cells)
        model = QStandardItemModel(len(rows), len(headers))
        model.setHorizontalHeaderLabels(list(headers))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                model.setItem(r, c, QStandardItem(text))
        self.view.setModel(model)
        self.model = model
        self.view.repaint()
        return len(rows)

    def timed(self, work: Callable[[], object]) -> float:
        start = time.perf_counter()
        work()
        return _ms_since(start)

    # --- Financeiro ---

    def titulos(self, code: str, as_of: date) -> list[TituloRow]:
        with self.database.session() as session:
            cliente = session.scalars(select(Cliente).where(Cliente.codigo == code)).one()
            titulos = session.scalars(
                select(Titulo)
                .where(Titulo.cliente_id == cliente.id, Titulo.emissao <= as_of)
                .order_by(Titulo.vencimento, Titulo.numero_documento, Titulo.parcela, Titulo.id)
            ).all()
            recebimentos = session.scalars(
                select(Recebimento)
                .join(Titulo, Titulo.id == Recebimento.titulo_id)
                .where(Titulo.cliente_id == cliente.id, Recebimento.data <= as_of)
            ).all()
            empresas = {e.id: e for e in session.scalars(select(Empresa)).all()}
            vendas = {
                v.id: v
                for v in session.scalars(select(Venda).where(Venda.cliente_id == cliente.id)).all()
            }
            acordos = {
                a.id: a
                for a in session.scalars(
                    select(Acordo).where(Acordo.cliente_id == cliente.id)
                ).all()
            }
        received: dict[int, Decimal] = defaultdict(lambda: ZERO)
        last: dict[int, date] = {}
        for rec in recebimentos:
            received[rec.titulo_id] += rec.valor
            last[rec.titulo_id] = max(rec.data, last.get(rec.titulo_id, rec.data))
        rows = []
        for t in titulos:
            empresa = empresas[t.empresa_id]
            cancelled = t.cancelado_em is not None and t.cancelado_em <= as_of
            renegociado = acordos.get(t.renegociado_acordo_id) if cancelled else None
            origem = acordos.get(t.acordo_origem_id)
            rows.append(
                TituloRow.of(
                    id=t.id,
                    empresa=empresa.codigo,
                    cod_venda=vendas[t.venda_id].codigo if t.venda_id in vendas else None,
                    numero_documento=t.numero_documento,
                    parcela=t.parcela,
                    emissao=t.emissao,
                    vencimento=t.vencimento,
                    valor=t.valor,
                    forma_pagamento=t.forma_pagamento,
                    ult_recebimento=last.get(t.id),
                    acordo_origem=origem.numero if origem is not None else None,
                    renegociado_no_acordo=renegociado.numero if renegociado else None,
                    received=received[t.id],
                    cancelado_em=t.cancelado_em,
                    negativado_em=t.negativado_em,
                    cobranca_em=t.cobranca_em,
                    as_of=as_of,
                    rates=Rates(empresa.multa_percentual, empresa.juros_mensal_percentual),
                )
            )
        return rows

    def financeiro(
        self,
        code: str,
        as_of: date,
        statuses: Iterable[Status] = OPEN_STATUSES,
        sort: tuple[str, bool] | None = None,
    ) -> int:
        """The Financeiro grid (and its summary) for these statuses; rows shown."""
        rows = self.titulos(code, as_of)
        financeiro.summarize(rows)  # the counts and TOTAL A RECEBER
        shown = financeiro.filter_rows(rows, statuses=statuses)
        columns = financeiro.COLUMNS
        if sort is not None:
            key, descending = sort
            get = next(c.get for c in columns if c.key == key)
            shown.sort(key=get, reverse=descending)
        return self._show(
            [c.header for c in columns],
            ([display(c.kind, c.get(r)) for c in columns] for r in shown),
        )

    # --- the other sections ---

    def section(self, code: str, key: str, as_of: date) -> int:
        with self.database.session() as session:
            cliente = session.scalars(select(Cliente).where(Cliente.codigo == code)).one()
            if key == "venda":
                found: Sequence[Any] = session.execute(
                    select(VendaItem, Venda, Produto, Empresa)
                    .join(Venda, Venda.id == VendaItem.venda_id)
                    .join(Produto, Produto.id == VendaItem.produto_id)
                    .join(Empresa, Empresa.id == Venda.empresa_id)
                    .where(VendaItem.cliente_id == cliente.id, VendaItem.data <= as_of)
                    .order_by(VendaItem.data.desc(), Venda.codigo, VendaItem.item)
                ).all()
                cells = [
                    [
                        str(i.data),
                        v.codigo,
                        e.codigo,
                        p.codigo,
                        p.descricao,
                        str(i.quantidade),
                        str(i.valor_unitario),
                        str(i.desconto),
                        str(i.valor_total),
                        v.vendedor or "",
                        v.situacao,
                    ]
                    for i, v, p, e in found
                ]
            elif key == "negociacao":
                found = session.execute(
                    select(Acordo, Empresa)
                    .join(Empresa, Empresa.id == Acordo.empresa_id)
                    .where(Acordo.cliente_id == cliente.id, Acordo.data <= as_of)
                    .order_by(Acordo.data.desc(), Acordo.numero.desc())
                ).all()
                cells = [
                    [
                        str(a.numero),
                        e.codigo,
                        str(a.data),
                        str(a.valor_original),
                        str(a.multa + a.juros),
                        str(a.desconto),
                        str(a.valor_negociado),
                        str(a.parcelas),
                        a.situacao,
                    ]
                    for a, e in found
                ]
            else:
                found = session.execute(
                    select(Programacao, Empresa)
                    .join(Empresa, Empresa.id == Programacao.empresa_id)
                    .where(Programacao.cliente_id == cliente.id)
                    .order_by(Programacao.data, Programacao.hora, Programacao.id)
                ).all()
                cells = [
                    [
                        str(p.data),
                        str(p.hora or ""),
                        p.tipo,
                        p.descricao,
                        p.responsavel or "",
                        p.situacao,
                        e.codigo,
                    ]
                    for p, e in found
                ]
        width = len(cells[0]) if cells else 1
        return self._show([str(i) for i in range(width)], cells)

    # --- customer search ---

    def search(self, text: str, as_of: date, limit: int = 50) -> int:
        """LIKE over the name, the first ``limit``, and each one's TOTAL A RECEBER."""
        pattern = f"%{normalize_search(text)}%"
        with self.database.session() as session:
            hits = session.scalars(
                select(Cliente)
                .where(Cliente.nome_busca.like(pattern))
                .order_by(Cliente.nome, Cliente.id)
                .limit(limit)
            ).all()
            cells = []
            for c in hits:
                titulos = session.scalars(
                    select(Titulo).where(Titulo.cliente_id == c.id, Titulo.emissao <= as_of)
                ).all()
                recebimentos = session.scalars(
                    select(Recebimento)
                    .join(Titulo, Titulo.id == Recebimento.titulo_id)
                    .where(Titulo.cliente_id == c.id, Recebimento.data <= as_of)
                ).all()
                paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
                for rec in recebimentos:
                    paid[rec.titulo_id] += rec.valor
                total = sum(
                    (
                        max(t.valor - paid[t.id], ZERO)
                        for t in titulos
                        if t.cancelado_em is None or t.cancelado_em > as_of
                    ),
                    ZERO,
                )
                cells.append([c.nome, c.cpf_cnpj, f"{c.cidade}/{c.uf}", str(total), c.codigo])
        return self._show(["NOME", "CPF/CNPJ", "CIDADE/UF", "TOTAL", "CÓDIGO"], cells)
