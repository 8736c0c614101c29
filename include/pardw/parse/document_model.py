"""One document model for every format: a report as an ordered list of blocks with provenance.

Readers (``pardw.parse.readers.*``) turn bytes of one format into a :class:`SourceDocument`;
the extractors read its canonical text rendering (:meth:`SourceDocument.render`), in which

* a heading, paragraph or footnote is one line (its inner line breaks folded to spaces),
* a table is one line per row, its cells separated by tabs (merged cells resolved: a
  horizontally merged cell appears once, a vertically merged continuation is empty),
* blocks are separated by an empty line (text files keep their own lines one to one).

Every rendered line keeps the locator of the block (and row) it came from, so a record found
on line ``n`` of the rendering points back to ``p. 31`` of a PDF or ``table 5, row 12`` of a
Word file. ``pardw extract FILE --format text`` prints this rendering with its line numbers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

BLOCK_KINDS = ("heading", "paragraph", "table", "footnote")
FORMATS = ("txt", "md", "docx", "odt", "doc", "rtf", "pdf", "html", "mhtml", "image")


@dataclass(slots=True)
class TableRow:
    """One row of a table: cell texts left to right after merged cells are resolved."""

    cells: list[str]
    locator: str  # e.g. "table 5, row 12" (Word), "p. 31" (PDF), "line 402" (text)
    is_header: bool = False
    line: int | None = None  # line of the source text file, for text formats


@dataclass(slots=True)
class Block:
    kind: str  # one of BLOCK_KINDS
    locator: str  # "paragraph 143", "table 5", "p. 31", "line 12", "footnote 3"
    text: str = ""  # headings, paragraphs, footnotes
    rows: list[TableRow] = field(default_factory=list)  # tables
    page: int | None = None  # PDF page (1-based)
    line: int | None = None  # line of the source text file, for text formats


@dataclass(slots=True)
class Rendering:
    """The canonical text of a document: ``lines[i]`` is line ``i + 1``; ``locators[i]`` its provenance."""

    lines: list[str]
    locators: list[str | None]

    def locator(self, line: int | None) -> str | None:
        if line is None or not 1 <= line <= len(self.locators):
            return None
        return self.locators[line - 1]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(slots=True)
class OcrText:
    """What OCR read at one place of a scanned page: a table cell, or a word of prose."""

    page: int  # 1-based
    text: str
    conf: float  # Tesseract's confidence 0..100, the lowest of its words
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top left
    cell: str | None = None  # "grid:row" of a table cell (cells of one table row share it); None for prose
    other: str | None = None  # the other reading where the two readings of a number disagreed


@dataclass(slots=True)
class SourceDocument:
    file: str
    format: str  # one of FORMATS
    encoding: str | None  # text encoding, or the container ("docx", "pdf")
    blocks: list[Block] = field(default_factory=list)
    warnings: list[tuple[str, str, str | None]] = field(default_factory=list)  # (code, message, locator)
    pages: int | None = None  # PDF pages
    text_lines: list[str] | None = None  # text formats: the (normalised) lines, rendered one to one
    ocr: list[OcrText] = field(default_factory=list)  # scanned pages: what OCR read, with confidence and box

    def render(self) -> Rendering:
        if self.text_lines is not None:
            return Rendering(self.text_lines, [f"line {i}" for i in range(1, len(self.text_lines) + 1)])
        lines: list[str] = []
        locators: list[str | None] = []
        for block in self.blocks:
            if lines:
                lines.append("")
                locators.append(None)
            if block.kind == "table":
                for row in block.rows:
                    lines.append("\t".join(_one_line(c) for c in row.cells))
                    locators.append(row.locator)
            else:
                lines.append(_one_line(block.text))
                locators.append(block.locator)
        return Rendering(lines, locators)


def _one_line(text: str) -> str:
    """One line of the rendering: inner breaks folded to spaces, and NFC (a Word file or a PDF may write
    Vietnamese tone marks as combining characters; every extractor reads composed letters)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if (
        "\n" in text
        or "\t" in text
        or "\r" in text
        or "\v" in text
        or "\f" in text
        or "\u2028" in text
        or "\u2029" in text
        or "\x85" in text
    ):
        return " ".join(text.replace("\t", " ").split())
    return text.strip()


__all__ = ["BLOCK_KINDS", "FORMATS", "Block", "OcrText", "Rendering", "SourceDocument", "TableRow"]
