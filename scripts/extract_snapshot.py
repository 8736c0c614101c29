"""Issue 27's equality check: the records of a fixed set of reports, before and after a change to the parser.

    python scripts/extract_snapshot.py make  [--inputs DIR]          # once: render the inputs (LibreOffice, Chromium)
    python scripts/extract_snapshot.py dump  OUT.jsonl [--inputs DIR] # the records of every input, one line per file
    python scripts/extract_snapshot.py diff  BEFORE.jsonl AFTER.jsonl # which files' records changed, and how

The inputs: the bundled samples as text, as Word (.docx), as markdown and as space-aligned layout text;
their PDFs from LibreOffice, Chromium (narrow print), fpdf2 and Ghostscript; every file of
../shared/real_reports; a 300-report synthetic corpus (seed 42, 5 % Word). Each file's line holds
its reason when unreadable, else every record (document, indicators, breakdowns, narratives, tasks,
warnings) as ``pardw extract`` writes them, plus the warnings with their locators.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUTS = Path("/tmp/pardw-snapshot-inputs")
SHARED = ROOT.parent / "shared"


def make(inputs: Path) -> None:
    from pardw.bench import render
    from pardw.bench.corpus import generate_corpus
    from pardw.bench.producers import render_producers, source_from_text
    from pardw.config import SAMPLE_REPORTS_DIR

    inputs.mkdir(parents=True, exist_ok=True)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLE_REPORTS_DIR.glob("*.txt"))}
    out = inputs / "samples"
    out.mkdir(exist_ok=True)
    for stem, text in texts.items():
        (out / f"{stem}.txt").write_text(text, encoding="utf-8")
        (out / f"{stem}.docx").write_bytes(render.text_to_docx(text))
        (out / f"{stem}.md").write_text(render.text_to_markdown(text), encoding="utf-8")
        (out / f"{stem}.layout.txt").write_text(render.text_to_layout(text), encoding="utf-8")
    pdfs, missing = render_producers(
        {k: source_from_text(t) for k, t in texts.items()},
        ("libreoffice", "chromium_narrow", "fpdf2", "ghostscript"),
    )
    for producer, files in pdfs.items():
        for stem, data in files.items():
            (out / f"{stem}.{producer}.pdf").write_bytes(data)
    for producer, why in missing.items():
        print(f"left out {producer}: {why}", file=sys.stderr)
    generate_corpus(inputs / "corpus", 300, seed=42, docx_share=0.05)


def _inputs(inputs: Path) -> list[Path]:
    files = sorted(p for p in inputs.rglob("*") if p.is_file() and p.name != "manifest.json")
    real = SHARED / "real_reports"
    if real.is_dir():
        files += sorted(p for p in real.rglob("*") if p.is_file() and p.suffix.lower() != ".md")
    return files


def _line(path: Path) -> dict:
    from pardw.parse.records import UnreadableReport
    from pardw.parse.report import parse_bytes

    try:
        report, encoding = parse_bytes(path.read_bytes(), path.name)
    except UnreadableReport as exc:
        return {"file": str(path), "unreadable": exc.reason, "message": exc.message}
    records = [r.to_dict() for r in report.records() if r.kind != "warning"]
    warnings = [(w.code, w.message, w.line, w.locator) for w in report.warnings]
    return {"file": str(path), "encoding": encoding, "records": records, "warnings": warnings}


def dump(out: Path, inputs: Path) -> None:
    files = _inputs(inputs)
    started = time.monotonic()
    with out.open("w", encoding="utf-8") as fh:
        for path in files:
            fh.write(json.dumps(_line(path), ensure_ascii=False, sort_keys=True, default=str) + "\n")
    print(f"{len(files)} files in {time.monotonic() - started:.1f} s -> {out}", file=sys.stderr)


def _key(file: str) -> str:
    """A file's name without the folder it was read from (a worktree's ../shared is another path)."""
    for mark in ("/shared/", "/pardw-snapshot-inputs/"):
        if mark in file:
            return file.split(mark, 1)[1]
    return file


def _load(path: Path) -> dict[str, dict]:
    out = {}
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        d["file"] = _key(d["file"])
        out[d["file"]] = d
    return out


def diff(before: Path, after: Path, show: int = 5) -> int:
    a, b = _load(before), _load(after)
    changed = 0
    for name in sorted(set(a) | set(b)):
        x, y = a.get(name), b.get(name)
        if x == y:
            continue
        changed += 1
        print(f"== {name}")
        if x is None or y is None:
            print("   only in", "after" if x is None else "before")
            continue
        if "records" not in x or "records" not in y:
            print(f"   before: {x.get('unreadable', 'read')}  after: {y.get('unreadable', 'read')}")
            continue
        for key in ("records", "warnings"):
            xs = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in x[key]]
            ys = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in y[key]]
            gone, new = [r for r in xs if r not in set(ys)], [r for r in ys if r not in set(xs)]
            if gone or new or xs != ys:
                print(f"   {key}: {len(xs)} -> {len(ys)}; {len(gone)} gone, {len(new)} new"
                      + ("" if gone or new else " (order only)"))  # fmt: skip
                for r in gone[:show]:
                    print(f"     - {r[:300]}")
                for r in new[:show]:
                    print(f"     + {r[:300]}")
    print(f"{changed} of {len(set(a) | set(b))} files differ")
    return 1 if changed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("--inputs", type=Path, default=DEFAULT_INPUTS)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--inputs", type=Path, default=DEFAULT_INPUTS)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "make":
        make(args.inputs)
        return 0
    if args.cmd == "dump":
        dump(args.out, args.inputs)
        return 0
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
