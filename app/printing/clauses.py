"""The clauses of the termo de acordo, from per-empresa plain-text templates.

``resources/clausulas/<EMPRESA>.txt`` when it exists, else ``default.txt``. An
administrator edits them without touching code; resources/clausulas/README.md
lists the placeholders. A template with an unknown placeholder is refused with
a clear message rather than printed half-filled.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

from app.domain.documents import format_cpf_cnpj
from app.domain.formatting import format_date, format_decimal, format_money
from app.domain.words import date_in_words, money_in_words
from app.printing.data import AcordoDocumento
from app.printing.errors import PrintError

__all__ = ["CLAUSES_DIR", "Clause", "clause_values", "load_template", "render_clauses"]

CLAUSES_DIR = Path(__file__).resolve().parents[2] / "resources" / "clausulas"
_SAFE_CODE = re.compile(r"[A-Za-z0-9_-]+")
# "CLÁUSULA PRIMEIRA – DO OBJETO." : the heading printed in bold
_HEADING = re.compile(r"^(CLÁUSULA\b[^.:]*[.:])\s*(.*)$", re.DOTALL)


def load_template(empresa: str, folder: Path = CLAUSES_DIR) -> tuple[Path, str]:
    """The template file for ``empresa`` and its text."""
    path = folder / f"{empresa}.txt"
    if not _SAFE_CODE.fullmatch(empresa) or not path.is_file():
        path = folder / "default.txt"
    try:
        return path, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PrintError(f"não foi possível ler o modelo de cláusulas {path}: {exc}") from exc


def clause_values(doc: AcordoDocumento) -> dict[str, str]:
    """The placeholders of a template and their text for ``doc``."""
    credor, devedor = doc.credor, doc.devedor
    return {
        "numero_acordo": str(doc.numero),
        "data_acordo": format_date(doc.data),
        "data_acordo_extenso": date_in_words(doc.data),
        "credor_razao_social": credor.razao_social,
        "credor_cnpj": format_cpf_cnpj(credor.cnpj),
        "devedor_nome": devedor.nome,
        "devedor_documento": format_cpf_cnpj(devedor.cpf_cnpj),
        "total_negociado": format_money(doc.valor_negociado),
        "total_negociado_extenso": money_in_words(doc.valor_negociado),
        "parcelas": str(doc.numero_parcelas),
        "multa_percentual": format_decimal(credor.multa_percentual, 2),
        "juros_mensal_percentual": format_decimal(credor.juros_mensal_percentual, 2),
        "taxa_mensal": format_decimal(doc.taxa_mensal, 2),
        "foro_cidade": credor.cidade or "",
        "foro_uf": credor.uf or "",
    }


@dataclass(frozen=True)
class Clause:
    """One paragraph of the clauses: an optional bold heading and its text."""

    heading: str
    text: str


def _fill(template: str, values: dict[str, str], source: Path) -> str:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise PrintError(
            f"modelo de cláusulas {source.name} malformado ({exc}); "
            "use {{ e }} para chaves literais"
        ) from exc
    unknown = sorted(n for n in names if n not in values)
    if unknown:
        raise PrintError(
            f"modelo de cláusulas {source.name}: marcador desconhecido "
            + ", ".join("{" + n + "}" for n in unknown)
            + " (veja resources/clausulas/README.md)"
        )
    return template.format_map(values)


def render_clauses(doc: AcordoDocumento, folder: Path = CLAUSES_DIR) -> list[Clause]:
    """The empresa's clauses filled in for ``doc``, paragraph by paragraph."""
    source, template = load_template(doc.credor.codigo, folder)
    lines = [line for line in template.splitlines() if not line.lstrip().startswith("#")]
    filled = _fill("\n".join(lines), clause_values(doc), source)
    clauses = []
    for paragraph in re.split(r"\n\s*\n", filled):
        text = " ".join(paragraph.split())
        if not text:
            continue
        match = _HEADING.match(text)
        clauses.append(Clause(match[1], match[2]) if match else Clause("", text))
    return clauses
