"""Publish curated marts: copy the tables dbt built in ``warehouse`` into ``marts``.

Dashboards and the ``pardw_reader`` role read ``marts`` only. Publication runs in
one transaction: readers see the previous version until it commits, and a failed
run (a blocking data-quality finding, a dbt error) never reaches this step, so the
published marts keep their last good version.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

BUILD_SCHEMA = "warehouse"
PUBLISH_SCHEMA = "marts"
PUBLISHED_PREFIXES = ("dim_", "fact_", "mart_")
# indexes for the questions dashboards and analysts ask of the published copies
# (a province over time, an indicator across provinces, one report's facts)
PUBLISHED_INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "fact_indicator": (
        ("fact_key",),
        ("province_code", "period_key"),
        ("indicator_key", "period_key"),
        ("report_key",),
    ),
    "dim_report": (("report_key",),),
    "dim_indicator": (("indicator_key",),),
    "mart_province_scorecard": (("province_code", "period_key"),),
    "mart_dq_findings": (("file_name",),),
}


def publishable_tables(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute(
        "select table_name from information_schema.tables where table_schema = %s"
        " and table_type in ('BASE TABLE', 'VIEW') order by table_name",
        (BUILD_SCHEMA,),
    ).fetchall()
    return [r[0] for r in rows if r[0].startswith(PUBLISHED_PREFIXES)]


def publish(url: str, run_id: str | None = None) -> list[str]:
    """Copy every dim_/fact_/mart_ relation of ``warehouse`` into ``marts`` atomically."""
    with psycopg.connect(url) as conn:
        tables = publishable_tables(conn)
        if not tables:
            raise RuntimeError(f"nothing to publish: schema {BUILD_SCHEMA!r} has no dim_/fact_/mart_ tables")
        with conn.transaction():
            conn.execute(f"create schema if not exists {PUBLISH_SCHEMA}")
            conn.execute("select pg_advisory_xact_lock(7202502)")
            for table in tables:
                target = sql.Identifier(PUBLISH_SCHEMA, table)
                conn.execute(sql.SQL("drop table if exists {} cascade").format(target))
                conn.execute(sql.SQL("create table {} as table {}").format(target, sql.Identifier(BUILD_SCHEMA, table)))
                _index(conn, table)
                conn.execute(sql.SQL("grant select on {} to pardw_reader").format(target))
            conn.execute(
                "create table if not exists pardw_meta.publication ("
                " published_at timestamptz not null default now(), run_id text, tables text[] not null)"
            )
            conn.execute("insert into pardw_meta.publication (run_id, tables) values (%s, %s)", (run_id, tables))
    with psycopg.connect(url, autocommit=True) as conn:  # fresh statistics for the planner
        for table in tables:
            conn.execute(sql.SQL("analyze {}").format(sql.Identifier(PUBLISH_SCHEMA, table)))
    return tables


def _index(conn: psycopg.Connection, table: str) -> None:
    present = {
        r[0]
        for r in conn.execute(
            "select column_name from information_schema.columns where table_schema = %s and table_name = %s",
            (PUBLISH_SCHEMA, table),
        )
    }
    for cols in PUBLISHED_INDEXES.get(table, ()):
        if set(cols) <= present:
            conn.execute(
                sql.SQL("create index on {} ({})").format(
                    sql.Identifier(PUBLISH_SCHEMA, table), sql.SQL(", ").join(map(sql.Identifier, cols))
                )
            )
