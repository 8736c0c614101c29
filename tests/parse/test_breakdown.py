"""Per-unit tables of the Cà Mau H1 2022 report (Phụ lục 2 dossiers, Phụ lục 3 documents)."""

from __future__ import annotations

import pytest

from pardw.parse.report import parse_file


@pytest.fixture(scope="module")
def report(sample_dir):
    return parse_file(sample_dir / "003_c3152b1089770077.txt")


@pytest.fixture(scope="module")
def cells(report):
    found = {(b.unit_name, b.measure, b.line): b for b in report.breakdowns}
    assert len(found) == len(report.breakdowns)  # one cell per unit x measure x line
    return found


def find(cells, unit, measure_start, line=None):
    found = [
        b
        for (u, m, ln), b in cells.items()
        if u == unit and m.startswith(measure_start) and (line is None or ln == line)
    ]
    assert len(found) == 1, (unit, measure_start, [(b.line, b.measure) for b in found])
    return found[0]


def test_department_rows(cells):
    b = find(cells, "Sở Tư pháp", "Số hồ sơ nộp trực tuyến", 534)
    assert (b.value, b.unit_level, b.parent, b.table, b.is_total) == (531, "department", "Cấp Tỉnh", "Phụ lục 2", False)
    assert find(cells, "Sở Tư pháp", "Số hồ sơ phải xử lý", 534).value == 2593  # "2.593"


def test_commune_row_of_a_fragment_displaced_before_its_title(cells):
    b = find(cells, "Xã Hòa Tân", "Số hồ sơ tiếp nhận trong kỳ báo cáo")
    assert (b.value, b.line, b.unit_level, b.table) == (1165, 441, "commune", "Phụ lục 2")


def test_group_and_total_rows(cells):
    group = find(cells, "Huyện Ngọc Hiển", "Tổng số hồ sơ phải xử lý", 455)
    assert (group.value, group.is_total, group.unit_level) == (4225, True, "district")
    total = find(cells, "Tổng", "Số hồ sơ phải xử lý", 556)
    assert (total.value, total.is_total, total.parent) == (159095, True, "Cấp Tỉnh")


def test_wrapped_unit_names_and_split_headers(cells):
    b = find(cells, "Sở Lao động, TB & Xã hội", "Văn bản đến - iOffice")
    assert (b.value, b.table) == (7324, "Phụ lục 3")
    rate = find(cells, "Sở Lao động, TB & Xã hội", "Tỷ lệ CB, CC, VC")
    assert rate.value == 100 and rate.raw_value == "100%"


def test_column_number_rows_and_text_cells(cells):
    assert not [b for b in cells.values() if b.unit_name in ("2", "3=4+5")]
    text = [b for b in cells.values() if b.raw_value == "Đăng đầy đủ"]
    assert text and all(b.value is None and "text_value" in b.flags for b in text)


def test_a_repeated_column_name_keeps_the_first_cell_and_says_so(report, cells):
    # line 112: "Hồ sơ trả kết quả sớm và đúng hạn | Tỷ lệ | Hồ sơ trả kết quả trễ hạn | Tỷ lệ" under one
    # "Số hồ sơ đã trả kết quả": the on-time rate 99,99% is kept, the late rate 0,01% is dropped
    kept = find(cells, "Cấp tỉnh", "Số hồ sơ đã trả kết quả - Tỷ lệ", 112)
    assert (kept.raw_value, kept.value) == ("99,99%", 99.99)
    duplicates = [w for w in report.warnings if w.code == "breakdown_duplicate_cell"]
    first = duplicates[0]
    assert (first.line, first.locator) == (112, "line 112")
    assert first.message == (
        "row 'Cấp tỉnh' of bảng trong báo cáo (body table) has two cells for 'Số hồ sơ đã trả kết quả - Tỷ lệ'"
        " (columns 8 and 10, the header repeats the name): kept '99,99%', dropped '0,01%'"
    )
    # Phụ lục 3 repeats "Tỷ lệ" (documents received, sent): one warning per row, 3 + 40 in all
    assert len(duplicates) == 43
    assert [w.line for w in duplicates if "of Phụ lục 3" in w.message][:2] == [625, 626]


# ---------------------------------------------------------------- where a per-unit table ends

