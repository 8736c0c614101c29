"""Where the appendix of a report starts in its canonical rendering (found once by ``report.parse_lines``, in
:func:`pardw.parse.tables.find_tables`' pass, which gives it to the metadata and narrative extractors)."""

from __future__ import annotations

from pardw.parse.headings import is_appendix_heading


def appendix_start(lines: list[str]) -> int | None:
    """0-based index of the first appendix heading (PHỤ LỤC / Biểu mẫu / Phụ lục N at a line start)."""
    for idx, line in enumerate(lines):
        if is_appendix_heading(line):
            return idx
    return None


__all__ = ["appendix_start"]
