"""Checks across rows and files: duplicate keys, references, dates and amounts.

They run after every cell has parsed and before anything is written; each
problem becomes an issue. Values missing because their cell was already
reported are skipped, so one mistake is reported once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from app.db.import_issues import IssueLog
from app.db.import_lookup import Existing, TituloKey
from app.db.import_specs import ParsedFile, Row
from app.domain.formatting import format_money
from app.domain.money import ZERO, to_cents

__all__ = ["check_files", "match_recebimentos"]

_TITULO_KEY = ("empresa", "numero_documento", "parcela")
# (file, column, what it refers to)
_REFERENCES = (
    ("vendas.csv", "empresa", "empresa"),
    ("vendas.csv", "cliente", "cliente"),
    ("itens_venda.csv", "venda", "venda"),
    ("itens_venda.csv", "produto", "produto"),
    ("acordos.csv", "empresa", "empresa"),
    ("acordos.csv", "cliente", "cliente"),
    ("titulos.csv", "empresa", "empresa"),
    ("titulos.csv", "cliente", "cliente"),
    ("titulos.csv", "venda", "venda"),
    ("recebimentos.csv", "empresa", "empresa"),
    ("programacoes.csv", "empresa", "empresa"),
    ("programacoes.csv", "cliente", "cliente"),
)


def _rows(files: dict[str, ParsedFile], file_name: str) -> list[Row]:
    parsed = files.get(file_name)
    return parsed.rows if parsed is not None else []


def _keys(files: dict[str, ParsedFile], file_name: str, columns: tuple[str, ...]) -> set[Any]:
    parsed = files.get(file_name)
    if parsed is None or not parsed.columns.issuperset(columns):
        return set()
    return {key for row in parsed.rows if (key := row.key(columns)) is not None}


def _has(files: dict[str, ParsedFile], file_name: str, column: str) -> bool:
    return file_name in files and column in files[file_name].columns


def _codes(files: dict[str, ParsedFile], file_name: str) -> set[Any]:
    return {row.values["codigo"] for row in _rows(files, file_name) if "codigo" in row.values}


def match_recebimentos(files: dict[str, ParsedFile], existing: Existing) -> list[int | None]:
    """For each recebimentos.csv row, the id of the existing recebimento it is, or None.

    A row equal to an existing recebimento on (título, data, valor) is that one;
    equal rows pair with equal recebimentos one to one, so repeating an import
    inserts nothing while two equal payments in one file are both kept.
    """
    pools: dict[tuple[TituloKey, date, Decimal], list[int]] = defaultdict(list)
    for titulo, recebimentos in existing.recebimentos.items():
        for ref in recebimentos:
            pools[(titulo, ref.data, ref.valor)].append(ref.id)
    matches: list[int | None] = []
    for row in _rows(files, "recebimentos.csv"):
        key = row.key((*_TITULO_KEY, "data", "valor"))
        pool = pools.get((key[:3], key[3], key[4])) if key is not None else None
        matches.append(pool.pop(0) if pool else None)
    return matches


def check_files(
    files: dict[str, ParsedFile],
    existing: Existing,
    matches: list[int | None],
    issues: IssueLog,
) -> None:
    """Every cross-row rule of the format; issues for each violation."""
    for parsed in files.values():
        if parsed.spec.key:
            _check_duplicates(parsed, issues)
    _check_references(files, existing, issues)
    for row in _rows(files, "titulos.csv"):
        emissao, vencimento = row.values.get("emissao"), row.values.get("vencimento")
        if emissao is not None and vencimento is not None and vencimento < emissao:
            issues.add(
                files["titulos.csv"].file, row.line, "vencimento", "vencimento anterior à emissão"
            )
    for row in _rows(files, "itens_venda.csv"):
        _check_item(files["itens_venda.csv"].file, row, issues)
    _check_received(files, existing, matches, issues)


def _check_duplicates(parsed: ParsedFile, issues: IssueLog) -> None:
    first_line: dict[tuple[Any, ...], int] = {}
    label = "/".join(parsed.spec.key)
    for row in parsed.rows:
        key = row.key(parsed.spec.key)
        if key is None:
            continue
        first = first_line.setdefault(key, row.line)
        if first != row.line:
            issues.add(
                parsed.file,
                row.line,
                label,
                f"chave duplicada no arquivo (também na linha {first})",
            )


def _check_references(files: dict[str, ParsedFile], existing: Existing, issues: IssueLog) -> None:
    known: dict[str, set[Any]] = {
        "empresa": set(existing.empresas) | _codes(files, "empresas.csv"),
        "cliente": set(existing.clientes) | _codes(files, "clientes.csv"),
        "produto": set(existing.produtos) | _codes(files, "produtos.csv"),
        "venda": set(existing.vendas) | _codes(files, "vendas.csv"),
    }
    for file_name, column, kind in _REFERENCES:
        if file_name not in files or column not in files[file_name].columns:
            continue
        for row in files[file_name].rows:
            value = row.values.get(column)
            if value is not None and value not in known[kind]:
                issues.add(
                    files[file_name].file,
                    row.line,
                    column,
                    f"código não encontrado: {kind} {value!r}",
                )
    acordos = set(existing.acordos) | _keys(files, "acordos.csv", ("empresa", "numero"))
    columns = [
        c for c in ("acordo_origem", "renegociado_no_acordo") if _has(files, "titulos.csv", c)
    ]
    for row in _rows(files, "titulos.csv") if columns else ():
        empresa = row.values.get("empresa")
        for column in columns:
            numero = row.values.get(column)
            if (
                empresa in known["empresa"]
                and numero is not None
                and (empresa, numero) not in acordos
            ):
                reason = f"código não encontrado: acordo {numero} da empresa {empresa!r}"
                issues.add(files["titulos.csv"].file, row.line, column, reason)
    titulos = set(existing.titulos) | _keys(files, "titulos.csv", _TITULO_KEY)
    for row in _rows(files, "recebimentos.csv"):
        key = row.key(_TITULO_KEY)
        if key is not None and key[0] in known["empresa"] and key not in titulos:
            reason = (
                f"código não encontrado: título {key[1]!r} parcela {key[2]} da empresa {key[0]!r}"
            )
            issues.add(files["recebimentos.csv"].file, row.line, "numero_documento", reason)


def _check_item(file: str, row: Row, issues: IssueLog) -> None:
    quantidade, unitario = row.values.get("quantidade"), row.values.get("valor_unitario")
    desconto = row.values.get("desconto")
    if quantidade is None or unitario is None or desconto is None:
        return
    bruto = to_cents(quantidade * unitario)
    if desconto > bruto:
        issues.add(
            file,
            row.line,
            "desconto",
            f"desconto maior que o valor do item ({format_money(bruto)})",
        )


def _check_received(
    files: dict[str, ParsedFile],
    existing: Existing,
    matches: list[int | None],
    issues: IssueLog,
) -> None:
    """The recebimentos of a título (existing plus new) may not exceed its valor."""
    imported: dict[TituloKey, tuple[Decimal, int]] = {}
    for row in _rows(files, "titulos.csv"):
        key = row.key(_TITULO_KEY)
        if key is not None and "valor" in row.values:
            imported[key] = (row.values["valor"], row.line)  # type: ignore[index]
    new_rows: dict[TituloKey, list[Row]] = defaultdict(list)
    for row, match in zip(_rows(files, "recebimentos.csv"), matches, strict=True):
        key = row.key(_TITULO_KEY)
        if match is None and key is not None and "valor" in row.values:
            new_rows[key].append(row)  # type: ignore[index]
    # a título with neither new recebimentos nor existing ones cannot be over-received
    for key in new_rows.keys() | (imported.keys() & existing.recebimentos.keys()):
        if key in imported:
            valor, line = imported[key]
        elif key in existing.titulos:
            valor, line = existing.titulos[key].valor, 0
        else:
            continue  # unknown título: reported as such
        before = _sum(ref.valor for ref in existing.recebimentos.get(key, ()))
        total = before + _sum(row.values["valor"] for row in new_rows.get(key, ()))
        if total <= valor:
            continue
        reason = (
            f"recebimentos somam {format_money(total)}, "
            f"acima do valor do título ({format_money(valor)})"
        )
        for row in new_rows.get(key, ()):
            before += row.values["valor"]
            if before > valor:
                issues.add(files["recebimentos.csv"].file, row.line, "valor", reason)
                break
        else:
            issues.add(files["titulos.csv"].file, line, "valor", reason)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)
