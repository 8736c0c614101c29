"""Issue 27: where the parse of one report spends its time, and how that time grows with the report's size.

    python scripts/bench_parse_stages.py [--repeat 5] [--json OUT]

``--without-prose``: the bound on the text target, the parse with the prose extractor returning nothing.

Stages: every function ``pardw.parse.report`` calls from another parse module (the reader, the rendering,
metadata, appendix, per-unit tables, tasks, prose, unread tables, ...) is wrapped with a CPU-time
counter (``time.process_time``: the machine's other load counts less than in wall time); a stage's
share is its time over the whole ``parse_bytes``. Inputs: the four bundled samples as .txt and as
.docx (python-docx). Size: the Kiên Giang sample's body (prose and appendix) repeated after its
header up to 10 KB … 1 MB; linear growth means the same CPU time per KB at every size.
"""

from __future__ import annotations

import argparse
import inspect
import json
import time
from collections import defaultdict
from pathlib import Path

from pardw.config import SAMPLE_REPORTS_DIR

SIZES_KB = (10, 30, 100, 300, 1000)


TOTALS: dict[str, float] = defaultdict(float)
_WRAPPED: list[bool] = []


def _wrap_stages(totals: dict[str, float]) -> None:
    from pardw.parse import report

    if _WRAPPED:
        return
    _WRAPPED.append(True)

    depth = [0]

    def timed(name, fn):
        def run(*args, **kwargs):
            if depth[0]:
                return fn(*args, **kwargs)
            depth[0] += 1
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                totals[name] += time.process_time() - t
                depth[0] -= 1

        return run

    for name, obj in list(vars(report).items()):
        module = getattr(obj, "__module__", "") or ""
        if inspect.isfunction(obj) and module.startswith("pardw.parse") and module != report.__name__:
            setattr(report, name, timed(name, obj))
    from pardw.parse.document_model import SourceDocument

    SourceDocument.render = timed("render", SourceDocument.render)


def stage_shares(files: list[tuple[str, bytes]], repeat: int) -> dict:
    from pardw.parse.report import parse_bytes

    for name, data in files:  # warm: imports, compiled patterns, caches
        parse_bytes(data, name)
    _wrap_stages(TOTALS)
    TOTALS.clear()
    totals = TOTALS
    started = time.process_time()
    for _ in range(repeat):
        for name, data in files:
            parse_bytes(data, name)
    whole = time.process_time() - started
    n = repeat * len(files)
    stages = {k: round(v / n * 1000, 2) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}
    return {
        "reports": n,
        "ms_per_report": round(whole / n * 1000, 2),
        "reports_per_cpu_s": round(n / whole, 1),
        "stage_ms": stages,
        "stage_share": {k: round(v / (whole / n * 1000), 3) for k, v in stages.items()},
    }


def _sized(text: str, kb: int) -> str:
    """The report's header, then its prose repeated, then its appendix repeated: ``kb`` KB in the
    sample's own proportions of prose and appendix."""
    from pardw.parse.segments import appendix_start

    lines = text.split("\n")
    start = appendix_start(lines) or len(lines)
    head, prose, appendix = lines[:40], lines[40:start], lines[start:]
    share = sum(len(x) for x in prose) / max(1, sum(len(x) for x in prose + appendix))
    out = list(head)
    for part, budget in ((prose, share * kb * 1024), (appendix, kb * 1024)):
        i = 0
        while sum(len(x.encode()) + 1 for x in out) < budget and part:
            out.extend(part[i % len(part) : i % len(part) + 20])
            i += 20
    return "\n".join(out)


def scaling(repeat: int) -> list[dict]:
    from pardw.parse.report import parse_bytes

    text = (SAMPLE_REPORTS_DIR / "000_d49b38bb6fe27dd3.txt").read_text(encoding="utf-8")
    rows = []
    for kb in SIZES_KB:
        data = _sized(text, kb).encode("utf-8")
        parse_bytes(data, "sized.txt")
        times = max(1, repeat * 100 // kb)
        t = time.process_time()
        for _ in range(times):
            report, _ = parse_bytes(data, "sized.txt")
        cpu = (time.process_time() - t) / times
        rows.append({"kb": round(len(data) / 1024, 1), "cpu_s": round(cpu, 4), "ms_per_kb": round(cpu * 1000 / (len(data) / 1024), 3),
                     "indicators": len(report.indicators), "narratives": len(report.narratives)})  # fmt: skip
    return rows


def without_prose(files: list[tuple[str, bytes]], repeat: int) -> dict:
    """The bound on the text target: the whole parse, and the parse with the prose extractor returning nothing
    (best of ``repeat`` runs each, CPU ms a report)."""
    from pardw.parse import report

    def best() -> float:
        times = []
        for _ in range(repeat):
            started = time.process_time()
            for name, data in files:
                report.parse_bytes(data, name)
            times.append(time.process_time() - started)
        return round(min(times) / len(files) * 1000, 2)

    whole = best()
    real = report.extract_narratives
    report.extract_narratives = lambda *args, **kwargs: []
    try:
        bare = best()
    finally:
        report.extract_narratives = real
    return {"whole_ms": whole, "without_prose_ms": bare}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--without-prose", action="store_true", help="only the .txt parse with and without the prose")
    args = ap.parse_args()
    from pardw.bench.render import text_to_docx

    samples = sorted(SAMPLE_REPORTS_DIR.glob("*.txt"))
    txt = [(p.name, p.read_bytes()) for p in samples]
    if args.without_prose:
        from pardw.parse.report import parse_bytes

        for name, data in txt:  # warm: imports, compiled patterns, caches
            parse_bytes(data, name)
        r = without_prose(txt, args.repeat)
        print(f"txt: {r['whole_ms']} ms CPU a report ({1000 / r['whole_ms']:.0f}/s); without the prose "
              f"{r['without_prose_ms']} ms ({1000 / r['without_prose_ms']:.0f}/s)")  # fmt: skip
        return
    docx = [(p.stem + ".docx", text_to_docx(p.read_text(encoding="utf-8"))) for p in samples]
    result = {"txt": stage_shares(txt, args.repeat), "docx": stage_shares(docx, args.repeat)}
    result["scaling"] = scaling(args.repeat)
    for fmt in ("txt", "docx"):
        r = result[fmt]
        print(f"{fmt}: {r['ms_per_report']} ms CPU a report ({r['reports_per_cpu_s']}/s)")
        for stage, ms in r["stage_ms"].items():
            print(f"  {stage:<28} {ms:>8.2f} ms  {r['stage_share'][stage]:>6.1%}")
    print("size (KB)  CPU s   ms/KB   indicators narratives")
    for row in result["scaling"]:
        print(f"{row['kb']:>9} {row['cpu_s']:>7} {row['ms_per_kb']:>7} {row['indicators']:>10} {row['narratives']:>10}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
