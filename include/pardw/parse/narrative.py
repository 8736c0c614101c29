"""Narrative metrics (placeholder until implemented)."""

from __future__ import annotations

from pardw.parse.records import Narrative


def extract_narratives(lines: list[str], file_name: str) -> list[Narrative]:
    return []
