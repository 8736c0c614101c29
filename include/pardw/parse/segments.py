"""Where the appendix of a report starts in its canonical rendering (found once by ``report.parse_lines``,
which gives it to the metadata and narrative extractors)."""

from __future__ import annotations

from pardw.parse.appendix import _HEADING_START
from pardw.parse.text import fold, strip_markup


def appendix_start(lines: list[str]) -> int | None:
    """0-based index of the first appendix heading (PHỤ LỤC / Biểu mẫu / Phụ lục N at a line start)."""
    for idx, line in enumerate(lines):
        if "\t" in line or not _HEADING_START.match(line):
            continue
        plain = fold(strip_markup(line.replace("**", " ")))
        if plain.startswith(("phu luc", "bieu mau")) and len(plain) < 400:
            return idx
    return None


__all__ = ["appendix_start"]
