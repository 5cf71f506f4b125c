"""Writing programações: add, edit, mark done, cancel.

Each operation runs in the caller's session (one transaction: the change and its
audit entry are written together or not at all) and returns what changed. Edits
are optimistic: the caller passes the ``versao`` it showed the user, and a row
changed meanwhile by someone else is refused with :class:`ProgramacaoAlterada`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db import audit
from app.db.errors import ConcurrentChange, NotFound
from app.db.programacao import SITUACOES, TIPOS
from app.db.schema import Empresa, Programacao
from app.domain.text import without_controls


class ProgramacaoInvalida(ValueError):
    """The form cannot be saved; str() is the message for the user."""


class ProgramacaoAlterada(ConcurrentChange):
    def __init__(self) -> None:
        Exception.__init__(
            self, "A programação foi alterada por outro usuário; recarregue e tente novamente"
        )


@dataclass(frozen=True)
class ProgramacaoInput:
    """What the clerk typed in the programação form."""

    empresa: str  # the empresa's código
    data: date
    hora: time | None
    tipo: str
    descricao: str
    responsavel: str | None = None

    def checked(self) -> ProgramacaoInput:
        """Trimmed, invisible control characters dropped (line breaks and tabs kept in
        the descrição); raises ProgramacaoInvalida with a message for the clerk."""
        descricao = without_controls(self.descricao, keep="\n\t").strip()
        responsavel = without_controls(self.responsavel or "").strip() or None
        if self.tipo not in TIPOS:
            raise ProgramacaoInvalida(f"tipo de programação desconhecido: {self.tipo}")
        if not descricao:
            raise ProgramacaoInvalida("informe a descrição da programação")
        if responsavel is not None and len(responsavel) > 100:
            raise ProgramacaoInvalida("o nome do responsável tem mais de 100 caracteres")
        return ProgramacaoInput(
            self.empresa, self.data, self.hora, self.tipo, descricao, responsavel
        )


@dataclass(frozen=True)
class ProgramacaoRecord:
    """One programação as the edit form shows it, with the versão it was read at."""

    id: int
    empresa: str
    data: date
    hora: time | None
    tipo: str
    descricao: str
    responsavel: str | None
    situacao: str
    versao: int


@dataclass(frozen=True)
class ProgramacaoChanged:
    """What an operation changed."""

    id: int
    versao: int
    acao: str  # incluida | alterada | realizada | cancelada | pendente


@dataclass(frozen=True)
class EmpresaOption:
    codigo: str
    nome: str


def list_empresas(session: Session) -> list[EmpresaOption]:
    """Every empresa, for the form's combo box."""
    query = select(Empresa.codigo, Empresa.nome_fantasia, Empresa.razao_social).order_by(
        Empresa.codigo
    )
    return [EmpresaOption(c, f or r) for c, f, r in session.execute(query)]


def versoes(session: Session, cliente_id: int) -> dict[int, int]:
    """The current versão of each programação of the customer (read with the grid)."""
    query = select(Programacao.id, Programacao.versao).where(Programacao.cliente_id == cliente_id)
    return {pid: v for pid, v in session.execute(query)}


def get_programacao(session: Session, programacao_id: int) -> ProgramacaoRecord:
    row = session.execute(
        select(
            Programacao.id,
            Empresa.codigo,
            Programacao.data,
            Programacao.hora,
            Programacao.tipo,
            Programacao.descricao,
            Programacao.responsavel,
            Programacao.situacao,
            Programacao.versao,
        )
        .join(Empresa, Empresa.id == Programacao.empresa_id)
        .where(Programacao.id == programacao_id)
    ).first()
    if row is None:
        raise NotFound("a programação não existe mais")
    return ProgramacaoRecord(*row)


def _empresa_id(session: Session, codigo: str) -> int:
    empresa_id = session.scalar(select(Empresa.id).where(Empresa.codigo == codigo))
    if empresa_id is None:
        raise ProgramacaoInvalida(f"empresa não encontrada: {codigo}")
    return empresa_id


def add_programacao(
    session: Session, cliente_id: int, data: ProgramacaoInput
) -> ProgramacaoChanged:
    """Schedule a new (pending) event for the customer."""
    data = data.checked()
    row = Programacao(
        empresa_id=_empresa_id(session, data.empresa),
        cliente_id=cliente_id,
        data=data.data,
        hora=data.hora,
        tipo=data.tipo,
        descricao=data.descricao,
        responsavel=data.responsavel,
        situacao="pendente",
        versao=1,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "programacao.incluir",
        "programacao",
        row.id,
        cliente_id=cliente_id,
        tipo=data.tipo,
        data=data.data,
        hora=data.hora,
    )
    return ProgramacaoChanged(row.id, 1, "incluida")


# situação -> from which situações a programação may get there: a pending one is done or
# cancelled; a done or cancelled one can only be reopened (pending) first
_FROM = {
    "realizada": ("pendente",),
    "cancelada": ("pendente",),
    "pendente": ("realizada", "cancelada"),
}
_REFUSED = {
    "realizada": "só uma programação pendente pode ser marcada como realizada",
    "cancelada": "só uma programação pendente pode ser cancelada",
    "pendente": "a programação já está pendente",
    "alterar": "só uma programação pendente pode ser alterada",
}


def _write(
    session: Session,
    programacao_id: int,
    versao: int,
    allowed: tuple[str, ...],
    refused: str,
    **values: object,
) -> int:
    """Write ``values`` if the programação is still at ``versao`` (optimistic) and in one
    of the ``allowed`` situações, in one statement; else the reason, in Portuguese."""
    result = session.execute(
        update(Programacao)
        .where(
            Programacao.id == programacao_id,
            Programacao.versao == versao,
            Programacao.situacao.in_(allowed),
        )
        .values(versao=versao + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        current = session.scalar(select(Programacao.versao).where(Programacao.id == programacao_id))
        if current is None:
            raise NotFound("a programação não existe mais")
        if current != versao:
            raise ProgramacaoAlterada()
        raise ProgramacaoInvalida(_REFUSED[refused])
    return versao + 1


def update_programacao(
    session: Session, programacao_id: int, versao: int, data: ProgramacaoInput
) -> ProgramacaoChanged:
    """Change date, time, type, description, responsável or empresa of a programação."""
    data = data.checked()
    new = _write(
        session,
        programacao_id,
        versao,
        ("pendente",),
        "alterar",
        empresa_id=_empresa_id(session, data.empresa),
        data=data.data,
        hora=data.hora,
        tipo=data.tipo,
        descricao=data.descricao,
        responsavel=data.responsavel,
    )
    audit.record(
        session,
        "programacao.alterar",
        "programacao",
        programacao_id,
        tipo=data.tipo,
        data=data.data,
        hora=data.hora,
    )
    return ProgramacaoChanged(programacao_id, new, "alterada")


_ACOES = {"realizada": "realizada", "cancelada": "cancelada", "pendente": "pendente"}


def set_situacao(
    session: Session, programacao_id: int, versao: int, situacao: str
) -> ProgramacaoChanged:
    """Mark a pending programação as done (realizada) or cancel it, or reopen (pendente)
    one done or cancelled; any other change is refused with the reason."""
    if situacao not in SITUACOES:
        raise ProgramacaoInvalida(f"situação desconhecida: {situacao}")
    new = _write(session, programacao_id, versao, _FROM[situacao], situacao, situacao=situacao)
    audit.record(
        session, f"programacao.{situacao}", "programacao", programacao_id, situacao=situacao
    )
    return ProgramacaoChanged(programacao_id, new, _ACOES[situacao])
