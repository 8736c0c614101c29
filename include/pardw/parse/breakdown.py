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

from pardw.parse.appendix import _FIRST_CELL, form_heading, is_indicator_header
from pardw.parse.numbers import parse_number
from pardw.parse.records import Breakdown, ParseWarning
from pardw.parse.text import fold, strip_markup

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


def is_unit_header(line: str) -> bool:
    if "\t" not in line or not _FIRST_CELL.match(line) or is_indicator_header(line):
        return False
    cells = [fold(strip_markup(c)) for c in line.split("\t")]
    if len(cells) < 4:
        return False
    first = cells[0].replace(" ", "")
    return first in ("tt", "stt") and bool(re.match(r"^(ten )?(don vi|co quan)", cells[1]))


def _header_continuation(line: str) -> bool:
    if "\t" not in line:
        return False
    cells = [strip_markup(c) for c in line.split("\t")]
    return (
        not cells[0] and not cells[1] and any(cells[2:]) and not any(re.fullmatch(r"[\d.,%]+", c) for c in cells if c)
    )


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

    @property
    def signature(self) -> tuple[str, ...]:
        return tuple(fold(m)[:20] for m in self.measures[2:])


def _tables(lines: list[str]) -> list[_Table]:
    tables: list[_Table] = []
    label, label_is_form, section = None, False, None
    current: _Table | None = None
    group: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" not in line:
            heading = form_heading(line)
            if heading:
                label, label_is_form, current, group, section = heading[0], False, None, None, None
            elif "CẤP" in line or "CAP" in line:
                text = strip_markup(line.replace("**", " "))
                if re.match(r"^(I|II|III|IV|V)\.\s+C[ẤA]P\s", text):
                    section = text.split(".", 1)[1].strip().title()
            i += 1
            continue
        if is_indicator_header(line):
            label_is_form = True
            current = None
            i += 1
            continue
        if is_unit_header(line):
            second = lines[i + 1] if i + 1 < len(lines) and _header_continuation(lines[i + 1]) else None
            measures = _measures(line, second)
            if current is None or [fold(m) for m in current.measures] != [fold(m) for m in measures]:
                current = _Table(label, label_is_form, measures)
                tables.append(current)
                group = section
            i += 2 if second else 1
            continue
        if current is not None:
            cells = [strip_markup(c) for c in line.split("\t")]
            code, name = [*cells, "", ""][:2]
            if name and re.fullmatch(r"[\d=+\-\s]*", name):
                pass  # the column-number row under a header ("1  2  3=4+5 ...")
            elif not code and name and not any(cells[2:]) and current.rows:
                current.rows[-1].name += f" {name}"  # a unit name wrapped onto the next line
            elif _ROMAN.match(code) and name:
                group = name.title() if name.isupper() else name
                current.rows.append(_Row(i + 1, code, name, cells, section, True))
            elif fold(code) in ("tong", "cong", "tong cong") or fold(name) in ("tong", "cong", "tong cong"):
                current.rows.append(_Row(i + 1, code, "Tổng", cells, group or section, True))
            elif _NUMBER.match(code) and name:
                current.rows.append(_Row(i + 1, code, name, cells, group, False))
        i += 1
    return tables


def extract_breakdowns(lines: list[str], file_name: str) -> tuple[list[Breakdown], list[ParseWarning]]:
    tables = _tables(lines)
    warnings: list[ParseWarning] = []
    # a fragment displaced before its title by a page break takes the label of the table it continues
    for t in tables:
        if t.label_is_form:
            later = [u for u in tables if u is not t and u.signature == t.signature and not u.label_is_form]
            if later:
                t.label = later[0].label
    out: list[Breakdown] = []
    for t in tables:
        label = t.label or "bảng trong báo cáo (body table)"
        for row in t.rows:
            if len(row.cells) > len(t.measures) + 1 and any(row.cells[len(t.measures) :]):
                warnings.append(ParseWarning(file_name, "breakdown_extra_cells",
                                             f"row '{row.name}' has more cells than the header of {label}", row.line))  # fmt: skip
            level = unit_level(row.name) or (unit_level(row.parent) if row.parent and not row.is_total else None)
            for idx in range(2, min(len(row.cells), len(t.measures))):
                raw = row.cells[idx]
                measure = t.measures[idx]
                if not raw or not measure:
                    continue
                rate = raw.endswith("%") or fold(measure).startswith("ty le")
                reading = parse_number(raw, "%" if rate else "Hồ sơ")
                flags = [] if reading is None else list(reading.flags)
                if reading is None:
                    flags.append("text_value")
                elif rate and not fold(measure).startswith("ty le"):
                    flags.append("rate_in_count_column")
                out.append(
                    Breakdown(file_name, label, row.name, level, row.parent, measure, raw,
                              reading.value if reading else None, row.line, is_total=row.is_total, flags=flags)
                )  # fmt: skip
    return out, warnings
