"""A PDF whose text layer is glyphs mapped to the wrong characters: a LibreOffice PDF sent through PostScript and
back (``pdftops`` then Ghostscript's ``ps2pdf``, as a print-to-file-and-distil step does) keeps its subset fonts
without their Unicode mapping, so 'UBND TỈNH HÀ NAM' comes out as '$78 ,9,, ...'. Before, such a file was
quarantined as not a report, or worse, read as it was; now every such page is read by OCR, with a warning that
names it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from pardw.parse.readers.ocr_engine import missing
from pardw.parse.readers.pdf import MISREAD_SHARE, _read_pages, misread_share
from pardw.parse.report import parse_bytes

CA_MAU = "003_c3152b1089770077.txt"  # Cà Mau H1 2022: its first two pages


@pytest.fixture(scope="module")
def pdfs(sample_dir) -> dict[str, bytes]:
    from pardw.bench.render import docx_to_pdf, text_to_docx
    from pardw.parse.readers.word97 import soffice

    if soffice() is None or not (shutil.which("pdftops") and shutil.which("ps2pdf")):
        pytest.skip("LibreOffice, poppler-utils or ghostscript not installed (make install installs them)")
    office = docx_to_pdf(text_to_docx((sample_dir / CA_MAU).read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory(prefix="pardw-misread-") as tmp:
        src, ps, out = Path(tmp) / "in.pdf", Path(tmp) / "in.ps", Path(tmp) / "out.pdf"
        src.write_bytes(office)
        cut = ["-f", "1", "-l", "2"]  # the subset fonts stay the whole document's: their codes are the same
        subprocess.run(["pdftops", *cut, str(src), str(ps)], check=True, capture_output=True, timeout=120)
        subprocess.run(["ps2pdf", str(ps), str(out)], check=True, capture_output=True, timeout=120)
        office_2 = Path(tmp) / "two.pdf"
        subprocess.run(
            ["pdftocairo", "-pdf", *cut, str(src), str(office_2)], check=True, capture_output=True, timeout=120
        )
        return {"office": office_2.read_bytes(), "distilled": out.read_bytes()}


def test_the_misread_share_tells_a_distilled_text_layer_from_the_office_one(pdfs):
    office = [misread_share(p.chars) for p in _read_pages(pdfs["office"])]
    distilled = _read_pages(pdfs["distilled"])
    assert office == [0.0, 0.0]
    # the same words, each letter mapped to another code point: symbols in most of its words, while fewer than
    # 30 % of its characters are unmapped (below what the reader already sent to OCR)
    assert len(distilled) == 2 and all(misread_share(p.chars) > 2 * MISREAD_SHARE for p in distilled)
    assert all(p.unmapped < 0.3 * sum(len(c.text) for c in p.chars) for p in distilled)
    assert "CÀ MAU" not in " ".join(c.text for c in distilled[0].chars)


def test_a_distilled_pdf_is_read_by_ocr_with_a_warning_on_its_page(pdfs):
    if missing():
        pytest.skip(missing())
    report, encoding = parse_bytes(pdfs["distilled"], "ca_mau_h1_2022_distilled.pdf")
    assert encoding == "pdf+ocr"
    doc = report.document
    assert (doc.report_number, doc.issue_date, doc.period_type, doc.period_year) == (
        "162/BC-UBND",
        "2022-06-14",
        "H1",
        2022,
    )
    garbled = [w for w in report.warnings if w.code == "pdf_text_layer_garbled"]
    assert [(w.locator, " text layer does not read as text (" in w.message) for w in garbled] == [
        ("p. 1", True),
        ("p. 2", True),
    ]
    # "tỉnh đã hoàn thành 21/40 nhiệm vụ, đạt 52,5%" (p. 1), "phát sóng 288 đề tài" (p. 2)
    values = {n.value for n in report.narratives}
    assert {52.5, 288} <= values
