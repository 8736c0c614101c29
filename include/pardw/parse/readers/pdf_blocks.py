"""Pages of positioned characters and ruling lines -> document blocks (PDF reader, library-free).

Per page: ruled tables become table blocks (one row per grid row, merged cells resolved), and so
do tables drawn without rules (``pdf_borderless``); the remaining text lines become paragraphs (rejoined by line spacing, indentation and line ends),
headings (bold, centred, or 'PHỤ LỤC' / 'Biểu mẫu N' lines) and footnotes (small type below
the footnote rule); page numbers are dropped. Across pages, a paragraph or table that runs on
is rejoined, repeated header rows are marked, and a table row split by the page break is glued
back to its first part.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from pardw.parse.document_model import Block, TableRow
from pardw.parse.readers.pdf_borderless import borderless_table, table_with_header
from pardw.parse.readers.pdf_layout import (
    Char,
    Grid,
    Rule,
    Segment,
    fill_grid,
    find_grids,
    grid_rows,
    group_lines,
    join_lines,
    join_texts,
    merge_rules,
    shading_edges,
    split_segments,
)
from pardw.parse.text import fold, strip_markup

Warning_ = tuple[str, str, str | None]
MAX_RULES = 3000  # ruling lines per page; more is a drawing, and grid search is quadratic


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    fills: list[Rule] = field(default_factory=list)  # shaded rectangles (cell backgrounds)
    images: int = 0
    image_area: float = 0.0  # share of the page covered by images (0..1)
    unmapped: int = 0  # characters without a Unicode mapping
    error: str | None = None
    weights: dict[int, int] = field(default_factory=dict)  # text objects by their font's weight (PDF text only)


@dataclass(slots=True)
class _Table:
    top: float
    xs: list[float]
    rows: list[tuple[list[str], list[bool]]]


@dataclass(slots=True)
class _Item:
    """A block with the geometry of its first and last line, for rejoining across pages."""

    block: Block
    first: Segment | None = None
    last: Segment | None = None
    xs: list[float] | None = None  # table column boundaries
    header: list[list[str]] = field(default_factory=list)  # a table's header rows (cell texts)
    ends_short: bool = True
    cols: list[tuple[float, float]] | None = None  # a table without ruling lines: its columns' text extents
    end: int = 0  # the line after it (while a page is laid out)


_KEYWORD = re.compile(
    r"^(?:phu luc(?:\s+(?:so\s*)?[0-9ivx]{1,4}\.?)?|bieu mau\s*(?:so\s*)?[0-9]{1,2}\.?|bao cao|to trinh)$"
)
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,4}(?:\s*-)?$|^(?:trang|page)\s*\d{1,4}(?:\s*(?:/|tren|of)\s*\d{1,4})?$")
_FOOTNOTE_START = re.compile(r"^\d{1,3}\s")


def build_blocks(pages: list[PageContent]) -> tuple[list[Block], list[Warning_]]:
    warnings: list[Warning_] = []
    body = _body_size(pages)
    laid = [_lay_out(p, body, warnings) for p in pages]
    unread = set()
    for k, page in enumerate(pages):
        why = split_words(laid[k])
        if why:
            warnings.append(("pdf_words_split", f"page {page.number} is not read: {why}", f"p. {page.number}"))
            laid[k] = ([], [], [])
            unread.add(page.number)
    _drop_running_lines(laid, pages)
    margins = _margins(pages, laid)
    pitch = _pitches(laid)
    items: list[_Item] = []
    footnotes: list[Block] = []
    for page, (tables, lines, notes) in zip(pages, laid, strict=True):
        left, right = margins.get(round(page.width), (0.0, page.width))
        last = next((it for it in reversed(items) if it.block.kind != "footnote"), None)
        carry = last.cols if last is not None and not tables else None
        page_items = _page_items(page.number, tables, lines, left, right, pitch, carry)
        empty = not page_items and not notes
        if page_items and items:
            _join_across(items, page_items, left)
        items.extend(page_items)
        _add_footnotes(notes, page.number, footnotes, items)
        if page.chars and empty and page.number not in unread:
            warnings.append(("pdf_page_without_blocks", f"page {page.number} has text but no block was read from it",
                             f"p. {page.number}"))  # fmt: skip
    return [it.block for it in items], warnings


# ---------------------------------------------------------------- a page that cannot be read as words

_TOKEN = re.compile(r"[^\W\d_]+")


def split_words(laid) -> str | None:
    """Why the page's words look split into letters ('k ế t qu ả th ự c hi ệ n': a text layer whose
    glyphs carry spaces between them), or None: a fifth of its words are single letters next to another
    single letter in the same line or cell (an 'x' alone in a cell of a checklist is not). Such a page is
    not loaded: its names and codes would not match, and its values could land on wrong rows."""
    tables, lines, notes = laid
    texts = [s.text for line in lines + notes for s in line]
    texts += [c for t in tables for cells, _ in t.rows for c in cells if c]
    total = split = 0
    sample: list[str] = []
    for text in texts:
        tokens = _TOKEN.findall(strip_markup(text))
        total += len(tokens)
        if len(tokens) < 2:  # (a lone letter is next to no other)
            continue
        single = [len(t) == 1 for t in tokens]
        for k, one in enumerate(single):
            if one and ((k > 0 and single[k - 1]) or (k + 1 < len(single) and single[k + 1])):
                split += 1
                if len(sample) < 12:
                    sample = sample or tokens[max(0, k - 2) : k + 10]
    if total < 30 or split < 0.2 * total:
        return None
    return (f"{split} of its {total} words are single letters next to single letters ('{' '.join(sample)}'): "
            "its text layer splits words into letters (a font drawn glyph by glyph with spaces between them)")  # fmt: skip


# ---------------------------------------------------------------- document statistics


def _body_size(pages: list[PageContent]) -> float:
    exact: dict[float, int] = {}  # (a dict: a Counter's item update is twice as slow, per word of the document)
    for p in pages:
        for c in p.chars:
            exact[c.size] = exact.get(c.size, 0) + len(c.text)
    sizes: Counter[float] = Counter()
    for size, n in exact.items():
        sizes[round(size * 2) / 2] += n
    return max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0] if sizes else 12.0


def _margins(pages: list[PageContent], laid) -> dict[int, tuple[float, float]]:
    """Left margin (most common line start) and right margin (most common end of full lines) per page width."""
    starts: dict[int, Counter[int]] = {}
    ends: dict[int, Counter[int]] = {}
    for page, (_, lines, _) in zip(pages, laid, strict=True):
        key = round(page.width)
        for line in lines:
            if len(line) != 1:
                continue
            seg = line[0]
            starts.setdefault(key, Counter())[round(seg.x0)] += 1
            if seg.x1 - seg.x0 > 0.5 * page.width:
                ends.setdefault(key, Counter())[round(seg.x1)] += 1
    out = {}
    for key, counter in starts.items():
        left = float(counter.most_common(1)[0][0])
        end_counter = ends.get(key)
        right = None
        if not end_counter or end_counter.total() < 3:  # a text column narrower than half the page (a web page)
            right = _column_right(pages, laid, key, left)
        if right is None:
            right = float(max(end_counter.items(), key=lambda kv: (kv[1], kv[0]))[0]) if end_counter else key - left
        out[key] = (left, max(right, left + 50))
    return out


def _column_right(pages: list[PageContent], laid, key: int, left: float) -> float | None:
    """The right margin of a text column narrower than half the page, where lines are not justified: the 90th
    percentile of the ends of the lines that start at ``left`` and run over half the widest of them."""
    ends = [line[0].x1 for page, (_, lines, _) in zip(pages, laid, strict=True) if round(page.width) == key
            for line in lines if len(line) == 1 and abs(line[0].x0 - left) < 2]  # fmt: skip
    if len(ends) < 5:
        return None
    widest = max(ends)
    full = sorted(x for x in ends if x - left > 0.5 * (widest - left))
    return float(round(full[int(0.9 * (len(full) - 1))]))


def _pitches(laid) -> dict[float, float]:
    """Usual distance between baselines of consecutive lines, per font size."""
    deltas: dict[float, Counter[float]] = {}
    for _, lines, _ in laid:
        for a, b in pairwise(lines):
            if len(a) != 1 or len(b) != 1 or abs(a[0].size - b[0].size) > 0.6:
                continue
            d = b[0].base - a[0].base
            if 0 < d < 2.2 * a[0].size:
                deltas.setdefault(a[0].size, Counter())[round(d * 2) / 2] += 1
    return {size: c.most_common(1)[0][0] for size, c in deltas.items()}


def _pitch(pitch: dict[float, float], size: float) -> float:
    return pitch.get(size) or 1.25 * size


# ---------------------------------------------------------------- one page


def _lay_out(page: PageContent, body: float, warnings: list[Warning_]):
    """(tables, body lines, footnote lines) of one page; each line a list of segments."""
    rules = page.rules
    if len(rules) > MAX_RULES:
        warnings.append(("pdf_too_many_lines", f"page {page.number} draws {len(rules):,} lines (a chart or a drawing): "
                         "its tables are read as text", f"p. {page.number}"))  # fmt: skip
        rules = []
    hs, vs = merge_rules(rules)
    if page.fills and hs and vs and len(page.fills) <= MAX_RULES:
        hs, vs = merge_rules(rules + shading_edges(page.fills, hs, vs))
    grids = [g for g in find_grids(hs, vs) if len(g.cells) > 1]
    chars = page.chars
    tables: list[_Table] = []
    for grid in grids:
        inside, outside = grid.partition(chars)
        if not inside:
            if len(grid.xs) > 2 and len(grid.ys) > 2:
                warnings.append(("pdf_empty_table", f"a ruled table region on page {page.number} has no text",
                                 f"p. {page.number}"))  # fmt: skip
            continue
        chars = outside + fill_grid(grid, inside)
        rows = [(cells, bold) for cells, bold, _ in grid_rows(grid) if any(cells)]
        if rows:
            tables.append(_Table(grid.ys[0], grid.xs, rows))
        else:
            warnings.append(("pdf_empty_table", f"a ruled table region on page {page.number} yields no row",
                             f"p. {page.number}"))  # fmt: skip
    width, height = page.width, page.height
    chars = [c for c in chars if -2 <= c.x0 <= width + 2 and 0 <= c.base <= height + 2]  # drawn off the page
    lines = [split_segments(line) for line in group_lines(chars)]
    lines = [line for line in lines if line]
    lines = _drop_page_numbers(lines, page.height)
    lines, notes = _split_footnotes(lines, hs, grids, body, page)
    return tables, lines, notes


def _drop_page_numbers(lines: list[list[Segment]], height: float) -> list[list[Segment]]:
    def is_number(line: list[Segment]) -> bool:
        return len(line) == 1 and bool(_PAGE_NUMBER.match(fold(strip_markup(line[0].text))))

    def apart(a: list[Segment], b: list[Segment]) -> bool:  # not the last line of a cell ('Phường' / '1')
        return abs(b[0].base - a[0].base) > 1.4 * max(s.size for s in a)

    if (
        lines
        and lines[0][0].base < 0.12 * height
        and is_number(lines[0])
        and (len(lines) < 2 or apart(lines[0], lines[1]))
    ):
        lines = lines[1:]
    if (
        lines
        and lines[-1][0].base > 0.88 * height
        and is_number(lines[-1])
        and (len(lines) < 2 or apart(lines[-1], lines[-2]))
    ):
        lines = lines[:-1]
    return lines


def _running_key(line: list[Segment]) -> str:
    text = fold(strip_markup(" ".join(s.text for s in line)))
    return "" if _KEYWORD.match(text) else re.sub(r"\d+", "#", text)  # 'Biểu mẫu 3' heads a page, it does not run


def _in_top_margin(lines: list[list[Segment]], page: PageContent) -> bool:
    """The page's first line stands in its top margin: apart from the next line (the first line of a table's
    header repeated on every page is a line's pitch above the rest of the header)."""
    if not lines or lines[0][0].base >= 0.1 * page.height:
        return False
    # (a running header of two lines close together keeps its first line, as it always kept its second)
    return len(lines) < 2 or lines[1][0].base - lines[0][0].base > 1.5 * max(s.size for s in lines[0])


