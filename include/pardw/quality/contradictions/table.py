"""Arithmetic from an appendix table's own structure, whether or not the catalog knows its rows: a total
equals the sum of its printed children, a Tỷ lệ row equals its own numerator / denominator, a "%" row holds a
percentage, a count's cell holds a count, a unit is printed, the unit names what the row counts, and a
Ghi chú does not deny the figures beside it."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from pardw.quality.contradictions.model import BLOCKING, WARNING, Contradiction, Place, Row
from pardw.quality.contradictions.numbers import fmt, tolerance

# what a row counts, by the first word(s) of its name after "Tổng số / Số lượng / Số", and by its unit
NOUNS = {
    "hồ sơ": ("hồ sơ",),
    "thủ tục": ("thủ tục", "tthc", "dvctt", "dvc", "dịch vụ công"),
    "văn bản": ("văn bản", "vbqppl", "quyết định", "nghị quyết"),
    "người": ("người", "công chức", "viên chức", "biên chế", "cán bộ", "lãnh đạo", "cbccvc", "cbcc"),
    "nhiệm vụ": ("nhiệm vụ",),
    "đơn vị": ("đơn vị", "cơ quan", "đvsn", "đvsncl", "ubnd", "tổ chức", "ban", "sở", "xã"),
}
_PREFIX = re.compile(r"^(tổng số lượng|tổng số|số lượng|số)\s+", re.I)
_TOTAL = re.compile(r"^tổng\b", re.I)
_DENOMINATOR = re.compile(
    r"^tổng|đề ra|được giao|cần (phải )?xử lý|đủ điều kiện|có yêu cầu|phát hiện qua|kế hoạch", re.I
)
_NO_FIGURES = re.compile(r"(chưa|không) có số liệu|chưa thống kê|không có số liệu|chưa tổng hợp được", re.I)
_SCOPED = re.compile(r"số liệu[^.;]*\b(cấp tỉnh|cấp xã|cấp huyện)\b", re.I)
_INCLUDES = re.compile(r"^\s*(bao gồm|gồm)\b", re.I)


def form_label(row: Row) -> str:
    return row.form or "bảng"


def place(row: Row) -> Place:
    return Place(row.line, row.locator, row.form, row.code)


def is_rate(row: Row) -> bool:
    unit = (row.unit or "").strip()
    return unit.startswith("%") or (not unit and row.name.lower().startswith("tỷ lệ"))


def is_coded(row: Row) -> bool:
    """A yes/no or category row ("Có = 1; Không = 0")."""
    return "=" in (row.unit or "")


def is_count(row: Row) -> bool:
    return not is_rate(row) and not is_coded(row)


_NOUN_WORDS = [(noun, re.compile(re.escape(w) + r"\b"), len(w)) for noun, words in NOUNS.items() for w in words]


@functools.lru_cache(maxsize=16384)
def noun_of_name(name: str) -> str | None:
    low = _PREFIX.sub("", name.strip().lower(), count=1)
    if low == name.strip().lower():  # not "Số ..." / "Tổng số ...": the name does not say what it counts
        return None
    return _noun_at_start(low)


@functools.lru_cache(maxsize=4096)
def noun_of_unit(unit: str | None) -> str | None:
    return _noun_at_start((unit or "").strip().lower())


def _noun_at_start(text: str) -> str | None:
    best = None
    for noun, pattern, size in _NOUN_WORDS:
        if (best is None or size > best[1]) and pattern.match(text):
            best = (noun, size)
    return best[0] if best else None


def numeric(row: Row) -> bool:
    return row.value is not None and row.denominator is None


def printed(row: Row) -> bool:
    """The cell holds something (a number, "-", text)."""
    return bool((row.raw_value or "").strip())


_LAST: list = [None, None]  # (rows, their children): the last report's


def children_of(rows: list[Row]) -> dict[int, list[Row]]:
    """Each row's children by the row's line: a child's parent is the nearest row above it, in the same form,
    printing the child's parent code (codes restart in each section of a form: "1" under II is not "1" under I)."""
    if _LAST[0] is rows:  # the rules of one report ask for the same rows' children in turn
        return _LAST[1]
    out: dict[int, list[Row]] = defaultdict(list)
    last: dict[tuple[str | None, str], Row] = {}
    for r in sorted(rows, key=lambda r: r.line):
        if r.parent_code and (parent := last.get((r.form, _code(r.parent_code)))) is not None:
            out[parent.line].append(r)
        if r.code:
            last[(r.form, _code(r.code))] = r
    _LAST[:] = [rows, out]
    return out


