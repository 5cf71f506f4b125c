"""Status, saldo and charges of a título as of a date (DOMAIN.md)."""

from datetime import date
from decimal import Decimal

import pytest

from app.domain.titulos import (
    DEFAULT_RATES,
    OPEN_STATUSES,
    STATUS_ORDER,
    Bucket,
    Position,
    Rates,
    Status,
    TituloFacts,
    ageing_bucket,
    position,
    received_as_of,
    total_a_receber,
    total_atualizado,
)

D = Decimal
SATURDAY = date(2026, 11, 14)  # vencimento real: Monday 16/11 (15/11 is Sunday and a holiday)
MONDAY = date(2026, 11, 9)  # a plain business day


def facts(
    valor: str = "1000.00",
    vencimento: date = MONDAY,
    received: str = "0.00",
    *,
    cancelado_em: date | None = None,
    negativado_em: date | None = None,
    cobranca_em: date | None = None,
) -> TituloFacts:
    return TituloFacts(
        valor=D(valor),
        emissao=date(2026, 10, 1),
        vencimento=vencimento,
        received=D(received),
        cancelado_em=cancelado_em,
        negativado_em=negativado_em,
        cobranca_em=cobranca_em,
    )


def pos(f: TituloFacts, as_of: date, rates: Rates = DEFAULT_RATES) -> Position:
    p = position(f, as_of, rates)
    assert p is not None
    return p


# --- enums and constants ---------------------------------------------------------------


def test_status_values_and_labels() -> None:
    assert [(s.value, s.label) for s in Status] == [
        ("em_aberto", "Em aberto"),
        ("vencido", "Vencido"),
        ("cobranca", "Cobrança"),
        ("negativado", "Negativado"),
        ("recebido", "Recebido"),
        ("cancelado", "Cancelado"),
    ]
    assert Status("vencido") is Status.VENCIDO
    assert str(Status.VENCIDO) == "vencido"


def test_open_statuses_and_order() -> None:
    assert OPEN_STATUSES == {Status.EM_ABERTO, Status.VENCIDO, Status.COBRANCA, Status.NEGATIVADO}
    assert STATUS_ORDER == (
        Status.VENCIDO,
        Status.EM_ABERTO,
        Status.CANCELADO,
        Status.RECEBIDO,
        Status.NEGATIVADO,
        Status.COBRANCA,
    )
    assert set(STATUS_ORDER) == set(Status)


# --- rates -----------------------------------------------------------------------------


def test_default_rates() -> None:
    assert Rates() == Rates(D("2.00"), D("1.00"))


def test_multa_cap() -> None:
    Rates(multa_percentual=D("2.00"))
    Rates(multa_percentual=D("0"))
    with pytest.raises(ValueError) as info:
        Rates(multa_percentual=D("2.01"))
    assert str(info.value) == "multa acima de 2,00% não é permitida (CDC art. 52 §1º)"


@pytest.mark.parametrize(
    ("multa", "juros"),
    [("-0.01", "1"), ("1", "-0.01"), ("1", "10.01"), ("NaN", "1"), ("1", "Infinity")],
)
def test_rates_refused(multa: str, juros: str) -> None:
    with pytest.raises(ValueError):
        Rates(D(multa), D(juros))


def test_rates_limits_accepted() -> None:
    assert Rates(D("2.00"), D("10.00")).juros_mensal_percentual == D("10.00")


# --- received and existence ------------------------------------------------------------


def test_received_as_of_counts_only_recebimentos_up_to_the_date() -> None:
    recebimentos = [
        (date(2026, 11, 1), D("100.00")),
        (date(2026, 11, 10), D("50.50")),
        (date(2026, 11, 11), D("25.00")),
    ]
    assert received_as_of(recebimentos, date(2026, 10, 31)) == D("0.00")
    assert received_as_of(recebimentos, date(2026, 11, 10)) == D("150.50")
    assert received_as_of(recebimentos, date(2026, 12, 1)) == D("175.50")
    assert received_as_of([], date(2026, 12, 1)) == D("0.00")


def test_not_yet_issued_is_none() -> None:
    f = facts()
    assert position(f, date(2026, 9, 30)) is None
    assert position(f, date(2026, 10, 1)) is not None


# --- status precedence -----------------------------------------------------------------


def test_em_aberto_until_the_vencimento() -> None:
    p = pos(facts(), MONDAY)
    assert p == Position(Status.EM_ABERTO, D("0.00"), D("1000.00"), 0, D(0), D(0), D("1000.00"))
    assert p.is_open and p.encargos == 0


