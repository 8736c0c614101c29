"""Per-unit breakdown tables: dossiers per department, district and commune, document
handling per unit (Phụ lục 2, 3 of provincial reports). One Breakdown per unit x measure.

A per-unit table has a header whose first cell is the row number (TT/STT) and whose
second names the unit (Đơn vị, Tên đơn vị, Tên cơ quan); a second header line may split
grouped columns ("Văn bản đến" -> "Thực tế", "iOffice"). Target tables (Nhiệm vụ / Kế hoạch
năm / Thực hiện) are not read: their cells mix targets and text, and a wrong number is worse
than a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pardw.parse.numbers import parse_number
from pardw.parse.records import Breakdown, ParseWarning
from pardw.parse.tables import Layout, find_tables, is_page_noise, is_unit_header, next_event
from pardw.parse.text import TOTAL_LABELS, fold, strip_markup

_ROMAN = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.?$")
_NUMBER = re.compile(r"^\d{1,3}\.?$")
# communes include the special zones (đặc khu) of the two-level local government from 1/7/2025
_LEVELS = (
    (r"^(?:ubnd |uy ban nhan dan )?(xa|phuong|thi tran|dac khu)\b", "commune"),
    (r"^(?:ubnd |uy ban nhan dan )?(huyen|thi xa|thanh pho)\b|^cap huyen", "district"),
    (
        r"^(so|ban|van phong|cong an|bao hiem|thanh tra|cong ty|chi cuc|cuc|kho bac|dai|trung tam|vien|truong)\b|^cap tinh",
        "department",
    ),
    (r"^cap xa", "commune"),
)


@lru_cache(maxsize=1 << 14)  # pure, and the same labels recur in every report
def unit_level(name: str) -> str | None:
    f = fold(name)
    for pattern, level in _LEVELS:
        if re.search(pattern, f):
            return level
    return None


def _header_continuation(line: str) -> bool:
    if "\t" not in line:
        return False
    cells = [strip_markup(c) for c in line.split("\t")]
    return (
        not cells[0] and not cells[1] and any(cells[2:]) and not any(re.fullmatch(r"[\d.,%]+", c) for c in cells if c)
    )


def _cells(line: str | None) -> list[str]:
    """A header line's cells, folded, without the empty cells at its end."""
    cells = [fold(strip_markup(c)) for c in line.split("\t")] if line else []
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _measures(first: str, second: str | None) -> list[str]:
    top = [strip_markup(c) for c in first.split("\t")]
    sub = [strip_markup(c) for c in second.split("\t")] if second else []
    width = max(len(top), len(sub))
    out, carry = [], ""
    for i in range(width):
        t = top[i] if i < len(top) else ""
        s = sub[i] if i < len(sub) else ""
        if t:
            carry = t
        if s:
            out.append(f"{carry} - {s}" if carry and carry != s else s)
        else:
            out.append(t)
    return out


@dataclass(slots=True)
class _Row:
    line: int
    code: str
    name: str
    cells: list[str]
    parent: str | None
    is_total: bool


@dataclass(slots=True)
class _Table:
    label: str | None
    label_is_form: bool  # the label was an indicator form: the table may be displaced by a page break
    measures: list[str]
    rows: list[_Row] = field(default_factory=list)
    header: tuple[str, str | None] = ("", None)  # the header's line and its continuation line
    _rates: list[bool] | None = None

    @property
    def rate_columns(self) -> list[bool]:
        """Per column: its measure is a rate ("Tỷ lệ ...")."""
        if self._rates is None:
            self._rates = [fold(m).startswith("ty le") for m in self.measures]
        return self._rates

    @property
    def signature(self) -> tuple[str, ...]:
        return tuple(fold(m)[:20] for m in self.measures[2:])


