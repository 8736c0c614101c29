"""Born-digital PDF -> SourceDocument, with pypdfium2 (PDFium): characters with their boxes and
fonts, and the ruling lines tables are drawn with; the geometry is in ``pdf_layout`` and
``pdf_blocks``.

Every block and table row has the locator ``p. N``. Signature widgets (the number and day an
e-signature service stamps on a signed report) are flattened into the page first, so their text
is read where it is printed. A PDF without a text layer is ``scanned_pdf``; a password-protected
one ``encrypted_pdf``; a damaged or truncated one ``corrupt_pdf``; more than
``PARDW_MAX_PDF_PAGES`` pages (default 500) ``too_large``.
"""

from __future__ import annotations

import ctypes
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from pardw.parse.document_model import Block, SourceDocument
from pardw.parse.readers.legacy import detect_legacy, to_unicode
from pardw.parse.readers.pdf_blocks import PageContent, build_blocks
from pardw.parse.readers.pdf_layout import Char, Rule, attach_marks, group_lines, split_segments
from pardw.parse.records import UnreadableReport

try:  # the character loop in C (setup.py builds it where a C compiler is found): the same values, faster
    from pardw.parse.readers import _pdfchars
except ImportError:  # pragma: no cover - an install without a C compiler, or a source folder mounted over the build
    try:  # the image's copy, kept outside include/ (docker-compose mounts the host's include/ over the image's)
        import _pdfchars  # type: ignore[no-redef]
    except ImportError:
        _pdfchars = None

MAX_CHARS_PER_PAGE = 100_000  # a page of a report has ~3,000
GARBLED_SHARE = 0.3  # a page whose text layer has more unmapped characters than this is read by OCR
MISREAD_SHARE = 0.15  # ... or more words holding a symbol no word of a report holds (glyphs mapped to wrong codes)
MIN_PAGE_CHARS = 10  # fewer characters over an image: a scanned page (perhaps with a stamped page number)
_FLATTEN_ANNOTS = {raw.FPDF_ANNOT_WIDGET, raw.FPDF_ANNOT_STAMP, raw.FPDF_ANNOT_FREETEXT}
_SPACE = frozenset(" \t\u00a0")
_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one document at a time per process


def max_pages() -> int:
    from pardw.config import max_pdf_pages

    return max_pdf_pages()


def read_pdf(data: bytes, file_name: str) -> SourceDocument:
    with _PDFIUM:
        pages = _read_pages(data)
        regular = _regular_weight(pages)
        if regular:  # the body text's own weight is one PDFium calls bold: read again, bold above it
            pages = _read_pages(data, regular)
    doc = SourceDocument(file=file_name, format="pdf", encoding="pdf", pages=len(pages))
    counts = {p.number: len("".join([c.text for c in p.chars])) for p in pages}  # characters (a Char is a word)
    text_pages = [p for p in pages if counts[p.number] >= MIN_PAGE_CHARS or (p.chars and not p.images)]
    scans = [p.number for p in pages if not p.error and p.images and counts[p.number] < MIN_PAGE_CHARS]
    # a text layer of unmapped glyphs (Type 3 fonts without ToUnicode, a PDF re-distilled through
    # PostScript): the page is read from its image instead, where OCR can run
    unmapped = [p.number for p in pages if not p.error and counts[p.number] >= MIN_PAGE_CHARS
                and p.unmapped > max(20, GARBLED_SHARE * counts[p.number])]  # fmt: skip
    # a text layer of glyphs mapped to the wrong characters (a subset font re-encoded without its Unicode
    # mapping, as PostScript -> PDF distillers write it): '$78 ,9,,' for 'UBND TỈNH': no word reads
    misread = {p.number: share for p in pages if not p.error and p.number not in unmapped
               and (share := misread_share(p.chars)) > MISREAD_SHARE}  # fmt: skip
    garbled = unmapped + list(misread)
    reason = None
    if scans or garbled:
        from pardw.parse.readers.ocr_engine import missing

        reason = missing()
        if reason is None:
            ocr = _ocr(data, sorted(scans + garbled))
            for n in unmapped:
                doc.warnings.append(("pdf_text_layer_garbled", f"page {n}'s text layer is unmapped glyphs (a font "
                                     "without a Unicode mapping): the page is read by OCR instead", f"p. {n}"))  # fmt: skip
            for n, share in misread.items():
                doc.warnings.append(("pdf_text_layer_garbled", f"page {n}'s text layer does not read as text ({share:.0%} "
                                     "of its words hold symbols such as $ # @ +: glyphs mapped to the wrong characters, "
                                     "a font without a correct Unicode mapping): the page is read by OCR instead",
                                     f"p. {n}"))  # fmt: skip
            by_number = {p.content.number: p.content for p in ocr}
            pages = [by_number.get(p.number, p) for p in pages]
            counts.update({n: MIN_PAGE_CHARS for n in by_number})  # read: no 'image only' warning
            doc.encoding = "pdf+ocr"
            text_pages = pages
            from pardw.parse.readers.ocr import attach

            attach(doc, ocr)
    if not text_pages:
        images = sum(p.images for p in pages)
        what = f"{images} image(s) and no text layer" if images else "no text layer"
        hint = f": {reason}" if scans and reason else ""
        raise UnreadableReport("scanned_pdf", f"the PDF's {len(pages)} page(s) have {what} (a scan needs OCR{hint})")
    doc.warnings.extend(_page_warnings(pages, counts, misread if reason else {}, reason))
    _convert_legacy(pages, doc)
    try:
        blocks, warnings = build_blocks(pages)
    except Exception as exc:  # a layout this reader does not foresee must not lose the file: plain lines
        blocks = _plain_blocks(pages)
        warnings = [("pdf_layout_failed", f"the page layout could not be analysed ({type(exc).__name__}: {exc}); "
                     "the text is read line by line", None)]  # fmt: skip
    doc.blocks = blocks
    doc.warnings.extend(warnings)
    return doc