_ENDS = """UBND TỈNH X
Số: 12/BC-UBND
BÁO CÁO
Kết quả công tác cải cách hành chính quý I năm 2025

STT\tĐơn vị\tSố hồ sơ tiếp nhận\tTỷ lệ đúng hạn
1\tSở Tư pháp\t120\t98%
2\tSở Y tế\t80\t97%

Trong đó các đơn vị cấp xã được đánh giá như sau, theo bảng dưới đây:

1\tNội dung không phải đơn vị\t5\t6
STT\tNội dung\tKết quả
1\tXây dựng kế hoạch\t12
Thứ hạng\tĐịa phương\tĐiểm chuẩn tối đa\tĐiểm đạt được\tChỉ số
1\tUBND xã Tân Minh\t10,00\t8,48\t84,80%
"""


def test_prose_and_another_kind_of_table_end_a_per_unit_table():
    from pardw.parse.breakdown import extract_breakdowns

    cells, _ = extract_breakdowns(_ENDS.split("\n"), "x.txt")
    units = {(b.unit_name, b.measure): b.value for b in cells}
    assert units[("Sở Tư pháp", "Số hồ sơ tiếp nhận")] == 120
    # the sentence at line 10 ends the table: the numbered row after it is not one of its units, nor is the
    # row of the "Nội dung" table (a task list, not units)
    assert not any(b.unit_name in ("Nội dung không phải đơn vị", "Xây dựng kế hoạch") for b in cells)
    # a ranking table ("Thứ hạng" + "Địa phương") is a per-unit table with its own columns
    commune = {b.measure: (b.value, b.line, b.unit_level) for b in cells if b.unit_name == "UBND xã Tân Minh"}
    assert commune == {
        "Điểm chuẩn tối đa": (10.0, 16, "commune"),
        "Điểm đạt được": (8.48, 16, "commune"),
        "Chỉ số": (84.8, 16, "commune"),
    }


def test_ranking_tables_of_a_real_appraisal_are_read_with_their_own_columns(real_dir_or_skip):
    report = parse_file(real_dir_or_skip / "lamdong_cchc_index_2025_appraisal.pdf")
    by = {(b.unit_name, b.measure, b.line): b for b in report.breakdowns}
    # p. 35: "Thứ hạng | Đơn vị | Điểm chuẩn tối đa | Điểm đạt được | Chỉ số chung | Xếp loại"
    assert by[("Sở Tư pháp", "Chỉ số chung", 1006)].value == 93.01
    assert by[("Sở Tư pháp", "Xếp loại", 1006)].raw_value == "TỐT"
    # p. 30: the communes' survey ranking, read from its own header (not as rows of the table on p. 29)
    cam_ly = by[("UBND phường Cam Ly - Đà Lạt", "Điểm đạt được", 855)]
    assert (cam_ly.value, cam_ly.locator, cam_ly.unit_level) == (8.48, "p. 30", "commune")
    assert not [w for w in report.warnings if w.code == "unread_table" and "Thứ hạng" in w.message]


# ---------------------------------------------------------------- a two-line header printed again

_REPEATED = """UBND TỈNH X
Số: 12/BC-UBND
BÁO CÁO
Kết quả công tác cải cách hành chính quý I năm 2025

Phụ lục 3
STT\tTên cơ quan\tVăn bản đến\t\tVăn bản đi\t\tHoạt động Trang TTĐT\t
\t\tThực tế\tiOffice\tThực tế\tiOffice\tTin tức,\tThông tin
STT\tTên cơ quan\tVăn bản đến\t\tVăn bản đi\t\tHoạt động Trang TTĐT\t
\t\t\t\t\t\tsự kiện\tchỉ đạo
1\tSở Nội vụ\t5420\t5410\t1468\t1460\t86\t32
2\tSở Tư pháp\t4632\t4632\t1657\t1650\t205\t160
STT\tTên cơ quan\tVăn bản đến\t\tVăn bản đi\t\tHoạt động Trang TTĐT\t
3\tSở Y tế\t8996\t8990\t2900\t2800\t73\t60
"""


