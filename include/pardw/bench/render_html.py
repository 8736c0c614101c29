"""Render a report as the web and text files offices also send, for the tests and the benchmarks:

* :func:`docx_to_word_html` — what Word's "Save as Web Page" writes: the ``urn:schemas-microsoft-com:office:word``
  namespaces, ``mso-`` styles, conditional comments, ``<o:p>``, ``MsoNormal`` paragraphs, tables with
  ``colspan``/``rowspan`` from the .docx's ``gridSpan``/``vMerge``, footnotes in an ``mso-element:footnote-list``,
  in Windows-1258 (Word's Vietnamese code page, tone marks as combining characters) or UTF-8;
* :func:`html_to_mhtml` — Word's "Single File Web Page" (MIME multipart/related, quoted-printable or base64),
  the kind of file older office systems send under a ``.doc`` name;
* :func:`libreoffice_html` — LibreOffice's own HTML export (``soffice --convert-to html``);
* :func:`text_to_web_page` — a report published as a web page with pandoc's table style (printed to PDF by a
  browser in the tests);
* :func:`pdf_to_layout` — ``pdftotext -layout`` (poppler-utils): space-aligned text with a form feed at each
  page break, running headers and page numbers as printed.
"""

from __future__ import annotations

import html
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from email.generator import BytesGenerator
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset={charset}">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List href="{stem}_files/filelist.xml">
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>Van thu</o:Author>
  <o:Pages>12</o:Pages>
  <o:Words>4021</o:Words>
 </o:DocumentProperties>
</xml><![endif]-->
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
  <w:Zoom>100</w:Zoom>
  <w:TrackMoves>false</w:TrackMoves>
  <w:ValidateAgainstSchemas/>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
\t{{font-family:"Times New Roman";
\tpanose-1:2 2 6 3 5 4 5 2 3 4;
\tmso-font-charset:163;
\tmso-generic-font-family:roman;}}
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{{mso-style-unhide:no;
\tmso-style-qformat:yes;
\tmargin:0cm;
\tmso-pagination:widow-orphan;
\tfont-size:14.0pt;
\tfont-family:"Times New Roman",serif;}}
p.MsoFootnoteText, li.MsoFootnoteText, div.MsoFootnoteText
\t{{mso-style-link:"Footnote Text Char";
\tfont-size:10.0pt;}}
span.MsoFootnoteReference
\t{{vertical-align:super;}}
@page WordSection1
\t{{size:595.3pt 841.9pt;
\tmargin:2.0cm 2.0cm 2.0cm 3.0cm;}}
div.WordSection1
\t{{page:WordSection1;}}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable
\t{{mso-style-name:"Table Normal";
\tmso-tstyle-rowband-size:0;}}
</style>
<![endif]-->
</head>

<body lang=EN-US style='tab-interval:36.0pt;word-wrap:break-word'>

