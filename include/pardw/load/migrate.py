"""Versioned SQL migrations, applied by the pipeline itself (never by hand).

Every ``migrations/NNN_name.sql`` file is applied once, in name order, inside one
transaction per file, under an advisory lock so concurrent runs do not race.
"""

from __future__ import annotations

from importlib import resources

import psycopg

MIGRATION_LOCK = 7_202_501  # advisory lock key for migrations


def migration_files() -> list[tuple[str, str]]:
    folder = resources.files("pardw.load") / "migrations"
    files = sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql"))
    return files


def migrate(url: str) -> list[str]:
    """Apply pending migrations; returns the versions applied now."""
    applied_now: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            conn.execute(
                "create schema if not exists pardw_meta;"
                "create table if not exists pardw_meta.schema_migration("
                " version text primary key, applied_at timestamptz not null default now())"
            )
            done = {r[0] for r in conn.execute("select version from pardw_meta.schema_migration")}
            for name, sql in migration_files():
                version = name.removesuffix(".sql")
                if version in done:
                    continue
                with conn.transaction():
                    conn.execute(sql)
                    conn.execute("insert into pardw_meta.schema_migration(version) values (%s)", (version,))
                applied_now.append(version)
        finally:
            conn.execute("select pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    return applied_now
