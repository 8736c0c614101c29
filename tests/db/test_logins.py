"""Least privilege in use: each job's login can do its job and nothing more.

The session warehouse (``built_warehouse``) was built by ``run_direct``, which ingests as
pardw_loader_login and runs dbt, validation and publication as pardw_transformer_login."""

from __future__ import annotations

import stat
import uuid
from dataclasses import replace
from urllib.parse import urlsplit

import psycopg
import pytest

from pardw.config import settings
from pardw.db.logins import check_roles, login_password, password_file, redact, role_url
from pardw.db.migrate import migrate
from pardw.load.ingest import ingest_paths


def _cfg():
    return replace(settings(), warehouse_url=None)


def _connect(admin_url: str, role: str) -> psycopg.Connection:
    return psycopg.connect(role_url(admin_url, _cfg(), role), autocommit=True)


def test_logins_connect_as_their_roles_with_passwords_kept_private(built_warehouse):
    cfg = _cfg()
    for role in ("loader", "transformer", "reader"):
        url = role_url(built_warehouse, cfg, role)
        assert urlsplit(url).username == f"pardw_{role}_login"
        assert urlsplit(url).password == login_password(built_warehouse, cfg, role)
        mode = stat.S_IMODE(password_file(cfg, role).stat().st_mode)
        assert mode == 0o600, oct(mode)
        assert stat.S_IMODE(password_file(cfg, role).parent.stat().st_mode) == 0o700
        with psycopg.connect(url) as conn:
            assert conn.execute("select session_user, current_user").fetchone() == (
                f"pardw_{role}_login",
                f"pardw_{role}",
            )
        assert urlsplit(url).password not in redact(url) and "***" in redact(url)


