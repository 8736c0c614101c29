"""Versioned SQL migrations, applied by each entry point (the DAG's first task, the CLI's preamble,
``pipeline.run_direct``) and by ``pardw migrate``; never by hand, never from inside a stage.

Every ``migrations/NNN_name.sql`` file is applied once, in name order, inside one
transaction per file, under an advisory lock so concurrent runs do not race.
"""

from __future__ import annotations

from importlib import resources

import psycopg

MIGRATION_LOCK = 7_202_501  # advisory lock key for migrations


def migration_files() -> list[tuple[str, str]]:
    folder = resources.files("pardw.db") / "migrations"
    files = sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql"))
    return files


class PendingMigrations(RuntimeError):
    """The schema is behind and this connection's role may not migrate it (a job's login)."""


def pending(conn: psycopg.Connection) -> list[str] | None:
    """Versions not applied yet, read without any DDL; None when the bookkeeping is unreadable."""
    try:
        with conn.transaction():
            done = {r[0] for r in conn.execute("select version from pardw_meta.schema_migration")}
    except (psycopg.errors.UndefinedTable, psycopg.errors.InvalidSchemaName, psycopg.errors.InsufficientPrivilege):
        return None
    return [name.removesuffix(".sql") for name, _ in migration_files() if name.removesuffix(".sql") not in done]


def migrate(url: str) -> list[str]:
    """Apply pending migrations; returns the versions applied now.

    An up-to-date schema is recognised without any DDL, so the jobs' least-privilege logins
    (pardw_loader, pardw_transformer), which may not create schemas, can call this too."""
    applied_now: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        if pending(conn) == []:
            return applied_now
        conn.execute("select pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            try:
                conn.execute(
                    "create schema if not exists pardw_meta;"
                    "create table if not exists pardw_meta.schema_migration("
                    " version text primary key, applied_at timestamptz not null default now())"
                )
            except psycopg.errors.InsufficientPrivilege as exc:
                raise PendingMigrations(
                    f"the warehouse schema is not migrated and {conn.info.user!r} may not migrate it ({exc}); "
                    "run `pardw migrate` with the warehouse owner's URL (pardw db url --role admin)"
                ) from exc
            done = {r[0] for r in conn.execute("select version from pardw_meta.schema_migration")}
            for name, sql in migration_files():
                version = name.removesuffix(".sql")
                if version in done:
                    continue
                with conn.transaction():
                    try:
                        conn.execute(sql)
                    except psycopg.errors.InsufficientPrivilege as exc:
                        raise PendingMigrations(
                            f"migration {version} is pending and {conn.info.user!r} may not apply it ({exc}); "
                            "run `pardw migrate` with the warehouse owner's URL (pardw db url --role admin)"
                        ) from exc
                    conn.execute("insert into pardw_meta.schema_migration(version) values (%s)", (version,))
                applied_now.append(version)
        finally:
            conn.execute("select pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    return applied_now
