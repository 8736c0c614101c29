"""Statistical appendix forms (Biểu mẫu / Phụ lục 1..7): one Indicator per row.

A table is an indicator form when its (one- or two-line) header names the indicator
column ("Chỉ tiêu", "Nhiệm vụ/tiêu chí") and a unit or value column ("Đơn vị tính",
"Số liệu"). Per-unit tables and target tables belong to ``breakdown``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pardw.parse.headings import DOMAIN_PATTERNS, FORM_HEADING, HEADING_START, domain_of, form_heading
from pardw.parse.numbers import read_cell, unit_kind
from pardw.parse.records import Indicator
from pardw.parse.tables import (
    FIRST_CELL,
    Layout,
    find_tables,
    header_cells,
    is_indicator_header,
    is_other_header,
    is_page_noise,
    next_event,
)
from pardw.parse.text import strip_markup

_HEADING_START = HEADING_START  # the names other modules import from here
_FIRST_CELL = FIRST_CELL

ROMAN = re.compile(r"^(?:[IVX]{1,5})\.?$")
CODE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.?|[a-zđ]\)|[-+])$", re.IGNORECASE)
# the ministry's forms nest four levels deep (3.1.1.a); a path longer than this is kept cut, flagged
MAX_CODE_DEPTH = 12
DOMAIN_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII")


@dataclass(slots=True)
class Columns:
    code: int = 0
    name: int = 1
    sub: list[int] = field(default_factory=list)  # sub-label columns between name and unit
    unit: int | None = None
    value: int | None = None
    note: int | None = None
    width: int = 0


_NUMBER_CELL = re.compile(r"^[\d.,%\s/()-]*\d[\d.,%\s/()-]*$")


def is_header_continuation(line: str) -> bool:
    if "\t" not in line:
        return False
    f = header_cells(line)
    if f[0]:
        return False
    joined = " ".join(f)
    # a header cell may name a period ('(sử dụng trong kỳ báo cáo 6 tháng, năm)' spilt from the row above
    # by a page break); a row with a number in a cell of its own is data
    return bool(re.search(r"so lieu|don vi tinh|ghi chu", joined)) and not any(_NUMBER_CELL.match(c) for c in f if c)


def columns_from_header(first: str, second: str | None) -> Columns:
    a = header_cells(first)
    b = header_cells(second) if second else []
    width = max(len(a), len(b))
    merged = [
        " ".join(x for x in ((a[i] if i < len(a) else ""), (b[i] if i < len(b) else "")) if x) for i in range(width)
    ]
    stt = next((i for i, t in enumerate(merged) if t), 0)
    if stt and merged[stt].replace(" ", "") in ("stt", "tt"):  # empty columns before the STT cell
        cols = Columns(code=stt, name=stt + 1, width=width)
    else:
        cols = Columns(width=width)
    _roles(cols, merged)
    v = cols.value
    if second is None and cols.unit is None and v is not None and v + 1 < width and not merged[v + 1] \
            and merged[v].startswith("ket qua"):  # fmt: skip
        # 'Kết quả' over two cells, its second line ('Đơn vị tính | Số liệu') not repeated on this page: the
        # unit, then the value, as the forms have them
        cols.unit, cols.value = v, v + 1
    if cols.value is None:
        cols.value = (cols.unit + 1) if cols.unit is not None else 3
    if cols.unit is None:
        cols.unit = cols.value - 1 if cols.value - 1 > cols.name else None
    return cols


def _roles(cols: Columns, merged: list[str]) -> None:
    """The unit, note, value and sub-label columns right of the name, from the header's folded cells."""
    for i, text in enumerate(merged):
        if i <= cols.name:
            continue
        if "don vi tinh" in text or text == "don vi" or "dvt" in text.split():
            cols.unit = i if cols.unit is None else cols.unit
        elif "ghi chu" in text:
            cols.note = i if cols.note is None else cols.note
        elif (
            "so lieu" in text or "ket qua" in text or "bao cao" in text or "thuc hien" in text
        ) and cols.value is None:
            cols.value = i
        elif not text and cols.unit is None and cols.value is None:
            cols.sub.append(i)


