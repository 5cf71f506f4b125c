"""Headless printing for the command line: ``print-negotiation`` and ``verify-negotiation``.

Each function returns the line to print on stdout and raises
``app.db.errors.DatabaseError`` (NotFound for an unknown acordo or empresa) or
``PrintError`` with a Portuguese message. Every print and PDF export, failed or
not, is recorded in the audit log.
"""

from __future__ import annotations

from pathlib import Path

from app.db import audit
from app.db.engine import Database
from app.printing.data import AcordoDocumento, find_acordo_id, load_acordo
from app.printing.document import render_acordo
from app.printing.errors import PrintError
from app.printing.files import write_atomically
from app.printing.verification import verify

__all__ = [
    "PrintError",
    "audit_print",
    "build_pdf",
    "job_title",
    "print_negotiation",
    "verify_negotiation",
]

ACAO_IMPRESSO = "acordo_impresso"
ACAO_PDF = "acordo_pdf"


def build_pdf(database: Database, acordo_id: int) -> tuple[AcordoDocumento, bytes]:
    """Load acordo ``acordo_id`` and render its termo (safe to run off the GUI thread)."""
    with database.session() as session:
        doc = load_acordo(session, acordo_id)
    return doc, render_acordo(doc)


def audit_print(
    database: Database,
    acao: str,
    doc: AcordoDocumento,
    *,
    error: str | None = None,
    **details: object,
) -> None:
    """Record a print (``acordo_impresso``) or a PDF export (``acordo_pdf``) and its outcome."""
    outcome = {"resultado": "erro", "erro": error} if error else {"resultado": "sucesso"}
    with database.session() as session:
        audit.record(
            session,
            acao,
            "acordo",
            doc.acordo_id,
            numero=doc.numero,
            empresa=doc.credor.codigo,
            codigo_verificacao=doc.codigo_verificacao,
            **details,
            **outcome,
        )


def job_title(doc: AcordoDocumento) -> str:
    """The print job's name (print queues, cups-pdf's file name): no personal data."""
    return f"Termo de acordo {doc.numero} ({doc.credor.codigo})"


def _pages(n: int) -> str:
    return f"{n} página" if n == 1 else f"{n} páginas"


def _save_pdf(database: Database, doc: AcordoDocumento, pdf: bytes, path: Path) -> str:
    try:
        write_atomically(path, pdf)
    except PrintError as exc:
        audit_print(database, ACAO_PDF, doc, arquivo=str(path), error=str(exc))
        raise
    audit_print(database, ACAO_PDF, doc, arquivo=str(path))
    return f"acordo {doc.numero} ({doc.credor.codigo}) gravado em {path}"


def _print(database: Database, doc: AcordoDocumento, pdf: bytes, printer: str, copies: int) -> str:
    from app.printing.printer import print_pdf  # Qt only when paper is asked for

    try:
        pages = print_pdf(
            pdf,
            printer,
            copies=copies,
            title=job_title(doc),
        )
    except PrintError as exc:
        audit_print(database, ACAO_IMPRESSO, doc, impressora=printer, copias=copies, error=str(exc))
        raise
    audit_print(database, ACAO_IMPRESSO, doc, impressora=printer, copias=copies, paginas=pages)
    copias = "1 cópia" if copies == 1 else f"{copies} cópias"
    return (
        f"acordo {doc.numero} ({doc.credor.codigo}) enviado à impressora {printer} "
        f"({_pages(pages)}, {copias})"
    )


def print_negotiation(
    database: Database,
    numero: int,
    empresa: str,
    *,
    pdf: Path | None,
    printer: str | None,
    copies: int = 1,
) -> str:
    """Save acordo ``numero`` of ``empresa`` as a PDF file and/or print it; a line for stdout."""
    if pdf is None and printer is None:
        raise PrintError("informe --pdf ARQUIVO ou --printer IMPRESSORA")
    if copies < 1:
        raise PrintError("o número de cópias deve ser ao menos 1")
    with database.session() as session:
        acordo_id = find_acordo_id(session, numero, empresa)
    doc, content = build_pdf(database, acordo_id)
    lines = []
    if pdf is not None:
        lines.append(_save_pdf(database, doc, content, pdf))
    if printer is not None:
        lines.append(_print(database, doc, content, printer, copies))
    return "\n".join(lines)


def verify_negotiation(database: Database, code: str) -> str:
    """Whether a printed verification code matches a stored acordo, and which; one line."""
    with database.session() as session:
        return verify(session, code).message()
