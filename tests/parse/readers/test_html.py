"""HTML, Word-HTML ("Save as Web Page") and MHTML into the document model: merged cells resolved as the .docx
reader resolves them, Word's presentation markup not read as text, the character set from the page."""

from __future__ import annotations

import pytest

from pardw.bench.render_html import html_to_mhtml
from pardw.parse.decode import encode_windows_1258
from pardw.parse.read import detect_format, read_document
from pardw.parse.readers.html import read_html
from pardw.parse.records import UnreadableReport

WORD_PAGE = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1258">
<meta name=ProgId content=Word.Document>
<!--[if gte mso 9]><xml>
 <w:WordDocument><w:View>Print</w:View></w:WordDocument>
</xml><![endif]-->
<style>
<!--
p.MsoNormal {mso-style-unhide:no; font-size:14.0pt; font-family:"Times New Roman",serif;}
-->
</style>
</head>
<body lang=EN-US style='tab-interval:36.0pt'>
<div class=WordSection1>
<p class=MsoNormal align=center><b><span lang=VI>BÁO CÁO<o:p></o:p></span></b></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraph><![if !supportLists]><span>-<span style='font:7.0pt'>&nbsp;&nbsp; </span></span>\
<![endif]>Đã ban hành 12 văn bản<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1" title=""><span \
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span \
class=MsoFootnoteReference>[1]</span><![endif]></span></span></a>; tỷ lệ 98,5%.<span style='display:none;\
mso-hide:all'>ẩn 777</span><o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <thead>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td rowspan=2><p class=MsoNormal>STT<o:p></o:p></p></td>
  <td rowspan=2><p class=MsoNormal>Chỉ tiêu thống kê<o:p></o:p></p></td>
  <td colspan=2><p class=MsoNormal>Kết quả thống kê<o:p></o:p></p></td>
  <td rowspan=2><p class=MsoNormal>Ghi chú<o:p></o:p></p></td>
 </tr>
 <tr>
  <td><p class=MsoNormal>Đơn vị tính</p></td>
  <td><p class=MsoNormal>Số liệu</p></td>
 </tr>
 </thead>
 <tr>
  <td><p class=MsoNormal>1.</p></td>
  <td><p class=MsoNormal>Số văn bản chỉ đạo</p><p class=MsoNormal>CCHC đã ban hành</p></td>
  <td><p class=MsoNormal>Văn bản</p></td>
  <td><p class=MsoNormal>12</p></td>
  <td rowspan=2><p class=MsoNormal>Dự kiến thực hiện trong Quý III</p></td>
 </tr>
 <tr>
  <td><p class=MsoNormal>2.</p></td>
  <td><p class=MsoNormal>Tỷ lệ hoàn thành</p></td>
  <td><p class=MsoNormal>%</p></td>
  <td><p class=MsoNormal>98,5</p></td>
 </tr>
 <![if !supportMisalignedColumns]>
 <tr height=0><td width=48 style='border:none'></td><td width=200 style='border:none'></td></tr>
 <![endif]>
