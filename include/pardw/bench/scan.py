"""Scans made from born-digital PDFs, for the OCR tests and the benchmark: each page rasterised
(PDFium) at ``dpi`` and degraded the way an office scanner and its PDF software degrade paper —
greyscale, a small rotation, blur, speckle, JPEG compression — then packed as an image-only PDF
(one JPEG image per page, no text layer), as the scanner writes it.

The degradation is seeded per page: the same input gives the same scan.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import Image, ImageFilter


@dataclass(frozen=True, slots=True)
class Degradation:
    max_angle: float = 1.0  # degrees, either way
    blur: float = 0.6  # Gaussian radius in pixels
    speckle: float = 0.0015  # share of pixels flipped to dark or light dots
    jpeg_quality: int = 70
    seed: int = 23


CLEAN = Degradation(max_angle=0.0, blur=0.0, speckle=0.0, jpeg_quality=95)


def rasterise(pdf: bytes, dpi: int = 200) -> list[Image.Image]:
    """Every page of a PDF as a greyscale image at ``dpi``."""
    import pypdfium2 as pdfium

    from pardw.parse.readers.pdf import _PDFIUM

    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            out = []
            for i in range(len(doc)):
                page = doc[i]
                out.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
                page.close()
            return out
        finally:
            doc.close()


def degrade(image: Image.Image, how: Degradation, page: int = 0) -> Image.Image:
    """One page image as it comes out of a scanner (greyscale, turned, blurred, speckled)."""
    rnd = random.Random(how.seed * 1000 + page)
    img = image.convert("L")
    if how.max_angle:
        angle = rnd.uniform(-how.max_angle, how.max_angle)
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if how.blur:
        img = img.filter(ImageFilter.GaussianBlur(how.blur))
    if how.speckle:
        import numpy as np

        gen = np.random.default_rng(how.seed * 1000 + page)
        arr = np.array(img)
        n = int(arr.size * how.speckle)
        ys, xs = gen.integers(0, arr.shape[0], n), gen.integers(0, arr.shape[1], n)
        arr[ys, xs] = gen.choice(np.array([0, 60, 255], dtype=np.uint8), n)
        img = Image.fromarray(arr)
    return img


def images_to_pdf(images: list[Image.Image], dpi: int = 200, jpeg_quality: int = 70) -> bytes:
    """An image-only PDF: each image one page (JPEG-compressed, DCTDecode), no text layer."""
    buf = io.BytesIO()
    first, *rest = [im.convert("L") for im in images]
    first.save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=rest, quality=jpeg_quality)
    return buf.getvalue()


def scan_pdf(pdf: bytes, dpi: int = 200, how: Degradation | None = None) -> bytes:
    """A born-digital PDF as a scanner would give it back: an image-only PDF of degraded pages."""
    how = how or Degradation()
    pages = [degrade(img, how, k) for k, img in enumerate(rasterise(pdf, dpi))]
    return images_to_pdf(pages, dpi, how.jpeg_quality)


def scan_images(pdf: bytes, dpi: int = 200, how: Degradation | None = None, fmt: str = "PNG") -> list[bytes]:
    """The degraded pages as image files (``fmt``: PNG, JPEG); a multi-page TIFF with ``fmt="TIFF"`` (one file)."""
    how = how or Degradation()
    pages = [degrade(img, how, k) for k, img in enumerate(rasterise(pdf, dpi))]
    if fmt == "TIFF":
        buf = io.BytesIO()
        pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi))  # before cv2 is loaded
        return [buf.getvalue()]
    out = []
    for img in pages:
        buf = io.BytesIO()
        img.save(buf, fmt, dpi=(dpi, dpi), **({"quality": how.jpeg_quality} if fmt == "JPEG" else {}))
        out.append(buf.getvalue())
    return out


__all__ = ["CLEAN", "Degradation", "degrade", "images_to_pdf", "rasterise", "scan_images", "scan_pdf"]