def test_reader_reads_marts_and_is_denied_raw(built_warehouse):
    with _connect(built_warehouse, "reader") as conn:
        value = conn.execute(
            """select f.value from marts.fact_indicator f join marts.dim_province p using (province_code)
               where p.province_name = 'Kiên Giang' and f.period_key = 'H1-2023' and f.indicator_key = 'iii.3.3'
                 and f.source = 'appendix'"""
        ).fetchone()[0]
        assert value == 96.91
        for table in ("raw.document", "raw.appendix_row", "warehouse.fact_indicator", "dq.finding"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(f"select 1 from {table} limit 1")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("create table marts.mine (x int)")


def test_loader_cannot_drop_or_write_marts(built_warehouse):
    with _connect(built_warehouse, "loader") as conn:
        # the loader may not even look into marts (no usage on the schema)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for schema marts"):
            conn.execute("drop table marts.fact_indicator")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("delete from marts.fact_indicator")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("create schema loader_own")
    with _connect(built_warehouse, "reader") as conn:
        assert conn.execute("select count(*) from marts.fact_indicator").fetchone()[0] > 300


def test_transformer_cannot_write_raw(built_warehouse):
    with _connect(built_warehouse, "transformer") as conn:
        assert conn.execute("select count(*) from raw.document").fetchone()[0] == 4  # it reads raw
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("insert into raw.parse_warning (file_id, seq, code, message) values (1, 99, 'x', 'x')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("delete from raw.appendix_row")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="must be owner"):
            conn.execute("drop table raw.document")


def test_jobs_own_what_they_build(built_warehouse):
    with psycopg.connect(built_warehouse) as conn:
        owners = dict(
            conn.execute(
                "select schemaname, string_agg(distinct tableowner, ',') from pg_tables"
                " where schemaname in ('raw', 'warehouse', 'marts', 'reference') group by 1"
            ).fetchall()
        )
        published = conn.execute("select count(*) from pardw_meta.publication").fetchone()[0]
    assert owners == {"raw": "postgres", "warehouse": "pardw_transformer", "marts": "pardw_transformer",
                      "reference": "pardw_transformer"}  # fmt: skip
    assert published >= 1


def test_grants_match_what_each_job_needs(built_warehouse):
    failed = [c for c in check_roles(built_warehouse, _cfg()) if not c.ok]
    assert failed == []


def test_ingest_as_loader_login(fresh_db_url, sample_dir, tmp_path):
    migrate(fresh_db_url)  # the owner migrates; the loader only loads
    cfg = replace(_cfg(), landing_dir=tmp_path / "l", processed_dir=tmp_path / "p", quarantine_dir=tmp_path / "q")
    loader = role_url(fresh_db_url, cfg, "loader")
    summary = ingest_paths([sample_dir / "000_d49b38bb6fe27dd3.txt"], loader, cfg=cfg)
    assert (summary.loaded, summary.quarantined) == (1, 0)
    with psycopg.connect(fresh_db_url) as conn:
        assert conn.execute("select province_code, period_type from raw.document").fetchall() == [("91", "H1")]


def test_a_login_cannot_apply_pending_migrations(fresh_db_url):
    from pardw.db.migrate import PendingMigrations

    with pytest.raises(PendingMigrations, match="pardw migrate"):
        migrate(role_url(fresh_db_url, _cfg(), "loader"))


def test_warehouse_owned_by_a_non_superuser_as_the_dba_sets_it_up(pg_server_url, tmp_path):
    """docs/operations.md: the DBA creates a non-superuser owner that is a member of the three roles;
    it applies the migrations (070 hands raw to the loader, the dbt schemas to the transformer), and
    the jobs' logins then run the whole path."""
    from pardw.pipeline import run_direct

    name = f"t_dba_{uuid.uuid4().hex[:10]}"
    owner_password = "owner-" + uuid.uuid4().hex
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute("drop role if exists pardw_test_owner")
        conn.execute(f"create role pardw_test_owner login password '{owner_password}'")
        for role in ("pardw_loader", "pardw_transformer", "pardw_reader"):
            if not conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone():
                conn.execute(f"create role {role} nologin")
        conn.execute("grant pardw_loader, pardw_transformer, pardw_reader to pardw_test_owner")
        conn.execute(f'create database "{name}" owner pardw_test_owner')
    server = urlsplit(pg_server_url)
    owner_url = f"postgresql://pardw_test_owner:{owner_password}@{server.hostname}:{server.port}/{name}"
    superuser_url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        assert "070_role_grants" in migrate(owner_url)
        cfg = replace(_cfg(), landing_dir=tmp_path / "l", processed_dir=tmp_path / "p", quarantine_dir=tmp_path / "q")
        result = run_direct(superuser_url, cfg, land_samples=True)  # migrations are done: every stage runs as a login
        assert result["ingest"]["loaded"] == 4 and result["validation"]["blocking"] == 0
        assert [c for c in check_roles(superuser_url, cfg) if not c.ok] == []
        with _connect(superuser_url, "reader") as conn:
            assert conn.execute("select count(*) from marts.fact_indicator").fetchone()[0] > 300
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')
            conn.execute("drop role if exists pardw_test_owner")


def test_check_roles_on_an_external_warehouse_wants_a_login_per_job(built_warehouse, monkeypatch):
    from pardw.db.logins import url_variable

    external = replace(_cfg(), warehouse_url=built_warehouse)  # as with PARDW_WAREHOUSE_URL
    for role in ("loader", "transformer", "reader"):
        monkeypatch.delenv(url_variable(role), raising=False)
    wrong = [c.what for c in check_roles(built_warehouse, external) if not c.ok]
    assert wrong == [f"has its own login (PARDW_{r}_URL set)" for r in ("LOADER", "TRANSFORMER", "READER")]
    # the DBA's logins configured: every grant is checked on the login itself
    for role in ("loader", "transformer", "reader"):
        monkeypatch.setenv(url_variable(role), role_url(built_warehouse, _cfg(), role))
    checks = check_roles(built_warehouse, external)
    assert [c for c in checks if not c.ok] == []
    assert {c.subject for c in checks if c.role == "reader" and "raw" in c.what} == {"pardw_reader_login"}
