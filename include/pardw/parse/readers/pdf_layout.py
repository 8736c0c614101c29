"""Page geometry of a born-digital PDF: characters -> lines, ruling lines -> table grids.

Pure functions on plain dataclasses (no PDF library here). Coordinates are PDF points with
``y`` growing downwards from the top of the page (``base`` is a character's baseline).

Words come from geometry, whatever the fonts: a ``Char`` is a glyph or a run of glyphs with no gap
inside (the PDF reader gives one per word of PDFium's text; an OCR engine can give one per word); two
of them on a line are one word where the gap between them is under 0.15 em, unless the content stream
had a space character drawn between them (a space PDFium only generated counts from 0.1 em: a font
change, a fallback glyph drawn later in the stream, is never a break by itself); a letter-spaced word
is one word; combining marks join their letter and every segment is NFC.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter


@dataclass(slots=True)
class Char:
    """A glyph, or a run of glyphs of one font with no gap inside (a word), with its loose box."""

    text: str
    x0: float
    x1: float
    base: float  # baseline, from the top of the page
    size: float  # font size in points
    bold: bool = False
    space_before: bool = False  # the content stream had a space (or a gap pdfium saw) just before
    # that space was only one PDFium generated from a jump in the text's position, not a space character:
    # a word break only where the gap to the character on its left is really there (a glyph drawn from a
    # fallback font later in the stream fills the jump: 'S' + 'ố' + ':')
    space_generated: bool = False
    space_at: float | None = None  # the middle of that space character's box (None: not known)
    # the width of a space character after it before the line end (0: none): a writer that puts the space
    # where it wraps a line at a word break, and none where it broke a word too wide for its cell
    space_after: float = 0.0

    @property
    def mid(self) -> float:
        return self.base - 0.3 * self.size


@dataclass(slots=True)
class Segment:
    """A run of characters on one text line without a column-sized gap."""

    text: str
    x0: float
    x1: float
    base: float
    size: float  # the largest font size (superscripts are smaller)
    bold: float  # share of bold characters (0..1)
    marker: str | None = None  # a leading superscript number (a footnote's own number)
    first_word: float = 0.0  # width of the first word (for wrap decisions)
    chars: list[Char] = field(default_factory=list, repr=False)


@dataclass(slots=True)
class Rule:
    """A visible horizontal or vertical ruling line."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(slots=True)
class Cell:
    row: int  # first grid row
    col: int  # first grid column
    rows: int  # row span
    cols: int  # column span
    x0: float
    top: float
    x1: float
    bottom: float
    chars: list[Char] = field(default_factory=list)


@dataclass(slots=True)
class Grid:
    xs: list[float]  # column boundaries
    ys: list[float]  # row boundaries
    cells: list[Cell]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def partition(self, chars: list[Char]) -> tuple[list[Char], list[Char]]:
        """(the characters whose middle is inside the grid, give or take a point; the others), in their order."""
        x_lo, x_hi, y_lo, y_hi = self.xs[0] - 1, self.xs[-1] + 1, self.ys[0] - 1, self.ys[-1] + 1
        inside: list[Char] = []
        outside: list[Char] = []
        for c in chars:
            x = (c.x0 + c.x1) / 2
            y = c.base - 0.3 * c.size  # (Char.mid)
            (inside if x_lo <= x <= x_hi and y_lo <= y <= y_hi else outside).append(c)
        # text level with the grid's first or last row, beside it (rare)
        edge_rows = ((y_lo, self.ys[1] + 1), (self.ys[-2] - 1, y_hi))
        beside = [c for c in outside if any(a <= c.base - 0.3 * c.size <= b for a, b in edge_rows)] if inside else []
        moved = self._across(inside, beside) if beside else None
        if moved:
            inside = [c for c in inside if id(c) not in moved]
            keep = {id(c) for c in inside}
            outside = [c for c in chars if id(c) not in keep]
        return inside, outside

    def _across(self, inside: list[Char], beside: list[Char]) -> set[int]:
        """The words inside the grid of a line of text that runs across its outer edge into its first or last
        row, word after word (a browser's page footer printed over the last row of a table cut by the page's
        end: 'file:///tmp/…' left of the table, the rest of the address inside it): no cell holds them."""
        moved: set[int] = set()
        for c in beside:
            line = sorted((d for d in inside if abs(d.base - c.base) <= 0.2 * c.size), key=attrgetter("x0"))
            chain: list[Char] = []
            # the first word inside follows the one outside as a word follows a word (a cell's text is set
            # in from the grid's edge by its padding: a cell of a grid beside this one is no such word)
            if c.x1 <= self.xs[0] + 1:  # left of the grid: the words that follow it, from the edge
                end = c.x1
                for d in line:
                    if d.x0 - end > (0.25 if not chain else 0.6) * c.size:
                        break
                    chain.append(d)
                    end = d.x1
            elif c.x0 >= self.xs[-1] - 1:  # right of it: the words before it, from the edge
                start = c.x0
                for d in reversed(line):
                    if start - d.x1 > (0.25 if not chain else 0.6) * c.size:
                        break
                    chain.append(d)
                    start = d.x0
            else:
                continue  # a word across the edge (a cell's text overflowing it): the grid's own
            moved.update(id(d) for d in chain)
        return moved


