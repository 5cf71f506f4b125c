"""Checks across rows and files: duplicate keys, references, dates and amounts.

They run after every cell has parsed and before anything is written; each
problem becomes an issue. Values missing because their cell was already
reported are skipped, so one mistake is reported once. The files are checked
column by column (sets of distinct values); rows are visited one by one only to
report what a set operation found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import compress, repeat
from operator import is_not
from typing import Any

from app.db.import_issues import IssueLog
from app.db.import_lookup import Existing, TituloKey
from app.db.import_specs import ParsedFile, has_none
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


def _has(files: dict[str, ParsedFile], file_name: str, column: str) -> bool:
    return file_name in files and column in files[file_name].columns


def _codes(files: dict[str, ParsedFile], file_name: str) -> set[Any]:
    parsed = files.get(file_name)
    if parsed is None or "codigo" not in parsed.values:
        return set()
    return set(parsed.values["codigo"]) - {None}


def _key_set(files: dict[str, ParsedFile], file_name: str, columns: tuple[str, ...]) -> set[Any]:
    """The complete keys (tuples of ``columns``) of ``file_name``."""
    parsed = files.get(file_name)
    if parsed is None or not parsed.columns.issuperset(columns):
        return set()
    return parsed.key_set(columns)


def match_recebimentos(files: dict[str, ParsedFile], existing: Existing) -> list[int | None]:
    """For each recebimentos.csv row, the id of the existing recebimento it is, or None.

    A row equal to an existing recebimento on (título, data, valor) is that one;
    equal rows pair with equal recebimentos one to one, so repeating an import
    inserts nothing while two equal payments in one file are both kept.
    """
    parsed = files.get("recebimentos.csv")
    if parsed is None:
        return []
    if not existing.recebimentos:
        return [None] * len(parsed)
    pools: dict[tuple[TituloKey, date, Decimal], list[int]] = defaultdict(list)
    for titulo, recebimentos in existing.recebimentos.items():
        for ref in recebimentos:
            pools[(titulo, ref.data, ref.valor)].append(ref.id)
    matches: list[int | None] = []
    for key in parsed.complete_keys((*_TITULO_KEY, "data", "valor")):
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
    if "titulos.csv" in files:
        titulos = files["titulos.csv"]
        for line, emissao, vencimento in zip(
            titulos.lines, titulos.column("emissao"), titulos.column("vencimento"), strict=True
        ):
            if emissao is not None and vencimento is not None and vencimento < emissao:
                issues.add(titulos.file, line, "vencimento", "vencimento anterior à emissão")
    if "itens_venda.csv" in files:
        _check_itens(files["itens_venda.csv"], issues)
    _check_received(files, existing, matches, issues)


def _check_duplicates(parsed: ParsedFile, issues: IssueLog) -> None:
    if not parsed.columns.issuperset(parsed.spec.key):
        return  # the key column is missing from the header: reported as such
    keys = parsed.complete_keys(parsed.spec.key)
    if len(parsed.key_set(parsed.spec.key)) == len(keys):
        return  # every key complete and once
    first_line: dict[Any, int] = {}
    label = "/".join(parsed.spec.key)
    for line, key in zip(parsed.lines, keys, strict=True):
        if key is None:
            continue
        first = first_line.setdefault(key, line)
        if first != line:
            issues.add(
                parsed.file, line, label, f"chave duplicada no arquivo (também na linha {first})"
            )


def _check_references(files: dict[str, ParsedFile], existing: Existing, issues: IssueLog) -> None:
    known: dict[str, set[Any]] = {
        "empresa": set(existing.empresas) | _codes(files, "empresas.csv"),
        "cliente": set(existing.clientes) | _codes(files, "clientes.csv"),
        "produto": set(existing.produtos) | _codes(files, "produtos.csv"),
        "venda": set(existing.vendas) | _codes(files, "vendas.csv"),
    }
    # an absent value refers to nothing
    known_or_none = {kind: codes | {None} for kind, codes in known.items()}
    for file_name, column, kind in _REFERENCES:
        if not _has(files, file_name, column):
            continue
        parsed = files[file_name]
        values, codes = parsed.values[column], known_or_none[kind]
        if all(map(codes.__contains__, values)):
            continue
        for line, value in zip(parsed.lines, values, strict=True):
            if value not in codes:
                reason = f"código não encontrado: {kind} {value!r}"
                issues.add(parsed.file, line, column, reason)
    acordos = _key_set(files, "acordos.csv", ("empresa", "numero")) | existing.acordos.keys()
    columns = [
        c for c in ("acordo_origem", "renegociado_no_acordo") if _has(files, "titulos.csv", c)
    ]
    if columns:
        titulos = files["titulos.csv"]
        empresas = titulos.column("empresa")
        for column in columns:
            numeros = titulos.values[column]
            given = list(map(is_not, numeros, repeat(None)))
            pairs = set(zip(compress(empresas, given), compress(numeros, given), strict=True))
            unknown = {
                (empresa, numero)
                for empresa, numero in pairs - acordos
                if empresa in known["empresa"]
            }
            if not unknown:
                continue
            for line, empresa, numero in zip(titulos.lines, empresas, numeros, strict=True):
                if (empresa, numero) in unknown:
                    reason = f"código não encontrado: acordo {numero} da empresa {empresa!r}"
                    issues.add(titulos.file, line, column, reason)
    if "recebimentos.csv" in files:
        in_file = _key_set(files, "titulos.csv", _TITULO_KEY)
        recebimentos = files["recebimentos.csv"]
        keys = recebimentos.complete_keys(_TITULO_KEY)
        unknown = {
            key
            for key in recebimentos.key_set(_TITULO_KEY) - in_file
            if key not in existing.titulos and key[0] in known["empresa"]
        }
        for line, key in zip(recebimentos.lines, keys, strict=True) if unknown else ():
            if key in unknown:
                reason = (
                    f"código não encontrado: título {key[1]!r} parcela {key[2]} "
                    f"da empresa {key[0]!r}"
                )
                issues.add(recebimentos.file, line, "numero_documento", reason)


def _check_itens(itens: ParsedFile, issues: IssueLog) -> None:
    """A discount may not exceed quantity × unit price (rounded to cents)."""
    if "desconto" not in itens.values:
        return
    for line, quantidade, unitario, desconto in zip(
        itens.lines,
        itens.column("quantidade"),
        itens.column("valor_unitario"),
        itens.values["desconto"],
        strict=True,
    ):
        if quantidade is None or unitario is None or desconto is None or not desconto:
            continue  # no discount: nothing to exceed (quantities and prices are not negative)
        bruto = to_cents(quantidade * unitario)
        if desconto > bruto:
            reason = f"desconto maior que o valor do item ({format_money(bruto)})"
            issues.add(itens.file, line, "desconto", reason)


def _check_received(
    files: dict[str, ParsedFile],
    existing: Existing,
    matches: list[int | None],
    issues: IssueLog,
) -> None:
    """The recebimentos of a título (existing plus new) may not exceed its valor."""
    imported: dict[TituloKey, tuple[Decimal, int]] = {}
    if "titulos.csv" in files:
        titulos = files["titulos.csv"]
        keys = titulos.complete_keys(_TITULO_KEY)
        valores = titulos.column("valor")
        if has_none(valores):  # keep the rows that have one
            kept = [valor is not None for valor in valores]
            keys, valores = list(compress(keys, kept)), list(compress(valores, kept))
            lines = list(compress(titulos.lines, kept))
        else:
            lines = titulos.lines
        imported = dict(zip(keys, zip(valores, lines, strict=True), strict=True))
        imported.pop(None, None)  # type: ignore[call-overload]
    # what the new recebimentos of each título add up to
    added: dict[TituloKey, Decimal] = {}
    recebimentos = files.get("recebimentos.csv")
    if recebimentos is not None:
        new = [
            (key, valor)
            for key, valor, match in zip(
                recebimentos.complete_keys(_TITULO_KEY),
                recebimentos.column("valor"),
                matches,
                strict=True,
            )
            if match is None and key is not None and valor is not None
        ]
        for key, valor in new:
            added[key] = added[key] + valor if key in added else valor
    # a título with neither new recebimentos nor existing ones cannot be over-received
    received = {key: _sum(ref.valor for ref in refs) for key, refs in existing.recebimentos.items()}
    candidates = added.keys() | (imported.keys() & received.keys()) if received else added.keys()
    over: dict[TituloKey, tuple[Decimal, Decimal, Decimal, int]] = {}
    for key in candidates:
        if (got := imported.get(key)) is not None:
            valor, line = got
        elif (ref := existing.titulos.get(key)) is not None:
            valor, line = ref.valor, 0
        else:
            continue  # unknown título: reported as such
        before = received.get(key, ZERO)
        total = before + added[key] if key in added else before
        if total > valor:
            over[key] = (valor, total, before, line)
    if not over:
        return
    # each is reported at the new recebimento that went over (in file order), or else
    # (no new one: the título's valor changed) at the título
    running = {key: before for key, (_valor, _total, before, _line) in over.items()}
    if recebimentos is not None:
        for key, amount, line, match in zip(
            recebimentos.complete_keys(_TITULO_KEY),
            recebimentos.column("valor"),
            recebimentos.lines,
            matches,
            strict=True,
        ):
            if key in running and match is None and amount is not None:
                running[key] += amount
                valor, total, _before, _line = over[key]
                if running[key] > valor:
                    issues.add(recebimentos.file, line, "valor", _over_reason(total, valor))
                    del running[key]
    for key in running:
        valor, total, _before, line = over[key]
        issues.add(files["titulos.csv"].file, line, "valor", _over_reason(total, valor))


def _over_reason(total: Decimal, valor: Decimal) -> str:
    return (
        f"recebimentos somam {format_money(total)}, "
        f"acima do valor do título ({format_money(valor)})"
    )


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)