</table>
<h2>II. CẢI CÁCH THỂ CHẾ</h2>
</div>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr align=left size=1 width="33%">
<![endif]>
<div style='mso-element:footnote' id=ftn1>
<p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1" name="_ftn1" title=""><span \
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span \
class=MsoFootnoteReference>[1]</span><![endif]></span></span></a> Quyết định số 100/QĐ-UBND ngày 13/01/2023.</p>
</div>
</div>
</body>
</html>
"""


@pytest.fixture(scope="module")
def word_doc():
    data = encode_windows_1258(WORD_PAGE)  # Word's Vietnamese code page: tone marks as combining characters
    assert "BÁO CÁO".encode() not in data
    return read_document(data, "bao_cao.doc")  # a Word-HTML page under a .doc name


def test_word_html_is_sniffed_from_the_bytes_and_decoded_by_its_meta_charset(word_doc):
    assert detect_format(encode_windows_1258(WORD_PAGE)) == "html"
    assert (word_doc.format, word_doc.encoding) == ("html", "windows-1258")
    assert word_doc.blocks[0].text == "BÁO CÁO"  # NFC, as the text reader gives it


def test_merged_cells_resolve_as_in_the_docx_reader(word_doc):
    [table] = [b for b in word_doc.blocks if b.kind == "table"]
    cells = [r.cells for r in table.rows]
    assert cells[0] == ["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Ghi chú"]  # colspan=2: once, then ""
    assert cells[1] == ["", "", "Đơn vị tính", "Số liệu", ""]  # rowspan=2: empty below
    assert cells[2] == [
        "1.",
        "Số văn bản chỉ đạo\nCCHC đã ban hành",
        "Văn bản",
        "12",
        "Dự kiến thực hiện trong Quý III",
    ]
    assert cells[3] == ["2.", "Tỷ lệ hoàn thành", "%", "98,5", ""]  # the note merged down: empty
    assert len(cells) == 4  # Word's <tr height=0> column-width row is not a row
    assert [r.is_header for r in table.rows] == [True, True, False, False]
    assert [r.locator for r in table.rows] == [f"table 1, row {k}" for k in range(1, 5)]


def test_word_markup_is_not_text_and_footnotes_follow_their_paragraph(word_doc):
    kinds = [(b.kind, b.locator) for b in word_doc.blocks]
    assert kinds[:4] == [("paragraph", "paragraph 1"), ("paragraph", "paragraph 2"), ("paragraph", "paragraph 3"),
                         ("footnote", "footnote 1")]  # fmt: skip
    assert word_doc.blocks[1].text == ""  # an empty Word paragraph (<o:p>&nbsp;</o:p>) still counts
    # the list bullet is printed; the footnote mark "[1]" and the hidden span are not text
    assert word_doc.blocks[2].text == "- Đã ban hành 12 văn bản; tỷ lệ 98,5%."
    assert word_doc.blocks[3].text == "Quyết định số 100/QĐ-UBND ngày 13/01/2023."
    assert (word_doc.blocks[-1].kind, word_doc.blocks[-1].text) == ("heading", "II. CẢI CÁCH THỂ CHẾ")
    text = "\n".join(word_doc.render().lines)
    assert "mso" not in text and "WordDocument" not in text and "Print" not in text


@pytest.mark.parametrize("transfer", ["quoted-printable", "base64"])
def test_mhtml_under_a_doc_name_reads_its_html_part(transfer):
    data = html_to_mhtml(encode_windows_1258(WORD_PAGE), charset="windows-1258", transfer=transfer)
    assert detect_format(data) == "mhtml"
    doc = read_document(data, "bao_cao.doc")
    assert (doc.format, doc.encoding) == ("mhtml", "mhtml (windows-1258)")
    [table] = [b for b in doc.blocks if b.kind == "table"]
    assert table.rows[3].cells == ["2.", "Tỷ lệ hoàn thành", "%", "98,5", ""]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>Đơn vị tính</p></body></html>'.encode(),
         "utf-8"),
        ("\ufeff<html><body><p>Đơn vị tính</p></body></html>".encode("utf-16"), "utf-16"),
        # no declaration, not UTF-8: Windows-1258
        (encode_windows_1258("<html><body><p>Đơn vị tính</p></body></html>"), "windows-1258"),
        # a meta that says UTF-8 over Windows-1258 bytes: the bytes win
        (encode_windows_1258('<html><head><meta charset="utf-8"></head><body><p>Đơn vị tính</p></body></html>'),
         "windows-1258"),
        ('<?xml version="1.0" encoding="utf-8"?>\n<!-- saved --><html xmlns="http://www.w3.org/1999/xhtml"><body>'
         "<p>Đơn vị tính</p></body></html>".encode(), "utf-8"),
    ],
)  # fmt: skip
def test_character_sets(data, encoding):
    assert detect_format(data) == "html"
    doc = read_document(data, "page.htm")
    assert (doc.encoding, doc.blocks[0].text) == (encoding, "Đơn vị tính")


def test_text_with_tags_is_still_text():
    # the text exports carry <b> and <sup> marks: they are not web pages
    assert detect_format(b"\n\nS\xe1\xbb\x91: 240 /BC-UBND\n<b>I.</b>\t<b>C\xc3\xb4ng t\xc3\xa1c</b>\n") == "text"
    assert detect_format(b"MIME-Version: 1.0\r\nSubject: x\r\n\r\nbody") == "text"  # a mail, not a web archive


def test_a_page_nested_past_the_parsers_depth_is_refused_not_emptied():
    deep = "<html><body>" + "<div>" * 5000 + "x" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(UnreadableReport) as info:
        read_html(deep.encode(), "deep.html")
    assert info.value.reason == "too_complex"
    # 1,000 levels (past libxml2's default of 256) are read, the text kept
    doc = read_html(("<html><body>" + "<div>" * 1000 + "x" + "</div>" * 1000 + "</body></html>").encode(), "d.html")
    assert [b.text for b in doc.blocks] == ["x"]


def test_a_page_with_no_text_is_empty():
    with pytest.raises(UnreadableReport) as info:
        read_html(b"<html><head><title>x</title><style>p{}</style></head><body><p>&nbsp;</p></body></html>", "e.htm")
    assert info.value.reason == "empty"


# ---- the producer matrix: the four samples and the Lâm Đồng Q1 2026 report as web pages --------------------------

SAMPLES = ("000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "002_c51abfc117effcaf.txt",
           "003_c3152b1089770077.txt")  # fmt: skip
Q1_2026 = "lamdong_q1_2026.docx"  # the names of conftest's office_renderings
META = ("province", "report_number", "issue_date", "period_type", "period_year")
PRODUCERS = ("word_html", "word_mhtml_doc", "word_html_utf8_mhtml_base64_doc", "libreoffice_html")


def _values(report):
    from collections import Counter

    return Counter((i.form, i.code, i.value) for i in report.indicators if i.value is not None)


@pytest.fixture(scope="module")
def web_pages(office_renderings, sample_dir, real_dir_or_skip):
    """{(name, producer): (file name, bytes)} and the base reports ({name: report of the .txt / .docx})."""
    from pardw.bench.render_html import docx_to_word_html
    from pardw.parse.report import parse_bytes

    pages, bases = {}, {}
    for name, rendered in office_renderings.items():
        stem = name.rsplit(".", 1)[0]
        word = docx_to_word_html(rendered["docx"], stem=stem)  # Windows-1258, merged header cells, rowspan notes
        word8 = docx_to_word_html(rendered["docx"], charset="utf-8", stem=stem)
        pages[(name, "word_html")] = (f"{stem}.htm", word)
        pages[(name, "word_mhtml_doc")] = (f"{stem}.doc", html_to_mhtml(word))
        pages[(name, "word_html_utf8_mhtml_base64_doc")] = (f"{stem}.doc",
                                                            html_to_mhtml(word8, charset="utf-8", transfer="base64"))  # fmt: skip
        pages[(name, "libreoffice_html")] = (f"{stem}.html", rendered["html"])
        base = (real_dir_or_skip / name) if name == Q1_2026 else (sample_dir / name)
        bases[name] = parse_bytes(base.read_bytes(), name)[0]
    return pages, bases


@pytest.mark.parametrize("producer", PRODUCERS)
@pytest.mark.parametrize("name", [*SAMPLES, Q1_2026])
def test_web_pages_give_every_value_and_the_metadata(web_pages, name, producer):
    from pardw.parse.report import parse_bytes

    pages, bases = web_pages
    file_name, data = pages[(name, producer)]
    report, _ = parse_bytes(data, file_name)
    assert report.document.format == ("mhtml" if "mhtml" in producer else "html")
    base = bases[name]
    assert {k: getattr(report.document, k) for k in META} == {k: getattr(base.document, k) for k in META}
    assert _values(report) == _values(base)  # every value, none on a wrong row


def test_word_html_cells_carry_the_docx_locators(web_pages, office_renderings):
    """Word's web page of a .docx has its tables and rows: a cell's locator is the .docx's ("table 5, row 17")."""
    from pardw.parse.report import parse_bytes

    pages, _bases = web_pages
    cells = {Q1_2026: [("Biểu mẫu 3", "3.1.2", 120_088), ("Biểu mẫu 6", "1.1", 13_203_300), ("Biểu mẫu 1", "1", 29)],
             "000_d49b38bb6fe27dd3.txt": [("Biểu mẫu 3", "3.3.", 96.91), ("Biểu mẫu 6", "1.1.", 6_231_736)]}  # fmt: skip
    for name, wanted in cells.items():
        docx, _ = parse_bytes(office_renderings[name]["docx"], "r.docx")
        for producer in ("word_html", "word_mhtml_doc"):
            report, _ = parse_bytes(pages[(name, producer)][1], pages[(name, producer)][0])
            for form, code, value in wanted:
                [row] = [i for i in report.indicators if i.form == form and i.code == code]
                [expected] = [i for i in docx.indicators if i.form == form and i.code == code]
                assert (row.value, row.locator) == (value, expected.locator), (name, producer, code)
    q1, _ = parse_bytes(pages[(Q1_2026, "word_html")][1], "q1.htm")
    assert next(i for i in q1.indicators if i.form == "Biểu mẫu 3" and i.code == "3.1.2").locator == "table 5, row 17"


