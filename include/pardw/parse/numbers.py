"""Vietnamese number reading. (Initial version; the parser owner refines it, keeping the API.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class NumberReading:
    value: float
    fmt: str  # how it was read: "integer", "vi" (1.993 / 51,35), "en" (2,004 / 62.28), "coded", ...
    flags: tuple[str, ...] = field(default_factory=tuple)  # e.g. ("ambiguous_number",)


_NUM = re.compile(r"^[+-]?\d[\d.,]*$")


def parse_number(raw: str | None, unit: str | None = None) -> NumberReading | None:
    """Read one numeric cell. Empty or non-numeric text gives None (unknown, never 0)."""
    if raw is None:
        return None
    text = raw.strip().rstrip("%").strip()
    if not text or not _NUM.match(text):
        return None
    if "," not in text and "." not in text:
        return NumberReading(float(text), "integer")
    if "," in text and "." not in text:
        head, _, tail = text.rpartition(",")
        if len(tail) == 3 and text.count(",") >= 1 and unit != "%":
            return NumberReading(float(text.replace(",", "")), "en", ("ambiguous_number",) if text.count(",") == 1 else ())
        return NumberReading(float(text.replace(",", ".")), "vi")
    if "." in text and "," not in text:
        head, _, tail = text.rpartition(".")
        if len(tail) == 3 and unit != "%":
            return NumberReading(float(text.replace(".", "")), "vi", ("ambiguous_number",) if text.count(".") == 1 else ())
        return NumberReading(float(text), "en")
    # both separators: the last one is the decimal separator
    if text.rfind(",") > text.rfind("."):
        return NumberReading(float(text.replace(".", "").replace(",", ".")), "vi")
    return NumberReading(float(text.replace(",", "")), "en")
