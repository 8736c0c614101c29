"""Word 97–2003 (.doc) through LibreOffice: a real OLE file, and a sample saved as .doc."""

from __future__ import annotations

import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from pardw.bench.render import text_to_docx
from pardw.parse.read import detect_format, read_document
from pardw.parse.readers.word97 import read_doc, soffice
from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_bytes

needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed (make install installs it)")


def _to_doc(docx: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "in.docx").write_bytes(docx)
        subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp}/p", "--headless", "--convert-to", "doc",
                        "--outdir", tmp, f"{tmp}/in.docx"], capture_output=True, check=True, timeout=180,
                       env={"HOME": tmp, "PATH": "/usr/bin:/bin"})  # fmt: skip
        return (Path(tmp) / "in.doc").read_bytes()


@needs_office
def test_real_legacy_doc_is_converted_with_its_tables(real_dir):
    data = (real_dir / "bnv_template_review_2021_2025_province.doc").read_bytes()
    assert detect_format(data) == "doc"
    doc = read_document(data, "template.doc")
    assert doc.format == "doc"
    rows = [r for b in doc.blocks if b.kind == "table" for r in b.rows]
    first = next(r for r in rows if r.cells[:1] == ["1"])
    assert first.cells[1] == "Số lượng văn bản chỉ đạo CCHC đã ban hành"
    assert first.locator.startswith("table 1, row ")


@needs_office
def test_sample_saved_as_doc_gives_the_text_values(sample_dir):
    text = (sample_dir / "000_d49b38bb6fe27dd3.txt").read_text(encoding="utf-8")
    report, container = parse_bytes(_to_doc(text_to_docx(text)), "kien_giang.doc")
    assert report.document.format == "doc" and "LibreOffice" in container
    base, _ = parse_bytes(text.encode(), "kg.txt")
    values = Counter((i.form, i.code, i.value) for i in report.indicators if i.value is not None)
    assert values == Counter((i.form, i.code, i.value) for i in base.indicators if i.value is not None)
    assert report.document.report_number == "240/BC-UBND"


def test_without_a_converter_the_doc_is_quarantined_with_that_reason(real_dir, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(UnreadableReport) as info:
        read_doc((real_dir / "bnv_template_review_2021_2025_province.doc").read_bytes(), "t.doc")
    assert info.value.reason == "converter_missing"
    assert "libreoffice-writer-nogui" in info.value.message
