"""Importing a CSV folder end to end, on SQLite and PostgreSQL (see docs/IMPORT-FORMAT.md)."""

from __future__ import annotations

import gc
import json
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Text, cast, event, func, select, type_coerce
from sqlalchemy.types import NullType

from app.db.engine import Database, open_database
from app.db.importer import FileCounts, ImportFailed, import_folder
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
from app.db.types import Money, Quantity, Rate
from tests.db.test_venda_dia import counted as counted_days
from tests.db.test_venda_dia import stored as stored_days

GOOD = Path(__file__).parents[1] / "data" / "import" / "good"

EMPRESAS = """\
codigo;razao_social;cnpj
E1;Comercial Paulista Ltda;29.141.777/0001-58
"""
CLIENTES = """\
codigo;nome;cpf_cnpj
C1;João da Conceição;074.391.500-31
"""
TITULOS = """\
empresa;cliente;numero_documento;parcela;emissao;vencimento;valor
E1;C1;NF-1;1;10/01/2026;10/02/2026;100,00
"""


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    """The CSV ``files`` (name -> text) written as UTF-8 into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def row_counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {
            name: s.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


def issue_lines(exc: pytest.ExceptionInfo[ImportFailed]) -> list[str]:
    return [str(issue) for issue in exc.value.issues]


def test_good_folder_imports_every_file(db: Database) -> None:
    calls: list[tuple[str, int, int]] = []
    report = import_folder(db, GOOD, progress=lambda *call: calls.append(call))

    assert report.files == {
        "empresas.csv": FileCounts(2, 0),
        "clientes.csv": FileCounts(3, 0),
        "produtos.csv": FileCounts(3, 0),
        "vendas.csv": FileCounts(3, 0),
        "itens_venda.csv": FileCounts(4, 0),
        "acordos.csv": FileCounts(1, 0),
        "titulos.csv": FileCounts(8, 0),
        "recebimentos.csv": FileCounts(3, 0),
        "programacoes.csv": FileCounts(3, 0),
    }
    assert ("titulos.csv", 8, 8) in calls
    assert "  titulos.csv: 8 inseridos, 0 atualizados" in str(report).splitlines()
    with db.session() as s:
        e2 = s.scalars(select(Empresa).where(Empresa.codigo == "E2")).one()
        assert (e2.razao_social, e2.cnpj, e2.uf) == ("Móveis Goiás Ltda", "63170669000141", "GO")
        assert (e2.multa_percentual, e2.juros_mensal_percentual) == (Decimal("1.5"), Decimal(2))
        c1 = s.scalars(select(Cliente).where(Cliente.codigo == "C1")).one()  # cp1252 file
        assert (c1.nome, c1.nome_busca) == ("João da Conceição", "joao da conceicao")
        assert (c1.cpf_cnpj, c1.cep, c1.limite_credito) == (
            "07439150031",
            "04101000",
            Decimal("1500.00"),
        )
        assert (c1.data_nascimento, c1.cliente_desde) == (date(1980, 3, 15), date(2019, 5, 2))
        c3 = s.scalars(select(Cliente).where(Cliente.codigo == "C3")).one()
        assert (c3.cpf_cnpj, c3.limite_credito) == ("10433218000193", None)

        items = s.scalars(select(VendaItem).order_by(VendaItem.id)).all()
        assert [(i.quantidade, i.valor_unitario, i.desconto, i.valor_total) for i in items[:2]] == [
            (Decimal("1.000"), Decimal("3499.90"), Decimal("100.00"), Decimal("3399.90")),
            (Decimal("2.500"), Decimal("19.90"), Decimal("0.00"), Decimal("49.75")),
        ]
        v2 = s.scalars(select(Venda).where(Venda.codigo == "V2")).one()
        assert (v2.data, v2.situacao) == (date(2025, 2, 5), "concluida")
        assert {(i.cliente_id, i.data) for i in items if i.venda_id == v2.id} == {
            (v2.cliente_id, v2.data)
        }

        titulos = {(t.numero_documento, t.parcela): t for t in s.scalars(select(Titulo))}
        acordo = s.scalars(select(Acordo)).one()
        replaced = titulos[("NF-1001", 2)]
        assert (replaced.cancelado_em, replaced.motivo_cancelamento) == (
            date(2025, 6, 2),
            "renegociado no acordo 1",
        )
        assert replaced.renegociado_acordo_id == acordo.id
        assert titulos[("ACD-1", 1)].acordo_origem_id == acordo.id
        assert titulos[("NF-1001", 1)].forma_pagamento == "carne"
        assert titulos[("NF-3001", 1)].forma_pagamento == "cartao"
        assert titulos[("NF-2001", 1)].negativado_em == date(2025, 5, 20)
        assert titulos[("NF-2001", 2)].cobranca_em == date(2025, 5, 15)
        assert titulos[("NF-1001", 3)].valor == Decimal("1133.30")

        # saldo on 02/06/2025: 633,30 (500,00 received) + 1.133,30; E1 charges 2 % and 1 % a.m.
        # multa 12,67 + 22,67; juros 633,30 x 84/3000 = 17,73 and 1.133,30 x 53/3000 = 20,02
        assert (acordo.valor_original, acordo.multa, acordo.juros) == (
            Decimal("1766.60"),
            Decimal("35.34"),
            Decimal("37.75"),
        )
        assert (acordo.desconto, acordo.valor_negociado, acordo.parcelas) == (
            Decimal("10.00"),
            Decimal("1829.69"),
            2,
        )
        assert acordo.observacao == "Entrada dispensada;\ncliente pagará em duas vezes"

        received = s.scalars(select(Recebimento).order_by(Recebimento.id)).all()
        assert [(r.data, r.valor, r.forma_pagamento) for r in received] == [
            (date(2025, 2, 10), Decimal("1133.30"), "carne"),
            (date(2025, 3, 15), Decimal("500.00"), "dinheiro"),
            (date(2025, 3, 20), Decimal("100.00"), "pix"),
        ]
        events = s.scalars(select(Programacao).order_by(Programacao.id)).all()
        assert [(p.data, p.hora, p.tipo, p.situacao) for p in events] == [
            (date(2025, 7, 10), time(14, 30), "entrega", "pendente"),
            (date(2025, 7, 11), None, "ligacao", "realizada"),
            (date(2025, 7, 12), time(9, 0), "visita_tecnica", "pendente"),
        ]
        audit = s.scalars(select(AuditEntry).where(AuditEntry.acao == "importacao")).one()
        details = json.loads(audit.detalhes)
        assert details["pasta"] == str(GOOD)
        assert details["arquivos"]["titulos.csv"] == {"inseridos": 8, "atualizados": 0}


def test_reimport_updates_the_same_rows(db: Database, tmp_path: Path) -> None:
    import_folder(db, GOOD)
    before = row_counts(db)
    folder = tmp_path / "again"
    folder.mkdir()
    for source in GOOD.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    clientes = folder / "clientes.csv"
    clientes.write_bytes(clientes.read_bytes().replace(b"Maria Ant\xf4nia", b"Maria Ant\xf4nio"))
    vendas = folder / "vendas.csv"
    vendas.write_text(
        vendas.read_text("utf-8").replace("V2;E2;C2;05/02/2025", "V2;E2;C3;06/02/2025"), "utf-8"
    )
    events = folder / "programacoes.csv"
    events.write_text(events.read_text("utf-8").replace("2º andar;Carlos", "2º andar;Bia"), "utf-8")
    items_written: list[int] = []

    def written(_conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("UPDATE venda_item ") and "venda_item.venda_id =" in statement:
            items_written.append(cursor.rowcount)  # the items kept in step with their sale

    event.listen(db.engine, "after_cursor_execute", written)
    try:
        report = import_folder(db, folder)
    finally:
        event.remove(db.engine, "after_cursor_execute", written)
    assert sum(items_written) == 1  # the item of the sale that moved, no other

    assert report.inserted == 0
    assert report.files["titulos.csv"] == FileCounts(0, 8)
    assert report.files["recebimentos.csv"] == FileCounts(0, 3)
    after = row_counts(db)
    assert after == before | {"audit_log": before["audit_log"] + 1}
    with db.session() as s:
        c2 = s.scalars(select(Cliente).where(Cliente.codigo == "C2")).one()
        assert (c2.nome, c2.nome_busca) == ("Maria Antônio Souza", "maria antonio souza")
        assert set(s.scalars(select(Titulo.versao))) == {2}
        v2 = s.scalars(select(Venda).where(Venda.codigo == "V2")).one()
        c3_id = s.scalar(select(Cliente.id).where(Cliente.codigo == "C3"))
        assert (v2.cliente_id, v2.data) == (c3_id, date(2025, 2, 6))
        items = s.execute(
            select(VendaItem.cliente_id, VendaItem.data).where(VendaItem.venda_id == v2.id)
        )
        assert items.all() == [(c3_id, date(2025, 2, 6))]
        entrega = s.scalars(select(Programacao).where(Programacao.tipo == "entrega")).one()
        assert (entrega.responsavel, entrega.versao) == ("Bia", 2)
        assert s.scalar(select(Acordo.valor_negociado)) == Decimal("1829.69")
    with db.session() as s:  # the sale moved, its items' day with it (migration 0010)
        assert stored_days(s) == counted_days(s)
        assert (c3_id, date(2025, 2, 6)) in stored_days(s)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_reimport_into_postgresql_updates_a_batch_in_one_statement(db: Database) -> None:
    """The rows an import changes are copied into a temporary table and updated from it
    in one statement a batch: an UPDATE per row was a statement each for the server and
    for the tables' statement triggers (the stored sums)."""
    import_folder(db, GOOD)
    updates: list[tuple[str, bool]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, _params: Any, _ctx: Any, many: bool) -> None:
        if statement.startswith("UPDATE titulo "):
            updates.append((" ".join(statement.split()), many))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        import_folder(db, GOOD)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(updates) == 1  # GOOD's eight títulos: one batch
    ((statement, many),) = updates
    assert "FROM importar_titulo WHERE titulo.id = importar_titulo.b_id" in statement
    assert not many
    with db.session() as s:
        assert set(s.scalars(select(Titulo.versao))) == {2}


