"""The demo-data generator: contents, invariants and determinism, on SQLite and PostgreSQL.

Each fresh PostgreSQL database costs about a second, so the rules of the generated
rows are checked by a few tests that each run several ``_check_*`` helpers.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.demo import DemoStats, generate
from app.db.engine import Database, open_database
from app.db.errors import DatabaseError
from app.db.schema import (
    Acordo,
    AuditEntry,
    Base,
    Cliente,
    Empresa,
    Programacao,
    Recebimento,
    Titulo,
    Venda,
    VendaItem,
)
from app.domain.calendar import is_business_day
from app.domain.documents import is_valid_cnpj, is_valid_cpf
from app.domain.titulos import Status, TituloFacts, position

REF = date(2025, 6, 16)
SEED = 7
CUSTOMERS = 30
TABLES = ("empresa", "produto", "cliente", "venda", "venda_item", "titulo", "recebimento",
          "acordo", "programacao")  # fmt: skip


@pytest.fixture
def demo(db: Database) -> tuple[Database, DemoStats]:
    """``db`` (SQLite or PostgreSQL) filled with 30 customers."""
    return db, generate(db, seed=SEED, customers=CUSTOMERS, reference=REF)


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A SQLite file with 1,000 customers, for properties that need some volume."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'larger.db'}"
    database = open_database(url, create=True)
    generate(database, seed=3, customers=1000, reference=REF)
    yield database
    database.dispose()


def _statuses(session: Session, *where: Any, as_of: date = REF) -> dict[int, Status]:
    """Each título's status as of ``as_of``, by the domain's rules."""
    received: dict[int, Decimal] = defaultdict(Decimal)
    query = select(Recebimento.titulo_id, Recebimento.data, Recebimento.valor)
    for titulo_id, day, valor in session.execute(query):
        if day <= as_of:
            received[titulo_id] += valor
    out = {}
    for t in session.scalars(select(Titulo).where(*where)):
        facts = TituloFacts(t.valor, t.emissao, t.vencimento, received[t.id], t.cancelado_em,
                            t.negativado_em, t.cobranca_em)  # fmt: skip
        p = position(facts, as_of)
        if p is not None:
            out[t.id] = p.status
    return out


def _digest(database: Database) -> str:
    """A hash of every generated row, in id order, values as text."""
    digest = hashlib.sha256()
    with database.session() as session:
        for name in TABLES:
            table = Base.metadata.tables[name]
            for row in session.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(str(v) for v in row)).encode())
    return digest.hexdigest()


def _check_counts(session: Session, stats: DemoStats) -> None:
    assert all(value > 0 for value in stats.as_dict().values()), stats
    assert stats.empresas == 4 and stats.clientes == CUSTOMERS and stats.produtos >= 300
    for name, field in zip(TABLES, DemoStats.__dataclass_fields__, strict=True):
        table = Base.metadata.tables[name]
        assert session.scalar(select(func.count()).select_from(table)) == getattr(stats, field)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.acao == "demo_gerada")).one()
    assert json.loads(entry.detalhes)["seed"] == SEED


def _check_people(session: Session) -> None:
    for cnpj, codigo in session.execute(select(Empresa.cnpj, Empresa.codigo)):
        assert is_valid_cnpj(cnpj), cnpj
        assert codigo in {"E01", "E02", "E03", "E04"}
    rates = set(session.execute(select(Empresa.multa_percentual, Empresa.juros_mensal_percentual)))
    assert {(Decimal("1.5"), Decimal("2")), (Decimal("2"), Decimal("1"))} <= rates
    for c in session.scalars(select(Cliente)):
        assert is_valid_cpf(c.cpf_cnpj) or is_valid_cnpj(c.cpf_cnpj), c.cpf_cnpj
        assert re.fullmatch(r"C[0-9]{6}", c.codigo)
        assert c.cep is not None and re.fullmatch(r"[0-9]{8}", c.cep)
        assert c.telefone is not None and re.fullmatch(r"\([0-9]{2}\) 9?[0-9]{4}-[0-9]{4}",
                                                       c.telefone)  # fmt: skip
        assert c.uf is not None and len(c.uf) == 2
        assert c.nome_busca == c.nome_busca.lower() and c.nome_busca.isascii()
        assert c.cliente_desde is not None and c.cliente_desde <= REF


def _check_recebimentos(session: Session) -> None:
    titulos = {t.id: t for t in session.scalars(select(Titulo))}
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for r in session.scalars(select(Recebimento)):
        assert titulos[r.titulo_id].emissao <= r.data <= REF
        assert r.valor > 0
        paid[r.titulo_id] += r.valor
    assert all(paid[i] <= titulos[i].valor for i in paid)
    last: dict[int, date] = {}
    for r in session.scalars(select(Recebimento)):
        last[r.titulo_id] = max(last.get(r.titulo_id, r.data), r.data)
    # the stored totals (written by the demo itself, the triggers held) are the receipts'
    assert {i: t.recebido for i, t in titulos.items() if t.recebido} == dict(paid)
    assert {i: t.ultimo_recebimento for i, t in titulos.items() if t.ultimo_recebimento} == last
    for t in titulos.values():
        for fact in (t.cancelado_em, t.negativado_em, t.cobranca_em):
            assert fact is None or t.emissao <= fact <= REF
    assert max(t.vencimento for t in titulos.values()) > REF


def test_the_receipt_triggers_work_again_after_the_demo(
    demo: tuple[Database, DemoStats],
) -> None:
    """The demo writes the totals itself with the triggers held; once it committed, a
    new receipt updates its título as before (both databases)."""
    database, _stats = demo
    with database.session() as s:
        titulo = s.scalars(select(Titulo).where(Titulo.recebido == 0).limit(1)).one()
        s.add(
            Recebimento(titulo_id=titulo.id, data=REF, valor=Decimal("1.23"), forma_pagamento="pix")
        )
    with database.session() as s:
        again = s.get(Titulo, titulo.id)
        assert again is not None
        assert (again.recebido, again.ultimo_recebimento) == (Decimal("1.23"), REF)


def test_the_schema_is_whole_after_the_demo(demo: tuple[Database, DemoStats]) -> None:
    """On PostgreSQL the demo drops the foreign keys for the load and adds them back:
    afterwards the schema is exactly the models' again, and the keys are enforced."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy.exc import IntegrityError

    from app.db.schema import Base

    database, _stats = demo
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the search index (FTS5 / trigram) is made by hand in a migration (test_migrations.py)
    assert [d for d in diff if "cliente_busca" not in str(d) and "trgm" not in str(d)] == []
    with pytest.raises(IntegrityError), database.session() as s:
        s.add(Recebimento(titulo_id=10**9, data=REF, valor=Decimal("1.00"), forma_pagamento="pix"))


