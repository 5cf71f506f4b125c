"""CUPS and cups-pdf for the printing tests: is it there, where do jobs land, what did they print.

The spooled PDF holds the page *images* our QPrinter painted (paper and PDF come
from one document, rasterised for the printer), so its content is checked by
comparing every page with the document's own rendering and, when tesseract is
installed, by reading the acordo number and the debtor's name back with OCR.
"""

from __future__ import annotations

import configparser
import io
import os
import pwd
import re
import shutil
import subprocess
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from acordo_fixtures import CLIENTE
from pypdf import PdfReader

from app.db.engine import Database
from app.domain.text import normalize_search
from app.printing.commands import build_pdf

PRINTER = "PDF"
IN_CI = os.environ.get("CI", "").lower() == "true"
JOB_TIMEOUT_S = 120
SETUP = (
    "apt-get install -y cups printer-driver-cups-pdf; cupsd; "
    f"lpadmin -p {PRINTER} -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -E"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=30, check=False)  # noqa: S603


def cups_problem() -> str | None:
    if shutil.which("lpstat") is None:
        return "CUPS is not installed (no lpstat)"
    if "is running" not in run("lpstat", "-r").stdout:
        return "the CUPS scheduler (cupsd) is not running"
    if run("lpstat", "-p", PRINTER).returncode != 0:
        return f"CUPS has no printer {PRINTER!r}"
    return None


def require_cups() -> None:
    """Skip (fail under CI=true) unless CUPS runs and has the PDF printer."""
    problem = cups_problem()
    if problem is not None:
        message = f"{problem}; to run the CUPS tests: {SETUP}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _spool_dirs() -> list[Path]:
    """Where cups-pdf writes: its Out setting (${HOME} = the job owner's home) and ANONYMOUS."""
    home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    dirs = [home / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS")]
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.is_file():
        parser = configparser.ConfigParser(delimiters=(" ", "\t"), interpolation=None)
        lines = [ln for ln in conf.read_text(errors="replace").splitlines() if ln.strip()]
        try:
            parser.read_string("[cups-pdf]\n" + "\n".join(lines))
            out = parser.get("cups-pdf", "out", fallback=None)
        except configparser.Error:
            out = None
        if out:
            dirs.insert(0, Path(out.strip().replace("${HOME}", str(home))))
    return dirs


def spooled_files() -> dict[Path, int]:
    found = {}
    for folder in _spool_dirs():
        if folder.is_dir():
            for path in folder.glob("*.pdf"):
                found[path] = path.stat().st_mtime_ns
    return found


def wait_for_job(before: dict[Path, int]) -> Path:
    """The PDF cups-pdf wrote for the job just sent, once the queue is empty."""
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < deadline:
        queued = run("lpstat", "-o", PRINTER).stdout.strip()
        new = [p for p, m in spooled_files().items() if before.get(p) != m and p.stat().st_size > 0]
        if not queued and new:
            return max(new, key=lambda p: p.stat().st_mtime_ns)
        time.sleep(0.5)
    completed = run("lpstat", "-W", "completed", "-o", PRINTER).stdout
    pytest.fail(f"no spooled PDF after {JOB_TIMEOUT_S}s; completed jobs:\n{completed}")


Pixels = tuple[int, int, bytes]  # width, height, one grey byte per pixel


def grey_pixels(pdf: bytes | Path, index: int, dpi: int = 100, block: int = 5) -> Pixels:
    """Page ``index`` in grey, averaged over ``block`` x ``block`` squares.

    Averaging evens out how differently a rasterised page and vector text are
    anti-aliased, while keeping every line of text and every table in place.
    """
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[index].render(scale=dpi / 72, grayscale=True)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        raw = bytes(bitmap.buffer)
        bitmap.close()
    finally:
        document.close()
    w, h = width // block, height // block
    out = bytearray(w * h)
    for y in range(h):
        rows = [raw[(y * block + i) * stride :][: w * block] for i in range(block)]
        for x in range(w):
            total = sum(sum(row[x * block : x * block + block]) for row in rows)
            out[y * w + x] = total // (block * block)
    return w, h, bytes(out)


def difference(a: Pixels, b: Pixels) -> float:
    """Mean absolute grey difference (0..255) over the common area."""
    width, height = min(a[0], b[0]), min(a[1], b[1])
    total = 0
    for y in range(height):
        row_a, row_b = a[2][y * a[0] : y * a[0] + width], b[2][y * b[0] : y * b[0] + width]
        total += sum(abs(p - q) for p, q in zip(row_a, row_b, strict=True))
    return total / (width * height)


def _ocr_first_page(spooled: Path, tmp_path: Path) -> str | None:
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        # .ci/run installs tesseract-ocr: under CI the printed text must be read back
        assert os.environ.get("CI") != "true", (
            "tesseract is missing (apt-get install tesseract-ocr)"
        )
        return None
    languages = run(tesseract, "--list-langs").stdout.split()
    document = pdfium.PdfDocument(spooled)
    try:
        page = document[0]
        height = page.get_height()
        # the top third: title, parties, the acordo number
        bitmap = page.render(scale=300 / 72, crop=(0, height * 2 / 3, 0, 0))
        image = tmp_path / "page1.ppm"
        header = f"P6 {bitmap.width} {bitmap.height} 255\n".encode()
        raw = bytes(bitmap.buffer)
        rows = (
            raw[y * bitmap.stride : y * bitmap.stride + bitmap.width * 3][::-1]
            for y in range(bitmap.height)
        )
        # pdfium gives BGR; reversing a row turns it into RGB pixels in reverse order
        image.write_bytes(header + b"".join(_reverse_pixels(r) for r in rows))
        bitmap.close()
    finally:
        document.close()
    lang = "por" if "por" in languages else "eng"
    return run(tesseract, str(image), "-", "-l", lang).stdout


def _reverse_pixels(row: bytes) -> bytes:
    return b"".join(row[i : i + 3] for i in range(len(row) - 3, -1, -3))


def check_spooled(db: Database, acordo_id: int, spooled: Path, tmp_path: Path) -> None:
    """The spooled PDF shows the termo of ``acordo_id`` page by page; it is removed after."""
    try:
        _check_spooled(db, acordo_id, spooled, tmp_path)
    finally:
        spooled.unlink(missing_ok=True)


def _check_spooled(db: Database, acordo_id: int, spooled: Path, tmp_path: Path) -> None:
    _doc, ours = build_pdf(db, acordo_id)
    reader = PdfReader(spooled)
    assert len(reader.pages) == len(PdfReader(io.BytesIO(ours)).pages)
    assert "Termo de acordo 123" in str((reader.metadata or {}).get("/Title", ""))
    pages = len(reader.pages)
    for index in range(pages):
        printed = grey_pixels(spooled, index)
        same = difference(printed, grey_pixels(ours, index))
        other = difference(printed, grey_pixels(ours, (index + 1) % pages))
        # measured: ~2.3 for the same page, ~17 for another page of the same termo
        assert same < 5 and same < other / 3, f"page {index + 1}: {same:.1f} vs {other:.1f}"
    text = _ocr_first_page(spooled, tmp_path)
    if text is not None:
        flat = normalize_search(text)
        assert re.search(r"acordo n\S* 123", flat), text
        assert normalize_search(str(CLIENTE["nome"])) in flat, text
