"""Render a text report (the samples, the synthetic corpus) as the files offices send: a Word
.docx with real tables (python-docx), a PDF (LibreOffice from that .docx), and text variants
(markdown pipe tables, space-aligned columns as ``pdftotext -layout`` prints them).

The PDF producers of the tests' producer matrix are here too (each needs its program; a missing
one raises ``RuntimeError`` naming the package): LibreOffice with the document's fonts or forced onto
a font without Vietnamese glyphs (``font_without_vietnamese``, ``docx_in_font``), a page layout
changed (``docx_page_layout``: landscape, narrow columns), Chromium's print of an HTML rendering
(``text_to_print_html``, ``html_to_pdf``), a PDF written directly by a PDF library (``text_to_pdf``,
fpdf2) and a PDF re-distilled by Ghostscript (``redistill``).

Used by the tests (the same report must give the same values in every format) and by the
benchmark corpus (``pardw corpus --docx-share … --pdf-share …``).
"""

from __future__ import annotations

import html
import io
import os
import shutil
import subprocess
import tempfile
import textwrap
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from pardw.parse.text import strip_markup


def _segments(text: str) -> list[tuple[str, list[str]]]:
    """('p', [line]) for a paragraph line, ('t', [rows]) for a run of tab lines; blank lines end a table."""
    out: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        if "\t" in line:
            if out and out[-1][0] == "t":
                out[-1][1].append(line)
            else:
                out.append(("t", [line]))
        elif line.strip():
            out.append(("p", [line]))
        else:
            out.append(("blank", []))
    return out


def text_to_docx(text: str) -> bytes:
    """A .docx: each non-empty line a paragraph, each run of tab-separated lines a Word table."""
    import docx

    document = docx.Document()
    for kind, lines in _segments(text):
        if kind == "p":
            document.add_paragraph(strip_markup(lines[0].replace("**", " ")))
        elif kind == "t":
            rows = [[strip_markup(c) for c in line.split("\t")] for line in lines]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"  # ruled, as offices' tables are
            for r, cells in enumerate(rows):
                row_cells = table.rows[r].cells
                for c, value in enumerate(cells):
                    if value:
                        row_cells[c].text = value
    document.add_paragraph("")  # Word ends a document with a paragraph, never a table
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def docx_to_pdf(data: bytes, timeout: int = 180, fonts: Path | None = None) -> bytes:
    """PDF of a .docx by LibreOffice (``soffice --headless --convert-to pdf``)."""
    return docxs_to_pdfs({"in": data}, timeout, fonts)["in"]


