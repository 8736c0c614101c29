"""A full ``dbt build`` of N synthetic reports: each model's time, and a checksum of the big tables' rows (to show
that a change to a model gives the same rows).

    PARDW_HOME=/tmp/h PARDW_PG_UNSAFE_FAST=1 .venv/bin/python scripts/bench_build.py make 3000   # prints the DB
    PARDW_HOME=/tmp/h .venv/bin/python scripts/bench_build.py rebuild DB_NAME   # full refresh, times, checksums
    PARDW_HOME=/tmp/h .venv/bin/python scripts/bench_build.py drop DB_NAME

``make`` generates the corpus (seed 42, 5 % Word), ingests it into a new database of the embedded server and
builds it once; the database is kept so that ``rebuild`` can time the models again after a change (run it
before and after, and compare the checksums: the rows of every column but build times and surrogate keys).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

TABLES = (
    "intermediate.int_appendix_matched",
    "warehouse.fact_statement",
    "warehouse.fact_indicator_history",
    "warehouse.fact_indicator",
)


def _server() -> str:
    from pardw.db import warehouse_url

    return warehouse_url().rsplit("/", 1)[0]


def make(n: int) -> None:
    from pardw.bench.corpus import generate_corpus
    from pardw.bench.run import _database
    from pardw.config import settings
    from pardw.load.ingest import ingest_paths

    work = Path(tempfile.mkdtemp(prefix=f"pardw_bench_build_{n}_"))
    try:
        generate_corpus(work / "corpus", n, 42, docx_share=0.05)
        url = _database(_server() + "/postgres")
        print("database", url.rsplit("/", 1)[1], flush=True)
        t = time.perf_counter()
        ingest_paths(sorted((work / "corpus").glob("r*.*")), url, cfg=replace(settings(), quarantine_dir=work / "q"))
        print("ingest", round(time.perf_counter() - t, 1), "s", flush=True)
        rebuild(url)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def rebuild(url: str) -> None:
    import psycopg

    from pardw.db.migrate import migrate
    from pardw.transform.dbt import build, target_dir

    migrate(url)
    t = time.perf_counter()
    build(url, full_refresh=True)
    print("full build", round(time.perf_counter() - t, 1), "s", flush=True)
    results = json.loads((target_dir() / "run_results.json").read_text(encoding="utf-8"))["results"]
    for r in sorted(results, key=lambda r: -r["execution_time"])[:6]:
        print(f"  {r['execution_time']:8.1f} s  {r['unique_id']}")
    row = "md5((to_jsonb(x) - 'built_at' - 'statement_key')::text)"
    with psycopg.connect(url) as conn:
        for table in TABLES:
            count, digest = conn.execute(
                f"select count(*), md5(string_agg({row}, '' order by {row})) from {table} as x"
            ).fetchone()
            print(f"  {table}: {count} rows, checksum {digest}")


def main() -> None:
    command, arg = sys.argv[1], sys.argv[2]
    if command == "make":
        make(int(arg))
    elif command == "rebuild":
        rebuild(f"{_server()}/{arg}")
    elif command == "drop":
        from pardw.bench.run import _drop

        _drop(_server() + "/postgres", f"{_server()}/{arg}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
