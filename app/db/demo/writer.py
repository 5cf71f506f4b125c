"""Bulk writing of the demonstration rows: plain tuples, table by table, in one transaction.

Rows are tuples in the column order of ``COLUMNS`` (checked against the schema) and
already hold what the driver takes: dates, times and money go through the column
types' own bind processing once per distinct value (``Writer.date``, ``Writer.money``…).
Primary keys are counted here from max(id) + 1 (``Writer.ids``), so nothing is read
back. SQLite gets an executemany of the schema's compiled INSERT, PostgreSQL a COPY.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, time
from decimal import Decimal
from itertools import count
from typing import Any

from sqlalchemy import Index, func, insert, select
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from app.db.bulk_load import (
    Held,
    hold,
    hold_indexes,
    hold_sqlite_total_triggers,
    release,
    release_indexes,
    release_sqlite_total_triggers,
)
from app.db.schema import Base
from app.db.types import Money, Quantity, Rate

__all__ = ["COLUMNS", "TABLES", "DemoStats", "Memo", "Progress", "Row", "Writer"]

Progress = Callable[[str, int, int], None]
Row = tuple[Any, ...]

BATCH_ROWS = 10_000  # rows per executemany (SQLite)
# the tables that refer to títulos (receipts, a broken acordo's originals)
_REFER_TO_TITULOS = frozenset(
    table.name
    for table in Base.metadata.sorted_tables
    for fk in table.foreign_keys
    if fk.column.table.name == "titulo"
)

# Column order of the tuples the generator builds; checked against the schema.
COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(columns.split())
    for name, columns in (
        (
            "empresa",
            "id codigo razao_social nome_fantasia cnpj endereco cidade uf telefone "
            "multa_percentual juros_mensal_percentual",
        ),
        ("produto", "id codigo descricao unidade"),
        (
            "cliente",
            "id codigo nome nome_busca cpf_cnpj rg data_nascimento estado_civil email "
            "telefone endereco bairro cidade uf cep limite_credito cliente_desde",
        ),
        ("venda", "id codigo empresa_id cliente_id data vendedor situacao"),
        (
            "acordo",
            "id empresa_id numero cliente_id data valor_original multa juros desconto "
            "valor_negociado entrada entrada_data parcelas taxa_mensal operador "
            "observacao situacao cancelado_em motivo_cancelamento",
        ),
        (
            "venda_item",
            "id venda_id cliente_id data item produto_id quantidade valor_unitario "
            "desconto valor_total",
        ),
        (
            "titulo",
            "id empresa_id cliente_id venda_id numero_documento parcela emissao "
            "vencimento valor forma_pagamento cancelado_em motivo_cancelamento "
            "negativado_em cobranca_em acordo_origem_id renegociado_acordo_id versao "
            "recebido ultimo_recebimento",
        ),
        ("recebimento", "id titulo_id data valor forma_pagamento"),
        (
            "programacao",
            "id empresa_id cliente_id data hora tipo descricao responsavel situacao versao",
        ),
        ("acordo_quebrado_original", "id acordo_id titulo_id"),
    )
}
# Parents before children: SQLite checks foreign keys row by row.
TABLES = tuple(COLUMNS)


@dataclass(frozen=True)
class DemoStats:
    """How many rows ``generate`` wrote, per table."""

    empresas: int
    produtos: int
    clientes: int
    vendas: int
    venda_itens: int
    titulos: int
    recebimentos: int
    acordos: int
    programacoes: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Memo(dict[Any, Any]):
    """key -> driver value, made once per distinct key (None stays None)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self._make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self._make(key)
        return value


def _processor(column_type: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any]:
    process = column_type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else (lambda value: value)


def _scaled(column_type: Money | Quantity | Rate, dialect: Dialect) -> Callable[[int], Any]:
    """units (cents, thousandths…) -> what the column type binds for Decimal(units)·10^-scale.

    The type's own processor decides; when it is plain "integer units" (SQLite) or
    "the Decimal itself" (PostgreSQL) the probe below lets us skip the Decimal round trip.
    """
    scale = column_type.scale
    process = _processor(column_type, dialect)
    probe = 123456789
    as_decimal = Decimal(probe).scaleb(-scale)
    bound = process(as_decimal)
    if type(bound) is int and bound == probe:
        return int
    if isinstance(bound, Decimal) and bound == as_decimal:
        return lambda units: Decimal(units).scaleb(-scale)
    return lambda units: process(Decimal(units).scaleb(-scale))


