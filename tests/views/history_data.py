"""A small, hand-made history for the window tests (inserted with SQLAlchemy Core).

As of TODAY (a Monday) customer T0001 "João da Silva" has one título in each of
the six statuses, an acordo (nº 7) that replaced one of them with three
installments, two sales and four programações. T0002 has two open títulos;
T0003 has nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from time import perf_counter, thread_time
from typing import Any

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import Connection, insert

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
from app.domain.text import normalize_search
from app.models.base import RowTableModel
from app.views.main_window import MainWindow

TODAY = date(2026, 3, 16)
MakeWindow = Callable[..., MainWindow]  # the make_window fixture
BEFORE_ACORDO = date(2026, 1, 20)


@dataclass(frozen=True)
class History:
    joao: int
    maria: int
    vazio: int
    loja1: int
    loja2: int
    acordo: int


def D(text: str) -> Decimal:  # noqa: N802
    return Decimal(text)


def _cliente(conn: Connection, codigo: str, nome: str, cpf: str, **extra: object) -> int:
    return conn.execute(
        insert(Cliente)
        .values(codigo=codigo, nome=nome, nome_busca=normalize_search(nome), cpf_cnpj=cpf, **extra)
        .returning(Cliente.id)
    ).scalar_one()


def build(db: Database) -> History:
    with db.engine.begin() as conn:
        loja1 = conn.execute(
            insert(Empresa)
            .values(
                codigo="LOJA1",
                razao_social="Loja Um Ltda",
                nome_fantasia="Loja Um",
                cnpj="11222333000181",
                multa_percentual=D("2.00"),
                juros_mensal_percentual=D("1.00"),
            )
            .returning(Empresa.id)
        ).scalar_one()
        loja2 = conn.execute(
            insert(Empresa)
            .values(
                codigo="LOJA2",
                razao_social="Loja Dois Ltda",
                nome_fantasia="Loja Dois",
                cnpj="11444777000161",
                multa_percentual=D("2.00"),
                juros_mensal_percentual=D("1.00"),
            )
            .returning(Empresa.id)
        ).scalar_one()
        joao = _cliente(
            conn,
            "T0001",
            "João da Silva",
            "52998224725",
            cidade="São Paulo",
            uf="SP",
            telefone="(11) 98765-4321",
            email="joao@example.com",
            limite_credito=D("1000.00"),
            cliente_desde=date(2020, 1, 10),
        )
        maria = _cliente(
            conn,
            "T0002",
            "Maria Souza",
            "11144477735",
            cidade="Campinas",
            uf="SP",
            limite_credito=D("5000.00"),
        )
        vazio = _cliente(conn, "T0003", "Pedro Vazio", "39053344705")

        p1 = conn.execute(
            insert(Produto)
            .values(codigo="GEL-01", descricao="Geladeira Frost Free")
            .returning(Produto.id)
        ).scalar_one()
        p2 = conn.execute(
            insert(Produto).values(codigo="FOG-04", descricao="Fogão 4 bocas").returning(Produto.id)
        ).scalar_one()
        v1 = conn.execute(
            insert(Venda)
            .values(
                codigo="V-1001",
                empresa_id=loja1,
                cliente_id=joao,
                data=date(2026, 1, 10),
                vendedor="Ana",
            )
            .returning(Venda.id)
        ).scalar_one()
        v2 = conn.execute(
            insert(Venda)
            .values(
                codigo="V-0900",
                empresa_id=loja2,
                cliente_id=joao,
                data=date(2025, 6, 5),
                vendedor="Bruno",
            )
            .returning(Venda.id)
        ).scalar_one()
        conn.execute(
            insert(VendaItem),
            [
                dict(
                    venda_id=v1,
                    cliente_id=joao,
                    data=date(2026, 1, 10),
                    item=1,
                    produto_id=p1,
                    quantidade=D("1"),
                    valor_unitario=D("1000.00"),
                    desconto=D("0.00"),
                    valor_total=D("1000.00"),
                ),
                dict(
                    venda_id=v2,
                    cliente_id=joao,
                    data=date(2025, 6, 5),
                    item=1,
                    produto_id=p2,
                    quantidade=D("2"),
                    valor_unitario=D("300.00"),
                    desconto=D("50.00"),
                    valor_total=D("550.00"),
                ),
            ],
        )
        acordo = conn.execute(
            insert(Acordo)
            .values(
                empresa_id=loja1,
                numero=7,
                cliente_id=joao,
                data=date(2026, 2, 15),
                valor_original=D("500.00"),
                multa=D("10.00"),
                juros=D("5.00"),
                desconto=D("5.00"),
                valor_negociado=D("510.00"),
                parcelas=3,
                situacao="ativo",
            )
            .returning(Acordo.id)
        ).scalar_one()

        def titulo(
            numero: str,
            parcela: int,
            emissao: date,
            vencimento: date,
            valor: str,
            empresa: int = loja1,
            cliente: int = joao,
            **extra: object,
        ) -> int:
            return conn.execute(
                insert(Titulo)
                .values(
                    empresa_id=empresa,
                    cliente_id=cliente,
                    numero_documento=numero,
                    parcela=parcela,
                    emissao=emissao,
                    vencimento=vencimento,
                    valor=D(valor),
                    forma_pagamento="boleto",
                    **extra,
                )
                .returning(Titulo.id)
            ).scalar_one()

        titulo("1001", 1, date(2026, 1, 10), date(2026, 4, 10), "100.00", venda_id=v1)
        vencido = titulo("1001", 2, date(2026, 1, 10), date(2026, 2, 10), "200.00", venda_id=v1)
        titulo(
            "0900",
            1,
            date(2025, 6, 5),
            date(2025, 12, 10),
            "300.00",
            empresa=loja2,
            cobranca_em=date(2026, 1, 15),
        )
        titulo(
            "0900",
            2,
            date(2025, 6, 5),
            date(2025, 10, 10),
            "400.00",
            empresa=loja2,
            negativado_em=date(2025, 12, 1),
        )
        recebido = titulo("1001", 3, date(2026, 1, 10), date(2026, 1, 10), "120.00")
        titulo(
            "0800",
            1,
            date(2025, 5, 1),
            date(2025, 11, 10),
            "500.00",
            cancelado_em=date(2026, 2, 15),
            motivo_cancelamento="renegociado no acordo 7",
            renegociado_acordo_id=acordo,
        )
        for parcela, venc in enumerate(
            (date(2026, 3, 15), date(2026, 4, 15), date(2026, 5, 15)), start=1
        ):
            titulo("ACD-7", parcela, date(2026, 2, 15), venc, "170.00", acordo_origem_id=acordo)
        titulo("1100", 1, TODAY + timedelta(days=4), TODAY + timedelta(days=34), "999.00")
        titulo("2001", 1, date(2026, 1, 5), date(2026, 2, 5), "80.00", cliente=maria)
        titulo("2001", 2, date(2026, 1, 5), date(2026, 5, 5), "80.00", cliente=maria)
        conn.execute(
            insert(Recebimento),
            [
                dict(
                    titulo_id=vencido,
                    data=date(2026, 2, 1),
                    valor=D("50.00"),
                    forma_pagamento="pix",
                ),
                dict(
                    titulo_id=recebido,
                    data=date(2026, 1, 9),
                    valor=D("120.00"),
                    forma_pagamento="boleto",
                ),
            ],
        )
        conn.execute(
            insert(Programacao),
            [
                dict(
                    empresa_id=loja1,
                    cliente_id=joao,
                    data=date(2026, 3, 1),
                    hora=time(10, 0),
                    tipo="ligacao",
                    descricao="Ligar sobre a parcela vencida",
                    responsavel="Carla",
                    situacao="pendente",
                ),
                dict(
                    empresa_id=loja1,
                    cliente_id=joao,
                    data=date(2026, 3, 20),
                    hora=time(14, 0),
                    tipo="entrega",
                    descricao="Entregar geladeira",
                    responsavel="Diego",
                    situacao="pendente",
                ),
                dict(
                    empresa_id=loja2,
                    cliente_id=joao,
                    data=date(2026, 2, 10),
                    hora=None,
                    tipo="visita_tecnica",
                    descricao="Visita de instalação",
                    responsavel=None,
                    situacao="realizada",
                ),
                dict(
                    empresa_id=loja1,
                    cliente_id=joao,
                    data=date(2026, 3, 25),
                    hora=None,
                    tipo="cobranca",
                    descricao="Cobrança cancelada",
                    responsavel=None,
                    situacao="cancelada",
                ),
            ],
        )
    return History(joao, maria, vazio, loja1, loja2, acordo)


def add_many_titulos(db: Database, cliente_id: int, empresa_id: int, n: int) -> None:
    """n open títulos for one customer (the whale)."""
    start = date(2020, 1, 1)
    rows = [
        dict(
            empresa_id=empresa_id,
            cliente_id=cliente_id,
            numero_documento=f"W{i // 12:06d}",
            parcela=i % 12 + 1,
            emissao=start + timedelta(days=i % 1800),
            vencimento=start + timedelta(days=i % 1800 + 30),
            valor=D("10.00"),
            forma_pagamento="carne",
        )
        for i in range(n)
    ]
    with db.engine.begin() as conn:
        conn.execute(insert(Titulo), rows)


def add_many_itens(db: Database, cliente_id: int, empresa_id: int, n: int) -> None:
    """n sale items for one customer (the whale), three to a sale, of two products."""
    start = date(2020, 1, 1)
    with db.engine.begin() as conn:
        produtos = [
            conn.execute(
                insert(Produto).values(codigo=codigo, descricao=descricao).returning(Produto.id)
            ).scalar_one()
            for codigo, descricao in (("CAF-01", "Café em grãos"), ("FIL-02", "Filtro de papel"))
        ]
        vendas = (
            conn.execute(
                insert(Venda).returning(Venda.id, sort_by_parameter_order=True),
                [
                    dict(
                        codigo=f"W-{k:06d}",
                        empresa_id=empresa_id,
                        cliente_id=cliente_id,
                        data=start + timedelta(days=k % 1800),
                        vendedor="Zé" if k % 2 else "Ana",
                        situacao="cancelada" if k % 10 == 0 else "concluida",
                    )
                    for k in range((n + 2) // 3)
                ],
            )
            .scalars()
            .all()
        )
        conn.execute(
            insert(VendaItem),
            [
                dict(
                    venda_id=vendas[i // 3],
                    cliente_id=cliente_id,
                    data=start + timedelta(days=(i // 3) % 1800),
                    item=i % 3 + 1,
                    produto_id=produtos[i % 2],
                    quantidade=D("1"),
                    valor_unitario=D(i % 997) + D("0.25"),
                    desconto=D("0.00"),
                    valor_total=D(i % 997) + D("0.25"),
                )
                for i in range(n)
            ],
        )


# --- driving the window ---


def idle(window: MainWindow) -> bool:
    """No load of the window is running or waiting for its turn."""
    return not window.is_loading()


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until what a filter, sort or scroll asked of the database has arrived."""
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)