def _check_sales(session: Session) -> None:
    vendas = {v.id: v for v in session.scalars(select(Venda))}
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for item in session.scalars(select(VendaItem)):
        venda = vendas[item.venda_id]
        assert (item.cliente_id, item.data) == (venda.cliente_id, venda.data)
        exact = item.quantidade * item.valor_unitario - item.desconto
        assert item.valor_total == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        totals[item.venda_id] += item.valor_total
    parcelas: dict[int, list[Titulo]] = defaultdict(list)
    for t in session.scalars(select(Titulo).where(Titulo.venda_id.is_not(None))):
        assert t.venda_id is not None
        parcelas[t.venda_id].append(t)
    assert parcelas
    for venda_id, titulos in parcelas.items():
        venda = vendas[venda_id]
        assert sum(t.valor for t in titulos) == totals[venda_id]
        assert sorted(t.parcela for t in titulos) == list(range(1, len(titulos) + 1))
        assert all(t.emissao == venda.data < t.vencimento for t in titulos)
        (doc,) = {t.numero_documento for t in titulos}
        assert doc == venda.codigo or re.fullmatch(r"NF-[0-9]+", doc), doc
        if venda.situacao == "cancelada":
            assert all(t.motivo_cancelamento == "venda cancelada" for t in titulos)


def _check_acordos(session: Session) -> Counter[str]:
    """The rules of every acordo; returns how many are ativo / quebrado."""
    situacoes: Counter[str] = Counter()
    numeros: dict[int, list[int]] = defaultdict(list)
    for a in session.scalars(select(Acordo)):
        situacoes[a.situacao] += 1
        numeros[a.empresa_id].append(a.numero)
        parcelas = session.scalars(
            select(Titulo).where(Titulo.acordo_origem_id == a.id).order_by(Titulo.parcela)
        ).all()
        # the entrada, when there is one, is parcela 0 (as app.db.acordo_ops makes it)
        first = 0 if a.entrada > 0 else 1
        assert [t.parcela for t in parcelas] == list(range(first, a.parcelas + 1))
        assert {t.numero_documento for t in parcelas} == {f"ACD-{a.numero}"}
        assert all(t.emissao == a.data and t.cliente_id == a.cliente_id for t in parcelas)
        if a.entrada > 0:
            assert parcelas[0].valor == a.entrada and parcelas[0].vencimento == a.entrada_data
        if a.taxa_mensal == 0:
            assert sum(t.valor for t in parcelas) == a.valor_negociado
        assert a.valor_negociado == a.valor_original + a.multa + a.juros - a.desconto
        originais = session.scalars(
            select(Titulo).where(Titulo.renegociado_acordo_id == a.id)
        ).all()
        if a.situacao == "ativo":
            assert a.cancelado_em is None
            assert 2 <= len(originais) <= 5
            assert all(t.cancelado_em == a.data for t in originais)
            assert all(
                t.motivo_cancelamento == f"renegociado no acordo {a.numero}" for t in originais
            )
            assert all(t.empresa_id == a.empresa_id and t.vencimento < a.data for t in originais)
        else:
            assert a.situacao == "quebrado"
            assert a.cancelado_em is not None and a.data < a.cancelado_em <= REF
            assert a.motivo_cancelamento
            assert originais == []
            assert all(t.cancelado_em == a.cancelado_em for t in parcelas)
            paid = session.scalar(
                select(func.count())
                .select_from(Recebimento)
                .where(Recebimento.titulo_id.in_([t.id for t in parcelas]))
            )
            assert paid == 0
    for found in numeros.values():
        assert sorted(found) == list(range(1, len(found) + 1))
    return situacoes


