"""Word (.docx) -> document model: body paragraphs and tables in order, footnotes and endnotes.

Reads the Office Open XML package with ``zipfile`` and ``lxml`` (the XML library python-docx
is built on; opening a file through python-docx's object layer alone costs three times the
whole read here). Tables keep Word's grid: a cell merged across columns (``gridSpan``) holds
its text in its first column and empty strings in the others; a cell merged down rows
(``vMerge`` continue) is empty in the rows below, so every row has one cell per grid column,
the shape of the text exports the extractors were built on. Rows marked "repeat as header
row" (``tblHeader``) are header rows. Footnotes and endnotes become ``footnote`` blocks right
after the paragraph that cites them.

Locators: ``paragraph N`` (N counts the body's paragraphs, 1-based, empty ones included),
``table T, row R`` (T counts the body's tables, R the table's rows), ``footnote N``.

Speed (issue 27): a document without tables inside tables is read by one XSLT pass (libxslt, in C) that
writes the body as a flat text of records (paragraph: style and text; table row: header flag, each cell's
merge properties and paragraphs), split here; the element-by-element walk below (``_walk``) reads the
documents with nested tables, and is the reference the fast pass is tested against (same blocks).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from pardw.parse.document_model import Block, SourceDocument, TableRow
from pardw.parse.records import UnreadableReport

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _T, _TAB, _BR, _CR = (W + n for n in ("p", "tbl", "tr", "tc", "t", "tab", "br", "cr"))
_SDT, _SDT_CONTENT, _DEL = W + "sdt", W + "sdtContent", W + "del"
_FOOTNOTE_REF, _ENDNOTE_REF = W + "footnoteReference", W + "endnoteReference"
_VAL = W + "val"

MAX_UNCOMPRESSED = 200_000_000  # bytes of XML we agree to inflate from one package
MAX_RATIO = 200  # uncompressed / compressed size of one member above which it is a zip bomb


def read_docx(data: bytes, file_name: str) -> SourceDocument:
    """Raise UnreadableReport: ``corrupt_docx`` (not a zip / broken XML), ``not_a_docx`` (a zip
    without word/document.xml), ``zip_bomb``, ``empty`` (a document with no text)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = {i.filename: i for i in package.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableReport("corrupt_docx", f"not a readable Word (.docx) package: {exc}") from None
    if "word/document.xml" not in infos:
        raise UnreadableReport("not_a_docx", "a zip archive without word/document.xml: not a Word (.docx) file")
    check_sizes(infos.values())
    try:
        raw = _raw(package, "word/document.xml")
        body = _xml(package, "word/document.xml", raw).find(W + "body")
        notes = {}
        for part, tag in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
            if part in infos:
                notes.update(_notes(_xml(package, part), tag))
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error) as exc:
        raise UnreadableReport("corrupt_docx", f"the Word package is damaged: {exc}") from None
    except NotImplementedError as exc:  # a compression method zipfile cannot inflate (deflate64, ...)
        raise UnreadableReport("corrupt_docx", f"the Word package uses an unsupported compression: {exc}") from None
    except RuntimeError as exc:  # zipfile: "... is encrypted, password required for extraction"
        raise UnreadableReport("corrupt_docx", f"the Word package is encrypted or unreadable: {exc}") from None
    if body is None:
        raise UnreadableReport("corrupt_docx", "word/document.xml has no body")
    doc = SourceDocument(file=file_name, format="docx", encoding="docx")
    _read_body(body, raw, doc, notes)
    if not any(b.text.strip() or b.rows for b in doc.blocks):
        raise UnreadableReport("empty", "the Word document has no text")
    return doc


def check_sizes(infos) -> None:
    """Refuse a zip bomb: a member inflating over MAX_RATIO times its size, or a package over MAX_UNCOMPRESSED."""
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableReport(
                "zip_bomb", f"{info.filename} inflates {info.compress_size:,} bytes to {info.file_size:,}: refused"
            )
    if total > MAX_UNCOMPRESSED:
        raise UnreadableReport("zip_bomb", f"the package inflates to {total:,} bytes, over {MAX_UNCOMPRESSED:,}")


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _raw(package: zipfile.ZipFile, name: str) -> bytes:
    with package.open(name) as fh:
        raw = fh.read(MAX_UNCOMPRESSED + 1)
    if len(raw) > MAX_UNCOMPRESSED:
        raise UnreadableReport("zip_bomb", f"{name} inflates past {MAX_UNCOMPRESSED:,} bytes")
    return raw


