"""`pardw extract`: parse files and write their records as JSON lines, or print the canonical text
rendering (every format) with the line numbers that records' ``line`` refers to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from pardw.parse.read import read_document
from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_document

FORMATS = ("jsonl", "text")


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")))
        else:
            out.append(p)
    return out


def run_extract(paths: list[Path], fmt: str, out: TextIO, err: TextIO) -> int:
    """Write one JSON object per record (document first) for each file (``jsonl``), or the numbered
    canonical text with each line's locator (``text``). Unreadable files get one line on ``err``
    each and a non-zero exit code; the other files are still processed."""
    if fmt not in FORMATS:
        err.write(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}\n")
        return 2
    failed = 0
    for path in _files(paths):
        try:
            doc = read_document(path.read_bytes(), path.name)
            if fmt == "text":
                _write_text(doc, out)
                continue
            report = parse_document(doc)
        except UnreadableReport as exc:
            err.write(f"{path}: {exc.reason}: {exc.message}\n")
            failed += 1
            continue
        except OSError as exc:
            err.write(f"{path}: unreadable: {exc.strerror or exc}\n")
            failed += 1
            continue
        for record in report.records():
            if record.kind == "warning":
                continue  # warnings travel inside the document record
            out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    return 1 if failed else 0


def _write_text(doc, out: TextIO) -> None:
    rendering = doc.render()
    out.write(f"# {doc.file} ({doc.format}, {doc.encoding}): {len(rendering.lines)} lines\n")
    width = len(str(len(rendering.lines)))
    for number, (line, locator) in enumerate(zip(rendering.lines, rendering.locators, strict=True), start=1):
        where = "" if locator is None or locator == f"line {number}" else f" [{locator}]"
        out.write(f"{number:>{width}}{where}\t{line}\n")
