"""Vietnamese number formatting: '.' groups thousands, ',' marks decimals."""

import pytest

from pardw.dashboard.formatting import MISSING, excel_format, fmt_change, fmt_number, fmt_percent, fmt_value


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1993, "1.993"), (2004.0, "2.004"), (51.35, "51,35"), (52.5, "52,5"), (0, "0"), (1234567.891, "1.234.567,89"),
     (-1500, "-1.500"), (28, "28"), (None, MISSING), (float("nan"), MISSING)],
)  # fmt: skip
def test_numbers(value, expected):
    assert fmt_number(value) == expected


def test_fixed_decimals():
    assert fmt_number(96.9, 2) == "96,90"
    assert fmt_number(1993, 1) == "1.993,0"


def test_percent():
    assert fmt_percent(96.91) == "96,91 %"
    assert fmt_percent(100) == "100 %"
    assert fmt_percent(14.333) == "14,33 %"
    assert fmt_percent(52.5) == "52,5 %"
    assert fmt_percent(52.5, 2) == "52,50 %"
    assert fmt_percent(None) == MISSING


def test_value_by_unit():
    assert fmt_value(96.91, "%") == "96,91 %"
    assert fmt_value(1984, "Thủ tục") == "1.984"
    assert fmt_value(None, "%") == MISSING


def test_change():
    assert fmt_change(20, "Thủ tục") == "+20"
    assert fmt_change(-1.5, "%") == "-1,5 điểm %"
    assert fmt_change(0, None) == "±0"
    assert fmt_change(None, "%") == MISSING


def test_excel_formats_show_what_fmt_value_shows():
    assert excel_format("%", 96.91) == '[$-42A]#,##0.00" %"'
    assert excel_format("%", 99.1) == '[$-42A]#,##0.0" %"'  # 99,1 %, as on the dashboard (not 99,10 %)
    assert excel_format("%", 100) == '[$-42A]#,##0" %"'
    assert excel_format("Thủ tục", 1984) == "[$-42A]#,##0"
    assert excel_format("Triệu đồng", 12.5) == "[$-42A]#,##0.0"
    assert excel_format("Triệu đồng", 12.345) == "[$-42A]#,##0.00"  # at most two decimals, as fmt_number


def test_local_time_of_a_publication():
    from datetime import UTC, datetime

    from pardw.dashboard.formatting import fmt_published

    assert (
        fmt_published(datetime(2026, 1, 5, 20, 30, tzinfo=UTC))
        == "Số liệu công bố lúc 03:30 ngày 06/01/2026 (giờ Việt Nam)"
    )
    assert fmt_published(None).startswith("Chưa có lần công bố")


def test_period_labels():
    from pardw.dashboard.formatting import period_label

    assert period_label("H1-2023") == "6 tháng đầu năm 2023"
    assert period_label("Q3-2020") == "Quý III/2020"
    assert period_label("FY-2022") == "Năm 2022"
    assert period_label("9M-2025") == "9 tháng 2025"
    assert period_label("odd") == "odd"


def test_vietnamese_alphabetical_order():
    from pardw.dashboard.formatting import vi_sort_key

    names = ["Đà Nẵng", "Gia Lai", "Cà Mau", "Bắc Kạn", "Bà Rịa - Vũng Tàu", "Bình Định", "Đắk Lắk", "Điện Biên",
             "An Giang", "Ô Môn", "Yên Bái", "Cao Bằng"]  # fmt: skip
    assert sorted(names, key=vi_sort_key) == [
        "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Kạn", "Bình Định", "Cà Mau", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Điện Biên",
        "Gia Lai", "Ô Môn", "Yên Bái",
    ]  # fmt: skip
