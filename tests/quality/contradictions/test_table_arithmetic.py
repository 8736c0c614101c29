"""Arithmetic from an appendix table's own structure: a constructed case for each rule, and the real report."""

from __future__ import annotations

from pathlib import Path

import pytest

from pardw.quality.contradictions import Passage, Row, find_contradictions
from pardw.quality.contradictions.table import check_rows

REAL = Path(__file__).resolve().parents[3].parent / "shared" / "real_reports" / "lamdong"


def row(line, code, name, unit, raw, parent=None, note=None, form="Biểu mẫu 9"):
    value = None
    if raw not in (None, "-", ""):
        value = float(raw.rstrip("%").replace(".", "").replace(",", "."))
    return Row(line, name, form, code, parent, unit, raw, value, note, f"table 1, row {line}")


def by_rule(found, rule):
    return [c for c in found if c.rule == rule]


def test_parent_not_the_sum_of_its_children_writes_the_sum_out():
    rows = [
        row(10, "1.5", "Tổng số đơn vị", "Đơn vị", "614"),
        row(11, "1.5.1", "Số đơn vị cấp tỉnh", "Đơn vị", "5", "1.5"),
        row(12, "1.5.2", "Số đơn vị thuộc sở", "Đơn vị", "101", "1.5"),
        row(13, "1.5.3", "Số đơn vị cấp xã", "Đơn vị", "506", "1.5"),
    ]
    [c] = by_rule(check_rows(rows), "table_parent_not_sum")
    assert c.arithmetic == "5 + 101 + 506 = 612 ≠ 614"
    assert (c.observed, c.expected, c.line) == ("614", "612", 10)
    assert [p.code for p in c.places] == ["1.5", "1.5.1", "1.5.2", "1.5.3"]
    assert "Tổng không bằng tổng các dòng con" in c.message_vi and "not the sum" in c.message_en


def test_nested_children_are_not_counted_twice_and_a_note_can_account_for_the_gap():
    rows = [
        row(10, "2", "Tổng số nhiệm vụ", "Nhiệm vụ", "21", note="Có 6/21 nhiệm vụ chưa hoàn thành còn trong hạn"),
        row(11, "2.1", "Số nhiệm vụ đúng hạn", "Nhiệm vụ", "15", "2"),
        row(12, "2.2", "Số nhiệm vụ quá hạn", "Nhiệm vụ", "0", "2"),
        row(20, "3", "Tổng số hồ sơ", "Hồ sơ", "10"),
        row(21, "3.1", "Số hồ sơ cấp tỉnh", "Hồ sơ", "6", "3"),
        row(22, "3.1.1", "trong đó trực tuyến", "Hồ sơ", "5", "3.1"),
        row(23, "3.2", "Số hồ sơ cấp xã", "Hồ sơ", "4", "3"),
    ]
    assert by_rule(check_rows(rows), "table_parent_not_sum") == []


def test_a_rate_is_its_numerator_over_its_denominator_within_the_printed_decimals():
    rows = [
        row(1, "6.5", "Tỷ lệ TTHC thanh toán trực tuyến", "%", "14,33"),
        row(2, "6.5.1", "Tổng số TTHC có yêu cầu nghĩa vụ tài chính", "Thủ tục", "307", "6.5"),
        row(3, "6.5.2", "Số TTHC đã triển khai thanh toán trực tuyến", "Thủ tục", "37", "6.5"),
        row(4, "7", "Tỷ lệ hồ sơ đúng hạn", "%", "99,99"),  # 45.531 / 45.538 = 99,9846: rounding, not a finding
        row(5, "7.1", "Tổng số hồ sơ đã giải quyết", "Hồ sơ", "45.538", "7"),
        row(6, "7.2", "Số hồ sơ đúng hạn", "Hồ sơ", "45.531", "7"),
    ]
    [c] = by_rule(check_rows(rows), "table_rate_not_its_counts")
    assert c.arithmetic == "37 / 307 × 100 = 12,05 % ≠ 14,33 %"
    assert c.line == 1


def test_a_rate_over_zero_of_zero_and_an_empty_rate_over_printed_counts():
    rows = [
        row(1, "2.2", "Tỷ lệ xử lý VBQPPL sau kiểm tra", "%", "100"),
        row(2, "2.2.1", "Tổng số VBQPPL cần phải xử lý", "Văn bản", "0", "2.2"),
        row(3, "2.2.2", "Số VBQPPL đã được xử lý xong", "Văn bản", "0", "2.2"),
        row(4, "3", "Tỷ lệ xã đạt chuẩn", "%", None),
        row(5, "3.1", "Tổng số xã", "Đơn vị", "51", "3"),
        row(6, "3.2", "Số xã đạt chuẩn", "Đơn vị", "51", "3"),
    ]
    found = check_rows(rows)
    [zero] = by_rule(found, "table_rate_of_nothing")
    assert zero.arithmetic == "0 / 0 = không xác định ≠ 100 %"
    [empty] = by_rule(found, "table_rate_empty")
    assert (empty.line, empty.expected) == (4, "100 %")


