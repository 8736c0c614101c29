"""The warehouse path (ingest, dbt, GX validation, publish) on PostgreSQL 15, the oldest major
version we run here; the rest of the suite runs on the embedded 16."""

from __future__ import annotations

import psycopg

from pardw.pipeline import run_direct


def test_warehouse_path_publishes_on_postgresql_15(pg15_server):
    with psycopg.connect(pg15_server.url("postgres"), autocommit=True) as conn:
        assert conn.info.server_version // 10000 == 15
        # a fresh database each run: the whole path from an empty warehouse
        conn.execute("drop database if exists pardw_pg15_path with (force)")
        conn.execute("create database pardw_pg15_path")
    url = pg15_server.url("pardw_pg15_path")

    result = run_direct(url, pg15_server.cfg, land_samples=True)

    assert result["ingest"]["loaded"] == 4 and result["ingest"]["quarantined"] == 0
    # the data-quality rules run on 15 (they once failed with "subquery in FROM must have an alias")
    assert result["validation"]["blocking"] == 0
    assert result["validation"]["warnings"] > 0
    with psycopg.connect(url) as conn:
        errors = conn.execute(
            "select count(*) from dq.finding where run_id = %s and message ilike '%%must have an alias%%'",
            (result["validation"]["run_id"],),
        ).fetchone()[0]
        assert errors == 0
        rows = conn.execute(
            """
            select f.value, f.file_name, f.line
            from marts.fact_indicator as f
            join marts.dim_report as r on r.report_key = f.report_key
            join marts.dim_province as p on p.province_code = f.province_code
            where p.province_name = 'Kiên Giang' and f.period_key = 'H1-2023' and f.indicator_key = 'iii.3.3'
              and f.source = 'appendix' and not r.is_superseded
            """
        ).fetchall()
    assert rows == [(96.91, "000_d49b38bb6fe27dd3.txt", 474)]
