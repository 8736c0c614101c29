"""Issue 27: parse throughput on a corpus folder, CPU seconds of one core (the best of ``--repeat`` passes).

    python scripts/bench_corpus_parse.py [FOLDER] [--repeat 2]

FOLDER defaults to the corpus `scripts/extract_snapshot.py make` writes (/tmp/pardw-snapshot-inputs/corpus).
Files that are not reports (the corpus breaks some on purpose) count as read. Compare two trees by running
it with ``PYTHONPATH=<other tree>/include``, interleaved.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from pathlib import Path

from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_bytes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default="/tmp/pardw-snapshot-inputs/corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    files = [(p.name, p.read_bytes()) for p in sorted(args.folder.iterdir()) if p.is_file()]
    if not files:
        raise SystemExit(f"no files in {args.folder} (make it with scripts/extract_snapshot.py make)")

    def run() -> None:
        for name, data in files:
            with contextlib.suppress(UnreadableReport):
                parse_bytes(data, name)

    run()  # warm-up
    best = float("inf")
    for _ in range(args.repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    print(f"{len(files)} files: {len(files) / best:.1f} reports per CPU second")


if __name__ == "__main__":
    main()