def test_a_count_in_a_percentage_row_blocks_above_100_and_is_flagged_below_with_evidence():
    rows = [
        row(1, "1.1", "Tỷ lệ sở, ngành đã hoàn thành sắp xếp", "%", "15"),
        row(2, "1.2", "Tỷ lệ UBND cấp xã đã hoàn thành sắp xếp", "%", "124"),
        row(3, "1.3", "Tỷ lệ hồ sơ trực tuyến", "%", "45"),  # a plain percentage
    ]
    found = by_rule(check_rows(rows, populations=[15.0]), "table_count_in_rate_row")
    assert [(c.line, c.severity) for c in found] == [(1, "warning"), (2, "blocking")]
    assert found[1].arithmetic == "124 % > 100 %"


def test_units_empty_swapped_or_naming_another_noun_and_a_percent_in_a_count():
    rows = [
        row(1, "1", "Số văn bản đã ban hành", "Văn bản", "29"),
        row(2, "2", "Số UBND cấp xã đã kiểm tra", None, "0"),
        row(3, "3", "Tổng số hồ sơ của DVCTT toàn trình", "Thủ tục", "305.194"),
        row(4, "4", "Tỷ lệ sở đã sắp xếp", "100%", "1"),
        row(5, "5", "Số TTHC đã công bố", "Thủ tục", "45%"),
        row(6, "6", "Số nhiệm vụ", "Nhiệm vụ", "3"),
    ]
    found = check_rows(rows)
    assert [c.line for c in by_rule(found, "table_unit_empty")] == [2]
    [noun] = by_rule(found, "table_unit_not_what_is_counted")
    assert noun.line == 3 and "“hồ sơ”" in noun.arithmetic
    assert [c.line for c in by_rule(found, "table_value_in_unit_cell")] == [4]
    assert [c.line for c in by_rule(found, "table_percent_in_count")] == [5]


def test_a_note_saying_there_are_no_figures_beside_figures():
    rows = [
        row(1, "2", "Thực hiện tự chủ tài chính", None, None),
        row(2, "2.1", "Tổng số ĐVSN", "Đơn vị", "1.695", "2", note="Chưa có số liệu cụ thể từng mức độ tự chủ"),
        row(3, "2.2", "Số ĐVSN tự bảo đảm chi thường xuyên", "Đơn vị", "70", "2"),
        row(4, "2.3", "Số ĐVSN tự bảo đảm một phần", "Đơn vị", "-", "2"),
    ]
    [c] = by_rule(check_rows(rows), "table_note_contradicts_value")
    assert [p.code for p in c.places] == ["2.1", "2.2"]


def test_one_quantity_in_two_forms():
    rows = [
        row(1, "1.5", "Tổng số đơn vị sự nghiệp công lập (ĐVSNCL) tại địa phương", "Cơ quan, đơn vị", "1.853",
            form="Biểu mẫu 4"),
        row(2, "2.1", "Tổng số ĐVSN công lập tại địa phương", "Đơn vị", "1.695", form="Biểu mẫu 6"),
        row(3, "2.2", "Số ĐVSN công lập cấp xã", "Đơn vị", "1.405", form="Biểu mẫu 6"),  # another scope
    ]  # fmt: skip
    [c] = by_rule(find_contradictions(rows, []), "table_same_quantity_two_forms")
    assert c.arithmetic == "Biểu mẫu 4 dòng 1.5 = 1.853 ≠ Biểu mẫu 6 dòng 2.1 = 1.695"


@pytest.fixture(scope="module")
def lamdong_q1():
    if not (REAL / "lamdong_q1_2026.docx").is_file():
        pytest.skip("real reports not found")
    from pardw.bench.contradictions import check_file

    return check_file(REAL / "lamdong_q1_2026.docx")


def at(found, rule, form, code):
    return [c for c in found if c.rule == rule and (c.places[0].form, c.places[0].code) == (form, code)]


def test_real_report_table_contradictions(lamdong_q1):
    [c] = at(lamdong_q1, "table_count_in_rate_row", "Biểu mẫu 4", "1.2")
    assert (c.severity, c.observed) == ("blocking", "124 (đơn vị tính %)")
    [c] = at(lamdong_q1, "table_count_in_rate_row", "Biểu mẫu 4", "1.1")
    assert c.severity == "warning" and c.observed == "15 (đơn vị tính %)"
    [c] = at(lamdong_q1, "table_parent_not_sum", "Biểu mẫu 3", "1.4")
    assert c.arithmetic == "1.865 + 445 + 420 = 2.730 ≠ 2.310"
    assert c.notes == ("1.4 = 1.4.1 (1.865) + 1.4.2 (445); không gồm / not including 1.4.3 (420)",)
    assert {c.places[0].code for c in lamdong_q1 if c.rule == "table_rate_of_nothing"} == {"3.3", "2.2", "3.2"}
    assert {c.places[0].code for c in lamdong_q1 if c.rule == "table_unit_empty"} == {"3.2", "4"}
    assert {c.places[0].code for c in lamdong_q1 if c.rule == "table_unit_not_what_is_counted"} == {"4.3.1", "4.3.2"}
    [c] = [c for c in lamdong_q1 if c.rule == "table_note_contradicts_value"]
    assert [p.code for p in c.places] == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    [c] = [c for c in lamdong_q1 if c.rule == "table_same_quantity_two_forms"]
    assert c.arithmetic == "Biểu mẫu 4 dòng 1.5 = 1.853 ≠ Biểu mẫu 6 dòng 2.1 = 1.695"
    assert c.places[0].locator == "table 9, row 7" and c.places[1].locator == "table 7, row 8"


def test_passages_alone_give_no_table_findings():
    assert find_contradictions([], [Passage(1, "Không có số liệu.")]) == []
