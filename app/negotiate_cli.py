"""The headless renegotiation: `main.py negotiate ...` and `main.py break-negotiation ...`.

app.cli wires these in: ``add_negotiate_arguments(subparser)`` declares the
options, ``negotiate_from_args(database, args)`` saves the acordo and returns its
number. Invalid requests raise AcordoInvalido; ``describe_invalid`` turns one into
the line to print, naming the option to correct.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from app.db.acordo_ops import (
    AcordoCancelled,
    AcordoRequest,
    cancel_acordo,
    create_acordo,
    find_acordo_id,
)
from app.db.audit import current_user
from app.db.engine import Database
from app.domain.acordo import AcordoField, AcordoInvalido
from app.domain.money import ZERO, parse_money

__all__ = [
    "OPTION_OF_FIELD",
    "add_break_arguments",
    "add_negotiate_arguments",
    "break_from_args",
    "break_negotiation",
    "describe_invalid",
    "negotiate",
    "negotiate_from_args",
    "parse_desconto",
    "parse_titulos",
]

OPTION_OF_FIELD: dict[AcordoField, str] = {
    "titulos": "--titulos",
    "desconto": "--desconto",
    "entrada": "--entrada",
    "parcelas": "--installments",
    "primeiro_vencimento": "--first-due",
    "taxa": "--rate",
}


def parse_titulos(text: str) -> list[tuple[str, int]]:
    """ "NF-1/1,NF-1/2" -> [("NF-1", 1), ("NF-1", 2)]; the last "/" separates the parcela."""
    refs: list[tuple[str, int]] = []
    for part in text.split(","):
        item = part.strip()
        if not item:
            continue
        documento, slash, parcela = item.rpartition("/")
        if not slash or not documento.strip() or not parcela.strip().isdigit():
            raise argparse.ArgumentTypeError(
                f"título inválido: '{item}' (use DOCUMENTO/PARCELA, por exemplo NF-123/2)"
            )
        refs.append((documento.strip(), int(parcela)))
    if not refs:
        raise argparse.ArgumentTypeError("informe ao menos um título (DOCUMENTO/PARCELA)")
    return refs


def _money(text: str) -> Decimal:
    try:
        return parse_money(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_desconto(text: str) -> tuple[Decimal, Decimal | None]:
    """ "50,00" -> (50.00, None): an amount; "10%" -> (0, 10): a % of the encargos."""
    stripped = text.strip()
    if stripped.endswith("%"):
        return ZERO, _money(stripped[:-1])
    return _money(stripped), None


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"data inválida: '{text}' (use AAAA-MM-DD)") from None


def add_negotiate_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `negotiate` (the agreement date is the common --as-of)."""
    parser.add_argument("--customer", required=True, metavar="CÓDIGO", help="cliente")
    parser.add_argument("--empresa", required=True, metavar="CÓDIGO", help="empresa dos títulos")
    parser.add_argument(
        "--titulos",
        required=True,
        type=parse_titulos,
        metavar="DOC/PARCELA,...",
        help="títulos em aberto a renegociar, por exemplo NF-123/1,NF-123/2",
    )
    parser.add_argument(
        "--installments", required=True, type=int, metavar="N", help="número de parcelas"
    )
    parser.add_argument(
        "--first-due",
        required=True,
        type=_iso_date,
        metavar="AAAA-MM-DD",
        help="vencimento da primeira parcela (as demais, mensais no mesmo dia)",
    )
    parser.add_argument(
        "--entrada",
        type=_money,
        default=ZERO,
        metavar="VALOR",
        help="valor da entrada (padrão: sem entrada)",
    )
    parser.add_argument(
        "--entrada-date",
        type=_iso_date,
        default=None,
        metavar="AAAA-MM-DD",
        help="vencimento da entrada (padrão: a data do acordo)",
    )
    parser.add_argument(
        "--desconto",
        type=parse_desconto,
        default=(ZERO, None),
        metavar="VALOR|P%",
        help="desconto em reais, ou em %% dos encargos (por exemplo 10%%)",
    )
    parser.add_argument(
        "--rate",
        type=_money,
        default=ZERO,
        metavar="R",
        help="taxa de juros do parcelamento, %% ao mês (0 = parcelas iguais)",
    )
    parser.add_argument("--note", default=None, metavar="TEXTO", help="observação do acordo")


def negotiate(
    database: Database,
    *,
    customer: str,
    empresa: str,
    titulos: Sequence[tuple[str, int]],
    installments: int,
    first_due: date,
    as_of: date | None = None,
    entrada: Decimal = ZERO,
    entrada_date: date | None = None,
    desconto: Decimal = ZERO,
    desconto_percentual: Decimal | None = None,
    rate: Decimal = ZERO,
    note: str | None = None,
    operador: str | None = None,
) -> int:
    """Save the acordo and return its number within the empresa.

    Raises AcordoInvalido, NotFound, ConcurrentChange or DatabaseError.
    """
    data = as_of or date.today()
    request = AcordoRequest(
        cliente_codigo=customer,
        empresa_codigo=empresa,
        titulos=list(titulos),
        data=data,
        parcelas=installments,
        first_due=first_due,
        desconto=desconto,
        desconto_percentual=desconto_percentual,
        entrada=entrada,
        entrada_data=(entrada_date or data) if entrada else entrada_date,
        taxa=rate,
        operador=operador or current_user(),
        observacao=note,
    )
    return create_acordo(database, request).numero


def negotiate_from_args(database: Database, args: argparse.Namespace) -> int:
    """`negotiate` with the parsed options of :func:`add_negotiate_arguments` (and --as-of)."""
    desconto, percentual = args.desconto
    return negotiate(
        database,
        customer=args.customer,
        empresa=args.empresa,
        titulos=args.titulos,
        installments=args.installments,
        first_due=args.first_due,
        as_of=getattr(args, "as_of", None),
        entrada=args.entrada,
        entrada_date=args.entrada_date,
        desconto=desconto,
        desconto_percentual=percentual,
        rate=args.rate,
        note=args.note,
    )


def describe_invalid(exc: AcordoInvalido) -> str:
    """The line to print for an invalid request: "--installments: o número de ..."."""
    return f"{OPTION_OF_FIELD.get(exc.field, exc.field)}: {exc}"


# --- breaking an acordo ----------------------------------------------------------------------


def add_break_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `break-negotiation NUMBER --empresa CODE --reason TEXT` (date: --as-of)."""
    parser.add_argument("numero", type=int, metavar="NÚMERO", help="número do acordo")
    parser.add_argument("--empresa", required=True, metavar="CÓDIGO")
    parser.add_argument("--reason", required=True, metavar="TEXTO", help="motivo da quebra")


def break_negotiation(
    database: Database, *, numero: int, empresa: str, motivo: str, data: date | None = None
) -> AcordoCancelled:
    """Break acordo ``numero`` of the empresa. Raises NotFound or AcordoRecusado."""
    with database.session() as session:
        acordo_id = find_acordo_id(session, empresa, numero)
    return cancel_acordo(database, acordo_id, motivo=motivo, data=data or date.today())


def break_from_args(database: Database, args: argparse.Namespace) -> AcordoCancelled:
    return break_negotiation(
        database,
        numero=args.numero,
        empresa=args.empresa,
        motivo=args.reason,
        data=getattr(args, "as_of", None),
    )