def open_customer(qtbot: QtBot, window: MainWindow, code: str) -> None:
    """Open a customer's history and wait until every section has loaded."""
    with qtbot.waitSignal(window.customer_loaded, timeout=10_000):
        window.open_customer(code)
    qtbot.waitUntil(lambda: idle(window), timeout=10_000)


def load_every_row(qtbot: QtBot, model: RowTableModel, timeout: int = 30_000) -> list[Any]:
    """Every row of a grid's model, in its order: a sparse grid (an id-window cache)
    reads those it does not hold, as it reads the rows the view paints."""
    while not model.holds(0, model.rowCount()):
        done: list[bool] = []
        model.load_rows(0, model.rowCount(), done.append)
        qtbot.waitUntil(lambda done=done: bool(done), timeout=timeout)
        assert done == [True]
    return [model.row_at(i) for i in range(model.rowCount())]


def held_ids(model: RowTableModel) -> dict[int, int]:
    """The rows a grid's model holds: {row: id}."""
    return {i: model.row_at(i).id for i in range(model.rowCount()) if model.row_at(i) is not None}


class Heartbeat:
    """How long the GUI thread's event loop went without running a 10 ms timer: the
    longest gap in wall-clock time, and the most CPU time the GUI thread itself spent
    within one gap.

    A freeze of our making is either work on the GUI thread (CPU time within a gap) or a
    wait on it (a synchronous connection to a server that does not answer: seconds of
    wall-clock time). Wall-clock gaps also count the time the OS gave both cores to other
    processes, which a loaded 2-core machine does for a few hundred ms at a time; hence
    the two limits of the test."""

    def __init__(self) -> None:
        self.longest_ms = 0.0
        self.busiest_ms = 0.0
        self._last = perf_counter()
        self._last_cpu = thread_time()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        now, cpu = perf_counter(), thread_time()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000)
        self.busiest_ms = max(self.busiest_ms, (cpu - self._last_cpu) * 1000)
        self._last, self._last_cpu = now, cpu