def test_generated_rows_keep_the_rules(db: Database) -> None:
    calls: list[tuple[str, int, int]] = []
    stats = generate(
        db,
        seed=SEED,
        customers=CUSTOMERS,
        reference=REF,
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert {stage for stage, _, _ in calls} >= {"Clientes", "Empresas e produtos"}
    assert all(0 <= done <= total for _, done, total in calls)
    assert ("Clientes", CUSTOMERS, CUSTOMERS) in calls
    with db.session() as s:
        _check_counts(s, stats)
        _check_people(s)
        _check_recebimentos(s)
        _check_sales(s)
        assert _check_acordos(s)["ativo"] >= 1


def test_same_seed_and_reference_give_the_same_rows(
    demo: tuple[Database, DemoStats], tmp_path: Path
) -> None:
    db, stats = demo
    other = open_database(f"sqlite:///{tmp_path / 'b.db'}", create=True)
    try:
        assert generate(other, seed=SEED, customers=CUSTOMERS, reference=REF) == stats
        assert _digest(other) == _digest(db)
    finally:
        other.dispose()


def test_c000001_shows_everything(demo: tuple[Database, DemoStats]) -> None:
    db, _ = demo
    with db.session() as s:
        cliente = s.scalars(select(Cliente).where(Cliente.codigo == "C000001")).one()
        statuses = Counter(_statuses(s, Titulo.cliente_id == cliente.id).values())
        assert all(statuses[status] >= 2 for status in Status), statuses
        partial = s.execute(
            select(Titulo.id)
            .join(Recebimento, Recebimento.titulo_id == Titulo.id)
            .where(Titulo.cliente_id == cliente.id, Titulo.cancelado_em.is_(None))
            .group_by(Titulo.id, Titulo.valor)
            .having(func.sum(Recebimento.valor) < Titulo.valor)
        ).all()
        assert len(partial) >= 2
        acordos = s.scalars(select(Acordo).where(Acordo.cliente_id == cliente.id)).all()
        assert [a.situacao for a in acordos] == ["ativo"] and acordos[0].parcelas == 4
        vendas = select(func.count()).select_from(Venda).where(Venda.cliente_id == cliente.id)
        assert s.scalar(vendas) == 8
        eventos = s.scalars(select(Programacao).where(Programacao.cliente_id == cliente.id)).all()
        assert any(p.data > REF and p.situacao == "pendente" for p in eventos)
        assert any(p.data < REF and p.situacao == "pendente" for p in eventos)
        assert {p.situacao for p in eventos} == {"pendente", "realizada", "cancelada"}
        assert {time(9, 0), None} <= {p.hora for p in eventos}


@pytest.mark.parametrize(
    "reference",
    [date(2024, 1, 1), date(2024, 2, 29), date(2024, 12, 26), date(2025, 3, 4), date(2026, 4, 21)],
)
def test_c000001_has_every_status_whatever_the_reference(tmp_path: Path, reference: date) -> None:
    """Holidays and month ends move vencimentos; C000001 keeps its six statuses."""
    db = open_database(f"sqlite:///{tmp_path / 'one.db'}", create=True)
    try:
        generate(db, seed=reference.toordinal(), customers=1, reference=reference)
        with db.session() as s:
            statuses = Counter(_statuses(s, as_of=reference).values())
        expected = {Status.RECEBIDO: 6, Status.CANCELADO: 5, Status.EM_ABERTO: 6}
        expected |= {Status.VENCIDO: 2, Status.COBRANCA: 2, Status.NEGATIVADO: 2}
        assert statuses == expected
    finally:
        db.dispose()


def test_generation_needs_an_empty_database_and_leaves_ids_usable(
    demo: tuple[Database, DemoStats],
) -> None:
    db, stats = demo
    with pytest.raises(DatabaseError, match="já contém dados"):
        generate(db, seed=SEED + 1, customers=5, reference=REF)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Cliente)) == stats.clientes
        # keys were given explicitly; new rows still get the next ones (PostgreSQL sequences)
        evento = Programacao(
            empresa_id=1, cliente_id=1, data=REF, tipo="outro", descricao="teste",
            situacao="pendente",
        )  # fmt: skip
        s.add(evento)
        s.flush()
        assert evento.id == stats.programacoes + 1


