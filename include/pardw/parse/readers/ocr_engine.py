"""Tesseract through tesserocr: words with their boxes and confidences, on a page or inside a rectangle.

One engine per thread (a Tesseract API object is not thread-safe), loaded once with the Vietnamese
model (``vie.traineddata`` of the distribution's ``tesseract-ocr-vie``). A second API reads value
cells in digits-and-separators mode (one text line, ``0123456789.,%-/()`` only) with the English
model (``eng``, installed with ``tesseract-ocr``): a second opinion from another model, since one
model alone misreads a clean digit now and then with a high confidence ('50' as '90').

Where the binding or the model is missing, :func:`missing` says what to install; the readers then
keep a scan as ``scanned_pdf`` with that reason.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

LANG = "vie"
DIGITS_LANG = "eng"
DIGITS = "0123456789.,%-/()"
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
INSTALL = (
    "install Tesseract with the Vietnamese model (apt-get install tesseract-ocr tesseract-ocr-vie; make install does)"
)


class OcrUnavailable(RuntimeError):
    pass


class OcrTimeout(RuntimeError):
    pass


@dataclass(slots=True)
class Word:
    """One word read by Tesseract: pixel box in the page image, confidence 0..100, its text line."""

    text: str
    conf: float
    x0: int
    top: int
    x1: int
    bottom: int
    line: int  # words of one text line share it (unique per engine call)


def tessdata() -> str | None:
    """The folder holding ``vie.traineddata``: $TESSDATA_PREFIX, then the distributions' places."""
    env = os.environ.get("TESSDATA_PREFIX")
    for d in ([env, str(Path(env) / "tessdata")] if env else []) + list(_TESSDATA_DIRS):
        if d and all((Path(d) / f"{lang}.traineddata").is_file() for lang in (LANG, DIGITS_LANG)):
            return d
    return None


def missing() -> str | None:
    """None when OCR can run here, else what is missing and how to install it."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return f"the OCR binding tesserocr is not installed (pip install tesserocr); {INSTALL}"
    try:
        import cv2  # noqa: F401
    except ImportError:
        return "OpenCV is not installed (pip install opencv-python-headless)"
    if tessdata() is None:
        return f"Tesseract's models vie.traineddata and eng.traineddata were not found: {INSTALL}"
    return None


class Engine:
    """Two Tesseract APIs on one page image: ``words`` (the model's full alphabet, block or page
    segmentation) and ``digits`` (one line, digits and separators only)."""

    def __init__(self) -> None:
        reason = missing()
        if reason:
            raise OcrUnavailable(reason)
        from tesserocr import OEM, PSM, PyTessBaseAPI

        path = tessdata()
        self._text = PyTessBaseAPI(path=path, lang=LANG, psm=PSM.SINGLE_BLOCK, oem=OEM.LSTM_ONLY)
        self._num = PyTessBaseAPI(path=path, lang=DIGITS_LANG, psm=PSM.SINGLE_LINE, oem=OEM.LSTM_ONLY)
        self._num.SetVariable("tessedit_char_whitelist", DIGITS)
        self._psm = PSM
        self._line_id = 0
        self.deadline: float | None = None  # time.monotonic() after which a recognition is cut short

    def set_image(self, image) -> None:
        """The page (a PIL greyscale image) both APIs read from until the next call."""
        self._text.SetImage(image)
        self._num.SetImage(image)

    def page_words(self, rect: tuple[int, int, int, int] | None = None) -> list[Word]:
        """Words of the page (automatic page segmentation: columns, blocks), or of ``rect`` (x, y, w, h)."""
        api = self._text
        api.SetPageSegMode(self._psm.AUTO if rect is None else self._psm.SINGLE_BLOCK)
        if rect is not None:
            api.SetRectangle(*rect)
        return self._read(api)

    def cell_words(self, rect: tuple[int, int, int, int]) -> list[Word]:
        """A table cell's words; a cell Tesseract's block segmentation finds nothing in (a lone digit
        or letter is often dropped as noise) read again as one line, then as one character."""
        api = self._text
        for psm in (self._psm.SINGLE_BLOCK, self._psm.SINGLE_LINE, self._psm.SINGLE_CHAR):
            api.SetPageSegMode(psm)
            api.SetRectangle(*rect)
            words = self._read(api)
            if words:
                return words
        return []

    def digits(self, rect: tuple[int, int, int, int]) -> tuple[str, float]:
        """The rectangle read as one line of digits and separators: (text, lowest word confidence)."""
        api = self._num
        api.SetRectangle(*rect)
        words = self._read(api)
        if not words:
            return "", 0.0
        return " ".join(w.text for w in words), min(w.conf for w in words)

    def _read(self, api) -> list[Word]:
        import time

        from tesserocr import RIL, iterate_level

        timeout = 0
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise OcrTimeout("the page's OCR time budget is spent")
            timeout = max(int(left * 1000), 1)
        if not api.Recognize(timeout=timeout):
            raise OcrTimeout("Tesseract did not finish within the page's OCR time budget")
        out: list[Word] = []
        it = api.GetIterator()
        if it is None:
            return out
        line = self._line_id
        for w in iterate_level(it, RIL.WORD):
            try:
                text = w.GetUTF8Text(RIL.WORD)
            except RuntimeError:  # tesserocr's "No text returned": an empty word
                continue
            if not text or not text.strip():
                continue
            if w.IsAtBeginningOf(RIL.TEXTLINE):
                line += 1
            box = w.BoundingBox(RIL.WORD)
            if box is None:
                continue
            out.append(Word(text.strip(), float(w.Confidence(RIL.WORD)), *box, line=line))
        self._line_id = line + 1
        return out


_LOCAL = threading.local()


def engine() -> Engine:
    """This thread's engine (loaded on first use: about a tenth of a second)."""
    eng = getattr(_LOCAL, "engine", None)
    if eng is None:
        eng = _LOCAL.engine = Engine()
    return eng


__all__ = ["DIGITS", "Engine", "OcrTimeout", "OcrUnavailable", "Word", "engine", "missing", "tessdata"]
