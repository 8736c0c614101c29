"""The benchmark harness measures what it says: the loader writes exactly the rows the plain COPY reference copies."""

from __future__ import annotations

from pardw.bench.corpus import generate_corpus
from pardw.bench.run import _drop, bench_load, bench_parse


def test_parse_and_load_benchmarks_on_a_small_corpus(pg_server_url, tmp_path):
    generate_corpus(tmp_path / "corpus", 12, seed=3)
    files = sorted((tmp_path / "corpus").glob("r*.txt"))
    parse = bench_parse(files)
    parsed = parse["parsed"]
    assert parse["files"] == 12 and 0 < parsed <= 12
    assert parse["reports_per_s"] > 0 and parse["floor_reports_per_s"] > parse["reports_per_s"]

    load, url = bench_load(files, pg_server_url, tmp_path)
    _drop(pg_server_url, url)
    assert load["files"] == parsed
    assert load["rows"] == load["plain_copy_rows"] > 1000  # same rows, loader vs plain COPY
    assert load["share_of_plain_copy"] > 0
    ingest = load["ingest"]
    assert ingest["loaded"] == parsed and ingest["loaded"] + ingest["quarantined"] == 12