def _drop_running_lines(laid, pages: list[PageContent]) -> None:
    """Running headers and footers: the same first (or last) line, numbers aside, in the page margin of
    at least three pages and half of them."""
    if len(pages) < 3:
        return
    counts: Counter[tuple[str, str]] = Counter()
    for page, (_, lines, notes) in zip(pages, laid, strict=True):
        if _in_top_margin(lines, page):
            counts["top", _running_key(lines[0])] += 1
        tail = notes or lines
        if tail and tail[-1][0].base > 0.9 * page.height:
            counts["bottom", _running_key(tail[-1])] += 1
    running = {key for key, n in counts.items() if key[1] and n >= max(3, len(pages) // 2)}
    if not running:
        return
    for page, (_, lines, notes) in zip(pages, laid, strict=True):
        if _in_top_margin(lines, page) and ("top", _running_key(lines[0])) in running:
            del lines[0]
        tail = notes or lines
        if tail and tail[-1][0].base > 0.9 * page.height and ("bottom", _running_key(tail[-1])) in running:
            del tail[-1]


def _split_footnotes(lines, hs: list[Rule], grids: list[Grid], body: float, page: PageContent):
    """Body lines and footnote lines: small type below a short rule in the lower part of the page
    (or, without a rule, a trailing run of small lines starting with a note number)."""
    in_grid = [g.bbox for g in grids]
    seps = [
        h.top
        for h in hs
        if h.x1 - h.x0 >= 25
        and h.top > 0.1 * page.height
        and not any(x0 - 2 <= h.x0 <= x1 + 2 and y0 - 2 <= h.top <= y1 + 2 for x0, y0, x1, y1 in in_grid)
    ]
    for sep in sorted(seps, reverse=True):
        below = [i for i, line in enumerate(lines) if line[0].base > sep]
        above = [i for i, line in enumerate(lines) if line[0].base <= sep]
        if not below or (above and max(above) >= min(below)):
            continue
        notes = lines[min(below) :]
        first = notes[0][0]
        numbered = first.marker is not None or bool(_FOOTNOTE_START.match(first.text))
        # small type under the rule; without a note number (a note run on from the page before) smaller still,
        # so that a table in a smaller font under a rule is not taken for notes
        if all(line[0].size < (0.93 if numbered else 0.86) * body for line in notes):
            return lines[: min(below)], notes
    k = len(lines)
    while k > 0 and lines[k - 1][0].size <= 0.85 * body and lines[k - 1][0].base > 0.5 * page.height:
        k -= 1
    if k < len(lines) and lines[k][0].marker:
        return lines[:k], lines[k:]
    return lines, []


def _add_footnotes(notes: list[list[Segment]], page_no: int, footnotes: list[Block], items: list[_Item]) -> None:
    for line in notes:
        seg = line[0]
        text = " ".join(s.text for s in line)
        plain = strip_markup(text)
        starts = seg.marker is not None or (_FOOTNOTE_START.match(text) is not None)
        if starts or not footnotes:
            if not seg.marker and _FOOTNOTE_START.match(text):
                num, rest = text.split(" ", 1)
                text = f"<sup>{num}</sup> {rest}"
            block = Block("footnote", f"p. {page_no}", text=text, page=page_no)
            footnotes.append(block)
            items.append(_Item(block))
        elif plain:
            last = footnotes[-1]
            last.text = join_texts([last.text, text])


# ---------------------------------------------------------------- paragraphs, headings, tables


def _page_items(page_no, tables: list[_Table], lines, left, right, pitch, carry=None) -> list[_Item]:
    elements: list[tuple[float, object]] = [(line[0].base, line) for line in lines]
    elements += [(t.top, t) for t in tables]
    elements.sort(key=lambda e: e[0])
    items: list[_Item] = []
    run: list[list[Segment]] = []
    for _, el in elements:
        if isinstance(el, _Table):
            items.extend(_text_items(run, page_no, left, right, pitch, carry))
            run, carry = [], None
            items.append(_table_item(el, page_no))
        else:
            run.append(el)
    items.extend(_text_items(run, page_no, left, right, pitch, carry))
    return items


def _table_item(table: _Table, page_no: int) -> _Item:
    loc = f"p. {page_no}"
    rows = [TableRow(cells, loc) for cells, _ in table.rows]
    n_header = _header_rows(table.rows)
    for row in rows[:n_header]:
        row.is_header = True
    block = Block("table", loc, rows=rows, page=page_no)
    return _Item(block, xs=table.xs, header=[r.cells for r in rows[:n_header]])


_NUMERIC = re.compile(r"^[\d.,%\s/()-]+$")
_ROW_CODE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,4}\.?|[IVXL]{1,5}\.?)$")


