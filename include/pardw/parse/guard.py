"""The last check between the parser and the loader: what PostgreSQL would refuse, or what would be
published as nonsense, never leaves the parser.

* NUL characters (PostgreSQL text cannot hold them; one NUL made the whole file fail) are removed
  from every text field, with one ``nul_removed`` warning per file.
* A non-finite number (``inf``, ``nan``: a 400-digit count overflows a float) becomes no value,
  flagged ``number_out_of_range`` with a warning at its line; a narrative metric (whose value is
  required) is dropped with the same warning.

Every sub-parser (appendix, per-unit tables, narrative, and readers of other formats) goes
through this, so the invariant holds whatever a sub-parser does.
"""

from __future__ import annotations

import math
from dataclasses import fields

from pardw.parse.records import ParsedReport, ParseWarning


def _clean_strings(record) -> int:
    removed = 0
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str):
            if "\x00" in value:
                removed += value.count("\x00")
                setattr(record, f.name, value.replace("\x00", ""))
        elif isinstance(value, list) and value and isinstance(value[0], str) and any("\x00" in v for v in value):
            removed += sum(v.count("\x00") for v in value)
            setattr(record, f.name, [v.replace("\x00", "") for v in value])
    return removed


def _finite(value) -> bool:
    return value is None or not isinstance(value, float) or math.isfinite(value)


def enforce(report: ParsedReport, file_name: str, may_hold_nul: bool = True) -> ParsedReport:
    """Apply the invariants in place (and return the report). ``may_hold_nul=False`` (the text the
    records came from has no NUL) skips the walk over every string field."""
    warnings: list[ParseWarning] = []
    for row in (*report.indicators, *report.breakdowns):
        if not _finite(row.value):
            warnings.append(ParseWarning(file_name, "number_out_of_range",
                                         f"the value {str(row.raw_value)[:40]!r} is out of range; kept as text, no value",
                                         row.line))  # fmt: skip
            row.value = None
            if "number_out_of_range" not in row.flags:
                row.flags.append("number_out_of_range")
    kept = []
    for n in report.narratives:
        if _finite(n.value) and _finite(n.denominator) and n.value is not None:
            kept.append(n)
        else:
            warnings.append(ParseWarning(file_name, "number_out_of_range",
                                         f"a number in the prose ({str(n.raw_value)[:40]!r}) is out of range; not kept",
                                         n.line))  # fmt: skip
    report.narratives = kept
    removed = sum(_clean_strings(r) for r in report.records()) if may_hold_nul else 0
    if removed:
        warnings.append(ParseWarning(file_name, "nul_removed",
                                     f"{removed} NUL character(s) removed from the text (PostgreSQL cannot store them)"))  # fmt: skip
    if warnings:
        report.warnings.extend(warnings)
        report.document.warnings.extend(w.message for w in warnings)
    return report
