"""Logging to a rotating file in the user's log folder, with personal data masked."""

from __future__ import annotations

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


def setup_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    path = log_dir() / LOG_FILE_NAME
    try:
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        os.chmod(path, 0o600)
    except OSError:
        return  # no log file is better than no program
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
