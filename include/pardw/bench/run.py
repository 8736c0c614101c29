"""`pardw bench`: time, throughput and peak memory of every stage, each next to a reference
measured in the same run, on synthetic corpora of N reports (see docs/benchmarks.md).

* parse: reports/s and MB/s on one core vs the floor of reading + decoding + splitting lines;
* load: rows/s of the loader (parse + COPY, one transaction per file) vs a plain COPY of the
  same rows into an empty table;
* transform: full dbt build over the corpus, then the time to add one report to that warehouse
  vs adding one report to an empty warehouse (incremental facts keep the ratio near 1);
* end to end: `airflow dags test par_reports` over the corpus (only for N <= e2e_max).
"""

from __future__ import annotations

import contextlib
import json
import platform
import shutil
import tempfile
import time
import tracemalloc
import uuid
from dataclasses import replace
from pathlib import Path

import psycopg

from pardw.bench.corpus import generate_corpus
from pardw.config import settings
from pardw.load.ingest import _rows, ingest_paths
from pardw.parse.decode import decode_bytes
from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_bytes


def _timed(fn, *args, **kwargs):
    tracemalloc.start()
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak / 1e6


def _parse_all(blobs: list[tuple[str, bytes]]) -> list:
    out = []
    for name, data in blobs:
        with contextlib.suppress(UnreadableReport):
            out.append(parse_bytes(data, name)[0])
    return out


def _floor(blobs: list[tuple[str, bytes]]) -> int:
    n = 0
    for _name, data in blobs:
        with contextlib.suppress(UnreadableReport):
            n += len(decode_bytes(data)[0].split("\n"))
    return n


def bench_parse(files: list[Path]) -> dict:
    blobs = [(p.name, p.read_bytes()) for p in files]
    mb = sum(len(b) for _n, b in blobs) / 1e6
    _, floor_s, _ = _timed(_floor, blobs)
    reports, parse_s, peak = _timed(_parse_all, blobs)
    return {
        "files": len(blobs),
        "megabytes": round(mb, 2),
        "seconds": round(parse_s, 3),
        "reports_per_s": round(len(blobs) / parse_s, 1),
        "mb_per_s": round(mb / parse_s, 2),
        "peak_mb": round(peak, 1),
        "floor_seconds": round(floor_s, 3),
        "floor_reports_per_s": round(len(blobs) / floor_s, 1),
        "floor_mb_per_s": round(mb / floor_s, 2),
        "_reports": reports,
    }


def _database(server_url: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def _drop(server_url: str, url: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{url.rsplit("/", 1)[1]}" with (force)')


def bench_load(files: list[Path], reports: list, server_url: str, work: Path) -> tuple[dict, str]:
    url = _database(server_url)
    cfg = replace(settings(), quarantine_dir=work / "quarantine", processed_dir=work / "processed")
    summary, seconds, peak = _timed(ingest_paths, files, url, cfg=cfg)
    # reference: the same rows with one plain COPY per table into empty tables
    rows_by_table: dict[str, tuple[tuple[str, ...], list]] = {}
    for i, report in enumerate(reports):
        for table, (cols, data) in _rows(report, i + 1).items():
            rows_by_table.setdefault(table, (cols, []))[1].extend(data)
    with psycopg.connect(url) as conn:
        for table in rows_by_table:
            conn.execute(f"create temp table ref_{table.split('.')[1]} (like {table} including defaults)")
        t = time.perf_counter()
        with conn.cursor() as cur:
            for table, (cols, data) in rows_by_table.items():
                with cur.copy(f"copy ref_{table.split('.')[1]} ({', '.join(cols)}) from stdin") as copy:
                    for row in data:
                        copy.write_row(row)
        conn.commit()
        copy_s = time.perf_counter() - t
    copied = sum(len(d) for _c, d in rows_by_table.values())
    result = {
        "files_loaded": summary.loaded,
        "quarantined": summary.quarantined,
        "rows": summary.rows,
        "seconds": round(seconds, 3),
        "rows_per_s": round(summary.rows / seconds, 1),
        "files_per_s": round(len(files) / seconds, 1),
        "peak_mb": round(peak, 1),
        "plain_copy_rows": copied,
        "plain_copy_seconds": round(copy_s, 3),
        "plain_copy_rows_per_s": round(copied / copy_s, 1) if copy_s else None,
        "note": "the loader's time includes parsing every file; the plain COPY gets already-parsed rows",
    }
    return result, url


def _one_report(work: Path) -> Path:
    extra = work / "extra"
    generate_corpus(extra, 1, seed=987654, broken_share=0.0)
    return extra / "r000000.txt"


def bench_transform(url: str, server_url: str, work: Path) -> dict:
    from pardw.transform.dbt import build

    cfg = replace(settings(), quarantine_dir=work / "quarantine")
    _, full_s, _ = _timed(build, url)
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
        "add_one_report_to_corpus_seconds": round(add_full_s, 2),
        "add_one_report_to_empty_seconds": round(add_empty_s, 2),
        "ratio": round(add_full_s / add_empty_s, 2),
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


def run_benchmarks(sizes: list[int], out: Path, url: str | None, e2e_max: int = 1000, seed: int = 42) -> dict:
    from pardw.db import warehouse_url

    server_url = (url or warehouse_url()).rsplit("/", 1)[0] + "/postgres"
    out.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "machine": {
            "python": platform.python_version(),
            "cpus": __import__("os").cpu_count(),
            "platform": platform.platform(),
            "postgres": "16 (embedded, pgserver)",
        },
        "runs": [],
    }
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"pardw_bench_{n}_"))
        try:
            corpus = work / "corpus"
            _, gen_s, _ = _timed(generate_corpus, corpus, n, seed)
            files = sorted(p for p in corpus.glob("r*.txt"))
            run: dict = {"n": n, "generate_seconds": round(gen_s, 2)}
            parse = bench_parse(files)
            reports = parse.pop("_reports")
            run["parse"] = parse
            run["load"], db = bench_load(files, reports, server_url, work)
            try:
                run["transform"] = bench_transform(db, server_url, work)
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
    print(f"N={run['n']}")
    print(
        f"  parse      {p['reports_per_s']:>9} reports/s {p['mb_per_s']:>7} MB/s  peak {p['peak_mb']} MB"
        f"   (floor {p['floor_reports_per_s']} reports/s, {p['floor_mb_per_s']} MB/s)"
    )
    print(
        f"  load       {ld['rows_per_s']:>9} rows/s  {ld['files_per_s']:>7} files/s  peak {ld['peak_mb']} MB"
        f"   (plain COPY {ld['plain_copy_rows_per_s']} rows/s)"
    )
    print(
        f"  transform  full {t['full_build_seconds']} s; add one report: {t['add_one_report_to_corpus_seconds']} s"
        f" vs {t['add_one_report_to_empty_seconds']} s on empty (ratio {t['ratio']})"
    )
    print(f"  end to end {e}")
