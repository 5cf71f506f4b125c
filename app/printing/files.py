"""Writing a file all at once: a temporary file beside it, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from app.printing.errors import PrintError

__all__ = ["write_atomically"]

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "sem permissão de escrita"
    if isinstance(exc, FileNotFoundError):
        return "a pasta não existe"
    if isinstance(exc, IsADirectoryError):
        return "o caminho é uma pasta"
    return exc.strerror or type(exc).__name__


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either complete or untouched.

    Raises ``PrintError`` with the reason; no partial or temporary file is left.
    """
    target = Path(path)
    if target.is_dir():
        raise PrintError(f"não foi possível gravar o PDF em {target}: o caminho é uma pasta")
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp makes it 0600
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise PrintError(f"não foi possível gravar o PDF em {target}: {_reason(exc)}") from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
