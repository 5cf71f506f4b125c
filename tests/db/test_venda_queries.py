"""The database's Venda figures and order (app.db.venda_queries) equal the Python
reference (venda.filter_itens, venda.summarize, app.models.base.sorted_rows), on both
databases: demo customers on several dates and filters, and a hand-made customer whose
products, vendedores and codes differ only by accents, case, spaces, % and _.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from app.db import sorting, venda, venda_queries
from app.db.demo import generate
from app.db.engine import Database
from app.db.schema import Cliente, Empresa, Produto, Venda, VendaItem
from app.db.venda import ItemRow, VendaSummary
from app.db.venda_queries import VendaFilters
from app.domain.text import normalize_search
from app.models.cell_texts import sorted_rows
from tests import factories as f

REF = date(2026, 11, 29)
DATES = (REF, date(2026, 2, 28), date(2025, 11, 29), date(2024, 12, 31), date(2019, 1, 1))
FILTERS = (
    VendaFilters(),
    VendaFilters(empresa="E01"),
    VendaFilters(empresa="E03"),
    VendaFilters(empresa="E99"),  # no such empresa
    VendaFilters(period=(date(2025, 1, 1), date(2025, 12, 31))),
    VendaFilters(period=(date(2026, 6, 1), None)),
    VendaFilters(period=(None, date(2025, 3, 31))),
    VendaFilters(period=(date(2026, 1, 1), date(2025, 1, 1))),  # an empty period
    VendaFilters(produto="geladeira"),
    VendaFilters(produto="FOGAO"),  # "Fogão"
    VendaFilters(produto="  máquina   DE  "),  # spaces collapsed, accents ignored
    VendaFilters(produto="P00"),  # product codes
    VendaFilters(produto="nada disso"),
    VendaFilters(empresa="E02", period=(date(2024, 6, 1), REF), produto="e"),
)


@dataclass(frozen=True)
class Demo:
    db: Database
    clientes: list[int]


@pytest.fixture
def demo(db: Database) -> Iterator[Demo]:
    generate(db, seed=7, customers=12, reference=REF)
    with db.session() as s:
        ids = list(s.scalars(select(Cliente.id).order_by(Cliente.id)))
    yield Demo(db, ids)


def _rows(db: Database, cliente_id: int, as_of: date) -> list[ItemRow]:
    with db.session() as s:
        return venda.load_itens(s, cliente_id, as_of)


def _filtered(rows: list[ItemRow], filters: VendaFilters) -> list[ItemRow]:
    return venda.filter_itens(
        rows, period=filters.period, empresa=filters.empresa, produto=filters.produto
    )


def _summary(db: Database, cliente_id: int, as_of: date, filters: VendaFilters) -> VendaSummary:
    with db.session() as s:
        return venda_queries.venda_summary(s, cliente_id, as_of, filters)


def _ids(
    db: Database,
    cliente_id: int,
    as_of: date,
    filters: VendaFilters,
    sort: tuple[str, bool] | None = None,
) -> list[int]:
    with db.session() as s:
        return venda_queries.ordered_item_ids(s, cliente_id, as_of, filters, sort)


def _same(got: VendaSummary, expected: VendaSummary) -> None:
    assert got == expected
    # exact to the cent, written as Python writes them (no float, no lost zeros)
    assert str(got.total_comprado) == str(expected.total_comprado)
    assert str(got.ticket_medio) == str(expected.ticket_medio)
    assert [str(v) for _, v in got.por_mes] == [str(v) for _, v in expected.por_mes]


def test_summary_equals_summarize_on_many_dates_and_filters(demo: Demo) -> None:
    compared = 0
    for cliente_id in demo.clientes:
        for as_of in DATES:
            rows = _rows(demo.db, cliente_id, as_of)
            for filters in FILTERS:
                shown = _filtered(rows, filters)
                expected = venda.summarize(shown, as_of)
                _same(_summary(demo.db, cliente_id, as_of, filters), expected)
                compared += len(shown)
    assert compared > 2000  # the demo gave real volume to compare


def test_summary_counts_no_cancelled_sale(demo: Demo) -> None:
    rows = [r for c in demo.clientes for r in _rows(demo.db, c, REF)]
    assert any(r.situacao == "cancelada" for r in rows)  # the demo cancels some sales
    assert any(r.data < date(2024, 12, 1) for r in rows)  # and sells before the chart


def test_grid_order_equals_the_default_order_under_every_filter(demo: Demo) -> None:
    for cliente_id in demo.clientes:
        for as_of in (REF, date(2025, 11, 29)):
            rows = _rows(demo.db, cliente_id, as_of)
            for filters in FILTERS:
                expected = [r.id for r in _filtered(rows, filters)]
                assert _ids(demo.db, cliente_id, as_of, filters) == expected, filters


def test_first_item_ids_are_the_first_of_the_grid_with_their_count(demo: Demo) -> None:
    compared = 0
    for cliente_id in demo.clientes[:6]:
        for as_of in (REF, date(2025, 11, 29)):
            for filters in FILTERS:
                for sort in (None, ("valor_total", True)):
                    every = _ids(demo.db, cliente_id, as_of, filters, sort)
                    for page in (1, 3, len(every) + 1):
                        with demo.db.session() as s:
                            got = venda_queries.first_item_ids(
                                s, cliente_id, as_of, filters, sort, page
                            )
                        assert got == (every[:page], len(every)), (filters, sort, page)
                    compared += len(every)
    assert compared > 500


def test_every_sort_equals_the_grids_sort(demo: Demo) -> None:
    for cliente_id in demo.clientes[:6]:
        for as_of, filters in (
            (REF, VendaFilters()),
            (date(2026, 2, 28), VendaFilters(empresa="E02")),
        ):
            rows = _filtered(_rows(demo.db, cliente_id, as_of), filters)
            for column in venda.COLUMNS:
                for descending in (False, True):
                    expected = sorted_rows(rows, column.get, column.kind, descending)
                    got = _ids(demo.db, cliente_id, as_of, filters, (column.key, descending))
                    assert got == [r.id for r in expected], (column.key, descending, cliente_id)


def test_empresas_are_those_bought_from(demo: Demo) -> None:
    for cliente_id in demo.clientes:
        for as_of in (REF, date(2024, 12, 31)):
            rows = _rows(demo.db, cliente_id, as_of)
            with demo.db.session() as s:
                got = venda_queries.customer_empresas(s, cliente_id, as_of)
            assert got == sorted({r.empresa for r in rows})


def test_itens_by_ids_keep_the_order_given(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [r for c in demo.clientes for r in _rows(demo.db, c, REF)]
    by_id = {r.id: r for r in rows}
    wanted = [r.id for r in reversed(rows)][::3]
    monkeypatch.setattr(sorting, "_IDS_PER_ARRAY", 7)  # many statements (PostgreSQL)
    asked = wanted * (1 + 1200 // len(wanted))  # over 1,200 ids: 3 statements on SQLite
    with demo.db.session() as s:
        page = venda_queries.itens_by_ids(s, [*wanted, -1])  # -1: no such item
        many = venda_queries.itens_by_ids(s, asked)
        assert venda_queries.itens_by_ids(s, []) == []
    assert len(wanted) > 30
    assert page == [by_id[i] for i in wanted]
    assert many == [by_id[i] for i in asked]


# --- a customer whose texts differ only by accents, case, spaces, % and _ -------------


@dataclass(frozen=True)
class Tricky:
    db: Database
    cliente: int
    rows: list[ItemRow]


PRODUCTS = (
    ("CAF-01", "Café Pilão 500g"),
    ("caf-02", "cafe solúvel"),
    ("Caf-03", "CAFÉ  em grãos"),
    ("F%1", "Filtro 100% algodão"),
    ("C_1", "Cabo_USB"),
    ("CX1", "Cabo USB"),
    ("ÁGUA", "Água mineral"),
    ("AZ-1", "Azeite"),
    ("ab-1", "abacate"),
)
VENDEDORES = ("André", "andre", "Ana", "ÁLVARO", "Bruno", "", None, "  ", "Zé")
CODES = ("V-10", "v-9", "V-100", "W 1", "V-11", "A-1", "a-2", "B-3", "b-3x")


@pytest.fixture
def tricky(db: Database) -> Tricky:
    with db.engine.begin() as conn:
        empresas = [
            conn.execute(
                insert(Empresa)
                .values(codigo=codigo, razao_social=codigo, cnpj="11222333000181")
                .returning(Empresa.id)
            ).scalar_one()
            for codigo in ("loja b", "Loja A", "LOJA Á")
        ]
        cliente = conn.execute(
            insert(Cliente)
            .values(codigo="T1", nome="Teste", nome_busca="teste", cpf_cnpj="52998224725")
            .returning(Cliente.id)
        ).scalar_one()
        other = conn.execute(
            insert(Cliente)
            .values(codigo="T2", nome="Outro", nome_busca="outro", cpf_cnpj="11144477735")
            .returning(Cliente.id)
        ).scalar_one()
        produtos = [
            conn.execute(
                insert(Produto).values(codigo=c, descricao=d).returning(Produto.id)
            ).scalar_one()
            for c, d in PRODUCTS
        ]
        for k, code in enumerate(CODES):
            day = date(2026, 1 + k % 3, 10 + k % 2)  # several sales a day
            for who, prefix in ((cliente, ""), (other, "O")):
                venda_id = conn.execute(
                    insert(Venda)
                    .values(
                        codigo=prefix + code,
                        empresa_id=empresas[k % 3],
                        cliente_id=who,
                        data=day,
                        vendedor=VENDEDORES[k],
                        situacao="cancelada" if k == 4 else "concluida",
                    )
                    .returning(Venda.id)
                ).scalar_one()
                conn.execute(
                    insert(VendaItem),
                    [
                        dict(
                            venda_id=venda_id,
                            cliente_id=who,
                            data=day,
                            item=item,
                            produto_id=produtos[(k + item * 4) % len(produtos)],
                            quantidade=Decimal(item),
                            valor_unitario=Decimal("10.05") * (k % 4),
                            desconto=Decimal("0.00") if item % 2 else Decimal("0.01"),
                            valor_total=Decimal("10.05") * (k % 4) * item,
                        )
                        for item in (1, 2, 3)
                    ],
                )
    with db.session() as s:
        rows = venda.load_itens(s, cliente, REF)
    assert len(rows) == 3 * len(CODES)
    return Tricky(db, cliente, rows)


@pytest.mark.parametrize(
    "text",
    [
        "cafe",
        "CAFÉ",
        "café em",  # "CAFÉ  em grãos": spaces collapsed
        "caf-0",
        "100%",
        "%",
        "0%",
        "_",
        "o_u",  # Cabo_USB, not Cabo USB
        "c_1",
        "agua",
        "ÁGUA MINERAL",
        "\\",
        "zzz",
        "   ",
    ],
)
def test_product_text_matches_as_filter_itens(tricky: Tricky, text: str) -> None:
    filters = VendaFilters(produto=text)
    expected = _filtered(tricky.rows, filters)
    assert _ids(tricky.db, tricky.cliente, REF, filters) == [r.id for r in expected]
    _same(_summary(tricky.db, tricky.cliente, REF, filters), venda.summarize(expected, REF))


@pytest.mark.parametrize("leaf", [1, 2, 8, 1000])  # the binary search of the ranks
def test_text_columns_sort_without_accents_and_case(
    tricky: Tricky, leaf: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sorting, "_CASE_LEAF", leaf)
    rows = tricky.rows
    assert {r.vendedor for r in rows} >= {None, "", "André", "andre"}
    for column in venda.COLUMNS:
        for descending in (False, True):
            expected = sorted_rows(rows, column.get, column.kind, descending)
            got = _ids(tricky.db, tricky.cliente, REF, VendaFilters(), (column.key, descending))
            assert got == [r.id for r in expected], (column.key, descending)
    # what the test relies on: ties between texts equal but for accents and case
    assert normalize_search("André") == normalize_search("andre")


def test_the_other_customers_items_stay_out(tricky: Tricky) -> None:
    with tricky.db.session() as s:
        empresas = venda_queries.customer_empresas(s, tricky.cliente, REF)
    assert empresas == sorted({r.empresa for r in tricky.rows})
    summary = _summary(tricky.db, tricky.cliente, REF, VendaFilters())
    _same(summary, venda.summarize(tricky.rows, REF))
    assert summary.compras == len(CODES) - 1  # one sale cancelled


def test_filters_say_when_they_are_the_default() -> None:
    assert VendaFilters().is_default()
    assert VendaFilters(produto="  ").is_default()
    assert not VendaFilters(produto="a").is_default()
    assert not VendaFilters(empresa="E01").is_default()
    assert not VendaFilters(period=(None, REF)).is_default()


def test_an_unknown_column_is_refused(tricky: Tricky) -> None:
    with pytest.raises(ValueError, match="coluna"):
        _ids(tricky.db, tricky.cliente, REF, VendaFilters(), ("nope", False))


@pytest.mark.parametrize("months", [0, 1, 3, 36])
def test_any_number_of_months(tricky: Tricky, months: int) -> None:
    for as_of in (REF, date(2026, 2, 10), date(2025, 12, 31)):
        rows = [r for r in tricky.rows if r.data <= as_of]
        with tricky.db.session() as s:
            got = venda_queries.venda_summary(s, tricky.cliente, as_of, months=months)
        _same(got, venda.summarize(rows, as_of, months=months))


def test_days_whose_every_sale_was_cancelled_are_not_purchases(db: Database) -> None:
    """The first and the last day had only cancelled sales: primeira and última compra
    are the days between, the month of the last day shows nothing, and another day keeps
    its kept sale beside a cancelled one."""
    days = (date(2026, 3, 2), date(2026, 4, 7), date(2026, 4, 7), date(2026, 5, 20))
    cancelled = (True, False, True, True)
    with db.session() as s:
        e, c = f.empresa(s), f.cliente(s)
        produto = s.execute(insert(Produto).values(codigo="P1", descricao="Pá"))
        produto_id = produto.inserted_primary_key[0]
        for k, (day, off) in enumerate(zip(days, cancelled, strict=True)):
            venda_id = s.execute(
                insert(Venda).values(
                    codigo=f"V{k}",
                    empresa_id=e,
                    cliente_id=c,
                    data=day,
                    situacao="cancelada" if off else "concluida",
                )
            ).inserted_primary_key[0]
            s.execute(
                insert(VendaItem),
                [
                    dict(
                        venda_id=venda_id,
                        cliente_id=c,
                        data=day,
                        item=item,
                        produto_id=produto_id,
                        quantidade=Decimal(1),
                        valor_unitario=Decimal("7.35"),
                        valor_total=Decimal("7.35") * (k + 1),
                    )
                    for item in (1, 2)
                ],
            )
    with db.session() as s:
        rows = venda.load_itens(s, c, REF)
    got = _summary(db, c, REF, VendaFilters())
    _same(got, venda.summarize(rows, REF))
    assert (got.primeira, got.ultima, got.compras) == (days[1], days[1], 1)
    assert got.total_comprado == Decimal("29.40")
    assert dict(got.por_mes)[date(2026, 5, 1)] == Decimal("0.00")
