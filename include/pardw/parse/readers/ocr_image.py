"""A scanned page image made ready for OCR (OpenCV): greyscale, deskewed, despeckled, and its ruling
lines found (the table grid) and taken out of the image the cells are read from.

Pure functions on numpy arrays (uint8 greyscale, 0 = black); coordinates in pixels, y down.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_SKEW = 3.0  # degrees searched either way (a scanner's feed turns a page by a degree or two)


@dataclass(slots=True)
class Prepared:
    image: np.ndarray  # deskewed, despeckled greyscale page
    text: np.ndarray  # the same with the ruling lines painted white (what the cells are read from)
    angle: float  # degrees the page was turned back by
    horizontal: list[tuple[int, int, int, int]]  # ruling lines (x0, top, x1, bottom)
    vertical: list[tuple[int, int, int, int]]


def to_grey(image) -> np.ndarray:
    """A PIL image (any mode) as a greyscale array; a red seal's ink is kept lighter than black text
    (the red channel, where red is nearly white, is weighed in)."""
    if image.mode in ("RGB", "RGBA", "P", "CMYK"):
        rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
        grey = np.asarray(image.convert("L"), dtype=np.uint8)
        return np.maximum(grey, rgb[:, :, 0] // 2 + grey // 2)  # red ink lighter, black stays black
    return np.asarray(image.convert("L"), dtype=np.uint8).copy()


def skew_angle(grey: np.ndarray) -> float:
    """The page's skew in degrees (positive: counter-clockwise), by the angle at which the rows of ink
    are sharpest (the variance of the row sums is largest), on a reduced copy: coarse then fine."""
    import cv2

    h, w = grey.shape
    f = 600 / max(h, w)
    small = cv2.resize(grey, (max(int(w * f), 1), max(int(h * f), 1)), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    if ink.sum() < 50:
        return 0.0
    centre = (small.shape[1] / 2, small.shape[0] / 2)

    def score(a: float) -> float:
        m = cv2.getRotationMatrix2D(centre, a, 1.0)
        rows = cv2.warpAffine(ink, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_LINEAR).sum(axis=1)
        return float(np.var(rows))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=score)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=score)
    return round(float(fine), 2)


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    if abs(angle) < 0.03:
        return grey
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def despeckle(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Isolated dots (scanner dust, speckle) removed: dark components smaller than a full stop's
    quarter are painted white; a median filter would thin the strokes too."""
    import cv2

    binary = (grey < 150).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    tiny = max(2, int((dpi / 200) ** 2 * 5))
    small = np.zeros(n, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= tiny
    out = grey.copy()
    out[small[labels]] = 255
    # light speckle (grey dots that are not ink) lifted to white
    out[(out > 110) & (cv2.medianBlur(grey, 3) > 200)] = 255
    return out


def ruling_lines(grey: np.ndarray, dpi: float) -> tuple[list, list, np.ndarray]:
    """Horizontal and vertical ruling lines (x0, top, x1, bottom) and their pixel mask: runs of ink
    longer than any letter (opening with a long thin kernel), a little gap closed."""
    import cv2

    ink = cv2.adaptiveThreshold(255 - grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 31, -12)
    # longer than any glyph's stroke at text sizes: across, 9 mm (a run of capitals' bars, 'TT', joins
    # up to about 6 mm); down, 3.8 mm (a one-line table row's column rules are not much longer)
    across, down = max(int(dpi * 0.35), 20), max(int(dpi * 0.15), 12)
    hk = cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1))
    vk = cv2.getStructuringElement(cv2.MORPH_RECT, (1, down))
    hmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, hk)
    vmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, vk)
    gap = max(int(dpi / 40), 3)
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    hs = _boxes(hmask, horizontal=True, min_len=across)
    vs = _boxes(vmask, horizontal=False, min_len=down)
    mask = cv2.dilate(hmask | vmask, np.ones((3, 3), np.uint8))
    return hs, vs, mask


def _boxes(mask: np.ndarray, horizontal: bool, min_len: int) -> list[tuple[int, int, int, int]]:
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for k in range(1, n):
        x, y, bw, bh = (int(v) for v in stats[k, :4])
        long, thick = (bw, bh) if horizontal else (bh, bw)
        if long >= min_len and thick <= max(8, long // 20):
            out.append((x, y, x + bw, y + bh))
    return out


def prepare(image, dpi: float) -> Prepared:
    grey = to_grey(image)
    angle = skew_angle(grey)
    page = despeckle(rotate(grey, angle), dpi)
    hs, vs, mask = ruling_lines(page, dpi)
    text = page.copy()
    text[mask > 0] = 255
    return Prepared(page, text, angle, hs, vs)


def ink(grey: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> int:
    """Dark pixels in a rectangle (an empty cell has none once its rules are taken out and it is despeckled)."""
    region = grey[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)]
    return int((region < 128).sum())


__all__ = ["Prepared", "despeckle", "ink", "prepare", "rotate", "ruling_lines", "skew_angle", "to_grey"]
