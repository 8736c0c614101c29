"""Text exports (.txt, .md) -> document model, line for line.

Tables come in three dialects, all normalised to tab-separated cells on the line they were on
(so ``line`` keeps pointing at the file's own line):

* tab-separated lines (Word's "save as text"): kept as they are;
* markdown pipe tables (``| 1 | Số văn bản | Văn bản | 10 |``): the pipes become tabs, the
  ``|---|---|`` rule becomes an empty line;
* space-aligned columns (``pdftotext -layout``, fixed-width exports): see
  :mod:`pardw.parse.readers.layout`.

Legacy Vietnamese 8-bit fonts (TCVN3/ABC, VNI) are recognised and converted to Unicode
(:mod:`pardw.parse.readers.legacy`).
"""

from __future__ import annotations

import re

from pardw.parse.decode import decode_bytes, split_lines
from pardw.parse.document_model import SourceDocument
from pardw.parse.readers.dashed import dashed_tables
from pardw.parse.readers.layout import align_columns
from pardw.parse.readers.legacy import convert_legacy
from pardw.parse.readers.stacked import unstack_tables
from pardw.parse.readers.wrapped import join_wrapped

_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")


def read_text(data: bytes, file_name: str, max_bytes: int | None = None) -> SourceDocument:
    text, encoding = decode_bytes(data, max_bytes=max_bytes)
    warnings: list[tuple[str, str, str | None]] = []
    text, legacy = convert_legacy(text)
    if legacy:
        encoding = f"{encoding}+{legacy}"
        warnings.append(("legacy_font_converted", f"text in the legacy {legacy} font encoding, converted", None))
    lines, page_starts = split_lines(text)  # every line separator (CR, VT, NEL, U+2028 …) is a line break
    fmt = "md" if file_name.lower().endswith(".md") else "txt"
    if "|" in text:
        pipes = _pipe_tables(lines)
        if pipes:
            fmt = "md"
    stacked = unstack_tables(lines, warnings)  # LibreOffice's text export: a table's cells one per line
    if stacked:
        warnings.append(("stacked_tables", f"{stacked} table rows written one cell per line read as rows", None))
    if "-- --" in text and (dashed := dashed_tables(lines)):  # pandoc's tables between dashed rules
        warnings.append(("dashed_tables", f"{dashed} table rows between dashed rules read by column", None))
    if "   " in text:
        aligned = align_columns(lines, page_starts, warnings)
        if aligned:
            warnings.append(
                ("space_aligned_tables", f"{aligned} space-aligned table rows read by column position", None)
            )
    if joined := join_wrapped(lines):  # after the tables: their rows are tab-separated by now
        warnings.append(("wrapped_prose_joined", f"{joined} lines of prose wrapped at a fixed width joined", None))
    return SourceDocument(file=file_name, format=fmt, encoding=encoding, text_lines=lines, warnings=warnings)


def _split(row: str) -> list[str]:
    body = row[1:-1] if row.endswith("|") else row[1:]
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _cells(row: str) -> str:
    return "\t".join(c.replace("\\|", "|") for c in _split(row.strip()))


def _second_header(row: str) -> bool:
    cells = [c.strip() for c in row.strip("|").split("|")]
    return not cells[0] and not any(ch.isdigit() for c in cells for ch in c)


def _pipe_tables(lines: list[str]) -> int:
    """Markdown pipe tables to tab-separated cells, in place; returns the rows converted."""
    converted = 0
    for i, line in enumerate(lines):
        s = line.strip()
        if len(s) < 3 or s[0] != "|" or s.count("|") < 3 or "\t" in line:
            continue
        cells = _split(s)
        if all(_RULE_CELL.match(c) for c in cells if c) and any(cells):
            lines[i] = ""
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if nxt.startswith("|") and _second_header(nxt):
                # a two-line header: its second line moves up next to the first, where the rule was
                lines[i], lines[i + 1] = _cells(nxt), ""
                converted += 1
            continue
        lines[i] = _cells(s)
        converted += 1
    return converted


__all__ = ["read_text"]
