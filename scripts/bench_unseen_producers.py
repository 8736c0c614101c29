"""Accuracy on producers the test matrix does not name: the four bundled samples written by other programs, each
parse compared with the parse of the sample's own .docx (what a steward would check: the same values on the same
rows).

    python scripts/bench_unseen_producers.py [--out DIR] [--ocr] [--only NAME,NAME] [--keep]

Producers (each skipped, with the reason, when its program is missing):

* ``pdftotext_layout`` / ``pdftotext_plain``: poppler's text of the LibreOffice PDF, with and without -layout;
* ``libreoffice_odt`` / ``_doc`` / ``_rtf`` / ``_html``: LibreOffice's conversions of the .docx;
* ``pandoc_markdown`` / ``pandoc_gfm`` / ``pandoc_html``: pandoc's conversions of the .docx (when installed);
* ``pandoc_docx_pdf``: pandoc's own .docx of the .docx (tables without borders, the first row repeated on each
  page as the header row) printed to PDF by LibreOffice;
* ``pandoc_html_chromium``: pandoc's standalone HTML printed by Chromium (``--print-to-pdf``, its header and
  footer lines included);
* ``web_page_chromium``: ``pardw.bench.render_html.text_to_web_page`` (booktabs tables, cells centred) printed by
  Chromium through Playwright;
* ``libreoffice_txt`` / ``libreoffice_docx``: LibreOffice's plain-text export and its own Word file of the .docx;
* ``pandoc_plain`` / ``pandoc_rst``: pandoc's plain text (simple and grid tables drawn with spaces, dashes and
  ``+``/``|``) and reStructuredText;
* ``pdftocairo_pdf`` / ``gs_pdfwrite``: the LibreOffice PDF written again by poppler's Cairo back end and by
  Ghostscript's pdfwrite (fonts re-embedded, text re-encoded);
* ``libreoffice_html_chromium``: LibreOffice's HTML of the .docx printed by Chromium;
* ``ps2pdf_distilled`` (with ``--ocr``: its pages are read by OCR, minutes): the LibreOffice PDF through
  PostScript and back (``pdftops``, ``ps2pdf``), fonts without their Unicode mapping.

Per producer and sample: appendix values found on their (form, code) and values on a wrong one; per-unit cells
found on their (unit, measure) and cells on a wrong one; prose facts that agree (metric, value, unit, scope,
role); the metadata (province, number, date, period) the same or not. Results as a table on stdout and JSON in
``--out``. Measured numbers: docs/benchmarks.md, "Producers nobody tested".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "include"))

from pardw.bench.render import docx_to_pdf, text_to_docx  # noqa: E402
from pardw.bench.render_html import browser_prints, libreoffice_batch, text_to_web_page  # noqa: E402
from pardw.config import SAMPLE_REPORTS_DIR  # noqa: E402
from pardw.parse.records import UnreadableReport  # noqa: E402
from pardw.parse.report import parse_bytes  # noqa: E402


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, timeout=600, check=True, **kw)


def _files(stem: str, docx: bytes, pdf: bytes, tmp: Path, ocr: bool) -> dict[str, tuple[str, bytes] | str]:
    """{producer: (file name, bytes) or why it is missing}"""
    src, dpdf = tmp / f"{stem}.docx", tmp / f"{stem}.pdf"
    src.write_bytes(docx)
    dpdf.write_bytes(pdf)
    out = {**_poppler(stem, dpdf, tmp), **_libreoffice(stem, docx), **_pandoc(stem, src, tmp)}
    out.update(_rewritten(stem, dpdf, tmp))
    out.update(_more_text(stem, docx, src, tmp))
    if ocr and shutil.which("pdftops") and shutil.which("ps2pdf"):
        _run(["pdftops", str(dpdf), str(tmp / "x.ps")])
        _run(["ps2pdf", str(tmp / "x.ps"), str(tmp / "distilled.pdf")])
        out["ps2pdf_distilled"] = (f"{stem}.pdf", (tmp / "distilled.pdf").read_bytes())
    return out


def _poppler(stem: str, pdf: Path, tmp: Path) -> dict[str, tuple[str, bytes] | str]:
    if not shutil.which("pdftotext"):
        return dict.fromkeys(("pdftotext_layout", "pdftotext_plain"), "pdftotext (poppler-utils) not installed")
    out: dict[str, tuple[str, bytes] | str] = {}
    for name, args in (("pdftotext_layout", ["-layout"]), ("pdftotext_plain", [])):
        _run(["pdftotext", *args, str(pdf), str(tmp / "out.txt")])
        out[name] = (f"{stem}.txt", (tmp / "out.txt").read_bytes())
    return out


def _rewritten(stem: str, pdf: Path, tmp: Path) -> dict[str, tuple[str, bytes] | str]:
    """The PDF written again by another PDF library (what a print-to-PDF driver or a 'compress PDF' tool does)."""
    out: dict[str, tuple[str, bytes] | str] = {}
    cairo, gs = tmp / "cairo.pdf", tmp / "gs.pdf"
    for name, tool, made, cmd in (
        ("pdftocairo_pdf", "pdftocairo", cairo, ["pdftocairo", "-pdf", str(pdf), str(cairo)]),
        ("gs_pdfwrite", "gs", gs, ["gs", "-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", f"-sOutputFile={gs}", str(pdf)]),
    ):  # fmt: skip
        if not shutil.which(tool):
            out[name] = f"{tool} not installed"
            continue
        try:
            _run(cmd)
            out[name] = (f"{stem}.pdf", made.read_bytes())
        except (OSError, subprocess.SubprocessError) as exc:
            out[name] = f"{tool}: {exc}"
    return out


def _more_text(stem: str, docx: bytes, src: Path, tmp: Path) -> dict[str, tuple[str, bytes] | str]:
    """LibreOffice's text export and Word file; pandoc's plain text and reStructuredText; LibreOffice's HTML
    printed by Chromium."""
    out: dict[str, tuple[str, bytes] | str] = {}
    for name, target, ext in (("libreoffice_txt", "txt:Text (encoded):UTF8", "txt"),
                              ("libreoffice_docx", "docx:MS Word 2007 XML", "docx")):  # fmt: skip
        try:
            out[name] = (f"{stem}.{ext}", libreoffice_batch({stem: docx}, target=target)[stem])
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            out[name] = f"LibreOffice: {exc}"
    for name, target, ext in (("pandoc_plain", "plain", "txt"), ("pandoc_rst", "rst", "rst")):
        if not shutil.which("pandoc"):
            out[name] = "pandoc not installed"
            continue
        try:
            _run(["pandoc", "-s", "-f", "docx", "-t", target, str(src), "-o", str(tmp / f"out.{ext}")])
            out[name] = (f"{stem}.{ext}", (tmp / f"out.{ext}").read_bytes())
        except (OSError, subprocess.SubprocessError) as exc:
            out[name] = f"pandoc: {exc}"
    if not shutil.which("chromium"):
        out["libreoffice_html_chromium"] = "chromium not installed"
    else:
        try:
            (tmp / "lo.html").write_bytes(libreoffice_batch({stem: docx}, target="html")[stem])
            printed = tmp / "lo.pdf"
            _run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={printed}",
                  str(tmp / "lo.html")], env={**os.environ, "HOME": str(tmp)})  # fmt: skip
            out["libreoffice_html_chromium"] = (f"{stem}.pdf", printed.read_bytes())
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            out["libreoffice_html_chromium"] = f"LibreOffice/Chromium: {exc}"
    return out


def _libreoffice(stem: str, docx: bytes) -> dict[str, tuple[str, bytes] | str]:
    out: dict[str, tuple[str, bytes] | str] = {}
    for fmt in ("odt", "doc", "rtf", "html"):
        try:
            out[f"libreoffice_{fmt}"] = (f"{stem}.{fmt}", libreoffice_batch({stem: docx}, target=fmt)[stem])
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            out[f"libreoffice_{fmt}"] = f"LibreOffice: {exc}"
    return out


def _pandoc(stem: str, src: Path, tmp: Path) -> dict[str, tuple[str, bytes] | str]:
    names = ("pandoc_markdown", "pandoc_gfm", "pandoc_html", "pandoc_docx_pdf", "pandoc_html_chromium")
    if not shutil.which("pandoc"):
        return dict.fromkeys(names, "pandoc not installed")
    out: dict[str, tuple[str, bytes] | str] = {}
    for name, target, ext in (("pandoc_markdown", "markdown", "md"), ("pandoc_gfm", "gfm", "md"),
                              ("pandoc_html", "html", "html")):  # fmt: skip
        _run(["pandoc", "-s", "-f", "docx", "-t", target, str(src), "-o", str(tmp / f"out.{ext}")])
        out[name] = (f"{stem}.{ext}", (tmp / f"out.{ext}").read_bytes())
    # pandoc's own Word file (its table style: no borders, the first row repeated as the header on each page),
    # printed to PDF by LibreOffice
    _run(["pandoc", "-f", "docx", "-t", "docx", str(src), "-o", str(tmp / "pandoc.docx")])
    out["pandoc_docx_pdf"] = (f"{stem}.pdf", docx_to_pdf((tmp / "pandoc.docx").read_bytes()))
    if not shutil.which("chromium"):
        out["pandoc_html_chromium"] = "chromium not installed"
        return out
    printed = tmp / "pandoc.pdf"
    _run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={printed}",
          str(tmp / "out.html")], env={**os.environ, "HOME": str(tmp)})  # fmt: skip
    out["pandoc_html_chromium"] = (f"{stem}.pdf", printed.read_bytes())
    return out


def _web_prints(texts: dict[str, str]) -> dict[str, bytes] | str:
    if not os.path.exists("/usr/bin/chromium"):
        return "chromium not installed"
    pages = {stem: text_to_web_page(text) for stem, text in texts.items()}
    return browser_prints(pages, format="A4", display_header_footer=True)


def _keys(report) -> dict[str, Counter]:
    return {
        "appendix": Counter((i.form, i.code, i.value) for i in report.indicators if i.value is not None),
        "per_unit": Counter((b.unit_name, b.measure, b.value) for b in report.breakdowns if b.value is not None),
        "prose": Counter((n.metric, n.value, n.unit, n.scope_kind, n.role) for n in report.narratives),
    }


def _meta(report) -> tuple:
    d = report.document
    return d.province, d.report_number, d.issue_date, d.period_type, d.period_year


def _score(report, base) -> dict:
    got, want = _keys(report), _keys(base)
    row = {}
    for k in ("appendix", "per_unit", "prose"):
        row[k] = [sum((got[k] & want[k]).values()), sum(want[k].values())]
        if k != "prose":
            row[k].append(sum((got[k] - want[k]).values()))  # on a wrong row, code, unit or measure
    row["metadata_same"] = _meta(report) == _meta(base)
    return row


def _measure(texts: dict[str, str], only: set[str], ocr: bool, keep: Path | None = None) -> dict[str, dict]:
    results: dict[str, dict] = {}
    web = _web_prints(texts) if not only or "web_page_chromium" in only else "not asked"
    with tempfile.TemporaryDirectory(prefix="pardw-unseen-") as tmp:
        for stem, text in texts.items():
            docx = text_to_docx(text)
            base = parse_bytes(docx, f"{stem}.docx")[0]
            files = _files(stem, docx, docx_to_pdf(docx), Path(tmp), ocr)
            files["web_page_chromium"] = web if isinstance(web, str) else (f"{stem}.pdf", web[stem])
            for producer, item in files.items():
                if only and producer not in only:
                    continue
                slot = results.setdefault(producer, {})
                if isinstance(item, str):
                    slot["skipped"] = item
                    continue
                if keep:  # the produced file, to look at what went wrong
                    (keep / producer).mkdir(parents=True, exist_ok=True)
                    (keep / producer / item[0]).write_bytes(item[1])
                try:
                    slot[stem[:3]] = _score(parse_bytes(item[1], item[0])[0], base)
                except UnreadableReport as exc:
                    slot[stem[:3]] = {"unreadable": f"{exc.reason}: {exc}"}
    return results


def _table(results: dict[str, dict]) -> None:
    print(f"{'producer':22} {'appendix found/all wrong':>26} {'per-unit found/all wrong':>26} {'prose agree':>12} meta")
    for producer, rows in results.items():
        if "skipped" in rows:
            print(f"{producer:22} skipped: {rows['skipped']}")
            continue
        tot = {"appendix": [0, 0, 0], "per_unit": [0, 0, 0], "prose": [0, 0]}
        read = [r for r in rows.values() if "unreadable" not in r]
        for row in read:
            for k in tot:
                tot[k] = [a + b for a, b in zip(tot[k], row[k], strict=True)]
        meta = len(read) == len(rows) and all(r["metadata_same"] for r in read)
        unread = [s for s, r in rows.items() if "unreadable" in r]
        a, u, p = tot["appendix"], tot["per_unit"], tot["prose"]
        print(f"{producer:22} {a[0]:>9}/{a[1]:<5} {a[2]:>9}  {u[0]:>9}/{u[1]:<5} {u[2]:>9}  {p[0]:>5}/{p[1]:<5} "
              f"{'same' if meta else 'DIFFERS'}{'  unreadable: ' + ','.join(unread) if unread else ''}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench_results")
    ap.add_argument("--ocr", action="store_true", help="also the distilled PDF (read by OCR: minutes)")
    ap.add_argument("--only", default="", help="comma-separated producers")
    ap.add_argument("--keep", action="store_true", help="keep the produced files in --out/<producer>/")
    args = ap.parse_args()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLE_REPORTS_DIR.glob("*.txt"))}
    results = _measure(texts, {p for p in args.only.split(",") if p}, args.ocr, args.out if args.keep else None)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "unseen_producers.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    _table(results)


if __name__ == "__main__":
    main()