def _header_rows(rows: list[tuple[list[str], list[bool]]]) -> int:
    n = 0
    for cells, bold in rows[:3]:
        texts = [c for c in cells if c]
        if not texts or any(_NUMERIC.match(c) for c in texts):
            break
        first = fold(strip_markup(cells[0])).replace(" ", "")
        all_bold = all(b for c, b in zip(cells, bold, strict=True) if c)
        if first in ("stt", "tt", "sott") or (n == 0 and all_bold) or (n > 0 and not cells[0]):
            n += 1
            continue
        break
    return n if n < len(rows) else 0


def _borderless(lines, i: int, page_no: int, items: list[_Item], carry) -> bool:
    table = borderless_table(lines, i, carry)
    if table is None:
        return False
    _add_table(lines, i, table, page_no, items)
    return True


def _add_table(lines, i: int, table, page_no: int, items: list[_Item]) -> None:
    """The borderless table found at ``lines[i]`` as an item."""
    rows, cols, end = table
    xs = [a for a, _ in cols] + [cols[-1][1]]
    item = _table_item(_Table(lines[i][0].base - lines[i][0].size, xs, rows), page_no)
    item.cols, item.end = cols, end
    items.append(item)


def _text_items(lines: list[list[Segment]], page_no: int, left: float, right: float, pitch, carry=None) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    if carry and lines and _borderless(lines, 0, page_no, items, carry):
        i = items[-1].end  # rows of the table that ended the page before
    no_table = -1  # a line of several runs already known to start no borderless table
    while i < len(lines):
        if len(lines[i]) > 1:
            i = _columns_at(lines, i, page_no, items, pitch, table=i != no_table)
            continue
        j = i
        while j < len(lines) and len(lines[j]) == 1:
            j += 1
        k, found = table_with_header(lines, i, j) if j < len(lines) else (j, None)  # its header may start above j
        items.extend(_paragraphs([ln[0] for ln in lines[i:k]], page_no, left, right, pitch))
        if found is None:
            i = no_table = j
            continue
        _add_table(lines, k, found, page_no, items)
        i = items[-1].end
    return items


