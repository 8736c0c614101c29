"""The same report gives the same appendix values whatever its format: the bundled samples rendered as
.docx (python-docx) and as .pdf (LibreOffice from that .docx) against their text exports."""

from __future__ import annotations

from collections import Counter

import pytest

from pardw.bench.render import docx_to_pdf, text_to_docx
from pardw.parse.readers.word97 import soffice
from pardw.parse.report import parse_bytes

SAMPLES = ("000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "002_c51abfc117effcaf.txt",
           "003_c3152b1089770077.txt")  # fmt: skip
META = ("province", "report_number", "issue_date", "period_type", "period_year")


def _values(report) -> Counter:
    return Counter((i.form, i.code, i.value) for i in report.indicators if i.value is not None)


@pytest.fixture(scope="module")
def rendered(sample_dir):
    if soffice() is None:
        pytest.skip("LibreOffice not installed (make install installs it)")
    out = {}
    for name in SAMPLES:
        text = (sample_dir / name).read_text(encoding="utf-8")
        docx = text_to_docx(text)
        out[name] = (text, docx, docx_to_pdf(docx))
    return out


@pytest.mark.parametrize("sample", SAMPLES)
def test_sample_as_pdf_gives_the_text_values_and_metadata(rendered, sample):
    text, _docx, pdf = rendered[sample]
    base, _ = parse_bytes(text.encode("utf-8"), sample)
    report, container = parse_bytes(pdf, sample.replace(".txt", ".pdf"))
    assert container == "pdf" and report.document.format == "pdf"
    assert {k: getattr(report.document, k) for k in META} == {k: getattr(base.document, k) for k in META}
    assert _values(report) == _values(base)


def test_pdf_cells_carry_their_page(rendered):
    _text, _docx, pdf = rendered["000_d49b38bb6fe27dd3.txt"]
    report, _ = parse_bytes(pdf, "kien_giang.pdf")
    rate = next(i for i in report.indicators if i.form == "Biểu mẫu 3" and i.code == "3.3.")
    assert rate.value == 96.91 and rate.raw_value == "96,91"
    assert rate.locator.startswith("p. ") and int(rate.locator[3:]) > 5


def test_docx_and_pdf_of_the_same_sample_agree_cell_for_cell(rendered):
    _text, docx, pdf = rendered["003_c3152b1089770077.txt"]
    from_docx, _ = parse_bytes(docx, "ca_mau.docx")
    from_pdf, _ = parse_bytes(pdf, "ca_mau.pdf")
    assert _values(from_docx) == _values(from_pdf)
    online = next(i for i in from_pdf.indicators if i.form == "Phụ lục 1" and i.code == "6.5.")
    assert (online.value, online.unit) == (14.33, "%")


def test_lam_dong_2025_signed_pdf_and_docx_agree_value_for_value(real_dir):
    from pardw.parse.report import parse_file

    pdf = parse_file(real_dir / "lamdong_fy_2025_signed.pdf")
    docx = parse_file(real_dir / "lamdong_fy_2025.docx")

    def values(report):
        return Counter((i.form, (i.code or "").rstrip("."), i.value) for i in report.indicators if i.value is not None)

    assert sum(values(pdf).values()) == 105
    assert values(pdf) == values(docx)
    # the signed PDF has the number and date the unsigned Word final leaves blank
    d = pdf.document
    assert (d.report_number, d.issue_date, d.period_type, d.period_year) == ("329/BC-UBND", "2025-12-19", "FY", 2025)
    plan = next(i for i in pdf.indicators if i.form == "Biểu mẫu 6" and i.code == "1.1.")
    assert (plan.value, plan.locator) == (17_454_000, "p. 33")