<div class=WordSection1>
"""
_TD_STYLE = (
    "style='width:{w}pt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'"
)


def docx_to_word_html(data: bytes, charset: str = "windows-1258", stem: str = "report", merge: bool = True) -> bytes:
    """The .docx as Word's "Save as Web Page" writes it. ``merge``: also merge what a tab export cannot show
    (a two-line table header's cells spanning rows/columns, equal notes on consecutive rows spanning rows),
    the way the same table is drawn in Word."""
    package = zipfile.ZipFile(io.BytesIO(data))
    body = etree.fromstring(package.read("word/document.xml")).find(W + "body")
    notes = {}
    if "word/footnotes.xml" in package.namelist():
        for note in etree.fromstring(package.read("word/footnotes.xml")).iter(W + "footnote"):
            if note.get(W + "type") in (None, "normal"):
                notes[note.get(W + "id")] = " ".join(_text(p) for p in note.iter(W + "p")).strip()
    out = [_HEAD.format(charset=charset, stem=stem)]
    cited: list[tuple[int, str]] = []
    for child in body:
        if child.tag == W + "p":
            out.append(_paragraph(child, notes, cited))
        elif child.tag == W + "tbl":
            out.append(_table(child, notes, cited, merge))
    out.append("\n</div>\n")
    if cited:
        out.append("\n<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>\n<hr align=left "
                   "size=1 width=\"33%\">\n<![endif]>\n")  # fmt: skip
        for n, text in cited:
            out.append(
                f"<div style='mso-element:footnote' id=ftn{n}>\n<p class=MsoFootnoteText><a style='mso-footnote-id:"
                f'ftn{n}\' href="#_ftnref{n}" name="_ftn{n}" title=""><span class=MsoFootnoteReference>'
                f"<span style='mso-special-character:footnote'><![if !supportFootnotes]><span "
                f"class=MsoFootnoteReference>[{n}]</span><![endif]></span></span></a> <span lang=VI>"
                f"{html.escape(text)}<o:p></o:p></span></p>\n</div>\n"
            )
        out.append("</div>\n")
    out.append("\n</body>\n\n</html>\n")
    text = "".join(out)
    if charset.lower() in ("windows-1258", "cp1258"):
        from pardw.parse.decode import encode_windows_1258

        return encode_windows_1258(text)
    return text.encode(charset)


def _text(p) -> str:
    parts = []
    for el in p.iter(W + "t", W + "tab", W + "br"):
        parts.append(el.text or "" if el.tag == W + "t" else " ")
    return "".join(parts)


def _runs(p, notes: dict[str, str], cited: list[tuple[int, str]]) -> str:
    out = []
    for r in p.iter(W + "r"):
        rpr = r.find(W + "rPr")
        bold = rpr is not None and rpr.find(W + "b") is not None
        for el in r:
            if el.tag == W + "t":
                text = html.escape(el.text or "", quote=False).replace("  ", " &nbsp;")
                out.append(f"<b>{text}</b>" if bold else text)
            elif el.tag in (W + "tab", W + "br"):
                out.append("<br>" if el.tag == W + "br" else "<span style='mso-tab-count:1'>&nbsp; </span>")
            elif el.tag == W + "footnoteReference" and el.get(W + "id") in notes:
                n = len(cited) + 1
                cited.append((n, notes[el.get(W + "id")]))
                out.append(
                    f'<a style=\'mso-footnote-id:ftn{n}\' href="#_ftn{n}" name="_ftnref{n}" title=""><span '
                    f"class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if "
                    f"!supportFootnotes]><span class=MsoFootnoteReference>[{n}]</span><![endif]></span></span></a>"
                )
    return "".join(out)


def _paragraph(p, notes, cited) -> str:
    ppr = p.find(W + "pPr")
    style = ""
    if ppr is not None and ppr.find(W + "pStyle") is not None:
        style = (ppr.find(W + "pStyle").get(W + "val") or "").lower()
    inner = _runs(p, notes, cited) or "<o:p>&nbsp;</o:p>"
    if style.startswith("heading") and style[-1:].isdigit():
        return f"\n<h{style[-1]}><span lang=VI>{inner}</span></h{style[-1]}>\n"
    return f"\n<p class=MsoNormal style='text-align:justify'><span lang=VI style='mso-ansi-language:VI'>{inner}" \
           f"<o:p></o:p></span></p>\n"  # fmt: skip


def _grid(tbl) -> list[list[dict]]:
    """The table's rows as cells {col, span, vmerge ('restart'|'continue'|None), html, text, header}."""
    rows = []
    for tr in tbl.iterchildren(W + "tr"):
        trpr = tr.find(W + "trPr")
        header = trpr is not None and trpr.find(W + "tblHeader") is not None
        col, cells = 0, []
        for tc in tr.iterchildren(W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(W + "gridSpan")
                span = int(gs.get(W + "val")) if gs is not None else 1
                vm = tcpr.find(W + "vMerge")
                if vm is not None:
                    vmerge = vm.get(W + "val") or "continue"
            cells.append({"col": col, "span": span, "vmerge": vmerge, "tc": tc, "header": header,
                          "text": " ".join(_text(p) for p in tc.iter(W + "p")).strip()})  # fmt: skip
            col += span
        rows.append(cells)
    return rows


def _infer_merges(rows: list[list[dict]]) -> None:
    """Merges a tab export flattened: a two-line header (the second line starts empty, no digits) whose upper
    cells have nothing under them span both lines, an upper cell followed by empty ones spans their columns;
    equal non-numeric notes (last column) on consecutive rows span them."""
    if len(rows) > 1 and not rows[1][0]["text"] and not any(ch.isdigit() for c in rows[1] for ch in c["text"]):
        _merge_header(rows[0], rows[1])
    for r in range(2, len(rows)):
        above, cells = rows[r - 1], rows[r]
        if len(above) == len(cells) > 3 and all(c["span"] == 1 for c in above + cells):
            a, b = above[-1], cells[-1]
            if a["text"] and a["text"] == b["text"] and not any(ch.isdigit() for ch in a["text"]):
                a["vmerge"] = a["vmerge"] or "restart"
                b["vmerge"] = "continue"


def _merge_header(top: list[dict], second: list[dict]) -> None:
    if len(top) != len(second) or any(c["span"] != 1 for c in top + second):
        return
    for cell, below in zip(top, second, strict=True):
        if cell["text"] and not below["text"]:
            cell["vmerge"], below["vmerge"] = "restart", "continue"
    for k in range(len(top) - 1):
        cell = top[k]
        if cell["text"] and not top[k + 1]["text"] and second[k]["text"] and second[k + 1]["text"]:
            cell["span"] += 1
            top[k + 1]["drop"] = True
            cell["vmerge"] = None


def _rowspans(rows: list[list[dict]]) -> None:
    """The rowspan of each vMerge restart: the continues below it in the same column."""
    for r, cells in enumerate(rows):
        for cell in cells:
            if cell["vmerge"] != "restart":
                continue
            n = 1
            for below in rows[r + 1 :]:
                match = next((c for c in below if c["col"] == cell["col"]), None)
                if match is None or match["vmerge"] != "continue":
                    break
                n += 1
            cell["rowspan"] = n


def _cell_html(cell: dict, notes, cited) -> str:
    attrs = f" colspan={cell['span']}" if cell["span"] > 1 else ""
    attrs += f" rowspan={cell['rowspan']}" if cell.get("rowspan", 1) > 1 else ""
    paragraphs = [
        f"  <p class=MsoNormal style='text-align:justify'><span lang=VI>{_runs(p, notes, cited) or '&nbsp;'}"
        f"<o:p></o:p></span></p>\n"
        for p in cell["tc"].iterchildren(W + "p")
    ]  # fmt: skip
    return (
        f"  <td width=64 valign=top{attrs} {_TD_STYLE.format(w=48.2 * cell['span'])}>\n{''.join(paragraphs)}  </td>\n"
    )


def _table(tbl, notes, cited, merge: bool) -> str:
    rows = _grid(tbl)
    if merge:
        _infer_merges(rows)
    _rowspans(rows)
    out = ["\n<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
           "border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm "
           "5.4pt'>\n"]  # fmt: skip
    head = sum(1 for r in rows if r and r[0]["header"])
    out.append("<thead>\n" if head else "")
    for r, cells in enumerate(rows):
        if head and r == head:
            out.append("</thead>\n")
        first = ";mso-yfti-firstrow:yes" if r == 0 else ""
        out.append(f" <tr style='mso-yfti-irow:{r}{first};page-break-inside:avoid'>\n")
        out.extend(_cell_html(c, notes, cited) for c in cells if c["vmerge"] != "continue" and not c.get("drop"))
        out.append(" </tr>\n")
    out.append("</table>\n")
    return "".join(out)


_BOOKTABS = """html { line-height: 1.5; font-family: Georgia, serif; font-size: 20px; }
body { margin: 0 auto; max-width: 36em; padding: 50px; }
@media print { body { font-size: 12pt; } }
table { margin: 1em 0; border-collapse: collapse; width: 100%; display: block; }
tbody { border-top: 1px solid #1a1a1a; border-bottom: 1px solid #1a1a1a; }
th { border-top: 1px solid #1a1a1a; padding: 0.25em 0.5em 0.25em 0.5em; }
td { padding: 0.125em 0.5em 0.25em 0.5em; }"""


def text_to_web_page(text: str) -> str:
    """The report as a web page in the style of pandoc's (and many sites') style sheet: a paragraph a line, a table
    a run of tab-separated lines (its first the header when it starts with STT, repeated by a browser at the top
    of each page the table runs over), "booktabs" rules (above and below the header and the body only, no column
    rules), header cells centred and every cell centred vertically (a browser's defaults for ``th``/``td``),
    columns of equal width."""
    out, rows = [], []

    def table() -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        cols = "".join(f'<col style="width: {100 / width:.0f}%" />' for _ in range(width))
        headed = rows[0][0].replace(" ", "").upper() in ("STT", "TT")
        head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0] + [""] * (width - len(rows[0])))
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r + [""] * (width - len(r))) + "</tr>"
            for r in rows[headed:]
        )
        head = f"<thead><tr>{head}</tr></thead>" if headed else ""
        out.append(f"<table><colgroup>{cols}</colgroup>{head}<tbody>{body}</tbody></table>")
        rows.clear()

    for line in text.replace("**", " ").split("\n"):
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        table()
        if line.strip():
            out.append(f"<p>{html.escape(line.strip())}</p>")
    table()
    return f'<html><head><meta charset="utf-8"><style>{_BOOKTABS}</style></head><body>{"".join(out)}</body></html>'


