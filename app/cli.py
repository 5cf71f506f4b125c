"""The command line: `main.py [SUBCOMMAND] ...`; without a subcommand, the window.

Every subcommand accepts --db URL and --as-of AAAA-MM-DD after its name. Errors
print one line in Portuguese on stderr and exit non-zero (1: the data or the
request, 2: the database or the arguments); never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from app import cli_text
from app.config import resolve_db_url
from app.db.acordo_ops import AcordoRecusado
from app.db.engine import Database, open_database
from app.db.errors import ConcurrentChange, DatabaseError, NotFound
from app.domain.titulos import Status
from app.logs import setup_logging

log = logging.getLogger(__name__)

SECTION_KEYS = ("financeiro", "venda", "negociacao", "programacao")
EXIT_DATA, EXIT_ENVIRONMENT = 1, 2


class CommandError(Exception):
    """A problem with the request; str() is the line shown to the user."""

    def __init__(self, message: str, code: int = EXIT_DATA) -> None:
        super().__init__(message)
        self.code = code


def as_of_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"data inválida: '{text}' (use AAAA-MM-DD)") from None


def _common(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--db and --as-of, before the subcommand (``top``) or after it. A subcommand's own
    default must not replace what was given before it (argparse would set None over it):
    there, an option not given sets nothing."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="banco de dados (sqlite:///arquivo.db ou postgresql://usuario@servidor/banco)",
    )
    parser.add_argument(
        "--as-of",
        type=as_of_date,
        default=default,
        metavar="AAAA-MM-DD",
        help="posição em (padrão: hoje)",
    )


def build_parser() -> argparse.ArgumentParser:
    cli_text.portuguese()
    parser = argparse.ArgumentParser(
        prog="main.py", description="Histórico do Cliente: a visão 360° de um cliente."
    )
    _common(parser, top=True)
    parser.add_argument("--customer", metavar="CÓDIGO", help="abrir o histórico deste cliente")
    parser.add_argument("--section", choices=SECTION_KEYS, help="seção inicial")
    parser.add_argument("--lang", choices=("pt", "en"), help="idioma da interface")
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMANDO")

    demo = sub.add_parser("demo", help="criar um banco de demonstração")
    _common(demo)
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--customers", type=int, default=200, metavar="N")
    demo.add_argument(
        "--whale", type=int, default=0, metavar="K", help="um cliente extra com K títulos"
    )

    imp = sub.add_parser("import", help="importar uma pasta de CSVs exportados do ERP")
    _common(imp)
    imp.add_argument("folder", type=Path, metavar="PASTA")

    dbp = sub.add_parser("db", help="versão do esquema do banco")
    dbsub = dbp.add_subparsers(dest="db_command", metavar="AÇÃO", required=True)
    _common(dbsub.add_parser("upgrade", help="atualizar o esquema para a versão deste programa"))
    _common(dbsub.add_parser("current", help="mostrar a versão do esquema"))

    summ = sub.add_parser("summary", help="resumo financeiro do cliente em JSON")
    _common(summ)
    summ.add_argument("--customer", required=True, metavar="CÓDIGO")
    summ.add_argument("--empresa", metavar="CÓDIGO")

    exp = sub.add_parser("export", help="exportar uma seção para CSV ou XLSX")
    _common(exp)
    exp.add_argument("section", choices=SECTION_KEYS, metavar="SEÇÃO")
    exp.add_argument("--customer", required=True, metavar="CÓDIGO")
    exp.add_argument("--format", choices=("csv", "xlsx"), required=True)
    exp.add_argument("--out", type=Path, required=True, metavar="ARQUIVO")
    exp.add_argument("--empresa", metavar="CÓDIGO")
    exp.add_argument(
        "--status",
        action="append",
        choices=[s.value for s in Status],
        help="(financeiro) status a incluir; repita para vários",
    )
    from app.negotiate_cli import add_break_arguments, add_negotiate_arguments

    neg = sub.add_parser("negotiate", help="criar um acordo (renegociação) de títulos em aberto")
    _common(neg)
    add_negotiate_arguments(neg)
    brk = sub.add_parser(
        "break-negotiation", help="quebrar (cancelar) um acordo sem parcelas recebidas"
    )
    _common(brk)
    add_break_arguments(brk)

    pn = sub.add_parser("print-negotiation", help="imprimir ou gravar em PDF o termo de um acordo")
    _common(pn)
    pn.add_argument("numero", type=int, metavar="NÚMERO", help="número do acordo")
    pn.add_argument("--empresa", required=True, metavar="CÓDIGO")
    dest = pn.add_mutually_exclusive_group(required=True)
    dest.add_argument("--pdf", type=Path, metavar="ARQUIVO")
    dest.add_argument("--printer", metavar="IMPRESSORA")
    pn.add_argument("--copies", type=int, default=1, metavar="N")
    vn = sub.add_parser(
        "verify-negotiation", help="conferir o código de verificação de um termo impresso"
    )
    _common(vn)
    vn.add_argument("code", metavar="CÓDIGO")
    return parser


def _open(
    args: argparse.Namespace, *, create: bool = False, auto_upgrade: bool | None = None
) -> Database:
    url, embedded = resolve_db_url(args.db)
    try:
        return open_database(url, create=create or embedded, auto_upgrade=auto_upgrade)
    except DatabaseError as exc:
        raise CommandError(str(exc), EXIT_ENVIRONMENT) from exc


def _today(args: argparse.Namespace) -> date:
    return args.as_of or date.today()


def _progress(stage: str, done: int, total: int) -> None:
    if not sys.stderr.isatty() or total <= 0:
        return
    width = 30
    filled = int(width * done / total)
    sys.stderr.write(
        f"\r{stage[:24]:<24} [{'#' * filled}{'.' * (width - filled)}] "
        f"{done:>10,}/{total:,}".replace(",", ".")
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_demo(args: argparse.Namespace) -> int:
    from app.db.demo import generate

    if args.customers < 1 or args.whale < 0:
        raise CommandError("--customers deve ser ao menos 1 e --whale não pode ser negativo", 2)
    db = _open(args, create=True)
    stats = generate(
        db,
        seed=args.seed,
        customers=args.customers,
        whale=args.whale,
        reference=_today(args),
        progress=_progress,
    )
    counts = stats.as_dict()
    print(
        f"banco de demonstração criado: {counts['clientes']} clientes, "
        f"{counts['titulos']} títulos, {counts['venda_itens']} itens de venda, "
        f"{counts['acordos']} acordos, {counts['programacoes']} programações"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.db.importer import ImportFailed, import_folder

    db = _open(args, create=True)
    try:
        report = import_folder(db, args.folder, progress=_progress)
    except ImportFailed as exc:
        for issue in exc.issues:
            print(str(issue), file=sys.stderr)
        if exc.omitted:
            print(f"... e mais {exc.omitted} problema(s) não listados", file=sys.stderr)
        total = len(exc.issues) + exc.omitted
        print(f"importação cancelada: {total} problema(s); nada foi gravado", file=sys.stderr)
        return EXIT_DATA
    print(str(report))
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from app.db.migrate import schema_state

    if args.db_command == "upgrade":
        db = _open(args, create=True, auto_upgrade=True)
        print(f"esquema atualizado: versão {schema_state(db.engine).current}")
        return 0
    from app.db.engine import connect_engine, describe_db_error

    url, _ = resolve_db_url(args.db)
    try:
        engine, _ = connect_engine(url)
    except DatabaseError as exc:
        raise CommandError(str(exc), EXIT_ENVIRONMENT) from exc
    try:
        state = schema_state(engine)
    except Exception as exc:  # noqa: BLE001 - reported as one line
        raise CommandError(describe_db_error(exc, engine.url), EXIT_ENVIRONMENT) from exc
    finally:
        engine.dispose()
    situation = "atualizado" if state.up_to_date else "precisa de 'db upgrade'"
    print(
        f"versão do esquema: {state.current or '(vazio)'}; deste programa: {state.head} "
        f"({situation})"
    )
    return 0


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


# the order of the statuses in the summary's JSON (as documented in the README)
SUMMARY_ORDER = (
    Status.EM_ABERTO,
    Status.VENCIDO,
    Status.COBRANCA,
    Status.NEGATIVADO,
    Status.RECEBIDO,
    Status.CANCELADO,
)


def cmd_summary(args: argparse.Namespace) -> int:
    from app.db import clientes, financeiro

    as_of = _today(args)
    db = _open(args)
    with db.session() as session:
        info = clientes.get_by_code(session, args.customer)
        rows = financeiro.load_titulos(session, info.id, as_of, empresa=args.empresa)
    summary = financeiro.summarize(rows)
    print(
        json.dumps(
            {
                "customer": info.codigo,
                "as_of": as_of.isoformat(),
                "total_a_receber": _money(summary.total_a_receber),
                "total_atualizado": _money(summary.total_atualizado),
                "status": {
                    status.value: {
                        "count": t.count,
                        "valor": _money(t.valor),
                        "saldo": _money(t.saldo),
                    }
                    for status in SUMMARY_ORDER
                    for t in (summary.by_status[status],)
                },
            },
            ensure_ascii=False,
        )
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.db import clientes
    from app.db.sections import SECTIONS, load_rows
    from app.export import ExportError, export_rows

    as_of = _today(args)
    db = _open(args)
    statuses = [Status(s) for s in args.status] if args.status else None
    with db.session() as session:
        info = clientes.get_by_code(session, args.customer)
        rows = load_rows(
            session, args.section, info.id, as_of, statuses=statuses, empresa=args.empresa
        )
    section = SECTIONS[args.section]
    try:
        export_rows(args.out, args.format, section.columns, rows, title=section.title)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    print(f"{len(rows)} linha(s) gravada(s) em {args.out}")
    return 0


def cmd_negotiate(args: argparse.Namespace) -> int:
    from app.domain.acordo import AcordoInvalido
    from app.negotiate_cli import describe_invalid, negotiate_from_args

    db = _open(args)
    try:
        numero = negotiate_from_args(db, args)
    except AcordoInvalido as exc:
        raise CommandError(describe_invalid(exc)) from exc
    print(numero)
    return 0


def cmd_break_negotiation(args: argparse.Namespace) -> int:
    from app.negotiate_cli import break_from_args

    cancelled = break_from_args(_open(args), args)
    print(
        f"acordo {cancelled.numero} da empresa {cancelled.empresa_codigo} quebrado: "
        f"{len(cancelled.reopened_titulo_ids)} título(s) reabertos"
    )
    return 0


def cmd_print_negotiation(args: argparse.Namespace) -> int:
    from app.printing.commands import PrintError, print_negotiation

    if args.copies < 1:
        raise CommandError("--copies deve ser ao menos 1", EXIT_ENVIRONMENT)
    db = _open(args)
    try:
        print(
            print_negotiation(
                db,
                args.numero,
                args.empresa,
                pdf=args.pdf,
                printer=args.printer,
                copies=args.copies,
            )
        )
    except PrintError as exc:
        raise CommandError(str(exc)) from exc
    return 0


def cmd_verify_negotiation(args: argparse.Namespace) -> int:
    from app.printing.verification import verify

    db = _open(args)
    with db.session() as session:
        result = verify(session, args.code)
    print(result.message())
    return 0 if result.matches else EXIT_DATA


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "import": cmd_import,
    "db": cmd_db,
    "summary": cmd_summary,
    "export": cmd_export,
    "negotiate": cmd_negotiate,
    "break-negotiation": cmd_break_negotiation,
    "print-negotiation": cmd_print_negotiation,
    "verify-negotiation": cmd_verify_negotiation,
}


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging()
    args = build_parser().parse_args(argv)
    if args.command is None:
        from app.views.app import run_window

        return run_window(args)
    try:
        return COMMANDS[args.command](args)
    except CommandError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return exc.code
    except (NotFound, ConcurrentChange, AcordoRecusado) as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return EXIT_DATA
    except DatabaseError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("interrompido", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last guard: a line, never a traceback
        return _unexpected(exc)


def _unexpected(exc: BaseException) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from app.db.engine import describe_db_error

    log.exception("unexpected error")
    if isinstance(exc, SQLAlchemyError):
        print(f"erro: {describe_db_error(exc)}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    print(
        f"erro inesperado ({type(exc).__name__}); detalhes no registro do programa", file=sys.stderr
    )
    return 3
