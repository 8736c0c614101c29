"""The PDF reader's character loop in C (``pardw.parse.readers._pdfchars``, built by setup.py where a C compiler
is found) reads exactly what the ctypes calls read: the same words with the same boxes, fonts and spaces, the same
blocks. Checked on the real PDFs of ../shared/real_reports (a signed report, appraisal tables, a cover memo, a
decision), on the samples written by fpdf2 (portrait, and landscape with narrow columns), on LibreOffice's
print of the Lâm Đồng Q1 2026 report and on its print of a sample in a font without Vietnamese letters (the
fallback glyphs are drawn later in the stream: most words are read piece by piece)."""

from __future__ import annotations

import shutil
import sysconfig
from pathlib import Path

import pytest

from pardw.bench import render
from pardw.parse.readers import pdf
from pardw.parse.readers.pdf_blocks import build_blocks

Q1_2026 = "lamdong_q1_2026.docx"  # (a key of the office_renderings fixture)

REAL = Path(__file__).resolve().parents[3].parent / "shared" / "real_reports"


def _pages(data: bytes, c_loop, regular: int = 0):
    saved = pdf._pdfchars
    pdf._pdfchars = c_loop
    try:
        return pdf._read_pages(data, regular)
    finally:
        pdf._pdfchars = saved


def _same(data: bytes, regular: int = 0) -> int:
    """Both ways read the same pages (every word, every ruling line) and lay them out to the same blocks; the
    number of words."""
    fast, slow = _pages(data, pdf._pdfchars, regular), _pages(data, None, regular)
    assert [p.chars for p in fast] == [p.chars for p in slow]
    assert [(p.rules, p.fills, p.images, p.unmapped, p.weights) for p in fast] == [
        (p.rules, p.fills, p.images, p.unmapped, p.weights) for p in slow
    ]
    assert build_blocks(fast) == build_blocks(slow)
    return sum(len(p.chars) for p in fast)


def test_the_c_loop_is_built_where_a_compiler_is():
    if shutil.which(sysconfig.get_config_var("CC").split()[0] if sysconfig.get_config_var("CC") else "cc") is None:
        pytest.skip("no C compiler: the reader uses its ctypes calls (same output, slower)")
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        pytest.skip("no Python headers (python3.11-dev): the reader uses its ctypes calls (same output, slower)")
    assert pdf._pdfchars is not None, "make install builds pardw.parse.readers._pdfchars (setup.py)"


@pytest.mark.skipif(pdf._pdfchars is None, reason="the C loop is not built (no C compiler)")
def test_real_pdfs_read_the_same_with_and_without_the_c_loop():
    files = sorted(p for p in REAL.rglob("*.pdf") if "scan" not in p.name)
    if not files:
        pytest.skip("../shared/real_reports not found")
    words = {p.name: _same(p.read_bytes()) for p in files}
    assert words["lamdong_fy_2025_signed.pdf"] > 1000


@pytest.mark.skipif(pdf._pdfchars is None, reason="the C loop is not built (no C compiler)")
def test_written_and_printed_pdfs_read_the_same_with_and_without_the_c_loop(sample_dir, office_renderings):
    text = (sample_dir / "003_c3152b1089770077.txt").read_text(encoding="utf-8")
    assert _same(render.text_to_pdf(text)) > 5000
    assert _same(render.text_to_pdf(text, landscape=True, narrow=True)) > 5000
    assert _same(office_renderings[Q1_2026]["pdf"]) > 1000


@pytest.mark.skipif(pdf._pdfchars is None, reason="the C loop is not built (no C compiler)")
def test_a_pdf_whose_fonts_fell_back_reads_the_same_with_and_without_the_c_loop(sample_dir):
    from pardw.bench.producers import render_producers, source_from_text

    text = (sample_dir / "002_c51abfc117effcaf.txt").read_text(encoding="utf-8")
    pdfs, missing = render_producers({"002": source_from_text(text)}, ("libreoffice_fallback",))
    if "libreoffice_fallback" not in pdfs:
        pytest.skip(missing.get("libreoffice_fallback", "LibreOffice not installed"))
    data = pdfs["libreoffice_fallback"]["002"]
    assert _same(data) > 3000


@pytest.mark.skipif(pdf._pdfchars is None, reason="the C loop is not built (no C compiler)")
def test_the_c_loop_refuses_bad_arguments():
    with pytest.raises(ValueError, match="char_boxes"):
        pdf._pdfchars.char_boxes(0, 10, pdf._LOOSE_BOX_ADDRESS, pdf._TEXT_OBJECT_ADDRESS)
    with pytest.raises(ValueError, match="char_boxes"):
        pdf._pdfchars.char_boxes(1, -1, pdf._LOOSE_BOX_ADDRESS, pdf._TEXT_OBJECT_ADDRESS)


@pytest.mark.skipif(pdf._pdfchars is None, reason="the C loop is not built (no C compiler)")
def test_a_ghostscript_rewrite_read_again_reads_the_same_with_and_without_the_c_loop(sample_dir):
    """Ghostscript's pdfwrite: the body's weight read as bold (752), the document read again with bold by the
    font's name; both ways give the same words (bold included) and the same weights."""
    import subprocess
    import tempfile

    if shutil.which("gs") is None:
        pytest.skip("ghostscript is not installed (make install installs it)")
    text = (sample_dir / "002_c51abfc117effcaf.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="pardw-gs-") as tmp:
        src, out = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(render.text_to_pdf(text))
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={out}",
                        str(src)], capture_output=True, timeout=300, check=True)  # fmt: skip
        data = out.read_bytes()
    regular = pdf._regular_weight(_pages(data, pdf._pdfchars))
    assert regular >= 600
    assert _same(data, regular) > 3000
