"""Publish curated marts: copy the tables dbt built in ``warehouse`` into ``marts``.

Dashboards and the ``pardw_reader`` role read ``marts`` only. Publication runs in
one transaction, behind the gate of :mod:`pardw.quality.gate`: it refuses (and changes
nothing) unless the latest validation judged this build and found nothing blocking;
``force=True`` with a reason overrides, and the reason is recorded.

The gate cannot race a build: in the publishing transaction, the build's tables are first locked
against writers (``LOCK … IN SHARE MODE``: a ``pardw transform`` or an ``UPDATE`` waits until the
copy has committed), then the gate recomputes the build's content fingerprint and compares it with
the validated one: what is copied is exactly what was validated, or nothing is.

Contents are swapped, not objects: a published table whose columns still match is
emptied and refilled in place (``truncate`` + ``insert`` in the same transaction), so views,
grants and indexes others built on ``marts`` keep working. Only when a table's columns changed
is it dropped and re-created; the views that depended on it are then re-created from their
saved definitions (``method`` in ``pardw_meta.publication`` says which happened).
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from pardw.quality.gate import PUBLISHED_PREFIXES
from pardw.quality.tables import WAREHOUSE as BUILD_SCHEMA

PUBLISH_SCHEMA = "marts"
# indexes for the questions dashboards and analysts ask of the published copies
# (a province over time, an indicator across provinces, one report's facts)
PUBLISHED_INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "fact_indicator": (
        ("fact_key",),
        ("province_code", "period_key"),
        ("indicator_key", "period_key"),
        ("report_key",),
    ),
    "fact_indicator_history": (("report_key",), ("indicator_key", "period_key"), ("report_series_key",)),
    "fact_statement": (("report_key",), ("stated_indicator_key", "period_key")),
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


class PublicationRefused(RuntimeError):
    """The gate is closed: nothing was published, the marts keep their last good version."""


def publish(url: str, run_id: str | None = None, *, force: bool = False, reason: str | None = None) -> list[str]:
    """Copy every dim_/fact_/mart_ relation of ``warehouse`` into ``marts`` atomically, if the gate
    is open (or ``force`` with a ``reason``); raises :class:`PublicationRefused` otherwise."""
    from psycopg.types.json import Jsonb

    from pardw.quality.decisions import accepted_blocking
    from pardw.quality.gate import build_fingerprint, decide

    if force and not (reason and reason.strip()):
        raise PublicationRefused("--force needs --reason: say why this build is published despite the gate")
    from pardw.db import session

    with session.connect(url, "publish") as conn:
        tables = publishable_tables(conn)
        if not tables:
            raise RuntimeError(f"nothing to publish: schema {BUILD_SCHEMA!r} has no dim_/fact_/mart_ tables")
        with conn.transaction():
            conn.execute(f"create schema if not exists {PUBLISH_SCHEMA}")
            conn.execute("select pg_advisory_xact_lock(7202502)")
            _lock_build(conn, tables)
            gate = decide(conn)
            if not gate.open and not force:
                raise PublicationRefused(
                    f"publication stopped: {gate.reason}. The published marts keep their last good version"
                    " (see `pardw validate` or mart_dq_findings; `pardw publish --force --reason ...` overrides)."
                )
            methods = {_publish_table(conn, table) for table in tables}
            # the blocking findings stewards accepted go out with the publication, named ("công bố có ngoại lệ")
            exceptions = accepted_blocking(conn, gate.run_id) if gate.run_id else []
            conn.execute(
                "insert into pardw_meta.publication (run_id, tables, forced, force_reason, validation_status,"
                " build_fingerprint, method, exceptions) values (%s, %s, %s, %s, %s, %s, %s, %s)",
                (run_id or gate.run_id, tables, not gate.open, reason if not gate.open else None, gate.status,
                 build_fingerprint(conn), ", ".join(sorted(methods)), Jsonb(exceptions)),
            )  # fmt: skip
    with session.connect(url, "publish", autocommit=True) as conn:  # fresh statistics for the planner
        for table in tables:
            conn.execute(sql.SQL("analyze {}").format(sql.Identifier(PUBLISH_SCHEMA, table)))
    return tables


def _lock_build(conn: psycopg.Connection, tables: list[str]) -> None:
    """Lock the build's relations against writers until the publication commits; refuse when the
    build's set of relations changed in between (a transform is creating or dropping models)."""
    base = [r[0] for r in conn.execute(  # base tables (a view's tables are locked where they are built)
        "select c.relname from pg_class as c join pg_namespace as n on n.oid = c.relnamespace"
        " where n.nspname = %s and c.relname = any(%s) and c.relkind in ('r', 'p') order by c.relname",
        (BUILD_SCHEMA, tables),
    )]  # fmt: skip
    if base:
        conn.execute(
            sql.SQL("lock table {} in share mode").format(
                sql.SQL(", ").join(sql.Identifier(BUILD_SCHEMA, t) for t in base)
            )
        )
    if publishable_tables(conn) != tables:
        raise PublicationRefused(
            "publication stopped: the warehouse's tables changed while the publication began (a transform is"
            " running); the published marts keep their last good version. Validate the new build, then publish."
        )


