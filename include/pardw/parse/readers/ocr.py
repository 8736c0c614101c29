"""Scanned pages -> the document model, by OCR (Tesseract ``vie``, :mod:`ocr_engine`).

A page image is deskewed and despeckled, its ruling lines found (:mod:`ocr_image`); the lines are
handed to the born-digital PDF reader's grid finder as the rules a PDF would draw, and each cell of
the grid is read on its own (a cell that reads as a number is read a second time in
digits-and-separators mode: agreement keeps the confidence, disagreement lowers it). The text outside
the tables is read with Tesseract's page segmentation. Every word becomes a positioned word of a
:class:`PageContent`, so a scanned page goes through the same block builder as a PDF page (tables,
headings, paragraphs, locators ``p. N``) and the extractors read it unchanged.

What was read, with its confidence and its box in points, is kept in ``SourceDocument.ocr`` (one
:class:`OcrText` per table cell and per word of prose) for the records to carry
(:mod:`pardw.parse.ocr_confidence`).

Image files (.png, .jpg, .tif, a multi-page TIFF) are read page by page the same way.
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pardw.parse.document_model import OcrText, SourceDocument
from pardw.parse.readers.ocr_engine import OcrTimeout, OcrUnavailable, Word, engine, missing
from pardw.parse.readers.pdf_blocks import PageContent, build_blocks
from pardw.parse.readers.pdf_layout import Char, Rule, find_grids, merge_rules
from pardw.parse.records import UnreadableReport

DEFAULT_DPI = 200.0  # an image file that does not say its resolution
_NUMBER_LIKE = re.compile(r"^[\d\s.,%/()\-:;]+$")
_RULE_ONLY = re.compile(r"^[|¦!\[\]_—–-]+$")  # a piece of a ruling line read as a word
DISAGREE_CAP = 50.0  # the confidence of a number the two readings disagree on
SPECK_CAP = 70.0  # the confidence of a number read with a separator after it (a speck taken off)
_SPECK_END = re.compile(r"^\d(?:[\d.,]*\d)?[.,]$")
# what a table cell of numbers holds: a number as printed (either separator convention, a percentage, a
# fraction '26/26'), or a row code ('1.4.3.', '2.1')
_VALUE_SYNTAX = re.compile(r"^-?\d{1,3}(?:([.,])\d{3}(?:\1\d{3})*)?(?:[.,]\d+)?%?$|^-?\d+(?:[.,]\d+)?%?$|^\d+/\d+$")
_CODE_SYNTAX = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,4}\.?$")


@dataclass(slots=True)
class OcrPage:
    content: PageContent
    texts: list[OcrText]
    angle: float
    seconds: float


def ocr_page(image, number: int, dpi: float, budget: float | None = None) -> OcrPage:
    """One page image (PIL) -> its words and rules in points, and what was read with its confidence.
    ``budget``: seconds this page may take (:class:`OcrTimeout` past it)."""
    from pardw.parse.readers.ocr_image import ink, prepare

    started = time.monotonic()
    eng = engine()
    eng.deadline = None if budget is None else started + budget
    prep = prepare(image, dpi)
    s = 72.0 / dpi
    h_px, w_px = prep.image.shape
    content = PageContent(number, w_px * s, h_px * s, images=1, image_area=1.0)
    content.rules = [Rule(x0 * s, t * s, x1 * s, b * s) for x0, t, x1, b in prep.horizontal + prep.vertical]
    hs, vs = merge_rules(content.rules)
    grids = [g for g in find_grids(hs, vs) if len(g.cells) > 1]
    texts: list[OcrText] = []
    min_ink = max(int(30 * (dpi / 300) ** 2), 8)  # a full stop has more; a cell with less is empty
    from PIL import Image

    eng.set_image(Image.fromarray(prep.text))
    for gi, grid in enumerate(grids):
        for cell in grid.cells:
            x0, y0 = int(cell.x0 / s) + 2, int(cell.top / s) + 2
            x1, y1 = int(cell.x1 / s) - 2, int(cell.bottom / s) - 2
            if x1 - x0 < 6 or y1 - y0 < 6 or ink(prep.text, x0, y0, x1, y1) < min_ink:
                continue
            read = _read_cell(eng, (x0, y0, x1 - x0, y1 - y0), first_column=cell.col == 0)
            if read is None:
                continue
            words, text, conf, second = read
            content.chars.extend(_chars(words, s))
            box = _union(words)
            texts.append(OcrText(number, text, round(conf, 1), _pt(box, s), f"{gi}:{cell.row}", second))
    prose = prep.text.copy()
    for grid in grids:
        gx0, gy0, gx1, gy1 = grid.bbox
        prose[max(int(gy0 / s) - 3, 0) : int(gy1 / s) + 3, max(int(gx0 / s) - 3, 0) : int(gx1 / s) + 3] = 255
    eng.set_image(Image.fromarray(prose))
    words = [w for w in eng.page_words() if not _RULE_ONLY.match(w.text)]
    content.chars.extend(_chars(words, s))
    texts.extend(OcrText(number, w.text, round(w.conf, 1), _pt((w.x0, w.top, w.x1, w.bottom), s), None)
                 for w in words)  # fmt: skip
    eng.deadline = None
    return OcrPage(content, texts, prep.angle, time.monotonic() - started)


def _read_cell(
    eng, rect: tuple[int, int, int, int], first_column: bool = False
) -> tuple[list[Word], str, float, str | None] | None:
    """(words, text, confidence, the other reading) of one table cell. A cell that reads as a number is
    read again in digits mode by the other model: agreement keeps the higher confidence, disagreement
    keeps the well-formed reading at DISAGREE_CAP (flagged for review). Outside the first column (the
    row codes: '2.'), a number never ends with a separator: one there is a speck of dust, taken off, and
    the reading stays under review."""
    read = _read_number_cell(eng, rect, first_column)
    if read is None:
        return read
    words, text, conf, other = read
    if first_column:
        roman = _roman_code(text)
        if roman is None:
            return read
        conf = min(conf, SPECK_CAP)
        return [Word(roman, conf, *_union(words), line=words[0].line)], roman, conf, text
    if _SPECK_END.match(text):
        text, conf = text[:-1].rstrip(), min(conf, SPECK_CAP)
        return [Word(text, conf, *_union(words), line=words[0].line)], text, conf, other or read[1]
    return read


def _read_number_cell(
    eng, rect: tuple[int, int, int, int], first_column: bool = False
) -> tuple[list[Word], str, float, str | None] | None:
    words = eng.cell_words(rect)
    if not words:
        return None
    text = " ".join(w.text for w in words)
    conf = min(w.conf for w in words)
    if _number_like(text) or (first_column and _code_like(text)):
        digits, conf2 = eng.digits(rect)
        if _same(digits, text):
            return words, text, max(conf, conf2), None
        if digits:
            chosen = _choose(text, digits.replace(" ", ""))
            conf = min(conf, conf2, DISAGREE_CAP)
            other = digits if chosen == text else text
            return [Word(chosen, conf, *_union(words), line=words[0].line)], chosen, conf, other
    elif conf < 60 and len(text) <= 6:  # a short unsure cell ('K)'): a row code or a number misread?
        digits, conf2 = eng.digits(rect)
        if digits and conf2 >= conf + 20:
            conf = min(conf2, DISAGREE_CAP)
            return [Word(digits, conf, *_union(words), line=words[0].line)], digits, conf, text
    return words, text, conf, None


_ROMAN_READ = re.compile(r"[IVXLHl|1]{1,5}\.?")
_ROMAN = re.compile(r"(?:X?(?:IX|IV|V?I{0,3}))\.?")


def _roman_code(text: str) -> str | None:
    """A row code in Roman numerals as OCR misreads it ('L.' for 'I.', 'IH.' for 'III.', 'Il.' for 'II.'),
    written right; None for anything else (a code read right, '1.', a name)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))  # 'VỊ.'
    if not _ROMAN_READ.fullmatch(plain) or (plain == text and not any(c in "LHl|" for c in text)):
        return None
    fixed = plain.replace("H", "II").replace("L", "I").replace("l", "I").replace("|", "I").replace("1", "I")
    return fixed if _ROMAN.fullmatch(fixed) and fixed.strip(".") else None