def browser_prints(pages: dict[str, str], **pdf_options) -> dict[str, bytes]:
    """Each HTML page printed to PDF by Debian's Chromium through Playwright (``page.pdf(**pdf_options)``), one
    browser for all; never downloads a browser."""
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "/nonexistent")
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()
            for name, content in pages.items():
                page.set_content(content)
                out[name] = page.pdf(**pdf_options)
        finally:
            browser.close()
    return out


def html_to_mhtml(page: bytes, charset: str = "windows-1258", transfer: str = "quoted-printable") -> bytes:
    """A web archive of one page (Word's "Single File Web Page", .mht): multipart/related, the page as its
    first part in ``transfer`` encoding (quoted-printable or base64), then the file list part Word adds."""
    message = MIMEMultipart("related", type="text/html")
    del message["MIME-Version"]
    message["MIME-Version"] = "1.0"
    message.preamble = "This document is a Single File Web Page, also known as a Web Archive file."
    part = MIMENonMultipart("text", "html", charset=charset)
    part["Content-Location"] = "file:///C:/D4FF2A1C/report.htm"
    part.set_payload(page)
    if transfer == "base64":
        from email.encoders import encode_base64

        encode_base64(part)
    else:
        from email.encoders import encode_quopri

        encode_quopri(part)
    message.attach(part)
    files = MIMENonMultipart("text", "xml", charset="utf-8")
    files["Content-Location"] = "file:///C:/D4FF2A1C/report_files/filelist.xml"
    files.set_payload(b'<xml xmlns:o="urn:schemas-microsoft-com:office:office">\n <o:MainFile HRef="../report.htm"/>\n'
                      b"</xml>")  # fmt: skip
    from email.encoders import encode_quopri

    encode_quopri(files)
    message.attach(files)
    buf = io.BytesIO()
    BytesGenerator(buf, mangle_from_=False, maxheaderlen=0).flatten(message)
    return buf.getvalue().replace(b"\n", b"\r\n")


