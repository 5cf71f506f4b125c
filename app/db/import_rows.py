"""From validated CSV rows to the database rows to insert or update, file by file.

A row whose key exists updates that row: the columns present in the file are
set (an empty cell sets the column's default, or empty), the others are kept.
Codes become ids: existing ones, or ids reserved for the rows this import adds.
The files must be planned in FILE_ORDER, since later files refer to earlier ones.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
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
from app.db.import_specs import ParsedFile, Row
from app.db.import_write import blank_row, reserve_ids
from app.domain.money import ZERO, to_cents
from app.domain.text import normalize_search

__all__ = ["Plan", "Planner"]

IdMap = dict[Any, int]  # a CSV key (code, or tuple of key values) -> database id


@dataclass
class Plan:
    table: Table
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)


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
        self._direct_columns: dict[str, list[tuple[str, Any]]] = {}
        self._planners: dict[str, Callable[[ParsedFile], Plan]] = {
            "empresas.csv": lambda p: self._keyed(p, EMPRESA, self.empresa_ids, self._direct),
            "clientes.csv": lambda p: self._keyed(p, CLIENTE, self.cliente_ids, self._cliente),
            "produtos.csv": lambda p: self._keyed(p, PRODUTO, self._produto_ids, self._direct),
            "vendas.csv": lambda p: self._keyed(p, VENDA, self.venda_ids, self._venda),
            "itens_venda.csv": self._itens,
            "acordos.csv": lambda p: self._keyed(p, ACORDO, self.acordo_ids, self._acordo),
            "titulos.csv": lambda p: self._keyed(p, TITULO, self._titulo_ids, self._titulo),
            "recebimentos.csv": self._recebimentos,
            "programacoes.csv": self._programacoes,
        }

    def plan(self, file_name: str) -> Plan:
        return self._planners[file_name](self._files[file_name])

    # -- generic ---------------------------------------------------------------------------

    def _keyed(
        self,
        parsed: ParsedFile,
        table: Table,
        ids: IdMap,
        values: Callable[[ParsedFile, Row], dict[str, Any]],
    ) -> Plan:
        """Rows matched by the file's key: update the existing (in ``ids`` on entry),
        insert the others; ``ids`` receives the ids reserved for them."""
        known = dict(ids)
        keys = [_unwrap(row.key(parsed.spec.key)) for row in parsed.rows]
        new = [key for key in keys if key not in known]
        ids.update(zip(new, reserve_ids(self._conn, table, len(new)), strict=True))
        plan, unchanged = Plan(table), _KEY_COLUMNS[parsed.spec.name]
        for row, key in zip(parsed.rows, keys, strict=True):
            row_values = values(parsed, row)
            if key in known:
                update = {k: v for k, v in row_values.items() if k not in unchanged}
                update["b_id"] = known[key]
                plan.updates.append(update)
            else:  # NULLs left out: fewer values to bind
                insert = {k: v for k, v in row_values.items() if v is not None}
                insert["id"] = ids[key]
                plan.inserts.append(insert)
        return plan

    def _direct(self, parsed: ParsedFile, row: Row) -> dict[str, Any]:
        """The file's columns that are also columns of the table, as they are."""
        columns = self._direct_columns.get(parsed.spec.name)
        if columns is None:
            table = _TABLES[parsed.spec.name]
            blank = blank_row(table)
            columns = [(name, blank[name]) for name in parsed.columns if name in table.c]
            self._direct_columns[parsed.spec.name] = columns
        get = row.values.get
        return {name: get(name, default) for name, default in columns}

    # -- one method per file -----------------------------------------------------------------

    def _cliente(self, parsed: ParsedFile, row: Row) -> dict[str, Any]:
        return {**self._direct(parsed, row), "nome_busca": normalize_search(row.values["nome"])}

    def _venda(self, parsed: ParsedFile, row: Row) -> dict[str, Any]:
        cliente_id = self.cliente_ids[row.values["cliente"]]
        self._venda_of[row.values["codigo"]] = (cliente_id, row.values["data"])
        return {
            **self._direct(parsed, row),
            "empresa_id": self.empresa_ids[row.values["empresa"]],
            "cliente_id": cliente_id,
        }

    def _itens(self, parsed: ParsedFile) -> Plan:
        item_ids: IdMap = {k: ref.id for k, ref in self._existing.itens.items()}
        return self._keyed(parsed, ITEM, item_ids, self._item)

    def _item(self, parsed: ParsedFile, row: Row) -> dict[str, Any]:
        values = row.values
        if "desconto" in values:
            desconto = values["desconto"]
        else:
            known = self._existing.itens.get((values["venda"], values["item"]))
            desconto = known.desconto if known and "desconto" not in parsed.columns else ZERO
        cliente_id, data = self._venda_of[values["venda"]]
        total = to_cents(values["quantidade"] * values["valor_unitario"] - desconto)
        return {
            **self._direct(parsed, row),
            "venda_id": self.venda_ids[values["venda"]],
            "cliente_id": cliente_id,
            "data": data,
            "produto_id": self._produto_ids[values["produto"]],
            "valor_total": total,
        }

    def _acordo(self, parsed: ParsedFile, row: Row) -> dict[str, Any]:
        self._acordo_data[(row.values["empresa"], row.values["numero"])] = row.values["data"]
        return {
            **self._direct(parsed, row),
            "empresa_id": self.empresa_ids[row.values["empresa"]],
            "cliente_id": self.cliente_ids[row.values["cliente"]],
        }

    def _titulo(self, parsed: ParsedFile, row: Row) -> dict[str, Any]:
        values, empresa = row.values, row.values["empresa"]
        result = {
            **self._direct(parsed, row),
            "empresa_id": self.empresa_ids[empresa],
            "cliente_id": self.cliente_ids[values["cliente"]],
        }
        if "venda" in parsed.columns:
            venda = values.get("venda")
            result["venda_id"] = self.venda_ids[venda] if venda is not None else None
        if "acordo_origem" in parsed.columns:
            origem = values.get("acordo_origem")
            result["acordo_origem_id"] = (
                self.acordo_ids[(empresa, origem)] if origem is not None else None
            )
        if "renegociado_no_acordo" in parsed.columns:
            numero = values.get("renegociado_no_acordo")
            result["renegociado_acordo_id"] = (
                self.acordo_ids[(empresa, numero)] if numero is not None else None
            )
            if numero is not None and "cancelado_em" not in values:
                result["cancelado_em"] = self._acordo_data[(empresa, numero)]
            if numero is not None and "motivo_cancelamento" not in values:
                result["motivo_cancelamento"] = f"renegociado no acordo {numero}"
        return result

    def _recebimentos(self, parsed: ParsedFile) -> Plan:
        plan = Plan(RECEBIMENTO)
        new_count = sum(1 for match in self._matches if match is None)
        new_ids = iter(reserve_ids(self._conn, RECEBIMENTO, new_count))
        for row, match in zip(parsed.rows, self._matches, strict=True):
            values = self._direct(parsed, row)
            if match is not None:  # the same recebimento: only its forma_pagamento may change
                values.pop("data", None)
                values.pop("valor", None)
                plan.updates.append({"b_id": match, **values})
                continue
            titulo = (row.values["empresa"], row.values["numero_documento"], row.values["parcela"])
            titulo_id = self._titulo_ids[titulo]
            values = {k: v for k, v in values.items() if v is not None}
            plan.inserts.append({**values, "titulo_id": titulo_id, "id": next(new_ids)})
        return plan

    def _programacoes(self, parsed: ParsedFile) -> Plan:
        ids: IdMap = dict(self._existing.programacoes)
        return self._keyed(parsed, PROGRAMACAO, ids, self._programacao)

    def _programacao(self, parsed: ParsedFile, row: Row) -> dict[str, Any]:
        data, hora = row.values["data_programacao"]
        return {
            **self._direct(parsed, row),
            "empresa_id": self.empresa_ids[row.values["empresa"]],
            "cliente_id": self.cliente_ids[row.values["cliente"]],
            "data": data,
            "hora": hora,
        }


_TABLES = {
    "empresas": EMPRESA,
    "clientes": CLIENTE,
    "produtos": PRODUTO,
    "vendas": VENDA,
    "itens_venda": ITEM,
    "acordos": ACORDO,
    "titulos": TITULO,
    "recebimentos": RECEBIMENTO,
    "programacoes": PROGRAMACAO,
}


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


def _unwrap(key: tuple[Any, ...] | None) -> Hashable:
    assert key is not None, "validated rows have their key"
    return key[0] if len(key) == 1 else key
