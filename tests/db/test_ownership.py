"""Issue 26, 5: the migration owner owns the raw tables; the loader can load (and have them analyzed)
but cannot drop, truncate or delete, so it has no side door into the marts; readers see no server
paths in marts.publication_status."""

from __future__ import annotations

from dataclasses import replace

import psycopg
import pytest

from pardw.config import settings
from pardw.db.logins import role_url
from pardw.db.migrate import migrate
from pardw.load.ingest import ingest_paths

KIEN_GIANG = "000_d49b38bb6fe27dd3.txt"


def _cfg(tmp_path):
    return replace(settings(), warehouse_url=None, landing_dir=tmp_path / "l", processed_dir=tmp_path / "p",
                   quarantine_dir=tmp_path / "q")  # fmt: skip


def test_loader_loads_but_cannot_drop_truncate_or_delete_raw(fresh_db_url, sample_dir, tmp_path):
    migrate(fresh_db_url)
    cfg = _cfg(tmp_path)
    loader = role_url(fresh_db_url, cfg, "loader")
    summary = ingest_paths([sample_dir / KIEN_GIANG], loader, cfg=cfg)
    assert summary.loaded == 1
    with psycopg.connect(fresh_db_url) as conn:
        owners = conn.execute("select distinct tableowner from pg_tables where schemaname = 'raw'").fetchall()
        assert owners == [("postgres",)]  # the migration owner (the embedded superuser here)
        # the load was analyzed for the loader by pardw_meta.analyze_raw()
        assert conn.execute(
            "select last_analyze is not null from pg_stat_user_tables where relid = 'raw.document'::regclass"
        ).fetchone() == (True,)
    with psycopg.connect(loader, autocommit=True) as conn:
        for statement in ("drop table raw.document cascade", "alter table raw.document add column x int"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="must be owner"):
                conn.execute(statement)
        for statement in (
            "truncate raw.document",
            "delete from raw.appendix_row",
            "update raw.document set province = 'x'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(statement)
        assert conn.execute("select count(*) from raw.document").fetchone() == (1,)
    with psycopg.connect(fresh_db_url) as conn:  # the view readers use is still there
        assert conn.execute("select to_regclass('marts.publication_status') is not null").fetchone() == (True,)


def test_readers_see_no_server_paths_in_publication_status(fresh_db_url, tmp_path):
    migrate(fresh_db_url)
    message = ("a symbolic link to '/root/.pardw/pg_password': links are not followed"
               " (could not be placed in quarantine: Permission denied: /srv/pardw/quarantine/x.txt);"
               " dated 14/6/2022, ratio 3/4")  # fmt: skip
    with psycopg.connect(fresh_db_url) as conn:
        conn.execute(
            "insert into raw.ingestion_error (file_name, source_path, reason, message) values (%s, %s, %s, %s)",
            ("x.txt", "/srv/pardw/landing/x.txt", "symlink", message),
        )
    reader = role_url(fresh_db_url, _cfg(tmp_path), "reader")
    with psycopg.connect(reader) as conn:
        (reason,) = conn.execute("select reason from marts.publication_status where status = 'quarantined'").fetchone()
    assert reason == (
        "symlink: a symbolic link to '…/pg_password': links are not followed (could not be placed in"
        " quarantine: Permission denied: …/x.txt); dated 14/6/2022, ratio 3/4"
    )
