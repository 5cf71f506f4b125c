"""The first import into a new PostgreSQL database: foreign keys and the receipts'
trigger held for the load and checked once at its end (app.db.bulk_load)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, func, inspect, select, text

from app.db import bulk_load, importer
from app.db.demo import generate
from app.db.engine import Database, open_database
from app.db.import_write import ANALYZE_AFTER
from app.db.importer import ImportFailed, import_folder
from app.db.schema import Base, Recebimento, Titulo
from benchmarks.csv_export import export_folder
from tests.db.test_import import GOOD, TITULOS, row_counts, write_folder
from tests.db.test_paid_totals import counted, stored
from tests.db.test_venda_dia import counted as counted_days
from tests.db.test_venda_dia import stored as stored_days


@pytest.fixture
def pg(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url)
    yield database
    database.dispose()


@pytest.fixture
def releases(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """How often an import released held checks (and whether it held foreign keys)."""
    calls: list[bool] = []
    real = bulk_load.release

    def spy(conn: Any, held: bulk_load.Held) -> None:
        calls.append(bool(held.keys))
        real(conn, held)

    monkeypatch.setattr(bulk_load, "release", spy)
    return calls


def foreign_keys(db: Database) -> set[tuple[str, tuple[str, ...], str]]:
    found = inspect(db.engine)
    return {
        (table, tuple(fk["constrained_columns"]), fk["referred_table"])
        for table in Base.metadata.tables
        for fk in found.get_foreign_keys(table)
    }


def schema_foreign_keys() -> set[tuple[str, tuple[str, ...], str]]:
    return {
        (table.name, tuple(c.name for c in fk.columns), fk.referred_table.name)
        for table in Base.metadata.tables.values()
        for fk in table.foreign_key_constraints
    }


TOTALS_TRIGGERS = (
    "recebimento_totais_ai",
    "titulo_pago_ai",
    "titulo_pago_au",
    "titulo_pago_ad",
    "venda_dia_ai",
    "venda_dia_au",
    "venda_dia_ad",
)


def trigger_enabled(db: Database) -> bool:
    """The triggers that keep the totals (migrations 0003, 0008 and 0010) all on."""
    with db.session() as s:
        states = s.execute(
            text("SELECT tgname, tgenabled FROM pg_trigger WHERE tgname IN :names").bindparams(
                bindparam("names", expanding=True)
            ),
            {"names": list(TOTALS_TRIGGERS)},
        ).all()
    return sorted(states) == sorted((name, "O") for name in TOTALS_TRIGGERS)


def totals_match_receipts(db: Database) -> None:
    """Every título's stored received total and last receipt, as its receipts give them."""
    sums = (
        select(
            Recebimento.titulo_id,
            func.sum(Recebimento.valor).label("soma"),
            func.max(Recebimento.data).label("ultimo"),
        )
        .group_by(Recebimento.titulo_id)
        .subquery()
    )
    with db.session() as s:
        rows = s.execute(
            select(
                Titulo.id, Titulo.recebido, Titulo.ultimo_recebimento, sums.c.soma, sums.c.ultimo
            ).outerjoin(sums, sums.c.titulo_id == Titulo.id)
        ).all()
    assert rows
    assert any(r.soma for r in rows)  # the folder has receipts
    for r in rows:
        assert (r.recebido, r.ultimo_recebimento) == (r.soma or 0, r.ultimo), r.id
    with db.session() as s:  # and the sums of the títulos paid in full (migration 0008)
        assert stored(s) == counted(s) != {}
    with db.session() as s:  # and the sale items per day (migration 0010)
        assert stored_days(s) == counted_days(s) != {}


def test_first_import_holds_the_checks_and_makes_them_at_the_end(
    pg: Database, releases: list[bool]
) -> None:
    assert foreign_keys(pg) == schema_foreign_keys() and trigger_enabled(pg)
    import_folder(pg, GOOD)
    assert releases == [True]  # held for the load; the títulos loaded with their totals
    totals_match_receipts(pg)
    assert foreign_keys(pg) == schema_foreign_keys()
    assert trigger_enabled(pg)


def test_import_into_a_database_with_data_checks_row_by_row(
    pg: Database, releases: list[bool], tmp_path: Path
) -> None:
    import_folder(pg, GOOD)
    releases.clear()
    more = write_folder(
        tmp_path / "more",
        {
            "recebimentos.csv": "empresa;numero_documento;parcela;data;valor\n"
            "E2;NF-2001;2;01/04/2025;33,30\n",
        },
    )
    import_folder(pg, more)
    assert releases == []  # customers' histories exist: no DDL, the trigger does its work
    totals_match_receipts(pg)
    assert trigger_enabled(pg)


