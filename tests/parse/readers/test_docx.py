"""Word files as offices send them: real .docx reports, files named .doc that are .docx, and the
samples rendered to .docx, which must give the values their text exports give."""

from __future__ import annotations

import io
import zipfile
from collections import Counter

import pytest

from pardw.bench.render import text_to_docx
from pardw.parse.read import read_document
from pardw.parse.readers.docx import read_docx
from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_bytes, parse_file

SAMPLES = ("000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "002_c51abfc117effcaf.txt",
           "003_c3152b1089770077.txt")  # fmt: skip


def _values(report) -> Counter:
    return Counter((i.form, i.code, i.value) for i in report.indicators if i.value is not None)


def test_lam_dong_2025_docx_appendix_cells_with_locators(real_dir):
    report = parse_file(real_dir / "lamdong_fy_2025.docx")
    doc = report.document
    assert (doc.format, doc.province, doc.period_type, doc.period_year) == ("docx", "Lâm Đồng", "FY", 2025)
    assert doc.report_number is None  # an unsigned final: "Số: /BC-UBND", said in a warning
    assert "missing_report_number" in {w.code for w in report.warnings}
    valued = [i for i in report.indicators if i.value is not None]
    assert len(valued) == 105
    plan = next(i for i in valued if i.form == "Biểu mẫu 6" and i.code == "1.1.")
    assert (plan.name, plan.unit, plan.raw_value, plan.value, plan.locator) == (
        "Kế hoạch được giao", "Triệu đồng", "17.454.000", 17_454_000, "table 9, row 4")  # fmt: skip
    # a table continued on the next page is a second Word table: its rows keep their own locator
    on_time = next(i for i in valued if i.form == "Biểu mẫu 3" and i.code == "3.2.2.")
    assert (on_time.value, on_time.locator) == (467_565, "table 6, row 3")


def test_stand_alone_appendix_agrees_with_the_full_report(real_dir):
    full = parse_file(real_dir / "lamdong_fy_2025.docx")
    appendix = parse_file(real_dir / "lamdong_fy_2025_appendix.docx")
    assert _values(appendix) == _values(full)


def test_q1_2026_draft_and_final_differ_in_the_swapped_rows(real_dir):
    final = {(i.form, i.code): i.value for i in parse_file(real_dir / "lamdong_q1_2026.docx").indicators}
    draft = {(i.form, i.code): i.value for i in parse_file(real_dir / "lamdong_q1_2026_draft.docx").indicators}
    assert (final[("Biểu mẫu 1", "2.1")], final[("Biểu mẫu 1", "2.2")]) == (49, 11)
    assert sum(1 for k in final if final[k] != draft.get(k)) >= 2


def test_a_file_named_doc_that_is_a_docx_is_read_as_docx(real_dir):
    data = (real_dir / "lamdong_cchc_index_2025_departments.doc").read_bytes()
    doc = read_document(data, "departments.doc")
    assert doc.format == "docx"
    rows = [r for b in doc.blocks if b.kind == "table" for r in b.rows]
    tu_phap = next(r for r in rows if r.cells[1:2] == ["Sở Tư pháp"])
    assert tu_phap.cells[:6] == ["1", "Sở Tư pháp", "89,00", "82,78", "93,01%", "TỐT"]
    assert tu_phap.locator.startswith("table 1, row ")


def test_footnotes_follow_the_paragraph_that_cites_them(real_dir):
    doc = read_docx((real_dir / "lamdong_fy_2025.docx").read_bytes(), "fy.docx")
    kinds = [b.kind for b in doc.blocks]
    assert "footnote" in kinds
    first = kinds.index("footnote")
    assert doc.blocks[first - 1].kind in ("paragraph", "heading", "footnote", "table")
    assert doc.blocks[first].locator.startswith(("footnote ", "endnote "))


def test_cover_memo_is_not_a_report(real_dir):
    with pytest.raises(UnreadableReport) as info:
        parse_file(real_dir / "lamdong_fy_2025_cover_memo.docx")
    assert info.value.reason == "not_a_report"


@pytest.mark.parametrize("sample", SAMPLES)
def test_sample_rendered_as_docx_gives_the_text_values(sample_dir, sample):
    text = (sample_dir / sample).read_text(encoding="utf-8")
    from_text, _ = parse_bytes(text.encode("utf-8"), sample)
    from_docx, container = parse_bytes(text_to_docx(text), sample.replace(".txt", ".docx"))
    assert container == "docx" and from_docx.document.format == "docx"
    for key in ("province", "report_number", "issue_date", "period_type", "period_year"):
        assert getattr(from_docx.document, key) == getattr(from_text.document, key), key
    assert _values(from_docx) == _values(from_text)
    if sample.startswith("000"):
        rate = next(i for i in from_docx.indicators if i.form == "Biểu mẫu 3" and i.code == "3.3.")
        assert rate.value == 96.91 and rate.locator.startswith("table ") and ", row " in rate.locator


