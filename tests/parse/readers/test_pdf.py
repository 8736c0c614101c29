"""The born-digital PDF reader: real Lâm Đồng PDFs, and PDFs made here (scan, truncated, encrypted, rotated)."""

from __future__ import annotations

import hashlib
import io
import shutil
import struct
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest

from pardw.config import PROJECT_ROOT
from pardw.parse.appendix import parse_appendix
from pardw.parse.document_model import SourceDocument
from pardw.parse.metadata import parse_metadata
from pardw.parse.readers.pdf import pdf_floor, read_pdf
from pardw.parse.readers.pdf_layout import join_cell_lines
from pardw.parse.records import UnreadableReport
from pardw.parse.report import appendix_start

REAL = PROJECT_ROOT.parent / "shared" / "real_reports" / "lamdong"


def _real(name: str) -> bytes:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real report {path} is not available (../shared/real_reports is outside the repository)")
    return path.read_bytes()


@cache
def _signed() -> SourceDocument:
    return read_pdf(_real("lamdong_fy_2025_signed.pdf"), "lamdong_fy_2025_signed.pdf")


def _valued(lines: list[str]):
    rows = parse_appendix(lines, "x")
    return [r for r in rows if r.value is not None]


def _docx_lines(data: bytes) -> list[str]:
    """The docx's paragraphs and table rows (grid cells, a horizontally merged cell once) as text lines."""
    docx = pytest.importorskip("docx")
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines += [Paragraph(el, d).text, ""]
        elif tag == "tbl":
            for row in Table(el, d).rows:
                cells, prev = [], None
                for cell in row.cells:
                    cells.append("" if cell._tc is prev else " ".join(cell.text.split()))
                    prev = cell._tc
                lines.append("\t".join(cells))
            lines.append("")
    return lines


# ---------------------------------------------------------------- the signed 2025 report (35 pages)


def test_signed_report_appendix_agrees_with_the_docx_value_for_value():
    doc = _signed()
    assert doc.format == "pdf" and doc.encoding == "pdf" and doc.pages == 35
    pdf_rows = _valued(doc.render().lines)
    docx_rows = _valued(_docx_lines(_real("lamdong_fy_2025.docx")))
    assert len(docx_rows) == 105
    assert [(r.form, r.code, r.value) for r in pdf_rows] == [(r.form, r.code, r.value) for r in docx_rows]


@pytest.mark.parametrize(
    ("form", "code", "value", "locator", "unit"),
    [
        ("Biểu mẫu 1", "1.", 82, "p. 25", "Văn bản"),
        ("Biểu mẫu 1", "5.1.", 25898, "p. 26", "Số lượng"),  # '25.89' + '8': a number wrapped in its narrow cell
        ("Biểu mẫu 1", "5.2.", 0, "p. 26", "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2"),  # a unit over 3 lines
        ("Biểu mẫu 3", "3.2.2.", 467565, "p. 29", "Hồ sơ"),  # first row after the repeated header
        ("Biểu mẫu 4", "1.5.", 1747, "p. 30", "Cơ quan, đơn vị"),
        ("Biểu mẫu 6", "1.1.", 17454000, "p. 33", "Triệu đồng"),
        ("Biểu mẫu 7", "4.4.2.", 210550, "p. 35", "Hồ sơ"),
    ],
)
def test_signed_report_cells_with_their_page(form, code, value, locator, unit):
    rendering = _signed().render()
    row = next(r for r in _valued(rendering.lines) if r.form == form and r.code == code)
    assert row.value == value
    assert row.unit == unit
    assert rendering.locator(row.line) == locator


def test_signed_report_rows_keep_their_cells_and_notes():
    rendering = _signed().render()
    rows = parse_appendix(rendering.lines, "x")
    row = next(r for r in rows if r.form == "Biểu mẫu 4" and r.code == "1.5.")
    assert row.name == "Tổng số đơn vị sự nghiệp công lập (ĐVSNCL) tại địa phương"
    assert row.note == "không tính 31 đơn vị sự nghiệp thuộc đơn vị sự nghiệp"  # a note over 3 lines, one cell
    wrapped = next(r for r in rows if r.form == "Biểu mẫu 4" and r.code == "1.1.")
    assert wrapped.name.endswith("đáp ứng các tiêu chí theo quy định của Chính phủ")  # the name wraps over 2 lines
    assert wrapped.value == 15 and rendering.locator(wrapped.line) == "p. 30"