def docxs_to_pdfs(files: dict[str, bytes], timeout: int = 300, fonts: Path | None = None) -> dict[str, bytes]:
    """PDFs of several .docx files by one LibreOffice run (its start-up is most of the time), by name.
    ``fonts``: a folder of extra fonts LibreOffice sees besides the system's (``font_without_vietnamese``)."""
    from pardw.parse.readers.word97 import soffice

    office = soffice()
    if office is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    from pardw import procs

    with procs.owned_tempdir("pardw-pdf-") as tmp:  # LibreOffice dies with this process, nothing left behind
        env = {**os.environ, "HOME": tmp}
        if fonts is not None:
            env["FONTCONFIG_FILE"] = str(_fontconfig(Path(tmp), fonts))
        srcs = []
        for name, data in files.items():
            srcs.append(Path(tmp) / f"{name}.docx")
            srcs[-1].write_bytes(data)
        cmd = [procs.real_binary(office), f"-env:UserInstallation=file://{tmp}/profile", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", tmp, *map(str, srcs)]  # fmt: skip
        for _attempt in range(3):  # 81: soffice.bin initialised its profile and asks to be run again
            done = procs.run(cmd, env=env, cwd=tmp, timeout=timeout)
            if done.returncode != 81:
                break
        if done.returncode != 0:
            raise subprocess.CalledProcessError(done.returncode, cmd, done.stdout, done.stderr)
        return {name: (Path(tmp) / f"{name}.pdf").read_bytes() for name in files}


def _fontconfig(tmp: Path, fonts: Path) -> Path:
    """A fontconfig file: the system's configuration plus the fonts in ``fonts``."""
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{escape(str(fonts))}</dir>\n  <cachedir>{escape(str(tmp / 'fontcache'))}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def font_without_vietnamese(out_dir: Path, family: str = "PardwNoViet") -> Path:
    """A serif font (DejaVu Serif cut down to Latin-1, U+0020–U+00FF: no ă, đ, ơ, ư, ạ, ế …) named
    ``family``, regular and bold, in ``out_dir``: what a machine has when the document's font lacks the
    Vietnamese letters and the office program draws them from a fallback font."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    out_dir.mkdir(parents=True, exist_ok=True)
    for style, src in (("Regular", "DejaVuSerif.ttf"), ("Bold", "DejaVuSerif-Bold.ttf")):
        path = DEJAVU / src
        if not path.exists():
            raise RuntimeError(f"{path} is missing: apt-get install fonts-dejavu-core")
        font = TTFont(path)
        options = subset.Options()
        options.name_IDs = ["*"]
        options.notdef_outline = True
        sub = subset.Subsetter(options)
        sub.populate(unicodes=range(0x20, 0x100))
        sub.subset(font)
        names = {1: family, 2: style, 4: f"{family} {style}", 6: f"{family}-{style}", 16: family, 17: style}
        for record in font["name"].names:
            if record.nameID in names:
                record.string = names[record.nameID]
        font.save(out_dir / f"{family}-{style}.ttf")
    return out_dir


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_in_font(data: bytes, family: str) -> bytes:
    """The .docx with every run and every style set in ``family`` (theme fonts replaced)."""
    from lxml import etree

    def rewrite(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        for rpr in root.iter(f"{{{_W}}}rPr"):
            fonts = rpr.find(f"{{{_W}}}rFonts")
            if fonts is None:
                fonts = etree.Element(f"{{{_W}}}rFonts")
                rpr.insert(0, fonts)
            for attr in list(fonts.attrib):
                del fonts.attrib[attr]
            for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                fonts.set(f"{{{_W}}}{attr}", family)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return _rewrite_parts(data, rewrite, lambda name: name.startswith("word/") and name.endswith(".xml"))


def docx_page_layout(data: bytes, landscape: bool = False, narrow: float | None = None) -> bytes:
    """The .docx with every section turned to landscape, and/or every table's text column (its widest)
    made ``narrow`` times as wide, its width given to the other columns (so names wrap over many lines)."""
    from lxml import etree

    def rewrite(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        if landscape:
            for sz in root.iter(f"{{{_W}}}pgSz"):
                w, h = sz.get(f"{{{_W}}}w"), sz.get(f"{{{_W}}}h")
                if w and h and int(w) < int(h):
                    sz.set(f"{{{_W}}}w", h)
                    sz.set(f"{{{_W}}}h", w)
                    sz.set(f"{{{_W}}}orient", "landscape")
        if narrow is not None:
            for grid in root.iter(f"{{{_W}}}tblGrid"):
                _narrow_grid(grid, narrow)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return _rewrite_parts(data, rewrite, lambda name: name == "word/document.xml")


def _narrow_grid(grid, factor: float) -> None:
    """The widest column of a table grid (and its cells' widths) ``factor`` times as wide; the others share
    the width it gives up."""
    cols = grid.findall(f"{{{_W}}}gridCol")
    widths = [int(float(c.get(f"{{{_W}}}w", "0"))) for c in cols]
    if len(widths) < 3 or not all(widths):
        return
    k = max(range(len(widths)), key=widths.__getitem__)
    freed = widths[k] - int(widths[k] * factor)
    new = [w + freed // (len(widths) - 1) for w in widths]
    new[k] = widths[k] - freed
    for col, w in zip(cols, new, strict=True):
        col.set(f"{{{_W}}}w", str(w))
    table = grid.getparent()
    for tr in table.iter(f"{{{_W}}}tr"):
        c = 0
        for tc in tr.findall(f"{{{_W}}}tc"):
            pr = tc.find(f"{{{_W}}}tcPr")
            span = pr.find(f"{{{_W}}}gridSpan") if pr is not None else None
            n = int(span.get(f"{{{_W}}}val", "1")) if span is not None else 1
            width = pr.find(f"{{{_W}}}tcW") if pr is not None else None
            if width is not None:
                width.set(f"{{{_W}}}w", str(sum(new[c : c + n])))
                width.set(f"{{{_W}}}type", "dxa")
            c += n


def _rewrite_parts(data: bytes, rewrite, wanted) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            content = src.read(item.filename)
            out.writestr(item, rewrite(content) if wanted(item.filename) else content)
    return buf.getvalue()


def text_to_markdown(text: str) -> str:
    """Tab tables as markdown pipe tables (a rule line after each table's first row)."""
    out: list[str] = []
    for kind, lines in _segments(text):
        if kind == "p":
            out.append(lines[0])
        elif kind == "blank":
            out.append("")
        else:
            width = max(line.count("\t") + 1 for line in lines)
            for k, line in enumerate(lines):
                cells = line.split("\t") + [""] * (width - line.count("\t") - 1)
                out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
                if k == 0:
                    out.append("|" + "---|" * width)
    return "\n".join(out)


def text_to_layout(text: str, name_width: int = 48) -> str:
    """Tab tables as space-aligned columns, the second column wrapped at ``name_width`` characters
    onto continuation lines (what ``pdftotext -layout`` prints for a PDF table). Table fragments
    separated only by blank lines (a page break) share their column positions, as on paper."""
    segments = _segments(text)
    group = _table_groups(segments)
    widths = _group_widths(segments, group, name_width)
    out: list[str] = []
    for k, (kind, lines) in enumerate(segments):
        if kind == "p":
            out.append(lines[0])
        elif kind == "blank":
            out.append("")
        else:
            out.extend(_aligned(line, widths[group[k]], name_width) for line in lines)
    return "\n".join(out)


def _table_groups(segments: list[tuple[str, list[str]]]) -> list[int]:
    """The table group of each segment (-1: not a table): tables separated only by blank lines share one."""
    group: list[int] = []
    current = -1
    for k, (kind, _lines) in enumerate(segments):
        if kind == "t":
            prev = next((j for j in range(k - 1, -1, -1) if segments[j][0] != "blank"), None)
            if prev is None or segments[prev][0] != "t":
                current += 1
            group.append(current)
        else:
            group.append(-1)
    return group


def _wrapped(cells: list[str], name_width: int) -> list[list[str]]:
    """Each cell as its printed lines: the name (second) column wrapped, the others on one line."""
    return [textwrap.wrap(c, name_width) or [""] if i == 1 else [c] for i, c in enumerate(cells)]


def _group_widths(segments: list[tuple[str, list[str]]], group: list[int], name_width: int) -> dict[int, list[int]]:
    """Each table group's column widths: its widest printed line in each column."""
    cells_of: dict[int, list[list[list[str]]]] = {}
    for k, (kind, lines) in enumerate(segments):
        if kind == "t":
            rows = [[strip_markup(c) for c in line.split("\t")] for line in lines]
            cells_of.setdefault(group[k], []).extend(_wrapped(r, name_width) for r in rows)
    widths: dict[int, list[int]] = {}
    for g, rows in cells_of.items():
        width = max(len(r) for r in rows)
        widths[g] = [max((len(p) for r in rows if i < len(r) for p in r[i]), default=0) for i in range(width)]
    return widths


def _aligned(line: str, w: list[int], name_width: int) -> str:
    """One tab line as space-aligned columns of widths ``w`` (a wrapped name adds continuation lines)."""
    cells = [strip_markup(c) for c in line.split("\t")]
    cells += [""] * (len(w) - len(cells))
    wrapped = _wrapped(cells, name_width)
    printed = []
    for h in range(max(len(c) for c in wrapped)):
        parts = [(c[h] if h < len(c) else "").ljust(w[i]) for i, c in enumerate(wrapped)]
        printed.append("   ".join(parts).rstrip())
    return "\n".join(printed)


# ---------------------------------------------------------------- other PDF producers


_HEAD_CODE = ("stt", "tt")


def _header_count(rows: list[list[str]]) -> int:
    """Leading rows of a table that are its header: an 'STT' first cell, or an empty one under it."""
    n = 0
    for cells in rows[:3]:
        first = cells[0].strip().lower()
        if first in _HEAD_CODE or (n and not first):
            n += 1
        else:
            break
    return n if n < len(rows) else 0


def _html_cell(text: str, tag: str) -> str:
    bold = text.startswith("<b>")
    inner = html.escape(strip_markup(text))
    return f"<{tag}>{'<b>' + inner + '</b>' if bold else inner}</{tag}>"


_PRINT_CSS = """@page {{ size: {page}; margin: 14mm 12mm; }}
body {{ font-family: "DejaVu Serif", serif; font-size: 12pt; line-height: 1.3; }}
p {{ margin: 0 0 4pt 0; text-align: justify; }}
table {{ border-collapse: collapse; margin: 6pt 0; {table} }}
th, td {{ border: 0.8pt solid #000; padding: 2pt 3pt; vertical-align: top; text-align: left; font-weight: normal; }}
"""


def text_to_print_html(text: str, narrow: bool = True, landscape: bool = False) -> str:
    """An HTML page of the report as a browser prints it: paragraphs, tables with their header rows in
    ``<thead>`` (repeated on every printed page). ``narrow``: the tables 11 cm wide with a 3.5 cm name
    column, so names wrap over many lines and header cells over several."""
    page = "A4 landscape" if landscape else "A4"
    table = "table-layout: fixed; width: 11cm;" if narrow else "width: 100%;"
    out = ["<!DOCTYPE html>", '<html lang="vi"><head><meta charset="utf-8"><title>report</title>',
           f"<style>{_PRINT_CSS.format(page=page, table=table)}</style></head><body>"]  # fmt: skip
    for kind, lines in _segments(text):
        if kind == "p":
            line = lines[0].strip()
            bold = line.startswith("**")
            inner = html.escape(strip_markup(line.replace("**", " ")).strip())
            out.append(f"<p>{'<b>' + inner + '</b>' if bold else inner}</p>")
        elif kind == "t":
            out.append(_html_table([line.split("\t") for line in lines], narrow))
    out.append("</body></html>")
    return "\n".join(out)


def _html_table(rows: list[list[str]], narrow: bool) -> str:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    n_head = _header_count(rows)
    cols = ""
    if narrow and width >= 3:
        rest = (11 - 1.3 - 3.5) / (width - 2)
        cols = (
            "<colgroup><col style='width:1.3cm'><col style='width:3.5cm'>"
            + (f"<col style='width:{rest:.2f}cm'>" * (width - 2))
            + "</colgroup>"
        )
    head = "".join("<tr>" + "".join(_html_cell(c, "th") for c in r) + "</tr>" for r in rows[:n_head])
    body = "".join("<tr>" + "".join(_html_cell(c, "td") for c in r) + "</tr>" for r in rows[n_head:])
    return f"<table>{cols}" + (f"<thead>{head}</thead>" if head else "") + f"<tbody>{body}</tbody></table>"


def html_to_pdf(page: str, timeout: int = 120, header_footer: bool = False) -> bytes:
    """Chromium's print of an HTML page to PDF (``chromium --headless=new --print-to-pdf``); ``header_footer``:
    with the browser's own page header and footer (date, title, the page's address, "page / pages")."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise RuntimeError("Chromium is not installed: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="pardw-html-") as tmp:
        src, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_text(page, encoding="utf-8")
        plain = [] if header_footer else ["--no-pdf-header-footer"]
        cmd = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", *plain,
               f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", src.as_uri()]  # fmt: skip
        subprocess.run(cmd, env={**os.environ, "HOME": tmp}, capture_output=True, timeout=timeout, check=True)
        return out.read_bytes()


def text_to_pdf(text: str, landscape: bool = False, narrow: bool = False) -> bytes:
    """A PDF written directly by a PDF library (fpdf2), DejaVu Serif embedded: paragraphs, ruled tables
    whose header rows repeat on each page. ``narrow``: the name column 35 mm wide."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
    for style, name in (("", "DejaVuSerif.ttf"), ("B", "DejaVuSerif-Bold.ttf")):
        pdf.add_font("DejaVuSerif", style, str(DEJAVU / name))
    pdf.set_margins(18, 15, 15)
    pdf.set_auto_page_break(True, 15)
    pdf.add_page()
    for kind, lines in _segments(text):
        if kind == "p":
            line = lines[0].strip()
            pdf.set_font("DejaVuSerif", "B" if line.startswith("**") else "", 12)
            pdf.multi_cell(0, 6, strip_markup(line.replace("**", " ")).strip(), new_x="LMARGIN", new_y="NEXT")
        elif kind == "t":
            _pdf_table(pdf, [[strip_markup(c) for c in line.split("\t")] for line in lines], narrow)
    return bytes(pdf.output())


def _pdf_table(pdf, rows: list[list[str]], narrow: bool) -> None:
    from fpdf.fonts import FontFace

    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    n_head = _header_count(rows)
    full = pdf.epw
    # columns as wide as their longest text asks (within bounds), as a writer sizes them
    weights = [min(max(len(r[i]) for r in rows), 80) + 16 for i in range(width)]
    widths = [full * w / sum(weights) for w in weights]
    if narrow and width >= 3:
        k = max(range(width), key=weights.__getitem__)
        freed = widths[k] - 35
        widths = [w + freed / (width - 1) for w in widths]
        widths[k] = 35
    pdf.set_font("DejaVuSerif", "", 10 if width <= 8 else 8)
    pdf.ln(2)
    with pdf.table(col_widths=widths, align="LEFT", text_align="LEFT", line_height=5,
                   num_heading_rows=n_head, first_row_as_headings=n_head > 0, repeat_headings=1,
                   headings_style=FontFace(emphasis="BOLD"), padding=1) as table:  # fmt: skip
        for cells in rows:
            row = table.row()
            for c in cells:
                row.cell(c)
    pdf.ln(2)


def redistill(pdf: bytes, timeout: int = 180) -> bytes:
    """The PDF re-written by Ghostscript (``gs -sDEVICE=pdfwrite``), as e-signature tools and virtual
    printers re-write files: new fonts subsets, text objects and content streams."""
    gs = shutil.which("gs")
    if gs is None:
        raise RuntimeError("Ghostscript is not installed: apt-get install ghostscript")
    with tempfile.TemporaryDirectory(prefix="pardw-gs-") as tmp:
        src, out = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(pdf)
        cmd = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={out}", str(src)]
        subprocess.run(cmd, capture_output=True, timeout=timeout, check=True)
        return out.read_bytes()


def through_postscript(pdf: bytes, timeout: int = 180) -> bytes:
    """The PDF printed to PostScript and distilled back (``gs -sDEVICE=ps2write``, then ``pdfwrite``), as
    old print-to-PDF chains do: the fonts become Type 3 fonts without a Unicode mapping, the text layer
    unmapped glyphs (the pages look the same)."""
    gs = shutil.which("gs")
    if gs is None:
        raise RuntimeError("Ghostscript is not installed: apt-get install ghostscript")
    with tempfile.TemporaryDirectory(prefix="pardw-gs-") as tmp:
        src, ps, out = Path(tmp) / "in.pdf", Path(tmp) / "out.ps", Path(tmp) / "out.pdf"
        src.write_bytes(pdf)
        for device, a, b in (("ps2write", src, ps), ("pdfwrite", ps, out)):
            cmd = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", f"-sDEVICE={device}", f"-sOutputFile={b}", str(a)]
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=True)
        return out.read_bytes()


__all__ = [
    "docx_in_font",
    "docx_page_layout",
    "docx_to_pdf",
    "docxs_to_pdfs",
    "font_without_vietnamese",
    "html_to_pdf",
    "redistill",
    "text_to_docx",
    "text_to_layout",
    "text_to_markdown",
    "text_to_pdf",
    "text_to_print_html",
    "through_postscript",
]
