"""The verification code: stable, sensitive to the content, and found again by verify()."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from acordo_fixtures import insert_acordo, insert_empresa_cliente
from sqlalchemy import update

from app.db.engine import Database
from app.db.schema import Acordo, Titulo
from app.printing.verification import (
    load_contents,
    normalize_code,
    verification_code,
    verify,
)

# The code of acordo_fixtures' default acordo: the same on SQLite and on PostgreSQL,
# today and after any upgrade (a printed copy must stay verifiable).
FIXTURE_CODE = "DA7KR-MYUDW"


def code_of(db: Database, acordo_id: int) -> str:
    with db.session() as s:
        return verification_code(load_contents(s, [acordo_id])[acordo_id])


def test_code_is_stable_across_databases_and_calls(db: Database) -> None:
    inserted = insert_acordo(db)
    assert code_of(db, inserted.acordo_id) == FIXTURE_CODE
    assert code_of(db, inserted.acordo_id) == FIXTURE_CODE


def test_code_changes_when_the_content_changes(db: Database) -> None:
    inserted = insert_acordo(db)
    with db.session() as s:
        s.execute(
            update(Acordo)
            .where(Acordo.id == inserted.acordo_id)
            .values(valor_negociado=Acordo.valor_negociado + Decimal("0.01"))
        )
    changed_total = code_of(db, inserted.acordo_id)
    assert changed_total != FIXTURE_CODE
    with db.session() as s:
        s.execute(
            update(Titulo)
            .where(Titulo.acordo_origem_id == inserted.acordo_id, Titulo.parcela == 2)
            .values(valor=Titulo.valor + Decimal("0.01"))
        )
    assert code_of(db, inserted.acordo_id) not in (FIXTURE_CODE, changed_total)


def test_each_field_counts() -> None:
    from app.printing.verification import AcordoContent, InstallmentContent

    base = AcordoContent(
        empresa="E01",
        numero=1,
        data=date(2026, 11, 19),
        cliente_documento="52998224725",
        valor_original=Decimal("100.00"),
        multa=Decimal("2.00"),
        juros=Decimal("1.00"),
        desconto=Decimal("0.00"),
        valor_negociado=Decimal("103.00"),
        entrada=Decimal("0.00"),
        entrada_data=None,
        parcelas=1,
        taxa_mensal=Decimal("0"),
        installments=(InstallmentContent("ACD-1", 1, date(2026, 12, 19), Decimal("103.00")),),
    )
    variants = [
        replace(base, empresa="E02"),
        replace(base, numero=2),
        replace(base, data=date(2026, 11, 20)),
        replace(base, cliente_documento="11144477735"),
        replace(base, desconto=Decimal("0.01")),
        replace(base, entrada_data=date(2026, 11, 20)),
        replace(base, taxa_mensal=Decimal("0.5")),
        replace(base, installments=()),
    ]
    codes = {verification_code(v) for v in [base, *variants]}
    assert len(codes) == len(variants) + 1
    # the same amounts however the database returns them (scale, trailing zeros)
    assert verification_code(replace(base, multa=Decimal("2"))) == verification_code(base)


def test_verify_finds_the_acordo(db: Database) -> None:
    ids = insert_empresa_cliente(db)
    insert_acordo(db, numero=7, ids=ids, parcelas=2)
    inserted = insert_acordo(db, numero=123, ids=ids)
    with db.session() as s:
        result = verify(s, "da7kr myudw")
    assert result.matches and result.acordo_id == inserted.acordo_id
    assert (result.empresa, result.numero, result.data) == ("E01", 123, date(2026, 11, 19))
    assert "confere: acordo 123 da empresa E01, de 19/11/2026" in result.message()
    assert "Maria da Conceição" in result.message()


def test_verify_says_when_nothing_matches(db: Database) -> None:
    insert_acordo(db)
    with db.session() as s:
        wrong = verify(s, "AAAAA-BBBBB")
        malformed = verify(s, "123")
    assert not wrong.matches and "NÃO confere" in wrong.message()
    assert malformed.malformed and "inválido" in malformed.message()


def test_verify_warns_about_a_broken_acordo(db: Database) -> None:
    inserted = insert_acordo(db)
    with db.session() as s:
        s.execute(
            update(Acordo)
            .where(Acordo.id == inserted.acordo_id)
            .values(situacao="quebrado", cancelado_em=date(2027, 2, 1))
        )
        result = verify(s, FIXTURE_CODE)
    assert result.matches
    assert "acordo quebrado em 01/02/2027" in result.message()


def test_normalize_code_accepts_what_people_type() -> None:
    assert normalize_code(" da7kr-myudw ") == "DA7KR-MYUDW"
    assert normalize_code("R0AIF5F6YK") == "ROAIF-5F6YK"  # a zero typed for the letter O
    assert normalize_code("1B8CD 22222") == "IBBCD-22222"  # one for I, eight for B
    assert normalize_code("ROAIF-5F6Y") == ""
    assert normalize_code("ROAIF-5F6Y9") == ""  # 9 is not base 32
