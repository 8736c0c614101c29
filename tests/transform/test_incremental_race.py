"""Issue 15, defect 4: a load that commits a lower file_id after a build read a higher one is built next time."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import psycopg

from pardw.config import settings
from pardw.db.migrate import migrate
from pardw.load.ingest import ParsedFile, ingest_paths, load_parsed
from pardw.parse.report import parse_bytes
from pardw.transform.dbt import build

SELECT = "+fact_indicator +dim_report +dim_reporting_unit"
FIRST, LATE, EARLY = "000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "003_c3152b1089770077.txt"


def _facts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return dict(conn.execute(
            "select r.file_name, count(*) from warehouse.fact_indicator as f"
            " join raw.ingested_file as r on r.file_id = f.report_key group by r.file_name"
        ).fetchall())  # fmt: skip


def test_late_commit_of_a_lower_file_id_is_built_by_the_next_incremental_build(fresh_db_url, sample_dir, tmp_path):
    url = fresh_db_url
    cfg = replace(settings(), quarantine_dir=tmp_path / "q")
    migrate(url)
    ingest_paths([sample_dir / FIRST], url, cfg=cfg)
    build(url)  # everything once; later builds only what fact_indicator needs

    data = (sample_dir / LATE).read_bytes()
    report, encoding = parse_bytes(data, LATE)
    item = ParsedFile(sample_dir / LATE, hashlib.sha256(data).hexdigest(), len(data), encoding, report)
    slow = psycopg.connect(url)
    try:
        outer = slow.transaction()
        outer.__enter__()  # the slow load takes its file_id now and commits later
        load_parsed(slow, [item])
        late_id = slow.execute("select file_id from raw.ingested_file where sha256 = %s", (item.sha256,)).fetchone()[0]

        ingest_paths([sample_dir / EARLY], url, cfg=cfg)  # a higher file_id, committed
        build(url, select=SELECT)  # reads the higher file_id while the lower is not committed
        assert LATE not in _facts(url) and EARLY in _facts(url)
        outer.__exit__(None, None, None)  # the slow load commits
    finally:
        slow.close()
    with psycopg.connect(url) as conn:
        ids = dict(conn.execute("select file_name, file_id from raw.ingested_file").fetchall())
    assert ids[LATE] == late_id < ids[EARLY]

    build(url, select=SELECT)  # an ordinary incremental build
    facts = _facts(url)
    assert facts[LATE] > 50  # (89 today) the late file is in the warehouse, not kept at 0 facts until --full-refresh
    build(url, select=SELECT, full_refresh=True)
    assert _facts(url) == facts  # exactly what a full rebuild gives