def _columns_at(lines: list[list[Segment]], i: int, page_no: int, items: list[_Item], pitch, table: bool) -> int:
    """Lines from ``i`` (several runs): a borderless table (when ``table``: not already ruled out), or side-by-side
    columns (a line with one run that sits in one of the columns stays in the region); returns the index after
    them."""
    if table and _borderless(lines, i, page_no, items, None):
        return items[-1].end
    spans: list[list[float]] = []
    j = i
    while j < len(lines):
        line = lines[j]
        if len(line) == 1:
            seg = line[0]
            near = seg.base - lines[j - 1][0].base <= 2.2 * seg.size
            inside = any(a - seg.size <= seg.x0 and seg.x1 <= b + seg.size for a, b in spans)
            if not (near and inside):
                break
        else:
            spans = _spans([s for ln in lines[i : j + 1] for s in ln])
        j += 1
    items.extend(_region(lines[i:j], page_no, pitch))
    return j


def _spans(segs: list[Segment]) -> list[list[float]]:
    spans: list[list[float]] = []
    for seg in sorted(segs, key=lambda s: s.x0):
        if spans and seg.x0 <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], seg.x1)
        else:
            spans.append([seg.x0, seg.x1])
    return spans


def _region(lines: list[list[Segment]], page_no: int, pitch) -> list[_Item]:
    """Consecutive lines with several column runs that are not a borderless table by their gutters: a list
    with numbers at the line ends (a table, one row per line), or side-by-side text columns (the header
    'ỦY BAN NHÂN DÂN ... | CỘNG HÒA ...', signatures) read column by column."""
    spans = _spans([s for line in lines for s in line])

    def column(seg: Segment) -> int:
        return next(k for k, (a, b) in enumerate(spans) if a - 1 <= seg.x0 <= b + 1)

    numeric = sum(1 for line in lines if _NUMERIC.match(strip_markup(line[-1].text)))
    if (len(spans) >= 3 and len(lines) >= 2) or (len(lines) >= 3 and numeric >= 0.6 * len(lines)):
        loc = f"p. {page_no}"
        rows = []
        for line in lines:
            cells = [""] * len(spans)
            for seg in line:
                k = column(seg)
                cells[k] = f"{cells[k]} {seg.text}".strip()
            rows.append(TableRow(cells, loc))
        return [_Item(Block("table", loc, rows=rows, page=page_no), xs=[a for a, _ in spans] + [spans[-1][1]])]
    items: list[_Item] = []
    for k, (a, b) in enumerate(spans):
        segs = [s for line in lines for s in line if column(s) == k]
        items.extend(_paragraphs(segs, page_no, a, b, pitch))
    return items


