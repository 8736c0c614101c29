"""The tables of a report, found once and classified once.

The canonical rendering (:mod:`pardw.parse.document_model`) writes a table as one line per row, its cells
separated by tabs (a Word or PDF table as its reader read it; a text file's tab, pipe and space-aligned
tables as the text reader split them). :func:`find_tables` reads the rendering once and returns its
:class:`Layout`:

* the **form headings** ("Biểu mẫu 3", "PHỤ LỤC II") and **level sections** ("I. CẤP TỈNH") between the
  tables, and where the appendix starts;
* the **table blocks**: runs of table rows (blank lines inside a run do not split it);
* the **tables**: each header row found in a block starts one table, whose kind is decided once, here,
  from its header row (:func:`classify_header`) — ``appendix`` (an indicator form: Chỉ tiêu + Đơn vị
  tính / Số liệu), ``breakdown`` (a per-unit table: TT + Đơn vị / Tên cơ quan), ``tasks`` (a task table:
  TT + Nhiệm vụ + result, deadline, lead agency or status), or ``other`` (a numbered table of none of
  these kinds), with the form heading in force above it.

The extractors then read only the tables of their kind (and the lines that continue them across a page
break); none re-tests the lines. Line indexes are 0-based positions in the rendering, so every record
keeps its line and locator.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from pardw.parse.headings import HEADING_START, form_heading, is_appendix_heading, level_section
from pardw.parse.text import fold, strip_markup

TABLE_KINDS = ("appendix", "breakdown", "tasks", "other")

# the row-number cell that opens a header row: 'STT', 'TT', 'S TT', or as OCR reads it ('SIT', 'SIL'); or the
# rank of a ranking table ('Thứ hạng', 'Xếp hạng': a per-unit table of index scores)
FIRST_CELL = re.compile(
    r"^[^\S\t]*+(?:<b>)?[^\S\t]*+(?:stt|tt|st[^\S\t]*+t|s[il1|][tl]|(?:thứ|xếp|thu|xep)[^\S\t]++hạng)?"
    r"[^\S\t]*+(?:</b>)?[^\S\t]*+\t",
    re.IGNORECASE,
)
_ROW_NUMBER = ("stt", "tt", "thuhang", "xephang")  # a header's first cell, folded, spaces removed
_STT_READ = re.compile(r"s[il1|][tl]")
_TASK_FIRST = re.compile(r"^\s*+(?:<b>|\*\*)?\s*+(?:s\s*+)?tt\b", re.IGNORECASE)  # possessive: linear on blank runs


_PAGE_NOISE = re.compile(r"\d{1,3}|-\s*\d{1,3}\s*-|Trang \d+.*")


def is_page_noise(text: str) -> bool:
    """A page number or the like that a page break leaves inside a table (the text stripped)."""
    return _PAGE_NOISE.fullmatch(text) is not None


def header_cells(line: str) -> list[str]:
    return [fold(strip_markup(c)) for c in line.split("\t")]


# The tests below read a row's folded cells ``f``; the public ones fold the row themselves, classify_header
# folds it once for all of them.


def _names_indicator(f: list[str]) -> bool:
    """(A row whose first cell FIRST_CELL matched:) it names the indicator column and a unit or value column."""
    if not any(c.startswith(("chi tieu", "nhiem vu/tieu chi", "tieu chi", "noi dung chi tieu")) for c in f):
        return False
    first = f[0].replace(" ", "") if f else ""
    if not (first in ("stt", "tt", "") or _STT_READ.fullmatch(first)):
        return False
    joined = " | ".join(f)
    return "don vi" in joined or "so lieu" in joined or "ket qua" in joined


def _numbered(f: list[str]) -> bool:
    """(A row whose first cell FIRST_CELL matched, no indicator header:) the row number then more columns."""
    first = f[0].replace(" ", "") if f else ""
    return first in _ROW_NUMBER and len(f) > 1


def _names_unit(f: list[str]) -> bool:
    """(A row whose first cell FIRST_CELL matched, no indicator header:) TT, the unit's name (Đơn vị, Cơ quan,
    Địa phương: a commune or district), its measures."""
    if len(f) < 4:
        return False
    first = f[0].replace(" ", "")
    return first in _ROW_NUMBER and bool(_UNIT.match(f[1]))


_UNIT = re.compile(r"^(ten )?(don vi|co quan|dia phuong)")


def _task_columns(f: list[str]) -> dict[str, int] | None:
    """(A row that _TASK_FIRST matched, neither an indicator nor a per-unit header:) a task header's columns."""
    if not f or f[0].replace(" ", "") not in ("tt", "stt"):
        return None
    cols: dict[str, int] = {}
    for idx, cell in enumerate(f[1:], start=1):
        for name, prefixes in TASK_COLUMNS:
            if name not in cols and cell.startswith(prefixes):
                cols[name] = idx
                break
    if "task" not in cols or not ({"result", "deadline", "lead_agency", "status"} & cols.keys()):
        return None
    return cols


