"""From validated CSV columns to the database rows to insert or update, file by file.

A row whose key exists updates that row: the columns present in the file are
set (an empty cell sets the column's default, or empty), the others are kept.
Codes become ids: existing ones, or ids reserved for the rows this import adds.
The files must be planned in FILE_ORDER, since later files refer to earlier ones.

Everything here works on whole columns (lists, one value per row): the rows of a
file become the columns of one INSERT and of one or two UPDATEs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import compress, repeat
from operator import mul, not_, sub
from typing import Any

from sqlalchemy import Connection, Table

from app.db.import_lookup import (
    ACORDO,
    CLIENTE,
    EMPRESA,
    ITEM,
    PRODUTO,
    PROGRAMACAO,
    RECEBIMENTO,
    TITULO,
    VENDA,
    Existing,
)
from app.db.import_specs import ParsedFile, has_none
from app.db.import_write import blank_row, reserve_ids
from app.domain.money import CENT, ZERO
from app.domain.text import normalize_search

__all__ = ["Plan", "Planner"]

IdMap = dict[Any, int]  # a CSV key (code, or tuple of key values) -> database id
ColumnLists = dict[str, list[Any]]  # column name -> its value on each row

# Kept by triggers on recebimento (migration 0003), written only where they are held
# (Planner.writes_totals).
_NOT_WRITTEN = frozenset({"recebido", "ultimo_recebimento"})


@dataclass
class Plan:
    """What to write for one file: the columns of the rows to insert (``id``
    included), and groups of rows to update (``b_id`` + the columns each group sets;
    a group that sets nothing is counted but not written)."""

    table: Table
    inserts: ColumnLists = field(default_factory=dict)
    updates: list[ColumnLists] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0


class Planner:
    """Plans each file of one import; keeps the ids it assigns for the files after it."""

    def __init__(
        self,
        conn: Connection,
        files: dict[str, ParsedFile],
        existing: Existing,
        matches: list[int | None],
    ) -> None:
        self._conn, self._files, self._existing, self._matches = conn, files, existing, matches
        self.empresa_ids: IdMap = dict(existing.empresas)
        self.cliente_ids: IdMap = dict(existing.clientes)
        self._produto_ids: IdMap = dict(existing.produtos)
        self.venda_ids: IdMap = {k: v.id for k, v in existing.vendas.items()}
        self.acordo_ids: IdMap = {k: v.id for k, v in existing.acordos.items()}
        self._titulo_ids: IdMap = {k: v.id for k, v in existing.titulos.items()}
        self._venda_of: dict[str, tuple[int, date]] = {
            code: (ref.cliente_id, ref.data) for code, ref in existing.vendas.items()
        }
        self._acordo_data: dict[Any, date] = {
            key: ref.data for key, ref in existing.acordos.items()
        }
        # a first load with the receipts' trigger held (bulk_load.initial_load): the new
        # títulos carry their received totals, summed from the receipts file
        self.writes_totals = False

    def plan(self, file_name: str) -> Plan:
        parsed = self._files[file_name]
        # methods looked up here, not kept in a table on self: a Planner in a reference
        # cycle would keep every parsed value alive until the next garbage collection
        match file_name:
            case "empresas.csv":
                return self._keyed(parsed, EMPRESA, self.empresa_ids, _direct(parsed, EMPRESA))
            case "clientes.csv":
                return self._keyed(parsed, CLIENTE, self.cliente_ids, _cliente(parsed))
            case "produtos.csv":
                return self._keyed(parsed, PRODUTO, self._produto_ids, _direct(parsed, PRODUTO))
            case "vendas.csv":
                return self._keyed(parsed, VENDA, self.venda_ids, self._venda(parsed))
            case "itens_venda.csv":
                return self._itens(parsed)
            case "acordos.csv":
                return self._keyed(parsed, ACORDO, self.acordo_ids, self._acordo(parsed))
            case "titulos.csv":
                return self._titulos(parsed)
            case "recebimentos.csv":
                return self._recebimentos(parsed)
            case "programacoes.csv":
                return self._programacoes(parsed)
        raise ValueError(f"import: unknown file {file_name}")

    # -- generic ---------------------------------------------------------------------------

    def _keyed(
        self,
        parsed: ParsedFile,
        table: Table,
        ids: IdMap,
        values: ColumnLists,
        only_where: tuple[frozenset[str], list[bool]] | None = None,
        *,
        referred: bool = True,
    ) -> Plan:
        """Rows matched by the file's key: update the existing (in ``ids`` on entry),
        insert the others; ``ids`` receives the ids reserved for them when ``referred``
        (the files after this one may refer to them).

        ``only_where = (names, mask)``: an update sets the columns ``names`` only on
        the rows where ``mask`` is true (elsewhere the file leaves them as they are).
        """
        keys = parsed.keys(parsed.spec.key)
        found = [key in ids for key in keys] if ids else [False] * len(keys)
        if any(found):
            new = list(compress(keys, map(not_, found)))
            reserved = reserve_ids(self._conn, table, len(new))
            fresh = dict(zip(new, reserved, strict=True))
            row_ids = [
                ids[key] if old else fresh[key] for key, old in zip(keys, found, strict=True)
            ]
        else:  # all new (a first import)
            new = keys
            reserved = row_ids = reserve_ids(self._conn, table, len(keys))
        if referred:
            ids.update(zip(new, reserved, strict=True))
        plan = Plan(table, inserted=len(new), updated=len(keys) - len(new))
        if new:
            plan.inserts = _insert_columns(table, {**values, "id": row_ids}, len(keys))
            if plan.updated:
                plan.inserts = _select(plan.inserts, [not old for old in found])
        if plan.updated:
            unchanged = _KEY_COLUMNS[parsed.spec.name]
            changes = {k: v for k, v in values.items() if k not in unchanged}
            changes["b_id"] = row_ids
            if only_where is None:
                plan.updates = [_select(changes, found)]
            else:
                names, mask = only_where
                partial = {k: v for k, v in changes.items() if k not in names}
                plan.updates = [
                    _select(changes, [old and m for old, m in zip(found, mask, strict=True)]),
                    _select(partial, [old and not m for old, m in zip(found, mask, strict=True)]),
                ]
        return plan

    # -- one method per file -----------------------------------------------------------------

    def _venda(self, parsed: ParsedFile) -> ColumnLists:
        values = _direct(parsed, VENDA)
        values["empresa_id"] = list(map(self.empresa_ids.__getitem__, parsed.values["empresa"]))
        values["cliente_id"] = list(map(self.cliente_ids.__getitem__, parsed.values["cliente"]))
        self._venda_of.update(
            zip(
                parsed.values["codigo"],
                zip(values["cliente_id"], parsed.values["data"], strict=True),
                strict=True,
            )
        )
        return values

    def _itens(self, parsed: ParsedFile) -> Plan:
        values = _direct(parsed, ITEM)
        vendas, items = parsed.values["venda"], parsed.values["item"]
        of_venda = list(map(self._venda_of.__getitem__, vendas))
        values["venda_id"] = list(map(self.venda_ids.__getitem__, vendas))
        values["cliente_id"] = [cliente_id for cliente_id, _data in of_venda]
        values["data"] = [data for _cliente_id, data in of_venda]
        values["produto_id"] = list(map(self._produto_ids.__getitem__, parsed.values["produto"]))
        if "desconto" in values:
            descontos = values["desconto"]
        else:  # not in the file: an existing item keeps its discount
            known = self._existing.itens
            descontos = [
                ref.desconto if (ref := known.get(key)) is not None else ZERO
                for key in zip(vendas, items, strict=True)
            ]
        # to_cents(quantidade × valor_unitario − desconto), column by column
        brutos = map(mul, parsed.values["quantidade"], parsed.values["valor_unitario"])
        values["valor_total"] = list(
            map(Decimal.quantize, map(sub, brutos, descontos), repeat(CENT), repeat(ROUND_HALF_UP))
        )
        item_ids: IdMap = {k: ref.id for k, ref in self._existing.itens.items()}
        return self._keyed(parsed, ITEM, item_ids, values, referred=False)

    def _acordo(self, parsed: ParsedFile) -> ColumnLists:
        values = _direct(parsed, ACORDO)
        empresas = parsed.values["empresa"]
        values["empresa_id"] = list(map(self.empresa_ids.__getitem__, empresas))
        values["cliente_id"] = list(map(self.cliente_ids.__getitem__, parsed.values["cliente"]))
        self._acordo_data.update(
            zip(
                zip(empresas, parsed.values["numero"], strict=True),
                parsed.values["data"],
                strict=True,
            )
        )
        return values

    def _titulos(self, parsed: ParsedFile) -> Plan:
        values = _direct(parsed, TITULO)
        empresas = parsed.values["empresa"]
        values["empresa_id"] = list(map(self.empresa_ids.__getitem__, empresas))
        values["cliente_id"] = list(map(self.cliente_ids.__getitem__, parsed.values["cliente"]))
        if "venda" in parsed.values:
            venda_ids = self.venda_ids
            values["venda_id"] = [
                venda_ids[venda] if venda is not None else None for venda in parsed.values["venda"]
            ]
        acordo_ids = self.acordo_ids
        if "acordo_origem" in parsed.values:
            values["acordo_origem_id"] = [
                acordo_ids[(empresa, numero)] if numero is not None else None
                for empresa, numero in zip(empresas, parsed.values["acordo_origem"], strict=True)
            ]
        only_where = None
        if "renegociado_no_acordo" in parsed.values:
            numeros = parsed.values["renegociado_no_acordo"]
            values["renegociado_acordo_id"] = [
                acordo_ids[(empresa, numero)] if numero is not None else None
                for empresa, numero in zip(empresas, numeros, strict=True)
            ]
            replaced = [numero is not None for numero in numeros]
            if any(replaced):
                # a título replaced by an acordo is cancelled on its date, unless the file
                # says otherwise; where the file has no such column, only those rows set it
                acordo_data = self._acordo_data
                cancelado = values.get("cancelado_em", [None] * len(numeros))
                values["cancelado_em"] = [
                    acordo_data[(empresa, numero)] if numero is not None and day is None else day
                    for empresa, numero, day in zip(empresas, numeros, cancelado, strict=True)
                ]
                motivo = values.get("motivo_cancelamento", [None] * len(numeros))
                values["motivo_cancelamento"] = [
                    f"renegociado no acordo {numero}"
                    if numero is not None and text is None
                    else text
                    for numero, text in zip(numeros, motivo, strict=True)
                ]
                absent = frozenset({"cancelado_em", "motivo_cancelamento"} - parsed.columns)
                if absent:
                    only_where = (absent, replaced)
        if self.writes_totals:
            values.update(self._received(parsed))
        return self._keyed(parsed, TITULO, self._titulo_ids, values, only_where)

    def _received(self, parsed: ParsedFile) -> ColumnLists:
        """Each título's received total and last receipt as the receipts' trigger would
        write them (sum of the valores, latest data), from the receipts file alone: only
        for a load into empty tables, where every receipt is in it."""
        if self._existing.titulos:
            raise RuntimeError("import: received totals written over existing títulos")
        totals: dict[Any, list[Any]] = {}
        receipts = self._files.get("recebimentos.csv")
        if receipts is not None:
            rows = zip(
                receipts.keys(("empresa", "numero_documento", "parcela")),
                receipts.values["valor"],
                receipts.values["data"],
                strict=True,
            )
            for key, valor, data in rows:
                total = totals.get(key)
                if total is None:
                    totals[key] = [valor, data]
                else:
                    total[0] += valor
                    total[1] = max(total[1], data)
        keys = parsed.keys(parsed.spec.key)
        found = [totals.get(key, (ZERO, None)) for key in keys]
        return {
            "recebido": [total for total, _last in found],
            "ultimo_recebimento": [last for _total, last in found],
        }

    def _recebimentos(self, parsed: ParsedFile) -> Plan:
        values = _direct(parsed, RECEBIMENTO)
        matches = self._matches
        new = [match is None for match in matches]
        plan = Plan(RECEBIMENTO, inserted=sum(new), updated=len(matches) - sum(new))
        if plan.inserted:
            titulo_ids = self._titulo_ids
            keys = zip(
                parsed.values["empresa"],
                parsed.values["numero_documento"],
                parsed.values["parcela"],
                strict=True,
            )
            inserts = _select(values, new)
            inserts["titulo_id"] = [titulo_ids[key] for key in compress(keys, new)]
            inserts["id"] = reserve_ids(self._conn, RECEBIMENTO, plan.inserted)
            plan.inserts = _insert_columns(RECEBIMENTO, inserts, plan.inserted)
        if plan.updated:  # the same recebimento: only its forma_pagamento may change
            changes: ColumnLists = {"b_id": matches}
            if "forma_pagamento" in values:
                changes["forma_pagamento"] = values["forma_pagamento"]
            plan.updates = [_select(changes, [match is not None for match in matches])]
        return plan

    def _programacoes(self, parsed: ParsedFile) -> Plan:
        values = _direct(parsed, PROGRAMACAO)
        values["empresa_id"] = list(map(self.empresa_ids.__getitem__, parsed.values["empresa"]))
        values["cliente_id"] = list(map(self.cliente_ids.__getitem__, parsed.values["cliente"]))
        when = parsed.values["data_programacao"]
        values["data"] = [data for data, _hora in when]
        values["hora"] = [hora for _data, hora in when]
        ids: IdMap = dict(self._existing.programacoes)
        return self._keyed(parsed, PROGRAMACAO, ids, values, referred=False)


def _direct(parsed: ParsedFile, table: Table) -> ColumnLists:
    """The file's columns that are also columns of the table; an empty cell is the
    column's default."""
    blank = blank_row(table)
    values: ColumnLists = {}
    for name, column in parsed.values.items():
        if name in table.c:
            default = blank[name]
            if default is not None and has_none(column):
                column = [default if value is None else value for value in column]
            values[name] = column
    return values