def _zip(members: dict[str, bytes], level=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", level) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_bad_word_files_get_their_own_reasons(sample_dir):
    good = text_to_docx((sample_dir / SAMPLES[0]).read_text(encoding="utf-8"))
    empty_body = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                  b'wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>')  # fmt: skip
    cases = {
        "corrupt_docx": good[: len(good) // 2],
        "not_a_docx": _zip({"readme.txt": b"hello"}),
        "empty": _zip({"word/document.xml": empty_body}),
        "zip_bomb": _zip({"word/document.xml": b"<" + b" " * 300_000_000}),
    }
    for reason, data in cases.items():
        with pytest.raises(UnreadableReport) as info:
            parse_bytes(data, f"{reason}.docx")
        assert info.value.reason == reason, (reason, info.value)


def test_word_file_in_a_legacy_tcvn3_font_is_converted(sample_dir):
    from pardw.parse.readers.legacy import encode_tcvn3

    text = (sample_dir / SAMPLES[0]).read_text(encoding="utf-8")
    report, _ = parse_bytes(text_to_docx(encode_tcvn3(text)), "kg_vntime.docx")
    assert "legacy_font_converted" in {w.code for w in report.warnings}
    assert (report.document.province, report.document.report_number) == ("Kiên Giang", "240/BC-UBND")
    assert _values(report) == _values(parse_bytes(text.encode(), SAMPLES[0])[0])


def _patched(data: bytes, name: str, *, flag: int = 0, method: int | None = None, garbage: bool = False) -> bytes:
    """The package with one member's headers changed (general-purpose flag bits, compression method)
    or its compressed bytes overwritten, as damaged files arrive."""
    import struct

    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    local = info.header_offset
    heads = [(local, 6, 8)]  # (offset, flag field, method field) of the local header ...
    at = out.find(b"PK\x01\x02")
    while at >= 0:  # ... and of its central directory entry
        size = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + size]) == name.encode():
            heads.append((at, 8, 10))
        at = out.find(b"PK\x01\x02", at + 4)
    for offset, flag_at, method_at in heads:
        struct.pack_into("<H", out, offset + flag_at, struct.unpack_from("<H", out, offset + flag_at)[0] | flag)
        if method is not None:
            struct.pack_into("<H", out, offset + method_at, method)
    if garbage:
        start = local + 30 + sum(struct.unpack_from("<HH", out, local + 26))
        out[start : start + 16] = b"\xff" * 16  # a deflate block of the reserved type
    return bytes(out)


def test_damaged_word_packages_are_corrupt_docx_not_parse_failed(sample_dir):
    """Issue 26, 6: an encrypted member, deflate64 and a corrupt deflate stream are damaged Word files."""
    good = text_to_docx((sample_dir / SAMPLES[0]).read_text(encoding="utf-8"))
    cases = {
        "encrypted flag": _patched(good, "word/document.xml", flag=0x1),
        "deflate64": _patched(good, "word/document.xml", method=9),
        "corrupt deflate": _patched(good, "word/document.xml", garbage=True),
    }
    for what, data in cases.items():
        with pytest.raises(UnreadableReport) as info:
            parse_bytes(data, "damaged.docx")
        assert info.value.reason == "corrupt_docx", (what, info.value)
        assert "Word package" in info.value.message, (what, info.value.message)


