"""OpenDocument text (.odt): the samples and a real report saved by LibreOffice as .odt give the values of
their other formats; merged and covered cells, header rows, notes, tracked deletions and comments of a
hand-written package; damaged packages quarantined with their reason."""

from __future__ import annotations

import io
import zipfile
from collections import Counter

import pytest

from pardw.parse.read import read_document
from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_bytes

SAMPLES = ("000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "002_c51abfc117effcaf.txt",
           "003_c3152b1089770077.txt")  # fmt: skip
Q1_2026 = "lamdong_q1_2026.docx"  # the names of conftest's office_renderings
META = ("province", "report_number", "issue_date", "period_type", "period_year")


def _values(report) -> Counter:
    return Counter((i.form, i.code, i.value) for i in report.indicators if i.value is not None)


@pytest.fixture(scope="module")
def odts(office_renderings):
    from pardw.bench.render_html import libreoffice_batch

    docs = {name: r["docx"] for name, r in office_renderings.items()}
    return libreoffice_batch(docs, "odt")


@pytest.mark.parametrize("sample", SAMPLES)
def test_sample_saved_as_odt_gives_the_text_values_and_metadata(odts, sample_dir, sample):
    base, _ = parse_bytes((sample_dir / sample).read_bytes(), sample)
    report, container = parse_bytes(odts[sample], sample.replace(".txt", ".odt"))
    assert container == "odt" and report.document.format == "odt"
    assert {k: getattr(report.document, k) for k in META} == {k: getattr(base.document, k) for k in META}
    assert _values(report) == _values(base)
    assert len(report.narratives) >= len(base.narratives) - 1


def test_odt_cells_carry_table_and_row(odts):
    report, _ = parse_bytes(odts["000_d49b38bb6fe27dd3.txt"], "kien_giang.odt")
    rate = next(i for i in report.indicators if i.form == "Biểu mẫu 3" and i.code == "3.3.")
    assert (rate.value, rate.raw_value) == (96.91, "96,91")
    assert rate.locator.startswith("table ") and ", row " in rate.locator


def test_real_report_as_odt_agrees_with_its_docx(odts, office_renderings):
    from_docx, _ = parse_bytes(office_renderings[Q1_2026]["docx"], Q1_2026)
    from_odt, _ = parse_bytes(odts[Q1_2026], Q1_2026.replace(".docx", ".odt"))
    assert len(from_docx.indicators) > 100
    assert _values(from_odt) == _values(from_docx)
    assert from_odt.document.province == from_docx.document.province == "Lâm Đồng"


@pytest.mark.parametrize("target", ["odt", "html"])
def test_tables_inside_a_table_saved_by_libreoffice(sample_dir, framed, target):
    """The Kiên Giang sample with its tables inside one-column and two-column frames, saved by LibreOffice as
    .odt and as HTML: the 125 values of its plain .docx (before: 0 in both)."""
    from pardw.bench.render import text_to_docx
    from pardw.bench.render_html import libreoffice_batch
    from pardw.parse.readers.word97 import soffice

    if soffice() is None:
        pytest.skip("LibreOffice not installed (make install installs it)")
    plain = text_to_docx((sample_dir / SAMPLES[0]).read_text(encoding="utf-8"))
    base, _ = parse_bytes(plain, "kien_giang.docx")
    saved = libreoffice_batch({1: framed(plain, 1), 2: framed(plain, 2)}, target)
    for columns, data in saved.items():
        report, _ = parse_bytes(data, f"kien_giang.{target}")
        assert _values(report) == _values(base), columns


NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def _odt(body: str, mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:body><office:text>{body}'
    content += "</office:text></office:body></office:document-content>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored first, uncompressed: as ODF requires
        z.writestr("content.xml", content.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


BODY = (
    "<text:tracked-changes><text:changed-region><text:deletion><text:p>xoá bỏ 999</text:p></text:deletion>"
    "</text:changed-region></text:tracked-changes>"
    "<text:h>I. KẾT QUẢ</text:h>"
    '<text:p>Đã tiếp nhận<text:s text:c="3"/>120 hồ sơ<text:note text:note-class="footnote"><text:note-citation>1'
    "</text:note-citation><text:note-body><text:p>Số liệu đến 15/6.</text:p></text:note-body></text:note>."
    "<office:annotation><text:p>kiểm tra lại</text:p></office:annotation></text:p>"
    "<text:list><text:list-item><text:p>- Giải quyết đúng hạn 118 hồ sơ</text:p></text:list-item></text:list>"
    "<table:table><table:table-header-rows><table:table-row>"
    "<table:table-cell><text:p>STT</text:p></table:table-cell>"
    "<table:table-cell><text:p>Chỉ tiêu</text:p></table:table-cell>"
    '<table:table-cell table:number-columns-spanned="2"><text:p>Kết quả</text:p></table:table-cell>'
    "<table:covered-table-cell/></table:table-row></table:table-header-rows>"
    "<table:table-row><table:table-cell><text:p>1</text:p></table:table-cell>"
    "<table:table-cell><text:p>Hồ sơ</text:p><text:p>tiếp nhận</text:p></table:table-cell>"
    "<table:table-cell><text:p>120</text:p></table:table-cell><table:table-cell/></table:table-row>"
    "</table:table>"
)


def test_hand_written_package_blocks():
    doc = read_document(_odt(BODY), "bao_cao.doc")  # sniffed from the content, not the name
    assert doc.format == "odt"
    kinds = [(b.kind, b.locator, b.text) for b in doc.blocks if b.kind != "table"]
    assert kinds == [
        ("heading", "paragraph 1", "I. KẾT QUẢ"),
        ("paragraph", "paragraph 2", "Đã tiếp nhận   120 hồ sơ."),  # the note and the comment are not its text
        ("footnote", "footnote 1", "Số liệu đến 15/6."),
        ("paragraph", "paragraph 3", "- Giải quyết đúng hạn 118 hồ sơ"),
    ]
    [table] = [b for b in doc.blocks if b.kind == "table"]
    assert [(r.cells, r.locator, r.is_header) for r in table.rows] == [
        (["STT", "Chỉ tiêu", "Kết quả", ""], "table 1, row 1", True),
        (["1", "Hồ sơ\ntiếp nhận", "120", ""], "table 1, row 2", False),
    ]
    assert "999" not in doc.render().text  # a tracked deletion is not the document's text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_odt("<text:p>a"), "corrupt_odt"),  # broken XML
        (_odt("<text:p/>"), "empty"),
    ],
)
def test_damaged_or_empty_odt(data, reason):
    with pytest.raises(UnreadableReport) as info:
        read_document(data, "r.odt")
    assert info.value.reason == reason


def test_odt_without_content_is_corrupt():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        z.writestr("styles.xml", b"<x/>")
    with pytest.raises(UnreadableReport) as info:
        read_document(buf.getvalue(), "r.odt")
    assert info.value.reason == "corrupt_odt" and "content.xml" in info.value.message