def test_one_bad_row_writes_nothing(db: Database, tmp_path: Path) -> None:
    import_folder(db, GOOD)
    before = row_counts(db)
    folder = write_folder(
        tmp_path / "bad",
        {
            "empresas.csv": EMPRESAS.replace("Paulista Ltda", "Renomeada Ltda"),
            "clientes.csv": CLIENTES + "C9;Novo Cliente;08063608364\n",
            "titulos.csv": TITULOS
            + "E1;C1;NF-1;2;10/01/2026;10/03/2026;100,00\n"
            + "E1;C1;NF-1;3;10/01/2026;09/01/2026;100,00\n"
            + "E1;C9;NF-1;4;10/01/2026;10/05/2026;100,00\n",
        },
    )

    with pytest.raises(ImportFailed) as failed:
        import_folder(db, folder)

    assert issue_lines(failed) == ["titulos.csv:4: vencimento: vencimento anterior à emissão"]
    assert "nada foi gravado" in str(failed.value)
    assert row_counts(db) == before
    with db.session() as s:
        assert s.scalar(select(Empresa.razao_social).where(Empresa.codigo == "E1")) == (
            "Comercial Paulista de Eletro Ltda"
        )


def test_every_problem_of_the_folder_is_reported(db: Database, tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "bad",
        {
            "empresas.csv": EMPRESAS + "E2;Outra;11.111.111/1111-11;x\n",
            "clientes.csv": "codigo;nome;cpf_cnpj;apelido\nC1;;123;Jô\nC1;Repetido;08063608364;\n",
            "vendas.csv": "codigo;empresa;cliente;data\nV1;E9;C1;31/02/2026\n",
            "titulos.csv": TITULOS + "E1;C1;NF-2;0;2026-01-10;2026-01-09;1.2.3\n",
            "recebimentos.csv": "empresa;numero_documento;parcela;data;valor\n"
            "E1;NF-1;1;10/02/2026;60,00\nE1;NF-1;1;11/02/2026;-1\nE1;NF-1;1;12/02/2026;50\n"
            "E1;NF-404;1;12/02/2026;1\n",
        },
    )

    with pytest.raises(ImportFailed) as failed:
        import_folder(db, folder)

    assert issue_lines(failed) == [
        "empresas.csv:3: -: linha com colunas a mais (4; o cabeçalho tem 3)",
        "clientes.csv:1: apelido: coluna desconhecida",
        "clientes.csv:2: cpf_cnpj: CPF/CNPJ inválido",
        "clientes.csv:2: nome: valor obrigatório vazio",
        "clientes.csv:3: codigo: chave duplicada no arquivo (também na linha 2)",
        "vendas.csv:2: data: data inválida: '31/02/2026'",
        "vendas.csv:2: empresa: código não encontrado: empresa 'E9'",
        "titulos.csv:3: parcela: deve ser 1 ou maior",
        "titulos.csv:3: valor: número inválido: '1.2.3'",
        "titulos.csv:3: vencimento: vencimento anterior à emissão",
        "recebimentos.csv:3: valor: valor negativo",
        "recebimentos.csv:4: valor: recebimentos somam R$ 110,00, acima do valor do título "
        "(R$ 100,00)",
        "recebimentos.csv:5: numero_documento: código não encontrado: título 'NF-404' "
        "parcela 1 da empresa 'E1'",
    ]
    assert row_counts(db)["empresa"] == 0


