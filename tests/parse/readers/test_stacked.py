"""LibreOffice's "Text" export writes each table cell on a line of its own: the indicator forms are rebuilt
as rows, every line number stays the file's own, and a row that cannot be aligned is a warning at its line,
never a value in the wrong place."""

from __future__ import annotations

from collections import Counter

import pytest

from pardw.parse.readers.stacked import unstack_tables
from pardw.parse.report import parse_bytes

SAMPLES = ("000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "003_c3152b1089770077.txt")

FORM = """Biểu mẫu 3
Cải cách thủ tục hành chính
STT
Chỉ tiêu thống kê
Đơn vị tính
Số liệu
Ghi chú
1.1.
Số TTHC đã được phê duyệt phương án đơn giản hóa
Thủ tục
21

1.2.
Số TTHC công bố mới
Thủ tục
48
Ghi chú của dòng
1.3.
Số TTHC bãi bỏ
Thủ tục
Chưa = 0
Hoàn thành = 1
7

1.4.
Số TTHC được sửa đổi
Thủ tục
15

1.5.
Số TTHC đã công khai
Thủ tục
300

Đoạn văn sau bảng."""


def _values(report) -> Counter:
    return Counter((i.form, i.code, i.value) for i in report.indicators if i.value is not None)


def test_rows_written_on_their_code_line_and_a_two_paragraph_cell_left_as_text():
    lines = FORM.split("\n")
    warnings: list = []
    assert unstack_tables(lines, warnings) == 4
    assert lines[2] == "STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố liệu\tGhi chú"  # the header on the line of STT
    assert lines[7] == "1.1.\tSố TTHC đã được phê duyệt phương án đơn giản hóa\tThủ tục\t21\t"  # line 8 of the file
    assert lines[8:12] == ["", "", "", ""]
    assert lines[12] == "1.2.\tSố TTHC công bố mới\tThủ tục\t48\tGhi chú của dòng"
    # row 1.3 has a cell of two paragraphs: its code and name stay, the rest goes to its last column (no value
    # is read from it), rows 1.4 and 1.5 are read
    assert lines[17:24] == ["1.3.\tSố TTHC bãi bỏ\t\t\tThủ tục Chưa = 0 Hoàn thành = 1 7", "", "", "", "", "", ""]
    assert lines[24] == "1.4.\tSố TTHC được sửa đổi\tThủ tục\t15\t"
    assert lines[-1] == "Đoạn văn sau bảng."
    assert [(code, where) for code, _msg, where in warnings] == [("stacked_row_unaligned", "line 18")]


def test_form_read_with_its_values_and_lines():
    text = "BÁO CÁO\nCông tác cải cách hành chính quý I năm 2023\nSố: 12/BC-UBND\n" + FORM
    report, _ = parse_bytes(text.encode("utf-8"), "lo_export.txt")
    rows = {(i.code, i.value, i.line) for i in report.indicators if i.value is not None}
    assert rows == {("1.1.", 21.0, 11), ("1.2.", 48.0, 16), ("1.4.", 15.0, 28), ("1.5.", 300.0, 33)}
    [row] = [i for i in report.indicators if i.code == "1.3."]
    assert (row.value, row.line) == (None, 21)
    assert any("line 21" in w and "no value is read" in w for w in report.document.warnings)


PER_UNIT = """Phụ lục 2
STT
Tên đơn vị
Hồ sơ

Tỷ lệ


Tiếp nhận
Đã giải quyết

1
Sở Nội vụ
120
118
98%
2
Sở Tư pháp
80
80
100%

Tổng
200
198
99%
Đoạn văn sau bảng."""


def test_a_per_unit_table_is_rebuilt_with_its_header_rows_and_its_total():
    """A table with several number columns: its header's lines are whole rows of the body's width (a merged
    cell written once, the cells it covers as empty lines), written on consecutive lines as a Word file's."""
    lines = PER_UNIT.split("\n")
    assert unstack_tables(lines, []) == 3
    assert lines[1:3] == ["STT\tTên đơn vị\tHồ sơ\t\tTỷ lệ", "\t\tTiếp nhận\tĐã giải quyết\t"]
    assert lines[11] == "1\tSở Nội vụ\t120\t118\t98%"  # line 12 of the file, the line of its code
    assert lines[21] == "\tTổng\t200\t198\t99%"
    assert lines[-1] == "Đoạn văn sau bảng."


def test_a_per_unit_table_read_with_its_measures_and_lines():
    text = "BÁO CÁO\nCông tác cải cách hành chính quý I năm 2023\nSố: 12/BC-UBND\n" + PER_UNIT
    report, _ = parse_bytes(text.encode("utf-8"), "lo_export.txt")
    got = {(b.unit_name, b.measure, b.value, b.line) for b in report.breakdowns}
    assert ("Sở Nội vụ", "Hồ sơ - Tiếp nhận", 120.0, 15) in got
    assert ("Sở Tư pháp", "Tỷ lệ", 100.0, 20) in got
    assert ("Tổng", "Hồ sơ - Đã giải quyết", 198.0, 25) in got


def test_a_table_whose_header_lines_are_not_whole_rows_is_left_alone():
    text = "STT\nTên đơn vị\nTiếp nhận\nĐã giải quyết\nGhi\n1\nSở Nội vụ\n120\n118\n2\nSở Tư pháp\n80\n80\n3\nSở Y tế\n40\n39"
    lines = text.split("\n")
    assert unstack_tables(lines, []) == 0 and "\n".join(lines) == text


@pytest.fixture(scope="module")
def text_exports(sample_dir):
    """The samples as .docx (python-docx), saved by LibreOffice as "Text (encoded)" UTF-8."""
    from pardw.bench.render import text_to_docx
    from pardw.bench.render_html import libreoffice_batch
    from pardw.parse.readers.word97 import soffice

    if soffice() is None:
        pytest.skip("LibreOffice not installed (make install installs it)")
    docs = {name: text_to_docx((sample_dir / name).read_text(encoding="utf-8")) for name in SAMPLES}
    return libreoffice_batch(docs, "txt:Text (encoded):UTF8")


@pytest.mark.parametrize("sample", SAMPLES)
def test_libreoffice_text_export_gives_the_sample_values(text_exports, sample_dir, sample):
    base, _ = parse_bytes((sample_dir / sample).read_bytes(), sample)
    report, _ = parse_bytes(text_exports[sample], sample)
    assert _values(report) == _values(base)
    cells = [
        Counter((b.unit_name, b.measure, b.value) for b in r.breakdowns if b.value is not None) for r in (report, base)
    ]
    assert cells[0] == cells[1]  # the per-unit tables too (sample 003: 1,425 cells; none before)
    assert report.document.report_number == base.document.report_number


def test_real_report_text_export_no_value_in_a_wrong_place(real_dir_or_skip):
    """Lâm Đồng Q1 2026 (merged header cells, cells of two paragraphs) saved by LibreOffice as text: every
    value read is one its .docx gives, at least 90 of its 101; the rows that cannot be aligned are warnings."""
    from pardw.bench.render_html import libreoffice_batch
    from pardw.parse.readers.word97 import soffice

    if soffice() is None:
        pytest.skip("LibreOffice not installed (make install installs it)")
    docx = (real_dir_or_skip / "lamdong_q1_2026.docx").read_bytes()
    text = libreoffice_batch({"q1": docx}, "txt:Text (encoded):UTF8")["q1"]
    from_docx, _ = parse_bytes(docx, "lamdong_q1_2026.docx")
    from_text, _ = parse_bytes(text, "lamdong_q1_2026.txt")
    assert _values(from_text) - _values(from_docx) == Counter()  # nothing the .docx does not say
    assert from_text.document.province == "Lâm Đồng"
    assert sum(_values(from_text).values()) >= 90 and sum(_values(from_docx).values()) == 101
    assert any(w.code == "stacked_row_unaligned" and w.locator.startswith("line ") for w in from_text.warnings)


def test_a_total_row_before_the_first_unit_is_a_row_not_a_header_row():
    """'Tổng cộng' with its numbers above the units: the body's first row, on its own line. A header's 'Tổng số'
    column (followed by another label) is still the header's."""
    text = (
        "Phụ lục 2\nSTT\nTên đơn vị\nTổng số\nĐã giải quyết\n\nTổng cộng\n200\n198\n1\nSở Nội vụ\n120\n118\n"
        "2\nSở Tư pháp\n80\n80\nĐoạn văn."
    )
    lines = text.split("\n")
    assert unstack_tables(lines, []) == 3
    assert lines[1] == "STT\tTên đơn vị\tTổng số\tĐã giải quyết"
    assert lines[5] == "\tTổng cộng\t200\t198"  # line 6 of the file
    assert lines[9] == "1\tSở Nội vụ\t120\t118"