def test_signed_report_header_rows_repeated_after_page_breaks_are_marked():
    tables = [b for b in _signed().blocks if b.kind == "table"]
    form1 = tables[0]  # Biểu mẫu 1 runs from p. 25 onto p. 26: one table block
    assert form1.locator == "p. 25"
    headers = [(row.locator, row.cells) for row in form1.rows if row.is_header]
    assert headers[0][0] == "p. 25" and headers[0][1][0] == "STT"
    assert ("p. 26", headers[0][1]) in headers  # the repeated header on p. 26
    assert headers[1][1] == ["", "", "Đơn vị tính", "Số liệu", ""]  # the second header row, grid-aligned
    assert all(not row.is_header for row in form1.rows if row.cells[0][:1].isdigit())


def test_signed_report_metadata_includes_the_stamped_number_and_day():
    rendering = _signed().render()
    doc, _ = parse_metadata(rendering.lines, "lamdong_fy_2025_signed.pdf", appendix_start(rendering.lines))
    # the number and the day are stamped by the e-signature service (signature widgets), read where printed
    assert doc.report_number == "329/BC-UBND"
    assert doc.issue_date == "2025-12-19"
    assert (doc.province, doc.issuer, doc.period_type, doc.period_year) == (
        "Lâm Đồng", "UBND tỉnh Lâm Đồng", "FY", 2025
    )  # fmt: skip
    assert doc.title == "Công tác cải cách hành chính năm 2025 và phương hướng, nhiệm vụ năm 2026 của tỉnh Lâm Đồng"
    assert rendering.locator(doc.line) == "p. 1"


def test_signed_report_prose_paragraphs_footnotes_and_headings():
    doc = _signed()
    texts = [(b.kind, b.locator, b.text) for b in doc.blocks if b.kind != "table"]
    # a paragraph broken by the page break between p. 1 and p. 2 is one block, located where it starts
    para = next(t for t in texts if "nâng cao các chỉ số PAR INDEX, SIPAS, PAPI, PCI và Bộ chỉ số" in t[2])
    assert para[:2] == ("paragraph", "p. 1") and para[2].endswith("Chủ tịch Ủy ban nhân dân tỉnh.")
    # footnotes: small type below the rule, with their number; a footnote running onto p. 3 stays one block
    notes = [t for t in texts if t[0] == "footnote"]
    assert notes[0][1] == "p. 1" and notes[0][2].startswith("<sup>1</sup> Thường trực Tỉnh ủy")
    note2 = next(t for t in notes if t[2].startswith("<sup>2</sup> Trước sáp nhập tỉnh:"))
    assert note2[1] == "p. 2" and "Quyết định số 117/QĐ-UBND ngày 17/01/2025" in note2[2]  # hyphen at a line end
    assert "Công văn số 3779/UBND-HCC ngày 19/9/2025" in note2[2]  # its continuation on p. 3
    # the footnote marker in the body text
    assert any("các cấp, các ngành<sup>1</sup>." in t[2] for t in texts)
    # headings
    assert ("heading", "p. 1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC") in texts
    assert ("heading", "p. 25", "PHỤ LỤC") in texts
    assert ("heading", "p. 30", "Biểu mẫu 4") in texts
    # page numbers are dropped: no line is a bare number
    assert not [line for line in doc.render().lines if line.strip().isdigit()]
    assert doc.warnings == []


def test_every_block_and_row_has_its_page():
    doc = _signed()
    for block in doc.blocks:
        assert block.locator == f"p. {block.page}"
        for row in block.rows:
            assert row.locator.startswith("p. ") and int(row.locator[3:]) >= block.page


def test_pdf_floor_counts_the_raw_text_layer():
    chars = pdf_floor(_real("lamdong_fy_2025_signed.pdf"))
    assert 70_000 < chars < 100_000


# ---------------------------------------------------------------- other real PDFs