def _regular_weight(pages: list[PageContent]) -> int:
    """The weight of the document's body text when PDFium gives it as bold (600 or more): Ghostscript's
    pdfwrite keeps a font's stem width, from which PDFium reckons 752 for a regular DejaVu Serif, and every
    word read bold made every paragraph a heading. 0 where the body's weight is a regular one. The body: the
    weight of four text objects in five or more, over twenty or more."""
    weights: Counter[int] = Counter()
    for p in pages:
        weights.update(p.weights)
    total = sum(weights.values())
    if total < 20:
        return 0
    weight, n = weights.most_common(1)[0]
    return weight if weight >= 600 and n >= 0.8 * total else 0


def _page_warnings(pages: list[PageContent], counts: dict[int, int], misread: dict[int, float], reason: str | None):
    """Per page, what could not be read as it should: an unreadable page, a misread text layer OCR could not
    replace (``reason``: why), unmapped characters, an image without text."""
    out = []
    for p in pages:
        if p.error:
            out.append(("pdf_page_unreadable", f"page {p.number} could not be read: {p.error}", f"p. {p.number}"))
        elif p.number in misread:
            out.append(("pdf_text_layer_garbled",
                        f"page {p.number}'s text layer does not read as text ({misread[p.number]:.0%} of its words "
                        f"hold symbols such as $ # @ +: a font without a correct Unicode mapping) and OCR is not "
                        f"available ({reason}): its text is read as it is, garbled", f"p. {p.number}"))  # fmt: skip
        elif p.unmapped > max(20, 0.05 * counts[p.number]):
            out.append(("pdf_unmapped_text",
                        f"{p.unmapped} of {counts[p.number]} characters on page {p.number} have no Unicode mapping "
                        "(a font without ToUnicode): its text may be garbled", f"p. {p.number}"))  # fmt: skip
        elif counts[p.number] < MIN_PAGE_CHARS and p.images:
            out.append(("pdf_page_image_only",
                        f"page {p.number} is an image without a text layer (a scanned page); its content is not read",
                        f"p. {p.number}"))  # fmt: skip
    return out


OCR_DPI = 300  # scanned pages are rendered for OCR at this resolution


def _ocr(data: bytes, numbers: list[int]):
    """The scanned pages OCR'd (``pardw.parse.readers.ocr``), each rendered at OCR_DPI."""
    from pardw.parse.readers.ocr import ocr_pages, page_budget

    def images():
        for n in numbers:
            with _PDFIUM:
                pdf = pdfium.PdfDocument(data)
                try:
                    page = pdf[n - 1]
                    image = page.render(scale=OCR_DPI / 72, grayscale=True, may_draw_forms=False).to_pil()
                    page.close()
                finally:
                    pdf.close()
            yield n, image, float(OCR_DPI)

    return ocr_pages(images(), page_budget(), len(numbers))


