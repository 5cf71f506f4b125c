"""Renegotiation planning: dates, installments, validation and totals."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.domain.acordo import (
    AcordoInvalido,
    AcordoPlan,
    Parcela,
    add_months,
    due_dates,
    plan_acordo,
    price_installments,
    split_equal,
)
from app.domain.titulos import Position, Status

D = Decimal
AS_OF = date(2026, 11, 19)
VENCIDO = Position(Status.VENCIDO, D("0.00"), D("1000.00"), 10, D("20.00"), D("3.33"), D("1023.33"))
EM_ABERTO = Position(Status.EM_ABERTO, D("0.00"), D("500.00"), 0, D(0), D(0), D("500.00"))
RECEBIDO = Position(Status.RECEBIDO, D("100.00"), D("0.00"), 0, D(0), D(0), D(0))


def plan(**overrides: Any) -> AcordoPlan:
    kwargs: dict[str, Any] = {
        "positions": [VENCIDO, EM_ABERTO],
        "as_of": AS_OF,
        "n": 3,
        "first_due": date(2026, 12, 19),
    }
    kwargs.update(overrides)
    return plan_acordo(**kwargs)


def invalid(field: str, **overrides: Any) -> str:
    with pytest.raises(AcordoInvalido) as info:
        plan(**overrides)
    assert info.value.field == field
    return str(info.value)


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 31), 2, date(2026, 3, 31)),
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 14, date(2028, 1, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
    ],
)
def test_add_months(d: date, months: int, expected: date) -> None:
    assert add_months(d, months) == expected


def test_due_dates_keep_the_first_day_of_month() -> None:
    assert due_dates(date(2026, 1, 31), 5) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]
    assert due_dates(date(2026, 1, 31), 0) == []


# --- installments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "n", "expected"),
    [
        ("100.00", 3, ["33.34", "33.33", "33.33"]),
        ("100.00", 1, ["100.00"]),
        ("0.03", 3, ["0.01", "0.01", "0.01"]),
        ("0.05", 3, ["0.03", "0.01", "0.01"]),
        ("10.00", 4, ["2.50", "2.50", "2.50", "2.50"]),
        ("1000.00", 7, ["142.90", "142.85", "142.85", "142.85", "142.85", "142.85", "142.85"]),
    ],
)
def test_split_equal(total: str, n: int, expected: list[str]) -> None:
    assert split_equal(D(total), n) == [D(v) for v in expected]


@pytest.mark.parametrize(("total", "n"), [("0.02", 3), ("0.00", 1), ("-1.00", 1)])
def test_split_equal_refuses_installments_below_one_cent(total: str, n: int) -> None:
    with pytest.raises(AcordoInvalido) as info:
        split_equal(D(total), n)
    assert info.value.field == "parcelas"


@pytest.mark.parametrize("n", [0, -1, 361])
def test_split_equal_refuses_bad_n(n: int) -> None:
    with pytest.raises(AcordoInvalido) as info:
        split_equal(D("100.00"), n)
    assert info.value.field == "parcelas"


def test_split_equal_refuses_fractions_of_a_cent() -> None:
    with pytest.raises(ValueError):
        split_equal(D("10.005"), 2)


def test_price_installments() -> None:
    # PMT = 1000 × 0.01 / (1 − 1.01^−12) = 88.8487… -> 88.85 each, as banks print it.
    result = price_installments(D("1000.00"), 12, D("1"))
    assert result == [D("88.85")] * 12
    assert sum(result) == D("1066.20")
    # PMT = 35.0137… -> 35.01
    assert price_installments(D("100.00"), 3, D("2.5")) == [D("35.01")] * 3
    assert price_installments(D("1000.00"), 1, D("1")) == [D("1010.00")]


def test_price_installments_of_a_tiny_amount_are_still_whole_cents() -> None:
    # PMT 1.03501… rounds to 1.04: every installment equal, none below R$ 0,01
    parts = price_installments(D("314.97"), 314, D("0.02"))
    assert set(parts) == {D("1.04")}
    with pytest.raises(AcordoInvalido) as info:
        price_installments(D("0.01"), 360, D("0.01"))
    assert info.value.field == "parcelas"


def test_price_installments_rate_zero_is_split_equal() -> None:
    assert price_installments(D("100.00"), 3, D(0)) == split_equal(D("100.00"), 3)


def test_price_installments_refuses_negative_rate() -> None:
    with pytest.raises(AcordoInvalido) as info:
        price_installments(D("100.00"), 3, D("-1"))
    assert info.value.field == "taxa"


# --- plan ------------------------------------------------------------------------------


def test_plan_without_desconto_or_entrada() -> None:
    p = plan()
    assert (p.principal, p.multa, p.juros, p.encargos) == (
        D("1500.00"),
        D("20.00"),
        D("3.33"),
        D("23.33"),
    )
    assert p.desconto == 0
    assert p.total_negociado == D("1523.33")
    assert p.entrada == 0 and p.entrada_data is None
    assert p.financiado == D("1523.33")
    assert p.taxa == 0
    assert p.parcelas == (
        Parcela(1, date(2026, 12, 19), D("507.79")),
        Parcela(2, date(2027, 1, 19), D("507.77")),
        Parcela(3, date(2027, 2, 19), D("507.77")),
    )
    assert p.total_parcelas == p.total_negociado


def test_plan_with_desconto_and_entrada() -> None:
    p = plan(desconto=D("10.00"), entrada=D("13.33"), entrada_data=AS_OF)
    assert p.total_negociado == D("1513.33")
    assert p.entrada_data == AS_OF
    assert p.financiado == D("1500.00")
    assert [x.valor for x in p.parcelas] == [D("500.00")] * 3
    assert p.entrada + p.total_parcelas == p.total_negociado


def test_plan_with_desconto_percentual_of_encargos() -> None:
    p = plan(desconto_percentual=D("50"))
    assert p.desconto == D("11.67")  # 23.33 × 50% = 11.665 -> half-up
    assert p.total_negociado == D("1511.66")
    assert plan(desconto_percentual=D("100")).total_negociado == D("1500.00")


def test_plan_with_principal_discount_allowed() -> None:
    p = plan(desconto=D("100.00"), allow_principal_discount=True)
    assert p.total_negociado == D("1423.33")


def test_plan_with_price_table() -> None:
    p = plan(n=12, rate_percent_monthly=D("1"), desconto=D("23.33"), entrada=D("500"),
             entrada_data=date(2026, 11, 25))  # fmt: skip
    assert p.financiado == D("1000.00")
    assert p.taxa == D("1")
    assert p.total_parcelas == D("1066.20")
    assert [x.numero for x in p.parcelas] == list(range(1, 13))
    assert p.parcelas[-1].vencimento == date(2027, 11, 19)


def test_plan_entrada_zero_drops_its_date() -> None:
    assert plan(entrada_data=date(2026, 11, 25)).entrada_data is None


def test_plan_limits_accepted() -> None:
    assert len(plan(n=360).parcelas) == 360
    assert plan(rate_percent_monthly=D("10")).taxa == D("10")
    assert plan(first_due=AS_OF).parcelas[0].vencimento == AS_OF


def test_invalid_titulos() -> None:
    assert invalid("titulos", positions=[]) == "selecione ao menos um título"
    message = invalid("titulos", positions=[VENCIDO, RECEBIDO])
    assert "recebido" in message


@pytest.mark.parametrize("n", [0, -3, 361])
def test_invalid_parcelas(n: int) -> None:
    assert invalid("parcelas", n=n) == "o número de parcelas deve ser de 1 a 360"


def test_invalid_parcelas_too_small() -> None:
    # 1523.33 in 360 is fine; leave R$ 0,02 to finance in 3 installments.
    message = invalid("parcelas", entrada=D("1523.31"), entrada_data=AS_OF, n=3)
    assert message == "cada parcela deve ser de no mínimo R$ 0,01"


@pytest.mark.parametrize("rate", ["-0.01", "10.01", "NaN"])
def test_invalid_taxa(rate: str) -> None:
    invalid("taxa", rate_percent_monthly=D(rate))


def test_invalid_desconto() -> None:
    assert invalid("desconto", desconto=D("-0.01")) == "o desconto não pode ser negativo"
    assert (
        invalid("desconto", desconto=D("23.34"))
        == "o desconto não pode ser maior que os encargos (R$ 23,33)"
    )
    invalid("desconto", desconto=D("1"), desconto_percentual=D("10"))
    invalid("desconto", desconto_percentual=D("100.01"))
    invalid("desconto", desconto_percentual=D("-1"))
    message = invalid("desconto", desconto=D("1523.33"), allow_principal_discount=True)
    assert message == "o desconto deve ser menor que o total da dívida"


def test_invalid_entrada() -> None:
    assert invalid("entrada", entrada=D("-1"), entrada_data=AS_OF) == (
        "a entrada não pode ser negativa"
    )
    assert invalid("entrada", entrada=D("1523.33"), entrada_data=AS_OF) == (
        "a entrada deve ser menor que o total negociado"
    )
    assert invalid("entrada", entrada=D("100")) == "informe a data da entrada"
    assert invalid("entrada", entrada=D("100"), entrada_data=date(2026, 11, 18)) == (
        "a data da entrada não pode ser anterior à data do acordo"
    )


def test_invalid_primeiro_vencimento() -> None:
    assert invalid("primeiro_vencimento", first_due=date(2026, 11, 18)) == (
        "o primeiro vencimento não pode ser anterior à data do acordo"
    )


def test_acordo_invalido_is_a_value_error() -> None:
    error = AcordoInvalido("taxa", "mensagem")
    assert isinstance(error, ValueError)
    assert error.field == "taxa"
    assert str(error) == "mensagem"
