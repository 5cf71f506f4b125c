"""CPF, CNPJ and CEP: check digits, masks and masking for logs."""

import random

import pytest

from app.domain.documents import (
    cnpj_check_digits,
    cpf_check_digits,
    format_cep,
    format_cnpj,
    format_cpf,
    format_cpf_cnpj,
    is_valid_cnpj,
    is_valid_cpf,
    mask_cpf,
    mask_personal_data,
    normalize_cpf_cnpj,
    only_digits,
    random_cnpj,
    random_cpf,
)


def test_only_digits() -> None:
    assert only_digits("123.456.789-09") == "12345678909"
    assert only_digits("abc") == ""
    assert only_digits("١٢3") == "3"  # ASCII digits only


def test_check_digits() -> None:
    assert cpf_check_digits("123456789") == "09"
    assert cpf_check_digits("529982247") == "25"
    assert cnpj_check_digits("123456780001") == "95"
    assert cnpj_check_digits("112223330001") == "81"


@pytest.mark.parametrize("bad", ["12345678", "1234567890", "12345678a", ""])
def test_cpf_check_digits_needs_nine_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        cpf_check_digits(bad)


def test_cnpj_check_digits_needs_twelve_digits() -> None:
    with pytest.raises(ValueError):
        cnpj_check_digits("12345678000")


@pytest.mark.parametrize(
    "text", ["123.456.789-09", "12345678909", "529.982.247-25", " 529.982.247-25 ", "52998224725"]
)
def test_valid_cpf(text: str) -> None:
    assert is_valid_cpf(text)


@pytest.mark.parametrize(
    "text",
    [
        "123.456.789-10",
        "12345678900",
        "111.111.111-11",  # passes the arithmetic, but all digits equal
        "00000000000",
        "99999999999",
        "1234567890",
        "123456789091",
        "abc12345678909",
        "CPF 123.456.789-09",
        "",
        "12.345.678/0001-95",
    ],
)
def test_invalid_cpf(text: str) -> None:
    assert not is_valid_cpf(text)


@pytest.mark.parametrize("text", ["12.345.678/0001-95", "12345678000195", "11.222.333/0001-81"])
def test_valid_cnpj(text: str) -> None:
    assert is_valid_cnpj(text)


@pytest.mark.parametrize(
    "text",
    ["12.345.678/0001-94", "00000000000000", "11111111111111", "1234567800019", "123.456.789-09"],
)
def test_invalid_cnpj(text: str) -> None:
    assert not is_valid_cnpj(text)


def test_normalize_cpf_cnpj() -> None:
    assert normalize_cpf_cnpj("123.456.789-09") == "12345678909"
    assert normalize_cpf_cnpj("12.345.678/0001-95") == "12345678000195"
    assert normalize_cpf_cnpj(" 12345678909 ") == "12345678909"


@pytest.mark.parametrize("text", ["123.456.789-10", "111.111.111-11", "123", "", "12345678000194"])
def test_normalize_cpf_cnpj_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="CPF/CNPJ inválido"):
        normalize_cpf_cnpj(text)


def test_formats() -> None:
    assert format_cpf("12345678909") == "123.456.789-09"
    assert format_cpf("123.456.789-09") == "123.456.789-09"
    assert format_cnpj("12345678000195") == "12.345.678/0001-95"
    assert format_cpf_cnpj("12345678909") == "123.456.789-09"
    assert format_cpf_cnpj("12345678000195") == "12.345.678/0001-95"
    assert format_cpf_cnpj("123") == "123"
    assert format_cpf_cnpj("") == ""
    assert format_cep("01310100") == "01310-100"
    assert format_cep("01310-100") == "01310-100"
    assert format_cep("0131") == "0131"


def test_format_cpf_and_cnpj_need_the_right_length() -> None:
    with pytest.raises(ValueError, match="11 dígitos"):
        format_cpf("123")
    with pytest.raises(ValueError, match="14 dígitos"):
        format_cnpj("12345678909")


def test_mask_cpf() -> None:
    assert mask_cpf("12345678909") == "***.456.789-**"
    assert mask_cpf("123.456.789-09") == "***.456.789-**"


def test_mask_cpf_does_not_echo_bad_input() -> None:
    with pytest.raises(ValueError) as info:
        mask_cpf("1234567890")
    assert "1234567890" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cliente 123.456.789-09", "cliente ***.456.789-**"),
        ("cpf=12345678909;", "cpf=***.456.789-**;"),
        ("(123456789-09)", "(***.456.789-**)"),
        (
            "a 123.456.789-09 b 98765432100 c",
            "a ***.456.789-** b ***.654.321-** c",
        ),
        ("12345678909", "***.456.789-**"),
        # Not CPF-looking: glued to letters or digits, other lengths, a CNPJ.
        ("abc12345678909", "abc12345678909"),
        ("123456789012", "123456789012"),
        ("1234567890", "1234567890"),
        ("empresa 12.345.678/0001-95", "empresa 12.345.678/0001-95"),
        ("12345678000195", "12345678000195"),
        ("valor R$ 1.234,56 em 29/11/2026", "valor R$ 1.234,56 em 29/11/2026"),
        ("", ""),
    ],
)
def test_mask_personal_data(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


def test_random_documents_are_valid_and_reproducible() -> None:
    rng = random.Random(42)
    cpfs = [random_cpf(rng) for _ in range(200)]
    cnpjs = [random_cnpj(rng) for _ in range(200)]
    assert all(len(c) == 11 and is_valid_cpf(c) for c in cpfs)
    assert all(len(c) == 14 and is_valid_cnpj(c) for c in cnpjs)
    assert len(set(cpfs)) > 190
    rng2 = random.Random(42)
    assert [random_cpf(rng2) for _ in range(200)] == cpfs
