"""The audit log: append-only records of who did what and when."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.db.schema import AuditEntry
from app.domain.documents import mask_personal_data


def current_user() -> str:
    """The operating-system user: who is recorded in the audit log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "desconhecido"


def record(
    session: Session,
    acao: str,
    entidade: str,
    entidade_id: int | None = None,
    **detalhes: Any,
) -> None:
    """Append one entry in the caller's transaction: written with the change or not at all."""
    session.execute(
        insert(AuditEntry).values(
            em=datetime.now(UTC).replace(tzinfo=None),
            usuario=current_user(),
            acao=acao,
            entidade=entidade,
            entidade_id=entidade_id,
            detalhes=mask_personal_data(json.dumps(detalhes, ensure_ascii=False, default=str)),
        )
    )