# ---------------------------------------------------------------- text lines


def _is_mark(text: str) -> bool:
    return text >= "\u0300" and unicodedata.combining(text[0]) > 0


def attach_marks(chars: list[Char]) -> list[Char]:
    """Combining marks that were not drawn right after their base (another text object, a fallback
    font) joined to the letter they sit on: the one on the same baseline whose box holds the mark's
    centre, else the nearest one to its left. A mark never starts a word; NFC composes it later."""
    if not any(_is_mark(c.text) for c in chars):
        return chars
    out = [c for c in chars if not _is_mark(c.text)]
    for mark in (c for c in chars if _is_mark(c.text)):
        x = (mark.x0 + mark.x1) / 2
        near = [c for c in out if abs(c.base - mark.base) <= 0.4 * mark.size and c.x0 - 0.3 * mark.size <= x]
        if not near:
            out.append(mark)
            continue
        base = min(near, key=lambda c: 0.0 if c.x0 <= x <= c.x1 else x - c.x1 if x > c.x1 else c.x0 - x)
        base.text += mark.text
        base.space_after = max(base.space_after, mark.space_after)  # a line's last word ending in the mark
    return out


_BASE, _X0 = attrgetter("base"), attrgetter("x0")


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into text lines by baseline (superscripts join their line)."""
    out: list[list[Char]] = []
    cur: list[Char] = []
    ref = 0.0
    ref_size = 0.0
    for c in sorted(chars, key=_BASE):
        if cur and abs(c.base - ref) <= 0.45 * max(c.size, ref_size):
            cur.append(c)
            if c.size > ref_size + 0.5:
                ref, ref_size = c.base, c.size
        else:
            if cur:
                out.append(cur)
            cur = [c]
            ref, ref_size = c.base, c.size
    if cur:
        out.append(cur)
    for line in out:
        line.sort(key=_X0)
    return out


def split_segments(line: list[Char], split: bool = True) -> list[Segment]:
    """One text line (sorted by x) -> segments, split at column-sized gaps when ``split``: a gap of
    more than 1 em with no space in the text, or one much wider than the line's word spaces (a tab,
    a second column; a justified line widens all its spaces alike)."""
    chars = _without_doubles(line)
    if not split or len(chars) < 2:
        return [make_segment(chars)] if chars else []
    gaps = [b.x0 - a.x1 for a, b in pairwise(chars)]
    word: float | None = None  # the line's word space, measured when a gap needs it
    runs: list[list[Char]] = [[chars[0]]]
    for gap, c in zip(gaps, chars[1:], strict=True):
        em = c.size
        if not gap > em or (c.text[0] == "/" and gap < 12 * em):
            pass  # ('Số:        /BC-UBND': the blank left for the number of an unsigned report)
        elif not c.space_before or gap > 4 * em:
            runs.append([])
        elif gap > 1.5 * em:
            if word is None:
                word = _word_space(gaps, chars)
            if gap > 3 * word:
                runs.append([])
        runs[-1].append(c)
    return [make_segment(run) for run in runs]


def _without_doubles(line: list[Char]) -> list[Char]:
    """The line without a glyph printed twice in the same place (fake bold)."""
    chars: list[Char] = []
    for c in line:
        if chars:
            prev = chars[-1]
            if c.text == prev.text and abs(c.x0 - prev.x0) < 0.2 * c.size and abs(c.base - prev.base) < 1:
                continue
        chars.append(c)
    return chars


def _word_space(gaps: list[float], chars: list[Char]) -> float:
    """A line's word space: the width of its space characters, else of its gaps (a line of a few cells has as
    many column gaps as word spaces: its space characters tell which is which)."""
    words = sorted(g for g, c in zip(gaps, chars[1:], strict=True)
                   if g > 0.15 * c.size and c.space_before and not c.space_generated)  # fmt: skip
    words = words or sorted(g for g, c in zip(gaps, chars[1:], strict=True) if g > 0.15 * c.size)
    return words[len(words) // 2] if words else 0.0


_DIGITS = frozenset("0123456789")


def make_segment(run: list[Char]) -> Segment:
    size = run[0].size
    same_size = True
    for c in run:
        if c.size != size:
            same_size = False
            size = max(size, c.size)  # superscripts are smaller than their line
    if same_size:  # no superscript in it: the plain (fast) way
        return _plain_segment(run, size)
    bases = sorted(c.base for c in run if c.size >= size - 0.5)
    base = bases[len(bases) // 2]
    text = _Markup()
    marker: list[str] = []
    leading = True  # still in the run's leading superscript digits (a footnote's own number)
    first_word_end: float | None = None
    prev: Char | None = None
    for c in run:
        sup = c.size < 0.8 * size and c.base < base - 0.15 * size and _DIGITS.issuperset(c.text)
        if prev is not None and _spaced(prev, c) and not (sup and text.sup_open):
            text.close_sup()
            text.parts.append(" ")
            if first_word_end is None:
                first_word_end = prev.x1
            leading = leading and bool(marker)
        if sup:
            if leading:
                marker.append(c.text)
            text.open_sup()
        else:
            leading = False
            text.close_sup()
        text.parts.append(c.text)
        prev = c
    text.close_sup()
    return _segment(run, "".join(text.parts), base, size, "".join(marker) or None, first_word_end)


def _letter_spaced(run: list[Char], size: float) -> set[int]:
    """Indices of the characters that follow a letter of the same letter-spaced word ('B Á O  C Á O': a
    title with expanded spacing): in a streak of three or more one-letter pieces, the gaps about as small
    as the smallest one with no space character in them, when the others are at least 1.8 times as wide
    (the spaces between its words)."""
    joined: set[int] = set()
    k, n = 0, len(run)
    while k < n:
        m = k
        while m < n and len(run[m].text) == 1 and run[m].text.isalnum():
            m += 1
        if m - k >= 3:
            gaps = {i: run[i].x0 - run[i - 1].x1 for i in range(k + 1, m)}
            small = min(gaps.values())
            letters = {
                i for i, g in gaps.items()
                if g <= small * 1.3 + 0.02 * size and not (run[i].space_before and not run[i].space_generated)
            }  # fmt: skip
            if small > 0.1 * size and len(letters) >= 2 and all(gaps[i] >= 1.8 * small for i in gaps.keys() - letters):
                joined |= letters
        k = m + 1
    return joined


def _plain_segment(run: list[Char], size: float) -> Segment:
    """A segment whose characters all have one size."""
    prev = run[0]
    parts = [prev.text]
    first_word_end: float | None = None
    lo = hi = prev.base
    singles = 0
    for c in run:
        if len(c.text) == 1:
            singles += 1
    joined = _letter_spaced(run, size) if singles >= 3 else ()
    for k, c in enumerate(run[1:], 1):
        if k in joined:
            pass
        elif c.x0 - prev.x1 > 0.15 * size or (c.space_before and _spaced(prev, c)):
            parts.append(" ")
            if first_word_end is None:
                first_word_end = prev.x1
        parts.append(c.text)
        b = c.base
        if b < lo:
            lo = b
        elif b > hi:
            hi = b
        prev = c
    if hi - lo < 0.01:
        base = lo
    else:
        bases = sorted(c.base for c in run)
        base = bases[len(bases) // 2]
    return _segment(run, "".join(parts), base, size, None, first_word_end)


def _segment(run: list[Char], text: str, base: float, size: float, marker: str | None, first_end) -> Segment:
    x0 = run[0].x0
    x1 = run[-1].x1
    bold = 0
    for c in run:
        if c.x1 > x1:
            x1 = c.x1
        if c.bold:
            bold += 1
    return Segment(
        text=_normalize(text),
        x0=x0,
        x1=x1,
        base=base,
        size=size,
        bold=bold / len(run),
        marker=marker,
        first_word=(first_end if first_end is not None else run[-1].x1) - x0,
        chars=run,
    )


def _spaced(prev: Char, c: Char) -> bool:
    """A space between two characters: a gap wider than a space's, or a space the content stream had
    between them (a space PDFium generated counts only where the gap is more than a tenth of an em,
    a space character only where it was drawn between the two: a font change, a glyph placed on its
    own, is never a break by itself)."""
    gap = c.x0 - prev.x1
    em = max(c.size, prev.size)
    if gap > 0.15 * em:
        return True
    if not c.space_before:
        return False
    if c.space_generated:
        return gap > 0.1 * em
    at = c.space_at
    if at is not None and not (prev.x0 + prev.x1) / 2 - 0.1 * em <= at <= (c.x0 + c.x1) / 2 + 0.1 * em:
        return False  # the space was drawn elsewhere (before a glyph that a fallback font drew later)
    return gap > -0.05 * c.size


class _Markup:
    """A segment's text as it is built, superscript digits inside <sup>…</sup>."""

    __slots__ = ("parts", "sup_open")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.sup_open = False

    def open_sup(self) -> None:
        if not self.sup_open:
            self.parts.append("<sup>")
            self.sup_open = True

    def close_sup(self) -> None:
        if self.sup_open:
            self.parts.append("</sup>")
            self.sup_open = False


