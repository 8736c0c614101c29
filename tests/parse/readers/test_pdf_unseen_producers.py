"""Producers the matrix (test_pdf_producers.py) does not name, on the same documents: the LibreOffice PDFs of the four
samples and of the Lâm Đồng Q1 2026 .docx re-written by poppler's cairo back end (``pdftocairo -pdf``) and by
Ghostscript's pdfwrite, and LibreOffice's HTML printed by Chromium on US Letter at 75 % (Playwright's ``page.pdf``).
Every value of the .docx, none on a wrong row, the same metadata."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from pardw.bench.render_html import browser_prints
from pardw.parse.report import parse_bytes

SAMPLES = ("000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "002_c51abfc117effcaf.txt",
           "003_c3152b1089770077.txt")  # fmt: skip
Q1_2026 = "lamdong_q1_2026.docx"  # the names of conftest's office_renderings
META = ("province", "report_number", "issue_date", "period_type", "period_year")


def _values(report) -> Counter:
    return Counter((i.form, i.code, i.value) for i in report.indicators if i.value is not None)


def _rewrite(pdf: bytes, tool: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="pardw-unseen-") as tmp:
        src, out = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(pdf)
        if tool == "cairo":
            cmd = ["pdftocairo", "-pdf", str(src), str(out)]
        else:
            cmd = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={out}", str(src)]
        subprocess.run(cmd, capture_output=True, timeout=300, check=True)
        return out.read_bytes()


def _letter_prints(pages: dict[str, bytes]) -> dict[str, bytes]:
    html = {name: page.decode("utf-8", "replace") for name, page in pages.items()}
    return browser_prints(html, format="Letter", scale=0.75)


@pytest.fixture(scope="module")
def unseen(office_renderings):
    """{producer: {name: (its report, the .docx's report)}}"""
    made: dict[str, dict[str, bytes]] = {}
    if shutil.which("pdftocairo"):
        made["cairo"] = {n: _rewrite(r["pdf"], "cairo") for n, r in office_renderings.items()}
    if shutil.which("gs"):
        made["ghostscript"] = {n: _rewrite(r["pdf"], "gs") for n, r in office_renderings.items()}
    if Path("/usr/bin/chromium").exists():
        made["chromium_letter"] = _letter_prints({n: r["html"] for n, r in office_renderings.items()})
    base = {n: parse_bytes(r["docx"], n.rsplit(".", 1)[0] + ".docx")[0] for n, r in office_renderings.items()}
    return {
        producer: {n: (parse_bytes(pdf, n.rsplit(".", 1)[0] + ".pdf")[0], base[n]) for n, pdf in pdfs.items()}
        for producer, pdfs in made.items()
    }


@pytest.mark.parametrize("producer", ["cairo", "ghostscript", "chromium_letter"])
@pytest.mark.parametrize("name", [*SAMPLES, Q1_2026])
def test_an_unseen_producer_gives_every_value_and_the_metadata(unseen, producer, name):
    if producer not in unseen:
        pytest.skip(
            f"{producer}: its program is not installed (make install installs poppler-utils, ghostscript, chromium)"
        )
    report, base = unseen[producer][name]
    assert {k: getattr(report.document, k) for k in META} == {k: getattr(base.document, k) for k in META}
    assert _values(report) == _values(base)


def test_a_row_cut_by_a_page_break_whose_name_runs_off_the_page(unseen):
    """Chromium on Letter, sample 000, Biểu mẫu 7 row 6.5.2: the page break cuts the row; the rules of its name
    cells run below the page's edge while the others stop at the last line: the unit and the value stay apart."""
    if "chromium_letter" not in unseen:
        pytest.skip("chromium is not installed (make install installs it)")
    report, _base = unseen["chromium_letter"][SAMPLES[0]]
    [row] = [i for i in report.indicators if i.form == "Biểu mẫu 7" and i.code == "6.5.2"]
    assert (row.value, row.unit) == (277, "Thủ tục")
    assert row.name.startswith("Số TTHC đã được tích hợp, triển khai thanh toán trực tuyến")


def _prose(report) -> Counter:
    return Counter((n.metric, n.value, n.unit, n.scope_kind, n.role) for n in report.narratives)


def test_a_ghostscript_rewrite_reads_its_regular_text_as_regular(unseen):
    """Ghostscript's pdfwrite keeps the fonts' stem widths, from which PDFium reckons a weight of 752 for the
    regular DejaVu Serif: every word was bold, every paragraph a heading, a paragraph cut by a page break was
    not joined again, and 'hồ sơ đã giải quyết 33.825 hồ sơ' of the Trung tâm Phục vụ hành chính công lost
    its scope (agency -> whole unit; 126 of sample 000's 139 prose facts agreed with the .docx)."""
    if "ghostscript" not in unseen:
        pytest.skip("ghostscript is not installed (make install installs it)")
    report, base = unseen["ghostscript"][SAMPLES[0]]
    assert _prose(report) == _prose(base)
    [resolved] = [n for n in report.narratives if n.metric == "dossiers_resolved" and n.value == 33825]
    assert resolved.scope_kind == "agency" and resolved.locator == "p. 5"  # the paragraph starts there


def test_bold_survives_a_ghostscript_rewrite():
    """fpdf2's PDF of sample 000 (regular and bold DejaVu Serif) through Ghostscript: the regular font's weight
    is read as bold; the bold one is told by its name. The same records as the PDF it was made from."""
    if shutil.which("gs") is None:
        pytest.skip("ghostscript is not installed (make install installs it)")
    from pardw.bench.render import text_to_pdf
    from pardw.config import SAMPLE_REPORTS_DIR

    pdf = text_to_pdf((SAMPLE_REPORTS_DIR / SAMPLES[0]).read_text(encoding="utf-8"))
    source, _ = parse_bytes(pdf, "000.pdf")
    rewritten, _ = parse_bytes(_rewrite(pdf, "gs"), "000.pdf")
    assert [(n.metric, n.value, n.line) for n in rewritten.narratives] == [
        (n.metric, n.value, n.line) for n in source.narratives
    ]
    assert [(i.code, i.value, i.line) for i in rewritten.indicators] == [
        (i.code, i.value, i.line) for i in source.indicators
    ]