def test_libreoffice_html_locators_point_at_the_row(web_pages):
    """LibreOffice's HTML joins tables that touch; a locator still names the row holding the cell."""
    from pardw.parse.read import read_document
    from pardw.parse.report import parse_document

    pages, _bases = web_pages
    file_name, data = pages[("003_c3152b1089770077.txt", "libreoffice_html")]
    doc = read_document(data, file_name)
    report = parse_document(doc)
    rows = {r.locator: r.cells for b in doc.blocks for r in b.rows}
    online = next(i for i in report.indicators if i.form == "Phụ lục 1" and i.code == "6.5.")
    assert (online.value, online.unit) == (14.33, "%")
    assert rows[online.locator][0] == "6.5." and "14,33" in rows[online.locator]


def test_a_word_web_page_named_doc_is_read_as_html_not_as_markup_text(web_pages):
    """The issue's case: Word-HTML under a .doc name was 1,128 lines of <html>/<style> markup, no table."""
    from pardw.parse.report import parse_bytes

    pages, _bases = web_pages
    _name, data = pages[("000_d49b38bb6fe27dd3.txt", "word_html")]
    report, encoding = parse_bytes(data, "kien_giang_2023.doc")
    assert (report.document.format, encoding) == ("html", "windows-1258")
    assert report.document.province == "Kiên Giang" and report.document.has_appendix
    assert not any("mso-" in (i.name or "") or "<" in (i.name or "") for i in report.indicators)