_NEEDS_NFC = re.compile("[\u0300-\u036f\ufb00-\ufb06]")


def _normalize(text: str) -> str:
    """NFC (a PDF may draw Vietnamese tone marks as separate characters) and ligatures ('ﬁ') unfolded."""
    if not _NEEDS_NFC.search(text):
        return text
    text = re.sub("[\ufb00-\ufb06]", lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return unicodedata.normalize("NFC", text)


def join_lines(lines: list[Segment], width: float | None = None) -> str:
    """The lines of one paragraph or cell joined with spaces; a code broken at its hyphen
    ('117/QĐ-' + 'UBND') or a number broken inside a narrow cell ('25.89' + '8') is glued; in a cell,
    so is a word broken because it is wider than the cell (``_broken_at_edge``) and punctuation that
    does not take a space ('CB' + ', CC', 'Cổng/' + 'Trang')."""
    out = ""
    prev: Segment | None = None
    edge = _text_edge(lines) if width is not None and len(lines) > 1 else None
    for seg in lines:
        text = seg.text
        if not out:
            out = text
        elif width is not None and prev is not None and _space_after(prev, seg):
            out += text if _hyphen_end(out) else " " + text  # its writer put a space there: a word break
        elif _glue(prev, seg, out, width) or (
            width is not None and (_tight(out, text) or (edge is not None and _broken_at_edge(prev, seg, edge)))
        ):
            out += text
        else:
            out += " " + text
        prev = seg
    return out


def _tight(out: str, text: str) -> bool:
    """Punctuation that takes no space at a cell's line break: before ',', ';', ')', after '/' and '('."""
    return (bool(text) and text[0] in ",;)") or (bool(out) and out[-1] in "/(")


def _text_edge(lines: list[Segment]) -> tuple[float, float, float] | None:
    """The left and right edges of a cell's text, when its writer marks where it wrapped at a word break: a space
    character at the end of one of its lines (LibreOffice and Word put it there when it fits; a browser
    does not), and the width of that space. None without that evidence: then a line end without a space
    says nothing."""
    space = max((_space_after(a, b) for a, b in pairwise(lines)), default=0.0)
    if not space:
        return None
    return min(seg.x0 for seg in lines), max(seg.x1 for seg in lines), space


def _space_after(line: Segment, nxt: Segment) -> float:
    """The width of the space character between a cell's line and the next in the content stream (0: none):
    after the line's last word before the line end, or before the next line's first word where PDFium put
    no line end between them."""
    if not line.chars or not nxt.chars:
        return 0.0
    if line.chars[-1].space_after:
        return line.chars[-1].space_after
    first = nxt.chars[0]
    if first.space_before and not first.space_generated and first.space_at is not None:
        half = first.space_at - line.x1  # the space's middle, right after the line's last word
        return 2 * half if 0 < half < 0.5 * line.size else 0.0
    return 0.0


def _broken_at_edge(prev: Segment | None, seg: Segment, edge: tuple[float, float, float]) -> bool:
    """A word wider than its cell, broken at the cell's edge ('iO' + 'ffice', 'xu' + 'yê' + 'n'): the two
    pieces together are wider than the cell's text (a word that fits a line is never broken), the line
    before ends in a letter without the space its writer puts at a word break although a space fitted
    there, and the next line's first letter did not fit after it."""
    if prev is None or not prev.chars or not seg.chars:
        return False
    if not (prev.text[-1:].isalpha() and seg.text[:1].isalpha()):
        return False
    if seg.chars[0].space_before:  # PDFium saw a gap it did not read as a space character
        return False
    left, right, space = edge
    first, last = seg.chars[0], prev.chars[-1]
    if (last.x1 - last.x0) + (first.x1 - first.x0) <= right - left - 0.5:
        return False  # the whole word would have fitted on a line of its own
    glyph = (first.x1 - first.x0) / max(len(first.text), 1)
    room = right - prev.x1
    return space - 0.2 <= room < max(glyph, 1.5 * space) + 0.5


def join_texts(texts: list[str]) -> str:
    """Texts joined with spaces, glued after a hyphen that ends a word ('QĐ-' + 'UBND'); empty ones skipped."""
    return _join(texts, lambda out, _text: _hyphen_end(out))


def join_cell_lines(texts: list[str]) -> str:
    """Lines of one table cell: joined with spaces, glued inside a broken word or code."""
    return _join(texts, lambda out, text: _hyphen_end(out) or broken_word(out, text))


def _join(texts: list[str], glued: Callable[[str, str], bool]) -> str:
    """Non-empty texts joined with a space, or with none where ``glued(text so far, next text)``."""
    out = ""
    for text in texts:
        if not text:
            continue
        if not out:
            out = text
        elif glued(out, text):
            out += text
        else:
            out += " " + text
    return out


def _hyphen_end(text: str) -> bool:
    """The text ends with a hyphen that ends a word ('117/QĐ-'), not a dash (' -')."""
    return text.endswith("-") and len(text) >= 2 and text[-2] != " "


_NUMBERISH = re.compile(r"^[0-9][0-9.,]*$")
# a Vietnamese word broken inside a cell too narrow for it leaves a piece without a vowel: the word's
# initial consonants on one line ('Th' + 'ực') or its final ones on the next ('Truyề' + 'n')
_INITIALS = frozenset(
    ("b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng",
     "ngh", "nh", "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v", "x")
)  # fmt: skip
_FINALS = frozenset(["c", "ch", "m", "n", "ng", "nh", "p", "t"])
_LETTERS = re.compile(r"[^\W\d_]+")


def broken_word(prev: str, nxt: str) -> bool:
    """Whether a cell's line ``nxt`` continues the last word of line ``prev`` (no space between)."""
    if not prev or not nxt or not prev[-1].isalpha():
        return False
    last = prev.rsplit(" ", 1)[-1]
    m = _LETTERS.match(nxt)
    head = m.group() if m else ""
    if not head or nxt[len(head) : len(head) + 1] in (")", "."):
        return False  # 'c) ...': an enumeration, not the end of a word
    same_case = head.islower() or (head.isupper() and last.isupper())
    if same_case and ((last[-1] in "nN" and head.lower() in ("g", "h")) or (last[-1] in "cC" and head.lower() == "h")):
        return True  # 'Phườn' + 'g', 'tỉn' + 'h'
    if head.lower() in _FINALS and same_case:
        return not _FINALS.issuperset([last.lower()])  # 'Truyề' + 'n', 'CẤ' + 'P'; not 'TTHC' + ...
    return last.isalpha() and last.lower() in _INITIALS and not last.isupper() and head[0].islower()


def _glue(prev: Segment | None, seg: Segment, out: str, width: float | None) -> bool:
    if _hyphen_end(out):
        return True
    if prev is None or width is None:
        return False
    if broken_word(out, seg.text):
        return True
    # a number wider than its cell: Word breaks it without a space
    return bool(
        _NUMBERISH.match(prev.text) and seg.text[:1].isdigit() and (prev.x1 - prev.x0) + seg.first_word > width - 11
    )


# ---------------------------------------------------------------- ruling lines and grids

_TOL = 2.0


def merge_rules(rules: list[Rule]) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical rules, collinear touching pieces merged (Word draws each cell edge apart)."""
    return _merge([r for r in rules if r.horizontal], True), _merge([r for r in rules if not r.horizontal], False)


def _merge(rules: list[Rule], horizontal: bool) -> list[Rule]:
    def across(r: Rule) -> float:  # the coordinate the rule sits at
        return (r.top + r.bottom) / 2 if horizontal else (r.x0 + r.x1) / 2

    groups: list[list[Rule]] = []
    last = None
    for r in sorted(rules, key=across):
        pos = across(r)
        if groups and last is not None and pos - last <= _TOL:
            groups[-1].append(r)
        else:
            groups.append([r])
        last = pos
    out: list[Rule] = []
    for group in groups:
        cur: Rule | None = None
        for r in sorted(group, key=lambda r: r.x0 if horizontal else r.top):
            start = r.x0 if horizontal else r.top
            if cur is not None and start <= (cur.x1 if horizontal else cur.bottom) + _TOL:
                cur.x0, cur.top = min(cur.x0, r.x0), min(cur.top, r.top)
                cur.x1, cur.bottom = max(cur.x1, r.x1), max(cur.bottom, r.bottom)
                continue
            cur = Rule(r.x0, r.top, r.x1, r.bottom)
            out.append(cur)
    return out


def shading_edges(fills: list[Rule], hs: list[Rule], vs: list[Rule]) -> list[Rule]:
    """Edges of shaded cells that continue a ruling line (a header whose bottom border is only the end
    of its shading): kept only where a real rule runs at the same height (or abscissa)."""
    ys = [(h.top + h.bottom) / 2 for h in hs]
    xs = [(v.x0 + v.x1) / 2 for v in vs]
    out = []
    for f in fills:
        for y in (f.top, f.bottom):
            if any(abs(y - k) <= 1.5 for k in ys):
                out.append(Rule(f.x0, y, f.x1, y))
        for x in (f.x0, f.x1):
            if any(abs(x - k) <= 1.5 for k in xs):
                out.append(Rule(x, f.top, x, f.bottom))
    return out


def _cluster(values: list[float], tol: float = _TOL) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def find_grids(hs: list[Rule], vs: list[Rule]) -> list[Grid]:
    """Tables drawn with ruling lines: groups of crossing horizontal and vertical rules -> grids of cells."""
    grids = []
    groups = _crossing_groups(hs, vs)
    groups = [g for g in groups if g[0]] + _column_rules_only([v for g_h, g_v in groups if not g_h for v in g_v])
    for g_h, g_v in groups:
        if len(g_v) < 2:
            continue
        g_h = g_h + _open_edges(g_h, g_v)
        if len(g_h) < 2:
            continue
        grids.extend(_grid(g_h, g_v))
    return sorted(grids, key=lambda g: g.ys[0])


def _column_rules_only(vs: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Column rules that no horizontal rule crosses, three or more running from one height to another:
    the middle of a table row longer than a page (the page break left it open at both ends)."""
    groups: dict[tuple[int, int], list[Rule]] = {}
    for v in vs:
        groups.setdefault((round(v.top / 4), round(v.bottom / 4)), []).append(v)
    return [([], g) for g in groups.values() if len(g) >= 3 and g[0].bottom - g[0].top > 20]


def _open_edges(hs: list[Rule], vs: list[Rule]) -> list[Rule]:
    """The edges a table leaves open where a page break cuts one of its rows (a browser draws no rule
    there): where at least two column rules run on below the lowest horizontal rule (or above the
    highest), a rule across them where they end."""
    if not hs:
        top, bottom = min(v.top for v in vs), max(v.bottom for v in vs)
        x0, x1 = min(v.x0 for v in vs), max(v.x1 for v in vs)
        return [Rule(x0, top, x1, top), Rule(x0, bottom, x1, bottom)]
    out = []
    ys = [(h.top + h.bottom) / 2 for h in hs]
    low, high = max(ys), min(ys)
    below = [v for v in vs if v.bottom > low + 3 * _TOL]
    for end in _cluster([v.bottom for v in below]):  # rules may end at several heights (a cell's text
        ends = [v for v in below if v.bottom >= end - _TOL]  # running off the page draws its rules further)
        if len(ends) >= 2:
            out.append(Rule(min(v.x0 for v in ends), end, max(v.x1 for v in ends), end))
    above = [v for v in vs if v.top < high - 3 * _TOL]
    for start in _cluster([v.top for v in above]):
        starts = [v for v in above if v.top <= start + _TOL]
        if len(starts) >= 2:
            out.append(Rule(min(v.x0 for v in starts), start, max(v.x1 for v in starts), start))
    return out


def _crossing_groups(hs: list[Rule], vs: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """The rules in groups that cross each other (connected components, by union-find)."""
    n_h = len(hs)
    parent = list(range(n_h + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        hy = (h.top + h.bottom) / 2
        for j, v in enumerate(vs):
            vx = (v.x0 + v.x1) / 2
            if h.x0 - _TOL <= vx <= h.x1 + _TOL and v.top - _TOL <= hy <= v.bottom + _TOL:
                a, b = find(i), find(n_h + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(n_h + j), ([], []))[1].append(v)
    return list(groups.values())


def _grid(hs: list[Rule], vs: list[Rule]) -> list[Grid]:
    """The grids of one group of crossing rules. Tables drawn one right under the other share a rule
    and form one group; they are cut apart where a row's column boundaries stop matching the row
    above's (neither set contains the other: another table, not a merged cell)."""
    xs = _cluster([(v.x0 + v.x1) / 2 for v in vs])
    ys = _cluster([(h.top + h.bottom) / 2 for h in hs])
    if len(xs) < 2 or len(ys) < 2 or xs[-1] - xs[0] < 20 or ys[-1] - ys[0] < 8:
        return []
    return [_band_grid(run, xs, ys, hs) for run in _bands(xs, ys, vs) if run]


def _bands(xs: list[float], ys: list[float], vs: list[Rule]) -> list[list[tuple[int, list[int]]]]:
    """Runs of (row band, its column boundaries) that belong to one table."""
    bands: list[list[tuple[int, list[int]]]] = [[]]
    last: set[int] | None = None
    at = [[(v.top, v.bottom) for v in vs if abs((v.x0 + v.x1) / 2 - x) <= _TOL] for x in xs]  # the rules at each x
    for r in range(len(ys) - 1):
        if ys[r + 1] - ys[r] < 1.0:
            continue
        inner = [c for c in range(1, len(xs) - 1) if _covers(at[c], (ys[r] + ys[r + 1]) / 2)]
        here = set(inner)
        if last is not None and here - last and last - here and len(here) > 1 and len(last) > 1:
            bands.append([])
        bands[-1].append((r, [0, *inner, len(xs) - 1]))
        last = here
    return bands


def _covers(spans: list[tuple[float, float]], mid: float) -> bool:
    """One of the rules at a column boundary (their top, bottom) or a row boundary (their x0, x1) runs across
    ``mid``, the middle of a band or of a cell's width."""
    for a, b in spans:  # noqa: SIM110 (a loop: any() over a generator took a third of find_grids' time)
        if a - _TOL <= mid <= b + _TOL:
            return True
    return False


def _band_grid(run: list[tuple[int, list[int]]], xs: list[float], ys: list[float], hs: list[Rule]) -> Grid:
    """The grid of one run of row bands: a cell goes on downwards where no rule closes it."""
    used = sorted({c for _, bounds in run for c in bounds})
    col = {c: k for k, c in enumerate(used)}
    first = run[0][0]
    cells: list[Cell] = []
    open_cells: dict[tuple[int, int], Cell] = {}  # (col, cols) -> the cell that may continue downwards
    for r, bounds in run:
        y0, y1 = ys[r], ys[r + 1]
        at = [(h.x0, h.x1) for h in hs if abs((h.top + h.bottom) / 2 - y0) <= _TOL]  # the rules at y0
        next_open: dict[tuple[int, int], Cell] = {}
        for a, b in pairwise(bounds):
            key = (col[a], col[b] - col[a])
            above = open_cells.get(key)
            if above is not None and not _covers(at, (xs[a] + xs[b]) / 2):
                above.rows += 1
                above.bottom = y1
                next_open[key] = above
                continue
            cell = Cell(r - first, key[0], 1, key[1], xs[a], y0, xs[b], y1)
            cells.append(cell)
            next_open[key] = cell
        open_cells = next_open
    last_row = run[-1][0]
    return Grid([xs[c] for c in used], ys[first : last_row + 2], cells)


def fill_grid(grid: Grid, chars: list[Char]) -> list[Char]:
    """Puts each character in its cell; returns the characters that fall in no cell."""
    rest: list[Char] = []
    ys = grid.ys
    by_band: dict[int, list[Cell]] = {}
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rows):
            by_band.setdefault(r, []).append(cell)
    for c in chars:
        x = (c.x0 + c.x1) / 2
        y = c.mid
        band = min(max(bisect_right(ys, y) - 1, 0), len(ys) - 2)
        for cell in by_band.get(band, ()):
            if cell.x0 <= x <= cell.x1 and cell.top - 1 <= y <= cell.bottom + 1:
                cell.chars.append(c)
                break
        else:
            rest.append(c)
    return rest


def cell_text(cell: Cell, chars: list[Char] | None = None) -> str:
    chars = cell.chars if chars is None else chars
    if not chars:
        return ""
    if len(chars) == 1:  # one word (a number, a code): what the segment and the join below give it
        return _normalize(chars[0].text)
    lines = [seg for line in group_lines(chars) for seg in split_segments(line, split=False)]
    return join_lines(lines, cell.x1 - cell.x0)


_ROW_CODE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.?|[a-zđ]\)|STT|TT)$")


def _row_starts(cells: list[Cell]) -> list[float] | None:
    """Where the rows of a table drawn without horizontal rules between them start, inside one grid row:
    the tops of the STT column's lines, when every line there is a code ('1.', '1.1.', 'II', 'STT')."""
    first = next((c for c in cells if c.col == 0 and c.rows == 1), None)
    if first is None or len(first.chars) < 2:
        return None
    lines = group_lines(first.chars)
    if len(lines) < 2:
        return None
    left = min(c.x0 for c in first.chars)
    room = first.x1 - left - (left - first.x0)  # the cell's width inside its padding (as much right as left)
    codes: list[tuple[str, list[Char]]] = []
    for line in lines:
        text = "".join(c.text for c in line)
        if codes and _wrapped_code(codes[-1], text, line, room):
            codes[-1] = (codes[-1][0] + text, codes[-1][1] + line)  # '2.2.' + '1': a code too wide for its cell
        else:
            codes.append((text, line))
    if len(codes) < 2 or not all(_ROW_CODE.match(t) for t, _ in codes):
        return None
    return [min(c.base - c.size for c in line) for _, line in codes[1:]]


def _wrapped_code(prev: tuple[str, list[Char]], text: str, line: list[Char], room: float) -> bool:
    """The line is the end of the code on the line before, broken because the two do not fit the cell."""
    before, chars = prev
    if not (before[-1:] in ".)" or before[-1:].isdigit()) or not text[:1].isalnum():
        return False
    width = max(c.x1 for c in chars) - min(c.x0 for c in chars) + max(c.x1 for c in line) - min(c.x0 for c in line)
    return width > room and bool(_ROW_CODE.match(before + text))


def grid_rows(grid: Grid) -> list[tuple[list[str], list[bool], float]]:
    """Rows of the grid: (cell texts one per grid column, bold flags, top y). A merged cell's text
    sits in its first row and column; the columns and rows it spans are empty. A grid row that holds
    several table rows (no horizontal rules between them) is cut at its STT lines."""
    n_cols = len(grid.xs) - 1
    by_row: dict[int, list[Cell]] = {}
    for cell in grid.cells:
        by_row.setdefault(cell.row, []).append(cell)
    out: list[tuple[list[str], list[bool], float]] = []
    for r in sorted(by_row):
        cells = by_row[r]
        starts = _row_starts(cells)
        bounds = [cells[0].top, *(starts or []), float("inf")]
        for k in range(len(bounds) - 1):
            y0, y1 = bounds[k], bounds[k + 1]
            texts, flags = [""] * n_cols, [False] * n_cols
            for cell in cells:
                chars = (
                    cell.chars if starts is None else [c for c in cell.chars if (k == 0 or c.mid >= y0) and c.mid < y1]
                )
                texts[cell.col] = cell_text(cell, chars)
                flags[cell.col] = bool(chars) and sum(c.bold for c in chars) >= 0.8 * len(chars)
            out.append((texts, flags, y0))
    return out
