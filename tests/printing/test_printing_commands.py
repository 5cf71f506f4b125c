"""Headless print-negotiation / verify-negotiation: PDF files, errors, audit entries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from acordo_fixtures import insert_acordo
from audit_helpers import audit_entries
from pypdf import PdfReader

from app.db.audit import current_user
from app.db.engine import Database
from app.db.errors import NotFound
from app.printing import files
from app.printing.commands import PrintError, print_negotiation, verify_negotiation


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the PDFs (tmp_path also holds the SQLite database)."""
    folder = tmp_path / "saida"
    folder.mkdir()
    return folder


def test_print_to_pdf_file(db: Database, out: Path) -> None:
    inserted = insert_acordo(db)
    target = out / "termo.pdf"
    message = print_negotiation(db, 123, "E01", pdf=target, printer=None)
    assert message == f"acordo 123 (E01) gravado em {target}"
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Acordo nº 123" in text and "Maria da Conceição Araújo Gonçalves" in text
    assert [p.name for p in out.iterdir()] == ["termo.pdf"]  # no temporary file left
    [entry] = audit_entries(db, "acordo_pdf")
    assert entry["entidade"] == "acordo" and entry["entidade_id"] == inserted.acordo_id
    assert entry["usuario"] == current_user()
    assert entry["arquivo"] == str(target) and entry["resultado"] == "sucesso"
    assert entry["numero"] == 123 and entry["empresa"] == "E01"


def test_overwrites_an_existing_file_whole(db: Database, out: Path) -> None:
    insert_acordo(db)
    target = out / "termo.pdf"
    target.write_bytes(b"old")
    print_negotiation(db, 123, "E01", pdf=target, printer=None)
    assert target.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("where", ["missing-folder", "a-folder", "proc"])
def test_unwritable_pdf_path(db: Database, out: Path, where: str) -> None:
    inserted = insert_acordo(db)
    target = {
        "missing-folder": out / "nao-existe" / "termo.pdf",
        "a-folder": out,
        "proc": Path("/proc/termo.pdf"),  # not writable, even for root
    }[where]
    with pytest.raises(PrintError, match="não foi possível gravar o PDF em"):
        print_negotiation(db, 123, "E01", pdf=target, printer=None)
    assert list(out.iterdir()) == []
    [entry] = audit_entries(db, "acordo_pdf")
    assert entry["entidade_id"] == inserted.acordo_id
    assert entry["resultado"] == "erro" and "não foi possível gravar" in entry["erro"]


def test_a_failed_write_leaves_no_partial_file(
    db: Database, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    insert_acordo(db)
    target = out / "termo.pdf"
    target.write_bytes(b"the previous copy")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(PrintError, match="No space left on device"):
        print_negotiation(db, 123, "E01", pdf=target, printer=None)
    assert target.read_bytes() == b"the previous copy"
    assert [p.name for p in out.iterdir()] == ["termo.pdf"]
    monkeypatch.undo()
    print_negotiation(db, 123, "E01", pdf=target, printer=None)  # the retry works
    assert target.read_bytes().startswith(b"%PDF-")


def test_unknown_acordo_or_empresa(db: Database, out: Path) -> None:
    insert_acordo(db)
    with pytest.raises(NotFound, match="acordo não encontrado: 999 da empresa E01"):
        print_negotiation(db, 999, "E01", pdf=out / "x.pdf", printer=None)
    with pytest.raises(NotFound, match="empresa não encontrada: E99"):
        print_negotiation(db, 123, "E99", pdf=out / "x.pdf", printer=None)
    assert list(out.iterdir()) == []


def test_needs_a_destination_and_copies(db: Database) -> None:
    insert_acordo(db)
    with pytest.raises(PrintError, match="--pdf"):
        print_negotiation(db, 123, "E01", pdf=None, printer=None)
    with pytest.raises(PrintError, match="cópias"):
        print_negotiation(db, 123, "E01", pdf=None, printer="PDF", copies=0)


def test_missing_printer_without_cups(
    db: Database, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where there is no lpstat (Windows, macOS without CUPS tools) Qt's list decides."""
    inserted = insert_acordo(db)
    monkeypatch.setattr("app.printing.printer.shutil.which", lambda _name: None)
    with pytest.raises(PrintError, match="^impressora não encontrada: NAO-EXISTE$"):
        print_negotiation(db, 123, "E01", pdf=None, printer="NAO-EXISTE")
    [entry] = audit_entries(db, "acordo_impresso")
    assert entry["entidade_id"] == inserted.acordo_id and entry["impressora"] == "NAO-EXISTE"
    assert entry["resultado"] == "erro"
    assert entry["erro"] == "impressora não encontrada: NAO-EXISTE"


def test_verify_negotiation(db: Database, out: Path) -> None:
    insert_acordo(db)
    target = out / "termo.pdf"
    print_negotiation(db, 123, "E01", pdf=target, printer=None)
    footer = PdfReader(target).pages[0].extract_text()
    code = footer.split("Código de verificação: ")[1][:11]
    assert verify_negotiation(db, code).startswith(f"o código {code} confere: acordo 123")
    assert "NÃO confere" in verify_negotiation(db, "AAAAA-AAAAA")


def test_pdf_file_permissions_follow_the_umask(db: Database, out: Path) -> None:
    insert_acordo(db)
    target = out / "termo.pdf"
    print_negotiation(db, 123, "E01", pdf=target, printer=None)
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~files._UMASK