def test_a_refused_first_import_leaves_keys_trigger_and_data_as_they_were(
    pg: Database, releases: list[bool], tmp_path: Path
) -> None:
    before = row_counts(pg)
    bad = write_folder(
        tmp_path / "bad",
        {"titulos.csv": TITULOS.replace("E1;C1", "E9;C9")},  # unknown empresa and cliente
    )
    with pytest.raises(ImportFailed):
        import_folder(pg, bad)
    assert releases == []
    assert row_counts(pg) == before
    assert foreign_keys(pg) == schema_foreign_keys()
    assert trigger_enabled(pg)


def sqlite_triggers(db: Database) -> list[str]:
    with db.session() as s:
        found = s.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('titulo', 'venda_item', 'recebimento')"
            )
        )
        return sorted(found.scalars())


def test_sqlite_holds_the_stored_sums_and_receipts_triggers(
    sqlite_url: str, releases: list[bool], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """SQLite: the first import writes the sums of the títulos paid in full and of
    the sale items per day once, at its end, and each título with its received total
    (the receipts' trigger held: no UPDATE of a título per receipt), and the triggers
    are back for what follows; a load that fails leaves them as they were (the drop is
    inside its transaction)."""
    database = open_database(sqlite_url)
    try:
        triggers = sqlite_triggers(database)
        assert len(triggers) == 11
        held: list[tuple[str, ...]] = []
        during: list[set[str]] = []
        real = bulk_load.release_sqlite_total_triggers

        def spy(conn: Any, statements: tuple[str, ...]) -> None:
            held.append(statements)
            found = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            during.append(set(found.scalars()))
            real(conn, statements)

        monkeypatch.setattr(bulk_load, "release_sqlite_total_triggers", spy)
        import_folder(database, GOOD)
        assert releases == [] and len(held) == 1 and len(held[0]) == 8
        assert "recebimento_totais_ai" not in during[0]  # held for the load
        assert {"recebimento_totais_ad", "recebimento_totais_au"} <= during[0]
        totals_match_receipts(database)
        assert sqlite_triggers(database) == triggers
        held.clear()
        more = write_folder(
            tmp_path / "more",
            {
                "recebimentos.csv": "empresa;numero_documento;parcela;data;valor\n"
                "E2;NF-2001;2;01/04/2025;33,30\n",
            },
        )
        import_folder(database, more)
        assert held == []  # títulos exist: the triggers do their work
        totals_match_receipts(database)
    finally:
        database.dispose()


def fail_at_the_end(database: Database, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    """A first import of GOOD that fails at ``step`` of bulk_load, at the load's end."""

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("disco cheio")

    monkeypatch.setattr(bulk_load, step, broken)
    with pytest.raises(RuntimeError):
        import_folder(database, GOOD)


def all_visible_pages(db: Database, table: str) -> int:
    """Pages of ``table`` that VACUUM marked all-visible (what index-only scans need)."""
    with db.session() as s:
        found = s.scalar(
            text("SELECT relallvisible FROM pg_class WHERE relname = :t"), {"t": table}
        )
    return int(found or 0)


def test_the_demo_leaves_its_tables_vacuumed(pg: Database) -> None:
    """The demo VACUUMs (ANALYZE) what it filled: the visibility map is set, so the
    covering indexes of a customer's positions are read alone, autovacuum or not."""
    generate(pg, seed=3, customers=30, reference=date(2026, 3, 16))
    for table in ("titulo", "venda_item", "recebimento", "cliente"):
        assert all_visible_pages(pg, table) > 0, table


def test_an_import_that_grows_a_table_vacuums_it(
    pg: Database, sqlite_url: str, tmp_path: Path
) -> None:
    source = open_database(sqlite_url)
    try:
        generate(source, seed=4, customers=150, reference=date(2026, 3, 16))
        written = export_folder(source, tmp_path / "erp", titulos=10**6)
    finally:
        source.dispose()
    assert written["titulos.csv"] >= ANALYZE_AFTER
    assert all_visible_pages(pg, "titulo") == 0
    import_folder(pg, tmp_path / "erp")
    assert all_visible_pages(pg, "titulo") > 0
    totals_match_receipts(pg)  # a título's many receipts summed by the loader itself


def test_a_small_import_leaves_vacuum_to_autovacuum(
    pg: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    vacuumed: list[list[str]] = []
    real = importer.vacuum

    def spy(engine: Any, tables: list[str]) -> None:
        vacuumed.append(list(tables))
        real(engine, tables)

    monkeypatch.setattr(importer, "vacuum", spy)
    import_folder(pg, GOOD)  # a few rows a file
    assert vacuumed == [[]]


def index_definitions(db: Database) -> set[tuple[str, str, tuple[str, ...], str]]:
    """Every index of the data tables as the database describes it (columns, partial
    condition), the primary keys' and unique constraints' included."""
    found = inspect(db.engine)
    described = {
        (
            table,
            str(ix["name"]),
            tuple(map(str, ix["column_names"])),
            f"{ix['unique']} {sorted((k, str(v)) for k, v in ix['dialect_options'].items())}",
        )
        for table in bulk_load.DATA_TABLES
        for ix in found.get_indexes(table)
    }
    if db.engine.dialect.name == "sqlite":  # and as SQLite keeps them, word for word
        with db.session() as s:
            rows = s.execute(  # the planner's statistics (ANALYZE) are not the schema
                text(
                    "SELECT tbl_name, name, sql FROM sqlite_master"
                    " WHERE name NOT LIKE 'sqlite_stat%'"
                )
            )
            described |= {(t, n, (), " ".join(str(sql).split())) for t, n, sql in rows}
    return described


def spy_on_release_indexes(monkeypatch: pytest.MonkeyPatch, module: Any) -> list[tuple[str, ...]]:
    """The names of the indexes each load held (and built again at its end), as
    ``module``'s release_indexes was called with them."""
    calls: list[tuple[str, ...]] = []
    real = module.release_indexes

    def spy(conn: Any, held: tuple[Any, ...]) -> None:
        calls.append(tuple(sorted(str(index.name) for index in held)))
        real(conn, held)

    monkeypatch.setattr(module, "release_indexes", spy)
    return calls


@pytest.fixture
def held_indexes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The indexes each import held for its load (and built again at its end)."""
    return spy_on_release_indexes(monkeypatch, bulk_load)


def declared_indexes() -> tuple[str, ...]:
    return tuple(
        sorted(
            str(index.name)
            for name in bulk_load.DATA_TABLES
            for index in Base.metadata.tables[name].indexes
        )
    )


def test_a_first_import_builds_the_indexes_once_at_its_end(
    db_url: str, held_indexes: list[tuple[str, ...]], tmp_path: Path
) -> None:
    """A first import loads the tables without their indexes and builds each again at
    its end, as the database had it (partial conditions included), whatever dialect;
    a later import writes through them."""
    database = open_database(db_url)
    try:
        before = index_definitions(database)
        assert len(before) > len(declared_indexes()) > 10
        import_folder(database, GOOD)
        assert held_indexes == [declared_indexes()]
        assert index_definitions(database) == before
        totals_match_receipts(database)
        more = write_folder(
            tmp_path / "more",
            {
                "recebimentos.csv": "empresa;numero_documento;parcela;data;valor\n"
                "E2;NF-2001;2;01/04/2025;33,30\n",
            },
        )
        import_folder(database, more)
        assert held_indexes == [declared_indexes()]  # títulos exist: indexes left alone
        assert index_definitions(database) == before
    finally:
        database.dispose()


@pytest.mark.parametrize("step", ["release_indexes", "release_triggers"])
def test_a_failed_first_import_leaves_indexes_triggers_and_rows(
    db_url: str, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """A first import failing at the end of its load (indexes, or the held triggers
    and keys) leaves everything as it was: the DDL is inside its transaction."""
    database = open_database(db_url)
    sqlite = database.engine.dialect.name == "sqlite"
    if step == "release_triggers":
        step = "release_sqlite_total_triggers" if sqlite else "release"

    def state() -> tuple[Any, ...]:
        triggers = sqlite_triggers(database) if sqlite else trigger_enabled(database)
        return index_definitions(database), row_counts(database), triggers

    try:
        before = state()
        assert before[2] is True or len(before[2]) == 11  # PostgreSQL's on, SQLite's 11
        fail_at_the_end(database, monkeypatch, step)
        assert state() == before
    finally:
        database.dispose()


@pytest.fixture
def demo_held_indexes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The indexes each demo held for its load (and built again at its end)."""
    from app.db.demo import writer

    return spy_on_release_indexes(monkeypatch, writer)


def test_the_demo_builds_the_indexes_once_at_its_end(
    db_url: str, demo_held_indexes: list[tuple[str, ...]]
) -> None:
    """The demo writes its rows without the tables' indexes and builds each at its end,
    as the database had it; on SQLite those of the tables whose rows wait for their
    títulos (receipts are written first) stay, for the deferred foreign keys' lookups."""
    database = open_database(db_url)
    try:
        before = index_definitions(database)
        stats = generate(database, seed=7, customers=40, reference=date(2026, 3, 16))
        assert stats.recebimentos > 0
        kept = (
            {
                str(index.name)
                for name in ("recebimento", "acordo_quebrado_original")
                for index in Base.metadata.tables[name].indexes
            }
            if database.engine.dialect.name == "sqlite"
            else set()
        )
        assert demo_held_indexes == [tuple(i for i in declared_indexes() if i not in kept)]
        assert index_definitions(database) == before
        totals_match_receipts(database)
    finally:
        database.dispose()


def test_a_demo_failing_at_its_indexes_leaves_the_database_empty_and_whole(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.db.demo import writer

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("disco cheio")

    database = open_database(db_url)
    try:
        before = index_definitions(database), row_counts(database)
        monkeypatch.setattr(writer, "release_indexes", broken)
        with pytest.raises(RuntimeError):
            generate(database, seed=7, customers=10, reference=date(2026, 3, 16))
        assert (index_definitions(database), row_counts(database)) == before
    finally:
        database.dispose()
