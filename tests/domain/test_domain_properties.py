"""Property-based checks of the domain invariants (hypothesis)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.acordo import plan_acordo, price_installments, split_equal
from app.domain.calendar import is_business_day, vencimento_real
from app.domain.documents import (
    format_cnpj,
    format_cpf,
    is_valid_cnpj,
    is_valid_cpf,
    mask_cpf,
    mask_personal_data,
    normalize_cpf_cnpj,
    only_digits,
    random_cnpj,
    random_cpf,
)
from app.domain.formatting import format_decimal, format_money
from app.domain.money import CENT, parse_decimal, to_cents
from app.domain.titulos import Position, Rates, Status, TituloFacts, position
from app.domain.words import money_in_words

# No example database: nothing is written to the working tree.
SETTINGS = settings(database=None, deadline=None)


def cents(min_value: int = 0, max_value: int = 10**11) -> st.SearchStrategy[Decimal]:
    return st.integers(min_value, max_value).map(lambda c: Decimal(c) / 100)


# --- installments ----------------------------------------------------------------------


@SETTINGS
@given(n=st.integers(1, 360), data=st.data())
def test_split_equal_is_exact(n: int, data: st.DataObject) -> None:
    total = data.draw(cents(n, 10**11))
    parts = split_equal(total, n)
    assert len(parts) == n
    assert sum(parts) == total
    assert all(p >= CENT and to_cents(p) == p for p in parts)
    assert len(set(parts[1:])) <= 1
    assert 0 <= parts[0] - parts[-1] < n * CENT


@SETTINGS
@given(
    n=st.integers(1, 360),
    rate=st.integers(1, 1000).map(lambda r: Decimal(r) / 100),
    data=st.data(),
)
def test_price_installments_are_exact(n: int, rate: Decimal, data: st.DataObject) -> None:
    principal = data.draw(cents(n * 100, 10**10))  # at least R$ 1,00 per installment
    parts = price_installments(principal, n, rate)
    assert len(parts) == n
    assert all(p >= CENT and to_cents(p) == p for p in parts)
    assert len(set(parts)) == 1  # a Price table: every installment the same
    assert sum(parts) >= principal  # interest is never negative


@st.composite
def open_positions(draw: st.DrawFn) -> Position:
    saldo = draw(cents(1, 10**9))
    multa = draw(cents(0, 10**7))
    juros = draw(cents(0, 10**7))
    dias = draw(st.integers(0, 2000))
    status = draw(st.sampled_from([Status.EM_ABERTO, Status.VENCIDO, Status.NEGATIVADO]))
    return Position(status, Decimal("0.00"), saldo, dias, multa, juros, saldo + multa + juros)


@SETTINGS
@given(
    positions=st.lists(open_positions(), min_size=1, max_size=5),
    desconto_share=st.integers(0, 100),
    entrada_share=st.integers(0, 99),
    n=st.integers(1, 360),
    days_to_first_due=st.integers(0, 60),
)
def test_plan_acordo_entrada_plus_parcelas_is_total(
    positions: list[Position],
    desconto_share: int,
    entrada_share: int,
    n: int,
    days_to_first_due: int,
) -> None:
    as_of = date(2026, 11, 19)
    encargos = sum((p.multa + p.juros for p in positions), Decimal(0))
    desconto = to_cents(encargos * desconto_share / 100)
    total = sum((p.saldo for p in positions), Decimal(0)) + encargos - desconto
    entrada = to_cents(total * entrada_share / 100)
    assume(total - entrada >= n * CENT)
    plan = plan_acordo(
        positions=positions,
        as_of=as_of,
        desconto=desconto,
        entrada=entrada,
        entrada_data=as_of,
        n=n,
        first_due=as_of + timedelta(days=days_to_first_due),
    )
    assert plan.total_negociado == total
    assert plan.financiado == total - entrada
    assert plan.entrada + plan.total_parcelas == plan.total_negociado
    assert [p.numero for p in plan.parcelas] == list(range(1, n + 1))
    dues = [p.vencimento for p in plan.parcelas]
    assert dues == sorted(dues) and len(set(dues)) == n


# --- status and charges ----------------------------------------------------------------


@SETTINGS
@given(
    valor=cents(1, 10**9),
    received=cents(0, 10**9),
    vencimento=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    days_after=st.integers(-30, 2000),
)
def test_position_invariants(
    valor: Decimal, received: Decimal, vencimento: date, days_after: int
) -> None:
    facts = TituloFacts(valor, date(2019, 1, 1), vencimento, received)
    as_of = vencimento + timedelta(days=days_after)
    p = position(facts, as_of, Rates())
    assert p is not None
    assert p.saldo == max(Decimal(0), valor - received)
    if p.is_open:
        assert p.valor_atualizado == p.saldo + p.multa + p.juros
        overdue = as_of > vencimento_real(vencimento)
        assert (p.status is Status.VENCIDO) == overdue
        assert p.dias_atraso == (days_after if overdue else 0)
        assert p.multa <= to_cents(p.saldo * Decimal("0.02"))
    else:
        assert p.status is Status.RECEBIDO
        assert (p.dias_atraso, p.encargos, p.valor_atualizado) == (0, Decimal(0), Decimal(0))


@SETTINGS
@given(st.dates(date(2000, 1, 1), date(2060, 12, 31)))
def test_vencimento_real_is_the_next_business_day(d: date) -> None:
    real = vencimento_real(d)
    assert real >= d and is_business_day(real)
    assert (real - d).days <= 5
    day = d
    while day < real:
        assert not is_business_day(day)
        day += timedelta(days=1)


# --- documents -------------------------------------------------------------------------


@SETTINGS
@given(st.integers(0, 2**32))
def test_generated_documents_are_valid_and_round_trip(seed: int) -> None:
    rng = random.Random(seed)
    cpf, cnpj = random_cpf(rng), random_cnpj(rng)
    assert is_valid_cpf(cpf) and is_valid_cpf(format_cpf(cpf))
    assert is_valid_cnpj(cnpj) and is_valid_cnpj(format_cnpj(cnpj))
    assert only_digits(format_cpf(cpf)) == cpf
    assert normalize_cpf_cnpj(format_cpf(cpf)) == cpf
    assert normalize_cpf_cnpj(format_cnpj(cnpj)) == cnpj
    masked = mask_cpf(cpf)
    assert mask_cpf(format_cpf(cpf)) == masked
    assert mask_personal_data(f"cpf {format_cpf(cpf)} e {cpf}.") == f"cpf {masked} e {masked}."


# --- numbers and words -----------------------------------------------------------------


@SETTINGS
@given(places=st.integers(1, 4), units=st.integers(-(10**15), 10**15))
def test_parse_decimal_reads_format_decimal(places: int, units: int) -> None:
    value = Decimal(units).scaleb(-places)
    assert parse_decimal(format_decimal(value, places)) == value


@SETTINGS
@given(st.integers(-999, 999))
def test_parse_decimal_reads_integers_below_one_thousand(value: int) -> None:
    assert parse_decimal(format_decimal(Decimal(value), 0)) == value


@SETTINGS
@given(cents(-(10**13), 10**13))
def test_parse_decimal_reads_format_money(value: Decimal) -> None:
    assert parse_decimal(format_money(value)) == value


@SETTINGS
@given(cents(0, 10**14 - 1))
def test_money_in_words_is_clean(value: Decimal) -> None:
    words = money_in_words(value)
    assert "," not in words
    assert "  " not in words
    assert words == words.strip()
    assert ("centavo" in words) == (value % 1 != 0)
    assert words.endswith(("real", "reais", "centavo", "centavos"))
