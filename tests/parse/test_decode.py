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
