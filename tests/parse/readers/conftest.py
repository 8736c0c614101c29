"""Real documents of ../shared/real_reports (read-only; tests skip where the folder is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def real_dir(real_dir_or_skip) -> Path:
    return real_dir_or_skip


SAMPLES = ("000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "002_c51abfc117effcaf.txt",
           "003_c3152b1089770077.txt")  # fmt: skip
Q1_2026 = "lamdong_q1_2026.docx"


@pytest.fixture(scope="session")
def office_renderings(sample_dir, real_dir_or_skip):
    """The four samples (as .docx, python-docx) and the Lâm Đồng Q1 2026 .docx rendered once per session by one
    LibreOffice run per target: {name: {"docx", "pdf", "html"}} (bytes)."""
    from pardw.bench.render import text_to_docx
    from pardw.bench.render_html import libreoffice_batch
    from pardw.parse.readers.word97 import soffice

    if soffice() is None:
        pytest.skip("LibreOffice not installed (make install installs it)")
    docs = {name: text_to_docx((sample_dir / name).read_text(encoding="utf-8")) for name in SAMPLES}
    docs[Q1_2026] = (real_dir_or_skip / Q1_2026).read_bytes()
    pdfs, pages = libreoffice_batch(docs, "pdf"), libreoffice_batch(docs, "html")
    return {name: {"docx": docs[name], "pdf": pdfs[name], "html": pages[name]} for name in docs}


@pytest.fixture(scope="session")
def framed():
    """framed(docx bytes, columns) -> the same Word file with every table moved into the first cell of an outer
    table of ``columns`` columns (a frame around the appendix, as when a form is pasted into a layout table)."""
    return _framed


def _framed(data: bytes, columns: int) -> bytes:
    """Every table of a Word file moved into the first cell of an outer table of ``columns`` columns (a frame
    around the appendix, as when a form is pasted into a layout table)."""
    import io

    from docx import Document
    from docx.oxml import OxmlElement

    doc = Document(io.BytesIO(data))
    body = doc.element.body
    for table in [t for t in body.iterchildren() if t.tag.endswith("}tbl")]:
        outer = doc.add_table(rows=1, cols=columns)
        outer.cell(0, columns - 1).text = "Ghi chú khung" if columns > 1 else ""
        table.addprevious(outer._tbl)
        cell = outer.cell(0, 0)._tc
        cell.append(table)
        cell.append(OxmlElement("w:p"))  # a cell ends with a paragraph
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
