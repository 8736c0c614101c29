"""Space-aligned tables (``pdftotext -layout``, fixed-width exports) -> tab-separated cells.

A table starts at a header line whose first cell is ``STT``/``TT`` and that has at least three
cells separated by runs of two or more spaces; the header (one or more lines) gives the column
start positions. Each following line is cut into cells by position: a piece of text belongs
to the column it overlaps most. A line that only continues cells of the row above (a name
wrapped onto the next line, no STT) is merged into that row and left empty, so every other
line keeps its number. The table ends at a line of prose (text flush with the left margin, or
a first cell wider than the STT column).
"""

from __future__ import annotations

import re

from pardw.parse.text import fold

_TOKEN = re.compile(r"\S+(?: \S+)*")  # words separated by single spaces; linear time
_HEADER_FIRST = ("stt", "tt", "so tt", "st t")
_MAX_LINE = 2000  # longer lines are prose, never a table row
_CODE = re.compile(r"^(?:[\dIVXivx]{1,4}(?:\.\d{1,3}){0,4}\.?|[a-zđ]\)|[-+*])$")


def _tokens(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(line)]


def _is_header(tokens: list[tuple[int, int, str]]) -> bool:
    if len(tokens) < 3:
        return False
    first = fold(tokens[0][2]).strip(" .*")
    return first in _HEADER_FIRST


def _header_words(tokens) -> bool:
    text = fold(" ".join(t[2] for t in tokens))
    return any(w in text for w in ("so lieu", "don vi", "ghi chu", "ket qua", "thuc hien", "ke hoach", "ty le"))


def _header_below(tokens, name_col: int) -> bool:
    """A second header line: nothing under STT, no numbers, header words ('Số liệu', 'Ghi chú' …)."""
    if not tokens or tokens[0][0] < name_col - 1:
        return False
    return not any(ch.isdigit() for t in tokens for ch in t[2][:1]) and _header_words(tokens)


def align_columns(lines: list[str], page_starts: list[int] | None = None) -> int:
    """Convert the space-aligned tables of ``lines`` in place; returns the data rows converted."""
    converted = 0
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if "\t" in line or "  " not in line or len(line) > _MAX_LINE:
            i += 1
            continue
        tokens = _tokens(line)
        if not _is_header(tokens):
            i += 1
            continue
        i, rows = _table(lines, i, tokens)
        converted += rows
    return converted


def _columns(header_rows: list[list[tuple[int, int, str]]]) -> list[int]:
    """Column starts: the lowest header line's cells, plus upper cells that span none of them."""
    bottom = header_rows[-1]
    starts = {t[0] for t in bottom}
    for row in header_rows[:-1]:
        for a, b, _text in row:
            if not any(a <= s < b for s in starts) and not any(s <= a < e for s, e, _ in bottom):
                starts.add(a)
    return sorted(starts)


def _assign(tokens, starts: list[int]) -> list[str]:
    cells = [""] * len(starts)
    bounds = [*starts[1:], 10**9]
    for a, b, text in tokens:
        best, best_overlap = 0, -1
        for k, (lo, hi) in enumerate(zip(starts, bounds, strict=True)):
            overlap = min(b, hi) - max(a, lo)
            if overlap > best_overlap:
                best, best_overlap = k, overlap
        if a < starts[0]:
            best = 0
        cells[best] = f"{cells[best]} {text}".strip()
    return cells


def _table(lines: list[str], i: int, first_tokens) -> tuple[int, int]:
    """Convert the table whose header starts at ``lines[i]``; returns (the next line to read, data rows converted)."""
    header_rows, header_idx = _header_lines(lines, i, first_tokens)
    starts = _columns(header_rows)
    if len(starts) < 3:
        return i + 1, 0
    for toks, idx in zip(header_rows, header_idx, strict=True):
        lines[idx] = "\t".join(_assign(toks, starts))
    return _body(lines, header_idx[-1] + 1, starts)


def _header_lines(lines: list[str], i: int, first_tokens) -> tuple[list[list[tuple[int, int, str]]], list[int]]:
    """The header's lines (tokens, index): the first, and up to three below it with nothing under STT and
    header words only."""
    header_rows = [first_tokens]
    header_idx = [i]
    name_col = first_tokens[1][0]
    j = i + 1
    while j < len(lines) and j - i <= 3:
        toks = _tokens(lines[j]) if "\t" not in lines[j] else []
        if not _header_below(toks, name_col):
            break
        header_rows.append(toks)
        header_idx.append(j)
        j += 1
    return header_rows, header_idx


def _body(lines: list[str], j: int, starts: list[int]) -> tuple[int, int]:
    """Convert the data rows from ``lines[j]`` on; returns (the line after the table, data rows converted)."""
    rows = 0
    last_row: int | None = None
    last_cells: list[str] | None = None
    while j < len(lines):
        line = lines[j]
        if "\t" in line or len(line) > _MAX_LINE:
            break
        toks = _tokens(line)
        if not toks:
            j += 1
            continue
        if _ends_table(toks, starts):
            break
        in_code_col = toks[0][0] < starts[1] - 1
        cells = _assign(toks, starts)
        if last_cells is not None and not in_code_col and (not _has_digits(cells) or not _has_digits(last_cells)):
            # no STT: the row above continues (a wrapped name, a value on the second line)
            for k, text in enumerate(cells):
                if text:
                    last_cells[k] = f"{last_cells[k]} {text}".strip()
            lines[last_row] = "\t".join(last_cells)
            lines[j] = ""
        else:
            if len(toks) == 1 and not in_code_col:
                break
            lines[j] = "\t".join(cells)
            last_row, last_cells = j, cells
            rows += 1
        j += 1
    return j, rows


def _has_digits(cells: list[str]) -> bool:
    """A digit in the cells after the code and name columns."""
    return any(ch.isdigit() for c in cells[2:] for ch in c)


def _ends_table(toks: list[tuple[int, int, str]], starts: list[int]) -> bool:
    """A header (repeated after a page break, or the next table's: its own columns), prose or a title flush
    with the margin, or a title ("Phụ lục 2", "Biểu mẫu 3") after the table."""
    if _is_header(toks):
        return True
    first_start, first_end, first_text = toks[0]
    code_width = starts[1] - starts[0]
    if first_start >= starts[1] - 1:
        return False  # it starts in the name column or right of it
    if first_end - first_start > code_width + 2 or (len(toks) == 1 and first_start <= 1 and len(first_text) > 12):
        return True
    return len(toks) == 1 and not _CODE.match(first_text)


__all__ = ["align_columns"]
