"""Text exports of other shapes: markdown pipe tables, space-aligned columns (pdftotext -layout),
legacy 8-bit Vietnamese fonts. Each keeps the appendix of the tab-separated export."""

from __future__ import annotations

from collections import Counter

import pytest

from pardw.bench.render import text_to_layout, text_to_markdown
from pardw.parse.readers.legacy import convert_legacy, encode_tcvn3
from pardw.parse.report import parse_bytes

SAMPLES = ("000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "003_c3152b1089770077.txt")


def _values(report) -> Counter:
    return Counter((i.form, i.value) for i in report.indicators if i.value is not None)


@pytest.fixture(scope="module")
def texts(sample_dir):
    return {s: (sample_dir / s).read_text(encoding="utf-8") for s in SAMPLES}


def test_markdown_pipe_tables_keep_every_appendix_value(texts):
    for name, text in texts.items():
        base, _ = parse_bytes(text.encode(), name)
        md, _ = parse_bytes(text_to_markdown(text).encode(), name.replace(".txt", ".md"))
        assert md.document.format == "md"
        assert _values(md) == _values(base), name
    # the Kiên Giang commune on-time rate, on the line of its markdown row
    md, _ = parse_bytes(text_to_markdown(texts[SAMPLES[0]]).encode(), "kg.md")
    rate = next(i for i in md.indicators if i.form == "Biểu mẫu 3" and i.code == "3.3.")
    assert rate.value == 96.91
    assert text_to_markdown(texts[SAMPLES[0]]).split("\n")[rate.line - 1].startswith("| 3.3. |")


def test_space_aligned_columns_keep_99_percent_of_appendix_values(texts):
    kept = total = 0
    for name, text in texts.items():
        base = _values(parse_bytes(text.encode(), name)[0])
        layout_text = text_to_layout(text)
        aligned, _ = parse_bytes(layout_text.encode(), name)
        assert "space_aligned_tables" in {w.code for w in aligned.warnings}
        kept += sum((base & _values(aligned)).values())
        total += sum(base.values())
    assert total == 318
    assert kept / total >= 0.99, f"{kept}/{total}"
    # a wrapped row name is rejoined on the row's first line
    layout_text = text_to_layout(texts[SAMPLES[0]])
    aligned, _ = parse_bytes(layout_text.encode(), "kg.txt")
    row = next(i for i in aligned.indicators if i.form == "Biểu mẫu 3" and i.code == "3.2.")
    assert row.name == "Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn"
    assert row.value == 84.54
    assert layout_text.split("\n")[row.line - 1].startswith("3.2.")


def test_a_table_whose_header_is_not_understood_is_a_warning(texts):
    text = texts[SAMPLES[0]].replace("STT\tChỉ tiêu thống kê", "Mã\tNội dung thống kê")
    report, _ = parse_bytes(text.encode(), "kg.txt")
    warnings = [w for w in report.warnings if w.code == "unread_table"]
    assert warnings and all(w.line and w.locator == f"line {w.line}" for w in warnings)
    assert "gave no record" in warnings[0].message
    assert {"form_without_rows", "appendix_without_rows"} <= {w.code for w in report.warnings}


def test_tcvn3_file_is_converted_and_parses_like_unicode(texts):
    text = texts[SAMPLES[0]]
    legacy = encode_tcvn3(text)
    assert "C«ng v¨n" in legacy  # what a .VnTime document looks like read as Unicode
    report, encoding = parse_bytes(legacy.encode("latin-1", errors="replace"), "kg_tcvn3.txt")
    assert encoding == "tcvn3"
    assert report.document.province == "Kiên Giang" and report.document.report_number == "240/BC-UBND"
    assert _values(report) == _values(parse_bytes(text.encode(), "kg.txt")[0])


def test_vni_text_is_converted():
    vni = ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc. "
           "Baùo caùo keát quaû coâng taùc caûi caùch haønh chính cuûa tænh. ") * 20  # fmt: skip
    text, kind = convert_legacy(vni)
    assert kind == "VNI"
    assert text.startswith("Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Báo cáo kết quả")


def test_unicode_text_is_never_converted(texts):
    for text in texts.values():
        assert convert_legacy(text) == (text, None)