def _cliente(parsed: ParsedFile) -> ColumnLists:
    values = _direct(parsed, CLIENTE)
    values["nome_busca"] = list(map(normalize_search, parsed.values["nome"]))
    return values


def _insert_columns(table: Table, values: ColumnLists, count: int) -> ColumnLists:
    """Every column an INSERT into ``table`` sets, from ``values`` or the column's
    default (None: NULL)."""
    blank = blank_row(table)
    columns: ColumnLists = {}
    for name, default in blank.items():
        if name in _NOT_WRITTEN and name not in values:
            continue
        column = values.get(name)
        if column is None:
            column = [default] * count
        elif default is not None and has_none(column):
            column = [default if value is None else value for value in column]
        columns[name] = column
    return columns


def _select(columns: ColumnLists, mask: list[bool]) -> ColumnLists:
    """The rows of ``columns`` where ``mask`` is true."""
    return {name: list(compress(values, mask)) for name, values in columns.items()}


# The columns a file's key sets: an update leaves them as they are.
_KEY_COLUMNS = {
    "empresas": frozenset({"codigo"}),
    "clientes": frozenset({"codigo"}),
    "produtos": frozenset({"codigo"}),
    "vendas": frozenset({"codigo"}),
    "itens_venda": frozenset({"venda_id", "item"}),
    "acordos": frozenset({"empresa_id", "numero"}),
    "titulos": frozenset({"empresa_id", "numero_documento", "parcela"}),
    "programacoes": frozenset({"empresa_id", "cliente_id", "data", "hora", "tipo", "descricao"}),
}
