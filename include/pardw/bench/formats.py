"""Parse throughput per format, each next to its floor measured in the same run.

* ``txt``: the bundled samples (real reports' text exports); floor = read the bytes, decode, split lines.
* ``docx``: the samples rendered as Word files (python-docx); floor = unzip ``word/document.xml`` and
  let lxml list its text (the library's own raw text extraction).
* ``pdf``: the samples rendered as PDF (LibreOffice from the .docx); floor = pypdfium2's own text
  extraction of every page. PDF throughput is in pages per second.

Everything runs in one process on one core, files in memory, after one warm-up pass.

``bench_pdf_producers``: the samples printed by every producer of the tests' matrix
(``pardw.bench.producers``); per producer, the PDF reader (bytes -> document model, ``read_pdf``) and
the whole parse (``parse_bytes``) next to pypdfium2's own plain text extraction of the same pages
(``pdf_floor``), CPU time of this process (one core), the three interleaved pass by pass and the
fastest pass of each kept, so that other work on the machine weighs on all three alike.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable

from pardw.config import SAMPLE_REPORTS_DIR
from pardw.parse.decode import decode_bytes
from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_bytes


def _rate(fn: Callable[[], int], repeat: int) -> tuple[float, int]:
    fn()  # warm-up
    t = time.perf_counter()
    units = 0
    for _ in range(repeat):
        units += fn()
    return time.perf_counter() - t, units


def _parse_all(files: list[tuple[str, bytes]]) -> Callable[[], int]:
    def run() -> int:
        n = 0
        for name, data in files:
            try:
                parse_bytes(data, name)
                n += 1
            except UnreadableReport:
                pass
        return n

    return run


def _txt_floor(files: list[tuple[str, bytes]]) -> Callable[[], int]:
    return lambda: sum(1 for _n, d in files if decode_bytes(d)[0].split("\n"))


def _docx_floor(files: list[tuple[str, bytes]]) -> Callable[[], int]:
    from lxml import etree

    def run() -> int:
        for _n, d in files:
            root = etree.fromstring(zipfile.ZipFile(io.BytesIO(d)).read("word/document.xml"))
            "".join(root.itertext())
        return len(files)

    return run


def _pdf_pages(data: bytes) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(data))


def _pdf_floor(files: list[tuple[str, bytes]]) -> Callable[[], int]:
    import pypdfium2

    def run() -> int:
        pages = 0
        for _n, d in files:
            pdf = pypdfium2.PdfDocument(d)
            for page in pdf:
                page.get_textpage().get_text_range()
                pages += 1
        return pages

    return run


def sample_files() -> dict[str, list[tuple[str, bytes]]]:
    """The bundled samples as .txt, .docx and .pdf (the PDF needs LibreOffice; skipped without it)."""
    from pardw.bench.render import docx_to_pdf, text_to_docx
    from pardw.parse.readers.word97 import soffice

    txt = [(p.name, p.read_bytes()) for p in sorted(SAMPLE_REPORTS_DIR.glob("*.txt"))]
    docx = [(n.replace(".txt", ".docx"), text_to_docx(d.decode("utf-8"))) for n, d in txt]
    pdf = [(n.replace(".docx", ".pdf"), docx_to_pdf(d)) for n, d in docx] if soffice() else []
    return {"txt": txt, "docx": docx, "pdf": pdf}


def bench_formats(repeat: int = 20, files: dict[str, list[tuple[str, bytes]]] | None = None) -> dict:
    files = files or sample_files()
    out: dict = {}
    floors = {"txt": _txt_floor, "docx": _docx_floor, "pdf": _pdf_floor}
    for fmt, items in files.items():
        if not items:
            out[fmt] = {"skipped": "no files (LibreOffice missing?)"}
            continue
        reps = max(1, repeat // 5) if fmt == "pdf" else repeat
        parse_s, parsed = _rate(_parse_all(items), reps)
        floor_s, _ = _rate(floors[fmt](items), reps)
        row = {
            "files": len(items),
            "repeat": reps,
            "parsed_per_pass": parsed // reps,
            "reports_per_s": round(len(items) * reps / parse_s, 1),
            "floor_reports_per_s": round(len(items) * reps / floor_s, 1),
        }
        if fmt == "pdf":
            pages = sum(_pdf_pages(d) for _n, d in items)
            row["pages"] = pages
            row["pages_per_s"] = round(pages * reps / parse_s, 1)
            row["floor_pages_per_s"] = round(pages * reps / floor_s, 1)
        out[fmt] = row
    return out


def bench_pdf_producers(repeat: int = 5, sources: dict | None = None) -> dict:
    """Per producer: pages, reader and full-parse pages/s next to the floor's, and the reader's speed as
    a share of the floor's (the target is at least 1/3)."""
    from pardw.bench.producers import render_producers, source_from_text

    if sources is None:
        sources = {p.stem[:3]: source_from_text(p.read_text(encoding="utf-8")) for p in sorted(SAMPLE_REPORTS_DIR.glob("*.txt"))}  # fmt: skip
    pdfs, missing = render_producers(sources)
    out: dict = {name: {"skipped": why} for name, why in missing.items()}
    for producer, by_source in pdfs.items():
        out[producer] = bench_pdf_files(by_source, repeat)
    return out


def bench_pdf_files(files: dict[str, bytes], repeat: int = 5) -> dict:
    """PDFs by name: the reader and the whole parse next to pypdfium2's own text extraction of the same
    pages (CPU time of this process, passes interleaved, the fastest pass of each kept)."""
    from pardw.parse.readers.pdf import pdf_floor, read_pdf

    items = list(files.items())
    pages = sum(_pdf_pages(d) for _n, d in items)
    runs = {
        "floor": lambda: [pdf_floor(d) for _n, d in items],
        "reader": lambda: [read_pdf(d, n + ".pdf") for n, d in items],
        "parse": lambda: [_parse_or_none(d, n + ".pdf") for n, d in items],
    }
    best = dict.fromkeys(runs, float("inf"))
    for fn in runs.values():
        fn()  # warm-up
    for _ in range(repeat):
        for k, fn in runs.items():
            t = time.process_time()
            fn()
            best[k] = min(best[k], time.process_time() - t)
    return {
        "files": len(items),
        "pages": pages,
        "floor_pages_per_s": round(pages / best["floor"], 1),
        "reader_pages_per_s": round(pages / best["reader"], 1),
        "parse_pages_per_s": round(pages / best["parse"], 1),
        "reader_share_of_floor": round(best["floor"] / best["reader"], 3),
        "parse_share_of_floor": round(best["floor"] / best["parse"], 3),
    }


def _parse_or_none(data: bytes, name: str):
    try:
        return parse_bytes(data, name)
    except UnreadableReport:
        return None


__all__ = ["bench_formats", "bench_pdf_files", "bench_pdf_producers", "sample_files"]