def test_a_header_printed_again_with_its_first_line_only_keeps_the_second_lines_names():
    """A browser prints a table's two-line header again at the top of each page, and a page break may fall inside
    it: on the first page its first line and the start of the second ('Tin tức,'), on the next its first line
    again and the rest ('sự kiện'); later pages print the first line alone. Before, each printing was a new table
    named by its first line only: 'Văn bản đến' for the 'Thực tế' column, the 'iOffice' column unnamed."""
    from pardw.parse.breakdown import extract_breakdowns

    cells, _ = extract_breakdowns(_REPEATED.split("\n"), "x.txt")
    got = {(b.unit_name, b.measure): b.value for b in cells}
    assert got[("Sở Nội vụ", "Văn bản đến - Thực tế")] == 5420
    assert got[("Sở Nội vụ", "Văn bản đến - iOffice")] == 5410
    assert got[("Sở Nội vụ", "Hoạt động Trang TTĐT - Tin tức, sự kiện")] == 86
    assert got[("Sở Nội vụ", "Hoạt động Trang TTĐT - Thông tin chỉ đạo")] == 32
    assert got[("Sở Y tế", "Văn bản đi - iOffice")] == 2800
    assert got[("Sở Y tế", "Hoạt động Trang TTĐT - Thông tin chỉ đạo")] == 60
    assert len(got) == 18 and not any(m in ("Văn bản đến", "Văn bản đi", "") for _u, m in got)


def test_a_row_whose_unit_name_holds_a_count_is_not_read_and_says_so():
    """A layout export whose columns the reader could not place puts a row's first value into the unit's name
    ('Xã, thị trấn thuộc huyện Đầm Dơi 40,269') and every other value one column left: none of its cells is on
    its measure (before: 'Tỷ lệ' = 7,937). The row gives no cell and a warning at its line; 'Phường 1' keeps its, and
    so does 'Bệnh viện 115' (three digits in a name need a second sign: a cell holding two numbers)."""
    from pardw.parse.breakdown import extract_breakdowns

    lines = [
        "Phụ lục 3",
        "STT\tTên cơ quan\tVăn bản đến\tTỷ lệ\tVăn bản đi",
        "1\tXã, thị trấn thuộc huyện Đầm Dơi 40,269\t37,949 94%\t7,937\t5,922",
        "2\tPhường 1\t20041\t100%\t7572",
        "3\tBan 2082 Dân tộc\t2082 466\t100%\t",
        "4\tBệnh viện 115\t120\t98%\t40",
    ]
    cells, warnings = extract_breakdowns(lines, "x.txt")
    assert {(b.unit_name, b.measure): b.value for b in cells} == {
        ("Phường 1", "Văn bản đến"): 20041,
        ("Phường 1", "Tỷ lệ"): 100,
        ("Phường 1", "Văn bản đi"): 7572,
        ("Bệnh viện 115", "Văn bản đến"): 120,  # a number in a name with its cells in place: kept
        ("Bệnh viện 115", "Tỷ lệ"): 98,
        ("Bệnh viện 115", "Văn bản đi"): 40,
    }
    assert [(w.code, w.line) for w in warnings] == [("breakdown_misaligned_row", 3), ("breakdown_misaligned_row", 5)]
    assert "its values are not read" in warnings[0].message


def test_a_header_with_the_same_first_line_but_other_sub_columns_starts_a_table():
    """Two tables under one label with the same first header line and other sub-columns (the 2025 template's
    'Toàn trình' / 'Một phần' after 'Mức độ 3' / 'Mức độ 4'): the second is a table of its own."""
    from pardw.parse.breakdown import extract_breakdowns

    lines = [
        "Phụ lục 2",
        "STT\tĐơn vị\tSố TTHC\tTrong đó\t",
        "\t\t\tMức độ 3\tMức độ 4",
        "1\tSở Tư pháp\t120\t80\t40",
        "STT\tĐơn vị\tSố TTHC\tTrong đó\t",
        "\t\t\tToàn trình\tMột phần",
        "1\tSở Y tế\t90\t60\t30",
    ]
    cells, _ = extract_breakdowns(lines, "x.txt")
    got = {(b.unit_name, b.measure): b.value for b in cells}
    assert got[("Sở Tư pháp", "Trong đó - Mức độ 3")] == 80
    assert got[("Sở Y tế", "Trong đó - Toàn trình")] == 60 and got[("Sở Y tế", "Trong đó - Một phần")] == 30
    assert ("Sở Y tế", "Trong đó - Mức độ 3") not in got
