"""Per-unit breakdown tables (placeholder until implemented)."""

from __future__ import annotations

from pardw.parse.records import Breakdown, ParseWarning


def extract_breakdowns(lines: list[str], file_name: str) -> tuple[list[Breakdown], list[ParseWarning]]:
    return [], []