def libreoffice_html(data: bytes, suffix: str = "docx", timeout: int = 180) -> bytes:
    """LibreOffice's HTML export of a Word file (``soffice --convert-to html``, Writer's HTML filter)."""
    return libreoffice_batch({"in": data}, "html", suffix, timeout)["in"]


def libreoffice_batch(
    docs: dict[str, bytes], target: str, suffix: str = "docx", timeout: int = 600
) -> dict[str, bytes]:
    """Several Word files converted by one LibreOffice run (``target``: "pdf", "html" …): one start-up for all."""
    from pardw.parse.readers.word97 import soffice

    office = soffice()
    if office is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="pardw-lo-") as tmp:
        sources = []
        for n, (name, data) in enumerate(docs.items()):
            src = Path(tmp) / f"d{n}.{suffix}"
            src.write_bytes(data)
            sources.append((name, src))
        out = Path(tmp) / "out"
        cmd = [office, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(out), *(str(s) for _n, s in sources)]  # fmt: skip
        subprocess.run(cmd, env={**os.environ, "HOME": tmp}, capture_output=True, timeout=timeout, check=True)
        ext = target.split(":")[0]
        return {name: (out / f"{src.stem}.{ext}").read_bytes() for name, src in sources}


def pdftotext() -> str | None:
    return shutil.which("pdftotext")


def pdf_to_layout(data: bytes, timeout: int = 120) -> str:
    """``pdftotext -layout`` of a PDF (UTF-8): columns kept by spaces, a form feed at each page break."""
    tool = pdftotext()
    if tool is None:
        raise RuntimeError("pdftotext is not installed: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory(prefix="pardw-layout-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        done = subprocess.run([tool, "-layout", "-enc", "UTF-8", str(src), "-"], capture_output=True,
                              timeout=timeout, check=True)  # fmt: skip
        return done.stdout.decode("utf-8")


__all__ = [
    "docx_to_word_html", "html_to_mhtml", "libreoffice_batch", "libreoffice_html", "pdf_to_layout", "pdftotext",
    "text_to_web_page",
]  # fmt: skip