@pytest.mark.parametrize("columns", [1, 2])
def test_tables_inside_a_table_are_read_as_tables(sample_dir, framed, columns):
    """Before: 0 of 125 values (the inner table's text was one cell of the outer)."""
    text = (sample_dir / SAMPLES[0]).read_text(encoding="utf-8")
    plain = text_to_docx(text)
    from_plain, _ = parse_bytes(plain, "kien_giang.docx")
    in_frame, _ = parse_bytes(framed(plain, columns), "kien_giang.docx")
    assert sum(_values(from_plain).values()) == 125
    assert _values(in_frame) == _values(from_plain)
    rate = next(i for i in in_frame.indicators if i.form == "Biểu mẫu 3" and i.code == "3.3.")
    assert rate.value == 96.91 and rate.locator.startswith("table ") and ", row " in rate.locator
    if columns == 2:  # the outer table's own cells stay a table; its first cell is not the inner table's text
        doc = read_document(framed(plain, columns), "k.docx")
        outer = next(b for b in doc.blocks if b.kind == "table" and b.rows[0].cells[-1] == "Ghi chú khung")
        assert outer.rows[0].cells[0] == ""


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
_EDGES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {_W} {_MC}><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
  <w:r><w:t>I. KẾT QUẢ</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Đã giải quyết </w:t></w:r><w:del><w:r><w:delText>999</w:delText></w:r></w:del>
  <w:r><w:t>1.234</w:t><w:tab/><w:t>hồ sơ</w:t><w:br/></w:r><w:r><w:footnoteReference w:id="2"/></w:r>
  <w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>hộp</w:t></mc:Choice>
  <mc:Fallback><w:t>hộp cũ</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>trong sdt</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:tbl>
 <w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Chỉ tiêu</w:t></w:r></w:p></w:tc>
  <w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Số lượng</w:t></w:r></w:p><w:p/><w:p><w:r><w:t> ghi chú </w:t></w:r></w:p></w:tc></w:tr>
 <w:tr><w:tc><w:tcPr><w:gridSpan/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>
  <w:tc><w:tcPr><w:gridSpan w:val="x"/></w:tcPr><w:p><w:r><w:t>b</w:t><w:endnoteReference w:id="1"/></w:r></w:p></w:tc>
  <w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>hidden</w:t></w:r></w:p></w:tc></w:tr>
 <w:sdt><w:sdtContent><w:tr><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt>
  <w:tc><w:tcPr><w:gridSpan w:val="200"/><w:vMerge w:val=""/></w:tcPr><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>
 </w:sdtContent></w:sdt>
</w:tbl>
<w:p/>
<w:sectPr/></w:body></w:document>"""
_NOTES = f"""<w:footnotes {_W}><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:t>--</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:t>Nguồn: Sở Nội vụ</w:t></w:r></w:p></w:footnote></w:footnotes>"""
_ENDNOTES = (
    f"""<w:endnotes {_W}><w:endnote w:id="1"><w:p><w:r><w:t>Ước tính</w:t></w:r></w:p></w:endnote></w:endnotes>"""
)


def _walked(data: bytes, monkeypatch) -> list:
    """The blocks of the element-by-element walk (the reference the fast pass must equal)."""
    from pardw.parse.readers import docx

    with monkeypatch.context() as m:
        m.setattr(docx, "_has_separator", lambda raw: True)
        return read_docx(data, "x.docx").blocks


def test_the_fast_pass_reads_words_edge_cases_as_the_walk_does(monkeypatch):
    """Styles, tab stops, deleted runs, fallbacks, content controls, merged cells (with odd values), header rows
    and notes cited from paragraphs and cells: the XSLT pass gives the walk's blocks exactly."""
    data = _zip(
        {
            "word/document.xml": _EDGES.encode(),
            "word/footnotes.xml": _NOTES.encode(),
            "word/endnotes.xml": _ENDNOTES.encode(),
        }
    )
    fast = read_docx(data, "x.docx").blocks
    assert fast == _walked(data, monkeypatch)
    kinds = [(b.kind, b.locator) for b in fast]
    assert kinds == [
        ("heading", "paragraph 1"),
        ("paragraph", "paragraph 2"),
        ("footnote", "footnote 2"),
        ("paragraph", "paragraph 3"),
        ("table", "table 1"),
        ("footnote", "endnote 1"),
        ("paragraph", "paragraph 4"),
    ]
    assert fast[0].text == " I. KẾT QUẢ"  # the tab stop of the paragraph's properties reads as a space, as before
    assert fast[1].text == "Đã giải quyết 1.234 hồ sơ hộp"
    assert fast[2].text == "Nguồn: Sở Nội vụ"
    rows = fast[4].rows
    assert [r.cells for r in rows] == [["Chỉ tiêu", "", "Số lượng\nghi chú"], ["a", "b", ""], ["1", ""] + [""] * 63]
    assert [r.is_header for r in rows] == [True, False, False]
    assert [r.locator for r in rows] == ["table 1, row 1", "table 1, row 2", "table 1, row 3"]


def test_a_separator_character_in_the_text_sends_the_document_to_the_walk(monkeypatch):
    """The fast pass splits its records on Unicode noncharacters: a document holding one is read by the walk."""
    for mark, char in (("\ufdd0", "\ufdd0"), ("&#xFDD1;", "\ufdd1"), ("&#64978;", "\ufdd2")):
        data = _zip({"word/document.xml": _EDGES.replace("trong sdt", f"trong {mark} sdt").encode()})
        blocks = read_docx(data, "x.docx").blocks
        assert blocks == _walked(data, monkeypatch)
        assert blocks[2].text == f"trong {char} sdt"
