"""The benchmark's databases: built once with the project's generator, then reused.

A database is keyed by its parameters (customers, whale, acordo share, seed): the
SQLite file ``<cache>/demo-<key>.db`` or the PostgreSQL database ``hcbench_<key>``,
with ``<cache>/demo-<key>.<db>.json`` beside it holding what was learned when it was
built (the reference day of the data, the row counts, how long generation took, the
subjects and the acordo to print). A cached database whose schema is older than the
program's is migrated in place (``app.db.migrate.upgrade``), as a deployment would.
"""

from __future__ import annotations

import inspect
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.db import acordo_ops
from app.db.demo import generate
from app.db.engine import Database, connect_engine, open_database
from app.db.migrate import schema_state, upgrade
from app.db.schema import Acordo, Cliente, Recebimento, Titulo

WHALE_CODE = "W000001"
ACORDO_SHARE = 0.25  # ~50,000 acordos for 200,000 customers (the default scale)
PDF_TITULOS, PDF_PARCELAS = 10, 12
PG_PREFIX = "hcbench_"


@dataclass(frozen=True)
class Scale:
    customers: int
    whale: int
    seed: int = 42
    titulos: int | None = None  # informational: the generator makes ~10 per customer

    @property
    def key(self) -> str:
        return f"c{self.customers}-w{self.whale}-a{int(ACORDO_SHARE * 100)}-s{self.seed}"


@dataclass
class Prepared:
    """An open benchmark database and what is known about it."""

    kind: str  # sqlite | postgresql
    url: str
    database: Database
    meta: dict[str, Any] = field(default_factory=dict)
    built_now: bool = False

    @property
    def reference(self) -> date:
        return date.fromisoformat(self.meta["reference"])

    @property
    def sqlite_path(self) -> Path | None:
        return Path(str(make_url(self.url).database)) if self.kind == "sqlite" else None

    @property
    def dsn(self) -> str:
        """The libpq connection string of a PostgreSQL database (no driver suffix)."""
        return make_url(self.url).set(drivername="postgresql").render_as_string(False)


Log = Callable[[str], None]


def supports_acordo_share() -> bool:
    return "acordo_share" in inspect.signature(generate).parameters


def generate_into(
    database: Database, customers: int, whale: int, seed: int, reference: date
) -> tuple[Any, float]:
    """Run the project's generator; (its DemoStats, seconds)."""
    extra = {"acordo_share": ACORDO_SHARE} if supports_acordo_share() else {}
    start = time.perf_counter()
    stats = generate(
        database, seed=seed, customers=customers, whale=whale, reference=reference, **extra
    )
    return stats, time.perf_counter() - start


# --- PostgreSQL administration ------------------------------------------------------------


def _pg_admin(server: str) -> Any:
    import psycopg

    dsn = make_url(server).set(drivername="postgresql", database="postgres")
    return psycopg.connect(dsn.render_as_string(False), autocommit=True)


def pg_exists(server: str, name: str) -> bool:
    with _pg_admin(server) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            is not None
        )


