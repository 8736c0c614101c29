"""Issue 27 (prose): CPU time of ``extract_narratives`` per report, its share of the parse, and how it grows with
the size of the prose.

    python scripts/bench_prose.py [--inputs DIR] [--repeat N] [--profile]

Each input (the bundled samples as .txt and the 300-report corpus of ``scripts/extract_snapshot.py``) is parsed
once with ``extract_narratives`` recorded; then the recorded calls are timed alone (CPU time,
``time.process_time``, best of ``--repeat`` runs) and the whole parse of the same files. ``--growth`` concatenates
the samples' prose to 10 KB … 1 MB reports and times the prose extractor on each (it must grow linearly).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import sys
import time
from pathlib import Path

DEFAULT_INPUTS = Path("/tmp/pardw-snapshot-inputs")


def _record(files: list[Path]) -> tuple[list[tuple], float]:
    """The arguments of every ``extract_narratives`` call while parsing ``files``; the CPU time of the parses."""
    import pardw.parse.report as report

    calls: list[tuple] = []
    real = report.extract_narratives

    def recording(*args):
        calls.append(args)
        return real(*args)

    report.extract_narratives = recording
    try:
        datas = [(p.read_bytes(), p.name) for p in files]
        started = time.process_time()
        for data, name in datas:
            with contextlib.suppress(Exception):  # an unreadable file is no prose
                report.parse_bytes(data, name)
        spent = time.process_time() - started
    finally:
        report.extract_narratives = real
    return calls, spent


def _parse_time(files: list[Path], repeat: int) -> float:
    from pardw.parse.report import parse_bytes

    datas = [(p.read_bytes(), p.name) for p in files]
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for data, name in datas:
            with contextlib.suppress(Exception):
                parse_bytes(data, name)
        best = min(best, time.process_time() - started)
    return best


def _prose_time(calls: list[tuple], repeat: int) -> float:
    from pardw.parse.narrative import extract_narratives

    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for args in calls:
            extract_narratives(*args)
        best = min(best, time.process_time() - started)
    return best


def _growth(calls: list[tuple], repeat: int) -> list[tuple[int, float]]:
    """(characters, CPU seconds) of the prose extractor on reports made of the samples' prose repeated."""
    from pardw.parse.narrative import extract_narratives

    prose: list[str] = []
    for lines, _name, end, *_ in calls:
        prose.extend(lines[: len(lines) if end is None else end])
    size = sum(len(line) + 1 for line in prose)
    out = []
    for target in (10_000, 30_000, 100_000, 300_000, 1_000_000):
        lines = (prose * (target // size + 1))[: max(1, len(prose) * target // size)]
        chars = sum(len(line) + 1 for line in lines)
        best = float("inf")
        for _ in range(repeat):
            started = time.process_time()
            extract_narratives(lines, "growth.txt")
            best = min(best, time.process_time() - started)
        out.append((chars, best))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=Path, default=DEFAULT_INPUTS)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="cProfile the prose extractor on the samples and corpus")
    ap.add_argument("--growth", action="store_true", help="prose time against report size, 10 KB to 1 MB")
    args = ap.parse_args()
    sets = {
        "samples (.txt)": sorted((args.inputs / "samples").glob("*[0-9a-f].txt")),
        "corpus": sorted(p for p in (args.inputs / "corpus").iterdir() if p.name != "manifest.json"),
    }
    recorded = {}
    for name, files in sets.items():
        calls, _ = _record(files)
        recorded[name] = calls
        parse = _parse_time(files, max(1, args.repeat // 2))
        prose = _prose_time(calls, args.repeat)
        n = len(files)
        print(
            f"{name}: {n} reports; parse {parse / n * 1000:.2f} ms/report ({n / parse:.0f}/s); "
            f"extract_narratives {prose / n * 1000:.2f} ms/report ({n / prose:.0f}/s), {prose / parse:.0%} of the parse"
        )
    if args.profile:
        from pardw.parse.narrative import extract_narratives

        calls = recorded["samples (.txt)"] * 3 + recorded["corpus"]
        prof = cProfile.Profile()
        prof.enable()
        for c in calls:
            extract_narratives(*c)
        prof.disable()
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(35)
    if args.growth:
        base = None
        for chars, spent in _growth(recorded["samples (.txt)"], max(1, args.repeat // 2)):
            per = spent / chars * 1e6
            base = base or per
            print(f"prose of {chars / 1000:7.0f} KB: {spent * 1000:8.1f} ms CPU, {per:.2f} µs/char ({per / base:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