def test_appraisal_score_tables_across_pages():
    doc = read_pdf(_real("lamdong_cchc_index_2025_appraisal.pdf"), "lamdong_cchc_index_2025_appraisal.pdf")
    assert doc.pages == 43
    rows = [(r.locator, r.cells) for b in doc.blocks if b.kind == "table" for r in b.rows]
    assert ("p. 5", ["1", "Sở Tư pháp", "74,00", "70,52", "70,50", "95,27%"]) in rows
    # the commune table runs over p. 13-17 as one table: 124 communes, the header repeated on each page
    communes = next(b for b in doc.blocks if b.kind == "table" and b.rows[1].cells[1] == "UBND xã Tuyên Quang")
    numbered = [r for r in communes.rows if r.cells[0].isdigit()]
    assert len(numbered) == 124 and numbered[-1].cells[:2] == ["124", "UBND xã Trà Tân"]
    assert numbered[-1].locator == "p. 17"
    assert {r.locator for r in communes.rows if r.is_header} == {"p. 13", "p. 14", "p. 15", "p. 16", "p. 17"}
    # a header row whose bottom border is only the end of its shading (p. 25): values stay in their row
    assert ("p. 25", ["2", "Sở Dân tộc và Tôn giáo", "12,451", "83,009%"]) in rows


def test_cover_memo_and_index_report_are_read_without_crashing():
    memo = read_pdf(_real("lamdong_q1_2026_cover_memo.pdf"), "lamdong_q1_2026_cover_memo.pdf")
    lines = memo.render().lines
    assert "TỜ TRÌNH" in lines and "Số: 166 /TTr-SNV" in lines
    indices = read_pdf(_real("lamdong_indices_2025-11-28.pdf"), "lamdong_indices_2025-11-28.pdf")
    assert indices.pages == 10 and {b.page for b in indices.blocks} == set(range(1, 11))
    # the 2024 index table on p. 1: a ruled table with a two-row header
    rows = [r.cells for b in indices.blocks if b.kind == "table" for r in b.rows]
    assert ["Lâm Đồng", "83,1/100", "62/63", "83,0%", "39/63", "41,02/80", "54/63", "65,08/100", "54/63"] in rows


@pytest.mark.parametrize(
    ("name", "number", "date"),
    [
        ("lamdong_pilot_models_qd787_2025.pdf", "181/BC-SNV", "2025-11-05"),  # 'Số: 181    /BC-SNV': one line
        ("lamdong_indices_2025-11-28.pdf", "228/BC-SNV", "2025-11-28"),
        ("lamdong_cchc_index_2025_appraisal.pdf", "36/BC-HĐTĐ", "2026-02-02"),
    ],
)
def test_signed_pdfs_header_number_and_date(name, number, date):
    rendering = read_pdf(_real(name), name).render()
    doc, _ = parse_metadata(rendering.lines, name, appendix_start(rendering.lines))
    assert (doc.report_number, doc.issue_date) == (number, date)


# ---------------------------------------------------------------- bad input


def _without_ocr(monkeypatch) -> None:
    import pardw.parse.readers.ocr_engine as engine

    monkeypatch.setattr(engine, "missing", lambda: "the OCR binding tesserocr is not installed; " + engine.INSTALL)


def test_a_scan_without_text_layer_is_scanned_pdf_where_ocr_is_missing(monkeypatch):
    pdfium = pytest.importorskip("pypdfium2")
    image = pdfium.PdfDocument(_real("lamdong_q1_2026_cover_memo.pdf"))[0].render(scale=0.5).to_pil()
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "PDF")
    _without_ocr(monkeypatch)
    with pytest.raises(UnreadableReport) as exc:
        read_pdf(buf.getvalue(), "scan.pdf")
    assert exc.value.reason == "scanned_pdf" and "image" in exc.value.message
    assert "tesseract-ocr tesseract-ocr-vie" in exc.value.message


def _mixed(scale: float) -> bytes:
    """A text page, then the cover memo's first page as a scanned image."""
    pdfium = pytest.importorskip("pypdfium2")
    image = pdfium.PdfDocument(_real("lamdong_q1_2026_cover_memo.pdf"))[0].render(scale=scale).to_pil()
    scan = io.BytesIO()
    image.convert("L").save(scan, "PDF", resolution=72 * scale)
    pdf = pdfium.PdfDocument(_minimal_pdf(["Bao cao so 12/BC-UBND ngay 19 thang 6 nam 2023"]))
    pdf.import_pages(pdfium.PdfDocument(scan.getvalue()))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_scanned_page_inside_a_text_pdf_is_a_warning_where_ocr_is_missing(monkeypatch):
    _without_ocr(monkeypatch)
    doc = read_pdf(_mixed(0.3), "mixed.pdf")
    assert doc.pages == 2 and [b.text for b in doc.blocks] == ["Bao cao so 12/BC-UBND ngay 19 thang 6 nam 2023"]
    assert [(code, loc) for code, _, loc in doc.warnings] == [("pdf_page_image_only", "p. 2")]


