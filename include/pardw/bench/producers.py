"""The same reports as PDFs from several producers (the tests' producer matrix, the benchmark's PDF rows).

Each producer is a way offices make PDFs that the reader must read alike (``render`` has the tools):

* ``libreoffice``: the Word file through LibreOffice with the fonts it names (or their substitutes);
* ``libreoffice_fallback``: LibreOffice with every font set to one without Vietnamese letters, so those
  are drawn from a fallback font, later in the content stream (what a machine without the document's
  font prints);
* ``libreoffice_landscape_narrow``: landscape pages, each table's widest column at half its width (names
  and codes wrap over several lines);
* ``chromium_narrow``: Chromium's print of an HTML rendering with narrow tables (names over 5-10
  lines, header cells wrapped, rows cut by page breaks without a rule at the cut);
* ``fpdf2``, ``fpdf2_landscape_narrow``: a PDF written directly by a PDF library (DejaVu embedded);
* ``ghostscript``: the fpdf2 PDF re-distilled by Ghostscript.

A producer whose program is missing is left out, with the reason.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from pardw.bench import render

PRODUCERS = (
    "libreoffice",
    "libreoffice_fallback",
    "libreoffice_landscape_narrow",
    "chromium_narrow",
    "fpdf2",
    "fpdf2_landscape_narrow",
    "ghostscript",
)
FALLBACK_FAMILY = "PardwNoViet"

Source = tuple[str, bytes]  # (the report's text with tab-separated table rows, its Word file)


def source_from_text(text: str) -> Source:
    return text, render.text_to_docx(text)


def source_from_docx(data: bytes) -> Source:
    """A real Word report: its own .docx, and its text as the document model renders it."""
    from pardw.parse.readers.docx import read_docx

    return "\n".join(read_docx(data, "report.docx").render().lines), data


def render_producers(
    sources: dict[str, Source], producers: tuple[str, ...] = PRODUCERS, only: dict[str, set[str]] | None = None
) -> tuple[dict[str, dict[str, bytes]], dict[str, str]]:
    """({producer: {source name: PDF}}, {producer: why it was left out}). ``only``: the sources a producer
    renders when not all (Ghostscript takes seconds a file)."""
    pdfs: dict[str, dict[str, bytes]] = {}
    missing: dict[str, str] = {}

    def run(name: str, make: Callable[[], dict[str, bytes]], wanted: bool = False) -> None:
        if name not in producers and not wanted:
            return
        try:
            pdfs[name] = make()
        except (RuntimeError, ImportError) as exc:
            missing[name] = str(exc)

    def chosen(name: str) -> dict[str, Source]:
        keep = (only or {}).get(name)
        return {k: v for k, v in sources.items() if keep is None or k in keep}

    turned = "libreoffice_landscape_narrow" in producers
    run("libreoffice", lambda: _libreoffice(chosen("libreoffice"), chosen("libreoffice_landscape_narrow") if turned else {},
                                            pdfs), wanted=turned)  # fmt: skip
    run("libreoffice_fallback", lambda: _fallback(chosen("libreoffice_fallback")))
    run("chromium_narrow", lambda: {k: render.html_to_pdf(render.text_to_print_html(t)) for k, (t, _) in chosen("chromium_narrow").items()})  # fmt: skip
    run("fpdf2", lambda: {k: render.text_to_pdf(t) for k, (t, _) in chosen("fpdf2").items()})
    run("fpdf2_landscape_narrow", lambda: {k: render.text_to_pdf(t, landscape=True, narrow=True)
                                           for k, (t, _) in chosen("fpdf2_landscape_narrow").items()})  # fmt: skip
    run("ghostscript", lambda: _ghostscript(chosen("ghostscript"), pdfs))
    if "libreoffice_landscape_narrow" in producers and "libreoffice" in missing:
        missing["libreoffice_landscape_narrow"] = missing["libreoffice"]
    return {p: pdfs[p] for p in producers if p in pdfs}, missing


def _libreoffice(plain: dict[str, Source], turned: dict[str, Source], pdfs: dict) -> dict[str, bytes]:
    """One LibreOffice run for the plain and the landscape narrow-column renderings."""
    files = {f"plain_{k}": docx for k, (_, docx) in plain.items()}
    files |= {
        f"turned_{k}": render.docx_page_layout(docx, landscape=True, narrow=0.5) for k, (_, docx) in turned.items()
    }
    out = render.docxs_to_pdfs(files)
    pdfs["libreoffice_landscape_narrow"] = {k[7:]: v for k, v in out.items() if k.startswith("turned_")}
    return {k[6:]: v for k, v in out.items() if k.startswith("plain_")}


def _fallback(sources: dict[str, Source]) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="pardw-fonts-") as tmp:
        fonts = render.font_without_vietnamese(Path(tmp), FALLBACK_FAMILY)
        files = {k: render.docx_in_font(docx, FALLBACK_FAMILY) for k, (_, docx) in sources.items()}
        return render.docxs_to_pdfs(files, fonts=fonts)


def _ghostscript(sources: dict[str, Source], pdfs: dict) -> dict[str, bytes]:
    base = pdfs.get("fpdf2") or {}
    return {k: render.redistill(base[k] if k in base else render.text_to_pdf(t)) for k, (t, _) in sources.items()}


__all__ = ["PRODUCERS", "render_producers", "source_from_docx", "source_from_text"]
