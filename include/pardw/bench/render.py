"""Render a text report (the samples, the synthetic corpus) as the files offices send: a Word
.docx with real tables (python-docx), a PDF (LibreOffice from that .docx), and text variants
(markdown pipe tables, space-aligned columns as ``pdftotext -layout`` prints them).

Used by the tests (the same report must give the same values in every format) and by the
benchmark corpus (``pardw corpus --docx-share … --pdf-share …``).
"""

from __future__ import annotations

import io
import os
import subprocess
import textwrap
from pathlib import Path

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


def docx_to_pdf(data: bytes, timeout: int = 180) -> bytes:
    """PDF of a .docx by LibreOffice (``soffice --headless --convert-to pdf``)."""
    from pardw.parse.readers.word97 import soffice

    office = soffice()
    if office is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    from pardw import procs

    with procs.owned_tempdir("pardw-pdf-") as tmp:  # LibreOffice dies with this process, nothing left behind
        src = Path(tmp) / "in.docx"
        src.write_bytes(data)
        cmd = [procs.real_binary(office), f"-env:UserInstallation=file://{tmp}/profile", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", tmp, str(src)]  # fmt: skip
        for _attempt in range(3):  # 81: soffice.bin initialised its profile and asks to be run again
            done = procs.run(cmd, env={**os.environ, "HOME": tmp}, cwd=tmp, timeout=timeout)
            if done.returncode != 81:
                break
        if done.returncode != 0:
            raise subprocess.CalledProcessError(done.returncode, cmd, done.stdout, done.stderr)
        return (Path(tmp) / "in.pdf").read_bytes()


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


__all__ = ["docx_to_pdf", "text_to_docx", "text_to_layout", "text_to_markdown"]
