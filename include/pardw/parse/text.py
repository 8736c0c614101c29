"""Text helpers shared by the parsers: tag stripping, diacritic folding, whitespace."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SUP = re.compile(r"<sup>.*?</sup>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,40}>")
_MD = re.compile(r"\*{1,3}|(?<!\w)_{1,2}|\\(?=[\\*_\[\]().#-])")
_SUPERSCRIPT_DIGITS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
_SPACE = re.compile(r"[ \t\u00a0]+")


_NEEDS_WORK = re.compile(r"[<*_\\#\u00b9\u00b2\u00b3\u2070-\u2079]")


def strip_markup(text: str) -> str:
    """Remove HTML tags, footnote markers (<sup>1</sup>, ¹) and markdown emphasis; fold spaces."""
    if not _NEEDS_WORK.search(text):
        if "  " in text or "\t" in text or "\u00a0" in text:
            return _SPACE.sub(" ", text).strip()
        return text.strip()
    text = _SUP.sub("", text)
    text = _TAG.sub("", text)
    text = _SUPERSCRIPT_DIGITS.sub("", text)
    text = _MD.sub("", text)
    text = text.lstrip("#").strip()
    return _SPACE.sub(" ", text).strip()


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x1EFA):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii():
            table[code] = base
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    for mark in range(0x300, 0x370):  # stray combining marks (text that was not NFC)
        table[mark] = ""
    return table


_FOLD = _fold_table()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII form for comparisons: 'Kiên Giang' -> 'kien giang', 'Đơn vị' -> 'don vi'."""
    return _SPACE.sub(" ", text.translate(_FOLD).lower()).strip()


def cells(line: str) -> list[str]:
    """Tab-separated cells of a table line, each stripped of markup."""
    return [strip_markup(c) for c in line.split("\t")]


def is_table_line(line: str) -> bool:
    return "\t" in line