def _centered(seg: Segment, left: float, right: float) -> bool:
    lm, rm = seg.x0 - left, right - seg.x1
    return lm > 0.25 * seg.size and rm > 0.25 * seg.size and abs(lm - rm) < max(0.05 * (right - left), 1.5 * seg.size)


def _keyword(seg: Segment) -> bool:
    return len(seg.text) < 30 and bool(_KEYWORD.match(fold(strip_markup(seg.text))))


def _continues(prev: Segment, seg: Segment, left: float, right: float, pitch) -> bool:
    if _keyword(prev) or _keyword(seg):
        return False
    d = seg.base - prev.base
    if d <= 0 or d > 1.3 * _pitch(pitch, seg.size) + 1.5:
        return False
    if abs(prev.size - seg.size) > 1.0:
        return False
    if (prev.bold >= 0.98 and seg.bold <= 0.02) or (prev.bold <= 0.02 and seg.bold >= 0.98):
        return False
    pc, sc = _centered(prev, left, right), _centered(seg, left, right)
    if (pc or sc) and abs((prev.x0 + prev.x1) - (seg.x0 + seg.x1)) < 2 * seg.size:
        return True  # centred lines of one title
    if pc != sc:
        return False
    if seg.x0 > left + 0.7 * seg.size:
        return False
    if prev.x1 >= right - 2.5 * prev.size:
        return True
    # a line ending short of the margin still wraps when the next line's first word would not have fitted
    # after it (text not justified: its lines end where the next word did not fit)
    return seg.first_word > 0 and prev.x1 + 0.3 * seg.size + seg.first_word > right + 1.0


