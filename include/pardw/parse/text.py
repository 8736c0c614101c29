"""Text helpers shared by the parsers: tag stripping, diacritic folding, whitespace."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SUP = re.compile(r"<sup>.{0,200}?</sup>", re.IGNORECASE | re.DOTALL)  # bounded: an unclosed <sup> is not quadratic
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,40}>")
_MD = re.compile(r"\*{1,3}|(?<!\w)_{1,2}|\\(?=[\\*_\[\]().#-])")
_SUPERSCRIPT_DIGITS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
# a run of spaces, tabs and no-break spaces other than one plain space (replacing that one with itself is the
# same text, and matching each of them was most of the cost on long text)
_SPACE = re.compile(r"(?: [ \t\u00a0]|[\t\u00a0])[ \t\u00a0]*")


_NEEDS_WORK = re.compile(r"[<*_\\#\u00b9\u00b2\u00b3\u2070-\u2079]")


_CACHE_MAX_LEN = 300  # cells, headers and row names repeat within and across reports; prose does not


def strip_markup(text: str) -> str:
    """Remove HTML tags, footnote markers (<sup>1</sup>, ¹) and markdown emphasis; fold spaces."""
    return _strip_markup_cached(text) if len(text) <= _CACHE_MAX_LEN else _strip_markup(text)


@lru_cache(maxsize=1 << 16)
def _strip_markup_cached(text: str) -> str:
    return _strip_markup(text)


def _fold_spaces(text: str) -> str:
    if "  " in text or "\t" in text or "\u00a0" in text:
        return _SPACE.sub(" ", text).strip()
    return text.strip()


def _strip_markup(text: str) -> str:
    # each substitution only when its trigger character is present (long prose is the common case)
    if not _NEEDS_WORK.search(text):
        return _fold_spaces(text)
    if "<" in text:
        text = _TAG.sub("", _SUP.sub("", text))
    if _SUPERSCRIPT_DIGITS.search(text):
        text = _SUPERSCRIPT_DIGITS.sub("", text)
    if "*" in text or "_" in text or "\\" in text:
        text = _MD.sub("", text)
    return _fold_spaces(text.lstrip("#").strip())


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


_FOLD_MAP = _fold_table()
# the same mapping as a list indexed by code point, for str.translate: a list lookup is about twice as fast as a
# dict's, and a code point past its end raises IndexError, a LookupError, which leaves the character as it is,
# as a dict without the key does
_FOLD = [_FOLD_MAP.get(code, code) for code in range(max(_FOLD_MAP) + 1)]


# a table's total row, its label folded ('Tổng', 'Cộng', 'Tổng cộng')
TOTAL_LABELS = frozenset({"tong", "cong", "tong cong"})


def fold(text: str) -> str:
    """Lower-case ASCII form for comparisons: 'Kiên Giang' -> 'kien giang', 'Đơn vị' -> 'don vi'."""
    return _fold_cached(text) if len(text) <= _CACHE_MAX_LEN else _fold(text)


@lru_cache(maxsize=1 << 16)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    return _fold_spaces(text.translate(_FOLD).lower())


def fold_once(text: str) -> str:
    """``fold`` without the cache, for text that does not repeat (a window of prose): the same result, without
    the cost of hashing, storing and evicting an entry that is never read again."""
    return _fold_spaces(text.translate(_FOLD).lower())


def cells(line: str) -> list[str]:
    """Tab-separated cells of a table line, each stripped of markup."""
    return [strip_markup(c) for c in line.split("\t")]