def test_vencido_the_day_after() -> None:
    p = pos(facts(), date(2026, 11, 10))
    assert p.status is Status.VENCIDO
    assert p.dias_atraso == 1


def test_due_saturday_paid_monday_was_never_late() -> None:
    monday = date(2026, 11, 16)
    open_p = pos(facts(vencimento=SATURDAY), monday)
    assert open_p.status is Status.EM_ABERTO
    assert open_p.encargos == 0
    paid = pos(facts(vencimento=SATURDAY, received="1000.00"), monday)
    assert paid.status is Status.RECEBIDO


def test_overdue_after_vencimento_real_counts_days_from_original_vencimento() -> None:
    p = pos(facts(vencimento=SATURDAY), date(2026, 11, 17))
    assert p.status is Status.VENCIDO
    assert p.dias_atraso == 3  # from Saturday 14/11, not from Monday 16/11
    assert p.multa == D("20.00")
    assert p.juros == D("1.00")  # 1000 × 1% / 30 × 3
    assert p.valor_atualizado == D("1021.00")


def test_holiday_friday_consciencia_negra() -> None:
    f = facts(vencimento=date(2026, 11, 20))
    assert pos(f, date(2026, 11, 23)).status is Status.EM_ABERTO
    p = pos(f, date(2026, 11, 24))
    assert p.status is Status.VENCIDO
    assert p.dias_atraso == 4


def test_cancelado_wins_over_everything() -> None:
    f = facts(
        received="1000.00",
        cancelado_em=date(2026, 11, 20),
        negativado_em=date(2026, 11, 1),
        cobranca_em=date(2026, 11, 1),
    )
    assert pos(f, date(2026, 11, 20)).status is Status.CANCELADO
    assert pos(f, date(2026, 11, 19)).status is Status.RECEBIDO


def test_cancelado_keeps_its_saldo_but_owes_nothing() -> None:
    f = facts(received="300.00", cancelado_em=date(2026, 11, 20))
    p = pos(f, date(2026, 12, 31))
    assert p.status is Status.CANCELADO
    assert p.saldo == D("700.00")
    assert p.received == D("300.00")
    assert (p.dias_atraso, p.multa, p.juros, p.valor_atualizado) == (0, D(0), D(0), D(0))
    assert not p.is_open


def test_future_cancellation_does_not_count() -> None:
    f = facts(cancelado_em=date(2026, 12, 1))
    assert pos(f, date(2026, 11, 30)).status is Status.VENCIDO


def test_recebido_wins_over_negativado_and_cobranca() -> None:
    f = facts(received="1000.00", negativado_em=MONDAY, cobranca_em=MONDAY)
    p = pos(f, date(2026, 12, 31))
    assert p.status is Status.RECEBIDO
    assert (p.saldo, p.dias_atraso, p.encargos, p.valor_atualizado) == (D(0), 0, D(0), D(0))


def test_overpayment_is_recebido_with_zero_saldo() -> None:
    p = pos(facts(received="1200.00"), date(2026, 12, 31))
    assert p.status is Status.RECEBIDO
    assert p.saldo == D("0.00")


def test_negativado_wins_over_cobranca() -> None:
    f = facts(negativado_em=date(2026, 11, 20), cobranca_em=date(2026, 11, 15))
    assert pos(f, date(2026, 11, 20)).status is Status.NEGATIVADO
    assert pos(f, date(2026, 11, 19)).status is Status.COBRANCA
    assert pos(f, date(2026, 11, 14)).status is Status.VENCIDO
    assert pos(f, MONDAY).status is Status.EM_ABERTO


def test_negativado_and_cobranca_get_charges_when_overdue() -> None:
    for f in (facts(negativado_em=MONDAY), facts(cobranca_em=MONDAY)):
        p = pos(f, date(2026, 11, 19))
        assert p.is_open
        assert p.dias_atraso == 10
        assert p.multa == D("20.00")
        assert p.juros == D("3.33")  # 1000 × 1% / 30 × 10 = 3.333…
        assert p.valor_atualizado == D("1023.33")


def test_negativado_before_the_vencimento_has_no_charges() -> None:
    p = pos(facts(vencimento=date(2026, 12, 1), negativado_em=date(2026, 11, 5)), date(2026, 11, 9))
    assert p.status is Status.NEGATIVADO
    assert (p.dias_atraso, p.encargos, p.valor_atualizado) == (0, D(0), D("1000.00"))


