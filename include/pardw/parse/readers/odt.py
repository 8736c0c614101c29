"""OpenDocument Text (.odt, LibreOffice's and the Vietnamese state standard's own format) -> document model.

Reads ``content.xml`` of the package with ``lxml``, as the Word reader reads ``word/document.xml``:
body paragraphs, headings, list items and tables in order; notes (``text:note``) become ``footnote``
blocks right after the paragraph that cites them. Tables keep the grid: a cell spanning columns
(``table:number-columns-spanned``) holds its text in its first column and empty strings in the
others (ODF writes a ``table:covered-table-cell`` for every position a merged cell covers, across
columns or down rows: each is an empty string). Rows of
``table:table-header-rows`` are header rows. Tracked deletions (``text:tracked-changes``),
comments (``office:annotation``) and the note bodies inside a paragraph are not its text.

Locators: ``paragraph N`` (N counts the body's paragraphs and headings, 1-based, empty ones included),
``table T, row R``, ``footnote N`` / ``endnote N``.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from pardw.parse.document_model import Block, SourceDocument, TableRow
from pardw.parse.readers.docx import MAX_UNCOMPRESSED, check_sizes
from pardw.parse.records import UnreadableReport

MIMETYPE = "application/vnd.oasis.opendocument.text"  # also -template, -master (text documents all)
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_P, _H, _S, _TAB, _BR = _TEXT + "p", _TEXT + "h", _TEXT + "s", _TEXT + "tab", _TEXT + "line-break"
_NOTE, _NOTE_CITATION, _NOTE_BODY = _TEXT + "note", _TEXT + "note-citation", _TEXT + "note-body"
_LIST, _LIST_ITEM, _LIST_HEADER, _SECTION = (
    _TEXT + "list",
    _TEXT + "list-item",
    _TEXT + "list-header",
    _TEXT + "section",
)
_TRACKED, _ANNOTATION = _TEXT + "tracked-changes", _OFFICE + "annotation"
_TBL, _ROW, _CELL, _COVERED = (
    _TABLE + "table",
    _TABLE + "table-row",
    _TABLE + "table-cell",
    _TABLE + "covered-table-cell",
)
_HEADER_ROWS, _ROW_GROUPS = _TABLE + "table-header-rows", (_TABLE + "table-rows", _TABLE + "table-row-group")
_REPEATED = _TABLE + "number-columns-repeated"
_ROWS_REPEATED = _TABLE + "number-rows-repeated"
_SKIP = frozenset({_TRACKED, _ANNOTATION, _OFFICE + "annotation-end", _TEXT + "sequence-decls"})
MAX_REPEAT = 64  # repeated empty columns/rows (a spreadsheet-like table can say 1,024): at most this many

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def is_odt(package: zipfile.ZipFile) -> bool:
    """An OpenDocument text package: its ``mimetype`` says so (or, without one, it has content.xml)."""
    names = set(package.namelist())
    if "mimetype" in names:
        try:
            return package.read("mimetype")[:200].decode("ascii", "replace").strip().startswith(MIMETYPE)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, zlib.error):
            return False
    return "content.xml" in names and "word/document.xml" not in names


def read_odt(data: bytes, file_name: str) -> SourceDocument:
    """Raise UnreadableReport: ``corrupt_odt`` (broken package or XML), ``zip_bomb``, ``empty``."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
        check_sizes(infos)
        with package.open("content.xml") as fh:
            raw = fh.read(MAX_UNCOMPRESSED + 1)
        if len(raw) > MAX_UNCOMPRESSED:
            raise UnreadableReport("zip_bomb", f"content.xml inflates past {MAX_UNCOMPRESSED:,} bytes")
        root = etree.fromstring(raw, _PARSER)
    except KeyError:
        raise UnreadableReport("corrupt_odt", "an OpenDocument package without content.xml") from None
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as exc:
        raise UnreadableReport("corrupt_odt", f"the OpenDocument (.odt) package is damaged: {exc}") from None
    except (NotImplementedError, RuntimeError) as exc:  # unsupported compression, encrypted
        raise UnreadableReport("corrupt_odt", f"the OpenDocument package is encrypted or unreadable: {exc}") from None
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise UnreadableReport("corrupt_odt", "content.xml has no text body (office:text): not a text document")
    doc = SourceDocument(file=file_name, format="odt", encoding="odt")
    _Walker(doc).walk(body)
    if not any(b.text.strip() or b.rows for b in doc.blocks):
        raise UnreadableReport("empty", "the OpenDocument file has no text")
    return doc


