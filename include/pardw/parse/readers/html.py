"""HTML (.html/.htm), Word-HTML ("Save as Web Page") and MHTML (.mht, often named .doc) -> document model.

Read with lxml's HTML parser (libxml2), never with patterns over the markup. The body is walked in
document order: block elements (``p``, ``h1``–``h6``, ``li``, ``div`` …) are paragraphs (headings for
``h1``–``h6`` and Word's title styles), tables are tables. Word's own markup is only presentation:
conditional comments (``<!--[if gte mso 9]>…``) and ``<style>`` are not text, ``<o:p>`` is an empty
inline element, the bullets Word writes between ``<![if !supportLists]>`` marks are kept as printed, and
elements hidden with ``display:none`` / ``mso-hide:all`` are dropped.

Tables keep the grid the way :mod:`.docx` does: a cell spanning columns (``colspan``) holds its text in
its first column and empty strings in the others; a cell spanning rows (``rowspan``) is empty in the rows
below, so every row has one cell per grid column. Rows in ``<thead>`` (or made of ``<th>`` only) are header
rows. Footnotes and endnotes (Word's ``mso-element:footnote`` divs, LibreOffice's ``sdfootnote`` divs) are
``footnote`` blocks after the paragraph (or table) that cites them; the citing mark is not text.

The character set comes from a byte-order mark, the MIME part (MHTML), ``<meta charset>`` /
``<meta http-equiv="Content-Type">``, else UTF-8 and then Windows-1258 (Word's Vietnamese code page), all
normalised to NFC (Windows-1258 writes tone marks as combining characters).

Locators: ``paragraph N`` (N counts the body's paragraphs, empty ones included, as Word numbers them),
``table T, row R``, ``footnote N``.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
import unicodedata

import lxml.html
from lxml import etree

from pardw.parse.document_model import Block, SourceDocument, TableRow
from pardw.parse.records import UnreadableReport

# huge_tree: libxml2's default stops at 256 nested elements and drops the rest of the page
_PARSER = lxml.html.HTMLParser(huge_tree=True, remove_pis=True, no_network=True)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "center",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "figure",
        "figcaption",
        "address",
        "form",
        "fieldset",
        "hr",
        "caption",
        "body",
        "html",
        "details",
        "summary",
    ]
)
_HEADING = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_PARAGRAPH = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd"]
)  # counted as Word counts paragraphs
_SKIP = frozenset(
    [
        "head",
        "script",
        "style",
        "title",
        "noscript",
        "template",
        "xml",
        "object",
        "embed",
        "iframe",
        "svg",
        "math",
        "select",
    ]
)
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0]+")  # HTML's white space (and no-break spaces): one space
_BREAK = "\u2028"  # a line break the markup makes (<br>, a paragraph in a cell), apart from the source's
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,200}\?>", re.IGNORECASE)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# a note's mark in the text ("#_ftn3" Word, "#sdfootnote3sym" LibreOffice) and its way back from the note
_NOTE_HREF = re.compile(r"^#(?:(_ftn|_edn|ftn|edn)(\d+)|(sdfootnote|sdendnote)(\d+)sym)$", re.IGNORECASE)
_BACK_HREF = re.compile(r"^#(?:_?ftnref|_?ednref|sdfootnote\d+anc|sdendnote\d+anc)", re.IGNORECASE)
_NOTE_ID = re.compile(r"^(_?ftn|_?edn|sdfootnote|sdendnote)(\d+)$", re.IGNORECASE)
_NOTE_MARK = re.compile(r"^\s*\[\d{1,4}\]\s*")  # "[3]" before a note's text, if not inside its link
_TITLE_CLASS = re.compile(r"^(?:MsoTitle|MsoSubtitle|MsoHeading\d|Heading\d|Title)", re.IGNORECASE)
MAX_DEPTH = 150  # element nesting walked one by one; deeper content is read as plain text
MAX_SPAN = 64  # columns a cell may span (Word's grid has at most 63)
MAX_ROWSPAN = 10_000


def read_html(data: bytes, file_name: str, charset: str | None = None, fmt: str = "html") -> SourceDocument:
    """Raise UnreadableReport ``empty`` when the page has no text."""
    text, encoding = decode_html(data, charset)
    try:
        page = _CONTROLS.sub("", _XML_DECL.sub("", text, count=1)) or "<html/>"
        root = lxml.html.document_fromstring(page, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableReport("empty", f"the HTML page has no readable content: {exc}") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log):
        raise UnreadableReport("too_complex", "the HTML nests its elements deeper than the parser reads (2,048 levels)")
    doc = SourceDocument(file=file_name, format=fmt, encoding=encoding)
    notes = _notes(root)
    body = root.find("body")
    _Walker(doc, notes).walk(body if body is not None else root)
    if not any(b.text.strip() or any(any(c.strip() for c in r.cells) for r in b.rows) for b in doc.blocks):
        raise UnreadableReport("empty", "the HTML page has no text")
    return doc


def read_mhtml(data: bytes, file_name: str) -> SourceDocument:
    """A web archive (MIME multipart/related: Word's "Single File Web Page", a browser's .mht): its first
    HTML part, decoded from quoted-printable or base64 in the part's character set."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                doc = read_html(payload, file_name, charset=part.get_content_charset(), fmt="mhtml")
                doc.encoding = f"mhtml ({doc.encoding})"
                return doc
    raise UnreadableReport("empty", "a web archive (MHTML) with no HTML part")


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """(text, encoding) of an HTML page: BOM, then the declared charset, then UTF-8, then Windows-1258."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _nfc(data.decode(name, errors="replace")), name
    declared = charset
    if declared is None:
        m = _META_CHARSET.search(data[:8192])
        declared = m.group(1).decode("ascii", "replace") if m else None
    candidates = [c for c in (_codec(declared), "utf-8", "cp1258") if c]
    for name in dict.fromkeys(candidates):
        try:
            return _nfc(data.decode(name)), _label(name)
        except UnicodeDecodeError:
            continue
    return _nfc(data.decode("cp1258", errors="replace")), "windows-1258"


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return "utf-8" if codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32") else codec  # a meta that lies


def _label(codec: str) -> str:
    return {"cp1258": "windows-1258", "utf-8": "utf-8"}.get(codec, codec)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _notes(root) -> dict[str, str]:
    """Footnote and endnote texts by their number ("ftn3" -> text), removed from the tree."""
    out: dict[str, str] = {}
    for div in list(root.iter("div")):
        ident = div.get("id") or ""
        m = _NOTE_ID.match(ident)
        style = (div.get("style") or "").replace(" ", "").lower()
        if not m or not ("mso-element:footnote" in style or "mso-element:endnote" in style or "sd" in ident.lower()):
            continue
        kind = "edn" if "edn" in m.group(1).lower() or "endnote" in m.group(1).lower() else "ftn"
        text = _NOTE_MARK.sub("", _inline_text(div), count=1).strip()
        if text:
            out[f"{kind}{int(m.group(2))}"] = text
        parent = div.getparent()
        if parent is not None:
            parent.remove(div)
    return out


def _note_ref(el) -> str | None:
    """The note an anchor cites ("ftn3"), "" for a note's link back to its mark, else None."""
    if el.tag != "a":
        return None
    href = el.get("href") or ""
    m = _NOTE_HREF.match(href)
    if not m:
        return "" if _BACK_HREF.match(href) else None
    name = (m.group(1) or m.group(3)).lower()
    kind = "edn" if "edn" in name or "endnote" in name else "ftn"
    return f"{kind}{int(m.group(2) or m.group(4))}"


