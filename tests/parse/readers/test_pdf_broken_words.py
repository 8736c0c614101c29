"""Words broken inside a table cell too narrow for them: a word processor (LibreOffice, Word) breaks a word wider
than its cell at the cell's edge, and writes the space character at the end of a line where it wrapped at a
word break when the space fits. A line that ends without that space although one fitted, whose next letter
did not fit, ends inside a word.

Before: the fifteen-column "Phụ lục 3" of sample 003 printed by LibreOffice read 'Văn phòng UBN D tỉnh',
'Tin tức , sự kiện', 'Lịch làm việc củ a lãnh đạ o (H àng tu ần )' and 'Cổng/ Trang': measure and unit names no
steward would recognise and no catalog pattern matches."""

from __future__ import annotations

from collections import Counter

from pardw.parse.readers.pdf_layout import Char, Segment, join_lines

SIZE = 11.0
SPACE = 3.49  # the width of a space at 11 pt in LibreOffice's print
EDGE = 338.0  # the right edge of the cell's text


def _line(text: str, x1: float, space_after: float = 0.0, x0: float = 320.5) -> Segment:
    char = Char(text, x0, x1, 100.0, SIZE, space_after=space_after)
    return Segment(text, x0, x1, 100.0, SIZE, 0.0, first_word=x1 - x0, chars=[char])


def test_a_word_wider_than_its_cell_is_joined_where_its_writer_marks_word_breaks_with_a_space():
    lines = [
        _line("sử", 333.67, SPACE),  # a word break: the space is written
        _line("dụ", 334.58),  # no space although one fitted, and 'n' did not fit: inside 'dụng'
        _line("ng", 334.62, SPACE),
        _line("P", 327.89),  # 'M' is wider than what was left
        _line("M", 331.75, SPACE),
        _line("iO", 333.01),
        _line("ffic", EDGE),  # at the edge: no room for a space, nothing to tell: kept apart
        _line("e", 327.0, SPACE),
        _line("xu", 333.78),
        _line("yê", 333.21),
        _line("n", 327.58),
    ]
    assert join_lines(lines, 28.8) == "sử dụng PM iOffic e xuyên"


def test_a_line_that_ends_at_the_edge_or_short_of_it_keeps_its_space():
    # 'VC' fills the line: its space did not fit, so its absence says nothing
    assert join_lines([_line("CC", 330.0, SPACE), _line("VC", 336.81), _line("sử", 333.67, SPACE), _line("x", EDGE)],
                      28.8) == "CC VC sử x"  # fmt: skip
    # a paragraph that ends half-way across the cell: the next letter would have fitted, it is a new paragraph
    assert join_lines([_line("Tổng", 326.0), _line("số", 331.0, SPACE), _line("hồ", EDGE)], 28.8) == "Tổng số hồ"


def test_without_a_space_written_at_any_line_end_nothing_is_joined():
    """A browser prints no space at the end of a wrapped line: a missing one is no evidence."""
    lines = [_line("xu", 333.78), _line("yê", 333.21), _line("iO", 333.01), _line("ffice", EDGE)]
    assert join_lines(lines, 28.8) == "xu yê iO ffice"


def test_punctuation_at_a_line_break_takes_no_space():
    lines = [_line("CB", 336.98), _line(",", 323.99, SPACE), _line("Cổng/", 337.0), _line("Trang", 336.0)]
    assert join_lines(lines, 28.8) == "CB, Cổng/Trang"


def test_a_written_space_is_a_word_break_even_where_the_pieces_look_like_one_word():
    """'Nông' with the space written after it: never glued to 'ng' by the syllable rule ('Nôngng hiệp')."""
    lines = [_line("Nông", 336.0, SPACE), _line("ng", 330.0), _line("hiệp", 337.0)]
    assert join_lines(lines, 28.8).startswith("Nông ng")


def test_the_narrow_table_printed_by_libreoffice_keeps_its_names(office_renderings):
    from pardw.parse.report import parse_bytes

    report, _ = parse_bytes(office_renderings["003_c3152b1089770077.txt"]["pdf"], "003.pdf")
    table = [b for b in report.breakdowns if b.table == "Phụ lục 3"]
    units = {b.unit_name for b in table}
    measures = {b.measure for b in table}
    assert {"Văn phòng UBND tỉnh", "Sở Lao động, TB & Xã"} <= units
    assert any(m.endswith("- Tin tức, sự kiện, tin, bài, hình ảnh") for m in measures), measures
    assert any(m.endswith("- Lịch làm việc của lãnh đạo (Hàng tuần)") for m in measures), measures
    assert not any(" ," in m or "Cổng/ " in m for m in measures), measures
    got = {(b.unit_name, b.measure): (b.value, b.locator) for b in table}
    assert got["Văn phòng UBND tỉnh", "Văn bản đến - Thực tế"] == (20041.0, "p. 44")
    schedule = next(k for k in got if k[0] == "CẤP TỈNH" and k[1].endswith("- Lịch làm việc của lãnh đạo (Hàng tuần)"))
    assert got[schedule] == (1536.0, "p. 44")


def test_a_browser_footer_printed_over_a_table_cut_by_the_page_end_is_no_row(office_renderings):
    """LibreOffice's HTML of sample 000 printed by Chromium with its page header and footer: the footer's long
    address ('file:///tmp/…/report.html' left of the table, its rest inside the last row of a table that the
    page's end cuts) was read as a row, the table ended there, and the rows of the next page had no header
    (84 of 125 appendix values before; all 125 now)."""
    import shutil

    import pytest

    from pardw.bench.render import html_to_pdf
    from pardw.parse.report import parse_bytes

    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        pytest.skip("chromium not installed (make install installs it)")
    sample = office_renderings["000_d49b38bb6fe27dd3.txt"]
    pdf = html_to_pdf(sample["html"].decode("utf-8"), header_footer=True)
    report, _ = parse_bytes(pdf, "000.pdf")
    base, _ = parse_bytes(sample["docx"], "000.docx")

    def values(r):
        return Counter((i.form, i.code, i.value) for i in r.indicators if i.value is not None)

    assert values(report) == values(base) and sum(values(base).values()) == 125
    assert not any("file:///" in cell for i in report.indicators for cell in (i.name or "", i.raw_value or ""))
