"""`pardw extract`: parse files and write their records as JSON lines, or print the canonical text
rendering (every format) with the line numbers that records' ``line`` refers to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from pardw.parse.records import UnreadableReport

FORMATS = ("jsonl", "text")


def _files(paths: list[Path]) -> list[Path]:
    from pardw.load.custody import discover

    # links are not followed; hidden files under a folder are left out (a file named explicitly is read)
    return [p for p in discover(paths) if p in paths or not p.name.startswith(".")]


def run_extract(paths: list[Path], fmt: str, out: TextIO, err: TextIO) -> int:
    """Write one JSON object per record (document first) for each file (``jsonl``), or the numbered
    canonical text with each line's locator (``text``). Unreadable files get one line on ``err``
    each and a non-zero exit code; the other files are still processed."""
    if fmt not in FORMATS:
        err.write(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}\n")
        return 2
    from pardw.config import settings
    from pardw.load.custody import Skip, classify, read_regular
    from pardw.load.parse_worker import ParseWorker

    cfg = settings()
    failed = 0
    with ParseWorker(cfg.parse_timeout, cfg.parse_memory_mb) as worker:
        for path in _files(paths):
            try:
                classify(path)  # links, FIFOs and devices are reported, never opened
                data = read_regular(path, cfg.max_file_bytes)
                if fmt == "text":  # in the worker too: the same time and memory budget as ingest
                    _write_text(worker.render(data, path.name, cfg.max_file_bytes), out)
                    continue
                report, _encoding = worker.parse(data, path.name, None)
            except Skip as exc:
                err.write(f"{path}: {exc.reason}: {exc.message}\n")
                failed += 1
                continue
            except UnreadableReport as exc:
                err.write(f"{path}: {exc.reason}: {exc.message}\n")
                failed += 1
                continue
            except Exception as exc:  # a parser bug: say so and go on with the next file
                err.write(f"{path}: parse_failed: {type(exc).__name__}: {exc}\n")
                failed += 1
                continue
            _write(report, out)
    return 1 if failed else 0


def _write(report, out: TextIO) -> None:
    for record in report.records():
        if record.kind == "warning":
            continue  # warnings travel inside the document record
        out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")


def _write_text(rendered: tuple, out: TextIO) -> None:
    file, fmt, encoding, lines, locators = rendered
    out.write(f"# {file} ({fmt}, {encoding}): {len(lines)} lines\n")
    width = len(str(len(lines)))
    for number, (line, locator) in enumerate(zip(lines, locators, strict=True), start=1):
        where = "" if locator is None or locator == f"line {number}" else f" [{locator}]"
        out.write(f"{number:>{width}}{where}\t{line}\n")