def _xml(package: zipfile.ZipFile, name: str, raw: bytes | None = None):
    root = etree.fromstring(_raw(package, name) if raw is None else raw, _PARSER)
    _drop_hidden(root)
    return root


def _notes(root, tag: str) -> dict[tuple[str, str], str]:
    out = {}
    for note in root.iter(W + tag):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paragraphs = [_text(p)[0] for p in note.iter(_P)]
        text = " ".join(t for t in paragraphs if t.strip())
        if text.strip():
            out[(tag, note.get(W + "id") or "")] = text
    return out


def _text(p) -> tuple[str, list[tuple[str, str]]]:
    """Visible text of one paragraph (tabs and breaks as spaces) and the notes it cites."""
    parts: list[str] = []
    refs: list[tuple[str, str]] = []
    for el in p.iter(_T, _TAB, _BR, _CR, _FOOTNOTE_REF, _ENDNOTE_REF):
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _FOOTNOTE_REF:
            refs.append(("footnote", el.get(W + "id") or ""))
        elif tag == _ENDNOTE_REF:
            refs.append(("endnote", el.get(W + "id") or ""))
        else:
            parts.append(" ")
    return "".join(parts), refs


def _drop_hidden(root) -> None:
    """Deleted revisions and VML fallbacks (duplicates of a text box) are not shown text."""
    for el in list(root.iter(_DEL, _MC_FALLBACK)):
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


def _style(p) -> str:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return ""
    style = ppr.find(W + "pStyle")
    return (style.get(_VAL) or "") if style is not None else ""


def _walk(container, doc: SourceDocument, notes, counters: list[int]) -> None:
    """counters: [paragraphs, tables, notes emitted]"""
    for child in container:
        tag = child.tag
        if tag == _P:
            counters[0] += 1
            text, refs = _text(child)
            style = _style(child).lower()
            kind = "heading" if style.startswith(("heading", "title")) else "paragraph"
            doc.blocks.append(Block(kind, f"paragraph {counters[0]}", text=text))
            for ref in refs:
                note = notes.get(ref)
                if note:
                    counters[2] += 1
                    doc.blocks.append(Block("footnote", f"{ref[0]} {ref[1]}", text=note))
        elif tag == _TBL:
            counters[1] += 1
            _any_table(child, doc, notes, counters)
        elif tag in (_SDT, _SDT_CONTENT):
            _walk(child, doc, notes, counters)


def _any_table(tbl, doc: SourceDocument, notes, counters: list[int]) -> None:
    if tbl.find(".//" + _TBL) is None:
        _table(tbl, doc, notes, counters)
    elif _is_frame(tbl):  # a one-column table that frames content: its content, in order
        for cell in _cells(tbl):
            _walk(cell, doc, notes, counters)
    else:  # tables inside cells: each its own table after the one that holds it
        nested: list = []
        _table(tbl, doc, notes, counters, nested)
        for inner in nested:
            counters[1] += 1
            _any_table(inner, doc, notes, counters)


def _cells(tbl):
    """The cells of a table's own rows (not of tables nested in them)."""
    for tr in tbl.iterchildren(_TR):
        for tc in tr.iterchildren(_TC, _SDT):
            yield from [tc] if tc.tag == _TC else tc.iter(_TC)


def _is_frame(tbl) -> bool:
    """A table of one column (every row one cell) holding another table: a frame around content, not data."""
    return all(sum(1 for _ in tr.iterchildren(_TC, _SDT)) == 1 for tr in tbl.iterchildren(_TR))


def _table(tbl, doc: SourceDocument, notes, counters: list[int], nested: list | None = None) -> None:
    """One table block. ``nested``: where a table inside a cell is put (its text is then not the cell's);
    without it, a nested table's text is in its cell."""
    number = counters[1]
    rows: list[TableRow] = []
    cited: list[tuple[str, str]] = []
    for r, tr in enumerate(tbl.iter(_TR), start=1):
        if _enclosing_table(tr) is not tbl:
            continue  # a row of a table nested in a cell: its text is in that cell
        trpr = tr.find(W + "trPr")
        header = trpr is not None and trpr.find(W + "tblHeader") is not None
        cells: list[str] = []
        for tc in tr.iterchildren(_TC, _SDT):
            for cell in [tc] if tc.tag == _TC else tc.iter(_TC):
                span, continued = _merge(cell)
                cells.append("" if continued else _cell_text(cell, tbl, nested, cited))
                cells.extend("" for _ in range(span - 1))
        rows.append(TableRow(cells, f"table {number}, row {r}", is_header=header))
    doc.blocks.append(Block("table", f"table {number}", rows=rows))
    for ref in cited:
        note = notes.get(ref)
        if note:
            doc.blocks.append(Block("footnote", f"{ref[0]} {ref[1]}", text=note))


