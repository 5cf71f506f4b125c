"""Customer search on both databases: contains (accents and case ignored), code, CPF/CNPJ
with or without mask, literal metacharacters, and the limit."""

from __future__ import annotations

from sqlalchemy import insert

from app.db import clientes
from app.db.engine import Database
from app.db.schema import Cliente
from app.domain.text import normalize_search
from tests import factories as f


def _names(db: Database, query: str, limit: int = 50) -> list[str]:
    with db.session() as s:
        return [h.nome for h in clientes.search(s, query, limit=limit)]


def _fill(db: Database) -> None:
    with db.session() as s:
        f.cliente(s, "C1", nome="João da Silva", cpf_cnpj="52998224725")
        f.cliente(s, "C2", nome="Maria Souza", cpf_cnpj="11144477735")
        f.cliente(s, "C3", nome="Ana 100% Feliz_Ltda", cpf_cnpj="11222333000181")
        f.cliente(s, "C4", nome='José "Zé" Conceição', cpf_cnpj="39053344705")
        f.cliente(s, "C5", nome="Joana Silvana", cpf_cnpj="71428793860")


def test_contains_ignores_accents_and_case(db: Database) -> None:
    _fill(db)
    assert _names(db, "joao") == ["João da Silva"]
    assert sorted(_names(db, "SILV")) == ["Joana Silvana", "João da Silva"]
    assert _names(db, "conceicao") == ['José "Zé" Conceição']
    assert _names(db, "ÃO DA S") == ["João da Silva"]  # across words
    assert _names(db, "xyz") == []


def test_code_and_document_with_or_without_mask(db: Database) -> None:
    _fill(db)
    assert _names(db, "C2") == ["Maria Souza"]
    assert _names(db, "c2") == ["Maria Souza"]
    assert _names(db, "529.982.247-25") == ["João da Silva"]
    assert _names(db, "52998224725") == ["João da Silva"]
    assert _names(db, "529.98") == ["João da Silva"]  # a prefix of the CPF
    assert _names(db, "11.222.333/0001-81") == ["Ana 100% Feliz_Ltda"]


def test_metacharacters_are_literal(db: Database) -> None:
    _fill(db)
    assert _names(db, "100%") == ["Ana 100% Feliz_Ltda"]
    assert _names(db, "%") == ["Ana 100% Feliz_Ltda"]
    assert _names(db, "feliz_") == ["Ana 100% Feliz_Ltda"]
    assert _names(db, "z_l") == ["Ana 100% Feliz_Ltda"]
    assert _names(db, "_") == ["Ana 100% Feliz_Ltda"]
    assert _names(db, '"ze"') == ['José "Zé" Conceição']
    assert _names(db, '"') == ['José "Zé" Conceição']
    for hostile in ("' OR 1=1 --", "silva* OR joao", "NEAR(a b)", 'x" OR "y', "\\"):
        assert _names(db, hostile) == []


def test_many_matches_give_the_limit_sorted_by_name(db: Database) -> None:
    rows = [
        dict(
            codigo=f"S{i:05d}",
            nome=f"Cliente Silva {i:05d}",
            nome_busca=normalize_search(f"Cliente Silva {i:05d}"),
            cpf_cnpj=f"{i:011d}",
        )
        for i in range(3000)
    ]
    with db.engine.begin() as conn:
        conn.execute(insert(Cliente), rows)
    found = _names(db, "silva", limit=50)
    assert len(found) == 50
    assert found == sorted(found)
    assert all("Silva" in name for name in found)
    assert _names(db, "silva 02999") == ["Cliente Silva 02999"]
