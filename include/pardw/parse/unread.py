"""Nothing lost silently: table-shaped regions and form headings that yielded no record."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pardw.parse.records import Breakdown, Indicator, ParseWarning, Task
from pardw.parse.tables import Layout, find_tables
from pardw.parse.text import fold, strip_markup

_DIGIT_IN_CELL = re.compile(r"(?:^|\t)[ *<>b/]{0,8}\d[\d.,%/ ]{0,20}[ *<>b/]{0,8}(?:\t|$)")
_NUMBER_CELL = re.compile(r"[ *<>b/]{0,8}\d[\d.,%/ ]{0,20}[ *<>b/]{0,8}")
_GLUED_ROWS = 8  # numbered cells in one line above which it holds several rows (its line breaks were lost)
_LAYOUT = ("noi nhan", "uy ban nhan dan", "cong hoa xa hoi", "doc lap - tu do", "kt. chu tich", "chu tich")


def unread_tables(
    lines: list[str], file_name: str, indicators: Sequence[Indicator], breakdowns: Sequence[Breakdown],
    tasks: Sequence[Task], layout: Layout | None = None,
) -> list[ParseWarning]:  # fmt: skip
    """A table with numbers from which no record came, a form heading with no rows under it, and
    form headings in a report whose appendix gave no row at all."""
    layout = layout if layout is not None else find_tables(lines)
    used = {r.line for r in indicators} | {b.line for b in breakdowns} | {t.line for t in tasks}
    out: list[ParseWarning] = []
    for table_block in layout.blocks:
        start, i = table_block.start, table_block.end
        numbered = sum(_numbered_rows(line) for line in lines[start:i] if "\t" in line and _DIGIT_IN_CELL.search(line))
        block = range(start + 1, i + 1)
        first = fold(strip_markup(lines[start][:200]))
        if numbered >= 2 and not any(ln in used for ln in block) and not any(k in first for k in _LAYOUT):
            out.append(ParseWarning(
                file_name, "unread_table",
                f"a table of {numbered} rows with numbers (lines {start + 1}–{i}) gave no record: its header"
                f" was not recognised ({strip_markup(lines[start])[:80]!r})", start + 1,
            ))  # fmt: skip
    headings = [(h.line + 1, h.label) for h in layout.headings.values()]
    rows_by_form = {r.form for r in indicators} | {b.table for b in breakdowns} | {t.table for t in tasks}
    for line_no, label in headings:
        if label not in rows_by_form and not _is_reference(lines[line_no - 1]):
            out.append(ParseWarning(file_name, "form_without_rows",
                                    f"{label}: a form heading with no rows read under it", line_no))  # fmt: skip
    if headings and not indicators and any(not _is_reference(lines[ln - 1]) for ln, _ in headings):
        out.append(ParseWarning(file_name, "appendix_without_rows",
                                f"{len(headings)} form headings (Biểu mẫu / Phụ lục) but no appendix row was read",
                                headings[0][0]))  # fmt: skip
    return out


def _numbered_rows(line: str) -> int:
    """1 for a table row with a number; more for a line that holds many rows' numbers (lines glued
    together by a line separator that was not read as one): it is table-shaped however it is cut."""
    if len(line) < 200:
        return 1
    numbers = sum(1 for cell in line.split("\t") if _NUMBER_CELL.fullmatch(cell))
    return 1 + numbers // _GLUED_ROWS


def _is_reference(line: str) -> bool:
    """'Phụ lục 2 kèm theo' in a sentence cites a form; it is not its heading."""
    return len(strip_markup(line)) > 120


__all__ = ["unread_tables"]