class _Walker:
    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self.paragraphs = 0
        self.tables = 0

    def walk(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag in (_P, _H):
                self.paragraphs += 1
                notes: list[tuple[str, str]] = []
                text = _text(child, notes)
                kind = "heading" if tag == _H else "paragraph"
                self.doc.blocks.append(Block(kind, f"paragraph {self.paragraphs}", text=text))
                self._notes(notes)
            elif tag == _TBL:
                self.tables += 1
                self._any_table(child)
            elif tag in (_LIST, _LIST_ITEM, _LIST_HEADER, _SECTION) or (
                isinstance(tag, str) and tag.startswith(_TEXT) and tag not in _SKIP and len(child)
            ):
                self.walk(child)  # lists, sections, index bodies: their paragraphs in order

    def _notes(self, notes: list[tuple[str, str]]) -> None:
        for locator, text in notes:
            if text.strip():
                self.doc.blocks.append(Block("footnote", locator, text=text))

    def _any_table(self, tbl) -> None:
        """A table; a one-column table framing another is read as its content; tables nested in the cells of
        a wider table follow it as their own tables."""
        if tbl.find(".//" + _TBL) is None:
            self._table(tbl)
            return
        rows = [[c for c in tr if c.tag in (_CELL, _COVERED)] for tr, _ in _rows(tbl)]
        if all(len(cells) == 1 for cells in rows):
            for cells in rows:
                self.walk(cells[0])
            return
        nested: list = []
        self._table(tbl, nested)
        for inner in nested:
            self.tables += 1
            self._any_table(inner)

    def _table(self, tbl, nested: list | None = None) -> None:
        """One table block. ``nested``: where a table inside a cell goes (its text is then not the cell's)."""
        number = self.tables
        rows: list[TableRow] = []
        notes: list[tuple[str, str]] = []
        r = 0
        for tr, header in _rows(tbl):
            cells: list[str] = []
            for cell in tr:
                if cell.tag not in (_CELL, _COVERED):
                    continue
                repeat = _count(cell.get(_REPEATED))
                if cell.tag == _COVERED:
                    cells.extend("" for _ in range(repeat))
                    continue
                texts = []
                if nested is not None:
                    nested.extend(t for t in cell.iter(_TBL) if _owner(t) is tbl)
                for p in cell.iter(_P, _H):
                    if _inside_note(p, cell) or (nested is not None and _owner(p) is not tbl):
                        continue
                    t = _text(p, notes).strip()
                    if t:
                        texts.append(t)
                text = "\n".join(texts)
                cells.extend(text for _ in range(repeat))  # the columns a cell spans follow as covered cells
            for _ in range(_count(tr.get(_ROWS_REPEATED))):
                r += 1
                rows.append(TableRow(list(cells), f"table {number}, row {r}", is_header=header))
        self.doc.blocks.append(Block("table", f"table {number}", rows=rows))
        self._notes(notes)


def _rows(tbl):
    """(row, is header) of a table in order, through header rows and row groups, not into nested tables."""
    for child in tbl:
        tag = child.tag
        if tag == _ROW:
            yield child, False
        elif tag == _HEADER_ROWS:
            for row in child.iter(_ROW):
                yield row, True
        elif tag in _ROW_GROUPS:
            yield from _rows(child)


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value), MAX_REPEAT)) if value else 1
    except ValueError:
        return 1


def _owner(el):
    """The table ``el`` is in (the nearest one above it)."""
    parent = el.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _inside_note(el, stop) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _NOTE_BODY:
            return True
        parent = parent.getparent()
    return False


def _text(p, notes: list[tuple[str, str]]) -> str:
    """Visible text of a paragraph (``text:s`` spaces, tabs and line breaks as spaces); the notes it
    cites are added to ``notes`` as (locator, text) and their bodies left out of the paragraph."""
    parts: list[str] = [p.text or ""]
    _inline(p, parts, notes)
    return "".join(parts)


def _inline(el, parts: list[str], notes: list[tuple[str, str]]) -> None:
    for child in el:
        tag = child.tag
        if tag == _S:
            parts.append(" " * _count(child.get(_TEXT + "c")))
        elif tag in (_TAB, _BR):
            parts.append(" ")
        elif tag == _NOTE:
            kind = "endnote" if child.get(_TEXT + "note-class") == "endnote" else "footnote"
            citation = child.find(_NOTE_CITATION)
            label = (citation.text or "").strip() if citation is not None else ""
            body = child.find(_NOTE_BODY)
            if body is not None:
                inner: list[str] = []
                paragraphs = [_text(q, inner) for q in body.iter(_P, _H)]
                notes.append((f"{kind} {label or len(notes) + 1}", " ".join(t for t in paragraphs if t.strip())))
                notes.extend(inner)
        elif tag in _SKIP or not isinstance(tag, str):
            pass  # a comment, a deletion: not shown text (and its tail is)
        else:
            parts.append(child.text or "")
            _inline(child, parts, notes)
        parts.append(child.tail or "")


__all__ = ["MIMETYPE", "is_odt", "read_odt"]