@dataclass(slots=True)
class _TableReader:
    """The tables of a report, read line by line with the label, section and group in force."""

    tables: list[_Table] = field(default_factory=list)
    label: str | None = None  # the last form heading ("Phụ lục 2")
    label_is_form: bool = False
    section: str | None = None  # "I. CẤP TỈNH" -> "Cấp Tỉnh"
    group: str | None = None  # the Roman-numeral group row in force
    current: _Table | None = None

    def text_line(self, layout: Layout, i: int) -> None:
        """Line ``i``, not a table row: a form heading starts a new label, a level section ("I. CẤP TỈNH") a section."""
        heading = layout.headings.get(i)
        if heading:
            self.label, self.label_is_form, self.current = heading.label, False, None
            self.group = self.section = None
        elif i in layout.sections:
            self.section = layout.sections[i]

    def indicator_header(self) -> None:
        self.label_is_form, self.current = True, None

    def unit_header(self, line: str, second: str | None) -> None:
        """A table header (``second``: its continuation line): a new table unless it repeats the
        header of the table in force (the table goes on after a page break)."""
        measures = _measures(line, second)
        current = self.current
        if current is not None and [fold(m) for m in current.measures] == [fold(m) for m in measures]:
            return
        if current is not None and _cells(line) == _cells(current.header[0]):
            # the header printed again after a page break: its second line left out, or only the part of it
            # that the break cut off (the table's rows go on), or whole where the page before cut it
            had = _cells(current.header[1])
            more = _cells(second)
            if not current.rows and second is not None:
                cut, rest = (current.header[1] or "").split("\t"), second.split("\t")
                width = max(len(cut), len(rest))
                cut, rest = cut + [""] * (width - len(cut)), rest + [""] * (width - len(rest))
                joined = "\t".join(f"{a} {b}".strip() for a, b in zip(cut, rest, strict=True))
                current.header = (current.header[0], joined)
                current.measures = _measures(current.header[0], joined)
                return
            if all(i < len(had) and c in had[i] for i, c in enumerate(more) if c):
                return  # its second line left out, or a part of the one in force (another table names others)
        self.current = _Table(self.label, self.label_is_form, measures, header=(line, second))
        self.tables.append(self.current)
        self.group = self.section

    def row(self, number: int, line: str) -> None:
        current = self.current
        if current is None:
            return
        cells = [strip_markup(c) for c in line.split("\t")]
        code, name = [*cells, "", ""][:2]
        if name and re.fullmatch(r"[\d=+\-\s]*", name):
            pass  # the column-number row under a header ("1  2  3=4+5 ...")
        elif not code and name and not any(cells[2:]) and current.rows:
            current.rows[-1].name += f" {name}"  # a unit name wrapped onto the next line
        elif _ROMAN.match(code) and name:
            self.group = name.title() if name.isupper() else name
            current.rows.append(_Row(number, code, name, cells, self.section, True))
        elif fold(code) in TOTAL_LABELS or fold(name) in TOTAL_LABELS:
            current.rows.append(_Row(number, code, "Tổng", cells, self.group or self.section, True))
        elif _NUMBER.match(code) and name:
            current.rows.append(_Row(number, code, name, cells, self.group, False))


def _tables(lines: list[str], layout: Layout) -> list[_Table]:
    """The per-unit tables (classified ``breakdown`` by ``layout``) with the rows that follow each up to the next
    form heading or form header; with no table in force only the headings and headers are looked at."""
    events = layout.events("appendix", "breakdown", sections=True)
    reader = _TableReader()
    i, n = 0, len(lines)
    while i < n:
        if reader.current is None:
            nxt = next_event(events, i)
            if nxt is None:
                break
            i = nxt
        line = lines[i]
        kind = layout.kind_at(i)
        if "\t" not in line:
            reader.text_line(layout, i)
            if reader.current is not None and i not in layout.sections and _is_prose(line):
                reader.current = None  # prose ends the table: rows of a later table are not its rows
        elif kind == "appendix":
            reader.indicator_header()
        elif kind in ("tasks", "other"):
            reader.current = None  # another kind of table starts: its rows are not this table's
        elif kind == "breakdown":
            second = lines[i + 1] if i + 1 < n and _header_continuation(lines[i + 1]) else None
            reader.unit_header(line, second)
            if second:
                i += 1
        else:
            reader.row(i + 1, line)
        i += 1
    return reader.tables


def _is_prose(line: str) -> bool:
    """A sentence between table rows (four words or more, not a page number): it ends a per-unit table. Shorter
    lines are what a page break or a narrow print leaves inside a table (a page number, a wrapped header's
    words), and the rows after them still belong to it."""
    text = strip_markup(line)
    return len(text.split()) >= 4 and not is_page_noise(text)


def _label_displaced_fragments(tables: list[_Table]) -> None:
    """A fragment displaced before its title by a page break takes the label of the table it continues."""
    for t in tables:
        if t.label_is_form:
            later = [u for u in tables if u is not t and u.signature == t.signature and not u.label_is_form]
            if later:
                t.label = later[0].label