def test_partial_payment_charges_on_the_saldo() -> None:
    p = pos(facts(received="400.00"), date(2026, 11, 24))  # 15 days late
    assert p.saldo == D("600.00")
    assert p.multa == D("12.00")
    assert p.juros == D("3.00")
    assert p.valor_atualizado == D("615.00")


# --- charges ---------------------------------------------------------------------------


def test_multa_and_juros_round_half_up_per_titulo() -> None:
    # saldo 0.25: multa 0.005 -> 0.01; saldo 15.00, 1 day: juros 0.005 -> 0.01.
    assert pos(facts(valor="0.25"), date(2026, 11, 10)).multa == D("0.01")
    p = pos(facts(valor="15.00"), date(2026, 11, 10))
    assert p.juros == D("0.01")
    assert p.multa == D("0.30")


def test_totals_are_sums_of_rounded_values() -> None:
    ps = [pos(facts(valor="15.00"), date(2026, 11, 10)) for _ in range(2)]
    assert sum(p.juros for p in ps) == D("0.02")  # not round(0.005 + 0.005)
    assert total_atualizado(ps) == D("30.62")  # 2 × (15.00 + 0.30 + 0.01)


def test_juros_uses_no_intermediate_rounding() -> None:
    # 1000 × 1% / 30 = 0.3333… per day; 100 days -> 33.33 (33.00 with per-day rounding).
    p = pos(facts(), date(2027, 2, 17))
    assert p.dias_atraso == 100
    assert p.juros == D("33.33")


def test_custom_rates() -> None:
    rates = Rates(D("1.50"), D("3.00"))
    p = pos(facts(), date(2026, 11, 19), rates)
    assert p.multa == D("15.00")
    assert p.juros == D("10.00")
    zero = pos(facts(), date(2026, 11, 19), Rates(D(0), D(0)))
    assert zero.status is Status.VENCIDO
    assert (zero.encargos, zero.valor_atualizado) == (D(0), D("1000.00"))


def test_facts_dated_after_as_of_do_not_count() -> None:
    # The caller sums recebimentos up to D; dated events after D are ignored here.
    f = facts(negativado_em=date(2026, 12, 1), cobranca_em=date(2026, 12, 2))
    assert pos(f, date(2026, 11, 30)).status is Status.VENCIDO
    assert pos(f, date(2026, 12, 1)).status is Status.NEGATIVADO


# --- totals and ageing -----------------------------------------------------------------


def test_totals_only_over_open_titulos() -> None:
    as_of = date(2026, 11, 19)
    ps = [
        pos(facts(), as_of),  # vencido, 10 days: 1023.33
        pos(facts(vencimento=date(2026, 12, 9)), as_of),  # em aberto: 1000.00
        pos(facts(valor="500.00", cancelado_em=MONDAY), as_of),
        pos(facts(received="1000.00"), as_of),
        pos(facts(valor="200.00", negativado_em=MONDAY), as_of),  # 200 + 4.00 + 0.67
    ]
    assert total_a_receber(ps) == D("2200.00")
    assert total_atualizado(ps) == D("2228.00")
    assert total_a_receber([]) == D("0.00")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2026, 11, 9), Bucket.A_VENCER),
        (date(2026, 11, 10), Bucket.D1_30),
        (date(2026, 12, 9), Bucket.D1_30),  # 30 days
        (date(2026, 12, 10), Bucket.D31_60),  # 31 days
        (date(2027, 1, 8), Bucket.D31_60),  # 60 days
        (date(2027, 1, 9), Bucket.D61_90),
        (date(2027, 2, 7), Bucket.D61_90),  # 90 days
        (date(2027, 2, 8), Bucket.D90_MAIS),
    ],
)
def test_ageing_bucket(as_of: date, expected: Bucket) -> None:
    assert ageing_bucket(pos(facts(), as_of)) is expected


def test_ageing_bucket_of_closed_titulos_is_none() -> None:
    assert ageing_bucket(pos(facts(received="1000.00"), date(2027, 1, 1))) is None
    assert ageing_bucket(pos(facts(cancelado_em=MONDAY), date(2027, 1, 1))) is None


def test_bucket_labels() -> None:
    assert [(b.value, b.label) for b in Bucket] == [
        ("a_vencer", "A vencer"),
        ("1_30", "1–30 dias"),
        ("31_60", "31–60 dias"),
        ("61_90", "61–90 dias"),
        ("90_mais", "Mais de 90 dias"),
    ]
