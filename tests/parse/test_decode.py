"""Decoding the encodings Vietnamese offices use, and naming what cannot be read."""

from __future__ import annotations

import pytest

from pardw.parse.decode import decode_bytes, encode_windows_1258
from pardw.parse.records import UnreadableReport

TEXT = "Báo cáo công tác cải cách hành chính 6 tháng đầu năm của Ủy ban nhân dân tỉnh Kiên Giang: đúng hạn 98,5%"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (encode_windows_1258(TEXT), "windows-1258"),
    ],
)
def test_encodings_decode_to_the_same_text(data, encoding):
    text, detected = decode_bytes(data)
    assert (text, detected) == (TEXT, encoding)


def test_line_endings_are_normalised():
    assert decode_bytes(b"a\r\nb\rc")[0] == "a\nb\nc"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"%PDF-1.7\n\x00\x01binary", "binary"),
        (b"PK\x03\x04zipped word file", "binary"),
        (TEXT.encode("utf-8") + "ế".encode()[:2], "truncated"),
        (bytes(range(0x80, 0x100)) * 10, "undecodable"),
    ],
)
def test_unreadable_input_has_a_reason(data, reason):
    with pytest.raises(UnreadableReport) as exc:
        decode_bytes(data)
    assert exc.value.reason == reason


def test_size_limit():
    with pytest.raises(UnreadableReport) as exc:
        decode_bytes(b"x" * 101, max_bytes=100)
    assert exc.value.reason == "too_large"


SEPARATORS = {"CR LF": "\r\n", "CR": "\r", "VT": "\v", "FF": "\f", "NEL": "\x85", "U+2028": "\u2028",
              "U+2029": "\u2029"}  # fmt: skip


@pytest.fixture(scope="module")
def kien_giang(sample_dir):
    from pardw.parse.report import parse_bytes

    text = (sample_dir / "000_d49b38bb6fe27dd3.txt").read_text(encoding="utf-8")
    return text, parse_bytes(text.encode(), "kg.txt")[0]


def _records(report) -> list[tuple]:
    return [(type(r).__name__, r.line, getattr(r, "code", None), getattr(r, "value", None),
             getattr(r, "metric", None)) for r in report.records()]  # fmt: skip


@pytest.mark.parametrize("separator", SEPARATORS)
def test_every_line_separator_gives_the_records_of_lf(kien_giang, separator):
    """Issue 26: sample 000 with its line breaks written as U+2028 (or VT, NEL …) gave 1 record instead of 291."""
    from pardw.parse.report import parse_bytes

    text, base = kien_giang
    report, _ = parse_bytes(text.replace("\n", SEPARATORS[separator]).encode(), "kg.txt")
    assert len(report.records()) == len(base.records()) == 292  # the document + 291
    assert _records(report) == _records(base)
    assert report.document.has_appendix
    rate = next(i for i in report.indicators if i.form == "Biểu mẫu 3" and i.code == "3.3.")
    assert (rate.value, rate.line, rate.locator) == (96.91, 474, "line 474")


def test_a_form_feed_at_a_line_start_is_a_page_mark_not_a_line():
    from pardw.parse.decode import split_lines

    # pdftotext ends each page with "\f": the next page's first line starts with it
    assert split_lines("a\nb\n\fc\n\f") == (["a", "b", "c", ""], [2, 3])
    # a text with no LF: every form feed is a line break
    assert split_lines("a\f\fb") == (["a", "", "b"], [])
    assert split_lines("a\r\nb\rc\u2028d\u2029e\x85f\vg")[0] == list("abcdefg")


def test_a_table_whose_line_breaks_are_unknown_is_a_warning(kien_giang):
    """A separator the reader does not know (U+001F) leaves the report one line: table-shaped, so a warning."""
    from pardw.parse.report import parse_bytes

    text, _ = kien_giang
    report, _ = parse_bytes(text.replace("\n", "\x1f").encode(), "kg.txt")
    assert report.indicators == []
    [warning] = [w for w in report.warnings if w.code == "unread_table"]
    assert warning.line == 1 and "gave no record" in warning.message