def _hidden(el) -> bool:
    style = el.get("style")
    return bool(style and _HIDDEN.search(style)) or el.get("hidden") is not None


def _tag(el) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _inline_text(el) -> str:
    """The visible text under ``el`` (paragraphs joined by line breaks), without note marks."""
    parts: list[str] = []
    _collect(el, parts, [])
    return _clean("".join(parts))


def _collect(el, parts: list[str], refs: list[str], depth: int = 0, nested: list | None = None) -> None:
    """Text of ``el``'s content (not its tail) into ``parts``; cited notes into ``refs``. With ``nested``, a table
    inside goes there instead (its text is not ``el``'s)."""
    if depth > MAX_DEPTH:
        parts.append("".join(el.itertext()))
        return
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = _tag(child)
        if nested is not None and tag == "table":
            nested.append(child)
        elif tag and tag not in _SKIP and not _hidden(child):
            _collect_child(child, tag, parts, refs, depth, nested)
        if child.tail:
            parts.append(_after_image(child, parts))


def _collect_child(child, tag: str, parts: list[str], refs: list[str], depth: int, nested: list | None = None) -> None:
    ref = _note_ref(child)
    if ref is not None:
        if ref:
            refs.append(ref)
        return
    if tag == "br":
        parts.append(_BREAK)
        return
    block = tag in _BLOCK or tag in ("table", "tr")
    if block:
        parts.append(_BREAK)
    _collect(child, parts, refs, depth + 1, nested)
    if block or tag in ("td", "th"):
        parts.append(_BREAK if block else " ")


def _after_image(el, before: list[str]) -> str:
    """An element's tail; after an image drawn inside a word ("L<img …>\\nâm Đồng": LibreOffice breaks its source
    line after every image) the line break is not a space."""
    tail = el.tail
    if _tag(el) == "img" and tail[:1] == "\n" and tail[1:2].isalpha() and before and before[-1][-1:].isalpha():
        return tail[1:]
    return tail


