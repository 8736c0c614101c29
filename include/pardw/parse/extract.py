"""`pardw extract`: parse files and write their records as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_bytes


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")))
        else:
            out.append(p)
    return out


def _document_dict(report) -> dict:
    d = report.document.to_dict()
    return d


def run_extract(paths: list[Path], fmt: str, out: TextIO, err: TextIO) -> int:
    """Write one JSON object per record (document first) for each file; unreadable files get one
    line on ``err`` each and a non-zero exit code, and the other files are still processed."""
    if fmt != "jsonl":
        err.write(f"unknown format {fmt!r}: only 'jsonl' is supported\n")
        return 2
    failed = 0
    for path in _files(paths):
        try:
            report, _encoding = parse_bytes(path.read_bytes(), path.name)
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