def _paragraphs(segs: list[Segment], page_no: int, left: float, right: float, pitch) -> list[_Item]:
    items: list[_Item] = []
    cur: list[Segment] = []
    for seg in segs:
        if cur and _continues(cur[-1], seg, left, right, pitch):
            cur.append(seg)
            continue
        if cur:
            items.append(_text_item(cur, page_no, left, right))
        cur = [seg]
    if cur:
        items.append(_text_item(cur, page_no, left, right))
    return items


def _text_item(segs: list[Segment], page_no: int, left: float, right: float) -> _Item:
    text = join_lines(segs)
    bold = all(s.bold >= 0.9 for s in segs)
    centered = all(_centered(s, left, right) for s in segs)
    heading = _keyword(segs[0]) or (bold and len(text) <= 300) or (centered and len(text) <= 400)
    block = Block("heading" if heading else "paragraph", f"p. {page_no}", text=text, page=page_no)
    last = segs[-1]
    return _Item(block, first=segs[0], last=last, ends_short=last.x1 < right - 2.5 * last.size or centered)


# ---------------------------------------------------------------- across a page break


def _join_across(items: list[_Item], page_items: list[_Item], left: float) -> None:
    """Rejoins the first block of a page with the last body block of the page before when it runs on."""
    prev = next((it for it in reversed(items) if it.block.kind != "footnote"), None)
    first = page_items[0]
    if prev is None:
        return
    pb, fb = prev.block, first.block
    if pb.kind == "paragraph" and fb.kind == "paragraph" and prev.last and first.first:
        if _runs_on(prev, first, left):
            pb.text = join_texts([pb.text, fb.text])
            prev.last, prev.ends_short = first.last, first.ends_short
            page_items.pop(0)
    elif pb.kind == "table" and fb.kind == "table" and prev.xs and first.xs and _join_tables(prev, first):
        page_items.pop(0)


