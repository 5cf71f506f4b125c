"""Reading the audit log back in the printing tests."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app.db.engine import Database
from app.db.schema import AuditEntry


def audit_entries(db: Database, acao: str) -> list[dict[str, Any]]:
    """The details of every ``acao`` entry, oldest first, with entidade_id and usuario added."""
    with db.session() as s:
        rows = s.execute(
            select(
                AuditEntry.entidade, AuditEntry.entidade_id, AuditEntry.usuario, AuditEntry.detalhes
            )
            .where(AuditEntry.acao == acao)
            .order_by(AuditEntry.id)
        ).all()
    return [
        {
            **json.loads(r.detalhes),
            "entidade": r.entidade,
            "entidade_id": r.entidade_id,
            "usuario": r.usuario,
        }
        for r in rows
    ]
