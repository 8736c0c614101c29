"""Issue 27's stage measure: each stage's CPU time (``time.process_time``) in ``parse_document`` on the samples.

    python scripts/parse_stages.py [--inputs DIR] [--rounds N] [--ext txt,docx] [--cold]

Wraps the stage functions that ``pardw.parse.report`` calls (by their names in its namespace) with a CPU timer
— here, not in the product — and prints, per extension, reports/s of the whole parse (bytes -> records) and
each stage's share. "table side" is the tables' and metadata's stages (appendix, per-unit, tasks, unread,
metadata, segments, and the table finder when there is one).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

STAGES = (
    "read_document", "document_type", "_looks_like_report", "appendix_start", "parse_metadata", "find_tables",
    "parse_appendix", "extract_breakdowns", "extract_tasks", "extract_narratives", "_cited_number_warnings",
    "unread_tables", "enforce",
)  # fmt: skip
TABLE_SIDE = {"appendix_start", "parse_metadata", "find_tables", "parse_appendix", "extract_breakdowns",
              "extract_tasks", "unread_tables"}  # fmt: skip


def _caches() -> list:
    """Every functools cache of pardw's modules (the same four files parsed again would hit them all)."""
    import functools
    import sys

    out = []
    for name, module in list(sys.modules.items()):
        if name.startswith("pardw"):
            for value in vars(module).values():
                if isinstance(value, functools._lru_cache_wrapper) and value.cache_info().maxsize != 1:  # not a loader
                    out.append(value)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", default="/tmp/pardw-snapshot-inputs/samples")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--ext", default="txt,docx")
    ap.add_argument("--cold", action="store_true", help="empty every cache of pardw's before each report")
    args = ap.parse_args()
    import pardw.parse.report as report

    spent: dict[str, float] = defaultdict(float)
    for name in STAGES:
        fn = getattr(report, name, None)
        if fn is None:
            continue

        def timed(*a, _fn=fn, _name=name, **kw):
            t = time.process_time()
            try:
                return _fn(*a, **kw)
            finally:
                spent[_name] += time.process_time() - t

        setattr(report, name, timed)
    for ext in args.ext.split(","):
        files = [p for p in sorted(Path(args.inputs).glob(f"*.{ext}")) if p.name.count(".") == 1]
        datas = [(p.name, p.read_bytes()) for p in files]
        for name, data in datas:  # warm the caches once
            report.parse_bytes(data, name)
        spent.clear()
        t = time.process_time()
        caches = _caches() if args.cold else []
        for _ in range(args.rounds):
            for name, data in datas:
                for c in caches:
                    c.cache_clear()
                report.parse_bytes(data, name)
        total = time.process_time() - t
        n = args.rounds * len(datas)
        table = sum(v for k, v in spent.items() if k in TABLE_SIDE)
        print(f"== .{ext}: {len(datas)} files x {args.rounds} rounds: {n / total:.1f} reports/s "
              f"({1000 * total / n:.2f} ms CPU/report); table side {1000 * table / n:.3f} ms/report "
              f"({100 * table / total:.1f} %)")  # fmt: skip
        for k, v in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"   {k:24s} {1000 * v / n:8.3f} ms/report {100 * v / total:5.1f} %")
        rest = total - sum(spent.values())
        print(f"   {'(rest: render, glue)':24s} {1000 * rest / n:8.3f} ms/report {100 * rest / total:5.1f} %")


if __name__ == "__main__":
    main()
