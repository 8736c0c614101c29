"""Which provincial unit a report is about, on either side of the 2025 merger.

Until 30/6/2025 there were 63 provincial units; from 1/7/2025 there are 34 (Nghị quyết
202/2025/QH15). A new unit keeps the code of the old unit that hosts its administrative centre
(the new Lâm Đồng = Lâm Đồng + Đắk Nông + Bình Thuận keeps 68), so a code alone does not say
which generation is meant: the generation is chosen by the date the report speaks of (the end
of its reporting period, else its issue date). Names of either generation resolve: a 2026
report naming "Đắk Nông" is about its successor, the new Lâm Đồng, with a warning.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pardw.config import REFERENCE_DIR
from pardw.parse.text import fold

MERGER_DATE = date(2025, 7, 1)
GENERATION_63 = "63"  # the 63 units in force until 30/6/2025
GENERATION_34 = "34"  # the 34 units in force from 1/7/2025

_PERIOD_BOUNDS = {  # period type -> (first month, last month)
    "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "9M": (1, 9), "FY": (1, 12),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Succession:
    old_code: str
    old_name: str
    new_code: str
    new_name: str


@lru_cache(maxsize=1)
def successions() -> dict[str, Succession]:
    """Old code -> its successor among the 34 (reference/province_merger_2025.csv)."""
    with (REFERENCE_DIR / "province_merger_2025.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {r["old_code"]: Succession(r["old_code"], r["old_name"], r["new_code"], r["new_name"]) for r in rows}


def predecessors(new_code: str) -> list[Succession]:
    return [s for s in successions().values() if s.new_code == new_code]


def new_unit_name(new_code: str) -> str:
    """Short name of a unit of the 34 ("Thành phố Hải Phòng" -> "Hải Phòng"), as reports name it."""
    name = next(s.new_name for s in successions().values() if s.new_code == new_code)
    return re.sub(r"^Thành phố\s+", "", name)


def period_bounds(period_type: str | None, year: int | None) -> tuple[date, date] | None:
    if period_type not in _PERIOD_BOUNDS or year is None:
        return None
    first, last = _PERIOD_BOUNDS[period_type]
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), date.fromordinal(end.toordinal() - 1)


@dataclass(frozen=True, slots=True)
class Resolution:
    code: str
    name: str
    generation: str
    warnings: tuple[tuple[str, str], ...] = ()  # (code, message)


def resolve_unit(
    old_code: str, old_name: str, period_type: str | None, year: int | None, issue_date: str | None, text: str
) -> Resolution:
    """The unit in force for the report's period end (else issue date) named by one of the 63 names.

    ``text`` is the opening of the report, read for mentions of the former provinces (cũ).
    """
    bounds = period_bounds(period_type, year)
    issued = date.fromisoformat(issue_date) if issue_date else None
    as_of = bounds[1] if bounds else issued
    if as_of is None or as_of < MERGER_DATE:
        warnings = []
        if bounds and issued and issued >= MERGER_DATE:
            new = successions()[old_code]
            warnings.append(("province_issued_after_merger",
                             f"the report was issued on {issued.isoformat()}, after the 1/7/2025 merger, about a "
                             f"period that ended before it: resolved to the former unit {old_name} ({old_code}, one "
                             f"of the 63), now part of {new.new_name} ({new.new_code})"))  # fmt: skip
        return Resolution(old_code, old_name, GENERATION_63, tuple(warnings))
    new = successions()[old_code]
    name = new_unit_name(new.new_code)
    warnings = []
    folded_name, folded_new = fold(old_name), fold(name)
    # "Thừa Thiên Huế" -> "Huế" is the same unit renamed; "Kiên Giang" -> "An Giang" is a former name
    if folded_name != folded_new and not (old_code == new.new_code and folded_new in folded_name):
        warnings.append(("province_former_name",
                         f"the report names the former province {old_name} (cũ) for a period after the 1/7/2025 "
                         f"merger: resolved to its successor {new.new_name} ({new.new_code}, one of the 34)"))  # fmt: skip
    if bounds and bounds[0] < MERGER_DATE and len(predecessors(new.new_code)) > 1:
        mentioned = _former_units_mentioned(new.new_code, text)
        detail = f"; the text speaks of the former {', '.join(mentioned)} (cũ)" if len(mentioned) > 1 else ""
        warnings.append(("province_period_spans_merger",
                         f"the reporting period {period_type} {year} spans the 1/7/2025 merger: resolved to the unit "
                         f"in force at its end, {new.new_name} ({new.new_code}, one of the 34){detail}; its figures "
                         f"may cover the former provinces for part of the period"))  # fmt: skip
    return Resolution(new.new_code, name, GENERATION_34, tuple(warnings))


def _former_units_mentioned(new_code: str, text: str) -> list[str]:
    folded = fold(text)
    return [
        p.old_name
        for p in predecessors(new_code)
        if re.search(rf"(?<![a-z]){re.escape(fold(p.old_name))}(?![a-z])", folded)
    ]


__all__ = [
    "GENERATION_34",
    "GENERATION_63",
    "MERGER_DATE",
    "Resolution",
    "Succession",
    "new_unit_name",
    "period_bounds",
    "predecessors",
    "resolve_unit",
    "successions",
]