def _cell_text(cell, tbl, nested: list | None, cited: list[tuple[str, str]]) -> str:
    """A cell's paragraphs, one per line; the notes they cite go to ``cited``. With ``nested``, the tables
    inside the cell go there and their text is not the cell's."""
    texts = []
    if nested is not None:
        nested.extend(t for t in cell.iter(_TBL) if _enclosing_table(t) is tbl)
    for p in cell.iter(_P):
        if nested is not None and _enclosing_table(p) is not tbl:
            continue
        t, refs = _text(p)
        cited.extend(refs)
        if t.strip():
            texts.append(t.strip())
    return "\n".join(texts)


def _enclosing_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


_TCPR, _GRIDSPAN, _VMERGE = W + "tcPr", W + "gridSpan", W + "vMerge"


def _merge(tc) -> tuple[int, bool]:
    """(columns spanned, whether this cell continues a vertical merge) from the cell's properties."""
    span, continued = 1, False
    first = tc[0] if len(tc) else None
    if first is None or first.tag != _TCPR:
        return span, continued
    for prop in first:
        tag = prop.tag
        if tag == _GRIDSPAN:
            try:
                span = max(1, min(int(prop.get(_VAL)), 64))
            except (TypeError, ValueError):
                span = 1
        elif tag == _VMERGE:
            continued = (prop.get(_VAL) or "continue") == "continue"
    return span, continued


# --- the fast pass: one XSLT over the body, records split in Python ---------------------------------------------
# Separators are Unicode noncharacters (U+FDD0…), which XML allows and no text means; a document holding any of
# them (as a character or a reference) is read by the walk instead.
_REC, _FLD, _REF, _REF_ID, _PROP, _PROPS_END, _PARA = (chr(c) for c in range(0xFDD0, 0xFDD7))
_NONCHAR_REF = re.compile(rb"&#(?:x0*[fF][dD][cCdDeEfF][0-9a-fA-F]|0*(?:649[6-9][0-9]|650[0-3][0-9]));")


def _has_separator(raw: bytes) -> bool:
    return b"\xef\xb7" in raw or (b"&#" in raw and _NONCHAR_REF.search(raw) is not None)


_NS = {"w": W[1:-1]}
_NESTED = etree.XPath("boolean(.//w:tbl//w:tbl)", namespaces=_NS)

_FLATTEN_XSL = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:w="{W[1:-1]}">
<xsl:output method="text" encoding="utf-8"/>
<xsl:template match="/*"><xsl:apply-templates select="*" mode="item"/></xsl:template>
<xsl:template match="*" mode="item"/>
<xsl:template match="w:sdt|w:sdtContent" mode="item"><xsl:apply-templates select="*" mode="item"/></xsl:template>
<xsl:template match="w:p" mode="item">{_REC}P{_FLD}<xsl:value-of select="w:pPr[1]/w:pStyle[1]/@w:val"/>{_FLD}<!--
 --><xsl:apply-templates select="*" mode="text"/></xsl:template>
<xsl:template match="w:tbl" mode="item">{_REC}T<xsl:for-each select=".//w:tr">{_REC}R<!--
 --><xsl:if test="w:trPr[1]/w:tblHeader">h</xsl:if><xsl:for-each select="w:tc|w:sdt//w:tc"><!--
 --><xsl:variable name="pr" select="(*|processing-instruction())[1][self::w:tcPr]"/>{_FLD}<!--
 --><xsl:for-each select="$pr/w:gridSpan|$pr/w:vMerge"><xsl:choose><!--
 --><xsl:when test="self::w:gridSpan">g</xsl:when><xsl:otherwise>v</xsl:otherwise></xsl:choose><!--
 --><xsl:if test="@w:val">=<xsl:value-of select="@w:val"/></xsl:if>{_PROP}</xsl:for-each>{_PROPS_END}<!--
 --><xsl:for-each select=".//w:p">{_PARA}<xsl:apply-templates select="*" mode="text"/></xsl:for-each><!--
 --></xsl:for-each></xsl:for-each>{_REC}E</xsl:template>
<xsl:template match="*" mode="text"><xsl:apply-templates select="*" mode="text"/></xsl:template>
<xsl:template match="w:rPr|w:pPr" mode="text"><!-- no text but tab stops (w:tab, a space as in the walk): one scan
 --><xsl:for-each select=".//w:t|.//w:tab|.//w:br|.//w:cr|.//w:footnoteReference|.//w:endnoteReference"><!--
 --><xsl:apply-templates select="." mode="text"/></xsl:for-each></xsl:template>
