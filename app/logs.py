"""Logging to a rotating file in the user's log folder, with personal data masked."""

from __future__ import annotations

import io
import logging
import os
from logging.handlers import RotatingFileHandler

from app.config import log_dir
from app.domain.documents import mask_personal_data

LOG_FILE_NAME = "historico.log"


class MaskingFormatter(logging.Formatter):
    """Masks CPFs in every message and trace (LGPD)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_personal_data(super().format(record))


class PrivateRotatingFileHandler(RotatingFileHandler):
    """Creates its files readable by the owner only, after a rollover too."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    try:
        path = log_dir() / LOG_FILE_NAME
        handler = PrivateRotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        os.chmod(path, 0o600)  # a file an older version created
    except OSError:
        return  # no log file is better than no program
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