def _clean(text: str) -> str:
    """HTML white space: runs folded to one space, the markup's line breaks (<br>, paragraphs) as LF."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


class _Walker:
    def __init__(self, doc: SourceDocument, notes: dict[str, str]) -> None:
        self.doc = doc
        self.notes = notes
        self.paragraphs = 0
        self.tables = 0
        self.buffer: list[str] = []
        self.refs: list[str] = []
        self.emitted: set[str] = set()

    def walk(self, el) -> None:
        self._content(el, 0)
        self.flush(None)

    def _content(self, el, depth: int) -> None:
        """``el``'s text, its children and their tails, in order (past MAX_DEPTH levels, its text only)."""
        if depth > MAX_DEPTH:
            self.buffer.append("".join(el.itertext()))
            return
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self._child(child, depth + 1)
            if child.tail:
                self.buffer.append(_after_image(child, self.buffer))

    def _child(self, el, depth: int) -> None:
        tag = _tag(el)
        if not tag or tag in _SKIP or _hidden(el):
            return
        ref = _note_ref(el)
        if ref is not None:
            if ref:
                self.refs.append(ref)
        elif tag == "br":
            self.buffer.append(_BREAK)
        elif tag == "table":
            self.flush(None)
            self._any_table(el, depth)
        elif tag in _BLOCK:
            self.flush(None)
            self._content(el, depth)
            self.flush(el)
        else:  # inline: its text and children (its tail is the caller's)
            self._content(el, depth)

    def flush(self, el) -> None:
        """The text gathered so far as one paragraph (``el``: the block element that ends, if any)."""
        text = _clean("".join(self.buffer))
        self.buffer = []
        tag = _tag(el) if el is not None else ""
        if not text and tag not in _PARAGRAPH:
            return
        self.paragraphs += 1
        heading = tag in _HEADING or bool(_TITLE_CLASS.match(el.get("class") or "")) if el is not None else False
        self.doc.blocks.append(Block("heading" if heading else "paragraph", f"paragraph {self.paragraphs}", text=text))
        self._emit_notes()

    def _emit_notes(self) -> None:
        refs, self.refs = self.refs, []
        for ref in refs:
            note = self.notes.get(ref)
            if note and ref not in self.emitted:
                self.emitted.add(ref)
                label = "endnote" if ref.startswith("edn") else "footnote"
                self.doc.blocks.append(Block("footnote", f"{label} {ref[3:]}", text=note))

    def _any_table(self, table, depth: int) -> None:
        """A table; a one-column table framing another is read as its content; tables nested in the cells of
        a wider table follow it as their own tables."""
        if not any(_tag(t) == "table" for t in table.iterdescendants()) or depth > MAX_DEPTH:
            self._table(table)
            return
        if all(len(_cells(tr)) == 1 for tr, _ in _rows(table)):
            for tr, _ in _rows(table):
                self._content(_cells(tr)[0], depth)
                self.flush(None)
            return
        nested: list = []
        self._table(table, nested)
        for inner in nested:
            self._any_table(inner, depth + 1)

    def _table(self, table, nested: list | None = None) -> None:
        self.tables += 1
        number = self.tables
        rows: list[TableRow] = []
        pending: dict[int, int] = {}  # column -> rows its rowspan still covers
        for r, (tr, in_head) in enumerate(_rows(table), start=1):
            cells: list[str] = []
            tds = _cells(tr)
            col = 0
            for td in tds:
                col = _fill_spanned(cells, pending, col)
                colspan = _span(td.get("colspan"), MAX_SPAN)
                rowspan = _span(td.get("rowspan"), MAX_ROWSPAN)
                parts: list[str] = []
                _collect(td, parts, self.refs, 0, nested)
                cells.append(_clean("".join(parts)))
                cells.extend("" for _ in range(colspan - 1))
                if rowspan > 1:
                    for k in range(colspan):
                        pending[col + k] = rowspan - 1
                col += colspan
            while pending and col <= max(pending):
                col = _fill_spanned(cells, pending, col)
                if col <= max(pending, default=-1) and pending.get(col, 0) == 0:
                    cells.append("")
                    col += 1
            header = in_head or (bool(tds) and all(_tag(c) == "th" for c in tds))
            rows.append(TableRow(cells, f"table {number}, row {r}", is_header=header))
        if rows:
            self.doc.blocks.append(Block("table", f"table {number}", rows=rows))
        self._emit_notes()


def _cells(tr) -> list:
    return [c for c in tr if _tag(c) in ("td", "th") and not _hidden(c)]


def _fill_spanned(cells: list[str], pending: dict[int, int], col: int) -> int:
    """Empty cells for the columns a rowspan from above still covers, from ``col`` on; returns the next column."""
    while pending.get(col, 0) > 0:
        cells.append("")
        pending[col] -= 1
        if pending[col] == 0:
            del pending[col]
        col += 1
    return col


def _span(value: str | None, cap: int) -> int:
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return max(1, min(n, cap))


def _rows(table, depth: int = 0):
    """The table's own rows (not those of a table nested in a cell), with whether each is in <thead>; the rows of
    a table written straight into a table (not in a cell: broken markup) are read as its rows."""
    for child in table:
        tag = _tag(child)
        if tag == "tr" and child.get("height") != "0":  # Word's <tr height=0>: column widths, no cell
            yield child, False
        elif tag in ("thead", "tbody", "tfoot"):
            for tr in child:
                if _tag(tr) == "tr" and tr.get("height") != "0":
                    yield tr, tag == "thead"
        elif tag == "table" and depth < MAX_DEPTH:
            yield from _rows(child, depth + 1)


__all__ = ["decode_html", "read_html", "read_mhtml"]
