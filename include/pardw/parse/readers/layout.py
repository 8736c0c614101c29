"""Space-aligned tables (``pdftotext -layout``, fixed-width exports) -> tab-separated rows.

A table starts at a header whose first cell is ``STT``/``TT``; the header may take several lines above
and below that cell (cells wrapped, a group heading such as "Kết quả thống kê" over two columns). The
header gives the table's columns: its lowest pieces, then upper ones that fall in no column yet; a piece
over two columns heads a group. The exact boundary between two columns is where the body's text leaves
a blank across the rows (the whitespace valley between the two header cells).

A table runs on over page breaks (a form feed at a line's start, blank lines, a page number) and over
its header printed again on the next page; each page is cut with its own columns (``pdftotext`` lays
out every page anew, so the same column moves from page to page): from the header printed again, else
from the blank columns of that page's own lines, matched to the table's columns in order and by what
they hold (numbers in the value column).

Rows: a row starts at its number (STT) in the first column. Cells that wrap continue on the lines
around it: below it when the cells are aligned to the top; above and below it when they are centred
vertically (Word's and LibreOffice's "center" alignment, which ``pdftotext`` prints as lines above and
below the number, a half line apart). Each piece of text between two numbered lines goes to the row
whose cell it continues: a piece that starts in lower case continues the piece above it; a centred
cell spreads as far above its row's middle as below it; after a page break the text before the next
row's own lines continues the row cut by the break. A number wrapped in a narrow column ("120.08" / "8")
is joined without a space.

The row is written as tab-separated cells on the line of its number; its other lines become empty,
so every other line keeps its number in the file. The header is written on the line of its STT cell.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, pairwise
from math import comb

from pardw.parse.readers.pdf_layout import broken_word
from pardw.parse.text import fold, strip_markup

_MAX_LINE = 2000  # longer lines are prose, never a table row
_MAX_MAPPINGS = 2000  # ways to match a page's columns to a wide table's that are tried
_PROFILE_ROWS = 300  # lines of the pages before whose cells say what each column holds
_HEADER_FIRST = ("stt", "tt", "so tt", "st t", "s tt")
_CODE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,4}\.?|[IVXivx]{1,5}\.?|[a-zđ]\)|[-+*])$")
_NUMBER = re.compile(r"^[-+]?\d[\d.,]*%?$")
# header words: a line made of these is a header line, and a piece holding two of them is two cells
_HEADER_WORDS = ("stt", "chi tieu", "noi dung", "don vi tinh", "don vi", "dvt", "so lieu", "ket qua", "ghi chu",
                 "ke hoach", "thuc hien", "ty le", "nhiem vu", "tieu chi", "ten don vi")  # fmt: skip
# phrases only a header holds: a line with one of them is a header line however long its pieces
_STRONG_HEADER = ("so lieu", "don vi tinh", "ghi chu", "chi tieu thong ke", "ket qua thong ke", "su dung trong ky",
                  "dvt", "stt")  # fmt: skip
_SPLIT_LABELS = re.compile(
    r"(?<=\S) (?=(?:Số liệu|Ghi chú|Đơn vị tính|ĐVT|Kết quả|Tỷ lệ)\b)"
    # a whole first label ('Đơn vị', 'Chỉ tiêu') then a capitalised word: the next cell ('Đơn vị Tổng số hồ sơ')
    r"|(?:(?<=\b[Đđ]ơn vị)|(?<=\bChỉ tiêu)|(?<=\bNội dung)|(?<=\bĐịa phương))"
    r" (?=[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ])"
)
_NAME_HEADS = ("chi tieu", "noi dung", "ten ", "danh muc")  # a header's cell over the rows' names
_CLOSERS = ("noi nhan:", "kt. ", "tm. ", "ktm. ", "nguoi lap bieu")  # the signature block after a table
_FORM = re.compile(r"^\s*(?:bieu mau|phu luc)\s*(?:so\s*)?(?:\d{1,2}|[ivx]{1,4})\b")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^trang \d{1,3}\b")
_LOWER_START = re.compile(r"^[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")

Word = tuple[int, int, str]  # start column, end column, text


def align_columns(
    lines: list[str], page_starts: list[int] | None = None, warnings: list[tuple[str, str, str | None]] | None = None
) -> int:
    """Convert the space-aligned tables of ``lines`` in place; returns the data rows converted.
    ``page_starts``: indexes of the lines a new page starts at (form feeds), when known; ``warnings`` receives
    (code, message, locator) for what could not be placed."""
    pages = set(page_starts or ())
    guessed = not pages
    if guessed:
        pages = set(inferred_page_starts(lines))
    folios = _page_numbers(lines, sorted(pages))
    converted = 0
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if "\t" in line or len(line) > _MAX_LINE or not _starts_header(line):
            i += 1
            continue
        table = _Table(lines, i, pages, folios, warnings if warnings is not None else [], guessed)
        if not table.ok:
            i += 1
            continue
        i = table.convert()
        converted += table.rows_written
    return converted


def inferred_page_starts(lines: list[str]) -> list[int]:
    """Page breaks of a space-aligned text printed without form feeds (``pdftotext -layout -nopgbrk``, a copy of
    the text, an export that drops them). ``pdftotext`` lays every page out anew, so a table's columns move at a
    page break: the name or the value of its numbered rows starts further left or right. Between two numbered
    rows laid out apart, with no table header between them, the break is at the line
    from which the lines fit the second page's column starts better than the first page's. Only where two rows
    or more on each side agree: names centred in their cells start anywhere and say nothing."""
    rows = _row_marks(lines)
    runs: list[list[tuple[int, _RowMark | None]]] = []  # numbered rows laid out alike, in a row
    for j, mark in rows:
        if mark is not None and runs and not mark.header and _same_page(runs[-1], mark):
            runs[-1].append((j, mark))
        else:
            runs.append([(j, mark)])
    breaks: list[int] = []
    prev = 0
    for before, after in pairwise(runs):
        (a, ma), (b, mb) = before[-1], after[0]
        if ma is None or mb is None or mb.header or len(after) < 2 or (len(before) < 2 and not ma.header):
            continue  # a header between them, or names that start anywhere (cells centred): no evidence
        old = _starts_of(lines, max(prev, a - 60), a + 1)
        new = _starts_of(lines, b, min(len(lines), b + 60))
        between = [k for k in range(a + 1, b) if lines[k].strip()]
        best, cost = b, None
        for cut in [*between, b]:
            c = sum(not _fits(lines[k], old) for k in between if k < cut)
            c += sum(not _fits(lines[k], new) for k in between if k >= cut)
            if cost is None or c <= cost:  # a tie: the lines stay on the first page
                best, cost = cut, c
        breaks.append(best)
        prev = best
    return breaks


def _row_marks(lines: list[str]) -> list[tuple[int, _RowMark | None]]:
    """The numbered rows' layouts, and the tables' headers (None where a header says nothing of the rows' columns)."""
    rows: list[tuple[int, _RowMark | None]] = []
    for j, line in enumerate(lines):
        if "\t" in line or len(line) > _MAX_LINE or not line.strip():
            continue
        words = _words(line)
        if _starts_header(line):  # a header: a new table's columns, unless its own lines run over a page break
            pieces = _tokens(words)
            named = len(pieces) >= 2 and fold(pieces[1][2]).startswith(_NAME_HEADS)
            rows.append((j, _RowMark(pieces[1][0], None, header=True) if named else None))
        elif len(words) >= 2 and words[0][0] <= 3 and _is_code(words[0][2]) and words[1][0] - words[0][1] >= 2:
            pieces = _tokens(words)
            value = next(((a, b) for a, b, t in pieces[2:] if _NUMBER.match(t)), None)
            if len(pieces) == 3 and value is not None and len(pieces[1][2]) <= 12:
                # the number, a short piece and the value: a unit, the name printed above and below (centred)
                rows.append((j, _RowMark(None, value, unit=pieces[1][:2])))
                continue
            unit = pieces[2][:2] if len(pieces) >= 4 and not _NUMBER.match(pieces[2][2]) else None
            rows.append((j, _RowMark(pieces[1][0], value, unit=unit)))
    return rows


@dataclass(frozen=True)
class _RowMark:
    """Where a numbered row's name starts, and its unit's and value's pieces (start, end): alike on one page."""

    name: int | None  # None: no name on the number's line
    value: tuple[int, int] | None
    header: bool = False  # the STT line of a header: where its second cell starts
    unit: tuple[int, int] | None = None  # the piece between the name and the value (the unit)


def _same_page(run: list[tuple[int, _RowMark | None]], mark: _RowMark) -> bool:
    """Whether a numbered row is laid out as the run of rows before it: its name starts where theirs do, and its
    unit and value sit in their columns as those are aligned (left, right, or centred: told by the run's rows)."""
    marks = [m for _j, m in run if m is not None]
    names = [m.name for m in marks if m.name is not None]
    if not marks or (names and mark.name is not None and abs(names[-1] - mark.name) > 1):
        return False
    return _in_column([m.unit for m in marks], mark.unit) and _in_column([m.value for m in marks], mark.value)


def _in_column(seen: list[tuple[int, int] | None], piece: tuple[int, int] | None) -> bool:
    """A piece in the column of the pieces seen before it. How the column is aligned shows where pieces of
    different widths share their start (left), their end (right) or neither (centred); pieces of one width
    show nothing, and then the piece may sit left, right or centred on the last one."""
    boxes = [b for b in seen if b is not None]
    if piece is None or not boxes:
        return True
    a, b = piece
    pairs = [(p, q) for p, q in combinations(set(boxes), 2) if abs(p[1] - p[0] - q[1] + q[0]) >= 2]
    if any(p[0] == q[0] for p, q in pairs):
        return any(a == x for x, _y in boxes)  # aligned left
    if any(p[1] == q[1] for p, q in pairs):
        return any(b == y for _x, y in boxes)  # aligned right
    middles = [x + y for x, y in boxes]
    if pairs:  # centred: as near the middle as the pieces before it
        return min(middles) - 3 <= a + b <= max(middles) + 3
    x, y = boxes[-1]
    return a == x or b == y or abs(a + b - x - y) <= 3


def _starts_of(lines: list[str], lo: int, hi: int) -> set[int]:
    """Where pieces start on lines[lo:hi], each start and its neighbours (a column's text may start one later)."""
    out: set[int] = set()
    for k in range(lo, hi):
        for a, _b, _t in _tokens(_words(lines[k])):
            out.update((a - 1, a, a + 1))
    return out


def _fits(line: str, starts: set[int]) -> bool:
    return all(a in starts for a, _b, _t in _tokens(_words(line)))


def _page_numbers(lines: list[str], starts: list[int]) -> set[int]:
    """The lines that print a page's number: a lone number next to a page break (the first or last lines of a
    page) that runs with the pages (page k prints k plus the same offset as most pages do); a wrapped value
    ("1" of "241.331") next to a break does not."""
    candidates: list[tuple[int, int]] = []
    for p, start in enumerate(starts, start=1):
        for j in (*_nonblank(lines, start, 1, 2), *_nonblank(lines, start - 1, -1, 2)):
            s = lines[j].strip()
            if _PAGE_NUMBER.match(fold(s)):
                page = p if j >= start else p - 1
                candidates.append((j, int(re.sub(r"\D", "", s)) - page))
    found = _running_lines(lines, starts)
    if not candidates:
        return found
    offsets = [d for _j, d in candidates]
    usual = max(set(offsets), key=offsets.count)
    return found | ({j for j, d in candidates if d == usual} if offsets.count(usual) >= 2 else set())


def _running_lines(lines: list[str], starts: list[int]) -> set[int]:
    """Running headers and footers: first and last lines of the pages (one or two pieces, not a numbered row) that
    repeat, numbers aside, on half the pages and three at least ("file:///…/report.htm  20/53", a date and time,
    the document's title)."""
    seen: dict[str, list[int]] = {}
    for start in starts:
        for j in (*_nonblank(lines, start, 1, 2), *_nonblank(lines, start - 1, -1, 2)):
            text = " ".join(lines[j].split())
            key = re.sub(r"\d+", "#", text)
            words = _words(lines[j])
            if len(key) < 6 or len(_tokens(words)) > 2 or _is_code(words[0][2]) or _is_form_heading(text):
                continue  # a table row (several cells, a number first), a form's title: never a running line
            if not _starts_header(lines[j]) and not any(w in fold(text) for w in _STRONG_HEADER):
                seen.setdefault(key, []).append(j)
    return {j for js in seen.values() if len(set(js)) >= max(3, len(starts) // 2) for j in js}


def _nonblank(lines: list[str], j: int, step: int, count: int) -> list[int]:
    out = []
    while 0 <= j < len(lines) and len(out) < count:
        if lines[j].strip():
            out.append(j)
        j += step
    return out


# ---------------------------------------------------------------- words, tokens, header lines


_WORD = re.compile(r"[^ ]+")


def _words(line: str) -> list[Word]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(line)]


def _tokens(words: list[Word]) -> list[Word]:
    """Words joined into pieces separated by two spaces or more."""
    out: list[Word] = []
    for a, b, text in words:
        if out and a - out[-1][1] < 2:
            pa, _pb, pt = out[-1]
            out[-1] = (pa, b, f"{pt} {text}")
        else:
            out.append((a, b, text))
    return out


def _starts_header(line: str) -> bool:
    first = line.strip().split("  ")[0].strip()
    return fold(first).strip(" .*:") in _HEADER_FIRST or fold(line.lstrip()[:4]) in ("stt ", "tt  ")


def _has_header_words(text: str) -> bool:
    f = fold(text)
    return any(w in f for w in _HEADER_WORDS)


def _split_labels(token: Word) -> list[Word]:
    """'Đơn vị tính Số liệu' printed with one space between two header cells -> two pieces."""
    a, _b, text = token
    out: list[Word] = []
    pos = 0
    for part in _SPLIT_LABELS.split(text):
        start = text.index(part, pos)
        out.append((a + start, a + start + len(part), part))
        pos = start + len(part)
    return out


def _is_code(text: str) -> bool:
    return bool(_CODE.match(text.strip()))


def _is_form_heading(text: str) -> bool:
    return bool(_FORM.match(fold(strip_markup(text.replace("**", " ")) if "*" in text or "<" in text else text)))


# ---------------------------------------------------------------- columns


def _text_tokens(line: str) -> list[Word]:
    """A line's tokens when it may be a header's line (text without a number, not a tab row, not a form
    heading), else none."""
    s = line.strip()
    if not s or "\t" in line or len(line) > _MAX_LINE or _is_form_heading(s):
        return []
    toks = _tokens(_words(line))
    return [] if any(_NUMBER.match(t[2]) for t in toks) else toks


@lru_cache(maxsize=8192)
def _header_line_above(line: str) -> bool:
    """A line above a header's STT line that holds header words (no number)."""
    toks = _text_tokens(line)
    s = line.strip()
    return bool(toks) and ((len(toks) >= 2 and _has_header_words(s)) or any(w in fold(s) for w in _STRONG_HEADER))


@lru_cache(maxsize=8192)
def _short_header_line(line: str) -> bool:
    """A line of a header cell wrapped in narrow columns: short pieces, no number ("sơ tiếp", "kỳ báo")."""
    toks = _text_tokens(line)
    return bool(toks) and all(b - a <= 16 for a, b, _t in toks)


@dataclass
class _Column:
    lo: int
    hi: int
    parts: list[tuple[int, str]] = field(default_factory=list)  # (line index, header text)

    def text(self) -> str:
        return _join([t for _i, t in sorted(self.parts, key=lambda p: p[0])], numeric=False)


def _header_columns(header: list[tuple[int, list[Word]]]) -> list[_Column]:
    """Columns from the header's pieces, lowest line first: a piece over no column starts one, a piece over one
    column is that column's text, a piece over several heads them (its text goes to the first)."""
    cols: list[_Column] = []
    spanning: list[tuple[int, Word]] = []
    for idx, tokens in sorted(header, key=lambda h: -h[0]):
        for tok in tokens:
            a, b, text = tok
            over = [c for c in cols if a < c.hi + 1 and c.lo < b + 1]
            if not over:
                cols.append(_Column(a, b, [(idx, text)]))
            elif len(over) == 1:
                c = over[0]
                c.lo, c.hi = min(c.lo, a), max(c.hi, b)
                c.parts.append((idx, text))
            else:
                spanning.append((idx, tok))
    cols.sort(key=lambda c: c.lo)
    for idx, (a, b, text) in spanning:
        over = [c for c in cols if a < c.hi + 1 and c.lo < b + 1]
        over[0].parts.append((idx, text))
    return cols


def _valley(coverage: list[int], lo: int, hi: int, near: int | None = None) -> int:
    """The column in [lo, hi] where the fewest lines have a character: the middle of such a run, the last that
    starts at or before ``near`` (the right-hand header cell's left edge) when given, else the longest."""
    lo, hi = max(lo, 0), min(hi, len(coverage) - 1)
    if hi < lo:
        return max(lo, 0)
    best = min(coverage[lo : hi + 1])
    runs, run_start = [], None
    for x in range(lo, hi + 2):
        if x <= hi and coverage[x] == best:
            if run_start is None:
                run_start = x
        elif run_start is not None:
            runs.append((run_start, x - 1))
            run_start = None
    if near is not None:
        # a column's left edge is at or left of its header's text: the run nearest to it that starts before it
        before = [r for r in runs if r[0] <= near]
        runs = [max(before, key=lambda r: (r[1], r[1] - r[0]))] if before else runs
    a, b = max(runs, key=lambda r: (r[1] - r[0], -r[0]))
    return (a + b + 1) // 2


def _coverage(rows: list[list[Word]], width: int) -> list[int]:
    cov = [0] * (width + 2)
    for words in rows:
        for a, b, _t in words:
            for x in range(a, min(b, width + 1)):
                cov[x] += 1
    return cov


def _bounds_from_header(cols: list[_Column], body: list[list[Word]]) -> list[int]:
    """Boundary k separates column k and k+1: the valley of the body's text between the two header cells."""
    width = max([c.hi for c in cols] + [w[-1][1] for w in body if w] + [1])
    cov = _coverage(body, width)
    bounds = []
    for left, right in pairwise(cols):
        # between the middles of the two header cells (a centred header is narrower than its column)
        lo = min(left.hi, (left.lo + left.hi) // 2)
        hi = max(right.lo, (right.lo + right.hi + 1) // 2)
        x = _valley(cov, lo, hi, near=right.lo)
        bounds.append(max(x, bounds[-1] + 1) if bounds else x)
    return bounds


def _with_sub_column(cols: list[_Column], body: list[list[Word]]) -> list[_Column]:
    """A column the header does not name: sub-labels between the name and the next column ("Chia theo tên loại
    VBQPPL" | "Nghị quyết của HĐND tỉnh"), a text block with blank columns on both sides on three lines or more."""
    if len(cols) < 3 or cols[1].hi >= cols[2].lo:
        return cols
    lo, hi = cols[1].hi, cols[2].lo
    cov = _coverage(body, hi + 1)
    runs, start = [], None
    for x in range(lo, hi + 1):
        if cov[x] == 0:
            start = x if start is None else start
        elif start is not None:
            runs.append((start, x - 1))
            start = None
    if start is not None:
        runs.append((start, hi))
    if len(runs) < 2:
        return cols
    a, b = runs[0][1] + 1, runs[-1][0] - 1
    inside = sum(1 for words in body if any(a <= w[0] and w[1] <= b + 1 for w in words))
    both = sum(1 for words in body if any(w[1] <= a - 1 for w in words) and any(a <= w[0] <= b for w in words))
    if b - a < 2 or inside < 3 or both < 2:
        return cols
    return [*cols[:2], _Column(a, b), *cols[2:]]


def _gaps(body: list[list[Word]]) -> list[tuple[int, int]]:
    """Blank runs (columns no line has a character in) between the first and the last character of the lines;
    a one-character run that is a single space between two words on every line ("Văn bản" printed in one
    place on every row) is a space inside a cell, not a column."""
    words = [w for line in body for w in line]
    if not words:
        return []
    lo, hi = min(a for a, _b, _t in words), max(b for _a, b, _t in words)
    cov = _coverage(body, hi)
    gaps, start = [], None
    for x in range(lo, hi):
        if cov[x] == 0:
            start = x if start is None else start
        elif start is not None:
            gaps.append((start, x - 1))
            start = None
    return [g for g in gaps if g[1] > g[0] or _wide_somewhere(body, g[0])]


def _wide_somewhere(body: list[list[Word]], x: int) -> bool:
    """A one-column blank run at ``x`` is a column gap when some line has a word starting right after it that does
    not follow a word ending right before it (a column's left edge); otherwise it is the space of a phrase
    printed in one place on the rows ("Văn bản")."""
    for words in body:
        ends = {b for _a, b, _t in words}
        if any(a == x + 1 and x not in ends for a, _b, _t in words):
            return True
    return False


def _cut(words: list[Word], bounds: list[int]) -> list[str]:
    """A line's words into cells: each word to the column holding most of it."""
    cells: list[list[str]] = [[] for _ in range(len(bounds) + 1)]
    for a, b, text in words:
        mid = (a + b - 1) / 2
        k = 0
        while k < len(bounds) and mid >= bounds[k]:
            k += 1
        cells[k].append(text)
    return [" ".join(c) for c in cells]


# ---------------------------------------------------------------- the table


@dataclass
class _Body:
    idx: int  # line index in the file
    words: list[Word]
    page: int  # page counter within the table (0 = the header's page)
    cells: list[str] = field(default_factory=list)
    anchor: bool = False
    header: bool = False  # a line of the header continued after a page break: its text is the header's


@dataclass
class _Segment:
    header: list[tuple[int, list[Word]]] | None  # the header printed on this page (None: none)
    lines: list[_Body] = field(default_factory=list)


class _Table:
    def __init__(
        self, lines: list[str], i: int, pages: set[int], folios: set[int] | None = None,
        warnings: list[tuple[str, str, str | None]] | None = None, guessed: bool = False,
    ) -> None:  # fmt: skip
        self.lines, self.pages, self.folios = lines, pages, folios or set()
        self.guessed = guessed  # the page breaks were inferred from the columns (no form feed): some may be missed
        self._known: set[str] | None = None
        self.warnings = warnings if warnings is not None else []
        self.rows_written = 0
        self.header_idx, self.header = self._header_at(i, first=True)
        self.stt_line = i
        # a header cut by a page break: the columns from its part on the STT line's page, the rest of its text
        # read with the next page's columns
        cut = next((n for n, k in enumerate(self.header_idx) if k in pages and k > i), None)
        self.header_rest = self.header[cut:] if cut is not None else []
        self.header = self.header[:cut] if cut is not None else self.header
        self.cols = _header_columns(self.header)
        self.ok = len(self.cols) >= 3 and self.cols[0].lo <= self._stt_start(i) + 1
        self.segments: list[_Segment] = []
        self.noise: list[int] = []

    def _stt_start(self, i: int) -> int:
        return len(self.lines[i]) - len(self.lines[i].lstrip())

    # -- header ---------------------------------------------------------------------------------
    def _header_at(self, i: int, first: bool) -> tuple[list[int], list[tuple[int, list[Word]]]]:
        """The header's lines around the STT line ``i``: up to three lines above it that hold header words, and
        the lines below it up to the first row (short pieces or header words)."""
        lines = self.lines
        idx = [i]
        j = i - 1
        while j >= max(0, i - 3) and self._header_line_above(lines[j]):
            idx.insert(0, j)
            j -= 1
        # a header set at the bottom of its row (the STT on its last line): more lines above, short pieces only;
        # printed again, as many as the first header has (pdftotext may set a row's last lines among them)
        reach = 8 if first else self.header_idx.index(self.stt_line)
        above = list(idx)
        while j >= max(0, i - reach) and j == idx[0] - 1 and self._short_header_line(lines[j]):
            idx.insert(0, j)
            j -= 1
        if len(idx) > len(above) and j >= 0 and lines[j].strip() and j + 1 not in self.pages:
            idx = above  # not set apart (a blank line, a page break): a row's wrapped name above, not the header
        j = i + 1
        known = set() if first else self._header_words()
        while j < len(lines) and j <= i + 7 and self._header_line_below(lines[j], i, known):
            idx.append(j)
            j += 1
        header = []
        for k in idx:
            toks = [p for t in _tokens(_words(lines[k])) for p in _split_labels(t)]
            header.append((k, toks))
        return idx, header

    def _header_line_above(self, line: str) -> bool:
        return _header_line_above(line)

    def _short_header_line(self, line: str) -> bool:
        return _short_header_line(line)

    def _header_line_below(self, line: str, stt: int, known: set[str]) -> bool:
        s = line.strip()
        if not s or "\t" in line or len(line) > _MAX_LINE or _is_form_heading(s):
            return False
        words = _words(line)
        if _is_code(words[0][2]) and words[0][0] <= self._stt_start(stt) + 3:
            return False
        toks = _tokens(words)
        if known:  # the header printed again: its lines hold the first header's words
            folded = fold(s).split()
            return sum(w in known for w in folded) >= 0.8 * len(folded)
        if any(w in fold(s) for w in _STRONG_HEADER):
            return True
        # short pieces: a header cell wrapped ("cách hành", "năm 2023", "năm)"), never a row's text
        return all(b - a <= 24 for a, b, _t in toks) and (_has_header_words(s) or all(b - a <= 16 for a, b, _t in toks))

    # -- the region -------------------------------------------------------------------------------
    def _stt_ahead(self, j: int) -> int | None:
        """``j`` when it is an STT line, or the STT line up to three header lines below it (eight lines of short
        pieces: a header set at the bottom of its row)."""
        for k in range(j, min(j + 9, len(self.lines))):
            if _starts_header(self.lines[k]):
                return k
            if not (self._header_line_above(self.lines[k]) or self._short_header_line(self.lines[k])):
                return None
        return None

    def _header_words(self) -> set[str]:
        if self._known is None:
            self._known = {w for _k, toks in self.header for _a, _b, t in toks for w in fold(t).split()}
        return self._known

    def _repeated_header(self, j: int, since: int) -> tuple[list[int], list[tuple[int, list[Word]]]] | None:
        """The header printed again at ``j`` (an STT line with mostly the first header's words, wrapped as this
        page wraps them), or None. ``since``: the line after the table's last body line; without a page break
        from there (the page breaks known), a header with a word the first one lacks is another table's (the
        next level's table, its columns named otherwise: "Tổng số hồ sơ" for "Số hồ sơ")."""
        if not _starts_header(self.lines[j]):
            return None
        idx, header = self._header_at(j, first=False)
        known = self._header_words()
        seen = {w for _k, toks in header for _a, _b, t in toks for w in fold(t).split()}
        if not seen or len(known & seen) < 0.6 * len(known) or len(known & seen) < 0.6 * len(seen):
            return None  # another table's header
        broken = self.guessed or not self.pages or any(k in self.pages for k in range(since, idx[-1] + 1))
        if not broken and seen - known - set(_HEADER_FIRST):
            return None
        return idx, header

    def _leftovers(self, header: list[tuple[int, list[Word]]]) -> tuple[list[tuple[int, list[Word]]], list[_Body]]:
        """A header printed again may share its lines with the body (pdftotext puts text a half line apart on
        one line): its pieces with words the first header does not have are body text."""
        known = self._header_words()
        kept, extra = [], []
        for k, toks in header:
            mine = [t for t in toks if set(fold(t[2]).split()) <= known]
            other = [t for t in toks if not set(fold(t[2]).split()) <= known]
            kept.append((k, mine))
            if other:
                extra.append(_Body(k, [w for t in other for w in _words(" " * t[0] + t[2])], 0))
        return kept, extra

    def _strip_glued_header(self, header: list[tuple[int, list[Word]]], after: int) -> None:
        """A header word missing from the repeated header is glued to the next line ("vấn đềnăm)"): removed."""
        known = [t for _k, toks in self.header for _a, _b, t in toks if len(t) >= 3]
        seen = {fold(t) for _k, toks in header for _a, _b, t in toks}
        for text in known:
            if fold(text) in seen:
                continue
            for j in range(after, min(after + 2, len(self.lines))):
                line = self.lines[j]
                pos = line.find(text)
                if pos > 0 and line[pos - 1] != " " and "\t" not in line:
                    self.lines[j] = line[:pos] + " " * len(text) + line[pos + len(text) :]
                    break

    def _ends(self, j: int) -> bool:
        line = self.lines[j]
        if "\t" in line or len(line) > _MAX_LINE:
            return True
        s = line.strip()
        f = fold(s)
        if _is_form_heading(s) or f.startswith(_CLOSERS):
            return True
        words = _words(line)
        first = _tokens(words)[0]
        if first[0] <= self.cols[0].lo + 1 and not _is_code(words[0][2]):
            # text from the left margin: prose or a title, unless it is a narrow cell's text on a page of its own
            return len(first[2]) >= 40 or (len(words) >= 8 and len(_tokens(words)) == 1 and len(s) >= 60)
        return False

    def _collect(self) -> int:
        """Read the region after the header into page segments; returns the index after the table."""
        lines = self.lines
        seg = _Segment(self.header)
        self.segments = [seg]
        page = 0
        if self.header_rest:
            page = 1
            seg = _Segment(None)
            seg.lines = [_Body(k, _words(lines[k]), page, header=True) for k, _t in self.header_rest]
            self.segments.append(seg)
        j = self.header_idx[-1] + 1
        last_body = j - 1
        while j < len(lines):
            if j in self.pages and j > self.header_idx[-1]:
                page += 1
                seg = _Segment(None)
                self.segments.append(seg)
            s = lines[j].strip()
            if not s:
                j += 1
                continue
            stt = self._stt_ahead(j)
            rep = self._repeated_header(stt, last_body + 1) if stt is not None else None
            if rep is None and stt is not None and (stt == j or j in self._header_at(stt, first=True)[0]):
                break  # another table's header (or its lines above its STT line)
            if rep is not None and j in rep[0]:
                page += sum(1 for k in range(j + 1, rep[0][-1] + 1) if k in self.pages)
                seg = self._take_header(rep, seg, page)
                j = rep[0][-1] + 1
                last_body = j - 1
                continue
            if j in self.folios or (
                (not self.pages or self.guessed) and _PAGE_NUMBER.match(fold(s)) and self._near_break(j)
            ):
                self.noise.append(j)
                j += 1
                continue
            if self._ends(j):
                break
            seg.lines.append(_Body(j, _words(lines[j]), page))
            last_body = j
            j += 1
        return last_body + 1

    def _take_header(self, rep, seg: _Segment, page: int) -> _Segment:
        """The header printed again starts a segment (or names the page's segment that has no line yet)."""
        idx, header = rep
        header, extra = self._leftovers(header)
        self._strip_glued_header(header, idx[-1] + 1)
        if seg.lines or seg.header is not None:
            seg = _Segment(header)
            self.segments.append(seg)
        else:
            seg.header = header
        for b in extra:
            b.page = page
        seg.lines.extend(extra)
        self.header_idx.extend(k for k in idx if k not in self.header_idx)
        return seg

    def _near_break(self, j: int) -> bool:
        """A lone number next to a page break (or right before the header printed again) is a page number."""
        for k in range(j + 1, min(j + 6, len(self.lines))):
            if k in self.pages or _starts_header(self.lines[k]) or _is_form_heading(self.lines[k].strip()):
                return True
            if self.lines[k].strip():
                break
        return j in self.pages or any(
            k in self.pages and not any(self.lines[m].strip() for m in range(k, j)) for k in range(max(0, j - 3), j)
        )

    # -- cutting ----------------------------------------------------------------------------------
    def _cut_segments(self) -> None:
        seen: list[_Body] = []
        for seg in self.segments:
            if not seg.lines:
                continue
            bounds = self._segment_bounds(seg, seen)
            left = min((b.words[0][0] for b in seg.lines if b.words), default=0)
            for b in seg.lines:
                _cells(b, bounds, left)
                if b.header:  # the part of a header cut by a page break: its text is the header's
                    for c, text in enumerate(b.cells):
                        if text:
                            self.cols[c].parts.append((b.idx, text))
            seen.extend(b for b in seg.lines if not b.header)
        for seg in self.segments:
            seg.lines = [b for b in seg.lines if not b.header]

    def _segment_bounds(self, seg: _Segment, seen: list[_Body]) -> list[int]:
        """A page's column boundaries: from the header printed on it, else from its blank columns."""
        if seg.header is not None:
            body = [b.words for b in seg.lines if not b.header]
            cols = _with_sub_column(_header_columns(seg.header), body)
            if seg is self.segments[0] and len(cols) == len(self.cols) + 1:
                self.cols = [*self.cols[:2], cols[2], *self.cols[2:]]
            if len(cols) == len(self.cols):
                return _bounds_from_header(cols, body)
        return self._bounds_from_gaps(seg, seen)

    def _bounds_from_gaps(self, seg: _Segment, seen: list[_Body]) -> list[int]:
        """A page with no header: its own blank columns, matched to the table's columns in order and by what
        they hold (a page with more columns than the header showed adds columns at the right)."""
        lines = [b.words for b in seg.lines if b.words]
        gaps = _gaps(lines)
        groups = len(gaps) + 1
        while groups > len(self.cols) and seg.lines[0].header is True:
            self.cols.append(_Column(10**6, 10**6))  # the cut header's other part has more columns
        k = len(self.cols)
        if groups > k:  # more blank columns than the table has: keep the widest
            gaps = sorted(sorted(gaps, key=lambda g: g[1] - g[0], reverse=True)[: k - 1])
            groups = k
        mids = [(a + b + 1) // 2 for a, b in gaps]
        if groups == k:
            return mids
        targets = self._targets(seg, mids, seen)
        bounds = []
        for col in range(1, k):
            # the boundary before table column ``col``: the gap before the first group mapped at or after it
            g = next((n for n, t in enumerate(targets) if t >= col), None)
            bounds.append(10**9 if g is None else (mids[g - 1] if g > 0 else -1))
        return _monotone(bounds)

    def _targets(self, seg: _Segment, mids: list[int], seen: list[_Body]) -> list[int]:
        """The table column of each of the page's text groups (left to right): with numbered rows, the first two
        are the number and the name, the others the columns whose share of numbers is nearest theirs; with no
        numbered row (a cell continued on a page of its own), the columns the rows above were still filling."""
        k, groups = len(self.cols), len(mids) + 1
        rows = [_cut(b.words, mids) for b in seg.lines]
        has_code = any(r[0] and _is_code(r[0].split()[0]) for r in rows)
        if not has_code:
            open_cols = sorted({c for b in seen[-3:] for c, t in enumerate(b.cells) if t})
            if len(open_cols) >= groups:
                return open_cols[-groups:]
        fixed = [0, 1][: min(groups, 2)]
        rest = groups - len(fixed)
        if rest <= 0:
            return fixed
        table = self._profiles(seen)
        page = _shares([r for r in rows if r[0] and _is_code(r[0].split()[0])])
        best, best_cost = None, None
        if comb(k - 2, rest) > _MAX_MAPPINGS:  # a very wide table: its first columns, in order
            return [*fixed, *range(2, 2 + rest)]
        for combo in combinations(range(2, k), rest):
            cost = sum(abs(page.get(g + 2, 0.0) - table[c]) for g, c in enumerate(combo))
            if best_cost is None or cost < best_cost - 1e-9:
                best, best_cost = list(combo), cost
        return fixed + (best or [])

    def _value_col(self) -> int:
        """The column of the values, as the appendix reader finds it: "Số liệu", else a result/report column that
        is not the unit's."""
        texts = [fold(c.text()) for c in self.cols]
        for words in (("so lieu",), ("ket qua", "thuc hien", "bao cao")):
            for n, f in enumerate(texts):
                if n > 1 and any(w in f for w in words) and "don vi" not in f:
                    return n
        return min(3, len(self.cols) - 1)

    def _profiles(self, seen: list[_Body]) -> dict[int, float]:
        """Each column's share of numbers on the numbered rows seen so far (the value column: most; none seen: the
        header says)."""
        counts = _counts([b.cells for b in seen[-_PROFILE_ROWS:] if b.anchor])
        value = self._value_col()
        out = {}
        for c in range(len(self.cols)):
            prior = 0.9 if c == value else 0.1
            num, total = counts.get(c, (0, 0))
            out[c] = (num + 3 * prior) / (total + 3)  # a few rows seen do not outweigh what the header says
        return out

    # -- rows -------------------------------------------------------------------------------------
    def convert(self) -> int:
        end = self._collect()
        self._cut_segments()
        body = [b for seg in self.segments for b in seg.lines]
        anchors = [b for b in body if b.anchor]
        if not anchors:
            self._write_header()
            return end
        centred = self._centred(body, anchors)
        self._uncoded_rows(body, centred)
        anchors = [b for b in body if b.anchor]
        owner = _Assigner(body, anchors, len(self.cols), centred).run()
        self._write(body, anchors, owner)
        return end

    def _unit_col(self) -> int | None:
        for n, c in enumerate(self.cols):
            f = fold(c.text())
            if n > 1 and ("don vi" in f or "dvt" in f.split()):
                return n
        return None

    def _uncoded_rows(self, body: list[_Body], centred: bool) -> None:
        """A line with no number that starts its own unit and value is a row of its own (the sub-label rows of a
        form: "Chia theo tên loại VBQPPL" | "Nghị quyết của HĐND tỉnh" | "Văn bản" | "0"); a unit that starts in
        lower case continues the one above, and with centred cells a row whose value is printed beside its
        neighbour's number line is not one."""
        unit, value = self._unit_col(), self._value_col()
        if not centred:
            self._total_rows(body)
        if unit is None or value <= unit:
            return
        coded = [b for b in body if b.anchor]
        where = [b.idx for b in coded]
        sub = 2 if unit > 2 and not self.cols[2].text() else None  # a sub-label column the header does not name
        for b in body:
            labelled = sub is not None and b.cells[sub][:1].isupper()  # "Quyết định của …" | "Văn bản" | (empty)
            if b.anchor or not b.cells[unit] or not (b.cells[value][:1].isdigit() or labelled):
                continue
            if _LOWER_START.match(b.cells[unit]) or _LOWER_START.match(b.cells[1] or "X"):
                continue
            if centred:
                k = bisect_left(where, b.idx)
                above, below = (coded[k - 1] if k else None), (coded[k] if k < len(coded) else None)
                if any(a is None or not a.cells[value] for a in (above, below)):
                    continue
            b.anchor = True

    def _total_rows(self, body: list[_Body]) -> None:
        """Cells aligned to the top: a line with no number that starts two numbers or more (none of them the rest
        of a number cut above it) is a row of its own: "Tổng", "Cộng", a unit of a per-unit table."""
        last: dict[int, str] = {}
        for b in body:
            numbers = [
                c for c in range(2, len(b.cells)) if b.cells[c][:1].isdigit() and _NUMBER.match(b.cells[c].split()[0])
            ]
            cut = any(_cut_number(last.get(c, ""), b.cells[c]) for c in numbers)
            if not b.anchor and len(numbers) >= 2 and not cut and not _LOWER_START.match(b.cells[1] or "X"):
                b.anchor = True
            for c, text in enumerate(b.cells):
                if text:
                    last[c] = text.split(" ")[-1]

    def _centred(self, body: list[_Body], anchors: list[_Body]) -> bool:
        """Cells centred vertically: numbered lines whose name starts in lower case (it began above), or whose
        name or value is empty with text right above and right below."""
        by_idx = {b.idx: b for b in body}
        centred = top = 0
        for a in anchors:
            name = a.cells[1]
            above, below = by_idx.get(a.idx - 1), by_idx.get(a.idx + 1)
            split_name = not name and above and below and not above.anchor and not below.anchor and above.cells[1] \
                and below.cells[1]  # fmt: skip
            if (name and _LOWER_START.match(name)) or split_name:
                centred += 1
            elif (
                name
                and below
                and not below.anchor
                and _LOWER_START.match(below.cells[1] or "X")
                and (above is None or above.anchor or not above.cells[1])
            ):
                top += 1
        return centred > top

    def _write_header(self) -> None:
        cells = [c.text() for c in self.cols]
        for k in self.header_idx:
            self.lines[k] = ""
        self.lines[self.stt_line] = "\t".join(cells)

    def _write(self, body: list[_Body], anchors: list[_Body], owner: dict[tuple[int, int], int]) -> None:
        k = len(self.cols)
        pieces: dict[int, list[list[str]]] = {a.idx: [[] for _ in range(k)] for a in anchors}
        for b in body:
            for c, text in enumerate(b.cells):
                if not text:
                    continue
                target = owner.get((b.idx, c), b.idx if b.anchor else None)
                if target is not None:
                    pieces[target][c].append(text)
        self._write_header()
        for b in body:
            self.lines[b.idx] = ""
        for j in self.noise:
            self.lines[j] = ""
        value = self._value_col()
        for a in anchors:
            cells = [_join(p, numeric=(c == value)) for c, p in enumerate(pieces[a.idx])]
            numbers = _separate_numbers(pieces[a.idx][value])
            if numbers > 1:  # numbers of two rows in one cell: never read as one value
                self.warnings.append(("layout_ambiguous_value",
                                      f"the value column of the row on line {a.idx + 1} holds {numbers} numbers printed"
                                      f" on different lines ({' | '.join(pieces[a.idx][value])[:80]}): not read as a"
                                      " value", f"line {a.idx + 1}"))  # fmt: skip
                cells[value] = ""
            self.lines[a.idx] = "\t".join(cells)
            self.rows_written += 1


def _cells(b: _Body, bounds: list[int], left: int) -> None:
    """Cut a body line into its cells and tell whether it is a numbered line (a row's first): a number (STT) in
    the first column, or at the table's left edge when this page's columns put it elsewhere."""
    b.cells = _cut(b.words, bounds)
    first = b.cells[0].split()
    b.anchor = bool(first) and not b.header and _is_code(first[0]) and (len(first) == 1 or not b.cells[1])
    if not first and not b.header and b.words and len(b.words) > 1 and b.words[0][0] <= left + 2 and \
            _is_code(b.words[0][2]):  # fmt: skip
        code = b.words[0][2]
        b.cells = _cut(b.words[1:], bounds)
        b.cells[0], b.anchor = code, True
        return
    if b.cells[0] and not b.anchor:  # a stray piece in the number column: the name's
        b.cells[1] = f"{b.cells[0]} {b.cells[1]}".strip()
        b.cells[0] = ""
    elif b.anchor and len(first) > 1:
        b.cells[0], b.cells[1] = first[0], " ".join(first[1:])


def _counts(rows: list[list[str]]) -> dict[int, tuple[int, int]]:
    """(cells holding a number, non-empty cells) per column of ``rows``."""
    counts: dict[int, list[int]] = {}
    for cells in rows:
        for c, t in enumerate(cells):
            if t:
                n = counts.setdefault(c, [0, 0])
                n[0] += bool(_NUMBER.match(t.split()[0]))
                n[1] += 1
    return {c: (num, total) for c, (num, total) in counts.items()}


def _shares(rows: list[list[str]]) -> dict[int, float]:
    """The share of cells that hold a number, per column, among the non-empty cells of ``rows``."""
    return {c: num / total for c, (num, total) in _counts(rows).items()}


_INCOMPLETE = re.compile(r"^\d{1,3}(?:\.\d{3})*\.\d{1,2}$")  # "120.08": a group of thousands cut short


def _cut_number(before: str, after: str) -> bool:
    """``after`` ends a number that a narrow column cut ("120.08" / "8")."""
    return bool(_INCOMPLETE.match(before)) and after[:1].isdigit() and " " not in after


def _separate_numbers(parts: list[str]) -> int:
    """How many numbers the pieces of a value cell hold when it holds numbers only (a number cut by a narrow
    column counted once); 0 for a cell of text ("- Cấp tỉnh:" "100%;" "- Cấp huyện: 98%;")."""
    if not all(_NUMBER.match(p.strip().rstrip(";,")) for p in parts):
        return 0
    count, previous = 0, ""
    for part in parts:
        if part[:1].isdigit() and not _cut_number(previous, part):
            count += 1
        previous = part.split(" ")[-1] if not _cut_number(previous, part) else previous + part
    return count


def _monotone(bounds: list[int]) -> list[int]:
    out: list[int] = []
    for x in bounds:
        out.append(max(x, out[-1]) if out else x)
    return out


def _join(parts: list[str], numeric: bool) -> str:
    """A cell's pieces in line order: a number wrapped in a narrow column is joined without a space, as is a
    word cut at a hyphen or slash ("2631/QĐ-" "UBND")."""
    out = ""
    for p in parts:
        if not out:
            out = p
        elif (
            (numeric and _cut_number(out.split(" ")[-1], p))
            or (out[-1] in "-/" and p[0].isalnum())
            or (not numeric and broken_word(out, p))  # 'Phườn' + 'g Tân Thành', 'chuyể' + 'n sang'
        ):
            out += p
        else:
            out += " " + p
    return out


# ---------------------------------------------------------------- which row a piece belongs to


class _Assigner:
    """(line index, column) of each piece of text that is not on a numbered line -> the numbered line it belongs
    to; on a numbered line, a piece that starts in lower case with nothing of its row above it continues the
    piece above (another row's cell printed a half line lower)."""

    def __init__(self, body: list[_Body], anchors: list[_Body], k: int, centred: bool) -> None:
        self.body, self.anchors, self.k, self.centred = body, anchors, k, centred
        self.positions = [a.idx for a in anchors]
        self.by_idx = {a.idx: a for a in anchors}
        self.page = {b.idx: b.page for b in body}
        self.owner: dict[tuple[int, int], int] = {}
        self.centre = {a.idx: float(a.idx) for a in anchors}
        self.top = {(a.idx, c): a.idx for a in anchors for c in range(k) if a.cells[c]}
        self.last = {(a.idx, c): a.cells[c] for a in anchors for c in range(k) if a.cells[c]}
        self.pieces = {c: [(b.idx, b.cells[c]) for b in body if not b.anchor and b.cells[c]] for c in range(k)}
        self.text_at = {(b.idx, c): t for b in body if not b.anchor for c, t in enumerate(b.cells) if t}
        self.extent = {a.idx: (a.idx, a.idx) for a in anchors}

    def run(self) -> dict[tuple[int, int], int]:
        for c in [1, *range(2, self.k)]:  # the name first: its lines place each row's middle
            for gap, above, below in self._stretches(c):
                self._split(gap, above, below, c)
            if c == 1 and self.centred:
                self._centres()
        if self.centred:
            self._lower_case_on_numbered_lines()
        return self.owner

    def _stretches(self, c: int):
        """The pieces of column ``c`` between two numbered lines (and before the first, after the last), with the
        numbered line above and below them (None at the ends)."""
        bounds = [None, *self.positions, None]
        pieces = self.pieces[c]
        k = 0
        for above, below in pairwise(bounds):
            gap = []
            while k < len(pieces) and (below is None or pieces[k][0] < below):
                gap.append(pieces[k])
                k += 1
            if gap:
                yield gap, above, below

    def _split(self, gap, above, below, c: int) -> None:
        if above is None:
            split = 0
        elif below is None or not self.centred:
            split = len(gap)
        else:
            split = self._centred_split(gap, above, below, c)
        for n, (idx, text) in enumerate(gap):
            target = above if n < split else below
            self.owner[(idx, c)] = target
            if n >= split:
                self.top[(target, c)] = min(self.top.get((target, c), idx), idx)
                if not self.anchor_cell(target, c):
                    self.last[(target, c)] = text

    def anchor_cell(self, anchor: int, c: int) -> str:
        return self.by_idx[anchor].cells[c]

    def _centred_split(self, gap, above: int, below: int, c: int) -> int:
        """Centred cells: the row above takes the pieces down to as far below its middle as its cell reaches above
        it (half a line when nothing of it is above); after a page break, the row cut by the break keeps what
        comes before the next row's own lines (as many above that row as it has below it)."""
        middle = self.centre[above]
        top = self.top.get((above, c))
        reach = middle + 0.5 if top is None else max(middle + 0.5, 2 * middle - top)
        split = 0
        for idx, _t in gap:
            if not self._goes_up(idx, c, above, below, reach):
                break
            split += 1
        if self.page.get(above, 0) != self.page.get(below, 0):
            claim = self._below_count(below, c)
            split = max(split, len(gap) - claim)
        while split < len(gap) and (
            _LOWER_START.match(gap[split][1]) or (split == 0 and _cut_number(self.last.get((above, c), ""), gap[0][1]))
        ):
            split += 1  # text that starts in lower case continues the piece above it, the digits of a cut number too
        return split

    def _goes_up(self, idx: int, c: int, above: int, below: int, reach: float) -> bool:
        """Whether a piece belongs to the row above. A cell of one line (no other piece in its column just above or
        below it, numbered lines aside) goes to the row whose lines are nearer (the name's lines and the numbered line); at equal distance to
        the row whose cell is still empty, both empty: the upper one. A piece of a cell of several lines goes up while within the reach of
        the row above's centred cell."""
        if c == 1 or self._in_column(idx - 1, c) or self._in_column(idx + 1, c):
            return idx <= reach
        up = idx - self.extent[above][1]
        down = self.extent[below][0] - idx
        if up != down:
            return up < down
        empty_above, empty_below = not self.anchor_cell(above, c), not self.anchor_cell(below, c)
        if empty_above != empty_below:
            return empty_above
        # both rows still empty: pdftotext prints a row's one-line cells on or below its number's line
        return empty_above or idx <= reach

    def _in_column(self, idx: int, c: int) -> bool:
        return bool(self.text_at.get((idx, c)))

    def _below_count(self, anchor: int, c: int) -> int:
        """Pieces of column ``c`` right under a numbered line, one after another (a centred cell has as many above)."""
        k = bisect_right(self.positions, anchor)
        nxt = self.positions[k] if k < len(self.positions) else None
        pieces = self.pieces[c]
        n, last = 0, anchor
        for idx, _t in pieces[bisect_right(pieces, (anchor, "\uffff")) :]:
            if (nxt is not None and idx >= nxt) or idx - last > 2:
                break
            n, last = n + 1, idx
        return n

    def _centres(self) -> None:
        """Each row's middle: the middle of its name's lines."""
        lines: dict[int, list[int]] = {a.idx: ([a.idx] if a.cells[1] else []) for a in self.anchors}
        for (idx, c), target in self.owner.items():
            if c == 1:
                lines[target].append(idx)
        for a in self.anchors:
            found = lines[a.idx] or [a.idx]
            self.centre[a.idx] = (min(found) + max(found)) / 2
            self.extent[a.idx] = (min(*found, a.idx), max(*found, a.idx))

    def _lower_case_on_numbered_lines(self) -> None:
        for a in self.anchors:
            for c in range(2, self.k):
                text = a.cells[c]
                if not text or not _LOWER_START.match(text) or self.top.get((a.idx, c), a.idx) < a.idx:
                    continue
                before = [idx for idx, _t in self.pieces[c] if idx < a.idx]
                if before and a.idx - before[-1] <= 2:
                    self.owner[(a.idx, c)] = self.owner.get((before[-1], c), a.idx)


__all__ = ["align_columns", "inferred_page_starts"]
