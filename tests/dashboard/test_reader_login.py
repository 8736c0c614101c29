"""The dashboards' login reads the published marts and nothing else; the CLI refuses a superuser."""

from __future__ import annotations

import psycopg
import pytest
from typer.testing import CliRunner

from pardw.cli import app
from pardw.dashboard import queries
from pardw.db.migrate import migrate


def test_reader_reads_marts(reader_url):
    with psycopg.connect(reader_url) as conn:
        counts = dict(conn.execute("select generation, count(*) from marts.dim_province group by 1").fetchall())
        assert counts == {"63": 63, "34": 34}
    assert queries.check_reader_login(reader_url).startswith("dash_test_")


@pytest.mark.parametrize("table", ["raw.document", "raw.ingested_file", "dq.finding", "warehouse.fact_indicator"])
def test_reader_is_refused_outside_marts(reader_url, table):
    with psycopg.connect(reader_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as err:
        conn.execute(f"select * from {table} limit 1")
    assert f"permission denied for schema {table.split('.')[0]}" in str(err.value)


def test_reader_cannot_write_marts(reader_url):
    with psycopg.connect(reader_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as err:
        conn.execute("delete from marts.fact_indicator")
    assert "permission denied for table fact_indicator" in str(err.value)


def test_dashboard_refuses_the_superuser(built_warehouse):
    result = CliRunner().invoke(app, ["dashboard", "--url", built_warehouse])
    assert result.exit_code == 2
    assert "is a superuser" in result.output and "pardw_reader" in result.output
    assert built_warehouse.split("@")[0].split(":")[-1] not in result.output  # no password echoed


def test_without_url_the_cli_uses_the_reader_login_never_the_superuser(monkeypatch, pg_server_url):
    from pardw.dashboard.queries import DashboardConfigError, dashboard_url

    monkeypatch.delenv("PARDW_DASHBOARD_URL", raising=False)
    with pytest.raises(DashboardConfigError) as info:
        dashboard_url()  # the app alone: only PARDW_DASHBOARD_URL
    assert "PARDW_DASHBOARD_URL" in str(info.value)
    url = dashboard_url(default_login=True)  # the CLI and the export DAG: the embedded reader login
    assert url.startswith("postgresql://pardw_reader_login:")


def test_publication_status_says_why_a_report_is_not_published(fresh_db_url):
    """A report loaded after the last publication whose validation run has a blocking finding."""
    migrate(fresh_db_url)
    with psycopg.connect(fresh_db_url) as conn:
        conn.execute(
            "insert into pardw_meta.publication (published_at, run_id, tables) values (now() - interval '1 day', 'r0', '{}')"
        )
        for name, sha in (("good.txt", "a"), ("bad.txt", "b")):
            conn.execute(
                "insert into raw.ingested_file (file_name, source_path, size_bytes, sha256, status, parser_version,"
                " loaded_at) values (%s, %s, 1, %s, 'loaded', 't', now() - make_interval(hours => %s))",
                (name, name, sha * 64, 30 if name == "good.txt" else 1),
            )
        bad = conn.execute("select file_id from raw.ingested_file where file_name = 'bad.txt'").fetchone()[0]
        conn.execute(
            "insert into dq.validation_run (run_id, status, blocking_count, finished_at) values ('r1', 'blocked', 1, now())"
        )
        conn.execute(
            "insert into dq.finding (run_id, rule, severity, suite, file_id, file_name, line, message)"
            " values ('r1', 'rate_out_of_range', 'blocking', 'warehouse_fact', %s, 'bad.txt', 42, 'rate 140 %%')",
            (bad,),
        )
        conn.execute(
            "insert into raw.ingestion_error (file_name, source_path, reason, message) values"
            " ('scan.pdf', 'scan.pdf', 'binary', 'a PDF or scan, not text')"
        )
    rows = {
        r["file_name"]: r
        for r in queries._frame(fresh_db_url, "select * from marts.publication_status").to_dict("records")
    }
    assert rows["good.txt"]["status"] == "published"
    assert rows["bad.txt"]["status"] == "blocked"
    assert rows["bad.txt"]["reason"] == "1 blocking finding(s) in this report: rate_out_of_range (bad.txt:42)"
    assert rows["scan.pdf"]["status"] == "quarantined" and rows["scan.pdf"]["reason"].startswith("binary: ")
    pending = queries.unpublished_reports(fresh_db_url)
    assert set(pending["file_name"]) == {"bad.txt", "scan.pdf"}