def is_indicator_header(line: str) -> bool:
    """The header of an indicator form: it names the indicator column and a unit or value column."""
    return "\t" in line and bool(FIRST_CELL.match(line)) and _names_indicator(header_cells(line))


def is_other_header(line: str) -> bool:
    """The header of a table that is not an indicator form (per-unit 'Đơn vị' tables, target tables)."""
    if "\t" not in line or not FIRST_CELL.match(line):
        return False
    f = header_cells(line)
    return _numbered(f) and not _names_indicator(f)


def is_unit_header(line: str) -> bool:
    """The header of a per-unit table: TT, then the unit's name (Đơn vị, Tên cơ quan), then its measures."""
    if "\t" not in line or not FIRST_CELL.match(line):
        return False
    f = header_cells(line)
    return not _names_indicator(f) and _names_unit(f)


TASK_COLUMNS = (  # (field, folded header prefixes), first match wins for each column
    ("task", ("nhiem vu", "noi dung", "ten nhiem vu", "chi tieu nhiem vu", "chi tieu", "ten chi tieu")),
    ("deadline", ("thoi gian", "thoi han", "han hoan thanh")),
    ("lead_agency", ("co quan chu tri", "don vi chu tri", "co quan, don vi chu tri", "chu tri", "co quan thuc hien")),
    ("status", ("tinh trang", "tien do", "muc do hoan thanh", "danh gia", "ket qua danh gia")),
    ("target", ("ke hoach", "chi tieu ke hoach", "muc tieu")),
    ("result", ("ket qua", "thuc hien", "san pham")),
    ("note", ("ghi chu",)),
)


def task_columns(line: str) -> dict[str, int] | None:
    """The columns of a task table's header row (field -> column), or None when the row is not one."""
    if not _TASK_FIRST.match(line) or is_indicator_header(line) or is_unit_header(line):
        return None
    return _task_columns(header_cells(line))


@dataclass(frozen=True, slots=True)
class HeaderRow:
    """What one header row says its table is."""

    kind: str  # one of TABLE_KINDS
    numbered: bool  # its first cell is the row number (STT / TT): it ends an indicator form read above it
    task_columns: dict[str, int] | None = None  # a task table's columns


def classify_header(line: str) -> HeaderRow | None:
    """The kind of the table a row heads, or None when the row is no header (a data row). The row's cells are
    folded once and every kind's test reads them."""
    if "\t" not in line:
        return None
    first_cell = FIRST_CELL.match(line) is not None
    task_first = _TASK_FIRST.match(line) is not None
    if not (first_cell or task_first):
        return None
    f = header_cells(line)
    if first_cell and _names_indicator(f):
        return HeaderRow("appendix", False)
    numbered = first_cell and _numbered(f)
    if first_cell and _names_unit(f):
        return HeaderRow("breakdown", numbered)
    cols = _task_columns(f) if task_first else None
    if cols is not None:
        return HeaderRow("tasks", numbered, cols)
    return HeaderRow("other", True) if numbered else None


@dataclass(frozen=True, slots=True)
class Heading:
    line: int  # 0-based index in the rendering
    label: str  # "Biểu mẫu 3", "Phụ lục II"
    domain: str | None  # the reform domain its title names ("III"), if any


@dataclass(slots=True)
class Table:
    """One table: its header row and the rows under it, up to the next header row or the end of its block."""

    header: int  # 0-based index of its header row
    end: int  # index after its last line (its block's end or the next header row)
    kind: str  # one of TABLE_KINDS, decided once from the header row
    heading: Heading | None  # the form heading in force above it
    head: HeaderRow


