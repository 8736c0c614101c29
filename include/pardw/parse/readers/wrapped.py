"""Prose wrapped at a fixed width (``pdftotext -layout``, pandoc's markdown and plain text, e-mail) -> one
paragraph per line, in place.

The extractors read a paragraph as a line: in a text export that writes each paragraph on one line (Word's
"save as text") a sentence is whole, but a wrapped export cuts it every 60–90 characters, and a quantity's
subject and its number land on different lines. A text is wrapped when its prose lines are no longer than
a width W and many of them reach close to W; then a line that reaches close to W (it was broken because the
next word did not fit) continues on the next line, unless that line starts a new item (a bullet, a number
"1.", "a)", "I."), is blank, or is part of a table. The paragraph is written on its first line and the lines
it came from are emptied, so every line number stays the file's own.
"""

from __future__ import annotations

import re
from itertools import pairwise

MAX_WIDTH = 130  # a text whose prose lines run longer is not wrapped (a paragraph per line)
SLACK = 16  # characters short of the width a wrapped line may stop (the next word did not fit)
MIN_WRAPPED = 8  # wrapped lines needed before a text counts as wrapped
MAX_LONG, LONG_SHARE = 2, 0.05  # prose lines longer than MAX_WIDTH a wrapped text may hold: 2, or 5 % of them
_ITEM = re.compile(r"^(?:[-+•*–—▪◦]\s|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s|\(?[a-zđ][.)]\s|[IVX]{1,5}[.)]\s)", re.IGNORECASE)
_COLUMNS = re.compile(r"\S {3,}\S")  # a gap of three spaces inside a line: columns, not prose


def join_wrapped(lines: list[str]) -> int:
    """Join the wrapped paragraphs of ``lines`` in place; returns the lines joined to the one before."""
    width = _width(lines)
    if width is None:
        return 0
    joined = 0
    i, n = 0, len(lines)
    while i < n:
        if not _full(lines[i], width):
            i += 1
            continue
        parts = [lines[i].rstrip()]
        j, previous = i + 1, lines[i]
        while j < n and _full(previous, width) and _continues(lines[j]):
            previous = lines[j]
            parts.append(previous.strip())
            lines[j] = ""
            j += 1
        if j > i + 1:
            lines[i] = " ".join(parts)
            joined += j - i - 1
        i = j
    return joined


def _prose(line: str) -> bool:
    return bool(line.strip()) and "\t" not in line and not _COLUMNS.search(line.strip())


def _width(lines: list[str]) -> int | None:
    """The width the prose is wrapped at, or None when it is not wrapped."""
    long, most = 0, max(MAX_LONG, LONG_SHARE * len(lines))
    for line in lines:  # the common case first: a paragraph per line has long lines of prose early on
        if len(line) > MAX_WIDTH and len(line.rstrip()) > MAX_WIDTH and _prose(line):
            long += 1
            if long > most:
                return None
    # (a few longer lines: footnotes in a smaller font, a line the export did not break)
    lengths = [n for line in lines if _prose(line) and (n := len(line.rstrip())) <= MAX_WIDTH]
    if long > max(MAX_LONG, LONG_SHARE * len(lengths)):
        return None
    if not lengths:
        return None
    lengths.sort()
    width = lengths[int(len(lengths) * 0.95)] if len(lengths) > 20 else lengths[-1]
    wrapped = sum(1 for a, b in pairwise(lines) if _prose(a) and len(a.rstrip()) >= width - SLACK and _continues(b))
    return width if wrapped >= MIN_WRAPPED else None


def _full(line: str, width: int) -> bool:
    return _prose(line) and len(line.rstrip()) >= width - SLACK


def _continues(line: str) -> bool:
    """Whether a line can be the rest of the paragraph above it."""
    text = line.strip()
    return _prose(line) and not _ITEM.match(text)


__all__ = ["join_wrapped"]
