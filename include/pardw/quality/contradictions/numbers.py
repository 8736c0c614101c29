"""Numbers as Vietnamese reports print them: "1.883" (thousands with dots), "1,75" (decimal comma),
"2,004" in an English-formatted appendix, "02"; money in tỷ / triệu / nghìn đồng."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

# a number in prose: 7.106.146 / 1,75 / 02 / 124 (dates and document numbers are masked first)
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w]|[.,]\d)")
_MASK = re.compile(
    r"\d{1,2}/\d{1,2}/\d{2,4}|\b\d{1,2}/\d{4}\b|\d+(?:/\d{4})?/[A-ZĐ][\wĐ&-]*|năm \d{4}|(?:số|Số|khóa|khoá) [\dIVX]+"
    r"|\d{4}\s*-\s*\d{4}|\b(?:19|20)\d{2}\b"
)
RATIO = re.compile(r"^\s*(?:[^\W\d]+\s?){0,3}/\s*$")  # what lies between A and B in "A triệu đồng/B"
MONEY = {"tỷ đồng": 1e9, "triệu đồng": 1e6, "nghìn đồng": 1e3, "ngàn đồng": 1e3, "đồng": 1.0}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse_vi(text: str) -> float | None:
    """A Vietnamese-printed number: dots group thousands, a comma is the decimal mark."""
    t = text.strip().rstrip("%").strip()
    if not re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", t):
        return None
    return float(t.replace(".", "").replace(",", "."))


def decimals(raw: str | None, number_format: str | None = None) -> int:
    """How many decimals a printed value shows ("22,45" -> 2, "100" -> 0, "14.33" in an English table -> 2)."""
    if not raw:
        return 0
    t = raw.strip().rstrip("%").strip()
    if number_format == "en":
        mark = "."
    elif "," in t:
        mark = ","
    elif re.fullmatch(r"\d+\.\d{1,2}", t):  # 14.33: a decimal point, not a thousands group
        mark = "."
    else:
        return 0
    head, _, tail = t.rpartition(mark)
    return len(tail) if head and tail.isdigit() else 0


def tolerance(raw: str | None, number_format: str | None = None) -> float:
    """One unit of the last printed decimal: half of it is rounding, the other half a producer rounding an
    already rounded figure (99,99 % for 45.531 / 45.538 = 99,9846 %); a little more for binary fractions."""
    return 10 ** -decimals(raw, number_format) + 1e-9


def fmt(value: float) -> str:
    """A value as the reports print it: 1.883, 12,05."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}".replace(",", ".")
    whole, _, frac = f"{value:,.2f}".partition(".")
    return whole.replace(",", ".") + "," + frac


@dataclass(frozen=True, slots=True)
class Mention:
    """A number in a sentence, what follows it (its unit or counted noun) and what precedes it."""

    value: float
    raw: str
    start: int
    end: int
    after: str  # the words after the number, up to punctuation
    before: str  # the words before the number, back to punctuation or the sentence start
    percent: bool
    money: float | None  # the factor to đồng when a money unit follows
    over: float | None = None  # B of "A/B" (or "A triệu đồng/B triệu đồng") printed at this number


def mask(text: str) -> str:
    """The text with its dates, years and document numbers blanked (same length)."""
    return _MASK.sub(lambda m: " " * len(m.group(0)), text)


def mentions(text: str) -> list[Mention]:
    """The numbers of a sentence (each rule asks again: the answer is cached)."""
    return list(_mentions(text))


@functools.lru_cache(maxsize=8192)
def _mentions(text: str) -> tuple[Mention, ...]:
    out: list[Mention] = []
    for m in NUMBER.finditer(mask(text)):
        value = parse_vi(m.group(1))
        if value is None:
            continue
        rest = text[m.end() :]
        percent = rest.lstrip().startswith("%")
        after = re.split(r"[;:()\[\],./]|\s-\s", rest.lstrip(" %"), maxsplit=1)[0].strip()
        head = text[: m.start()]
        before = re.split(r"[;()\[\]]|,\s|\.\s", head)[-1].strip()
        low = after.lower()
        money = next((f for unit, f in MONEY.items() if low.startswith(unit)), None)
        out.append(Mention(value, m.group(1), m.start(), m.end(), after, before, percent, money))
    for i, (a, b) in enumerate(itertools.pairwise(out)):
        if RATIO.match(text[a.end : b.start]) and not a.percent:
            out[i] = Mention(a.value, a.raw, a.start, a.end, a.after, a.before, a.percent, a.money, b.value)
    return tuple(out)
