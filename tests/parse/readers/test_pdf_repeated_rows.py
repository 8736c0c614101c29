"""A Word table whose first row is a row of data set to "repeat as header row" (pandoc's Word files set it on the
first row of every table; a table split by hand keeps it): LibreOffice prints that row again at the top of
each page the table runs onto. Before, each printing was read as a row of its own: the value of code 3.1.1.
twice in Biểu mẫu 3 (pandoc's .docx of sample 000 printed by LibreOffice)."""

from __future__ import annotations

import io
import shutil
from collections import Counter

import pytest

from pardw.bench.render import docx_to_pdf, text_to_docx
from pardw.parse.report import parse_bytes

HEAD = """UBND TỈNH X
Số: 12/BC-UBND
BÁO CÁO
Kết quả công tác cải cách hành chính quý I năm 2025

Biểu mẫu 3
STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố liệu
3\tKết quả giải quyết TTHC\t\t
3.1.\tTỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn\t%\t98,5
"""


def _repeat_first_rows(data: bytes) -> bytes:
    """The .docx with the first row of its second table set to repeat as the header row (an empty paragraph
    before that table, else LibreOffice joins the two tables into one)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    document.tables[1]._tbl.addprevious(OxmlElement("w:p"))  # an empty paragraph: two tables, not one
    tr_pr = document.tables[1].rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")  # as pandoc writes it (LibreOffice ignores the element without its value)
    tr_pr.append(header)
    assert tr_pr.find(qn("w:tblHeader")) is not None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_row_of_data_repeated_as_the_header_row_is_read_once():
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice not installed (make install installs it)")
    rows = "\n".join(
        f"3.{k}.\tSố hồ sơ TTHC tiếp nhận của đơn vị thứ {k} trong kỳ báo cáo\tHồ sơ\t{100 + k}" for k in range(2, 70)
    )
    text = HEAD + "\n3.1.1.\tTổng số hồ sơ TTHC đã giải quyết xong\tHồ sơ\t33.825\n" + rows + "\n"
    report, _ = parse_bytes(docx_to_pdf(_repeat_first_rows(text_to_docx(text))), "bm3.pdf")
    pages = {i.locator for i in report.indicators}
    assert len(pages) >= 2  # the table runs over a page break
    first = [i for i in report.indicators if i.code == "3.1.1."]
    assert [(i.value, i.locator) for i in first] == [(33825, "p. 1")]
    codes = Counter(i.code for i in report.indicators)
    assert codes.most_common(1)[0][1] == 1  # every code once
    assert {i.code: i.value for i in report.indicators if i.code.startswith("3.6")}["3.69."] == 169


def test_a_row_of_data_in_a_web_pages_thead_is_read_once():
    """pandoc's HTML of the same Word file: the first row of the second table is its ``<thead>``, which the browser
    prints again at the top of every page; printed right under the first table, the two read as one table, so
    the repeated row is not that table's first row."""
    from pardw.bench.render import html_to_pdf

    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        pytest.skip("chromium not installed (make install installs it)")

    def tr(cells, tag="td"):
        return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"

    first = tr(("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"), "th") + tr(
        ("3", "Kết quả giải quyết TTHC", "", "")
    )
    rows = "".join(tr((f"3.{k}.", f"Số hồ sơ TTHC tiếp nhận của đơn vị thứ {k} trong kỳ báo cáo", "Hồ sơ", 100 + k))
                   for k in range(2, 70))  # fmt: skip
    head = tr(("3.1.1.", "Tổng số hồ sơ TTHC đã giải quyết xong", "Hồ sơ", "33,825"), "th")
    cols = "<colgroup><col style='width:12%'><col style='width:58%'><col style='width:15%'><col></colgroup>"
    page = f"""<html><head><meta charset="utf-8"><style>body {{ font-family: serif; margin: 2cm; }}
    table {{ border-collapse: collapse; width: 100%; margin: 0; table-layout: fixed; }} td, th {{ padding: 2px 6px; }}
    </style></head><body>
    <p>UBND TỈNH X</p><p>Số: 12/BC-UBND</p><p>BÁO CÁO</p><p>Kết quả công tác cải cách hành chính quý I năm 2025</p>
    <p>Biểu mẫu 3</p><table>{cols}<thead>{first}</thead></table><table>{cols}<thead>{head}</thead><tbody>{rows}</tbody>
    </table></body></html>
    </body></html>"""
    report, _ = parse_bytes(html_to_pdf(page), "bm3.pdf")
    assert len({i.locator for i in report.indicators}) >= 2
    assert [(i.value, i.locator) for i in report.indicators if i.code == "3.1.1."] == [(33825, "p. 1")]
    assert Counter(i.code for i in report.indicators).most_common(1)[0][1] == 1
