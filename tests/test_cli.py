"""The pardw CLI as a user runs it: `pardw db ...` against the embedded server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

PARDW = str(Path(sys.executable).with_name("pardw"))


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


def test_db_url_is_usable_by_psql(pg_server_url):
    # the session fixture started the embedded server under PARDW_HOME / PARDW_PG_PORT
    url = subprocess.run([PARDW, "db", "url", "--role", "admin"], capture_output=True, text=True,
                         check=True).stdout.strip()  # fmt: skip
    assert url.startswith("postgresql://postgres:") and "@127.0.0.1:" in url and url.endswith("/pardw")
    # without --role: the read-only reader's URL, never the superuser's password (issue 26)
    reader = subprocess.run([PARDW, "db", "url"], capture_output=True, text=True, check=True).stdout.strip()
    assert reader.startswith("postgresql://pardw_reader_login:")
    status = subprocess.run([PARDW, "db", "status"], capture_output=True, text=True, check=True).stdout
    assert "running on 127.0.0.1" in status
    from pgserver import __file__ as pgserver_file

    psql = Path(pgserver_file).parent / "pginstall" / "bin" / "psql"
    out = subprocess.run([str(psql), url, "-tAc", "select 40 + 2"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "42"


def test_external_warehouse_url_is_used_instead_of_embedded(fresh_db_url):
    out = subprocess.run(
        [PARDW, "db", "url"], capture_output=True, text=True, check=True, env=_env(PARDW_WAREHOUSE_URL=fresh_db_url)
    )
    assert out.stdout.strip() == fresh_db_url
    subprocess.run([PARDW, "migrate"], check=True, capture_output=True, env=_env(PARDW_WAREHOUSE_URL=fresh_db_url))
    with psycopg.connect(fresh_db_url) as conn:
        versions = [r[0] for r in conn.execute("select version from pardw_meta.schema_migration order by 1")]
    assert versions[:2] == ["000_meta", "001_raw_schema"]


def test_manifest_writes_the_dbt_manifest_cosmos_renders(fresh_db_url, tmp_path):
    """`pardw manifest` (run by airflow-init in docker-compose) writes the manifest the DAG reads."""
    import json
    import shutil

    from pardw.config import DBT_PROJECT_DIR

    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    env = _env(PARDW_WAREHOUSE_URL=fresh_db_url, PARDW_DBT_PROJECT_DIR=str(project))
    env.pop("PARDW_DBT_TARGET_DIR", None)  # the default: the project's own target folder (a test worker sets its own)
    out = subprocess.run([PARDW, "manifest"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    nodes = json.loads((project / "target" / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    assert nodes["model.pardw.fact_statement"]["config"]["materialized"] == "incremental"
    assert nodes["model.pardw.fact_indicator"]["config"]["materialized"] == "view"  # current versions of the history


def test_an_operators_mistake_is_one_line_not_a_traceback(tmp_path):
    """Issue 25: a PARDW_* value pardw cannot use (exit 2) or a warehouse it cannot reach (exit 1) is one line."""
    bad = subprocess.run([PARDW, "ingest", str(tmp_path)], capture_output=True, text=True,
                         env=_env(PARDW_BATCH_SIZE="fifty"))  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.strip() == "pardw: PARDW_BATCH_SIZE must be a whole number, not 'fifty'"
    down = subprocess.run([PARDW, "validate"], capture_output=True, text=True,
                          env=_env(PARDW_WAREHOUSE_URL="postgresql://nobody:secret@127.0.0.1:1/pardw"))  # fmt: skip
    assert down.returncode == 1 and "Traceback" not in down.stderr
    [line] = down.stderr.strip().splitlines()
    assert line.startswith("pardw: cannot reach the warehouse (") and "port 1" in line and "secret" not in line


def test_findings_check_scores_a_report_against_known_contradictions(tmp_path):
    """`pardw findings check FILE --keys KNOWN.json`: the contradictions with their arithmetic, and the score."""
    import json

    from typer.testing import CliRunner

    from pardw.cli import app
    from pardw.config import SAMPLE_REPORTS_DIR

    sample = SAMPLE_REPORTS_DIR / "001_04942a727d49f9a1.txt"
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps([{"file": sample.name, "lines": [232, 233, 234], "category": "rate-vs-parts",
                                 "what": "100% vs 10 of 12"}]), encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(app, ["findings", "check", str(sample), "--keys", str(keys)])
    assert result.exit_code == 0, result.output
    assert "001_04942a727d49f9a1.txt:232 [warning] table_rate_not_its_counts" in result.output
    assert "10 / 12 × 100 = 83,33 % ≠ 100 %" in result.output
    assert "located 1 of 1 known contradictions in these files" in result.output
