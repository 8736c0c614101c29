"""`pardw bench`: time, throughput and peak memory of every stage, each next to a reference
measured in the same run, on synthetic corpora of N reports (see docs/benchmarks.md).

* parse: reports/s and MB/s on one core vs the floor of reading + decoding + splitting lines;
* load: rows/s of the loader over parsed reports (whole files, PARDW_LOAD_BATCH files per
  transaction, one COPY per table) vs a plain COPY of the same rows into empty tables; plus
  files/s of the full ingest (read, hash, parse, load, quarantine);
* transform: full dbt build over the corpus, then the time to add one report to that warehouse
  vs adding one report to an empty warehouse (incremental facts keep the ratio near 1);
* end to end: `airflow dags test par_reports` over the corpus (only for N <= e2e_max);
* OCR: scanned pages/s per core through the reader and parser vs Tesseract's own plain-page time
  (``pardw.bench.ocr``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import platform
import shutil
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import psycopg

from pardw.bench.corpus import generate_corpus
from pardw.config import settings
from pardw.db.migrate import migrate
from pardw.load.ingest import ParsedFile, ingest_paths, load_parsed, shape_rows
from pardw.load.raw_columns import RECORD_TABLES
from pardw.parse.decode import decode_bytes
from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_bytes


def _rss_kb(field: str) -> int | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def _timed(fn, *args, **kwargs):
    """Run ``fn`` once: wall seconds and the process's peak resident memory while it ran (MB).

    The kernel's high-water mark (VmHWM) is reset before the stage (``/proc/self/clear_refs``),
    so the peak is real memory, measured without slowing the code down (tracemalloc would
    triple the parse time). Where that is not possible the peak is None.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
        resettable = True
    except OSError:
        resettable = False
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds = time.perf_counter() - t
    peak = _rss_kb("VmHWM") if resettable else None
    return result, seconds, (peak / 1024 if peak else None)