<xsl:template match="w:t" mode="text"><xsl:value-of select="."/></xsl:template>
<xsl:template match="w:tab|w:br|w:cr" mode="text"><xsl:text> </xsl:text></xsl:template>
<xsl:template match="w:footnoteReference" mode="text">{_REF}footnote{_REF_ID}<xsl:value-of select="@w:id"/>{_REF}</xsl:template>
<xsl:template match="w:endnoteReference" mode="text">{_REF}endnote{_REF_ID}<xsl:value-of select="@w:id"/>{_REF}</xsl:template>
</xsl:stylesheet>"""
_FLATTEN: list = []


def _flatten(body) -> str:
    if not _FLATTEN:
        _FLATTEN.append(etree.XSLT(etree.XML(_FLATTEN_XSL.encode("utf-8"))))
    return str(_FLATTEN[0](etree.ElementTree(body)))


def _split_refs(chunk: str) -> tuple[str, list[tuple[str, str]]]:
    """A paragraph's text and the notes it cites, from the fast pass's text with its reference marks."""
    if _REF not in chunk:
        return chunk, []
    parts = chunk.split(_REF)
    return "".join(parts[0::2]), [tuple(ref.split(_REF_ID, 1)) for ref in parts[1::2]]


def _props(text: str) -> tuple[int, bool]:
    """(columns spanned, whether the cell continues a vertical merge): the same reading as ``_merge``."""
    span, continued = 1, False
    for prop in text.split(_PROP)[:-1]:
        name, _, val = prop.partition("=")
        value = val if _ else None
        if name == "g":
            try:
                span = max(1, min(int(value), 64))
            except (TypeError, ValueError):
                span = 1
        else:
            continued = (value or "continue") == "continue"
    return span, continued


def _read_body(body, raw: bytes, doc: SourceDocument, notes) -> None:
    """The fast pass where it reads the body as the walk would; the walk otherwise."""
    if _has_separator(raw) or _NESTED(body):
        _walk(body, doc, notes, [0, 0, 0])
    else:
        _read_flat(_flatten(body), doc, notes)


def _add_notes(blocks: list[Block], refs: list[tuple[str, str]], notes) -> None:
    for ref in refs:
        note = notes.get(ref)
        if note:
            blocks.append(Block("footnote", f"{ref[0]} {ref[1]}", text=note))


def _read_flat(flat: str, doc: SourceDocument, notes) -> None:
    """The blocks of the fast pass's records, as ``_walk`` makes them (same kinds, texts, rows, locators)."""
    blocks = doc.blocks
    paragraphs = tables = 0
    rows: list[TableRow] = []
    cited: list[tuple[str, str]] = []
    for record in flat.split(_REC)[1:]:
        tag = record[:1]
        if tag == "P":
            paragraphs += 1
            style, _, chunk = record[2:].partition(_FLD)
            text, refs = _split_refs(chunk)
            kind = "heading" if style.lower().startswith(("heading", "title")) else "paragraph"
            blocks.append(Block(kind, f"paragraph {paragraphs}", text=text))
            _add_notes(blocks, refs, notes)
        elif tag == "R":
            fields = record.split(_FLD)
            cells = _row_cells(fields[1:], cited)
            rows.append(TableRow(cells, f"table {tables}, row {len(rows) + 1}", is_header=fields[0] == "Rh"))
        elif tag == "T":
            tables += 1
            rows, cited = [], []
        elif tag == "E":
            blocks.append(Block("table", f"table {tables}", rows=rows))
            _add_notes(blocks, cited, notes)


def _row_cells(fields: list[str], cited: list[tuple[str, str]]) -> list[str]:
    """One row's cells (a merged cell's text in its first column) from the fast pass's cell fields."""
    cells: list[str] = []
    for cell in fields:
        props, _, paras = cell.partition(_PROPS_END)
        span, continued = _props(props) if props else (1, False)
        if continued:
            cells.append("")
        else:
            texts = []
            for chunk in paras.split(_PARA)[1:]:
                t, refs = _split_refs(chunk)
                cited.extend(refs)
                t = t.strip()
                if t:
                    texts.append(t)
            cells.append("\n".join(texts))
        if span > 1:
            cells.extend("" for _ in range(span - 1))
    return cells


__all__ = ["MAX_UNCOMPRESSED", "check_sizes", "read_docx"]