def _convert_legacy(pages: list[PageContent], doc: SourceDocument) -> None:
    """Pages whose text is in a legacy Vietnamese 8-bit font encoding (a .VnTime font maps its bytes to
    Latin-1 letters: 'C«ng v¨n') converted to Unicode, with a warning naming them; a page too short to
    tell follows the document."""
    texts = [" ".join(c.text for c in p.chars) for p in pages]
    whole = detect_legacy(" ".join(texts)[:20000])
    converted: dict[str, list[int]] = {}
    for page, text in zip(pages, texts, strict=True):
        kind = detect_legacy(text) or (whole if len(text) < 1500 else None)
        if kind is None or not text.strip():
            continue
        for c in page.chars:
            c.text = to_unicode(c.text, kind)
        converted.setdefault(kind, []).append(page.number)
    for kind, numbers in converted.items():
        shown = ", ".join(map(str, numbers[:10])) + (" …" if len(numbers) > 10 else "")
        doc.warnings.append(("legacy_font_converted", f"page(s) {shown}: text in the legacy {kind} font encoding "
                             "(a pre-Unicode Vietnamese font), converted", f"p. {numbers[0]}"))  # fmt: skip


_EDGE = ".,;:!?()[]\"'\u201c\u201d\u2018\u2019\u2026-\u2013\u2014*\u2022\u00b7"  # what may open or close a word
# a character no word of a report holds (a stray '&' or '+' is a word of its own, or one among many)
_SYMBOL = re.compile("[$#@&*+<=>\\\\^_`{|}~\u201a\u2030\x00-\x1f\ufffd\ue000-\uf8ff]")


def misread_share(words: list[Char]) -> float:
    """The share of a page's words (of 20 or more) that hold a symbol (``_SYMBOL``) once their opening and closing
    punctuation is cut: X
    of four PDFs distilled from PostScript whose fonts lost their Unicode mapping."""
    if len(words) < 20 or len(_SYMBOL.findall("".join(c.text for c in words))) <= MISREAD_SHARE * len(words):
        return 0.0  # (each such word holds one of the symbols counted here: too few of them, too few words)
    return sum(1 for c in words if _SYMBOL.search(c.text.strip(_EDGE))) / len(words)


def _read_pages(data: bytes, regular: int = 0) -> list[PageContent]:
    pdf = _open(data)
    try:
        n = len(pdf)
        if n > max_pages():
            raise UnreadableReport("too_large", f"the PDF has {n} pages (more than PARDW_MAX_PDF_PAGES={max_pages()})")
        forms = raw.FPDF_GetFormType(pdf.raw) != raw.FORMTYPE_NONE
        if forms:
            pdf.init_forms()
        return [_page(pdf, i, forms, regular) for i in range(n)]
    finally:
        pdf.close()


def _plain_blocks(pages: list[PageContent]) -> list[Block]:
    blocks = []
    for page in pages:
        for line in group_lines(page.chars):
            text = " ".join(seg.text for seg in split_segments(line))
            if text.strip():
                blocks.append(Block("paragraph", f"p. {page.number}", text=text, page=page.number))
    return blocks


def pdf_floor(data: bytes) -> int:
    """The library's own raw text extraction of every page (the benchmark floor): characters read."""
    with _PDFIUM:
        return _floor(data)