def _code(code: str) -> str:
    return code.strip().rstrip(".")


def check_rows(rows: list[Row], populations: Iterable[float] = ()) -> list[Contradiction]:
    """Every contradiction of the appendix rows of one report. ``populations`` are the sizes the report
    states elsewhere (B of "A/B" in the prose), evidence that a whole number in a "%" row is a count."""
    kids = children_of(rows)
    sizes = {p for p in populations if p > 1}
    out: list[Contradiction] = []
    for row in rows:
        children = kids.get(row.line, [])
        if is_rate(row):
            out += _rate(row, children)
            out += _count_in_rate_row(row, sizes)
        elif is_count(row):
            out += _parent_sum(row, children)
            out += _percent_in_count(row)
            out += _unit(row, rows)
        out += _note(row, kids)
    out += _unit_in_value_place(rows)
    return out


def _rate_parts(children: list[Row]) -> tuple[Row, Row] | None:
    counts = [c for c in children if is_count(c)]
    if len(counts) != 2 or len(children) != 2:
        return None
    first, second = counts
    if _DENOMINATOR.search(second.name) and not _DENOMINATOR.search(first.name):
        return second, first
    return first, second  # the templates print the whole first


def _pct(raw: str | None) -> str:
    return (raw or "").strip().rstrip("%").strip() + " %"


def _rate(row: Row, children: list[Row]) -> list[Contradiction]:
    parts = _rate_parts(children)
    if parts is None:
        return []
    den, num = parts
    if not (numeric(den) and numeric(num)):
        return []
    places = (place(row), place(den), place(num))
    label = f"{form_label(row)} dòng {row.code}"
    if not printed(row) or (row.raw_value or "").strip() in ("-", "x", "X"):
        if den.value and den.value > 0:
            expected = 100.0 * num.value / den.value
            return [Contradiction(
                "table_rate_empty", WARNING, places, "(trống)", f"{fmt(round(expected, 2))} %",
                f"{fmt(num.value)} / {fmt(den.value)} × 100 = {fmt(round(expected, 2))} %, ô tỷ lệ để trống",
                f"Tỷ lệ để trống trong khi số liệu của nó có ({label})",
                f"the rate is empty while its counts are printed ({label})",
            )]  # fmt: skip
        return []
    if row.value is None:
        return []
    if den.value == 0:
        if num.value == 0:
            return [Contradiction(
                "table_rate_of_nothing", WARNING, places, _pct(row.raw_value), "không xác định (0/0)",
                f"{fmt(num.value)} / {fmt(den.value)} = không xác định ≠ {_pct(row.raw_value)}",
                f"Tỷ lệ {_pct(row.raw_value)} trên 0/0 (không xác định) ({label})",
                f"a rate of {_pct(row.raw_value)} printed over 0/0, which is undefined ({label})",
            )]  # fmt: skip
        return []
    expected = 100.0 * num.value / den.value
    tol = tolerance(row.raw_value, row.number_format)
    truncated = abs(row.value - _truncate(expected, row.raw_value, row.number_format)) < 1e-9
    if abs(row.value - expected) <= tol or truncated:
        return []
    return [Contradiction(
        "table_rate_not_its_counts", WARNING, places, _pct(row.raw_value), f"{fmt(round(expected, 2))} %",
        f"{fmt(num.value)} / {fmt(den.value)} × 100 = {fmt(round(expected, 2))} % ≠ {_pct(row.raw_value)}",
        f"Tỷ lệ không khớp với số liệu của chính nó ({label})",
        f"the rate does not match its own counts ({label})",
    )]  # fmt: skip