def test_codes_resolve_to_the_same_import_and_to_the_database(db: Database, tmp_path: Path) -> None:
    import_folder(db, write_folder(tmp_path / "first", {"empresas.csv": EMPRESAS}))
    second = write_folder(
        tmp_path / "second",
        {"clientes.csv": CLIENTES, "titulos.csv": TITULOS},  # E1 in the database, C1 here
    )

    report = import_folder(db, second)

    assert report.files["titulos.csv"] == FileCounts(1, 0)
    with db.session() as s:
        titulo = s.scalars(select(Titulo)).one()
        assert titulo.cliente_id == s.scalar(select(Cliente.id).where(Cliente.codigo == "C1"))
        assert titulo.empresa_id == s.scalar(select(Empresa.id).where(Empresa.codigo == "E1"))


def test_recebimentos_count_existing_and_new_against_the_valor(
    db: Database, tmp_path: Path
) -> None:
    header = "empresa;numero_documento;parcela;data;valor\n"
    first = {
        "empresas.csv": EMPRESAS,
        "clientes.csv": CLIENTES,
        "titulos.csv": TITULOS,
        "recebimentos.csv": header + "E1;NF-1;1;10/02/2026;60,00\n",
    }
    import_folder(db, write_folder(tmp_path / "first", first))
    # the 60,00 again is the same recebimento (not a new one); 30,00 fits, 50,00 does not
    again = header + "E1;NF-1;1;2026-02-10;60.00\nE1;NF-1;1;11/02/2026;30,00\n"
    import_folder(db, write_folder(tmp_path / "second", {"recebimentos.csv": again}))
    third = write_folder(
        tmp_path / "third", {"recebimentos.csv": header + "E1;NF-1;1;12/02/2026;50,00\n"}
    )

    with pytest.raises(ImportFailed) as failed:
        import_folder(db, third)

    assert issue_lines(failed) == [
        "recebimentos.csv:2: valor: recebimentos somam R$ 140,00, acima do valor do título "
        "(R$ 100,00)"
    ]
    with db.session() as s:
        assert s.scalars(select(Recebimento.valor).order_by(Recebimento.id)).all() == [
            Decimal("60.00"),
            Decimal("30.00"),
        ]