def test_a_scanned_page_inside_a_text_pdf_is_read_by_ocr():
    """Mixed PDF: the text page from its text layer, the scanned page (200 dpi) by OCR, each with its page."""
    pytest.importorskip("tesserocr")
    doc = read_pdf(_mixed(200 / 72), "mixed.pdf")
    assert doc.pages == 2 and doc.blocks[0].text == "Bao cao so 12/BC-UBND ngay 19 thang 6 nam 2023"
    scanned = " ".join(b.text for b in doc.blocks if b.locator == "p. 2")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in scanned and "/TTr-SNV" in scanned
    assert [(code, loc) for code, _, loc in doc.warnings] == [("ocr_pages", "p. 2")]
    assert {t.page for t in doc.ocr} == {2} and doc.encoding == "pdf+ocr"


def test_a_layout_failure_keeps_the_text_line_by_line(monkeypatch):
    import pardw.parse.readers.pdf as reader

    def broken(pages):
        raise ValueError("unforeseen geometry")

    monkeypatch.setattr(reader, "build_blocks", broken)
    doc = read_pdf(_minimal_pdf(["So: 12/BC-UBND", "Bieu mau 1"]), "odd.pdf")
    assert [(b.kind, b.locator, b.text) for b in doc.blocks] == [
        ("paragraph", "p. 1", "So: 12/BC-UBND"), ("paragraph", "p. 2", "Bieu mau 1")
    ]  # fmt: skip
    assert doc.warnings[0][0] == "pdf_layout_failed" and "unforeseen geometry" in doc.warnings[0][1]