@dataclass(slots=True)
class TableBlock:
    """A run of table rows in the rendering (blank lines inside the run and after it belong to it)."""

    start: int  # index of its first row
    end: int  # index after its last line
    tables: list[Table] = field(default_factory=list)


@dataclass(slots=True)
class Layout:
    """The structure of a report's rendering, found in one pass (see the module's doc)."""

    lines: list[str] = field(repr=False)
    headings: dict[int, Heading] = field(default_factory=dict)  # line index -> the form heading on it
    sections: dict[int, str] = field(default_factory=dict)  # line index -> the level section it opens
    blocks: list[TableBlock] = field(default_factory=list)
    headers: dict[int, Table] = field(default_factory=dict)  # header row's index -> its table
    appendix_start: int | None = None  # index of the first appendix heading (PHỤ LỤC / Biểu mẫu)
    classified: Counter = field(default_factory=Counter, repr=False)  # header row's index -> times classified (once)

    @property
    def tables(self) -> list[Table]:
        return [t for b in self.blocks for t in b.tables]

    def kind_at(self, i: int) -> str | None:
        """The kind of the table whose header row is line ``i`` (None when ``i`` is no header row)."""
        t = self.headers.get(i)
        return t.kind if t is not None else None

    def events(self, *kinds: str, sections: bool = False) -> list[int]:
        """The sorted indexes of the form headings, the header rows of tables of ``kinds`` (and the level
        sections): where an extractor that reads no table must look again."""
        out = [*self.headings, *(i for i, t in self.headers.items() if t.kind in kinds)]
        if sections:
            out.extend(self.sections)
        return sorted(out)


def next_event(events: list[int], i: int) -> int | None:
    """The first index of ``events`` at or after ``i``."""
    k = bisect_left(events, i)
    return events[k] if k < len(events) else None


def find_tables(lines: list[str]) -> Layout:
    """The layout of a rendering: its headings, table blocks and classified tables (one pass)."""
    layout = Layout(lines)
    heading: Heading | None = None
    block: TableBlock | None = None
    for i, line in enumerate(lines):
        if "\t" in line:
            if block is None:
                block = TableBlock(i, i + 1)
                layout.blocks.append(block)
            _table_row(layout, block, i, heading)
        elif block is not None and not line.strip():
            block.end = i + 1  # a blank line inside a table (or after it) belongs to it
        else:
            block = None
            if HEADING_START.match(line):  # "Bi..." / "Ph...": may be a form heading or the appendix's title
                heading = _heading_line(layout, i, line) or heading
            elif ("CẤP" in line or "CAP" in line) and (section := level_section(line)) is not None:
                layout.sections[i] = section
    return layout


def _table_row(layout: Layout, block: TableBlock, i: int, heading: Heading | None) -> None:
    """Line ``i``, a row of ``block``: a header row starts a table, classified here, once."""
    block.end = i + 1
    line = layout.lines[i]
    head = classify_header(line) if FIRST_CELL.match(line) or _TASK_FIRST.match(line) else None
    layout.classified[i] = layout.classified.get(i, 0) + 1
    if head is not None:
        if block.tables:
            block.tables[-1].end = i
        table = Table(i, i + 1, head.kind, heading, head)
        block.tables.append(table)
        layout.headers[i] = table
    elif block.tables:
        block.tables[-1].end = i + 1


def _heading_line(layout: Layout, i: int, line: str) -> Heading | None:
    """Line ``i``, a text line that starts like a heading: the form heading on it (returned), a level section,
    the appendix's start."""
    if layout.appendix_start is None and is_appendix_heading(line):
        layout.appendix_start = i
    h = form_heading(line)
    if h is not None:
        heading = layout.headings[i] = Heading(i, h[0], h[1])
        return heading
    section = level_section(line)
    if section is not None:
        layout.sections[i] = section
    return None


__all__ = [
    "TABLE_KINDS", "HeaderRow", "Heading", "Layout", "Table", "TableBlock", "classify_header", "find_tables",
    "is_indicator_header", "is_other_header", "is_page_noise", "is_unit_header", "next_event", "task_columns",
]  # fmt: skip
