"""What the contradiction checks read (a report's printed appendix rows and prose sentences) and what they
return (a contradiction with its evidence). Pure data: the checks never touch a database or a file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

BLOCKING = "blocking"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Row:
    """One printed appendix row (Biểu mẫu / Phụ lục), as raw.appendix_row keeps it."""

    line: int
    name: str
    form: str | None = None
    code: str | None = None
    parent_code: str | None = None
    unit: str | None = None
    raw_value: str | None = None
    value: float | None = None
    note: str | None = None
    locator: str | None = None
    number_format: str | None = None
    denominator: float | None = None  # "26/26" printed in one cell


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence of the prose holding a number, with the line (and locator) it is printed on."""

    line: int
    text: str
    locator: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """Where a person finds one side of a contradiction."""

    line: int
    locator: str | None = None
    form: str | None = None
    code: str | None = None

    def label(self) -> str:
        where = f"{self.form} dòng {self.code}" if self.form and self.code else None
        at = ", ".join(dict.fromkeys(x for x in (f"line {self.line}", self.locator) if x))
        return f"{where} ({at})" if where else at

    def signature(self) -> str:
        """Stable within one version of a file: the row's form and code, else the line."""
        return f"{self.form}#{self.code.rstrip('.')}" if self.form and self.code else f"L{self.line}"


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A place where the report disagrees with itself, with its arithmetic written out."""

    rule: str
    severity: str  # blocking | warning
    places: tuple[Place, ...]  # the first is where the finding is reported
    observed: str
    expected: str
    arithmetic: str  # e.g. "5 + 101 + 506 = 612 ≠ 614"
    message_vi: str
    message_en: str
    notes: tuple[str, ...] = field(default_factory=tuple)  # e.g. different as-of dates

    @property
    def line(self) -> int:
        return self.places[0].line

    def key(self, file_name: str) -> str:
        """A key that stays the same across validations of the same file (and its later versions):
        the rule, the file and where (form + code of appendix rows, else the line)."""
        text = "|".join([self.rule, file_name, *sorted(p.signature() for p in self.places)])
        return hashlib.sha1(text.encode()).hexdigest()[:12]

    def message(self) -> str:
        """Vietnamese first, English beside, then the arithmetic and the places."""
        where = "; ".join(p.label() for p in self.places)
        extra = "".join(f" — {n}" for n in self.notes)
        return f"{self.message_vi} / {self.message_en}: {self.arithmetic} [{where}]{extra}"