def test_truncated_and_foreign_bytes_are_corrupt_pdf():
    data = _minimal_pdf(["Bao cao so 12/BC-UBND"])
    for bad in (data[: len(data) // 2], b"PK\x03\x04 not a pdf", b"%PDF-1.7\n garbage \n%%EOF\n"):
        with pytest.raises(UnreadableReport) as exc:
            read_pdf(bad, "bad.pdf")
        assert exc.value.reason == "corrupt_pdf"


def test_password_protected_pdf_is_encrypted_pdf_and_an_empty_password_opens():
    with pytest.raises(UnreadableReport) as exc:
        read_pdf(_minimal_pdf(["Bao cao so 12/BC-UBND"], user_password=b"secret"), "locked.pdf")
    assert exc.value.reason == "encrypted_pdf"
    doc = read_pdf(_minimal_pdf(["Bao cao so 12/BC-UBND"], user_password=b""), "owner-only.pdf")
    assert [b.text for b in doc.blocks] == ["Bao cao so 12/BC-UBND"]


def test_a_ruled_table_without_text_is_a_warning():
    grid = (
        " ".join(f"72 {y} m 372 {y} l S" for y in (400, 420, 440))
        + " "
        + " ".join(f"{x} 400 m {x} 440 l S" for x in (72, 172, 272, 372))
    )
    doc = read_pdf(_minimal_pdf(["Bieu mau 1"], drawing=f"0.5 w {grid}"), "empty-table.pdf")
    assert [b.text for b in doc.blocks] == ["Bieu mau 1"]
    assert doc.warnings == [("pdf_empty_table", "a ruled table region on page 1 has no text", "p. 1")]


def test_threads_can_read_pdfs_at_the_same_time():
    from concurrent.futures import ThreadPoolExecutor

    data = [_minimal_pdf([f"Bao cao so {n}/BC-UBND", "Bieu mau 1"]) for n in range(24)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        docs = list(pool.map(lambda d: read_pdf(d, "t.pdf"), data))
    assert [d.blocks[0].text for d in docs] == [f"Bao cao so {n}/BC-UBND" for n in range(24)]


def test_too_many_pages_is_too_large(monkeypatch):
    monkeypatch.setenv("PARDW_MAX_PDF_PAGES", "2")
    with pytest.raises(UnreadableReport) as exc:
        read_pdf(_minimal_pdf(["page one text", "page two text", "page three text"]), "big.pdf")
    assert exc.value.reason == "too_large"


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_rotated_page_reads_left_to_right(rotate):
    doc = read_pdf(_minimal_pdf(["So: 12/BC-UBND ngay 19 thang 6 nam 2023"], rotate=rotate), "rotated.pdf")
    assert [b.text for b in doc.blocks] == ["So: 12/BC-UBND ngay 19 thang 6 nam 2023"]
    assert doc.blocks[0].locator == "p. 1"


# ---------------------------------------------------------------- tables made with LibreOffice

_LONG_TAIL = " và được tích hợp, cung cấp trực tuyến toàn trình cho người dân, doanh nghiệp" * 40


def _word_tables() -> dict[str, bytes]:
    """Word files: a ruled table whose row 5 is longer than a page (Word/LibreOffice split it over the
    following pages), a borderless table (python-docx's default: no ruling lines), two ruled tables
    one right under the other, and a table without rules between its rows."""
    docx = pytest.importorskip("docx")
    return {
        "split": _saved(_form_3(docx.Document(), ruled=True)),
        "borderless": _saved(_form_3(docx.Document(), ruled=False)),
        "stacked": _saved(_stacked_tables(docx.Document())),
        "no_row_rules": _saved(_no_row_rules(docx.Document())),
        "letter_spaced": _saved(_letter_spaced(docx.Document())),
    }


def _letter_spaced(d):
    """Titles with expanded character spacing (1, 2, 3 and 5 points), as report titles are often set."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for twentieths in (20, 40, 60, 100):
        run = d.add_paragraph().add_run(f"BÁO CÁO KẾT QUẢ {twentieths}")
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(twentieths))
        run._r.get_or_add_rPr().append(spacing)
        d.add_paragraph("Ủy ban nhân dân tỉnh báo cáo tình hình thực hiện công tác cải cách hành chính như sau.")
    return d


def _saved(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _form_3(d, ruled: bool):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d.add_paragraph("Biểu mẫu 3")
    d.add_paragraph("Cải cách thủ tục hành chính")
    table = d.add_table(rows=0, cols=5)
    if ruled:
        table.style = "Table Grid"
    rows = [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Báo cáo 6 tháng đầu năm 2023", ""],
            ["", "", "", "Số liệu", "Ghi chú"], ["I.", "Cải cách thủ tục hành chính", "", "", ""]]  # fmt: skip
    for n in range(1, 13):
        tail = _LONG_TAIL if ruled and n == 5 else " trên Cổng dịch vụ công quốc gia" if n % 3 == 0 else ""
        note = "Cấp tỉnh: 83 TTHC; Cấp huyện: 19 TTHC" if n == 4 else ""
        rows.append(
            [f"{n}.", f"Số thủ tục nhóm {n} đã được công bố{tail}", "Thủ tục", f"{n * 1001:,}".replace(",", "."), note]
        )
    rows.append(["13.", "Khảo sát sự hài lòng của người dân", "Có = 1; Không = 0", "1", ""])
    for i, cells in enumerate(rows):
        row = table.add_row()
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
        if i < 2:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(header)
    d.add_paragraph("Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính.")
    return d


def _stacked_tables(d):
    """Two ruled tables one right under the other (no paragraph between): Word draws them touching."""
    d.add_paragraph("Biểu mẫu 1")
    for rows in (
        [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"], ["1.", "Số văn bản chỉ đạo CCHC", "Văn bản", "82", ""]],
        [["STT", "Đơn vị", "Tổng số hồ sơ", "Đúng hạn", "Trễ hạn", "Tỷ lệ", "Ghi chú", "Xếp loại"],
         ["1", "Sở Tư pháp", "2.593", "2.592", "1", "99,9%", "", "Tốt"]],
    ):  # fmt: skip
        table = d.add_table(rows=0, cols=len(rows[0]))
        table.style = "Table Grid"
        for cells in rows:
            for cell, text in zip(table.add_row().cells, cells, strict=True):
                cell.text = text
    return d


def _no_row_rules(d):
    """A table with an outer border and column rules but no rules between its rows."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d.add_paragraph("Biểu mẫu 2")
    table = d.add_table(rows=0, cols=5)
    table.style = "Table Grid"
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideV", "insideH"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil" if edge == "insideH" else "single")
        borders.append(el)
    table._tbl.tblPr.append(borders)
    for cells in [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"]] + [
        [f"{n}.", f"Số văn bản nhóm {n} đã ban hành" + (" trên địa bàn tỉnh trong kỳ báo cáo" if n % 2 else ""),
         "Văn bản", str(n * 11), ""]
        for n in range(1, 9)
    ]:  # fmt: skip
        for cell, text in zip(table.add_row().cells, cells, strict=True):
            cell.text = text
    return d


@cache
def _libreoffice_pdfs() -> dict[str, bytes]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        words = _word_tables()
        q1 = REAL / "lamdong_q1_2026.docx"
        if q1.exists():
            words["q1_2026"] = q1.read_bytes()
        for name, data in words.items():
            paths.append(Path(tmp) / f"{name}.docx")
            paths[-1].write_bytes(data)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, *map(str, paths)],
            check=True, capture_output=True, timeout=180, env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        return {p.stem: p.with_suffix(".pdf").read_bytes() for p in paths}


_EXPECTED = [(f"{n}.", float(n * 1001)) for n in range(1, 13)] + [("13.", 1.0)]


def test_libreoffice_pdf_of_the_q1_2026_report_agrees_with_its_docx():
    """Another renderer of a real report (LibreOffice instead of Word): the same 101 appendix values."""
    pdfs = _libreoffice_pdfs()
    if "q1_2026" not in pdfs:
        pytest.skip(f"real report {REAL / 'lamdong_q1_2026.docx'} is not available")
    doc = read_pdf(pdfs["q1_2026"], "lamdong_q1_2026.pdf")
    pdf_rows = _valued(doc.render().lines)
    docx_rows = _valued(_docx_lines(_real("lamdong_q1_2026.docx")))
    assert len(docx_rows) == 101
    assert [(r.form, r.code, r.value) for r in pdf_rows] == [(r.form, r.code, r.value) for r in docx_rows]


def test_libreoffice_table_with_a_row_split_over_pages():
    """Row 5 is longer than a page: its parts on the following pages (no STT) are glued back to it;
    the two header rows repeated on every page are marked; every value comes back."""
    doc = read_pdf(_libreoffice_pdfs()["split"], "split.pdf")
    assert doc.pages > 2
    rendering = doc.render()
    rows = _valued(rendering.lines)
    assert [(r.code, r.value) for r in rows] == _EXPECTED
    assert rows[4].name == "Số thủ tục nhóm 5 đã được công bố" + _LONG_TAIL.rstrip()
    assert rows[3].note == "Cấp tỉnh: 83 TTHC; Cấp huyện: 19 TTHC"
    table = next(b for b in doc.blocks if b.kind == "table")
    assert len({r.locator for r in table.rows if r.is_header}) == doc.pages


def test_tables_drawn_one_under_the_other_are_two_tables():
    doc = read_pdf(_libreoffice_pdfs()["stacked"], "stacked.pdf")
    tables = [[r.cells for r in b.rows] for b in doc.blocks if b.kind == "table"]
    assert tables == [
        [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"], ["1.", "Số văn bản chỉ đạo CCHC", "Văn bản", "82", ""]],
        [["STT", "Đơn vị", "Tổng số hồ sơ", "Đúng hạn", "Trễ hạn", "Tỷ lệ", "Ghi chú", "Xếp loại"],
         ["1", "Sở Tư pháp", "2.593", "2.592", "1", "99,9%", "", "Tốt"]],
    ]  # fmt: skip


def test_a_table_without_rules_between_its_rows_is_cut_at_its_stt_lines():
    doc = read_pdf(_libreoffice_pdfs()["no_row_rules"], "no_row_rules.pdf")
    rows = [r.cells for b in doc.blocks if b.kind == "table" for r in b.rows]
    assert rows[0] == ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"]
    assert rows[1] == ["1.", "Số văn bản nhóm 1 đã ban hành trên địa bàn tỉnh trong kỳ báo cáo", "Văn bản", "11", ""]
    assert [(r.code, r.value) for r in _valued(doc.render().lines)] == [(f"{n}.", n * 11.0) for n in range(1, 9)]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["Sở Thông tin và Truyề", "n thông"], "Sở Thông tin và Truyền thông"),  # final consonant on the next line
        (["Th", "ực tế"], "Thực tế"),  # initial consonants on the line before
        (["Phườn", "g Tân Thành"], "Phường Tân Thành"),
        (["CẤ", "P TỈ", "N", "H"], "CẤP TỈNH"),
        (["Quyết định số 117/QĐ-", "UBND"], "Quyết định số 117/QĐ-UBND"),
        (["Nhiệm", "vụ"], "Nhiệm vụ"),  # two words
        (["Số", "TTHC"], "Số TTHC"),
        (["a) Kế hoạch", "c) số liệu"], "a) Kế hoạch c) số liệu"),  # an enumeration
        (["kinh tế -", "xã hội"], "kinh tế - xã hội"),
    ],
)
def test_cell_lines_are_joined_and_broken_words_glued(lines, joined):
    assert join_cell_lines(lines) == joined