def _norm_code(code: str) -> str:
    parts = [p for p in code.rstrip(".").split(".") if p]
    return ".".join(str(int(p)) if p.isdigit() else p.upper() for p in parts)


@dataclass(slots=True)
class _State:
    form: str | None = None
    form_domain: str | None = None
    domain: str | None = None
    cols: Columns | None = None
    head: list[str] = field(default_factory=list)  # the folded cells of the first line of the header in force
    group_code: str | None = None  # the Roman-numeral group the numbering restarts in
    by_code: dict[str, Indicator] = field(default_factory=dict)
    last_sub_label: str | None = None
    last_coded: Indicator | None = None
    in_table: bool = False


def parse_appendix(lines: list[str], file_name: str, layout: Layout | None = None) -> list[Indicator]:
    """The rows of the indicator forms (the tables ``layout`` classified ``appendix``, and the rows that continue
    them across a page break); between two forms only the next form heading or form header is looked at."""
    layout = layout if layout is not None else find_tables(lines)
    events = layout.events("appendix")
    rows: list[Indicator] = []
    st = _State()
    i = 0
    while i < len(lines):
        if not st.in_table or st.cols is None:  # no form read: on to the next heading or form header
            nxt = next_event(events, i)
            if nxt is None:
                break
            i = nxt
        i = _read_line(lines, i, file_name, st, rows, layout)
    reconcile_ambiguous(rows)
    return rows


def _read_line(lines: list[str], i: int, file_name: str, st: _State, rows: list[Indicator], layout: Layout) -> int:
    """Read ``lines[i]`` (a form heading, a table header, a table row or what ends a table); return the
    index of the next line to read."""
    line = lines[i]
    heading = layout.headings.get(i)
    if heading:
        _start_form(st, (heading.label, heading.domain), lines, i)
        return i + 1
    table = layout.headers.get(i)
    if table is not None and table.kind == "appendix":
        return _start_table(st, lines, i)
    if not st.in_table or st.cols is None:
        return i + 1
    if table is not None:
        st.in_table = False  # a per-unit, task or other table starts here (its header may be bold: **STT**)
    elif "\t" not in line:
        stripped = line.strip()
        if stripped and not is_page_noise(stripped):
            st.in_table = False  # prose or a new title ends the table; a later bare row restarts nothing
    else:
        return i + _read_row(lines, i, file_name, st, rows)
    return i + 1


def _start_form(st: _State, heading: tuple[str, str | None], lines: list[str], i: int) -> None:
    st.form, st.form_domain = heading
    num = st.form.split()[-1]
    fallback = DOMAIN_ROMANS[int(num) - 1] if num.isdigit() and 1 <= int(num) <= 7 else None
    st.form_domain = st.form_domain or _title_domain(lines, i) or fallback
    st.domain = st.form_domain
    st.in_table = False
    st.cols = None
    st.group_code = None
    st.by_code = {}


def _start_table(st: _State, lines: list[str], i: int) -> int:
    """Read the (one- or two-line) header at ``lines[i]``; return the index of the line after it."""
    second = None
    j = i + 1
    if j < len(lines) and is_header_continuation(lines[j]):
        second = lines[j]
        j += 1
    head = header_cells(lines[i])
    if second is None and st.in_table and st.cols is not None and head == st.head:
        return j  # the header repeated at the top of a page without its second line: the columns stay
    st.head = head
    cols = columns_from_header(lines[i], second)
    if not st.in_table and st.cols is None:
        st.by_code = {}
        st.group_code = None
    st.cols = cols
    st.in_table = True
    return j


def _read_row(lines: list[str], i: int, file_name: str, st: _State, rows: list[Indicator]) -> int:
    """Read the table row at ``lines[i]`` into ``rows``; return how many lines it took (a row wrapped onto the
    next line: the first part stops after the name)."""
    cols = st.cols
    assert cols is not None
    line = lines[i]
    cells = line.split("\t")
    consumed = 1
    if len(cells) <= (cols.unit or cols.value) and i + 1 < len(lines) and lines[i + 1].strip():
        nxt = lines[i + 1]
        if not CODE.match(strip_markup(nxt.split("\t")[0])) or "\t" not in nxt:
            cells = (line + " " + nxt).split("\t")
            consumed = 2
    if rows and _merge_continuation(rows[-1], cells, cols):
        return consumed
    row = _row(cells, i + 1, file_name, st)
    if row is not None:
        rows.append(row)
    return consumed