def test_desconto_above_the_debt_rolls_the_import_back(db: Database, tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "acordo",
        {
            "empresas.csv": EMPRESAS,
            "clientes.csv": CLIENTES,
            "acordos.csv": "numero;empresa;cliente;data;desconto\n1;E1;C1;10/02/2026;100,01\n",
            "titulos.csv": TITULOS.replace("100,00", "100,00;1").replace(
                "valor\n", "valor;renegociado_no_acordo\n"
            ),
        },
    )

    with pytest.raises(ImportFailed) as failed:
        import_folder(db, folder)

    assert issue_lines(failed) == [
        "acordos.csv:2: desconto: desconto (R$ 100,01) maior que a dívida (R$ 100,00)"
    ]
    assert sum(row_counts(db).values()) == 0


def test_reimport_without_the_cancel_columns_cancels_only_the_replaced(
    db: Database, tmp_path: Path
) -> None:
    """renegociado_no_acordo sets cancelado_em / motivo where the file has no such column,
    on the replaced títulos only: the others keep what they had."""
    header = "empresa;cliente;numero_documento;parcela;emissao;vencimento;valor"
    first = {
        "empresas.csv": EMPRESAS,
        "clientes.csv": CLIENTES,
        "acordos.csv": "numero;empresa;cliente;data\n1;E1;C1;10/03/2026\n",
        "titulos.csv": f"{header};cancelado_em;motivo_cancelamento\n"
        "E1;C1;NF-1;1;10/01/2026;10/02/2026;100,00;05/02/2026;desistência\n"
        "E1;C1;NF-2;1;10/01/2026;10/02/2026;100,00;;\n",
    }
    import_folder(db, write_folder(tmp_path / "first", first))
    again = {
        "titulos.csv": f"{header};renegociado_no_acordo\n"
        "E1;C1;NF-1;1;10/01/2026;10/02/2026;100,00;\n"
        "E1;C1;NF-2;1;10/01/2026;10/02/2026;100,00;1\n"
        "E1;C1;NF-3;1;10/01/2026;10/02/2026;50,00;1\n"
        "E1;C1;NF-4;1;10/01/2026;10/02/2026;50,00;\n"
    }

    report = import_folder(db, write_folder(tmp_path / "again", again))

    assert report.files["titulos.csv"] == FileCounts(2, 2)
    with db.session() as s:
        rows = s.execute(
            select(
                Titulo.numero_documento,
                Titulo.cancelado_em,
                Titulo.motivo_cancelamento,
                Titulo.versao,
            ).order_by(Titulo.numero_documento)
        ).all()
    assert [tuple(row) for row in rows] == [
        ("NF-1", date(2026, 2, 5), "desistência", 2),
        ("NF-2", date(2026, 3, 10), "renegociado no acordo 1", 2),
        ("NF-3", date(2026, 3, 10), "renegociado no acordo 1", 1),
        ("NF-4", None, None, 1),
    ]