def test_libreoffice_borderless_table():
    """A Word table without borders: columns from the gutters, a name wrapped over several lines in one
    cell, the two-line header, the coded unit; the paragraph after the table stays a paragraph."""
    doc = read_pdf(_libreoffice_pdfs()["borderless"], "borderless.pdf")
    rendering = doc.render()
    rows = parse_appendix(rendering.lines, "x")
    valued = [r for r in rows if r.value is not None]
    assert [(r.code, r.value) for r in valued] == _EXPECTED
    assert {r.form for r in rows} == {"Biểu mẫu 3"}
    assert valued[2].name == "Số thủ tục nhóm 3 đã được công bố trên Cổng dịch vụ công quốc gia"
    assert valued[3].note == "Cấp tỉnh: 83 TTHC; Cấp huyện: 19 TTHC"
    assert valued[-1].unit == "Có = 1; Không = 0"
    assert rendering.locator(valued[0].line) == "p. 1"
    last = doc.blocks[-1]
    assert (last.kind, last.text) == (
        "paragraph",
        "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính.",
    )


# ---------------------------------------------------------------- a minimal PDF writer (Helvetica, ASCII)

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _minimal_pdf(pages: list[str], rotate: int = 0, user_password: bytes | None = None, drawing: str = "") -> bytes:
    """A PDF with one line of text per page; with ``user_password`` it is RC4-40 encrypted (Standard, R2)."""
    file_id = hashlib.md5(b"pardw").digest()
    key = None
    encrypt = ""
    if user_password is not None:
        padded = (user_password + _PAD)[:32]
        owner = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], padded)
        perms = -44
        key = hashlib.md5(padded + owner + struct.pack("<i", perms) + file_id).digest()[:5]
        encrypt = f"<< /Filter /Standard /V 1 /R 2 /O <{owner.hex()}> /U <{_rc4(key, _PAD).hex()}> /P {perms} >>"
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    font = 3
    objects[font] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    kids = []
    for k, text in enumerate(pages):
        page, content = 4 + 2 * k, 5 + 2 * k
        kids.append(f"{page} 0 R")
        # on a page turned by /Rotate the text is drawn turned the other way, so that it reads left to right
        place = {0: "1 0 0 1 72 720", 90: "0 1 -1 0 120 72", 180: "-1 0 0 -1 523 122", 270: "0 -1 1 0 475 770"}[rotate]
        stream = f"BT /F1 12 Tf {place} Tm ({text}) Tj ET {drawing if k == 0 else ''}".encode()
        if key is not None:
            stream = _rc4(hashlib.md5(key + content.to_bytes(3, "little") + b"\0\0").digest()[:10], stream)
        objects[page] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate {rotate} "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
        ).encode()
        objects[content] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    trailer_extra = ""
    if encrypt:
        enc = max(objects) + 1
        objects[enc] = encrypt.encode()
        trailer_extra = f" /Encrypt {enc} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += (
        f"trailer\n<< /Size {size} /Root 1 0 R{trailer_extra} /ID [<{file_id.hex()}> <{file_id.hex()}>] >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