def _runs_on(prev: _Item, first: _Item, left: float) -> bool:
    """The paragraph that starts a page goes on with the one that ended the page before: that one ran to
    the right margin, and this one starts at the left margin in the same size and weight."""
    a, b = prev.last, first.first
    assert a is not None and b is not None
    return (
        not prev.ends_short
        and abs(a.size - b.size) <= 1.0
        and b.x0 <= left + 0.7 * b.size
        and not (a.bold >= 0.9) ^ (b.bold >= 0.9)
    )


def _join_tables(prev: _Item, first: _Item) -> bool:
    """Append the rows of the table that starts a page to the table it continues (a repeated header is
    marked as such, a row split by the page break is put together); False when their columns differ."""
    assert prev.xs is not None and first.xs is not None
    loose = prev.cols is not None or first.cols is not None
    mapping = _column_map(first.xs, prev.xs, loose=loose)
    if mapping is None and not loose and len(first.xs) > len(prev.xs):
        # the page before drew fewer column rules (only a header row with a merged cell before the break):
        # the table before takes this page's columns
        finer = _column_map(prev.xs, first.xs)
        if finer is None:
            return False
        width = len(first.xs) - 1
        prev.block.rows = _remap(prev.block.rows, finer, width, keep_header=True)
        prev.header = [r.cells for r in _remap([TableRow(h, "") for h in prev.header], finer, width)]
        prev.xs = first.xs
        mapping = list(range(width))
    if mapping is None:
        return False
    rows = _remap(first.block.rows, mapping, len(prev.xs) - 1)
    k = _mark_repeated_header(rows, prev.header)
    if k == 0 and rows and _repeats_a_row(prev.block.rows, rows[0]):
        # the table's first row is a row of data set to repeat as the header row: printed again on each page
        rows.pop(0)
    data = [r for r in prev.block.rows if not r.is_header]
    if k < len(rows) and data and _continues_row(data[-1].cells, rows[k].cells):
        # a row split by the page break: no STT on its second part
        last = data[-1]
        last.cells = [join_texts([a, b]) for a, b in zip(last.cells, rows[k].cells, strict=True)]
        rows.pop(k)
    prev.block.rows.extend(rows)
    if first.cols is not None:
        prev.cols = first.cols  # the columns as the latest page draws them carry on to the next
    return True