def _merge_continuation(prev: Indicator, cells: list[str], cols: Columns) -> bool:
    """A line that only continues the previous row's cells (a coded unit spread over several lines:
    'Chưa = 0' / 'Hoàn thành = 1'). Merged into the previous row; returns True when it was."""
    code = _code(cells, cols)
    if code:
        return False
    name = _cell(cells, cols.name)
    unit = _cell(cells, cols.unit)
    value = _cell(cells, cols.value)
    note = _cell(cells, cols.note)
    sub = [s for s in (_cell(cells, k) for k in cols.sub) if s]
    coded_more = unit is not None and "=" in unit and prev.unit is not None and "=" in prev.unit
    bare = not name and not sub and not value and (unit or note)
    if not (coded_more or bare) or (value and prev.raw_value):
        return False
    if unit:
        prev.unit = f"{prev.unit} {unit}" if prev.unit else unit
    if name:
        prev.name = f"{prev.name} ({name})"
    if note:
        prev.note = f"{prev.note} {note}" if prev.note else note
    if value and not prev.raw_value:
        reading, extra = read_cell(value, prev.unit)
        prev.raw_value = value
        prev.value = reading.value if reading else None
        prev.number_format = reading.fmt if reading else None
        prev.flags = [*prev.flags, *extra, *(reading.flags if reading else ())]
        prev.is_group = False
    return True


def _title_domain(lines: list[str], i: int) -> str | None:
    for nxt in lines[i + 1 : i + 4]:
        if "\t" in nxt:
            break
        d = domain_of(strip_markup(nxt))
        if d:
            return d
    return None


def _cell(cells: list[str], idx: int | None) -> str | None:
    if idx is None or idx >= len(cells):
        return None
    value = strip_markup(cells[idx])
    return value or None


def _code(cells: list[str], cols: Columns) -> str | None:
    """The row's code: in the STT column, or in an unnamed column left of it (the header has empty columns
    before its STT cell: a header centred over a left-aligned code column of a table without rules splits into
    two columns, the codes on the left, 'STT' on the right)."""
    code = _cell(cells, cols.code)
    for k in range(cols.code if code is None else 0):
        c = _cell(cells, k)
        if c is not None:
            return c if CODE.match(c) else None
    return code


def _row(cells: list[str], line_no: int, file_name: str, st: _State) -> Indicator | None:
    cols = st.cols
    assert cols is not None
    code = _code(cells, cols)
    sub = [s for s in (_cell(cells, k) for k in cols.sub) if s]
    name = _name(_cell(cells, cols.name), sub, st)
    unit = _cell(cells, cols.unit)
    raw_value = _cell(cells, cols.value)
    if not name and not raw_value:
        return None
    if code and not CODE.match(code):
        # a wrapped name or a stray cell in the code column: keep it in the name
        name = f"{code} {name or ''}".strip()
        code = None
    bold = "<b>" in cells[cols.name] if cols.name < len(cells) else False
    is_roman = bool(code and ROMAN.match(code))
    value, number_format, denominator, flags = _reading(raw_value, unit)
    if is_roman:
        _start_group(st, code, name)
    norm = _norm_code(code) if code and not is_roman else None
    parent = _parent(st, norm, is_roman, bool(sub))
    row = Indicator(
        file=file_name,
        form=st.form,
        domain=st.domain,
        code=code,
        name=name or "",
        unit=unit,
        raw_value=raw_value,
        value=value,
        note=_cell(cells, cols.note),
        line=line_no,
        is_group=is_roman or (value is None and not raw_value and (bold or not unit)),
        parent_code=parent.code if parent else None,
        path=_path(parent, flags),
        number_format=number_format,
        flags=flags,
        denominator=denominator,
    )
    if is_roman:
        st.by_code[st.group_code] = row
    elif norm:
        st.by_code[norm] = row
        st.last_coded = row
    return row


