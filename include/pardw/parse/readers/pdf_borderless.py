"""Tables drawn without ruling lines (a Word table without borders): columns from the gutters that
no character crosses, rows from the first column and the extra space between rows.

A run of lines is a borderless table when it starts with a line of several runs and has at least
three columns; a line that crosses a gutter (prose) or is a form title ('Biểu mẫu 2') ends it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pardw.parse.readers.pdf_layout import Char, Segment, join_cell_lines, make_segment
from pardw.parse.text import fold, strip_markup

_TITLE = re.compile(r"^(?:bieu mau|phu luc)\b")
_HEADER = re.compile(r"^(?:stt|tt|so tt|st t)$")
_CODE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,4}\.?|[IVXLivxl]{1,5}\.?|[a-zđ]\))$")
# a borderless table: (rows of cell texts with bold flags, column intervals, index after the table)
_Found = tuple[list[tuple[list[str], list[bool]]], list[tuple[float, float]], int]


def borderless_table(
    lines: list[list[Segment]], start: int, carry: list[tuple[float, float]] | None = None
) -> _Found | None:
    """(rows of cell texts with bold flags, column intervals, index after the table) from ``lines[start]``,
    or None when the lines there are not a table. ``carry``: the columns of the table that ended the
    page before (its rows continue at the top of this page)."""
    size = max(s.size for s in lines[start])
    if carry and _TITLE.match(fold(strip_markup(lines[start][0].text))) and len(lines[start][0].text) < 120:
        return None  # the next form's title at the top of the page: the table before ended with the page
    cols = _add(list(carry or []), lines[start], size)
    if carry and len(cols) < len(carry):
        return None  # the first line runs across the columns of the table before: prose
    cols, end = _extent(lines, start, cols, size)
    if len(cols) < 3 or (end - start < 2 and not carry and end < len(lines)):  # one line: at the page end
        return None
    grid = [_cells(line, cols) for line in lines[start:end]]
    bases = [line[0].base for line in lines[start:end]]
    return _rows(grid, bases, bool(carry), size), cols, end


def table_with_header(lines: list[list[Segment]], lo: int, start: int) -> tuple[int, _Found | None]:
    """(where it starts, the table) for the borderless table at ``start``, or (start, None) when there is none.
    It starts above ``start`` at the single-run lines ``lines[lo:start]`` that belong to its header: the first
    lines of a header cell taller than the others, centred vertically (each line within one of the table's
    columns, a line's pitch apart, no form title)."""
    table = borderless_table(lines, start)
    if table is None:
        return start, None
    cols, end = table[1], table[2]
    size = max(s.size for s in lines[start])
    k = start
    while k > lo:
        seg = lines[k - 1][0]
        if (
            lines[k][0].base - seg.base > 1.6 * size
            or len(seg.text) > 120
            or _TITLE.match(fold(strip_markup(seg.text)))
        ):
            break
        if not any(a - 0.5 * size <= seg.x0 and seg.x1 <= b + 0.5 * size for a, b in cols):
            break
        k -= 1
    wider = borderless_table(lines, k) if k < start else None
    if wider is not None and len(wider[1]) == len(cols) and wider[2] == end:
        return k, wider
    return start, table


def _extent(
    lines: list[list[Segment]], start: int, cols: list[tuple[float, float]], size: float
) -> tuple[list[tuple[float, float]], int]:
    """(the columns, the index after the table): lines are added while they keep to the gutters."""
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line[0].base - lines[end - 1][0].base > 3.2 * size:
            break
        if _TITLE.match(fold(strip_markup(line[0].text))) and len(line[0].text) < 120:
            break
        wider = _add(cols, line, size)
        if len(wider) >= len(cols):
            cols = wider
        elif (len(line) == 1 and not _CODE.match(strip_markup(line[0].text).strip())) or _HEADER.match(
            fold(strip_markup(line[0].text))
        ):
            break  # a line across the gutters: prose after the table, or another table's header
        # (a row's code alone on its line, centred in its row, may reach from the codes' column into the STT one)
        # (a row whose cell text touches the next column keeps the columns as they are)
        end += 1
    return cols, end


def _rows(
    grid: list[tuple[list[str], list[bool]]], bases: list[float], carried: bool, size: float
) -> list[tuple[list[str], list[bool]]]:
    """The lines' cells grouped into rows: a row starts at extra space between lines (when the table has
    any) or at a line with text in the first column; a table with neither has a row a line."""
    gaps = [b - a for a, b in pairwise(bases)]
    # the line pitch inside a cell: the smallest gap between two lines with text in the same column (a cell
    # centred vertically in a taller row sits half a line off its neighbours' lines, and where most rows are
    # such, half a line is the commonest gap between lines); failing that, the smallest gap but those of a
    # line set between two others
    small = _column_pitch(grid, bases, size)
    if small is None:
        middle = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
        small = min((g for g in gaps if g >= 0.7 * middle), default=0.0)
    row_gap = small * 1.15 + 0.5
    spaced = any(g > row_gap for g in gaps)
    by_code = carried or sum(1 for cells, _ in grid if cells[0]) >= 0.5 * len(grid)
    rows: list[tuple[list[list[str]], list[bool]]] = []
    for k, (cells, bold) in enumerate(grid):
        new = (
            not rows
            or (spaced and gaps[k - 1] > row_gap)
            or (bool(cells[0]) and any(rows[-1][0][0]))
            or not (spaced or by_code)
        )
        if new:
            rows.append(([[c] if c else [] for c in cells], list(bold)))
        else:
            for i, c in enumerate(cells):
                if c:
                    rows[-1][0][i].append(c)
                    rows[-1][1][i] = rows[-1][1][i] and bold[i]
    return [([join_cell_lines(parts) for parts in cells], bold) for cells, bold in rows]


def _column_pitch(grid: list[tuple[list[str], list[bool]]], bases: list[float], size: float) -> float | None:
    """The smallest gap between successive lines with text in the same column (None: no column has two)."""
    last: dict[int, float] = {}
    best: float | None = None
    for (cells, _bold), base in zip(grid, bases, strict=True):
        for c, text in enumerate(cells):
            if not text:
                continue
            if c in last and base - last[c] >= 0.5 * size and (best is None or base - last[c] < best):
                best = base - last[c]
            last[c] = base
    return best


def _add(cols: list[tuple[float, float]], line: list[Segment], size: float) -> list[tuple[float, float]]:
    """The columns (x-intervals covered by characters, apart where a gutter of half an em runs) with
    the characters of one more line."""
    spans = sorted([(c.x0, c.x1) for seg in line for c in seg.chars] + cols)
    out: list[list[float]] = []
    for x0, x1 in spans:
        if out and x0 < out[-1][1] + 0.5 * size:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def _cells(line: list[Segment], cols: list[tuple[float, float]]) -> tuple[list[str], list[bool]]:
    parts: list[list[Char]] = [[] for _ in cols]
    for seg in line:
        for c in seg.chars:
            x = (c.x0 + c.x1) / 2
            k = next((i for i, (a, b) in enumerate(cols) if x <= b), len(cols) - 1)
            parts[k].append(c)
    texts = [make_segment(chars).text if chars else "" for chars in parts]
    bold = [bool(chars) and all(c.bold for c in chars) for chars in parts]
    return texts, bold