def _floor(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        total = 0
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return total
    finally:
        pdf.close()


def _open(data: bytes) -> pdfium.PdfDocument:
    head = data[:1024]
    if b"%PDF-" not in head:
        raise UnreadableReport("corrupt_pdf", "not a PDF: no %PDF- header in the first 1024 bytes")
    if b"%%EOF" not in data[-16384:]:  # (some writers leave bytes after it)
        raise UnreadableReport("corrupt_pdf", "the PDF is truncated: no %%EOF marker at its end")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == raw.FPDF_ERR_PASSWORD:
            raise UnreadableReport(
                "encrypted_pdf", "the PDF is encrypted with a password (it does not open with an empty one)"
            ) from None
        if exc.err_code == raw.FPDF_ERR_SECURITY:
            raise UnreadableReport("encrypted_pdf", "the PDF uses an unsupported security handler") from None
        raise UnreadableReport("corrupt_pdf", f"the PDF cannot be opened: {exc}") from None


def _page(pdf: pdfium.PdfDocument, index: int, forms: bool, regular: int = 0) -> PageContent:
    number = index + 1
    try:
        page = pdf[index]
        if forms and _has_stamps(page):
            page.flatten()  # the stamped number and day become page content
            page.close()
            page = pdf[index]
        try:
            return _read_page(page, number, regular)
        finally:
            page.close()
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        return PageContent(number, 0.0, 0.0, error=str(exc))


def _has_stamps(page: pdfium.PdfPage) -> bool:
    for k in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, k)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) in _FLATTEN_ANNOTS:
                return True
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return False


class _Transform:
    """PDF user space -> the page as displayed (rotation applied), y from the top."""

    def __init__(self, page: pdfium.PdfPage):
        box = raw.FS_RECTF()  # the crop box as displayed, inherited from the page tree where the page has none
        if raw.FPDF_GetPageBoundingBox(page.raw, box):
            left, bottom, right, top = box.left, box.bottom, box.right, box.top
        else:
            left, bottom, right, top = page.get_cropbox()
        self.left, self.bottom = left, bottom
        self.w, self.h = right - left, top - bottom
        self.rot = page.get_rotation() % 360
        self.width, self.height = (self.h, self.w) if self.rot in (90, 270) else (self.w, self.h)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a box given by two corners in user space."""
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom
        if self.rot == 90:
            return y, x
        if self.rot == 180:
            return self.w - x, y
        if self.rot == 270:
            return self.h - y, self.w - x
        return x, self.h - y


def _read_page(page: pdfium.PdfPage, number: int, regular: int = 0) -> PageContent:
    tf = _Transform(page)
    content = PageContent(number, tf.width, tf.height)
    textpage = page.get_textpage()
    try:
        words = _Words(textpage.raw, tf, regular)
        content.chars = words.read()
        content.weights = Counter(f.weight for f in words.fonts.values())
        content.unmapped = len(_UNMAPPED.findall("".join([c.text for c in content.chars])))
    finally:
        textpage.close()
    _graphics(page, tf, content)
    return content


def _proto(fn, restype, *argtypes):
    """A private ctypes prototype of a PDFium function taking plain addresses (no argument checks,
    a third faster than pypdfium2's typed bindings; pypdfium2's own objects are left as they are)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_VP, _INT, _DBL = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_loose_box = _proto(raw.FPDFText_GetLooseCharBox, _INT, _VP, _INT, _VP)
