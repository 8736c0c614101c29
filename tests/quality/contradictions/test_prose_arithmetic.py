"""The same arithmetic in the prose, comparing like with like: a constructed case for each rule, and the real
reports (the findings the known-contradiction keys list, and none of the comparisons that are not like with like)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pardw.quality.contradictions import Passage, Row, find_contradictions
from pardw.quality.contradictions.numbers import mentions

REAL = Path(__file__).resolve().parents[3].parent / "shared" / "real_reports" / "lamdong"


def p(line, text):
    return Passage(line, text, f"paragraph {line}")


def rule(found, name):
    return [c for c in found if c.rule == name]


def test_numbers_dates_and_document_numbers():
    got = [(m.raw, m.value, m.percent, m.money, m.over) for m in mentions(
        "Lũy kế giải ngân đến hết ngày 25/02/2026 là 230.473 triệu đồng/13.203.300 triệu đồng; đạt 1,75% kế hoạch"
        " theo Quyết định số 519/QĐ-UBND năm 2025")]  # fmt: skip
    assert got == [
        ("230.473", 230473.0, False, 1e6, 13203300.0),
        ("13.203.300", 13203300.0, False, 1e6, None),
        ("1,75", 1.75, True, None, None),
    ]


def test_parts_against_the_total_of_the_same_sentence():
    found = find_contradictions([], [
        p(1, "Tổng số TTHC là 2.310 TTHC (trong đó, cấp tỉnh là 1.865 TTHC, cấp xã là 445 TTHC)."),
        p(2, "Toàn tỉnh cung cấp 2.047 dịch vụ (gồm 845 dịch vụ toàn trình và 1.200 dịch vụ một phần)."),
        # nested: "(trực tuyến 21.541, trực tiếp 17.967)" breaks down 39.508, it is not a third part of 41.697
        p(3, "Tiếp nhận 41.697 hồ sơ, trong đó tiếp nhận mới 39.508 hồ sơ (trực tuyến 21.541 hồ sơ, trực tiếp"
             " 17.967 hồ sơ), kỳ trước chuyển sang 2.189 hồ sơ."),
        # "trong đó" may name only some of the parts
        p(4, "Đã giải quyết 9.782 hồ sơ, trong đó trả trực tuyến 1.380 hồ sơ và qua bưu chính 2.147 hồ sơ."),
        # money printed rounded to tỷ: 19.596 + 2.548 = 22.144, within rounding of 22.143
        p(5, "Dự toán là 22.143 tỷ đồng (gồm kế hoạch là 19.596 tỷ đồng; vốn chuyển sang là 2.548 tỷ đồng)."),
    ])  # fmt: skip
    [c] = rule(found, "prose_parts_not_total")
    assert (c.line, c.arithmetic) == (2, "845 + 1.200 = 2.045 ≠ 2.047")


def test_a_total_line_and_the_plus_lines_under_it():
    found = find_contradictions([], [
        p(98, "+ Tổng số kiến nghị xử lý về tài chính: 8.332.978 triệu đồng."),
        p(99, "+ Số kiến nghị đã thực hiện: 7.106.146 triệu đồng."),
        p(100, "+ Số kiến nghị chưa thực hiện: 499.749 triệu đồng."),
        p(101, "Tỷ lệ đã thực hiện: 85,28%."),
    ])  # fmt: skip
    [c] = rule(found, "prose_parts_not_total")
    assert c.arithmetic == "7.106.146 + 499.749 = 7.605.895 ≠ 8.332.978 (chênh lệch 727.083)"
    assert [x.line for x in c.places] == [98, 99, 100]


def test_the_same_quantity_stated_twice_only_for_the_same_noun_and_scope():
    found = find_contradictions([], [
        p(67, "+ Đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân cấp xã: 1.593 đơn vị."),
        p(106, "- Cấp tỉnh: Tổng số đơn vị sự nghiệp công là 290 đơn vị; gồm:"),
        p(63, "+ Đơn vị sự nghiệp thuộc Ủy ban nhân dân tỉnh: 12 đơn vị."),  # UBND tỉnh is not cấp tỉnh
        p(111, "- Cấp xã: Tổng số đơn vị SNCL là 1.405 đơn vị; gồm:"),
        p(122, "Tỉnh đã giảm 09 đơn vị sự nghiệp công lập so với năm 2021."),
        p(211, "Bộ máy được đẩy mạnh (giảm 10 đơn vị sự nghiệp công lập so với năm 2021)."),
    ])  # fmt: skip
    twice = rule(found, "prose_stated_twice")
    assert sorted((c.places[0].line, c.places[1].line) for c in twice) == [(111, 67), (211, 122)]


def test_a_prose_ratio_against_the_appendix_rate_over_the_same_denominator_says_its_date():
    rows = [
        Row(317, "Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công", "Biểu mẫu 6", "1", None, "%", "1,9", 1.9),
        Row(318, "Kế hoạch được giao", "Biểu mẫu 6", "1.1", "1", "Triệu đồng", "13.203.300", 13203300.0),
        Row(319, "Đã thực hiện", "Biểu mẫu 6", "1.2", "1", "Triệu đồng", "248.415", 248415.0),
    ]
    found = find_contradictions(rows, [p(96, "Lũy kế giải ngân đến hết ngày 25/02/2026 là 230.473 triệu đồng/"
                                             "13.203.300 triệu đồng; đạt 1,75% kế hoạch năm.")])  # fmt: skip
    [c] = rule(found, "prose_ratio_vs_appendix")
    assert c.arithmetic == "lời văn 230.473/13.203.300 (1,75 %) ≠ Biểu mẫu 6 dòng 1: 248.415/13.203.300 (1,9 %)"
    assert c.notes == ("lời văn tính đến ngày 25/02/2026 / the prose is as of 25/02/2026",)


def test_a_prose_total_against_the_appendix_row_whose_children_it_lists():
    rows = [
        Row(468, "Tổng số ĐVSNCL tại địa phương", "Biểu mẫu 4", "1.5", None, "Đơn vị", "1.853", 1853.0),
        Row(469, "Số ĐVSNCL thuộc UBND tỉnh", "Biểu mẫu 4", "1.5.1", "1.5", "Đơn vị", "12", 12.0),
        Row(470, "Số ĐVSNCL thuộc sở", "Biểu mẫu 4", "1.5.2", "1.5", "Đơn vị", "248", 248.0),
        Row(471, "Số ĐVSNCL thuộc UBND cấp xã", "Biểu mẫu 4", "1.5.3", "1.5", "Đơn vị", "1.593", 1593.0),
    ]
    found = find_contradictions(rows, [
        p(62, "Tổng số đơn vị sự nghiệp công lập hiện có là 1.883 đơn vị (gồm đơn vị thuộc: UBND cấp tỉnh; cấp xã);"
              " cụ thể:"),
        p(63, "+ Đơn vị sự nghiệp thuộc Ủy ban nhân dân tỉnh: 12 đơn vị."),
        p(64, "+ Đơn vị sự nghiệp công lập thuộc sở: 247 đơn vị."),
        p(65, "+ Đơn vị sự nghiệp công lập thuộc đơn vị sự nghiệp: 31 đơn vị."),
        p(67, "+ Đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân cấp xã: 1.593 đơn vị."),
    ])  # fmt: skip
    [c] = rule(found, "prose_total_vs_appendix")
    assert c.arithmetic == "lời văn 1.883 ≠ Biểu mẫu 4 dòng 1.5 1.853 (cùng các phần 12, 1.593)"


def test_one_part_of_the_same_breakdown_differs_from_the_appendix():
    rows = [
        Row(391, "Tổng số ĐVSN công lập tại địa phương", "Phụ lục 1", "2.1.", None, "Đơn vị", "599", 599.0),
        Row(392, "Số ĐVSN tự bảo đảm chi thường xuyên và chi đầu tư", "Phụ lục 1", "2.2.", None, "Đơn vị", "4", 4.0),
        Row(393, "Số ĐVSN tự bảo đảm chi thường xuyên", "Phụ lục 1", "2.3.", None, "Đơn vị", "30", 30.0),
        Row(394, "Số ĐVSN tự bảo đảm một phần chi thường xuyên", "Phụ lục 1", "2.4.", None, "Đơn vị", "269", 269.0),
        Row(395, "Số ĐVSN do Nhà nước bảo đảm chi thường xuyên", "Phụ lục 1", "2.5.", None, "Đơn vị", "296", 296.0),
    ]
    found = find_contradictions(rows, [p(164, "Có 599 đơn vị sự nghiệp công lập thực hiện tự chủ; trong đó: 04 đơn vị"
        " tự bảo đảm chi thường xuyên và chi đầu tư; 31 đơn vị tự bảo đảm chi thường xuyên; 269 đơn vị tự bảo đảm"
        " một phần và 295 đơn vị do Nhà nước bảo đảm.")])  # fmt: skip
    assert sorted((c.observed, c.places[1].code) for c in rule(found, "prose_part_vs_appendix")) == [
        ("295", "2.5."),
        ("31", "2.3."),
    ]


@pytest.fixture(scope="module")
def real():
    if not REAL.is_dir():
        pytest.skip("real reports not found")
    from pardw.bench.contradictions import check_file

    return {name: check_file(REAL / name) for name in ("lamdong_q1_2026.docx", "lamdong_fy_2025.docx")}


def test_real_report_prose_contradictions(real):
    q1 = {(c.rule, c.places[0].locator): c for c in real["lamdong_q1_2026.docx"] if c.rule.startswith("prose")}
    assert set(q1) == {
        ("prose_total_vs_appendix", "paragraph 62"),  # 1.883 vs Biểu mẫu 4 row 1.5 = 1.853
        ("prose_ratio_vs_appendix", "paragraph 96"),  # 230.473 (to 25/02/2026) vs 248.415, same plan
        ("prose_parts_not_total", "paragraph 98"),  # 7.106.146 + 499.749 ≠ 8.332.978
        ("prose_stated_twice", "paragraph 111"),  # cấp xã 1.405 vs 1.593
    }
    assert q1[("prose_parts_not_total", "paragraph 98")].arithmetic.startswith("7.106.146 + 499.749 = 7.605.895")


def test_real_reports_compare_like_with_like(real):
    """The false alarms the issue names do not come back: 1.202 một phần against 845 toàn trình, a provincial
    count against the whole province, tỷ against triệu đồng unconverted."""
    fy = real["lamdong_fy_2025.docx"]
    assert not [c for c in fy if c.rule.startswith("prose")]
    for found in real.values():
        for c in found:
            assert "1.202" not in c.arithmetic and "9.400" not in c.arithmetic and "1.747" not in c.arithmetic