def _remap(rows: list[TableRow], mapping: list[int], width: int, keep_header: bool = False) -> list[TableRow]:
    """The rows with their cells moved to the columns of the table they continue."""
    out = []
    for row in rows:
        cells = [""] * width
        for k, text in enumerate(row.cells):
            if text:
                cells[mapping[k]] = f"{cells[mapping[k]]} {text}".strip()
        out.append(TableRow(cells, row.locator, is_header=keep_header and row.is_header))
    return out


def _mark_repeated_header(rows: list[TableRow], header: list[list[str]]) -> int:
    """Mark the leading rows that repeat the header rows (folded); returns how many."""
    folded = [[fold(c) for c in h] for h in header]
    k = 0
    while k < len(rows) and k < len(folded) and [fold(c) for c in rows[k].cells] == folded[k]:
        rows[k].is_header = True
        k += 1
    return k


def _repeats_a_row(rows: list[TableRow], row: TableRow) -> bool:
    """``row`` (the first on a page) prints again a row of the table, every cell the same, with a number: the
    first row of a table set to repeat as its header (the table it joined on the page before comes first)."""
    texts = [strip_markup(c).strip() for c in row.cells if c]
    if not rows or not texts or not _ROW_CODE.match(texts[0]) or not any(_NUMERIC.match(c) for c in texts[1:]):
        return False  # a row with its code and a number: rows without a code ('- Cấp tỉnh | TTHC | 0') may repeat
    folded = [fold(c) for c in row.cells]
    return any([fold(c) for c in r.cells] == folded for r in rows)


def _continues_row(prev: list[str], cont: list[str]) -> bool:
    """The first row on a page is the rest of the last row on the page before: no STT, and text only
    in cells where that row has text too (a new row without STT brings its own unit or value);
    when that row has no STT either, a single cell of overflowing text."""
    if cont[0]:
        return False
    filled = {i for i, c in enumerate(cont) if c}
    before = {i for i, c in enumerate(prev) if c}
    if any(_numbers_only(prev[i]) and _numbers_only(cont[i]) for i in filled & before):
        return False  # a whole number on both sides of the break: a row of its own ('Tổng' under the last unit)
    return bool(filled) and filled <= before and (bool(prev[0]) or len(filled) == 1)


def _numbers_only(text: str) -> bool:
    """A cell that holds a number and nothing but number characters (``_NUMERIC``)."""
    return bool(_NUMERIC.match(text)) and any(ch.isdigit() for ch in text)


def _column_map(xs: list[float], target: list[float], loose: bool = False) -> list[int] | None:
    """Each column of a continued table -> the column of the table it continues: by left edge for ruled
    tables, by the widest overlap for borderless ones (whose columns are only as wide as their text)."""
    if loose:
        out = []
        for a, b in pairwise(xs):
            overlaps = [min(b, d) - max(a, c) for c, d in pairwise(target)]
            k = max(range(len(overlaps)), key=overlaps.__getitem__)
            if overlaps[k] <= 0:
                return None
            out.append(k)
        return out if len(set(out)) == len(out) else None
    if abs(xs[0] - target[0]) > 3 or abs(xs[-1] - target[-1]) > 3:
        return None
    out = []
    for x in xs[:-1]:
        k = min(range(len(target) - 1), key=lambda i: abs(target[i] - x))
        if abs(target[k] - x) > 3:
            return None
        out.append(k)
    return out