_text_object = _proto(raw.FPDFText_GetTextObject, _VP, _VP, _INT)
_is_generated = _proto(raw.FPDFText_IsGenerated, _INT, _VP, _INT)
_char_origin = _proto(raw.FPDFText_GetCharOrigin, _INT, _VP, _INT, _VP, _VP)
_font_size = _proto(raw.FPDFText_GetFontSize, _DBL, _VP, _INT)
_font_weight = _proto(raw.FPDFText_GetFontWeight, _INT, _VP, _INT)
_char_matrix = _proto(raw.FPDFText_GetMatrix, _INT, _VP, _INT, _VP)
_LOOSE_BOX_ADDRESS = ctypes.cast(raw.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
_TEXT_OBJECT_ADDRESS = ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
_FONT_ADDRESSES = tuple(
    ctypes.cast(f, ctypes.c_void_p).value
    for f in (raw.FPDFText_GetCharOrigin, raw.FPDFText_GetMatrix, raw.FPDFText_GetFontWeight, raw.FPDFText_GetFontSize)
)
_WORD = re.compile("[^ \t\u00a0\r\n\x00\ufeff\u200b]+")
_UNMAPPED = re.compile("[\x00-\x1f\ufffd\ue000-\uf8ff]")


@dataclass(slots=True)
class _Font:
    """What all characters of one PDFium text object share (one text-showing operator: one font, size,
    matrix and baseline)."""

    size: float
    bold: bool
    base: float  # baseline y in user space
    skew: float  # horizontal shear of the glyphs (a synthetic italic), c/d of the text matrix
    upright: bool  # the text runs left to right on an unrotated page: words are read as wholes
    weight: int = 0  # the font's weight as PDFium gives it (0: none)


_Space = tuple[bool, bool, float | None]  # (a space came before, only a generated one, where it was drawn)
_NO_SPACE: _Space = (False, False, None)


class _Words:
    """A page's text as words (runs of characters between PDFium's spaces and line ends, one text object
    each) with their loose boxes: a handful of PDFium calls per word instead of several per character.
    Each word carries whether a space came before it in the stream, and whether that space was a space
    character (and where it was drawn) or one PDFium generated from a jump in the text position."""

    def __init__(self, tp, tf: _Transform, regular: int = 0) -> None:
        self.textpage = tp
        # the body text's weight where PDFium calls it bold (see read_pdf): then a weight says little, and a
        # font is bold by its name, or by a weight well above the body's
        self.regular = regular
        self.tp = ctypes.cast(tp, ctypes.c_void_p).value
        self.tf = tf
        self.rect = raw.FS_RECTF()
        self.p_rect = ctypes.addressof(self.rect)
        self.fonts: dict[int | None, _Font] = {}
        self.styles: dict[tuple, tuple[float, bool, float, bool]] = {}  # a text object's look, by its PDFium values
        self.out: list[Char] = []
        self.pieces = False  # a word was read piece by piece (_mixed)
        # every character's text object, loose box and whether PDFium gave it, when the C loop read them
        self.objs: memoryview | None = None  # (indexed in place: cheaper than a list of every character's)
        self.box: memoryview | None = None
        self.found = b""
        self.ox, self.oy, self.matrix = _DBL(), _DBL(), raw.FS_MATRIX()
        self.p_ox, self.p_oy = ctypes.addressof(self.ox), ctypes.addressof(self.oy)
        self.p_matrix = ctypes.addressof(self.matrix)

    def read(self) -> list[Char]:
        n = min(raw.FPDFText_CountChars(self.textpage), MAX_CHARS_PER_PAGE)
        if n <= 0:
            return []
        buf = ctypes.create_string_buffer((n + 1) * 2)
        raw.FPDFText_GetText(self.textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        text = buf.raw[: n * 2].decode("utf-16-le", errors="replace")
        text = text.replace("\ufffe", "-")  # PDFium's mark for a hyphen at a line end
        if self.tf.rot:
            words = self._read_any(text)
        elif _pdfchars is not None:
            words = self._read_upright_fast(text, n)
        else:
            words = self._read_upright(text)
        # a piece can start with a combining mark only where a word was read piece by piece (_mixed)
        return attach_marks(words) if self.pieces else words

    def _read_upright_fast(self, text: str, n: int) -> list[Char]:
        """``_read_upright`` on every character's box and text object read in one C loop (``_pdfchars``):
        the same words, the same values."""
        data, objects, found = _pdfchars.char_boxes(self.tp, n, _LOOSE_BOX_ADDRESS, _TEXT_OBJECT_ADDRESS)
        box = self.box = memoryview(data).cast("f")  # left, top, right, bottom per character
        objs = self.objs = memoryview(objects).cast("Q")
        self.found = found
        fonts, out = self.fonts, self.out
        dx, flip = self.tf.left, self.tf.h + self.tf.bottom
        end = 0
        for m in _WORD.finditer(text):
            i0, i1 = m.span()
            if i0 == end:
                space = _NO_SPACE
            elif i0 == end + 1 and text[end] == " ":  # one space character: the common case of _before
                k = 4 * end
                if found[end] and box[k + 2] > box[k]:
                    space = (True, False, (box[k] + box[k + 2]) / 2 - dx)
                else:
                    space = (True, bool(_is_generated(self.tp, end)), None)
            else:
                space = self._space(text, end, i0)
            end = i1
            first = objs[i0]
            obj = first or None
            font = fonts.get(obj) or self._font(obj, i0)
            several = i1 - i0 > 1
            if (several and objs[i1 - 1] != first) or not font.upright or text[i0] >= "\u0300":
                self._mixed(text, i0, i1, space)
                continue
            if not found[i0]:
                continue
            k = 4 * i0
            left, right = box[k], box[k + 2]
            if several:
                if not found[i1 - 1]:
                    continue
                right = box[4 * i1 - 2]
            if font.skew:
                left, right = _upright_span(font, left, box[k + 1], box[k + 3], right)
            out.append(Char(text[i0:i1], left - dx, right - dx, flip - font.base, font.size, font.bold, *space))
        return out

    def _read_upright(self, text: str) -> list[Char]:
        """An unrotated page (the common case, spelt out for speed): a word is one piece when its first
        and last characters are in one text object (else it is read object by object: a superscript, a
        glyph from another font, a jump in the text position inside a word)."""
        tp, r, p_rect, fonts, out = self.tp, self.rect, self.p_rect, self.fonts, self.out
        dx, flip = self.tf.left, self.tf.h + self.tf.bottom
        loose, text_object = _loose_box, _text_object
        end = 0
        for m in _WORD.finditer(text):
            i0, i1 = m.span()
            space = self._before(text, end, i0) if i0 > end else _NO_SPACE
            end = i1
            obj = text_object(tp, i0)
            font = fonts.get(obj) or self._font(obj, i0)
            several = i1 - i0 > 1
            if (several and text_object(tp, i1 - 1) != obj) or not font.upright or text[i0] >= "\u0300":
                self._mixed(text, i0, i1, space)
                continue
            if not loose(tp, i0, p_rect):
                continue
            left, top, bottom, right = r.left, r.top, r.bottom, r.right
            if several:
                if not loose(tp, i1 - 1, p_rect):
                    continue
                right = r.right
            if font.skew:
                left, right = _upright_span(font, left, top, bottom, right)
            out.append(Char(text[i0:i1], left - dx, right - dx, flip - font.base, font.size, font.bold, *space))
        return out

    def _read_any(self, text: str) -> list[Char]:
        """Any page (a rotated one): word by word, each word placed through the page's transform."""
        end = 0
        for m in _WORD.finditer(text):
            i0, i1 = m.span()
            space = self._space(text, end, i0) if i0 > end else _NO_SPACE
            end = i1
            self._mixed(text, i0, i1, space)
        return self.out

    def _before(self, text: str, start: int, stop: int) -> _Space:
        """The space before a word on an unrotated page; one space character is the common case."""
        if stop == start + 1 and text[start] == " ":
            r = self.rect
            if _loose_box(self.tp, start, self.p_rect) and r.right > r.left:
                return True, False, (r.left + r.right) / 2 - self.tf.left
            return True, bool(_is_generated(self.tp, start)), None
        return self._space(text, start, stop)

    def _space(self, text: str, start: int, stop: int) -> _Space:
        """The spaces between two words of the stream (none when a line end comes last between them)."""
        gap = text[start:stop]
        cut = max(gap.rfind("\r"), gap.rfind("\n"))
        if cut > 0 and self.out and not self.tf.rot:
            self._wrapped_at(text, start, start + cut)
        seen = generated = False
        at = None
        for k in range(start + cut + 1, stop):
            if text[k] not in _SPACE:
                continue
            r = self._box(k)
            if r is not None and r[2] > r[0]:
                x0, _, x1, _ = self.tf.box(r[0], r[3], r[2], r[1])
                seen, generated, at = True, False, (x0 + x1) / 2
            elif _is_generated(self.tp, k):
                generated = generated or not seen
                seen = True
            else:
                seen, generated = True, False
        return (True, generated, at) if seen else _NO_SPACE

    def _wrapped_at(self, text: str, start: int, stop: int) -> None:
        """The last word read ends its line with a space character before the line end: its width is the
        word's ``space_after`` (a space PDFium generated has no width: not one)."""
        last = self.out[-1]
        for k in range(start, stop):
            if text[k] in _SPACE:
                r = self._box(k)
                # (the last word read is the one before this space: it ends where the space starts)
                if r is not None and r[2] > r[0] and abs(r[0] - self.tf.left - last.x1) <= 0.5 * last.size:
                    last.space_after = r[2] - r[0]
                return

    def _mixed(self, text: str, i0: int, i1: int, space: _Space) -> None:
        """A word whose characters belong to several text objects (a superscript, a change of font inside
        a word), that starts with a combining mark, or that is rotated: one piece per object and per
        leading mark (rotated text: one per character)."""
        self.pieces = True
        a = i0
        obj = self._object(i0)
        for k in range(i0 + 1, i1 + 1):
            nxt = self._object(k) if k < i1 else None
            if k == i1 or nxt != obj or (k - a == 1 and unicodedata.combining(text[a])):
                self._piece(text, a, k, obj, space)
                space, a, obj = _NO_SPACE, k, nxt

    def _font(self, obj: int | None, i: int) -> _Font:
        if _pdfchars is not None:
            got, oy, has_matrix, a, b, c, d, weight, font_size = _pdfchars.font_at(self.tp, i, *_FONT_ADDRESSES)
            if got:
                self.oy.value = oy
        else:
            tp, m = self.tp, self.matrix
            _char_origin(tp, i, self.p_ox, self.p_oy)
            has_matrix = _char_matrix(tp, i, self.p_matrix)
            weight = _font_weight(tp, i)
            a, b, c, d = m.a, m.b, m.c, m.d
            font_size = _font_size(tp, i)
        key = (has_matrix, a, b, c, d, weight, font_size)
        # (a weight of 0, or the body's weight read as bold: bold by the font's name, not cached by weight)
        style = self.styles.get(key) if weight > 0 and not self.regular else None
        if style is None:
            if weight <= 0:
                bold = _named_bold(obj)
            elif self.regular:
                bold = weight >= self.regular + 150 or _named_bold(obj, by_name=True)
            else:
                bold = weight >= 600
            upright = has_matrix and not self.tf.rot and a > 0 and d > 0 and abs(b) <= 1e-3 * a
            # the size the text is drawn at: the font size times the text matrix's scale (a writer may set a
            # 1-point font and scale it by the matrix, as Cairo does; Chromium draws in px scaled by 0.75)
            scale = (d if upright and not c else math.sqrt(abs(a * d - b * c))) if has_matrix else 1.0
            style = (round(font_size * (scale or 1.0), 2), bold, c / d if upright else 0.0, bool(upright))
            if weight > 0 and not self.regular:
                self.styles[key] = style
        size, bold, skew, upright = style
        font = _Font(size, bold, self.oy.value, skew, upright, weight)
        self.fonts[obj] = font
        return font

    def _piece(self, text: str, i0: int, i1: int, obj: int | None, space: _Space) -> None:
        """Characters i0..i1 of one text object."""
        font = self.fonts.get(obj) or self._font(obj, i0)
        if not font.upright:
            for k in range(i0, i1):
                self._char(text, k, font, space if k == i0 else _NO_SPACE)
            return
        first = self._box(i0)
        if first is None:
            return
        left, top, right, bottom = first
        if i1 - i0 > 1:
            last = self._box(i1 - 1)
            if last is None:
                return
            right = last[2]
        if font.skew:
            left, right = _upright_span(font, left, top, bottom, right)
        dx = self.tf.left
        self.out.append(Char(text[i0:i1], left - dx, right - dx, self.tf.h + self.tf.bottom - font.base, font.size,
                             font.bold, *space))  # fmt: skip

    def _object(self, k: int) -> int | None:
        """Character k's text object (None: none), from the C loop's arrays when they were read."""
        if self.objs is not None:
            return self.objs[k] or None
        return _text_object(self.tp, k)

    def _box(self, k: int) -> tuple[float, float, float, float] | None:
        """Character k's loose box (left, top, right, bottom), None where PDFium gives none."""
        if self.objs is not None:
            if not self.found[k]:
                return None
            j = 4 * k
            return self.box[j], self.box[j + 1], self.box[j + 2], self.box[j + 3]
        r = self.rect
        return (r.left, r.top, r.right, r.bottom) if _loose_box(self.tp, k, self.p_rect) else None

    def _char(self, text: str, k: int, font: _Font, space: _Space) -> None:
        """One character of rotated text, placed by its own origin."""
        tp, r = self.tp, self.rect
        ox, oy = _DBL(), _DBL()
        if not _loose_box(tp, k, self.p_rect) or not _char_origin(tp, k, ctypes.addressof(ox), ctypes.addressof(oy)):
            return
        x0, _, x1, _ = self.tf.box(r.left, r.bottom, r.right, r.top)
        _, base = self.tf.point(ox.value, oy.value)
        self.out.append(Char(text[k], x0, x1, base, font.size, font.bold, *space))


def _upright_span(font: _Font, left: float, top: float, bottom: float, right: float) -> tuple[float, float]:
    """A slanted glyph's (a synthetic italic's) box is wider than its advance: back to origin .. origin +
    advance, the shear at the box's top and bottom taken off."""
    up, down = font.skew * (top - font.base), font.skew * (bottom - font.base)
    return left - min(up, down), right - max(up, down)


def _named_bold(obj: int | None, by_name: bool = False) -> bool:
    """No weight in the font descriptor (or none to trust, ``by_name``): the font's name says."""
    return bool(obj) and _is_bold(ctypes.cast(obj, raw.FPDF_PAGEOBJECT), by_name)


def _is_bold(obj, by_name: bool = False) -> bool:
    font = raw.FPDFTextObj_GetFont(obj)
    if not font:
        return False
    if not by_name and raw.FPDFFont_GetWeight(font) >= 600:
        return True
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return False
    name = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, name, size)
    return b"bold" in name.value.lower() or b"black" in name.value.lower()


def _graphics(page: pdfium.PdfPage, tf: _Transform, content: PageContent) -> None:
    """Visible ruling lines (thin filled rectangles, stroked lines and boxes) and the images' area."""
    paint = _Paint()
    page_area = max(tf.width * tf.height, 1.0)
    image_area = 0.0
    l_, b_, r_, t_ = (ctypes.c_float() for _ in range(4))
    bounds = (ctypes.byref(l_), ctypes.byref(b_), ctypes.byref(r_), ctypes.byref(t_))
    get_type, get_object = raw.FPDFPageObj_GetType, raw.FPDFPage_GetObject
    for k in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = get_object(page.raw, k)
        kind = get_type(obj)
        if kind != raw.FPDF_PAGEOBJ_PATH and kind != raw.FPDF_PAGEOBJ_IMAGE:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, *bounds):
            continue
        box = tf.box(l_.value, b_.value, r_.value, t_.value)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            content.images += 1
            image_area += (box[2] - box[0]) * (box[3] - box[1])
            continue
        look = paint.of(obj)
        if look is not None:
            _add_path(content, obj, box, *look)
    content.image_area = min(image_area / page_area, 1.0)


