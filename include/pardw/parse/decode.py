"""Bytes -> text, with the encodings Vietnamese offices use, and clear reasons for what cannot be read."""

from __future__ import annotations

import codecs
import re
import unicodedata

from pardw.parse.readers.legacy import convert_legacy, detect_legacy
from pardw.parse.records import UnreadableReport

# letters only Vietnamese text has (after NFC); used to accept a Windows-1258 decoding
_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")


# what ends a line besides LF: CR LF, CR, VT, NEL, LINE/PARAGRAPH SEPARATOR and the information
# separators (str.splitlines' set); a form feed between two lines too (see normalise_line_breaks)
_LINE_BREAK = re.compile("\r\n?|[\v\x1c-\x1e\x85\u2028\u2029]")
_OTHER_BREAKS = "\v\x1c\x1d\x1e\x85\u2028\u2029"
_PAGE_MARK = re.compile("(?:^|(?<=\n))\f+")


def normalise_line_breaks(text: str) -> str:
    """Every line separator as LF, so that a line is a line whatever program wrote the file (issue 26).
    In a text whose lines end in LF, a form feed at the start of a line (``pdftotext``'s page break:
    "…\\n\\fnext page") is a page mark and stays where it is (:func:`split_lines` records and removes it);
    any other form feed ends a line."""
    if "\r" in text or any(ch in text for ch in _OTHER_BREAKS):  # a substring test is far cheaper than the scan
        text = _LINE_BREAK.sub("\n", text)
    if "\f" not in text:
        return text
    if "\n" not in text:
        return text.replace("\f", "\n")
    pieces, last = [], 0
    for m in _PAGE_MARK.finditer(text):
        pieces.append(text[last : m.start()].replace("\f", "\n"))
        pieces.append(m.group())
        last = m.end()
    pieces.append(text[last:].replace("\f", "\n"))
    return "".join(pieces)


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """(lines, the indexes of the lines a page starts at): the text's lines split at every line separator,
    page marks (form feeds at a line's start) removed and recorded."""
    text = normalise_line_breaks(text)
    lines = text.split("\n")
    pages: list[int] = []
    if "\f" not in text:
        return lines, pages
    for i, line in enumerate(lines):
        if line.startswith("\f"):
            lines[i] = line.lstrip("\f")
            pages.append(i)
    return lines, pages


def _finish(text: str) -> str:
    return unicodedata.normalize("NFC", normalise_line_breaks(text))


def decode_bytes(data: bytes, max_bytes: int | None = None) -> tuple[str, str]:
    """Return (text, encoding). Raises UnreadableReport(reason) for empty, binary, too_large,
    truncated or undecodable input."""
    if max_bytes is not None and len(data) > max_bytes:
        raise UnreadableReport("too_large", f"{len(data):,} bytes is over the limit of {max_bytes:,} bytes")
    if not data.strip():
        raise UnreadableReport("empty", "the file has no content")
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[len(codecs.BOM_UTF8) :], "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _finish(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableReport("truncated" if exc.start >= len(data) - 2 else "undecodable", str(exc)) from None
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise UnreadableReport("binary", "binary content (a PDF, Word, image or archive), not a text export")
    return _utf8(data, "utf-8")


def _utf8(data: bytes, name: str) -> tuple[str, str]:
    try:
        return _finish(data.decode("utf-8")), name
    except UnicodeDecodeError as exc:
        # cut inside the last multi-byte character: the file was truncated
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            raise UnreadableReport(
                "truncated", f"the file ends in the middle of a character (byte {exc.start:,})"
            ) from None
        utf8_error = exc
    latin = data.decode("latin-1")
    legacy = detect_legacy(latin)
    if legacy:  # bytes of a legacy 8-bit Vietnamese font (TCVN3/ABC, VNI)
        return _finish(convert_legacy(latin)[0]), legacy.lower()
    try:
        text = _finish(data.decode("cp1258"))
    except UnicodeDecodeError:
        raise UnreadableReport(
            "undecodable", f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start:,}) nor Windows-1258"
        ) from None
    letters = len(_VI_LETTERS.findall(text))
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\t\r")
    symbols = sum(1 for ch in text if unicodedata.category(ch).startswith(("S", "Z")) and ch != " ")
    if controls or letters < 5 or symbols > len(text) * 0.05:
        raise UnreadableReport(
            "undecodable",
            f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start:,}) and not Vietnamese Windows-1258 text",
        )
    return text, "windows-1258"


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_windows_1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: base letters (ă, â, ê, ô, ơ, ư, đ) composed, tone marks as
    combining characters. Used to produce test and benchmark files the way offices send them."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        out.append(base + "".join(c for c in parts if c in _TONE_MARKS))
    return "".join(out).encode("cp1258", errors="replace")
