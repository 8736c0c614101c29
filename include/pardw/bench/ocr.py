"""OCR throughput: scanned pages per second per core through pardw's reader and parser, next to
Tesseract's own plain-page time on the same pages (one ``GetUTF8Text`` of the whole page image with
the Vietnamese model and automatic page segmentation, the page rendered at the reader's resolution).

The pages are a sample rendered by LibreOffice and scanned (``pardw.bench.scan``: 200 dpi, greyscale,
turned, blurred, speckled, JPEG): its first page, prose, and appendix pages. CPU time of this process
(Tesseract's threads included), each measured once after a warm-up page; the target is that pardw adds
at most 50 % to Tesseract's own time (``parse_over_plain`` ≤ 1.5).
"""

from __future__ import annotations

import io
import time

from pardw.config import SAMPLE_REPORTS_DIR


def scanned_sample(
    name: str = "000_d49b38bb6fe27dd3.txt", pages: tuple[int, ...] = (0, 1, 2, 20, 21, 22, 23, 24)
) -> bytes:
    """An image-only PDF of some pages of a bundled sample (0-based page numbers of its LibreOffice PDF)."""
    import pypdfium2 as pdfium

    from pardw.bench.render import docx_to_pdf, text_to_docx
    from pardw.bench.scan import scan_pdf

    pdf = docx_to_pdf(text_to_docx((SAMPLE_REPORTS_DIR / name).read_text(encoding="utf-8")))
    src, dst = pdfium.PdfDocument(pdf), pdfium.PdfDocument.new()
    dst.import_pages(src, [p for p in pages if p < len(src)])
    buf = io.BytesIO()
    dst.save(buf)
    return scan_pdf(buf.getvalue(), 200)


def _plain_tesseract(images) -> float:
    from tesserocr import PSM, PyTessBaseAPI

    from pardw.parse.readers.ocr_engine import LANG, tessdata

    with PyTessBaseAPI(path=tessdata(), lang=LANG, psm=PSM.AUTO) as api:
        api.SetImage(images[0])
        api.GetUTF8Text()  # warm-up
        t = time.process_time()
        for image in images:
            api.SetImage(image)
            api.GetUTF8Text()
        return time.process_time() - t


def bench_ocr(scan: bytes | None = None) -> dict:
    from pardw.parse.readers.ocr_engine import missing

    reason = missing()
    if reason:
        return {"skipped": reason}
    import pypdfium2 as pdfium

    from pardw.parse.readers.pdf import OCR_DPI
    from pardw.parse.report import parse_bytes

    scan = scan or scanned_sample()
    doc = pdfium.PdfDocument(scan)
    images = [doc[i].render(scale=OCR_DPI / 72, grayscale=True).to_pil() for i in range(len(doc))]
    doc.close()
    pages = len(images)
    plain = _plain_tesseract(images)
    parse_bytes(scan, "warm-up.pdf")
    t = time.process_time()
    report, _ = parse_bytes(scan, "scan.pdf")
    parse = time.process_time() - t
    return {
        "pages": pages,
        "dpi": OCR_DPI,
        "tesseract_plain_pages_per_s": round(pages / plain, 3),
        "tesseract_plain_s_per_page": round(plain / pages, 2),
        "parse_pages_per_s": round(pages / parse, 3),
        "parse_s_per_page": round(parse / pages, 2),
        "parse_over_plain": round(parse / plain, 2),
        "appendix_values": sum(r.value is not None for r in report.indicators),
    }


__all__ = ["bench_ocr", "scanned_sample"]