def _truncate(value: float, raw: str | None, number_format: str | None) -> float:
    from pardw.quality.contradictions.numbers import decimals

    scale = 10 ** decimals(raw, number_format)
    return int(value * scale) / scale


def _count_in_rate_row(row: Row, sizes: set[float]) -> list[Contradiction]:
    if row.value is None or row.value != int(row.value) or "%" in (row.raw_value or ""):
        return []
    label = f"{form_label(row)} dòng {row.code}"
    if row.value > 100:
        severity, why_vi, why_en = BLOCKING, f"{fmt(row.value)} % > 100 %", f"{fmt(row.value)} % > 100 %"
    elif 0 < row.value < 100 and (row.value in sizes or _INCLUDES.match(row.note or "")):
        because = (
            f"báo cáo nêu tổng thể {fmt(row.value)} (…/{fmt(row.value)})"
            if row.value in sizes
            else f"Ghi chú liệt kê đối tượng đếm: “{(row.note or '').strip()[:60]}”"
        )
        severity, why_vi, why_en = WARNING, because, "a whole count of units, not a percentage"
    else:
        return []
    return [Contradiction(
        "table_count_in_rate_row", severity, (place(row),), f"{row.raw_value} (đơn vị tính %)",
        "một tỷ lệ 0–100 %", f"{why_vi}",
        f"Dòng tỷ lệ (%) ghi một số đếm ({label})",
        f"a whole count printed in a percentage row ({label}; {why_en})",
    )]  # fmt: skip


def _parent_sum(row: Row, children: list[Row]) -> list[Contradiction]:
    if not numeric(row) or len(children) < 2:
        return []
    if any(not is_count(c) or not numeric(c) for c in children):
        return []
    unit = noun_of_unit(row.unit)
    if any(noun_of_unit(c.unit) not in (None, unit) for c in children):
        return []
    total = sum(c.value for c in children)
    if abs(total - row.value) < 0.5:
        return []
    diff = abs(row.value - total)
    if any(abs(n - diff) < 0.5 for n in _note_numbers(row.note)):
        return []  # the Ghi chú accounts for the difference ("Có 6/21 nhiệm vụ chưa hoàn thành ...")
    label = f"{form_label(row)} dòng {row.code}"
    terms = " + ".join(fmt(c.value) for c in children)
    notes: tuple[str, ...] = ()
    for k in range(len(children) - 1, 1, -1):
        hit = next((s for s in combinations(children, k) if abs(sum(c.value for c in s) - row.value) < 0.5), None)
        if hit:
            left = [c for c in children if c not in hit]
            notes = (
                f"{row.code} = "
                + " + ".join(f"{c.code} ({fmt(c.value)})" for c in hit)
                + "; không gồm / not including "
                + ", ".join(f"{c.code} ({fmt(c.value)})" for c in left),
            )
            break
    return [Contradiction(
        "table_parent_not_sum", WARNING, (place(row), *(place(c) for c in children)), fmt(row.value), fmt(total),
        f"{terms} = {fmt(total)} ≠ {fmt(row.value)}",
        f"Tổng không bằng tổng các dòng con ({label})",
        f"the total is not the sum of its rows ({label})", notes,
    )]  # fmt: skip


def _note_numbers(note: str | None) -> list[float]:
    from pardw.quality.contradictions.numbers import mentions

    return [m.value for m in mentions(note or "")]