def _columns(conn: psycopg.Connection, schema: str, table: str) -> list[tuple[str, str]]:
    return conn.execute(
        "select a.attname, format_type(a.atttypid, a.atttypmod) from pg_attribute as a"
        " join pg_class as c on c.oid = a.attrelid join pg_namespace as n on n.oid = c.relnamespace"
        " where n.nspname = %s and c.relname = %s and a.attnum > 0 and not a.attisdropped order by a.attnum",
        (schema, table),
    ).fetchall()


def _publish_table(conn: psycopg.Connection, table: str) -> str:
    """Refill one published table; returns how: 'swap contents' or 're-create (+N views re-created)'."""
    target = sql.Identifier(PUBLISH_SCHEMA, table)
    source = sql.Identifier(BUILD_SCHEMA, table)
    existing = _columns(conn, PUBLISH_SCHEMA, table)
    if existing and existing == _columns(conn, BUILD_SCHEMA, table):
        # same shape: swap contents in place; views, grants and extra indexes on it stay.
        # Indexes are dropped and rebuilt around the insert (faster than maintaining them row by row).
        indexes = conn.execute(
            "select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index as i"
            " where i.indrelid = %s::regclass and not exists"
            " (select 1 from pg_constraint as k where k.conindid = i.indexrelid)",
            (f"{PUBLISH_SCHEMA}.{table}",),
        ).fetchall()
        for name, _definition in indexes:
            conn.execute(sql.SQL("drop index {}").format(sql.SQL(name)))
        conn.execute(sql.SQL("truncate {}").format(target))
        conn.execute(sql.SQL("insert into {} select * from {}").format(target, source))
        for _name, definition in indexes:
            conn.execute(definition)
        conn.execute(sql.SQL("grant select on {} to pardw_reader").format(target))
        return "swap contents"
    views = _dependent_views(conn, table) if existing else []
    conn.execute(sql.SQL("drop table if exists {} cascade").format(target))
    conn.execute(sql.SQL("create table {} as table {}").format(target, source))
    _index(conn, table)
    conn.execute(sql.SQL("grant select on {} to pardw_reader").format(target))
    restored = 0
    for schema, name, kind, definition, acl in views:
        try:
            with conn.transaction():  # a savepoint: a view that no longer fits the new columns is reported
                head = "create materialized view" if kind == "m" else "create view"
                conn.execute(sql.SQL(head + " {} as ").format(sql.Identifier(schema, name)) + sql.SQL(definition))
                for grantee in acl:
                    conn.execute(sql.SQL("grant select on {} to {}").format(sql.Identifier(schema, name),
                                                                           sql.Identifier(grantee)))  # fmt: skip
            restored += 1
        except psycopg.Error as exc:
            import logging

            logging.getLogger(__name__).warning(
                "view %s.%s on %s.%s could not be re-created after its columns changed: %s",
                schema, name, PUBLISH_SCHEMA, table, exc,
            )  # fmt: skip
    return f"re-create ({restored} of {len(views)} dependent views re-created)" if views else "re-create"


def _dependent_views(conn: psycopg.Connection, table: str) -> list[tuple[str, str, str, str, list[str]]]:
    """Views (and materialized views) built on a published table, directly or through each other,
    in an order that can re-create them: (schema, name, kind, definition, roles with select)."""
    return [
        (r[0], r[1], r[2], r[3], [g for g in (r[4] or []) if g])
        for r in conn.execute(
            """
            with recursive deps(oid, depth) as (
                select distinct r.ev_class, 1 from pg_depend as d join pg_rewrite as r on r.oid = d.objid
                where d.classid = 'pg_rewrite'::regclass and d.refobjid = %s::regclass and r.ev_class <> d.refobjid
                union all
                select distinct r.ev_class, deps.depth + 1 from deps
                join pg_depend as d on d.refobjid = deps.oid and d.classid = 'pg_rewrite'::regclass
                join pg_rewrite as r on r.oid = d.objid
                where r.ev_class <> deps.oid and deps.depth < 20
            )
            select n.nspname, c.relname, c.relkind::text, pg_get_viewdef(c.oid),
                   array(select distinct a.grantee::regrole::text from aclexplode(c.relacl) as a
                         where a.privilege_type = 'SELECT' and a.grantee <> c.relowner and a.grantee <> 0)
            from (select oid, max(depth) as depth from deps group by oid) as x
            join pg_class as c on c.oid = x.oid join pg_namespace as n on n.oid = c.relnamespace
            order by x.depth, c.relname
            """,
            (f"{PUBLISH_SCHEMA}.{table}",),
        ).fetchall()
    ]


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