def _code_like(text: str) -> bool:
    """A row code with one letter misread in it ('đ.1.' for '3.1.', '2.2.À.'): read again as digits."""
    compact = text.replace(" ", "")
    letters = sum(c.isalpha() for c in compact)
    return len(compact) <= 10 and letters == 1 and any(c.isdigit() for c in compact) and "." in compact


def _valid(text: str) -> bool:
    return bool(_VALUE_SYNTAX.match(text) or _CODE_SYNTAX.match(text))


def _choose(general: str, digits: str) -> str:
    """Of two disagreeing readings, the one that is a well-formed number or code; both or neither: the
    digits-mode reading (another model, read for digits only)."""
    if _valid(general) and not _valid(digits):
        return general
    return digits


def _same(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


def _number_like(text: str) -> bool:
    """A cell that reads as a number, or mostly digits (a '5' read as 'S', a '0' as 'O'): read again
    in digits mode."""
    if _NUMBER_LIKE.match(text):  # digits and separators, or only punctuation (').' for '0.')
        return any(ch.isdigit() for ch in text) or len(text.replace(" ", "")) <= 3
    compact = text.replace(" ", "")
    digits = sum(ch.isdigit() for ch in compact)
    return len(compact) <= 12 and digits > 0 and digits * 2 >= len(compact)


def _union(words: list[Word]) -> tuple[int, int, int, int]:
    return min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words)


