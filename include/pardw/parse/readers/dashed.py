"""Tables between dashed rules (pandoc's markdown and plain text: "multiline" and "simple" tables) -> tab-separated
rows, in place.

    --------------------------------------------------------
    STT     Chỉ tiêu thống  Đơn vị tính   Số liệu   Ghi chú
            kê
    ------- --------------- ------------- --------- --------
    1.1.    Số TTHC đã      Thủ tục       21
            được phê duyệt

    1.2.    Số TTHC công    Thủ tục       48
            bố mới
    --------------------------------------------------------

The rule of dash runs under the header gives each column's start; a cell is the text between its column's
start and the next one's, its wrapped lines joined. A row is a group of lines between blank lines (a simple
table: each line). The header is what lies between the top rule and the column rule. Each row is written
on its first line, the header on its first line; the rules and the rows' other lines become empty, so
every line number stays the file's own. Markdown's backslash escapes (``III\\.``) are undone in cells.
"""

from __future__ import annotations

import re

_COLUMN_RULE = re.compile(r"^ *-{2,}(?: +-{2,})+ *$")
_FULL_RULE = re.compile(r"^ *-{6,} *$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~^$&%=\"'])")
MAX_HEADER_LINES = 12


def dashed_tables(lines: list[str]) -> int:
    """Rewrite the dashed-rule tables of ``lines`` in place; returns the rows written."""
    written = 0
    i, n = 0, len(lines)
    while i < n:
        if "\t" in lines[i] or not _COLUMN_RULE.match(lines[i]):
            i += 1
            continue
        starts = [m.start() for m in re.finditer(r"-+", lines[i])]
        top = _top(lines, i)
        header = list(range(top + 1, i)) if top is not None else ([i - 1] if i and lines[i - 1].strip() else [])
        end, groups = _body(lines, i + 1, top is not None)
        if not groups:
            i += 1
            continue
        lines[i] = ""  # the rules
        if top is not None:
            lines[top] = ""
        if end < n and _FULL_RULE.match(lines[end]):
            lines[end] = ""
        if header:
            _write(lines, header, starts)
        for group in groups:
            _write(lines, group, starts)
        if header and _continues_header(lines[groups[0][0]]):  # the header's second row, printed under the rule:
            lines[header[0] + 1], lines[groups[0][0]] = lines[groups[0][0]], ""  # next to its first row
        written += len(groups)
        i = end + 1
    return written


def _top(lines: list[str], rule: int) -> int | None:
    """The full dashed rule above a header (no blank line between), if any."""
    for k in range(rule - 1, max(-1, rule - MAX_HEADER_LINES - 1), -1):
        if _FULL_RULE.match(lines[k]):
            return k
        if not lines[k].strip() or "\t" in lines[k]:
            return None
    return None


def _body(lines: list[str], start: int, multiline: bool) -> tuple[int, list[list[int]]]:
    """(the line the table ends at, its rows as groups of line indexes). A multiline table (under a top rule)
    has its rows between blank lines and ends at its bottom rule; a simple one has a row a line and ends at
    its first blank line."""
    groups: list[list[int]] = []
    group: list[int] = []
    k, n = start, len(lines)
    while k < n:
        line = lines[k]
        if _FULL_RULE.match(line) or _COLUMN_RULE.match(line) or "\t" in line:
            break
        if not line.strip():
            if not multiline:
                break
            if group:
                groups.append(group)
                group = []
        elif multiline:
            group.append(k)
        else:
            groups.append([k])
        k += 1
    if group:
        groups.append(group)
    return k, groups


def _continues_header(row: str) -> bool:
    cells = row.split("\t")
    return not cells[0].strip() and not any(ch.isdigit() for ch in row)


def _write(lines: list[str], group: list[int], starts: list[int]) -> None:
    cells: list[list[str]] = [[] for _ in starts]
    for k in group:
        line = lines[k]
        for c, begin in enumerate(starts):
            end = starts[c + 1] if c + 1 < len(starts) else len(line)
            piece = line[begin:end].strip() if c else line[:end].strip()  # text left of the first column is its
            if piece:
                cells[c].append(_ESCAPE.sub(r"\1", piece))
        lines[k] = ""
    lines[group[0]] = "\t".join(" ".join(parts) for parts in cells)


__all__ = ["dashed_tables"]