class Writer:
    """Buffered bulk writes of plain tuples, table by table, in the session's transaction.

    SQLite: an executemany of the INSERT SQLAlchemy compiles from the schema, 10,000 rows
    at a time. PostgreSQL: COPY … FROM STDIN on the same connection (about three times
    faster than a multi-row INSERT there). Tuples already hold what the driver takes
    (``date``, ``time`` and money convert with the column types' own bind processing),
    so writing costs the driver's time only.
    """

    def __init__(self, session: Session) -> None:
        self._conn: Connection = session.connection()
        dialect = self._conn.dialect
        self._copy = dialect.name == "postgresql"
        self._sql = {name: self._statement(name, dialect) for name in TABLES}
        self._order = TABLES
        self._held: Held | None = None  # PostgreSQL: checks held for the load (bulk_load)
        self._sqlite_held: tuple[str, ...] | None = None  # SQLite: the stored sums' triggers
        self._indexes: tuple[Index, ...] | None = None  # the tables', built at the end
        # the títulos' received totals, known here, are written with them: the triggers
        # on recebimento (migration 0003) would update every título a second time
        self.writes_totals = self._hold_received_triggers()
        self.rows: dict[str, list[Row]] = {name: [] for name in TABLES}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.next_id = {name: self._max_id(name) + 1 for name in TABLES}
        tables = Base.metadata.tables
        make_date = _processor(tables["titulo"].c.emissao.type, dialect)
        make_time = _processor(tables["programacao"].c.hora.type, dialect)
        self.date = Memo(lambda ordinal: make_date(date.fromordinal(ordinal)))
        self.time = Memo(lambda minute: make_time(time(minute // 60, minute % 60)))
        self.money = _scaled(Money(), dialect)
        self.quantity = _scaled(Quantity(), dialect)
        self.rate = _scaled(Rate(), dialect)

    def _statement(self, name: str, dialect: Dialect) -> str:
        """What writes this table's tuples: COPY (PostgreSQL) or a positional INSERT."""
        table = Base.metadata.tables[name]
        if tuple(c.key for c in table.c) != COLUMNS[name]:
            raise RuntimeError(f"demo: the columns of {name} changed; update COLUMNS")
        if self._copy:
            quoted = dialect.identifier_preparer
            columns = ", ".join(quoted.quote(c.name) for c in table.c)
            return f"COPY {quoted.format_table(table)} ({columns}) FROM STDIN"
        if not dialect.positional:
            raise RuntimeError(f"demo: no positional parameters on {dialect.name}")
        return insert(table).compile(dialect=dialect).string

    def _hold_received_triggers(self) -> bool:
        """Keep the recebimento trigger from recomputing the títulos' totals, inside this
        transaction (undone by finish, or by a rollback); False when it cannot."""
        if not self._copy:
            # SQLite: receipts are written before their títulos (foreign keys checked at
            # commit, see _defer_foreign_keys), so the trigger's UPDATE finds no título
            at = TABLES.index("titulo")
            self._order = (*TABLES[:at], "recebimento", *TABLES[at:])
            self._order = tuple(dict.fromkeys(self._order))  # recebimento once
            return True
        self._held = hold(self._conn, TABLES)
        return self._held is not None

    def _max_id(self, name: str) -> int:
        table = Base.metadata.tables[name]
        return int(self._conn.scalar(select(func.max(table.c.id))) or 0)

    def ids(self, name: str) -> Iterator[int]:
        return count(self.next_id[name])

    @property
    def pending(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def _defer_foreign_keys(self) -> None:
        """SQLite: check foreign keys at commit. Only inside a transaction, which pysqlite
        opens at the first INSERT (the parents written before the receipts): checked,
        since receipts counted again by the trigger would double the totals."""
        self._conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        if self._conn.exec_driver_sql("PRAGMA defer_foreign_keys").scalar() != 1:
            raise RuntimeError("demo: foreign keys not deferred (no transaction open)")

    def _hold_for_the_load(self) -> None:
        """Before the first rows, inside the load's transaction (pysqlite opens it at the
        first data statement, and hold_sqlite_total_triggers issues one): on SQLite the
        stored sums' triggers (the sums written once at the end), on both databases the
        tables' indexes (each built once from every row at the end, rather than an entry
        inserted per row: the demo writes into an empty database, nobody reads it yet)."""
        tables = TABLES
        if not self._copy:
            self._sqlite_held = hold_sqlite_total_triggers(self._conn)
            # receipts come before their títulos (_hold_received_triggers): SQLite then
            # looks up, for each título, the rows waiting for it (deferred foreign keys)
            # in every table that refers to títulos, whose indexes stay (without them,
            # a scan of the table per título)
            tables = tuple(name for name in TABLES if name not in _REFER_TO_TITULOS)
        self._indexes = hold_indexes(self._conn, tables)

    def flush(self) -> None:
        if self._indexes is None and self.pending:
            self._hold_for_the_load()
        for name in self._order:
            rows = self.rows[name]
            if name == "recebimento" and rows and not self._copy:
                self._defer_foreign_keys()
            if self._copy and rows:
                driver = self._conn.connection.driver_connection
                assert driver is not None
                with driver.cursor() as cursor, cursor.copy(self._sql[name]) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                for start in range(0, len(rows), BATCH_ROWS):
                    self._conn.exec_driver_sql(self._sql[name], rows[start : start + BATCH_ROWS])
            self.counts[name] += len(rows)
            rows.clear()

    def finish(self, progress: Progress | None) -> None:
        """Write what is pending; add back what the load held (keys, triggers, indexes);
        refresh the planner's statistics (SQLite) or the sequences (PostgreSQL)."""
        self.flush()
        if self._held is not None:
            if progress is not None:
                progress("Chaves estrangeiras", 0, 1)
            release(self._conn, self._held)  # the received totals written with the títulos
        if self._sqlite_held is not None:
            release_sqlite_total_triggers(self._conn, self._sqlite_held)
        if self._indexes is not None:
            if progress is not None:
                progress("Índices", 0, 1)
            release_indexes(self._conn, self._indexes)  # before the statistics of them
        if progress is not None:
            progress("Estatísticas do banco", 0, 1)
        if self._conn.dialect.name == "sqlite":
            self._conn.exec_driver_sql("ANALYZE")
        else:
            # keys were given explicitly: move each serial sequence past them
            for name in TABLES:
                table = Base.metadata.tables[name]
                last = select(func.max(table.c.id)).scalar_subquery()
                self._conn.execute(
                    select(func.setval(func.pg_get_serial_sequence(name, "id"), last))
                )
        if progress is not None:
            progress("Estatísticas do banco", 1, 1)

    def stats(self) -> DemoStats:
        c = self.counts
        return DemoStats(
            empresas=c["empresa"],
            produtos=c["produto"],
            clientes=c["cliente"],
            vendas=c["venda"],
            venda_itens=c["venda_item"],
            titulos=c["titulo"],
            recebimentos=c["recebimento"],
            acordos=c["acordo"],
            programacoes=c["programacao"],
        )
