"""Issue 26, 2: the gate cannot be raced. Publication locks the build's tables against writers and
checks the validated content fingerprint under that lock: what reaches the marts is exactly what was
validated, or nothing is."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace

import psycopg
import pytest

from pardw.config import SAMPLE_REPORTS_DIR, settings
from pardw.db import session
from pardw.db.logins import role_url
from pardw.db.migrate import migrate
from pardw.load.ingest import ingest_paths
from pardw.pipeline import stage_validate
from pardw.publish import PublicationRefused, publish, publishable_tables
from pardw.transform.dbt import build

KIEN_GIANG = "000_d49b38bb6fe27dd3.txt"
BAD_VALUE = 151.35  # the blocking rate of the issue (151,35 %)


@pytest.fixture(scope="module")
def validated(pg_server_url, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(admin URL, transformer URL) of a warehouse built and validated (passed or warnings) by the transformer."""
    name = f"race_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    home = tmp_path_factory.mktemp("race")
    cfg = replace(settings(), warehouse_url=None, quarantine_dir=home / "q", processed_dir=home / "p")
    migrate(url)
    ingest_paths([SAMPLE_REPORTS_DIR / KIEN_GIANG], url, cfg=cfg)
    transformer = role_url(url, cfg, "transformer")
    build(transformer)
    assert stage_validate(transformer)["status"] in ("passed", "warnings")
    yield url, transformer
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


def _a_fact(url: str) -> tuple[str, float]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select fact_key, value from warehouse.fact_indicator where value is not null order by fact_key limit 1"
        ).fetchone()


def _set(transformer: str, key: str, value: float) -> None:
    with psycopg.connect(transformer) as conn:
        conn.execute("update warehouse.fact_indicator set value = %s where fact_key = %s", (value, key))


def _published(url: str) -> dict | None:
    with psycopg.connect(url) as conn:
        if conn.execute("select to_regclass('marts.fact_indicator')").fetchone()[0] is None:
            return None
        return dict(conn.execute("select fact_key, value from marts.fact_indicator").fetchall())


def _publish_pid(url: str) -> int | None:
    """The backend of the publication this process runs (its session names the job and this pid)."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "select pid from pg_stat_activity where application_name = %s and datname = current_database()",
            (session.application_name("publish"),),
        ).fetchone()
    return row[0] if row else None


def _waits_for(url: str, waiter: int | None, holder: int | None) -> bool:
    """True when the backend ``waiter`` is blocked on a lock the backend ``holder`` holds (pg_blocking_pids:
    whatever relation the lock is on, e.g. the base table under the view ``fact_indicator``)."""
    if waiter is None or holder is None:
        return False
    with psycopg.connect(url) as conn:
        return conn.execute("select %s = any(pg_blocking_pids(%s))", (holder, waiter)).fetchone()[0]


def _last_locked(url: str) -> str:
    """The last base table publication locks (it locks them in the order of their names)."""
    with psycopg.connect(url) as conn:
        tables = publishable_tables(conn)
        return conn.execute(
            "select c.relname from pg_class as c join pg_namespace as n on n.oid = c.relnamespace"
            " where n.nspname = 'warehouse' and c.relname = any(%s) and c.relkind in ('r', 'p')"
            " order by c.relname desc limit 1",
            (tables,),
        ).fetchone()[0]


def _until(check, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        time.sleep(0.05)


def _publish_in_thread(transformer: str) -> tuple[threading.Thread, dict]:
    out: dict = {}

    def go() -> None:
        try:
            out["tables"] = publish(transformer)
        except Exception as exc:  # the assertion is on what was raised
            out["error"] = exc

    thread = threading.Thread(target=go)
    thread.start()
    return thread, out


def test_an_update_by_the_transformer_after_validation_makes_publish_refuse(validated):
    url, transformer = validated
    key, value = _a_fact(url)
    _set(transformer, key, BAD_VALUE)
    try:
        with pytest.raises(PublicationRefused, match="rebuilt after validation"):
            publish(transformer)
        assert _published(url) is None  # nothing reached the marts
    finally:
        _set(transformer, key, value)  # the validated content again: same fingerprint


def test_a_write_that_commits_while_publish_waits_makes_it_refuse(validated):
    """The writer (a transform) is in flight when publication starts: publish waits for it, then sees a
    build that is not the validated one and publishes nothing."""
    url, transformer = validated
    before = _published(url)
    key, value = _a_fact(url)
    with psycopg.connect(transformer) as writer:
        writer.execute("update warehouse.fact_indicator set value = %s where fact_key = %s", (BAD_VALUE, key))
        thread, out = _publish_in_thread(transformer)
        _until(lambda: _waits_for(url, _publish_pid(url), writer.info.backend_pid), "publish waiting for the writer")
        writer.commit()
    thread.join(120)
    try:
        assert isinstance(out.get("error"), PublicationRefused), out
        assert _published(url) == before
    finally:
        _set(transformer, key, value)


def test_a_write_during_publication_waits_and_the_marts_get_the_validated_build(validated):
    """Publication holds the build's tables: a transform's write in the middle waits until the copy
    has committed, so the marts never mix the validated build with a newer one."""
    url, transformer = validated
    key, value = _a_fact(url)
    last = _last_locked(url)
    # fact_indicator is a view of fact_indicator_history: the write below locks that table, which
    # publication must already hold when it stops at its last lock
    assert last > "fact_indicator_history", last
    holder = psycopg.connect(url)
    try:
        holder.execute(f"lock table warehouse.{last} in row exclusive mode")  # publish stops before its last lock
        thread, out = _publish_in_thread(transformer)
        _until(lambda: _waits_for(url, _publish_pid(url), holder.info.backend_pid),
               "publish holding every lock but the last")  # fmt: skip
        publisher = _publish_pid(url)
        result: dict = {}

        def write() -> None:
            with psycopg.connect(transformer) as w:
                result["pid"] = w.info.backend_pid
                w.execute("update warehouse.fact_indicator set value = %s where fact_key = %s", (BAD_VALUE, key))
                result["written_at"] = time.monotonic()

        writer = threading.Thread(target=write)
        writer.start()
        _until(lambda: _waits_for(url, result.get("pid"), publisher), "the write waiting for publication")
        holder.rollback()
        thread.join(120)
        writer.join(60)
    finally:
        holder.close()
    try:
        assert "error" not in out, out
        assert "fact_indicator" in out["tables"]
        published = _published(url)
        assert published[key] == value and BAD_VALUE not in published.values()
        assert "written_at" in result  # the write went through, after the publication
        with pytest.raises(PublicationRefused, match="rebuilt after validation"):
            publish(transformer)  # and that newer build is not published without its own validation
    finally:
        _set(transformer, key, value)
