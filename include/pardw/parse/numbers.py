"""Reading numbers as Vietnamese reports print them.

'.' is normally the thousands separator and ',' the decimal one (1.993; 51,35), but
cells also use ',' for thousands (2,004 procedures) and '.' for decimals (62.28 %),
sometimes in the same document. A cell is decided from its unit (whole counts vs
rates), its shape, and, where still ambiguous, the arithmetic around it (see
``appendix.reconcile_ambiguous``). How each cell was read is recorded in ``fmt``;
a cell that could not be decided carries the flag ``ambiguous_number``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pardw.parse.text import fold


@dataclass(frozen=True, slots=True)
class NumberReading:
    value: float
    fmt: str  # "integer", "vi" (1.993 / 51,35), "en" (2,004 / 62.28), "coded" (Có = 1), "fraction" (19/37)
    flags: tuple[str, ...] = field(default_factory=tuple)
    alternative: float | None = None  # the other reading of an ambiguous cell
    denominator: float | None = None  # "26/26" in a count row: 26 of 26


_NUM = re.compile(r"^[+-]?\d{1,3}(?:[.,]\d+)*$|^[+-]?\d+(?:[.,]\d+)?$")
_LEADING = re.compile(r"^\s*([+-]?\d[\d.,]*)\s*(%?)")
_COUNT_UNITS = (
    "ho so", "thu tuc", "nguoi", "van ban", "dvc", "don vi", "co quan", "nhiem vu", "van de", "pakn", "ban",
    "to chuc", "so luong", "trieu dong", "dong", "phieu", "cuoc", "lop", "tin", "chuyen muc", "bien che",
    "chi tieu", "luot", "xa", "huyen", "phong", "hop dong",
)  # fmt: skip


@lru_cache(maxsize=4096)
def unit_kind(unit: str | None) -> str:
    """'rate' for %, 'coded' for answers like 'Có = 1; Không = 0', 'count' for whole-number units, else 'other'."""
    if not unit:
        return "other"
    u = fold(unit)
    if "=" in u:
        return "coded"
    if "%" in u or u.startswith("ty le"):
        return "rate"
    if any(u.startswith(c) or f" {c}" in u for c in _COUNT_UNITS):
        return "count"
    return "other"


def _single_sep(text: str, sep: str, kind: str) -> NumberReading:
    head, _, tail = text.rpartition(sep)
    thousands = float(text.replace(sep, ""))
    decimal = float(f"{head.replace(sep, '')}.{tail}")
    vi_decimal = sep == ","
    many = text.count(sep) > 1
    if many or (len(tail) == 3 and head.lstrip("+-") != "0" and kind == "count"):
        return NumberReading(thousands, "en" if vi_decimal else "vi")
    if len(tail) != 3 or head.lstrip("+-") == "0":
        return NumberReading(decimal, "vi" if vi_decimal else "en", ("fractional_count",) if kind == "count" else ())
    if kind == "rate":
        return NumberReading(decimal, "vi" if vi_decimal else "en")
    # three digits after a single separator and no unit to decide: thousands is the common case; flag it
    return NumberReading(thousands, "en" if vi_decimal else "vi", ("ambiguous_number",), alternative=decimal)


# No reported quantity has more digits than this (13-digit amounts in đồng exist); longer digit
# runs are garbage or an attack (a 400-digit count became Infinity; 4,301 digits broke int()).
MAX_DIGITS = 20


_NUMERIC_TOKEN = re.compile(r"[0-9][0-9.,]*+")


def too_many_digits(raw: str | None) -> bool:
    """True when a number in the cell has more than MAX_DIGITS digits (read_cell flags it)."""
    if not raw:
        return False
    return any(sum(ch.isdigit() for ch in m.group()) > MAX_DIGITS for m in _NUMERIC_TOKEN.finditer(raw))


def parse_number(raw: str | None, unit: str | None = None) -> NumberReading | None:
    """Read one numeric cell. Empty or non-numeric text gives None (unknown, never 0); so does a
    number with more than MAX_DIGITS digits or separators that allow no defensible reading
    ("0.0,0.0", "1,2.3,4"). Never raises, never returns a non-finite value."""
    if raw is None:
        return None
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if text.endswith("%"):
        text = text[:-1]
        unit = unit or "%"
    if not text or len(text) > 2 * MAX_DIGITS or not _NUM.match(text):
        return None
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        return None
    try:
        reading = _read(text, unit)
    except ValueError:  # a shape _NUM lets through but no reading fits
        return None
    return reading if reading is not None and math.isfinite(reading.value) else None


def _read(text: str, unit: str | None) -> NumberReading | None:
    kind = unit_kind(unit)
    if "," not in text and "." not in text:
        return NumberReading(float(text), "integer")
    if "," in text and "." in text:
        # both separators: the last one is the decimal separator, and it appears once, after every
        # thousands separator ("1.234,5"; "1,234.5"); "0.0,0.0" or "1,2.3,4" has no defensible reading
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if dec == "," else ","
        head, _, tail = text.rpartition(dec)
        if dec in head or thousands in tail:
            return None
        return NumberReading(float(head.replace(thousands, "") + "." + tail), "vi" if dec == "," else "en")
    return _single_sep(text, "," if "," in text else ".", kind)


_FRACTION = re.compile(r"^(\d[\d.,]{0,15})\s{0,3}/\s{0,3}(\d[\d.,]{0,15})$")
_CODE_PAIR = re.compile(r"([^=;\n]+?)\s*=\s*(\d+)")


def coded_answers(unit: str) -> dict[str, float]:
    """'Có = 1; Không = 0' -> {'co': 1, 'khong': 0} (folded labels)."""
    return {fold(label).strip(" ;,."): float(num) for label, num in _CODE_PAIR.findall(unit)}


def read_cell(raw: str | None, unit: str | None) -> tuple[NumberReading | None, tuple[str, ...]]:
    """A table value cell: plain numbers, coded answers, numbers followed by text ("9 phòng ban", "100% (17/17)").

    Returns the reading (or None for empty / pure text cells) and extra flags.
    """
    if raw is None or not raw.strip():
        return None, ()
    text = raw.strip()
    if too_many_digits(text):
        return None, ("number_out_of_range",)
    reading = parse_number(text, unit)
    if reading is not None:
        if unit_kind(unit) == "coded":
            return NumberReading(reading.value, "coded", reading.flags), ()
        return reading, ()
    reading = _coded_answer(text, unit)
    if reading is None:
        reading = _fraction(text, unit)
    if reading is not None:
        return reading, ()
    return _number_with_text(text, unit)


def _coded_answer(text: str, unit: str | None) -> NumberReading | None:
    """The code of an answer the unit lists ("Có" with unit "Có = 1; Không = 0")."""
    if not unit or unit_kind(unit) != "coded":
        return None
    codes = coded_answers(unit)
    key = fold(text).strip(" ;,.")
    return NumberReading(codes[key], "coded") if key in codes else None


def _fraction(text: str, unit: str | None) -> NumberReading | None:
    """ "19/37" outside a rate column: the part, with the whole as its denominator."""
    fraction = _FRACTION.match(text)
    if not fraction or unit_kind(unit) == "rate":
        return None
    part, whole = parse_number(fraction.group(1), unit), parse_number(fraction.group(2), unit)
    if part is None or whole is None:
        return None
    return NumberReading(part.value, "fraction", part.flags, denominator=whole.value)


def _number_with_text(text: str, unit: str | None) -> tuple[NumberReading | None, tuple[str, ...]]:
    """A leading number followed by words: "9 phòng ban, đơn vị", "100% (17/17)"; not "1879/KH-VP"."""
    m = _LEADING.match(text)
    if m and len(text) > len(m.group(0)):
        rest = text[m.end() :].strip()
        if rest[:1] in ("/", "-") or re.match(r"^\d", rest):
            return None, ("text_value",)
        inner = parse_number(m.group(1) + m.group(2), unit)
        if inner is not None:
            return NumberReading(inner.value, inner.fmt, inner.flags, inner.alternative), ("value_with_text",)
    return None, ("text_value",)