# pure, and a per-unit table's cells repeat (0, 100%, small counts): each distinct cell is read once
_read = lru_cache(maxsize=1 << 12)(parse_number)


def _cell(
    file_name: str, label: str, row: _Row, level: str | None, measure: str, rate_column: bool, raw: str
) -> Breakdown:
    rate = raw.endswith("%") or rate_column
    reading = _read(raw, "%" if rate else "Hồ sơ")
    flags = [] if reading is None else list(reading.flags)
    if reading is None:
        flags.append("text_value")
    elif rate and not rate_column:
        flags.append("rate_in_count_column")
    return Breakdown(file_name, label, row.name, level, row.parent, measure, raw,
                     reading.value if reading else None, row.line, is_total=row.is_total, flags=flags)  # fmt: skip


# a count inside a unit's name (digits with a group separator; not 'Phường 1', 'Khu phố 12'), or a name that starts
# with a number (the STT column's numbers run into it); three digits or more ('Ban 2082 Dân tộc', but also 'Bệnh
# viện 115') only with a cell of the row holding two numbers (its cells shifted into one another)
_MISALIGNED = re.compile(r"(?:^|\s)\d{1,3}(?:[.,]\d{3})+(?:\s|$)|^\d+\s")
_PLAIN_COUNT = re.compile(r"(?:^|\s)\d{3,}(?:\s|$)")
_TWO_NUMBERS = re.compile(r"\d[\d.,]*%?\s+\d")


def _row_cells(file_name: str, table: _Table, label: str, row: _Row) -> tuple[list[Breakdown], list[ParseWarning]]:
    """The cells of one row, one per measure: a header that repeats a column name ("Tỷ lệ" twice)
    gives the row two cells of the same unit x measure; the first is kept, the other is dropped
    with a ``breakdown_duplicate_cell`` warning at the row's line."""
    cells: list[Breakdown] = []
    warnings: list[ParseWarning] = []
    if len(row.cells) > len(table.measures) + 1 and any(row.cells[len(table.measures) :]):
        warnings.append(ParseWarning(file_name, "breakdown_extra_cells",
                                     f"row '{row.name}' has more cells than the header of {label}", row.line))  # fmt: skip
    if _MISALIGNED.search(row.name) or (
        _PLAIN_COUNT.search(row.name) and any(_TWO_NUMBERS.search(c) for c in row.cells[2:])
    ):
        # a number inside the unit's name ('Ban 2082 Dân tộc', '14,192 huyện'): the row's cells are out of their
        # columns (a layout the reader could not place), so none of its values is on its measure
        warnings.append(ParseWarning(file_name, "breakdown_misaligned_row",
                                     f"row '{row.name}' of {label}: a number inside the unit's name, the row's cells "
                                     "are out of their columns; its values are not read", row.line))  # fmt: skip
        return cells, warnings
    level = unit_level(row.name) or (unit_level(row.parent) if row.parent and not row.is_total else None)
    kept: dict[str, int] = {}  # measure -> column of the cell kept, keyed as stored (guard removes NULs)
    rates = table.rate_columns
    for idx in range(2, min(len(row.cells), len(table.measures))):
        raw = row.cells[idx]
        measure = table.measures[idx]
        if not raw or not measure:
            continue
        key = measure.replace("\x00", "")
        if key in kept:
            first = kept[key]
            warnings.append(ParseWarning(file_name, "breakdown_duplicate_cell",
                                         f"row '{row.name}' of {label} has two cells for '{measure}' (columns "
                                         f"{first + 1} and {idx + 1}, the header repeats the name): kept "
                                         f"'{row.cells[first]}', dropped '{raw}'", row.line))  # fmt: skip
            continue
        kept[key] = idx
        cells.append(_cell(file_name, label, row, level, measure, rates[idx], raw))
    return cells, warnings


def extract_breakdowns(
    lines: list[str], file_name: str, layout: Layout | None = None
) -> tuple[list[Breakdown], list[ParseWarning]]:
    tables = _tables(lines, layout if layout is not None else find_tables(lines))
    _label_displaced_fragments(tables)
    out: list[Breakdown] = []
    warnings: list[ParseWarning] = []
    for t in tables:
        label = t.label or "bảng trong báo cáo (body table)"
        for row in t.rows:
            cells, row_warnings = _row_cells(file_name, t, label, row)
            out.extend(cells)
            warnings.extend(row_warnings)
    return out, warnings


__all__ = ["extract_breakdowns", "is_unit_header", "unit_level"]