def _name(name: str | None, sub: list[str], st: _State) -> str | None:
    """The row's name with its sub-label cells; a row with sub-labels and no name takes the last named one's."""
    if not name and sub:
        if st.last_sub_label:
            name = st.last_sub_label
    elif name and sub:
        st.last_sub_label = name
    elif name:
        st.last_sub_label = None
    if sub:
        name = f"{name}: {' '.join(sub)}" if name else " ".join(sub)
    return name


def _reading(raw_value: str | None, unit: str | None) -> tuple[float | None, str | None, float | None, list[str]]:
    """(value, number format, denominator, flags) of a value cell."""
    reading, flags = read_cell(raw_value, unit)
    flags = list(flags)
    value = number_format = denominator = None
    if reading is not None:
        value = reading.value
        number_format = reading.fmt
        flags.extend(reading.flags)
        denominator = reading.denominator
    if raw_value and unit_kind(unit) == "rate" and value is not None and not 0 <= value <= 100:
        flags.append("rate_out_of_range")
    return value, number_format, denominator, flags


def _start_group(st: _State, code: str, name: str | None) -> None:
    """A Roman-numeral row opens a group: the numbering restarts, and its name may name the domain."""
    d = domain_of(name or "")
    if d:
        st.domain = d
    st.group_code = _norm_code(code)
    st.by_code = {}


def _parent(st: _State, norm: str | None, is_roman: bool, has_sub: bool) -> Indicator | None:
    if norm is None and not is_roman and has_sub and st.last_coded:
        return st.last_coded  # a sub-label row ("Chia theo tên loại VBQPPL: ...") belongs to the coded row above
    if norm and "." in norm:
        return st.by_code.get(norm.rsplit(".", 1)[0])
    if norm is not None and st.group_code and st.group_code in st.by_code:
        return st.by_code[st.group_code]
    return None


def _path(parent: Indicator | None, flags: list[str]) -> list[str]:
    """The names of the row's ancestors; deep numbering (1.1.1.1...) must not multiply the file into paths."""
    path = [*parent.path, parent.name] if parent else []
    if len(path) > MAX_CODE_DEPTH:
        path = path[:MAX_CODE_DEPTH]
        if "nesting_capped" not in flags:
            flags.append("nesting_capped")
    return path


def reconcile_ambiguous(rows: list[Indicator]) -> None:
    """Decide ambiguous cells from the arithmetic around them: a parent row equal to the sum of its
    children (two or more, same unit) takes the reading that makes the sum hold. Rates are not checked
    against part / total; undecided cells keep the ``ambiguous_number`` flag."""
    from pardw.parse.numbers import parse_number

    children: dict[tuple[str | None, str], list[Indicator]] = {}
    for r in rows:
        if r.parent_code:
            children.setdefault((r.form, r.parent_code), []).append(r)
    for r in rows:
        if "ambiguous_number" not in r.flags or r.value is None:
            continue
        reading = parse_number(r.raw_value, r.unit)
        if reading is None or reading.alternative is None:
            continue
        kids = [k for k in children.get((r.form, r.code or ""), []) if k.value is not None and k.unit == r.unit]
        if len(kids) >= 2:
            total = sum(k.value for k in kids)
            if abs(total - reading.value) < 0.5:
                _decide(r, reading.value, "arith_sum")
            elif abs(total - reading.alternative) < 0.05:
                _decide(r, reading.alternative, "arith_sum")


def _decide(row: Indicator, value: float, how: str) -> None:
    row.value = value
    row.flags = [f for f in row.flags if f != "ambiguous_number"]
    row.number_format = f"{row.number_format}+{how}"


__all__ = [  # form_heading, domain_of and the header tests are defined in headings / tables, and imported from here
    "DOMAIN_PATTERNS", "FORM_HEADING", "MAX_CODE_DEPTH", "Columns", "columns_from_header", "domain_of", "form_heading",
    "is_header_continuation", "is_indicator_header", "is_other_header", "parse_appendix", "reconcile_ambiguous",
]  # fmt: skip
