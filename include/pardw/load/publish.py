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
                conn.execute(sql.SQL("grant select on {} to pardw_reader").format(target))
            conn.execute(
                "create table if not exists pardw_meta.publication ("
                " published_at timestamptz not null default now(), run_id text, tables text[] not null)"
            )
            conn.execute("insert into pardw_meta.publication (run_id, tables) values (%s, %s)", (run_id, tables))
    return tables