def test_a_long_column_with_bad_cells_reports_every_row(db: Database, tmp_path: Path) -> None:
    header = TITULOS.splitlines()[0]
    rows = [f"E1;C1;NF-{n};1;10/01/2026;10/02/2026;{n},{n % 100:02d}" for n in range(1, 1500)]
    rows[10] = rows[10].rsplit(";", 1)[0] + ";1.2.3"
    rows[700] = rows[700].rsplit(";", 1)[0] + ";-5"
    rows[900] = rows[900].rsplit(";", 1)[0] + ";1.2.3"
    folder = write_folder(
        tmp_path / "bad",
        {
            "empresas.csv": EMPRESAS,
            "clientes.csv": CLIENTES,
            "titulos.csv": "\n".join([header, *rows]),
        },
    )

    with pytest.raises(ImportFailed) as failed:
        import_folder(db, folder)

    assert issue_lines(failed) == [
        "titulos.csv:12: valor: número inválido: '1.2.3'",
        "titulos.csv:702: valor: valor negativo",
        "titulos.csv:902: valor: número inválido: '1.2.3'",
    ]
    assert row_counts(db)["titulo"] == 0


def test_sqlite_stores_each_value_as_sqlalchemy_binds_it(sqlite_url: str) -> None:
    """The bulk writer binds plain tuples: what it stored must be exactly what the column
    types bind for the values read back (dates as ISO text, money as cents...)."""
    database = open_database(sqlite_url)
    try:
        import_folder(database, GOOD)
        dialect = database.engine.dialect
        with database.engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                if table.name == "audit_log":
                    continue
                typed = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
                raw = conn.execute(
                    select(*(column_raw(c) for c in table.c)).order_by(*table.primary_key.columns)
                ).all()
                for typed_row, raw_row in zip(typed, raw, strict=True):
                    for column, value, stored in zip(table.c, typed_row, raw_row, strict=True):
                        bind = column.type.dialect_impl(dialect).bind_processor(dialect)
                        expected = bind(value) if bind is not None else value
                        assert stored == expected, (table.name, column.name)
    finally:
        database.dispose()


def test_postgresql_stores_each_decimal_at_its_column_scale(pg_url: str) -> None:
    """The COPY hands money, quantities and rates to the server as parsed (no Python
    quantize): NUMERIC(p, s) must store each at exactly s places, equal to the value."""
    database = open_database(pg_url)
    try:
        import_folder(database, GOOD)
        checked = 0
        with database.engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                scaled = [c for c in table.c if isinstance(c.type, Money | Quantity | Rate)]
                if not scaled:
                    continue
                stored = conn.execute(
                    select(*(cast(c, Text) for c in scaled), *scaled).order_by(
                        *table.primary_key.columns
                    )
                ).all()
                for row in stored:
                    for column, text, value in zip(
                        scaled, row[: len(scaled)], row[len(scaled) :], strict=True
                    ):
                        if text is None:
                            continue
                        places = len(text.partition(".")[2])
                        assert places == column.type.scale, (table.name, column.name, text)
                        assert Decimal(text) == value, (table.name, column.name)
                        checked += 1
        assert checked > 20
    finally:
        database.dispose()


def column_raw(column: Column[object]) -> object:
    """The column as stored, without the type's result processing."""
    return type_coerce(column, NullType()).label(column.name)


def test_import_leaves_the_collector_and_the_page_cache_as_they_were(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    try:
        assert gc.isenabled()
        import_folder(database, GOOD)
        assert gc.isenabled()
        gc.disable()
        try:
            import_folder(database, GOOD)
            assert not gc.isenabled()
        finally:
            gc.enable()
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
    finally:
        database.dispose()
