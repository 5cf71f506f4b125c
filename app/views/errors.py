"""Turning an exception from a worker into one line for the user (never a traceback)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from sqlalchemy.exc import SQLAlchemyError

from app.db.engine import describe_db_error
from app.db.errors import DatabaseError, NotFound

log = logging.getLogger(__name__)


def is_database_problem(exc: BaseException) -> bool:
    """The database could not be reached or used (the window offers 'Tentar novamente')."""
    return isinstance(exc, DatabaseError | SQLAlchemyError | OSError) and not isinstance(
        exc, NotFound
    )


def user_message(exc: BaseException) -> str:
    """A short Portuguese message; unexpected errors are logged with their trace."""
    if isinstance(exc, DatabaseError):
        return str(exc)
    if isinstance(exc, SQLAlchemyError | OSError):
        log.warning("database error: %s", type(exc).__name__, exc_info=exc)
        return describe_db_error(exc)
    log.error("unexpected error in a background task", exc_info=exc)
    return QCoreApplication.translate(
        "errors", "Erro inesperado ({name}); os detalhes foram registrados no log do programa."
    ).format(name=type(exc).__name__)