def _percent_in_count(row: Row) -> list[Contradiction]:
    raw = (row.raw_value or "").strip()
    if "%" not in raw or is_coded(row) or noun_of_unit(row.unit) is None:
        return []
    label = f"{form_label(row)} dòng {row.code}"
    return [Contradiction(
        "table_percent_in_count", WARNING, (place(row),), raw, f"một số đếm ({row.unit})",
        f"ô số liệu “{raw}” có dấu %, đơn vị tính “{row.unit}”",
        f"Ô số đếm ghi tỷ lệ phần trăm ({label})", f"a percentage in a count's cell ({label})",
    )]  # fmt: skip


def _unit(row: Row, rows: list[Row]) -> list[Contradiction]:
    label = f"{form_label(row)} dòng {row.code}"
    if not (row.unit or "").strip():
        if row.value is None or not row.code:
            return []
        others = [r for r in rows if r.form == row.form and r is not row and r.value is not None]
        if not others or sum(1 for r in others if (r.unit or "").strip()) < 0.8 * len(others):
            return []  # a form that prints no units at all is not this finding
        return [Contradiction(
            "table_unit_empty", WARNING, (place(row),), "(trống)", "một đơn vị tính",
            f"dòng {row.code} có số liệu {row.raw_value} nhưng ô đơn vị tính để trống",
            f"Thiếu đơn vị tính ({label})", f"the unit cell is empty ({label})",
        )]  # fmt: skip
    counted, unit = noun_of_name(row.name), noun_of_unit(row.unit)
    if counted and unit and counted != unit and {counted, unit} <= {"hồ sơ", "thủ tục", "văn bản", "người", "nhiệm vụ"}:
        return [Contradiction(
            "table_unit_not_what_is_counted", WARNING, (place(row),), f"đơn vị tính “{row.unit}”",
            f"“{counted.capitalize()}”", f"chỉ tiêu đếm “{counted}” nhưng đơn vị tính là “{row.unit}”",
            f"Đơn vị tính không phải là cái được đếm ({label})",
            f"the unit does not name what the row counts ({label})",
        )]  # fmt: skip
    return []


def _unit_in_value_place(rows: list[Row]) -> list[Contradiction]:
    out = []
    for row in rows:
        unit = (row.unit or "").strip()
        if re.fullmatch(r"\d+(?:[.,]\d+)?\s*%", unit) and row.value is not None:
            label = f"{form_label(row)} dòng {row.code}"
            out.append(Contradiction(
                "table_value_in_unit_cell", WARNING, (place(row),), f"đơn vị tính “{unit}”, số liệu {row.raw_value}",
                "đơn vị tính “%” và số liệu là tỷ lệ",
                f"ô đơn vị tính ghi “{unit}”, ô số liệu ghi {row.raw_value}: hai ô bị đổi chỗ",
                f"Đơn vị tính và số liệu bị đổi chỗ ({label})",
                f"the unit cell holds a value and the value cell something else ({label})",
            ))  # fmt: skip
    return out


def _note(row: Row, kids: dict[int, list[Row]]) -> list[Contradiction]:
    note = (row.note or "").strip()
    if not note or not _NO_FIGURES.search(note) or _SCOPED.search(note):
        return []  # a note naming the level its figures cover explains them ("Số liệu ... cấp tỉnh do chưa có ...")
    siblings = next((v for v in kids.values() if any(r is row for r in v)), [])
    group = [row, *(r for r in siblings if r.line > row.line)]
    valued = [r for r in group if numeric(r) and r.value]
    if not valued:
        return []
    label = f"{form_label(row)} dòng {row.code}"
    figures = ", ".join(f"{r.code} = {r.raw_value}" for r in valued)
    return [Contradiction(
        "table_note_contradicts_value", WARNING, tuple(place(r) for r in valued), note[:80], "không có số liệu",
        f"Ghi chú “{note[:80]}” nhưng {figures}",
        f"Ghi chú nói không có số liệu nhưng dòng có số liệu ({label})",
        f"the Ghi chú says there are no figures, yet figures are printed ({label})",
    )]  # fmt: skip
