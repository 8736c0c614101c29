"""pandoc's markdown and plain text write tables between dashed rules, cells wrapped within their column: each
row is read on its first line, the header's second row next to its first, every line number the file's own."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter

import pytest

from pardw.parse.readers.dashed import dashed_tables
from pardw.parse.report import parse_bytes

TABLE = """Biểu mẫu 3
  ----------------------------------------------------------------------------
  STT            Chỉ tiêu thống Đơn vị tính    Số liệu        Ghi chú
                 kê
  -------------- -------------- -------------- -------------- ----------------
  III\\.          Cải cách thủ
                 tục hành chính

  1.1.           Số TTHC đã     Thủ tục        21
                 được phê duyệt
                 phương án

  1.2.           Số TTHC công   Thủ tục        1.048          ghi chú
                 bố mới
  ----------------------------------------------------------------------------

Đoạn văn sau bảng."""


def test_rows_on_their_first_line():
    lines = TABLE.split("\n")
    assert dashed_tables(lines) == 3
    assert lines[2] == "STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố liệu\tGhi chú"
    assert lines[5] == "III.\tCải cách thủ tục hành chính\t\t\t"  # the markdown escape undone
    assert lines[8] == "1.1.\tSố TTHC đã được phê duyệt phương án\tThủ tục\t21\t"
    assert lines[12] == "1.2.\tSố TTHC công bố mới\tThủ tục\t1.048\tghi chú"
    assert [lines[k] for k in (1, 3, 4, 6, 9, 10, 13, 14)] == [""] * 8  # rules and wrapped lines emptied
    assert lines[-1] == "Đoạn văn sau bảng."


def test_a_simple_table_ends_at_its_blank_line():
    lines = ["STT  Chỉ tiêu       Số liệu", "---- -------------- -------", "1    Văn bản         12", "2    Kiểm tra        3",
             "", "Đoạn văn."]  # fmt: skip
    assert dashed_tables(lines) == 2
    assert lines[:4] == ["STT\tChỉ tiêu\tSố liệu", "", "1\tVăn bản\t12", "2\tKiểm tra\t3"]
    assert lines[5] == "Đoạn văn."


def _values(report) -> Counter:
    return Counter((i.form, i.code, i.value) for i in report.indicators if i.value is not None)


@pytest.mark.parametrize("target", ["markdown", "plain"])
def test_pandoc_export_of_a_sample_gives_its_values(sample_dir, target):
    """Hà Giang's department report (two-row headers, long notes in the value column) through pandoc: before,
    0 of its 87 values."""
    from pardw.bench.render import text_to_docx

    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not installed (apt-get install pandoc): only this check needs it")
    text = (sample_dir / "001_04942a727d49f9a1.txt").read_text(encoding="utf-8")
    docx = text_to_docx(text)
    out = subprocess.run(["pandoc", "-f", "docx", "-t", target], input=docx, capture_output=True, check=True).stdout
    base, _ = parse_bytes(text.encode("utf-8"), "ha_giang.txt")
    report, _ = parse_bytes(out, "ha_giang.md")
    assert sum(_values(base).values()) == 87 and _values(report) == _values(base)
