"""Prose wrapped at a fixed width (pdftotext -layout, pandoc, e-mail) is read a paragraph at a time, as the
same report's .docx is: the sentence "tổng số hồ sơ tiếp nhận 41.697 hồ sơ" is whole again."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter

import pytest

from pardw.parse.readers.wrapped import join_wrapped
from pardw.parse.report import parse_bytes

PARAGRAPH = (
    "Kết quả giải quyết thủ tục hành chính trên Cổng dịch vụ công tỉnh: tổng số hồ sơ tiếp nhận 41.697 hồ sơ, đã "
    "giải quyết 33.825 hồ sơ, trong đó đúng hạn 33.500 hồ sơ; trễ hạn 325 hồ sơ; đang giải quyết trong hạn 7.872 hồ sơ."
)


def _wrap(text: str, width: int = 72) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)


def test_a_wrapped_paragraph_is_written_on_its_first_line():
    body = []
    for n in range(1, 6):
        body += [f"{n}. Mục {n}", *_wrap(PARAGRAPH), ""]
    lines = [*body, "- một gạch đầu dòng ngắn", "STT\tChỉ tiêu\tĐơn vị tính\tSố liệu"]
    wrapped = len(_wrap(PARAGRAPH))
    assert join_wrapped(lines) == 5 * (wrapped - 1)
    assert lines[1] == PARAGRAPH and lines[2 : 1 + wrapped] == [""] * (wrapped - 1)  # line numbers kept
    assert lines[0] == "1. Mục 1"  # a numbered heading is not the paragraph above's rest
    assert lines[-2:] == ["- một gạch đầu dòng ngắn", "STT\tChỉ tiêu\tĐơn vị tính\tSố liệu"]


def test_a_paragraph_per_line_is_left_alone(sample_dir):
    text = (sample_dir / "000_d49b38bb6fe27dd3.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert join_wrapped(lines) == 0 and lines == text.split("\n")


def test_items_of_a_wrapped_list_stay_items():
    lines = []
    for n in range(12):
        lines += [
            f"- Kế hoạch số {n + 1}/KH-UBND ngày 06/02/2023 về kiểm tra công tác cải cách hành chính",
            "  năm 2023.",
        ]
    join_wrapped(lines)
    assert lines[0].endswith("hành chính năm 2023.") and lines[2].startswith("- Kế hoạch số 2/KH-UBND")


def _values(report) -> Counter:
    return Counter((n.metric, n.value) for n in report.narratives)


def test_pdftotext_layout_of_a_report_gives_the_prose_of_its_docx(sample_dir):
    """Kiên Giang H1 2023 printed to PDF by LibreOffice, then `pdftotext -layout`: before, 20 facts of its prose
    were lost (a quarter of the report's figures on the dossiers); now the same facts as its .docx."""
    from pardw.bench.render import docx_to_pdf, text_to_docx
    from pardw.parse.readers.word97 import soffice

    if soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler-utils (pdftotext) needed: make install installs them")
    docx = text_to_docx((sample_dir / "000_d49b38bb6fe27dd3.txt").read_text(encoding="utf-8"))
    layout = subprocess.run(["pdftotext", "-layout", "-", "-"], input=docx_to_pdf(docx), capture_output=True,
                            check=True).stdout  # fmt: skip
    from_docx, _ = parse_bytes(docx, "kien_giang.docx")
    from_layout, _ = parse_bytes(layout, "kien_giang.txt")
    assert sum((_values(from_docx) - _values(from_layout)).values()) <= 1
    received = next(n for n in from_layout.narratives if n.metric == "dossiers_received")
    assert (received.value, received.raw_value) == (41697.0, "41.697")
    assert any(w.code == "wrapped_prose_joined" for w in from_layout.warnings)


def test_a_few_longer_lines_do_not_hide_the_wrapping():
    # pdftotext without -layout: body lines wrapped at ~75 characters, footnotes in a smaller font at ~150
    from pardw.parse.readers.wrapped import join_wrapped

    body = (
        "Trong kỳ báo cáo, các cơ quan, đơn vị trên địa bàn tỉnh đã tiếp nhận tổng\n"
        "số 4.250 hồ sơ thủ tục hành chính, trong đó hồ sơ trực tuyến chiếm 62,5%.\n"
    )
    note = "¹ " + "Quyết định số 629/QĐ-UBND ngày 28/3/2022 về Kế hoạch cải cách hành chính năm 2022 " * 2
    paragraph = body + "\n"
    lines = (paragraph * 30 + (note + "\n\n") * 3 + paragraph * 10).split("\n")
    assert join_wrapped(lines) == 40  # each paragraph's second line joined to its first; the notes left alone
    assert lines[0] == (
        "Trong kỳ báo cáo, các cơ quan, đơn vị trên địa bàn tỉnh đã tiếp nhận tổng số 4.250 hồ sơ thủ tục hành "
        "chính, trong đó hồ sơ trực tuyến chiếm 62,5%."
    )