def _pt(box: tuple[int, int, int, int], s: float) -> tuple[float, float, float, float]:
    return tuple(round(v * s, 1) for v in box)  # type: ignore[return-value]


def _chars(words: list[Word], s: float) -> list[Char]:
    """Words as the PDF reader's positioned words: one baseline and size per text line."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    out: list[Char] = []
    for line in lines.values():
        bottoms = sorted(w.bottom for w in line)
        base = bottoms[len(bottoms) // 2] * s
        height = (max(w.bottom for w in line) - min(w.top for w in line)) * s
        size = min(max(height / 1.25, 6.0), 30.0)
        for k, w in enumerate(sorted(line, key=lambda w: w.x0)):
            out.append(Char(w.text, w.x0 * s, w.x1 * s, base, size, space_before=k > 0))
    return out


# Called before each page is OCR'd with (page number, pages to OCR): the parse worker sets it to tell
# its parent, which gives the file one more page's budget and shows the progress.
PROGRESS: Callable[[int, int], None] | None = None


def ocr_pages(images, budget: float | None = None, total: int = 0) -> list[OcrPage]:
    """(page number, PIL image, dpi) -> OCR'd pages; a page past its budget or failing raises
    :class:`UnreadableReport` (``ocr_timeout``, ``ocr_failed``) naming the page."""
    out = []
    for number, image, dpi in images:
        if PROGRESS is not None:
            PROGRESS(number, total)
        try:
            out.append(ocr_page(image, number, dpi, budget))
        except OcrTimeout as exc:
            raise UnreadableReport(
                "ocr_timeout", f"page {number}: {exc} ({budget:g} s a page, PARDW_OCR_PAGE_SECONDS)"
            ) from None
        except OcrUnavailable as exc:
            raise UnreadableReport("scanned_pdf", f"a scan needs OCR: {exc}") from None
        except Exception as exc:  # an image Tesseract or OpenCV cannot read: the file is quarantined, the batch goes on
            raise UnreadableReport(
                "ocr_failed", f"page {number} could not be OCR'd ({type(exc).__name__}: {exc})"
            ) from None
    return out


def page_budget() -> float:
    from pardw.config import ocr_page_seconds

    return ocr_page_seconds()


def attach(doc: SourceDocument, pages: list[OcrPage]) -> None:
    """The OCR'd pages' readings on the document, with a warning naming the pages read by OCR."""
    for p in pages:
        doc.ocr.extend(p.texts)
    if pages:
        numbers = [p.content.number for p in pages]
        shown = ", ".join(map(str, numbers[:12])) + (" …" if len(numbers) > 12 else "")
        low = min((t.conf for p in pages for t in p.texts), default=None)
        doc.warnings.append((
            "ocr_pages",
            f"page(s) {shown} read by OCR (ảnh quét, Tesseract vie); lowest word confidence {low}",
            f"p. {numbers[0]}",
        ))  # fmt: skip


def read_images(data: bytes, file_name: str) -> SourceDocument:
    """An image file of a report (.png, .jpg, .tif; every frame of a multi-page TIFF is a page)."""
    reason = missing()
    if reason:
        raise UnreadableReport("image", f"an image (a scan or photo): reading it needs OCR: {reason}")
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        frames = []
        for k, frame in enumerate(ImageSequence.Iterator(img), 1):
            from pardw.config import max_pdf_pages

            if k > max_pdf_pages():
                raise UnreadableReport(
                    "too_large", f"the image has more than PARDW_MAX_PDF_PAGES={max_pdf_pages()} pages"
                )
            frames.append((k, frame.convert("L"), _dpi(frame)))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableReport("image", f"the image cannot be decoded: {exc}") from None
    pages = ocr_pages(frames, page_budget(), len(frames))
    doc = SourceDocument(file=file_name, format="image", encoding="ocr", pages=len(pages))
    doc.blocks, warnings = build_blocks([p.content for p in pages])
    doc.warnings.extend(warnings)
    attach(doc, pages)
    return doc


def _dpi(frame) -> float:
    """The image's resolution, else one that makes it an A4 page's width (8.27 in)."""
    dpi = frame.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    if 50 <= value <= 1200:
        return value
    return max(frame.size[0] / 8.27, 50.0) if frame.size[0] < frame.size[1] else max(frame.size[0] / 11.69, 50.0)


__all__ = ["OcrPage", "attach", "ocr_page", "ocr_pages", "page_budget", "read_images"]