def _mb(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _parse_one(path: Path) -> ParsedFile | None:
    data = path.read_bytes()
    try:
        report, encoding = parse_bytes(data, path.name)
    except UnreadableReport:
        return None
    return ParsedFile(path, hashlib.sha256(data).hexdigest(), len(data), encoding, report)


def _parse_all(files: list[Path]) -> int:
    """Read and parse every file, keeping nothing: memory stays that of one report."""
    return sum(_parse_one(p) is not None for p in files)


def _floor(files: list[Path]) -> int:
    """The floor: read, decode and split the same files into lines."""
    n = 0
    for path in files:
        with contextlib.suppress(UnreadableReport):
            n += len(decode_bytes(path.read_bytes())[0].split("\n"))
    return n


def bench_parse(files: list[Path]) -> dict:
    """Parse throughput on one core, files read from disk (the page cache is warm: the corpus
    was just written), against the floor of reading, decoding and splitting the same files."""
    mb = sum(p.stat().st_size for p in files) / 1e6
    _, floor_s, _ = _timed(_floor, files)
    parsed, parse_s, peak = _timed(_parse_all, files)
    return {
        "files": len(files),
        "parsed": parsed,
        "megabytes": round(mb, 2),
        "seconds": round(parse_s, 3),
        "reports_per_s": round(len(files) / parse_s, 1),
        "mb_per_s": round(mb / parse_s, 2),
        "peak_rss_mb": _mb(peak),
        "floor_seconds": round(floor_s, 3),
        "floor_reports_per_s": round(len(files) / floor_s, 1),
        "floor_mb_per_s": round(mb / floor_s, 2),
    }


def _database(server_url: str) -> str:
    """A new, migrated database (the benchmark is an entry point: it migrates, the stages do not)."""
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    migrate(url)
    return url


def _drop(server_url: str, url: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{url.rsplit("/", 1)[1]}" with (force)')


def _plain_copy(conn: psycopg.Connection, items: list[ParsedFile], first_id: int) -> tuple[int, float]:
    """Reference: the same rows, already shaped (untimed), one COPY per table into tables
    without indexes or constraints (``ref_*``, created empty before the first chunk)."""
    tables, _counts = shape_rows(items, range(first_id, first_id + len(items)))
    t = time.perf_counter()
    with conn.cursor() as cur:
        for table, (cols, data) in tables.items():
            with cur.copy(f"copy ref_{table.split('.')[1]} ({', '.join(cols)}) from stdin") as copy:
                for row in data:
                    copy.write_row(row)
    conn.commit()
    return sum(len(d) for _c, d in tables.values()), time.perf_counter() - t


_RECORD_TABLES = [t.table.split(".")[1] for t in RECORD_TABLES]


def _load_vs_copy(url: str, files: list[Path], batch: int) -> dict:
    """Chunk by chunk (``batch`` files): parse (untimed), then time the loader on the chunk
    (``load_parsed``: one transaction, shaping rows, COPY, indexes) and a plain COPY of the
    same rows. Only one chunk of parsed reports is ever held in memory."""
    rows = copied = 0
    load_s = copy_s = 0.0
    peak_kb = 0
    with psycopg.connect(url) as conn:
        for t in _RECORD_TABLES:
            conn.execute(f"create table ref_{t} (like raw.{t} including defaults)")
        conn.commit()
        for start in range(0, len(files), batch):
            items = [x for x in map(_parse_one, files[start : start + batch]) if x is not None]
            n, s = _plain_copy(conn, items, first_id=start + 1)
            copied, copy_s = copied + n, copy_s + s
            t = time.perf_counter()
            rows += sum(r for _id, r in load_parsed(conn, items).values())
            load_s += time.perf_counter() - t
            peak_kb = max(peak_kb, _rss_kb("VmRSS") or 0)
        for t in _RECORD_TABLES:
            conn.execute(f"drop table ref_{t}")
        conn.commit()
    return {"rows": rows, "load_s": load_s, "copied": copied, "copy_s": copy_s, "peak_mb": peak_kb / 1024 or None}


def bench_load(files: list[Path], server_url: str, work: Path) -> tuple[dict, str]:
    """Load the corpus the way ingest does (whole files, PARDW_LOAD_BATCH per transaction)
    against a plain COPY of the same rows; then the full ingest (read, hash, parse, load,
    quarantine) of the same files into a second database."""
    cfg = replace(settings(), quarantine_dir=work / "quarantine", processed_dir=work / "processed")
    url = _database(server_url)
    m = _load_vs_copy(url, files, cfg.load_batch)
    ingest_db = _database(server_url)
    try:
        summary, ingest_s, ingest_peak = _timed(ingest_paths, files, ingest_db, cfg=cfg)
    finally:
        _drop(server_url, ingest_db)
    rows, load_s, copied, copy_s = m["rows"], m["load_s"], m["copied"], m["copy_s"]
    result = {
        "files": summary.loaded,
        "rows": rows,
        "load_batch": cfg.load_batch,
        "seconds": round(load_s, 3),
        "rows_per_s": round(rows / load_s, 1),
        "peak_rss_mb": _mb(m["peak_mb"]),
        "plain_copy_rows": copied,
        "plain_copy_seconds": round(copy_s, 3),
        "plain_copy_rows_per_s": round(copied / copy_s, 1) if copy_s else None,
        "share_of_plain_copy": round((rows / load_s) / (copied / copy_s), 2) if copy_s else None,
        "ingest": {
            "files": len(files),
            "loaded": summary.loaded,
            "quarantined": summary.quarantined,
            "seconds": round(ingest_s, 2),
            "files_per_s": round(len(files) / ingest_s, 1),
            "peak_rss_mb": _mb(ingest_peak),
        },
    }
    return result, url


def _one_report(work: Path) -> Path:
    extra = work / "extra"
    generate_corpus(extra, 1, seed=987654, broken_share=0.0)
    return extra / "r000000.txt"


def bench_transform(url: str, server_url: str, work: Path) -> dict:
    from pardw.transform.dbt import build

    cfg = replace(settings(), quarantine_dir=work / "quarantine")
    _, full_s, full_peak = _timed(build, url)
    one = _one_report(work)
    ingest_paths([one], url, cfg=cfg)
    _, add_full_s, _ = _timed(build, url)
    empty = _database(server_url)
    try:
        build(empty)
        ingest_paths([one], empty, cfg=cfg)
        _, add_empty_s, _ = _timed(build, empty)
    finally:
        _drop(server_url, empty)
    return {
        "full_build_seconds": round(full_s, 2),
        "full_build_peak_rss_mb": _mb(full_peak),
        "add_one_report_to_corpus_seconds": round(add_full_s, 2),
        "add_one_report_to_empty_seconds": round(add_empty_s, 2),
        "ratio": round(add_full_s / add_empty_s, 2),
    }


def bench_validate(url: str) -> dict:
    """Validation of the whole warehouse (no Data Docs): the Great Expectations suites alone (validation as it
    was before issue 24) and with the report-arithmetic suite (every report's contradictions from raw)."""
    from pardw.quality.arithmetic import contradictions
    from pardw.quality.validate import run_validation

    _, before_s, _ = _timed(run_validation, url, build_docs=False, arithmetic=False)
    summary, after_s, peak = _timed(run_validation, url, build_docs=False)
    with psycopg.connect(url) as conn:
        found, arithmetic_s, _ = _timed(contradictions, conn)
    return {
        "gx_only_seconds": round(before_s, 2),
        "with_arithmetic_seconds": round(after_s, 2),
        "arithmetic_alone_seconds": round(arithmetic_s, 2),
        "arithmetic_findings": len(found),
        "findings": len(summary.findings),
        "peak_rss_mb": _mb(peak),
        "ratio": round(after_s / before_s, 2),
    }


def bench_e2e(files: list[Path], server_url: str, work: Path) -> dict:
    from pardw.airflow_runner import dags_test

    url = _database(server_url)
    home = work / "e2e"
    cfg = replace(settings(), home=home, landing_dir=home / "landing", processed_dir=home / "processed",
                  quarantine_dir=home / "quarantine")  # fmt: skip
    cfg.landing_dir.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, cfg.landing_dir / f.name)
    t = time.perf_counter()
    proc = dags_test(url, cfg)
    seconds = time.perf_counter() - t
    with psycopg.connect(url) as conn:
        facts = conn.execute("select count(*) from marts.fact_indicator").fetchone()[0] if proc.returncode == 0 else 0
    _drop(server_url, url)
    return {"seconds": round(seconds, 1), "succeeded": proc.returncode == 0, "published_facts": facts}


def _durability(server_url: str) -> str:
    """How crash-safe the measured server was: benchmarks may run with PARDW_PG_UNSAFE_FAST=1 and say so."""
    import psycopg

    with psycopg.connect(server_url) as conn:
        settings_ = dict(conn.execute(
            "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')"
        ).fetchall())  # fmt: skip
    safe = all(v == "on" for v in settings_.values())
    return ("crash-safe: " if safe else "NOT crash-safe (PARDW_PG_UNSAFE_FAST): ") + ", ".join(
        f"{k}={v}" for k, v in sorted(settings_.items())
    )


def run_benchmarks(
    sizes: list[int],
    out: Path,
    url: str | None,
    e2e_max: int = 1000,
    seed: int = 42,
    docx_share: float = 0.05,
    formats_only: bool = False,
) -> dict:
    """``docx_share`` of each corpus is Word files, so load and transform numbers include the Word reader;
    the per-format parse rates (txt, docx, pdf next to their floors) and the PDF reader per producer
    (next to pypdfium2's own text extraction of the same pages) are measured on the samples.
    ``formats_only``: those two, without a database or a corpus."""
    from pardw.db import warehouse_url

    server_url = "" if formats_only else (url or warehouse_url()).rsplit("/", 1)[0] + "/postgres"
    out.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "machine": {
            "python": platform.python_version(),
            "cpus": __import__("os").cpu_count(),
            "platform": platform.platform(),
            "postgres": "16 (embedded, pgserver)",
            "durability": None if formats_only else _durability(server_url),
            "pdf_char_loop": _pdf_char_loop(),
        },
        "runs": [],
    }
    print(f"PDF reader's character loop: {results['machine']['pdf_char_loop']}")
    from pardw.bench.formats import bench_formats, bench_pdf_producers

    results["formats"] = bench_formats()
    print(f"formats (one core, samples): {json.dumps(results['formats'])}")
    results["pdf_producers"] = bench_pdf_producers()
    for producer, row in results["pdf_producers"].items():
        print(f"  pdf {producer:<30} {json.dumps(row)}")
    from pardw.bench.ocr import bench_ocr

    results["ocr"] = bench_ocr()
    print(f"ocr (scanned pages, one core, vs Tesseract's plain page): {json.dumps(results['ocr'])}")
    (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if formats_only:
        return results
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"pardw_bench_{n}_"))
        try:
            corpus = work / "corpus"
            _, gen_s, _ = _timed(generate_corpus, corpus, n, seed, docx_share=docx_share)
            files = sorted(p for p in corpus.glob("r*.*"))
            run: dict = {"n": n, "generate_seconds": round(gen_s, 2)}
            run["parse"] = bench_parse(files)
            run["load"], db = bench_load(files, server_url, work)
            try:
                run["transform"] = bench_transform(db, server_url, work)
                run["validate"] = bench_validate(db)
            finally:
                _drop(server_url, db)
            run["end_to_end"] = bench_e2e(files, server_url, work) if n <= e2e_max else {"skipped": f"N > {e2e_max}"}
            results["runs"].append(run)
            _print(run)
            (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return results


def _print(run: dict) -> None:
    p, ld, t, e = run["parse"], run["load"], run["transform"], run["end_to_end"]
    ing = ld["ingest"]
    print(f"N={run['n']}")
    print(
        f"  parse      {p['reports_per_s']:>9} reports/s {p['mb_per_s']:>7} MB/s  peak {p['peak_rss_mb']} MB"
        f"   (floor {p['floor_reports_per_s']} reports/s, {p['floor_mb_per_s']} MB/s)"
    )
    print(
        f"  load       {ld['rows_per_s']:>9} rows/s  = {ld['share_of_plain_copy']} x plain COPY"
        f" ({ld['plain_copy_rows_per_s']} rows/s)  peak {ld['peak_rss_mb']} MB"
    )
    print(
        f"  ingest     {ing['files_per_s']:>9} files/s (read, hash, parse, load; {ing['loaded']} loaded,"
        f" {ing['quarantined']} quarantined)  peak {ing['peak_rss_mb']} MB"
    )
    print(
        f"  transform  full {t['full_build_seconds']} s; add one report: {t['add_one_report_to_corpus_seconds']} s"
        f" vs {t['add_one_report_to_empty_seconds']} s on empty (ratio {t['ratio']})"
    )
    if v := run.get("validate"):
        print(
            f"  validate   {v['gx_only_seconds']} s GX suites alone, {v['with_arithmetic_seconds']} s with report"
            f" arithmetic (ratio {v['ratio']}; arithmetic alone {v['arithmetic_alone_seconds']} s,"
            f" {v['arithmetic_findings']} contradictions)"
        )
    print(f"  end to end {e}")


def _pdf_char_loop() -> str:
    """Whether the PDF reader runs its character loop in C (setup.py's extension) or through ctypes."""
    from pardw.parse.readers import pdf

    return "C (pardw.parse.readers._pdfchars)" if pdf._pdfchars is not None else "ctypes (no C compiler at install)"