# ---------------------------------------------------------------- words whatever the fonts (fpdf2 writes the PDFs)

_BODY = ("Ủy ban nhân dân tỉnh báo cáo tình hình, kết quả thực hiện công tác cải cách hành chính "
         "quý I năm 2026 như sau: ban hành kế hoạch, kiểm tra công tác cải cách hành chính tại các sở, ngành.")  # fmt: skip


def _fpdf_pages(*pages: str) -> bytes:
    """A PDF written by fpdf2 (DejaVu Sans embedded), one text per page."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    for text in pages:
        pdf.add_page()
        pdf.set_font("DejaVu", "", 12)
        pdf.multi_cell(0, 7, text)
    return bytes(pdf.output())


def test_a_page_whose_words_are_split_into_letters_is_a_warning_and_the_others_load():
    """A text layer with spaces between the letters of every word ('k ế t qu ả'): that page is not
    read (its names would not match, its values could land on wrong rows); the warning names it."""
    split = " ".join(" ".join(word) if len(word) > 2 else word for word in _BODY.split())  # 'k ế t', 'c ả i'
    doc = read_pdf(_fpdf_pages(_BODY, split * 2, _BODY), "split.pdf")
    texts = [b.text for b in doc.blocks]
    assert texts == [_BODY, _BODY]
    assert [b.locator for b in doc.blocks] == ["p. 1", "p. 3"]
    warning = next(w for w in doc.warnings if w[0] == "pdf_words_split")
    assert warning[2] == "p. 2"
    assert warning[1].startswith("page 2 is not read: ") and "single letters" in warning[1]
    assert [w[0] for w in doc.warnings] == ["pdf_words_split"]
    # the issue's own example: only the letters a fallback font drew stand alone
    issue = "Tình hình, k ế t qu ả th ự c hi ệ n công tác c ả i cách hành chính quý I n ă m 2026 c ủ a t ỉ nh " * 4
    doc = read_pdf(_fpdf_pages(issue, _BODY), "split_issue.pdf")
    assert [b.text for b in doc.blocks] == [_BODY]
    assert [(w[0], w[2]) for w in doc.warnings] == [("pdf_words_split", "p. 1")]


def test_decomposed_marks_are_composed_with_their_letters():
    """Tone marks drawn as separate combining characters after their letters (NFD text): NFC words."""
    import unicodedata

    doc = read_pdf(_fpdf_pages(unicodedata.normalize("NFD", _BODY)), "nfd.pdf")
    assert [b.text for b in doc.blocks] == [_BODY]


def test_a_legacy_tcvn3_font_pdf_is_converted_with_a_warning_naming_its_pages():
    """A .VnTime font maps its bytes to Latin-1 letters ('c«ng t¸c'): the page is converted to Unicode.
    (No 'ư' here: TCVN3 puts it on the soft hyphen byte, which fpdf2 drops when it writes.)"""
    from pardw.parse.readers.legacy import encode_tcvn3

    body = "Ban hành kế hoạch, kiểm tra công tác cải cách hành chính tại các sở, ngành và địa bàn. " * 5
    doc = read_pdf(_fpdf_pages(encode_tcvn3(body.strip())), "vntime.pdf")
    assert doc.blocks[0].text == body.strip()
    assert (doc.warnings[0][0], doc.warnings[0][2]) == ("legacy_font_converted", "p. 1")
    assert "TCVN3" in doc.warnings[0][1]


def test_letter_spaced_titles_are_words():
    """LibreOffice draws expanded spacing as equal gaps between the letters (PDFium puts a space in each):
    the letters of a word join, the wider gaps between words stay spaces."""
    doc = read_pdf(_libreoffice_pdfs()["letter_spaced"], "letter_spaced.pdf")
    titles = [b.text for b in doc.blocks if b.text.startswith("B")]
    assert titles == [f"BÁO CÁO KẾT QUẢ {n}" for n in (20, 40, 60, 100)]
    assert [b.text for b in doc.blocks].count(
        "Ủy ban nhân dân tỉnh báo cáo tình hình thực hiện công tác cải cách hành chính như sau."
    ) == 4


def test_a_column_gap_is_told_from_word_spaces_by_the_space_characters():
    # a browser-printed row "1 | (Kết luận, | Văn bản | 10": the words of a cell are separated by space
    # characters (0.3 em), the cells by jumps of the text position (PDFium generates a space: 2-3 em); with as
    # many column gaps as word spaces in the line, the median gap was a column gap, and "Văn bản 10" one cell
    from pardw.parse.readers.pdf_layout import Char, split_segments

    def word(text, x0, x1, space=False, generated=False):
        return Char(text, x0, x1, 328.5, 12.0, space_before=space, space_generated=generated)

    line = [
        word("(Kết", 182.4, 208.2),
        word("luận,", 212.0, 242.3, space=True),
        word("Văn", 268.7, 292.3, space=True, generated=True),
        word("bản", 296.1, 318.7, space=True),
        word("10", 355.2, 370.4, space=True, generated=True),
    ]
    assert [s.text for s in split_segments(line)] == ["(Kết luận,", "Văn bản", "10"]
