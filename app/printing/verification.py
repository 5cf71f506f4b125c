"""The verification code printed on every page of a termo de acordo.

A short hash of a canonical serialisation of the acordo's content (empresa,
número, data, the debtor's document, the amounts and the installments), so that
a printed copy can be checked against the database: ``verify`` finds the stored
acordo whose content gives the code. The code is ten base-32 characters of the
SHA-256 ("ABCDE-FGHIJ"): 50 bits, no 0/1/8 to confuse with O/I/B.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.schema import Acordo, Cliente, Empresa, Titulo

__all__ = [
    "AcordoContent",
    "InstallmentContent",
    "VerifyResult",
    "canonical",
    "load_contents",
    "normalize_code",
    "verification_code",
    "verify",
]

CODE_LENGTH = 10
_VERSION = "acordo-v1"
# What a person may type for a base-32 character it resembles.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


@dataclass(frozen=True)
class InstallmentContent:
    numero_documento: str
    parcela: int
    vencimento: date
    valor: Decimal


@dataclass(frozen=True)
class AcordoContent:
    """What the code certifies; the same fields whichever database they come from."""

    empresa: str
    numero: int
    data: date
    cliente_documento: str
    valor_original: Decimal
    multa: Decimal
    juros: Decimal
    desconto: Decimal
    valor_negociado: Decimal
    entrada: Decimal
    entrada_data: date | None
    parcelas: int
    taxa_mensal: Decimal
    installments: tuple[InstallmentContent, ...]


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def canonical(content: AcordoContent) -> str:
    """One line per fact, fixed order and fixed decimals: the text that is hashed."""
    head = [
        _VERSION,
        content.empresa,
        str(content.numero),
        content.data.isoformat(),
        content.cliente_documento,
        _money(content.valor_original),
        _money(content.multa),
        _money(content.juros),
        _money(content.desconto),
        _money(content.valor_negociado),
        _money(content.entrada),
        content.entrada_data.isoformat() if content.entrada_data else "-",
        str(content.parcelas),
        f"{content.taxa_mensal:.4f}",
    ]
    lines = ["|".join(head)]
    lines += [
        f"{i.numero_documento}|{i.parcela}|{i.vencimento.isoformat()}|{_money(i.valor)}"
        for i in content.installments
    ]
    return "\n".join(lines)


def verification_code(content: AcordoContent) -> str:
    """The code as printed: "ABCDE-FGHIJ"."""
    digest = hashlib.sha256(canonical(content).encode("utf-8")).digest()
    raw = base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]
    return f"{raw[:5]}-{raw[5:]}"


def normalize_code(text: str) -> str:
    """The code as typed ("abcde fghij", "ABCDEFGHIJ") in its printed form; "" if malformed."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    valid = len(raw) == CODE_LENGTH and all(ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for ch in raw)
    return f"{raw[:5]}-{raw[5:]}" if valid else ""


def _installments(
    session: Session, acordo_ids: Sequence[int] | None
) -> dict[int, list[InstallmentContent]]:
    query = select(
        Titulo.acordo_origem_id,
        Titulo.numero_documento,
        Titulo.parcela,
        Titulo.vencimento,
        Titulo.valor,
    ).where(Titulo.acordo_origem_id.is_not(None))
    if acordo_ids is not None:
        query = query.where(Titulo.acordo_origem_id.in_(acordo_ids))
    query = query.order_by(Titulo.acordo_origem_id, Titulo.parcela, Titulo.id)
    found: dict[int, list[InstallmentContent]] = defaultdict(list)
    for acordo_id, documento, parcela, vencimento, valor in session.execute(query):
        if acordo_id is not None:
            found[acordo_id].append(InstallmentContent(documento, parcela, vencimento, valor))
    return found


def load_contents(
    session: Session, acordo_ids: Sequence[int] | None = None
) -> dict[int, AcordoContent]:
    """The content of the given acordos (all when None), by acordo id."""
    query = (
        select(Acordo, Empresa.codigo, Cliente.cpf_cnpj)
        .join(Empresa, Empresa.id == Acordo.empresa_id)
        .join(Cliente, Cliente.id == Acordo.cliente_id)
        .order_by(Acordo.id)
    )
    if acordo_ids is not None:
        query = query.where(Acordo.id.in_(acordo_ids))
    installments = _installments(session, acordo_ids)
    contents: dict[int, AcordoContent] = {}
    for acordo, empresa, documento in session.execute(query):
        contents[acordo.id] = AcordoContent(
            empresa=empresa,
            numero=acordo.numero,
            data=acordo.data,
            cliente_documento=documento,
            valor_original=acordo.valor_original,
            multa=acordo.multa,
            juros=acordo.juros,
            desconto=acordo.desconto,
            valor_negociado=acordo.valor_negociado,
            entrada=acordo.entrada,
            entrada_data=acordo.entrada_data,
            parcelas=acordo.parcelas,
            taxa_mensal=acordo.taxa_mensal,
            installments=tuple(installments.get(acordo.id, ())),
        )
    return contents


@dataclass(frozen=True)
class VerifyResult:
    """What a verification found: ``matches`` and, when it does, which acordo."""

    code: str
    matches: bool
    acordo_id: int | None = None
    empresa: str | None = None
    numero: int | None = None
    data: date | None = None
    cliente_nome: str | None = None
    situacao: str | None = None
    cancelado_em: date | None = None
    malformed: bool = False

    def message(self) -> str:
        """One Portuguese line for the user."""
        if self.malformed:
            return (
                f"código de verificação inválido: {self.code!r} "
                "(são 10 letras e algarismos, como ABCDE-FGHIJ)"
            )
        if not self.matches or self.data is None:
            return (
                f"o código {self.code} NÃO confere com nenhum acordo gravado: "
                "o documento pode ter sido alterado ou o acordo, modificado"
            )
        text = (
            f"o código {self.code} confere: acordo {self.numero} da empresa {self.empresa}, "
            f"de {self.data:%d/%m/%Y}, cliente {self.cliente_nome}"
        )
        if self.situacao == "quebrado":
            when = f" em {self.cancelado_em:%d/%m/%Y}" if self.cancelado_em else ""
            text += f" (atenção: acordo quebrado{when})"
        return text


def verify(session: Session, code: str) -> VerifyResult:
    """Which stored acordo has this code, computed over all acordos."""
    normalized = normalize_code(code)
    if not normalized:
        return VerifyResult(code=code.strip(), matches=False, malformed=True)
    for acordo_id, content in load_contents(session).items():
        if verification_code(content) == normalized:
            return _found(session, normalized, acordo_id, content)
    return VerifyResult(code=normalized, matches=False)


def _found(session: Session, code: str, acordo_id: int, content: AcordoContent) -> VerifyResult:
    row = session.execute(
        select(Cliente.nome, Acordo.situacao, Acordo.cancelado_em)
        .join(Acordo, Acordo.cliente_id == Cliente.id)
        .where(Acordo.id == acordo_id)
    ).one()
    return VerifyResult(
        code=code,
        matches=True,
        acordo_id=acordo_id,
        empresa=content.empresa,
        numero=content.numero,
        data=content.data,
        cliente_nome=row.nome,
        situacao=row.situacao,
        cancelado_em=row.cancelado_em,
    )