def test_another_seed_gives_other_rows(tmp_path: Path) -> None:
    a = open_database(f"sqlite:///{tmp_path / 'a.db'}", create=True)
    b = open_database(f"sqlite:///{tmp_path / 'b.db'}", create=True)
    try:
        generate(a, seed=1, customers=5, reference=REF)
        generate(b, seed=2, customers=5, reference=REF)
        assert _digest(a) != _digest(b)
    finally:
        a.dispose()
        b.dispose()


def test_larger_base_has_every_kind_of_fact(larger: Database) -> None:
    with larger.session() as s:
        situacoes = _check_acordos(s)
        assert situacoes["ativo"] >= 10 and situacoes["quebrado"] >= 1
        statuses = Counter(_statuses(s).values())
        assert set(statuses) == set(Status)
        assert statuses[Status.RECEBIDO] > statuses[Status.EM_ABERTO] > statuses[Status.VENCIDO]
        documents = s.scalars(select(Cliente.cpf_cnpj)).all()
        companies = sum(len(d) == 14 for d in documents)
        assert 0.04 < companies / len(documents) < 0.2
        vencimentos = s.scalars(select(Titulo.vencimento)).all()
        assert any(not is_business_day(v) for v in vencimentos)
        formas = set(s.scalars(select(Titulo.forma_pagamento)))
        assert formas == {"boleto", "carne", "cartao", "pix", "cheque", "dinheiro"}
        tipos = set(s.scalars(select(Programacao.tipo)))
        assert tipos == {"entrega", "visita_tecnica", "ligacao", "cobranca", "outro"}
        titulos = s.scalar(select(func.count()).select_from(Titulo))
        itens = s.scalar(select(func.count()).select_from(VendaItem))
        assert titulos is not None and 8_000 < titulos < 13_000  # ~10 per customer
        assert itens is not None and 16_000 < itens < 26_000  # ~20 per customer


def test_whale_has_exactly_k_titulos_and_2k_items(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    try:
        stats = generate(db, seed=5, customers=2, whale=2000, reference=REF)
        assert stats.clientes == 3
        with db.session() as s:
            whale = s.scalars(select(Cliente).where(Cliente.codigo == "W000001")).one()
            assert whale.nome == "Distribuidora Baleia Ltda" and is_valid_cnpj(whale.cpf_cnpj)
            mine = Titulo.cliente_id == whale.id
            assert s.scalar(select(func.count()).select_from(Titulo).where(mine)) == 2000
            items = select(func.count()).select_from(VendaItem)
            assert s.scalar(items.where(VendaItem.cliente_id == whale.id)) == 4000
            first, last = s.execute(
                select(func.min(Venda.data), func.max(Venda.data)).where(
                    Venda.cliente_id == whale.id
                )
            ).one()
            assert (last - first).days > 700
            statuses = Counter(_statuses(s, mine).values())
            assert statuses[Status.RECEBIDO] > 1000 and statuses[Status.EM_ABERTO] > 0
    finally:
        db.dispose()


def test_acordo_share_sets_how_many_customers_renegotiate(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'share.db'}", create=True)
    try:
        stats = generate(db, seed=SEED, customers=800, reference=REF, acordo_share=0.25)
        assert 195 <= stats.acordos <= 200  # C000001's included
        with db.session() as s:
            customers = s.scalar(select(func.count(func.distinct(Acordo.cliente_id))))
            assert customers == stats.acordos  # one acordo each
            situacoes = _check_acordos(s)
            assert situacoes["ativo"] > situacoes["quebrado"] >= 1
    finally:
        db.dispose()


def test_acordo_share_zero_leaves_only_the_showcase_acordo(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'none.db'}", create=True)
    try:
        assert generate(db, seed=SEED, customers=300, reference=REF, acordo_share=0).acordos == 1
        with pytest.raises(ValueError, match="acordo_share"):
            generate(db, seed=SEED, customers=1, reference=REF, acordo_share=1.5)
    finally:
        db.dispose()