def pg_create(server: str, name: str) -> None:
    assert name.startswith(PG_PREFIX) and name.replace("_", "").isalnum()
    with _pg_admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def pg_drop(server: str, name: str) -> None:
    assert name.startswith(PG_PREFIX) and name.replace("_", "").isalnum()
    with _pg_admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_url(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(False)


# --- fresh, empty, migrated databases (for the throughput measurements) --------------------


def fresh_database(kind: str, name: str, cache_dir: Path, pg_server: str) -> tuple[str, Database]:
    """An empty database at the newest schema; (url, Database). Replaces an older one."""
    if kind == "sqlite":
        path = cache_dir / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        pg_create(pg_server, PG_PREFIX + name.replace("-", "_"))
        url = pg_url(pg_server, PG_PREFIX + name.replace("-", "_"))
    return url, open_database(url, create=True, auto_upgrade=True)


def drop_fresh(kind: str, name: str, cache_dir: Path, pg_server: str) -> None:
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{cache_dir / name}.db{suffix}").unlink(missing_ok=True)
    else:
        pg_drop(pg_server, PG_PREFIX + name.replace("-", "_"))


# --- the cached benchmark database ---------------------------------------------------------


def prepare(
    kind: str, scale: Scale, cache_dir: Path, pg_server: str, *, rebuild: bool, log: Log
) -> Prepared:
    """The benchmark database at ``scale``: reused from the cache, else built now."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    meta_path = cache_dir / f"demo-{scale.key}.{kind}.json"
    if kind == "sqlite":
        path = cache_dir / f"demo-{scale.key}.db"
        url = f"sqlite:///{path}"
        present = path.exists() and meta_path.exists()
    else:
        name = PG_PREFIX + scale.key.replace("-", "_")
        url = pg_url(pg_server, name)
        present = meta_path.exists() and pg_exists(pg_server, name)
    if present and not rebuild:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("complete"):
            database = _open_current(url, log)
            prepared = Prepared(kind, url, database, meta)
            _complete_meta(prepared, meta_path, log)
            return prepared
    prepared = _build(kind, url, scale, cache_dir, pg_server, log)
    _complete_meta(prepared, meta_path, log)
    return prepared


def _open_current(url: str, log: Log) -> Database:
    engine, _path = connect_engine(url)
    try:
        state = schema_state(engine)
        if not state.up_to_date:
            log(f"migrating the cached database from {state.current} to {state.head}")
            upgrade(engine)
    finally:
        engine.dispose()
    return open_database(url)


def _build(
    kind: str, url: str, scale: Scale, cache_dir: Path, pg_server: str, log: Log
) -> Prepared:
    reference = date.today()
    if kind == "sqlite":
        path = Path(str(make_url(url).database))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        pg_create(pg_server, str(make_url(url).database))
    database = open_database(url, create=True, auto_upgrade=True)
    share = f", acordo_share={ACORDO_SHARE}" if supports_acordo_share() else ""
    log(
        f"building the {kind} demo database: customers={scale.customers}, "
        f"whale={scale.whale}{share} (this takes a while)"
    )
    stats, seconds = generate_into(database, scale.customers, scale.whale, scale.seed, reference)
    counts = stats.as_dict()
    log(f"built in {seconds:.0f} s: {counts}")
    # the demo VACUUMs (ANALYZE) what it filled on PostgreSQL (app.db.bulk_load.vacuum):
    # plans do not depend on when autovacuum gets to it
    meta = {
        "reference": reference.isoformat(),
        "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "build_s": round(seconds, 2),
        "counts": counts,
        "generation_titulos_per_s": round(counts["titulos"] / seconds, 1),
        "acordo_share": ACORDO_SHARE if supports_acordo_share() else None,
    }
    return Prepared(kind, url, database, meta, built_now=True)


def _complete_meta(prepared: Prepared, meta_path: Path, log: Log) -> None:
    """Subjects and the acordo to print, found (or made) once and remembered."""
    meta = prepared.meta
    changed = False
    if "subjects" not in meta:
        meta["subjects"] = pick_subjects(prepared.database)
        changed = True
    if "acordo_id" not in meta:
        meta["acordo_id"], meta["acordo_note"] = ensure_agreement(
            prepared.database, prepared.reference, log
        )
        changed = True
    if "titulos" not in meta or changed:
        with prepared.database.session() as session:
            meta["titulos"] = session.scalar(select(func.count(Titulo.id)))
            meta["clientes"] = session.scalar(select(func.count(Cliente.id)))
            meta["acordos"] = session.scalar(select(func.count(Acordo.id)))
        changed = True
    meta["complete"] = True
    if changed or prepared.built_now:
        meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")


def pick_subjects(database: Database) -> dict[str, Any]:
    """The whale, the customer with the median título count (deterministic: by count, then
    code), and two small "other" customers opened between timed runs."""
    with database.session() as session:
        counted = session.execute(
            select(Cliente.codigo, func.count(Titulo.id).label("n"))
            .join(Titulo, Titulo.cliente_id == Cliente.id)
            .group_by(Cliente.id, Cliente.codigo)
            .order_by(func.count(Titulo.id), Cliente.codigo)
        ).all()
    regular = [(codigo, n) for codigo, n in counted if codigo != WHALE_CODE]
    if not regular:
        raise RuntimeError("no customer with títulos besides the whale")
    median_code, median_n = regular[len(regular) // 2]
    others = [c for c, _n in regular[len(regular) // 4 :] if c != median_code][:2]
    whale_n = next((n for c, n in counted if c == WHALE_CODE), 0)
    return {
        "whale": {"code": WHALE_CODE, "titulos": whale_n},
        "median": {"code": median_code, "titulos": median_n},
        "others": others or [median_code],
    }


def ensure_agreement(database: Database, reference: date, log: Log) -> tuple[int, str]:
    """An acordo of ~10 títulos and 12 installments: found, else made with create_acordo."""
    with database.session() as session:
        replaced = (
            select(Titulo.renegociado_acordo_id.label("acordo_id"), func.count().label("n"))
            .where(Titulo.renegociado_acordo_id.is_not(None))
            .group_by(Titulo.renegociado_acordo_id)
            .subquery()
        )
        row = session.execute(
            select(Acordo.id, replaced.c.n, Acordo.parcelas)
            .join(replaced, replaced.c.acordo_id == Acordo.id)
            .where(Acordo.parcelas == PDF_PARCELAS, replaced.c.n == PDF_TITULOS)
            .order_by(Acordo.id)
            .limit(1)
        ).first()
    if row is not None:
        return int(row.id), f"existing acordo with {row.n} títulos and {row.parcelas} parcelas"
    log(f"creating an acordo of {PDF_TITULOS} títulos and {PDF_PARCELAS} parcelas to print")
    for cliente_codigo, empresa_codigo, ids in _agreement_candidates(database, reference):
        request = acordo_ops.AcordoRequest(
            cliente_codigo=cliente_codigo,
            empresa_codigo=empresa_codigo,
            titulos=ids[:PDF_TITULOS],
            data=reference,
            parcelas=PDF_PARCELAS,
            first_due=reference + timedelta(days=30),
            operador="benchmark",
            observacao="acordo criado pelo benchmark (benchmarks/build.py)",
        )
        try:
            created = acordo_ops.create_acordo(database, request)
        except Exception as exc:  # noqa: BLE001 - refused (a título not open): try the next
            log(f"  {cliente_codigo}/{empresa_codigo} refused: {exc}")
            continue
        return created.acordo_id, (
            f"created for {cliente_codigo} ({empresa_codigo}) with create_acordo: "
            f"{len(request.titulos)} títulos, {PDF_PARCELAS} parcelas"
        )
    raise RuntimeError("no customer has open títulos in one empresa to renegotiate")


def _agreement_candidates(database: Database, reference: date) -> list[tuple[str, str, list[int]]]:
    """Customers (not the whale first) with at least 10 unpaid, uncancelled títulos in one
    empresa, overdue on ``reference``, none of them an acordo's installment."""
    from app.db.schema import Empresa

    paid = (
        select(Recebimento.titulo_id, func.sum(Recebimento.valor).label("pago"))
        .group_by(Recebimento.titulo_id)
        .subquery()
    )
    with database.session() as session:
        rows = session.execute(
            select(Cliente.codigo, Empresa.codigo, Titulo.id)
            .join(Cliente, Cliente.id == Titulo.cliente_id)
            .join(Empresa, Empresa.id == Titulo.empresa_id)
            .outerjoin(paid, paid.c.titulo_id == Titulo.id)
            .where(
                Titulo.cancelado_em.is_(None),
                Titulo.acordo_origem_id.is_(None),
                Titulo.vencimento < reference,
                Titulo.emissao <= reference,
                paid.c.titulo_id.is_(None),
            )
            .order_by(Cliente.codigo, Empresa.codigo, Titulo.vencimento, Titulo.id)
        ).all()
    groups: dict[tuple[str, str], list[int]] = {}
    for cliente, empresa, titulo_id in rows:
        groups.setdefault((cliente, empresa), []).append(titulo_id)
    # those with PDF_TITULOS first (not the whale first); at a tiny scale, whose data
    # depend on the day, maybe none: then the biggest groups
    fit = [(c, e, ids) for (c, e), ids in groups.items() if len(ids) >= 2]
    fit.sort(
        key=lambda g: (
            len(g[2]) < PDF_TITULOS,
            -min(len(g[2]), PDF_TITULOS),
            g[0] == WHALE_CODE,
            g[0],
            g[1],
        )
    )
    return fit[:20]
