"""The producer matrix: the four bundled samples and the real Lâm Đồng Q1 2026 report printed to PDF by
several programs (LibreOffice with the document's fonts, with a font that has no Vietnamese letters,
landscape with narrow columns; Chromium's print of narrow HTML tables; fpdf2 writing the PDF directly,
portrait and landscape; that PDF re-distilled by Ghostscript) give the same appendix values and
metadata as the text export (the real report: as its .docx), none on a wrong row, each value's page
the page that prints it. The renderings are made once per session (``pardw.bench.producers``)."""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2
import pytest

from pardw.bench.producers import PRODUCERS, render_producers, source_from_docx, source_from_text
from pardw.config import PROJECT_ROOT
from pardw.parse.readers.pdf import read_pdf
from pardw.parse.report import parse_bytes

SAMPLES = {"000": "000_d49b38bb6fe27dd3.txt", "001": "001_04942a727d49f9a1.txt", "002": "002_c51abfc117effcaf.txt",
           "003": "003_c3152b1089770077.txt"}  # fmt: skip
REAL = PROJECT_ROOT.parent / "shared" / "real_reports" / "lamdong" / "lamdong_q1_2026.docx"
META = ("province", "report_number", "issue_date", "period_type", "period_year")
SLOW = {"ghostscript": {"000", "lamdong"}}  # Ghostscript takes ~4 s of CPU per fpdf2 file

# (source, form, code, value, unit, the cell as printed): one per source, checked in every producer
CELLS = [
    ("000", "Biểu mẫu 3", "3.3.", 96.91, "%", "96,91"),
    ("000", "Biểu mẫu 3", "3.1.1.", 33825, "Hồ sơ", "33,825"),
    ("001", "Phụ lục 1", "7.1", 186, "Nhiệm vụ", "186"),
    ("001", "Phụ lục 2", "2.2.1", 0, "Văn bản", "0"),
    ("003", "Phụ lục 1", "6.5.", 14.33, "%", "14,33"),
    ("lamdong", "Biểu mẫu 1", "5.1", 9458, "Số lượng", "9.458"),
    ("lamdong", "Biểu mẫu 3", "3.1.1", 125712, "Hồ sơ", "125.712"),
]


@pytest.fixture(scope="session")
def references(sample_dir):
    """Each source's report (its .txt; the real one's .docx) and its text + Word file to render."""
    sources, refs = {}, {}
    for key, name in SAMPLES.items():
        data = (sample_dir / name).read_bytes()
        sources[key] = source_from_text(data.decode("utf-8"))
        refs[key] = parse_bytes(data, name)[0]
    if REAL.exists():
        data = REAL.read_bytes()
        sources["lamdong"] = source_from_docx(data)
        refs["lamdong"] = parse_bytes(data, REAL.name)[0]
    return sources, refs


@pytest.fixture(scope="session")
def matrix(references):
    """{producer: {source: (PDF bytes, parsed report)}} and {producer: why it is missing}."""
    sources, _ = references
    pdfs, missing = render_producers(sources, only=SLOW)
    parsed = {
        producer: {key: (pdf, parse_bytes(pdf, f"{key}_{producer}.pdf")[0]) for key, pdf in by_source.items()}
        for producer, by_source in pdfs.items()
    }
    return parsed, missing


def _producer(matrix, producer):
    parsed, missing = matrix
    if producer not in parsed:
        pytest.skip(f"{producer}: {missing.get(producer, 'not rendered')}")
    return parsed[producer]


def _values(report) -> Counter:
    return Counter((i.form, (i.code or "").rstrip("."), i.value) for i in report.indicators if i.value is not None)


@pytest.mark.parametrize("producer", PRODUCERS)
def test_every_producer_gives_the_values_and_metadata_of_the_text(matrix, references, producer):
    _, refs = references
    by_source = _producer(matrix, producer)
    assert by_source
    for key, (_pdf, report) in by_source.items():
        expected, got = _values(refs[key]), _values(report)
        assert got - expected == Counter(), f"{producer} {key}: values on a wrong row"
        assert expected - got == Counter(), f"{producer} {key}: values missing"
        meta = {k: getattr(report.document, k) for k in META}
        assert meta == {k: getattr(refs[key].document, k) for k in META}, f"{producer} {key}"


def _page_text(pdf: bytes, locator: str) -> str:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[int(locator.removeprefix("p. ")) - 1]
        return re.sub(r"\s+", "", page.get_textpage().get_text_range())
    finally:
        doc.close()


@pytest.mark.parametrize("producer", PRODUCERS)
def test_cells_with_the_page_that_prints_them(matrix, producer):
    by_source = _producer(matrix, producer)
    for key, form, code, value, unit, printed in CELLS:
        if key not in by_source:
            continue
        pdf, report = by_source[key]
        cell = next(i for i in report.indicators if i.form == form and i.code == code)
        assert (cell.value, cell.unit, cell.raw_value) == (value, unit, printed), f"{producer} {key} {code}"
        assert re.fullmatch(r"p\. \d+", cell.locator)
        # the page named prints the row's code and value (PDFium's own text, spaces aside: a narrow cell
        # breaks a code, a fallback font splits words)
        page = _page_text(pdf, cell.locator)
        assert code.rstrip(".") in page and printed in page, f"{producer} {key} {code} not on {cell.locator}"


def test_fallback_font_pdf_words_are_whole_though_pdfium_splits_them(matrix):
    """LibreOffice with a font without Vietnamese letters draws them from a fallback font after the rest
    of the line: PDFium's own text reads 'S ố :' and 'c ả i cách'; the reader joins them by geometry."""
    pdf, report = _producer(matrix, "libreoffice_fallback")["000"]
    raw = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "ả" in raw and "cải cách" not in raw  # split by the fallback glyphs
    doc = read_pdf(pdf, "kien_giang_fallback.pdf")
    text = "\n".join(doc.render().lines)
    assert "Số: 240 /BC-UBND" in text
    assert "Công tác cải cách hành chính 6 tháng đầu năm" in text
    assert not re.search(r"\b(?:c ả i|k ế t|th ự c)\b", text)
    assert report.document.report_number == "240/BC-UBND"


def test_browser_print_joins_a_cell_that_runs_over_three_pages(matrix, references):
    """Chromium's narrow print of sample 001: the first row's Số liệu cell (a list of plans, 988
    characters) runs from page 8 over pages 9 and 10 with no rule at the breaks; it stays one cell."""
    sources, _ = references
    pdf, _report = _producer(matrix, "chromium_narrow")["001"]
    doc = read_pdf(pdf, "001_chromium.pdf")
    row = next(
        r for b in doc.blocks if b.kind == "table" for r in b.rows if r.cells[0] == "1" and "1879/KH-VP" in r.cells[3]
    )
    text = sources["001"][0]
    printed = next(line for line in text.split("\n") if line.startswith("1\tSố văn bản chỉ đạo"))
    assert row.cells[3].replace(" ", "") == printed.split("\t")[3].replace(" ", "")
    assert row.locator == "p. 8"
    assert doc.pages > 10
