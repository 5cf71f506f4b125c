"""Demonstration data: a realistic, deterministic customer base to try the app with.

``generate(db, seed=42, customers=200, whale=0, reference=None, progress=None)`` fills an
empty, migrated database in one transaction (a kill during generation leaves nothing):
4 empresas (E01-E04, one with multa 1,50% / juros 2,00% a.m.), ~300 produtos, the
customers C000001… (about 90% CPF, 10% companies with CNPJ) with their vendas and
itens, títulos a receber (1-6 monthly parcelas per financed sale, 3 years back and
up to 6 months after ``reference``), recebimentos, acordos (about 3% of the
customers, some of them "quebrado") and programações. On average a customer has
about 10 títulos and 20 sale items; some have nothing at all. ``whale=K`` adds the
customer W000001 ("Distribuidora Baleia Ltda") with exactly K títulos and 2·K items.

All facts are dated on or before ``reference`` ("today" for the data), so as of
``reference`` the títulos show all six statuses. The same seed, reference and
parameters give the same rows: ``random.Random(seed)`` drives everything, and
Faker('pt_BR'), seeded alike, only fills the name pools once (app/db/demo_names.py;
pools may differ between Faker versions).

C000001, "Maria Aparecida de Souza", shows everything on one screen (R = reference):

- venda 1 (E01, R-400 days): 3 parcelas, all Recebido, parcela 2 paid in two recebimentos;
- venda 2 (E01, R-260): its 3 parcelas, overdue, renegotiated on R-75 in acordo 1 of E01
  (Cancelado, "renegociado no acordo 1"); the acordo (entrada of 20%, desconto of half
  the encargos, paid when signing: ACD-1/0 Recebido) has 4 parcelas ACD-1: 2 Recebido,
  2 Em aberto;
- venda 3 (E02, R-200): cancelled, its 2 parcelas Cancelado ("venda cancelada");
- venda 4 (E01, R-135): 2 parcelas Negativado (in cobrança, then reported to SPC/Serasa);
- venda 5 (E02, about R-104): 2 parcelas Cobrança, 1 Vencido partly paid;
- venda 6 (E01, R-40): 4 parcelas, 1 Vencido and 3 Em aberto (one partly paid);
- venda 7 (E03, R-20): a counter sale, no título; venda 8 (E01, R-2): a geladeira,
  1 parcela Em aberto;
- programações: the delivery of venda 1 (realizada), a cancelled visita técnica, two
  overdue pendentes (cobrança, ligação) and three future ones (delivery of venda 8, a
  ligação about parcela 3 of ACD-1, the installation of the geladeira).

So as of R: 6 Recebido, 5 Cancelado, 6 Em aberto, 2 Vencido, 2 Cobrança, 2 Negativado.

Speed (``customers=200_000`` gives ~2 million títulos in under two minutes on
SQLite): rows are plain tuples written in bulk (``_Writer``: executemany of the
schema's compiled INSERT on SQLite, COPY on PostgreSQL); primary keys are counted here
from max(id) + 1, so nothing is read back. Values are converted once per distinct
date or time, and money by the column types' own rules. The domain (app/domain)
decides vencimento real, acordo figures and document check digits, called once per
distinct date or per acordo rather than per row.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, time
from decimal import Decimal
from functools import lru_cache
from itertools import count
from typing import Any, NamedTuple

from sqlalchemy import exists, func, insert, select
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from app.db import audit
from app.db.demo_names import (
    CITIES,
    COMPANY_SUFFIXES,
    EMAIL_DOMAINS,
    EMPRESAS,
    ESTADO_CIVIL_WEIGHTS,
    ESTADOS_CIVIS_F,
    ESTADOS_CIVIS_M,
    MOTIVOS_CANCELAMENTO,
    MOTIVOS_QUEBRA,
    OUTROS,
    PRODUCT_LINES,
    RAMOS,
    STREET_TYPES,
    VISITAS,
    City,
    Pools,
    build_pools,
)
from app.db.engine import Database
from app.db.errors import DatabaseError
from app.db.schema import Base, Cliente, Empresa, Produto, Titulo
from app.db.types import Money, Quantity, Rate
from app.domain.acordo import AcordoInvalido, AcordoPlan, add_months, plan_acordo
from app.domain.calendar import vencimento_real
from app.domain.documents import random_cnpj, random_cpf
from app.domain.formatting import format_date
from app.domain.text import normalize_search
from app.domain.titulos import Rates, TituloFacts, position

__all__ = ["DemoStats", "Progress", "generate"]

Progress = Callable[[str, int, int], None]
Row = tuple[Any, ...]

BATCH_ROWS = 10_000  # rows per executemany (SQLite)
FLUSH_ROWS = 40_000  # pending rows (all tables) that trigger writing them

# Customer mix. Profiles decide how títulos get paid.
GOOD, LATE, BAD = 0, 1, 2
PROFILE_WEIGHTS = (68, 20, 12)
COMPANY_SHARE = 0.10
INACTIVE_SHARE = 0.06  # customers with no history at all
MEAN_VENDAS = 7.6  # per active customer over a full 3-year span
YEARS_OF_HISTORY = 3
COUNTER_SALE_SHARE = 0.42  # paid at the counter: no título
CANCELLED_SALE_SHARE = 0.02
ACORDO_CHANCE = 0.65  # of a BAD customer owing at least 2 overdue títulos to one empresa
QUEBRA_CHANCE = 0.20

PARCELAS_WEIGHTS = (35, 20, 20, 10, 5, 10)  # 1..6 parcelas of a financed sale
FORMAS_ONE = (
    ("boleto", 35),
    ("pix", 20),
    ("cartao", 20),
    ("carne", 10),
    ("dinheiro", 10),
    ("cheque", 5),
)
FORMAS_MANY = (("carne", 40), ("boleto", 30), ("cartao", 20), ("cheque", 10))
RECEBIMENTO_FORMA = {
    "boleto": "boleto",
    "carne": "dinheiro",
    "cartao": "cartao",
    "pix": "pix",
    "cheque": "cheque",
    "dinheiro": "dinheiro",
}

# Column order of the tuples this module builds; checked against the schema.
_COLUMNS: dict[str, tuple[str, ...]] = {
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
            "negativado_em cobranca_em acordo_origem_id renegociado_acordo_id versao",
        ),
        ("recebimento", "id titulo_id data valor forma_pagamento"),
        (
            "programacao",
            "id empresa_id cliente_id data hora tipo descricao responsavel situacao versao",
        ),
    )
}
# Parents before children: SQLite checks foreign keys row by row.
_TABLES = tuple(_COLUMNS)
_MUST_BE_EMPTY = (Cliente, Empresa, Produto)


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


def generate(
    db: Database,
    *,
    seed: int = 42,
    customers: int = 200,
    whale: int = 0,
    reference: date | None = None,
    progress: Progress | None = None,
) -> DemoStats:
    """Fill the empty database ``db`` with demonstration data (see the module docstring).

    ``reference`` is "today" for the data (default: the real today). ``progress`` is
    called as rows are written with (stage, done, total); the stages are "Empresas e
    produtos", "Clientes", "Cliente grande (W000001)" and "Estatísticas do banco".
    Raises DatabaseError when the database already has customers, empresas or
    produtos; nothing is written unless everything is.
    """
    if customers < 1:
        raise ValueError("customers must be at least 1 (C000001 is always created)")
    if whale < 0:
        raise ValueError("whale must not be negative")
    today = reference or date.today()
    pools = build_pools(seed)
    with db.session() as session:
        if any(session.scalar(select(exists().select_from(t))) for t in _MUST_BE_EMPTY):
            raise DatabaseError(
                "o banco de dados já contém dados; use um banco vazio para gerar a demonstração"
            )
        writer = _Writer(session)
        _Generator(random.Random(seed), pools, writer, today, progress).run(customers, whale)
        writer.finish(progress)
        audit.record(
            session,
            "demo_gerada",
            "banco",
            None,
            seed=seed,
            clientes=customers,
            whale=whale,
            referencia=today.isoformat(),
        )
    return writer.stats()


# --- writing -------------------------------------------------------------------------


class _Memo(dict[Any, Any]):
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


class _Writer:
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
        self._sql = {name: self._statement(name, dialect) for name in _TABLES}
        self.rows: dict[str, list[Row]] = {name: [] for name in _TABLES}
        self.counts: dict[str, int] = dict.fromkeys(_TABLES, 0)
        self.next_id = {name: self._max_id(name) + 1 for name in _TABLES}
        make_date = _processor(Titulo.__table__.c.emissao.type, dialect)
        make_time = _processor(Base.metadata.tables["programacao"].c.hora.type, dialect)
        self.date = _Memo(lambda ordinal: make_date(date.fromordinal(ordinal)))
        self.time = _Memo(lambda minute: make_time(time(minute // 60, minute % 60)))
        self.money = _scaled(Money(), dialect)
        self.quantity = _scaled(Quantity(), dialect)
        self.rate = _scaled(Rate(), dialect)

    def _statement(self, name: str, dialect: Dialect) -> str:
        """What writes this table's tuples: COPY (PostgreSQL) or a positional INSERT."""
        table = Base.metadata.tables[name]
        if tuple(c.key for c in table.c) != _COLUMNS[name]:
            raise RuntimeError(f"demo: the columns of {name} changed; update _COLUMNS")
        if self._copy:
            quoted = dialect.identifier_preparer
            columns = ", ".join(quoted.quote(c.name) for c in table.c)
            return f"COPY {quoted.format_table(table)} ({columns}) FROM STDIN"
        if not dialect.positional:
            raise RuntimeError(f"demo: no positional parameters on {dialect.name}")
        return insert(table).compile(dialect=dialect).string

    def _max_id(self, name: str) -> int:
        table = Base.metadata.tables[name]
        return int(self._conn.scalar(select(func.max(table.c.id))) or 0)

    def ids(self, name: str) -> Iterator[int]:
        return count(self.next_id[name])

    @property
    def pending(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def flush(self) -> None:
        for name in _TABLES:
            rows = self.rows[name]
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
        """Write what is pending; refresh the planner's statistics (SQLite) or sequences."""
        self.flush()
        if progress is not None:
            progress("Estatísticas do banco", 0, 1)
        if self._conn.dialect.name == "sqlite":
            self._conn.exec_driver_sql("ANALYZE")
        else:
            # keys were given explicitly: move each serial sequence past them
            for name in _TABLES:
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


# --- what is generated ---------------------------------------------------------------


@dataclass(slots=True)
class _T:
    """A título being made: dates are ordinals (date.toordinal), money is in cents."""

    id: int
    empresa: int
    venda: int | None
    doc: str
    parcela: int
    emissao: int
    venc: int
    valor: int
    forma: str
    cancel: int | None = None
    motivo: str | None = None
    neg: int | None = None
    cob: int | None = None
    origem: int | None = None  # acordo_origem_id
    reneg: int | None = None  # renegociado_acordo_id
    recebs: list[tuple[int, int, str]] = field(default_factory=list)  # (day, cents, forma)

    def received(self, until: int) -> int:
        return sum(value for day, value, _ in self.recebs if day <= until)


class _Identity(NamedTuple):
    nome: str
    documento: str  # CPF or CNPJ digits
    rg: str | None
    nascimento: int | None
    estado_civil: str | None
    email: str | None
    telefone: str
    limite: int  # cents


@dataclass(frozen=True)
class _Produto:
    id: int
    descricao: str
    unidade: str
    price: int  # cents, at the reference date
    line: str  # eletro, moveis, eletronicos, obra, ferragens
    lot: float  # units (UN, CX) bought at once: 1 + int(random() ** 4 * lot)

    @property
    def big(self) -> bool:
        """Delivered to the customer's home."""
        return self.price >= 50_000 and self.line in ("eletro", "moveis", "eletronicos")


@dataclass(frozen=True)
class _Empresa:
    id: int
    rates: Rates
    produtos: tuple[_Produto, ...]


@dataclass(frozen=True)
class _Venda:
    id: int
    code: str
    day: int
    empresa: int
    total: int
    produto: _Produto  # its most expensive item
    cancelled: bool


@dataclass
class _Acordo:
    id: int
    numero: int
    empresa: _Empresa
    cliente: int
    day: int
    plan: AcordoPlan
    operador: str
    parcelas: list[_T]
    originais: list[_T]
    entrada: _T | None = None  # the down payment: título ACD-N parcela 0, as the app makes it
    situacao: str = "ativo"
    cancelado_em: int | None = None
    motivo: str | None = None
    observacao: str | None = None


@dataclass
class _Customer:
    id: int
    home: _Empresa
    since: int
    profile: int
    stops_paying: int  # BAD customers: títulos due from this day on stay unpaid
    vendas: list[_Venda] = field(default_factory=list)
    titulos: list[_T] = field(default_factory=list)


def _cum(weights: tuple[int, ...]) -> tuple[float, ...]:
    """The cumulative shares of ``weights``: (30, 70) -> (0.3, 1.0)."""
    total, running, edges = sum(weights), 0, []
    for w in weights:
        running += w
        edges.append(running / total)
    return tuple(edges)


@lru_cache(maxsize=1 << 16)
def _plus_months(ordinal: int, months: int) -> int:
    return add_months(date.fromordinal(ordinal), months).toordinal()


def _cents(value: Decimal) -> int:
    return int(value.scaleb(2))


def _dec(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _day(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)


_NOT_EMAIL = re.compile(r"[^a-z0-9]")
_ANY_HOUR = -1


class _Generator:
    """Makes the rows, customer by customer, and hands them to the writer."""

    def __init__(
        self,
        rng: random.Random,
        pools: Pools,
        writer: _Writer,
        today: date,
        progress: Progress | None,
    ) -> None:
        self.rng = rng
        self.rnd = rng.random
        self.pools = pools
        self.w = writer
        self.ref = today.toordinal()
        self.progress = progress
        self.vreal = _Memo(lambda o: vencimento_real(date.fromordinal(o)).toordinal())
        self.cliente_ids = writer.ids("cliente")
        self.venda_ids = writer.ids("venda")
        self.item_ids = writer.ids("venda_item")
        self.titulo_ids = writer.ids("titulo")
        self.receb_ids = writer.ids("recebimento")
        self.acordo_ids = writer.ids("acordo")
        self.prog_ids = writer.ids("programacao")
        self.venda_seq = count(1)
        self.nf: dict[int, Iterator[int]] = {}
        self.acordo_numero: dict[int, Iterator[int]] = {}
        self.empresas: list[_Empresa] = []
        self.cities_cum = _cum(tuple(c.weight for c in CITIES))
        self.street_cum = _cum(tuple(w for _, w in STREET_TYPES))
        self.parcelas_cum = _cum(PARCELAS_WEIGHTS)
        self.profile_cum = _cum(PROFILE_WEIGHTS)
        self.civil_cum = _cum(ESTADO_CIVIL_WEIGHTS)
        self.formas_one = ([f for f, _ in FORMAS_ONE], _cum(tuple(w for _, w in FORMAS_ONE)))
        self.formas_many = ([f for f, _ in FORMAS_MANY], _cum(tuple(w for _, w in FORMAS_MANY)))

    # small helpers ------------------------------------------------------------------

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.rnd() * len(seq))]

    def weighted(self, edges: tuple[float, ...]) -> int:
        """An index drawn with the weights behind ``edges`` (see ``_cum``)."""
        r = self.rnd()
        for index, edge in enumerate(edges):
            if r < edge:
                return index
        return len(edges) - 1

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high]."""
        return low + int(self.rnd() * (high - low + 1))

    def report(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)

    def maybe_flush(self, stage: str, done: int, total: int) -> None:
        if self.w.pending >= FLUSH_ROWS:
            self.w.flush()
            self.report(stage, done, total)

    # the whole run ----------------------------------------------------------------

    def run(self, customers: int, whale: int) -> None:
        self.report("Empresas e produtos", 0, 1)
        self.make_empresas()
        self.report("Empresas e produtos", 1, 1)
        stage = "Clientes"
        self.showcase()
        for index in range(2, customers + 1):
            self.random_customer(index)
            self.maybe_flush(stage, index, customers)
        self.w.flush()
        self.report(stage, customers, customers)
        if whale:
            self.whale(whale)

    def make_empresas(self) -> None:
        empresa_ids, produto_ids = self.w.ids("empresa"), self.w.ids("produto")
        family = self.pools.family
        produtos: dict[str, list[_Produto]] = {}
        for line, base, variants, unidade, low, high in PRODUCT_LINES:
            for k, variant in enumerate(variants):
                # the variants go from the cheapest to the dearest, give or take 8%
                step = (high - low) * k // max(1, len(variants) - 1)
                reais = max(1, (low + step) * self.between(92, 108) // 100)
                cents = reais * 100 - 10 if reais >= 100 else reais * 100 + self.between(0, 9) * 10
                lot = 1.3 if cents >= 30_000 else 4.0 if cents >= 5_000 else 20.0
                p = _Produto(next(produto_ids), f"{base} {variant}", unidade, cents, line, lot)
                produtos.setdefault(line, []).append(p)
                self.w.rows["produto"].append((p.id, f"P{p.id:04d}", p.descricao, p.unidade))
        for k, (city_index, razao, fantasia, lines, multa, juros) in enumerate(EMPRESAS, 1):
            city = CITIES[city_index]
            eid = next(empresa_ids)
            rates = Rates(Decimal(multa), Decimal(juros))
            self.w.rows["empresa"].append(
                (
                    eid,
                    f"E{k:02d}",
                    razao.format(f=family),
                    fantasia.format(f=family),
                    random_cnpj(self.rng),
                    self.address(),
                    city.nome,
                    city.uf,
                    self.landline(city),
                    self.w.rate(int(rates.multa_percentual.scaleb(4))),
                    self.w.rate(int(rates.juros_mensal_percentual.scaleb(4))),
                )
            )
            items = tuple(p for line in lines for p in produtos[line])
            self.empresas.append(_Empresa(eid, rates, items))
            self.nf[eid] = count(10_001 + 1000 * k)
            self.acordo_numero[eid] = count(1)
        self.w.flush()

    # people -------------------------------------------------------------------------

    def address(self) -> str:
        kind = STREET_TYPES[self.weighted(self.street_cum)][0]
        number = self.between(10, 3999) if self.rnd() < 0.95 else "s/n"
        extra = f", apto {self.between(1, 24)}{self.between(1, 4)}" if self.rnd() < 0.15 else ""
        return f"{kind} {self.pick(self.pools.streets)}, {number}{extra}"

    def landline(self, city: City) -> str:
        prefix = f"{self.between(2, 5)}{self.between(0, 999):03d}"
        return f"({city.ddd}) {prefix}-{self.between(0, 9999):04d}"

    def mobile(self, city: City) -> str:
        return f"({city.ddd}) 9{self.between(6000, 9999)}-{self.between(0, 9999):04d}"

    def person_name(self, female: bool) -> tuple[str, str, str]:
        pools = self.pools
        firsts = pools.female_first if female else pools.male_first
        first = self.pick(firsts)
        if " " not in first and self.rnd() < 0.2:
            second = self.pick(firsts)
            if second != first and " " not in second:
                first = f"{first} {second}"
        last = self.pick(pools.last)
        if self.rnd() < 0.65:
            other = self.pick(pools.last)
            if other != last:
                last = f"{last} {other}"
        return f"{first} {last}", first, last

    def email(self, first: str, last: str) -> str:
        user = ".".join(
            _NOT_EMAIL.sub("", normalize_search(part))
            for part in (first.split()[0], last.split()[-1])
        )
        if self.rnd() < 0.5:
            user += str(self.between(1, 99))
        return f"{user}@{self.pick(EMAIL_DOMAINS)}"

    def company(self, city: City, name: str | None) -> _Identity:
        pattern, family = self.pick(RAMOS), self.pick(self.pools.last).split()[-1]
        nome = name or f"{pattern.format(f=family)} {self.pick(COMPANY_SUFFIXES)}"
        words = [w for w in normalize_search(nome).split() if w not in ("ltda", "me", "&")]
        slug = _NOT_EMAIL.sub("", "".join(words[:2]))
        limite = self.pick((5_000, 10_000, 20_000, 30_000, 50_000)) * 100
        return _Identity(
            nome,
            random_cnpj(self.rng),
            None,
            None,
            None,
            f"contato@{slug}.com.br",
            self.landline(city),
            limite,
        )

    def person(self, city: City, name: str | None, female: bool | None) -> _Identity:
        female = self.rnd() < 0.52 if female is None else female
        generated, first, last = self.person_name(female)
        if name is not None:
            first, last = name.split()[0], name.split()[-1]
        cpf = random_cpf(self.rng)
        rg = (
            f"{self.between(10, 59)}.{self.between(0, 999):03d}."
            f"{self.between(0, 999):03d}-{self.pick('0123456789X')}"
        )
        birth = self.ref - self.between(18 * 365, 85 * 365)
        civis = ESTADOS_CIVIS_F if female else ESTADOS_CIVIS_M
        civil = civis[self.weighted(self.civil_cum)]
        email = self.email(first, last) if self.rnd() < 0.8 else None
        limite = self.pick((500, 800, 1_000, 1_500, 2_000, 3_000, 5_000, 8_000)) * 100
        return _Identity(name or generated, cpf, rg, birth, civil, email, self.mobile(city), limite)

    def cliente_row(
        self,
        cid: int,
        code: str,
        *,
        company: bool,
        since: int,
        name: str | None = None,
        female: bool | None = None,
    ) -> None:
        city = CITIES[self.weighted(self.cities_cum)]
        cep = f"{self.between(city.cep_first, city.cep_last):05d}{self.between(0, 999):03d}"
        who = self.company(city, name) if company else self.person(city, name, female)
        d = self.w.date
        self.w.rows["cliente"].append(
            (
                cid,
                code,
                who.nome,
                normalize_search(who.nome),
                who.documento,
                who.rg,
                d[who.nascimento],
                who.estado_civil,
                who.email,
                who.telefone,
                self.address(),
                self.pick(self.pools.bairros),
                city.nome,
                city.uf,
                cep,
                self.w.money(who.limite),
                d[since],
            )
        )

    # sales and títulos --------------------------------------------------------------

    def venda(
        self,
        cid: int,
        day: int,
        empresa: _Empresa,
        n_items: int,
        *,
        cancelled: bool = False,
        produto: _Produto | None = None,
    ) -> _Venda:
        vid = next(self.venda_ids)
        code = f"V{next(self.venda_seq):07d}"
        d, m, q = self.w.date, self.w.money, self.w.quantity
        rnd, items, produtos = self.rnd, self.w.rows["venda_item"], empresa.produtos
        situacao = "cancelada" if cancelled else "concluida"
        vendedor = self.pick(self.pools.staff)
        self.w.rows["venda"].append((vid, code, empresa.id, cid, d[day], vendedor, situacao))
        # prices were ~5% a year lower in the past
        age_factor = 36_500 - 5 * (self.ref - day)
        total, top = 0, None
        for item in range(1, n_items + 1):
            p = produtos[int(rnd() * len(produtos))]
            if item == 1 and produto is not None:
                p = produto
            if p.unidade == "KG":
                milli = (10 + int(rnd() * 490)) * 50
            elif p.unidade == "M":
                milli = (1 + int(rnd() * 60)) * 500
            else:
                milli = (1 + int(rnd() ** 4 * p.lot)) * 1000
            unit = p.price * age_factor // 36_500
            gross = (milli * unit + 500) // 1000
            discount = gross * (3 + int(rnd() * 8)) // 100 if rnd() < 0.15 else 0
            valor = gross - discount
            total += valor
            if top is None or p.price > top.price:
                top = p
            items.append(
                (
                    next(self.item_ids),
                    vid,
                    cid,
                    d[day],
                    item,
                    p.id,
                    q(milli),
                    m(unit),
                    m(discount),
                    m(valor),
                )
            )
        assert top is not None
        return _Venda(vid, code, day, empresa.id, total, top, cancelled)

    def parcelas(self, v: _Venda, n: int, forma: str) -> list[_T]:
        doc = f"NF-{next(self.nf[v.empresa])}" if self.rnd() < 0.7 else v.code
        base = v.total // n
        out = []
        for k in range(1, n + 1):
            valor = v.total - base * (n - 1) if k == 1 else base
            t = _T(
                next(self.titulo_ids),
                v.empresa,
                v.id,
                doc,
                k,
                v.day,
                _plus_months(v.day, k),
                valor,
                forma,
            )
            if v.cancelled:
                t.cancel = min(self.ref, v.day + self.between(0, 3))
                t.motivo = "venda cancelada"
            out.append(t)
        return out

    def pay_delay(self, profile: int) -> int:
        r = self.rnd()
        if profile == GOOD:
            return -self.between(0, 5) if r < 0.85 else self.between(1, 10)
        if r < 0.45:
            return self.between(-2, 3)
        if r < 0.85:
            return self.between(4, 40)
        return self.between(41, 150)

    def partial(self, t: _T, low: int, high: int) -> None:
        """A payment of part of ``t`` dated in [low, high] (within emissão..reference)."""
        low, high = max(low, t.emissao), min(high, self.ref)
        if high < low:
            return
        value = t.valor * self.between(20, 70) // 100
        if value > 0:
            t.recebs.append((self.between(low, high), value, RECEBIMENTO_FORMA[t.forma]))

    def settle(self, t: _T, profile: int, stops_paying: int) -> None:
        """Payments, cobrança and negativação of ``t`` as they happened up to the reference."""
        if t.cancel is not None:
            return
        rnd, today = self.rnd, self.ref
        if rnd() < 0.012:
            t.cancel = min(today, t.emissao + self.between(1, 20))
            t.motivo = self.pick(MOTIVOS_CANCELAMENTO)
            return
        vr = self.vreal[t.venc]
        if t.forma == "cartao":  # the card operator always pays
            if vr <= today:
                t.recebs.append((vr, t.valor, "cartao"))
            return
        pay: int | None
        if profile == BAD and vr >= stops_paying:
            pay = None
        elif rnd() < 0.02:  # paid in advance
            pay = self.between(t.emissao, vr)
        else:
            pay = max(t.emissao, vr + self.pay_delay(profile))
        forma = RECEBIMENTO_FORMA[t.forma]
        if pay is not None and pay <= today:
            if pay - t.emissao > 2 and rnd() < 0.07:
                first = self.between(t.emissao + 1, pay - 1)
                part = t.valor * self.between(30, 70) // 100
                t.recebs.append((first, part, forma))
                t.recebs.append((pay, t.valor - part, forma))
            else:
                t.recebs.append((pay, t.valor, forma))
            if pay - vr > 30 and rnd() < 0.5:
                t.cob = vr + self.between(20, 29)
            return
        if vr < today:
            late = today - vr
            if rnd() < 0.2:
                self.partial(t, vr - 5, today)
            if late > 30 and rnd() < 0.6:
                t.cob = vr + self.between(20, 30)
            if late > 60 and rnd() < 0.5:
                t.neg = vr + self.between(45, 60)
        elif rnd() < 0.04:
            self.partial(t, t.emissao, today)

    # acordos -----------------------------------------------------------------------

    def acordo(
        self,
        c: _Customer,
        empresa: _Empresa,
        chosen: list[_T],
        day: int,
        *,
        desconto_pct: int,
        entrada_pct: int,
        n: int,
        taxa: Decimal,
    ) -> _Acordo | None:
        """Renegotiate ``chosen`` (open and overdue on ``day``) as the app would."""
        as_of = date.fromordinal(day)
        positions = []
        for t in chosen:
            facts = TituloFacts(
                valor=_dec(t.valor),
                emissao=date.fromordinal(t.emissao),
                vencimento=date.fromordinal(t.venc),
                received=_dec(t.received(day)),
                negativado_em=_day(t.neg if t.neg is not None and t.neg <= day else None),
                cobranca_em=_day(t.cob if t.cob is not None and t.cob <= day else None),
            )
            now = position(facts, as_of, empresa.rates)
            if now is None or not now.is_open:
                return None
            positions.append(now)
        first_due = add_months(as_of, 1)
        desconto = Decimal(desconto_pct) if desconto_pct else None
        try:
            plan = plan_acordo(
                positions=positions,
                as_of=as_of,
                desconto_percentual=desconto,
                n=n,
                first_due=first_due,
                rate_percent_monthly=taxa,
            )
            if entrada_pct:
                entrada = Decimal(int(plan.total_negociado * entrada_pct / 100))
                plan = plan_acordo(
                    positions=positions,
                    as_of=as_of,
                    desconto_percentual=desconto,
                    entrada=entrada,
                    entrada_data=as_of,
                    n=n,
                    first_due=first_due,
                    rate_percent_monthly=taxa,
                )
        except AcordoInvalido:
            return None
        numero = next(self.acordo_numero[empresa.id])
        aid = next(self.acordo_ids)
        doc = f"ACD-{numero}"
        parcelas = []
        for p in plan.parcelas:
            t = _T(
                next(self.titulo_ids),
                empresa.id,
                None,
                doc,
                p.numero,
                day,
                p.vencimento.toordinal(),
                _cents(p.valor),
                "boleto",
            )
            t.origem = aid
            parcelas.append(t)
        for t in chosen:
            t.cancel, t.motivo, t.reneg = day, f"renegociado no acordo {numero}", aid
            if t.neg is not None and t.neg > day:
                t.neg = None
            if t.cob is not None and t.cob > day:
                t.cob = None
        c.titulos.extend(parcelas)
        entrada = None
        if plan.entrada > 0 and plan.entrada_data is not None:
            due = plan.entrada_data.toordinal()
            entrada = _T(
                next(self.titulo_ids),
                empresa.id,
                None,
                doc,
                0,
                day,
                due,
                _cents(plan.entrada),
                "dinheiro",
            )
            entrada.origem = aid
            c.titulos.append(entrada)
        return _Acordo(
            aid,
            numero,
            empresa,
            c.id,
            day,
            plan,
            self.pick(self.pools.staff),
            parcelas,
            list(chosen),
            entrada,
        )

    def quebra(self, a: _Acordo, day: int) -> None:
        """The acordo is broken on ``day``: parcelas cancelled, originals open again."""
        a.situacao, a.cancelado_em, a.motivo = "quebrado", day, self.pick(MOTIVOS_QUEBRA)
        for t in a.parcelas + ([a.entrada] if a.entrada else []):
            t.cancel, t.motivo = day, f"quebra do acordo {a.numero}"
        for t in a.originais:
            t.cancel = t.motivo = t.reneg = None

    def write_acordo(self, a: _Acordo) -> None:
        d, m, plan = self.w.date, self.w.money, a.plan
        self.w.rows["acordo"].append(
            (
                a.id,
                a.empresa.id,
                a.numero,
                a.cliente,
                d[a.day],
                m(_cents(plan.principal)),
                m(_cents(plan.multa)),
                m(_cents(plan.juros)),
                m(_cents(plan.desconto)),
                m(_cents(plan.total_negociado)),
                m(_cents(plan.entrada)),
                d[plan.entrada_data.toordinal() if plan.entrada_data else None],
                len(plan.parcelas),
                self.w.rate(int(plan.taxa.scaleb(4))),
                a.operador,
                a.observacao,
                a.situacao,
                d[a.cancelado_em],
                a.motivo,
            )
        )

    def maybe_acordo(self, c: _Customer) -> None:
        """A customer renegotiates 2-5 títulos of one empresa still owed and overdue."""
        rnd, today, vreal = self.rnd, self.ref, self.vreal
        groups: dict[int, list[_T]] = {}
        for t in c.titulos:
            if t.cancel is None and vreal[t.venc] < today - 5 and t.received(today) < t.valor:
                groups.setdefault(t.empresa, []).append(t)
        owed = max(groups.values(), key=len, default=[])
        if len(owed) < 2:
            return
        # a day on which at least two of them were overdue and none was paid after it
        second = sorted(vreal[t.venc] for t in owed)[1]
        day = self.between(second + 1, today - 5)
        candidates = [
            t
            for t in owed
            if vreal[t.venc] < day and t.emissao <= day and all(r[0] <= day for r in t.recebs)
        ]
        if len(candidates) < 2:
            return
        chosen = sorted(
            self.rng.sample(candidates, min(len(candidates), self.between(2, 5))),
            key=lambda t: t.id,
        )
        empresa = next(e for e in self.empresas if e.id == chosen[0].empresa)
        a = self.acordo(
            c,
            empresa,
            chosen,
            day,
            desconto_pct=self.pick((0, 0, 30, 50, 100)),
            entrada_pct=self.pick((0, 0, 10, 20, 30)),
            n=self.between(2, 12),
            taxa=Decimal("1.99") if rnd() < 0.2 else Decimal(0),
        )
        if a is None:
            return
        first_due = self.vreal[a.parcelas[0].venc]
        broken = first_due + self.between(30, 45)
        if broken <= today and rnd() < QUEBRA_CHANCE:
            self.quebra(a, broken)
        else:
            if a.entrada is not None:  # paid at the counter when signing
                a.entrada.recebs.append((a.entrada.venc, a.entrada.valor, "dinheiro"))
            paying = True
            for t in a.parcelas:
                vr = self.vreal[t.venc]
                paying = paying and rnd() >= 0.12
                if not paying or vr > today:
                    break
                t.recebs.append((min(today, max(day, vr + self.between(-3, 4))), t.valor, "boleto"))
        self.write_acordo(a)

    # programações ------------------------------------------------------------------

    def programacao(
        self,
        empresa: int,
        cid: int,
        day: int,
        tipo: str,
        descricao: str,
        *,
        hora: int | None = _ANY_HOUR,
        situacao: str | None = None,
    ) -> None:
        """One event; ``hora`` in minutes after midnight (_ANY_HOUR: drawn, sometimes none)."""
        if situacao is None:
            if day > self.ref:
                situacao = "pendente"
            else:
                r = self.rnd()
                situacao = "realizada" if r < 0.78 else "cancelada" if r < 0.9 else "pendente"
        if hora == _ANY_HOUR:
            day = self.vreal[day]  # drawn events fall on business days
            hora = self.between(16, 35) * 30 if self.rnd() < 0.85 else None
        self.w.rows["programacao"].append(
            (
                next(self.prog_ids),
                empresa,
                cid,
                self.w.date[day],
                self.w.time[hora],
                tipo,
                descricao,
                self.pick(self.pools.staff),
                situacao,
                1,
            )
        )

    def programacoes(self, c: _Customer, vendas: list[_Venda], titulos: list[_T]) -> None:
        rnd, today = self.rnd, self.ref
        for v in vendas:
            if v.produto.big and not v.cancelled and rnd() < 0.35:
                self.programacao(
                    v.empresa,
                    c.id,
                    v.day + self.between(1, 7),
                    "entrega",
                    f"Entrega do pedido {v.code}",
                )
            elif rnd() < 0.03:
                visita = "montagem" if v.produto.line == "moveis" else self.pick(VISITAS)
                self.programacao(
                    v.empresa,
                    c.id,
                    v.day + self.between(3, 20),
                    "visita_tecnica",
                    f"Visita técnica: {visita} de {v.produto.descricao}",
                )
            elif rnd() < 0.06:
                self.programacao(
                    v.empresa,
                    c.id,
                    v.day + self.between(10, 20),
                    "ligacao",
                    f"Ligar para pesquisa de satisfação do pedido {v.code}",
                )
        for t in titulos:
            if t.cancel is not None or t.received(today) >= t.valor:
                continue
            vr = self.vreal[t.venc]
            if vr < today and rnd() < 0.15:
                self.programacao(
                    t.empresa,
                    c.id,
                    vr + self.between(3, 40),
                    "cobranca",
                    f"Cobrar a parcela {t.parcela} do título {t.doc}, vencida em "
                    f"{format_date(date.fromordinal(t.venc))}",
                )
            elif vr >= today and rnd() < 0.06:
                self.programacao(
                    t.empresa,
                    c.id,
                    t.venc - self.between(1, 3),
                    "ligacao",
                    f"Ligar para confirmar pagamento da parcela {t.parcela} do título {t.doc}",
                )
        if vendas and rnd() < 0.2:
            self.programacao(
                c.home.id, c.id, today + self.between(-300, 30), "outro", self.pick(OUTROS)
            )

    # writing a customer's títulos ---------------------------------------------------

    def write_titulos(self, cid: int, titulos: list[_T]) -> None:
        d, m = self.w.date, self.w.money
        rows, recebs, receb_ids = self.w.rows["titulo"], self.w.rows["recebimento"], self.receb_ids
        for t in titulos:
            rows.append(
                (
                    t.id,
                    t.empresa,
                    cid,
                    t.venda,
                    t.doc,
                    t.parcela,
                    d[t.emissao],
                    d[t.venc],
                    m(t.valor),
                    t.forma,
                    d[t.cancel],
                    t.motivo,
                    d[t.neg],
                    d[t.cob],
                    t.origem,
                    t.reneg,
                    1,
                )
            )
            for day, value, forma in t.recebs:
                recebs.append((next(receb_ids), t.id, d[day], m(value), forma))

    # customers ---------------------------------------------------------------------

    def new_customer(self, company: bool) -> _Customer:
        today = self.ref
        if self.rnd() < 0.75:
            since = today - 365 * YEARS_OF_HISTORY - self.between(0, 3650)
        else:
            since = today - self.between(30, 365 * YEARS_OF_HISTORY)
        return _Customer(
            id=next(self.cliente_ids),
            home=self.pick(self.empresas),
            since=since,
            profile=self.weighted(self.profile_cum),
            stops_paying=today - self.between(0, 700),
        )

    def financing(self) -> tuple[int, str]:
        """(parcelas, forma) of a financed sale."""
        n = 1 + self.weighted(self.parcelas_cum)
        names, cum = self.formas_one if n == 1 else self.formas_many
        return n, names[self.weighted(cum)]

    def random_customer(self, index: int) -> None:
        rnd, today = self.rnd, self.ref
        company = rnd() < COMPANY_SHARE
        c = self.new_customer(company)
        self.cliente_row(c.id, f"C{index:06d}", company=company, since=c.since)
        if rnd() < INACTIVE_SHARE:
            return
        start = max(c.since, today - 365 * YEARS_OF_HISTORY)
        span = today - start
        n_vendas = max(
            1, round(self.rng.expovariate(1 / MEAN_VENDAS) * span / (365 * YEARS_OF_HISTORY) + 0.5)
        )
        days = sorted(start + int(rnd() * (span + 1)) for _ in range(n_vendas))
        for day in days:
            empresa = c.home if rnd() < 0.75 else self.pick(self.empresas)
            v = self.venda(
                c.id, day, empresa, self.between(1, 5), cancelled=rnd() < CANCELLED_SALE_SHARE
            )
            c.vendas.append(v)
            if rnd() < COUNTER_SALE_SHARE and not v.cancelled:
                continue
            n, forma = self.financing()
            c.titulos.extend(self.parcelas(v, n, forma))
        for t in c.titulos:
            self.settle(t, c.profile, c.stops_paying)
        originais = len(c.titulos)
        if c.profile == BAD and rnd() < ACORDO_CHANCE:
            self.maybe_acordo(c)
        self.programacoes(c, c.vendas, c.titulos[:originais])
        self.write_titulos(c.id, c.titulos)

    def whale(self, k: int) -> None:
        """W000001: exactly ``k`` títulos and ``2k`` sale items over three years."""
        stage = "Cliente grande (W000001)"
        start = self.ref - 365 * YEARS_OF_HISTORY
        c = self.new_customer(True)
        c.profile, c.since = LATE, min(c.since, start - 30)
        self.cliente_row(
            c.id, "W000001", company=True, since=c.since, name="Distribuidora Baleia Ltda"
        )
        n_vendas = min(k, -(-2 * k // 3))
        items = self.composition(2 * k, n_vendas, 5)
        parcelas = self.composition(k, n_vendas, 6)
        days = sorted(self.between(start, self.ref) for _ in range(n_vendas))
        done, chunk = 0, 1000
        for first in range(0, n_vendas, chunk):
            vendas, titulos = [], []
            for j in range(first, min(first + chunk, n_vendas)):
                empresa = c.home if self.rnd() < 0.6 else self.pick(self.empresas)
                v = self.venda(
                    c.id, days[j], empresa, items[j], cancelled=self.rnd() < CANCELLED_SALE_SHARE
                )
                vendas.append(v)
                forma = self.pick(("boleto", "boleto", "boleto", "cheque", "pix"))
                titulos.extend(self.parcelas(v, parcelas[j], forma))
            for t in titulos:
                self.settle(t, c.profile, c.stops_paying)
            self.programacoes(c, vendas, titulos)
            self.write_titulos(c.id, titulos)
            done += len(titulos)
            self.maybe_flush(stage, done, k)
        self.w.flush()
        self.report(stage, k, k)

    def composition(self, total: int, parts: int, most: int) -> list[int]:
        """``parts`` random integers in 1..most summing to ``total``."""
        counts = [1] * parts
        rest = total - parts
        while rest:
            i = int(self.rnd() * parts)
            if counts[i] < most:
                counts[i] += 1
                rest -= 1
        return counts

    # C000001 -----------------------------------------------------------------------

    def showcase(self) -> None:
        """C000001: every status twice or more, an acordo, programações (module docstring)."""
        today = self.ref
        e1, e2, e3 = self.empresas[0], self.empresas[1], self.empresas[2]
        c = _Customer(next(self.cliente_ids), e1, today - 6 * 365, GOOD, today)
        self.cliente_row(
            c.id,
            "C000001",
            company=False,
            since=c.since,
            name="Maria Aparecida de Souza",
            female=True,
        )

        def sale(
            empresa: _Empresa,
            day: int,
            n_items: int,
            n: int,
            forma: str,
            cancelled: bool = False,
            produto: _Produto | None = None,
        ) -> list[_T]:
            v = self.venda(c.id, day, empresa, n_items, cancelled=cancelled, produto=produto)
            c.vendas.append(v)
            titulos = self.parcelas(v, n, forma) if n else []
            c.titulos.extend(titulos)
            return titulos

        def paid(t: _T, delay: int) -> None:
            t.recebs.append(
                (max(t.emissao, self.vreal[t.venc] + delay), t.valor, RECEBIMENTO_FORMA[t.forma])
            )

        a = sale(e1, today - 400, 3, 3, "boleto")
        paid(a[0], -2)
        part = a[1].valor * 40 // 100
        a[1].recebs += [
            (a[1].venc - 20, part, "boleto"),
            (self.vreal[a[1].venc] + 3, a[1].valor - part, "boleto"),
        ]
        paid(a[2], 0)
        old = sale(e1, today - 260, 2, 3, "boleto")
        old[0].cob = old[0].venc + 25
        sale(e2, today - 200, 2, 2, "carne", cancelled=True)
        for t in sale(e1, today - 135, 2, 2, "boleto"):
            t.cob, t.neg = t.venc + 20, t.venc + 45
        cobranca = sale(e2, _plus_months(today, -3) - 12, 3, 3, "carne")
        for t in cobranca[:2]:
            t.cob = t.venc + 20
        cobranca[2].recebs.append((today - 8, cobranca[2].valor * 30 // 100, "dinheiro"))
        recent = sale(e1, today - 40, 4, 4, "carne")
        recent[1].recebs.append((today - 3, recent[1].valor // 2, "pix"))
        sale(e3, today - 20, 2, 0, "")
        geladeira = next(p for p in e1.produtos if p.descricao.startswith("Geladeira"))
        sale(e1, today - 2, 1, 1, "boleto", produto=geladeira)

        acordo = self.acordo(
            c, e1, old, today - 75, desconto_pct=50, entrada_pct=20, n=4, taxa=Decimal(0)
        )
        assert acordo is not None
        acordo.observacao = "Cliente pediu para pagar a entrada em dinheiro na loja."
        if acordo.entrada is not None:
            acordo.entrada.recebs.append((acordo.entrada.venc, acordo.entrada.valor, "dinheiro"))
        paid(acordo.parcelas[0], -1)
        paid(acordo.parcelas[1], 0)
        self.write_acordo(acordo)

        va, vc, vh = c.vendas[0], c.vendas[1], c.vendas[-1]
        acd, montagem = acordo.numero, "montagem" if vc.produto.line == "moveis" else "instalação"
        eventos = (  # empresa, day, tipo, descrição, hora (minutes), situação
            (e1, va.day + 3, "entrega", f"Entrega do pedido {va.code}", 600, "realizada"),
            (e1, today - 150, "visita_tecnica",
             f"Visita técnica: {montagem} de {vc.produto.descricao}", 840, "cancelada"),
            (e2, today - 5, "cobranca",
             f"Cobrar as parcelas 1 e 2 do título {cobranca[0].doc}, em cobrança", 840,
             "pendente"),
            (e1, today - 2, "ligacao",
             f"Ligar para confirmar pagamento da parcela 1 do título {recent[0].doc}", None,
             "pendente"),
            (e1, today + 3, "entrega", f"Entrega do pedido {vh.code}", 540, "pendente"),
            (e1, today + 12, "ligacao",
             f"Ligar para lembrar do vencimento da parcela 3 do acordo {acd}", 990, "pendente"),
            (e1, today + 20, "visita_tecnica",
             f"Visita técnica: instalação de {geladeira.descricao}", None, "pendente"),
        )  # fmt: skip
        for empresa, day, tipo, descricao, hora, situacao in eventos:
            self.programacao(empresa.id, c.id, day, tipo, descricao, hora=hora, situacao=situacao)
        self.write_titulos(c.id, c.titulos)
