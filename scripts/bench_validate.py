"""Validation of N synthetic reports, before (the GX suites alone) and after (with the report arithmetic): the
corpus, ingest and full build of `pardw bench`, then ``pardw.bench.run.bench_validate``; prints JSON.

    PARDW_HOME=/tmp/h PARDW_PG_UNSAFE_FAST=1 .venv/bin/python scripts/bench_validate.py 1000
"""

import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pardw.bench.corpus import generate_corpus
from pardw.bench.run import _database, _drop, bench_validate
from pardw.config import settings
from pardw.db import warehouse_url
from pardw.load.ingest import ingest_paths
from pardw.transform.dbt import build


def main(n: int) -> None:
    server = warehouse_url().rsplit("/", 1)[0] + "/postgres"
    work = Path(tempfile.mkdtemp(prefix=f"pardw_bench_validate_{n}_"))
    generate_corpus(work / "corpus", n, 42, docx_share=0.05)
    files = sorted((work / "corpus").glob("r*.*"))
    db = _database(server)
    try:
        t = time.perf_counter()
        ingest_paths(files, db, cfg=replace(settings(), quarantine_dir=work / "q"))
        print("ingest", round(time.perf_counter() - t, 1), flush=True)
        t = time.perf_counter()
        build(db)
        print("build", round(time.perf_counter() - t, 1), flush=True)
        print(json.dumps({"n": n, "validate": bench_validate(db)}), flush=True)
    finally:
        _drop(server, db)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
