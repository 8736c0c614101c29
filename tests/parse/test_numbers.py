"""Vietnamese number reading, with property-based tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pardw.parse.numbers import parse_number, read_cell


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@given(st.integers(min_value=1000, max_value=10**10))
def test_thousands_with_dots_read_back_for_counts(n):
    assert parse_number(_group(n, "."), "Hồ sơ").value == n


@given(st.integers(min_value=1000, max_value=10**10))
def test_thousands_with_commas_read_back_for_counts(n):
    assert parse_number(_group(n, ","), "Thủ tục").value == n


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=99))
def test_vietnamese_decimal_rates(whole, cents):
    text = f"{whole},{cents:02d}"
    assert abs(parse_number(text, "%").value - (whole + cents / 100)) < 1e-9


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=99))
def test_english_decimal_rates(whole, cents):
    assert abs(parse_number(f"{whole}.{cents:02d}", "%").value - (whole + cents / 100)) < 1e-9


@given(st.integers(min_value=10**6, max_value=10**12))
def test_two_separators_read_as_thousands_then_decimal(n):
    assert parse_number(_group(n, ".") + ",5", "Triệu đồng").value == n + 0.5
    assert parse_number(_group(n, ",") + ".5", "Triệu đồng").value == n + 0.5


def test_cells_users_meet():
    assert parse_number("2,004", "Thủ tục").value == 2004
    assert parse_number("51,35", "%").value == 51.35
    assert parse_number("62.28", "%").value == 62.28
    assert parse_number("1.993", "Thủ tục").value == 1993
    assert parse_number("05", "Người").value == 5
    assert parse_number("100%", None).value == 100
    assert parse_number("", "Người") is None and parse_number(None) is None


def test_ambiguous_cells_are_flagged_not_guessed_silently():
    reading = parse_number("1,234", None)
    assert "ambiguous_number" in reading.flags and reading.alternative == 1.234


def test_text_cells():
    assert read_cell("9 phòng ban, đơn vị", "Đơn vị")[0].value == 9
    assert read_cell("100% (17/17)", "%")[0].value == 100
    assert read_cell("Kế hoạch số 1879/KH-VP", "Văn bản") == (None, ("text_value",))
    assert read_cell("1879/KH-VP", "Văn bản") == (None, ("text_value",))
    assert read_cell("Có", "Có = 1; Không = 0")[0].value == 1
    assert read_cell("", "%") == (None, ())