class _Paint:
    """How a path is painted, read through out-parameters made once per page."""

    def __init__(self) -> None:
        self.r, self.g, self.b, self.a = (ctypes.c_uint() for _ in range(4))
        self.fill_mode, self.stroke = ctypes.c_int(), ctypes.c_int()

    def of(self, obj) -> tuple[bool, bool, int] | None:
        """(filled, stroked, lightest colour channel) of a visible path; None for one that is neither filled
        nor stroked, white or transparent."""
        if not raw.FPDFPath_GetDrawMode(obj, self.fill_mode, self.stroke):
            return None
        filled = self.fill_mode.value != raw.FPDF_FILLMODE_NONE
        stroked = bool(self.stroke.value)
        if filled:
            raw.FPDFPageObj_GetFillColor(obj, self.r, self.g, self.b, self.a)
        elif stroked:
            raw.FPDFPageObj_GetStrokeColor(obj, self.r, self.g, self.b, self.a)
        else:
            return None
        lightest = min(self.r.value, self.g.value, self.b.value)
        if self.a.value < 40 or lightest > 245:
            return None
        return filled, stroked, lightest


def _add_path(
    content: PageContent, obj, box: tuple[float, float, float, float], filled: bool, stroked: bool, lightest: int
) -> None:
    """A thin dark path is a ruling line; a small filled box a cell's shading; a small stroked box four rules."""
    left, top, right, bottom = box
    thin = right - left <= 3 or bottom - top <= 3
    if thin and lightest <= 200:
        content.rules.append(Rule(left, top, right, bottom))
    elif not thin and filled and not stroked and raw.FPDFPath_CountSegments(obj) <= 6:
        content.fills.append(Rule(left, top, right, bottom))
    elif not thin and stroked and not filled and lightest <= 200 and raw.FPDFPath_CountSegments(obj) <= 6:
        content.rules.extend(
            (Rule(left, top, right, top), Rule(left, bottom, right, bottom),
             Rule(left, top, left, bottom), Rule(right, top, right, bottom))
        )  # fmt: skip
