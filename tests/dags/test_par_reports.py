"""The par_reports DAG: it parses cleanly, and real `airflow dags test` runs build and publish the warehouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import psycopg
import pytest

from pardw.airflow_runner import airflow_env, dags_test, init_metadata
from pardw.config import PROJECT_ROOT, settings
from pardw.pipeline import STAGES
from pardw.transform.dbt import parse

KIEN_GIANG = "000_d49b38bb6fe27dd3.txt"


@pytest.fixture(scope="module")
def airflow_cfg(tmp_path_factory):
    home = tmp_path_factory.mktemp("pardw_home")
    return replace(
        settings(),
        home=home,
        landing_dir=home / "landing",
        processed_dir=home / "processed",
        quarantine_dir=home / "quarantine",
    )


def test_dag_parses_with_expected_tasks(airflow_cfg, fresh_db_url):
    env = airflow_env(fresh_db_url, airflow_cfg)
    init_metadata(env)
    parse(fresh_db_url)  # the manifest cosmos renders from
    dags_folder = str(PROJECT_ROOT / "dags")
    code = (
        "from airflow.dag_processing.dagbag import DagBag\n"
        f"bag = DagBag(dag_folder={dags_folder!r})\n"
        "assert not bag.import_errors, bag.import_errors\n"
        "dag = bag.get_dag('par_reports')\n"
        "import json\n"
        "print(json.dumps({t.task_id: sorted(t.downstream_task_ids) for t in dag.tasks}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    downstream = json.loads(proc.stdout.strip().splitlines()[-1])
    tasks = set(downstream)
    assert {"migrate", "discover", "ingest_batch", "ingest_report", "validate", "publish"} <= tasks
    assert any(t.startswith("transform.") and "fact_indicator" in t for t in tasks)
    # the groups build dbt_project/selectors.yml's selections: the DQ marts only after validation
    dq_models = {t.split(".")[1].removesuffix("_model_build") for t in tasks if t.startswith("dq_marts.")}
    assert dq_models == {"mart_dq_findings", "mart_dq_report_summary"}
    assert not [t for t in tasks if t.startswith("transform.mart_dq")]

    # the tasks follow pardw.pipeline.STAGES: every edge goes forward, and each stage reaches the next
    def stage(task_id: str) -> str:
        name = task_id.split(".")[0]
        return "ingest" if name.startswith("ingest_") else name

    edges = {(stage(a), stage(b)) for a, bs in downstream.items() for b in bs if stage(a) != stage(b)}
    assert {stage(t) for t in tasks} == set(STAGES)
    assert all(STAGES.index(a) < STAGES.index(b) for a, b in edges), sorted(edges)
    assert all((a, b) in edges for a, b in pairwise(STAGES)), sorted(edges)


def _facts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {
            "raw_files": conn.execute("select count(*) from raw.ingested_file").fetchone()[0],
            "facts": conn.execute("select count(*) from marts.fact_indicator").fetchone()[0],
            "appendix": conn.execute("select count(*) from raw.appendix_row").fetchone()[0],
        }


def _land(cfg, *names: str, source: Path | None = None) -> None:
    cfg.landing_dir.mkdir(parents=True, exist_ok=True)
    src = source or (PROJECT_ROOT / "include" / "sample_reports")
    for name in names or sorted(p.name for p in src.glob("*.txt")):
        shutil.copy(src / name, cfg.landing_dir / name)


def _broken_ca_mau() -> str:
    """Cà Mau's report (a new number, 163) with an impossible value: a negative number of dossiers in row 3.1.1."""
    text = (PROJECT_ROOT / "include" / "sample_reports" / "003_c3152b1089770077.txt").read_text(encoding="utf-8")
    lines = text.replace("Số: *162* /BC-UBND", "Số: *163* /BC-UBND", 1).split("\n")
    for i, line in enumerate(lines):
        if line.startswith("3.1.1") and "Hồ sơ" in line:
            cells = line.split("\t")
            cells[3] = "-" + cells[3]
            lines[i] = "\t".join(cells)
            return "\n".join(lines)
    pytest.fail("row 3.1.1 not found")


def _rows_of(url: str, table: str, files: list[str]) -> int:
    """Rows of ``table`` that come from these files (a raw table by file_id, a warehouse table by report_key)."""
    raw = table.startswith("raw.")
    join = "raw.document r using (file_id)" if raw else "warehouse.dim_report r using (report_key)"
    with psycopg.connect(url) as conn:
        query = f"select count(*) from {table} t join {join} where r.file_name = any(%s)"
        return conn.execute(query, (files,)).fetchone()[0]


@pytest.mark.slow
def test_dag_runs_publish_rerun_without_duplicates_and_a_blocking_finding_keeps_the_marts(
    fresh_db_url, airflow_cfg, monkeypatch
):
    """Two real DAG runs (one scenario: each `airflow dags test` costs minutes). The first builds and publishes
    the samples and quarantines an empty file; the second gets the same files again, which change nothing,
    and a new report with an impossible value: a blocking finding, so the published marts stay as they were."""
    for key, value in {
        "PARDW_HOME": airflow_cfg.home,
        "PARDW_LANDING_DIR": airflow_cfg.landing_dir,
        "PARDW_PROCESSED_DIR": airflow_cfg.processed_dir,
        "PARDW_QUARANTINE_DIR": airflow_cfg.quarantine_dir,
    }.items():
        monkeypatch.setenv(key, str(value))
    samples = sorted(p.name for p in (PROJECT_ROOT / "include" / "sample_reports").glob("*.txt"))
    _land(airflow_cfg)
    (airflow_cfg.landing_dir / "empty_report.txt").write_bytes(b"")

    proc = dags_test(fresh_db_url, airflow_cfg)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-5000:]
    first = _facts(fresh_db_url)
    assert first["raw_files"] == 4 and first["facts"] > 200
    assert _rows_of(fresh_db_url, "warehouse.fact_indicator", samples) == first["facts"]
    appendix_rows = _rows_of(fresh_db_url, "raw.appendix_row", samples)

    # the bad file is in quarantine with its reason; the good ones were moved to processed/
    assert (airflow_cfg.quarantine_dir / "empty_report.txt.reason.txt").read_text(encoding="utf-8").startswith("empty")
    assert sorted(p.name for p in airflow_cfg.processed_dir.iterdir()) == samples
    assert not any(airflow_cfg.landing_dir.iterdir())

    with psycopg.connect(fresh_db_url) as conn:
        # an analyst's question, answered from the published marts
        value, line, file_name = conn.execute(
            "select f.value, f.line, f.file_name from marts.fact_indicator f"
            " join marts.dim_indicator i using (indicator_key)"
            " join marts.dim_report r using (report_key)"
            " where r.file_name = %s and f.source = 'appendix' and f.raw_value = '33,825'",
            (KIEN_GIANG,),
        ).fetchone()
    assert value == 33825 and file_name == KIEN_GIANG and line > 0

    # the same files again (nothing new) and a report with an impossible value (a negative number of dossiers):
    # the rerun loads no sample twice, and the blocking finding stops the publication
    _land(airflow_cfg)
    (airflow_cfg.landing_dir / "ca_mau_broken.txt").write_text(_broken_ca_mau(), encoding="utf-8")
    proc = dags_test(fresh_db_url, airflow_cfg)
    assert proc.returncode != 0
    assert "blocking data-quality finding" in proc.stdout + proc.stderr
    second = _facts(fresh_db_url)
    assert second["raw_files"] == first["raw_files"] + 1  # the broken report; no sample loaded again
    assert second["facts"] == first["facts"]  # published marts unchanged
    assert _rows_of(fresh_db_url, "raw.appendix_row", samples) == appendix_rows  # the rerun duplicated nothing
    assert _rows_of(fresh_db_url, "warehouse.fact_indicator", ["ca_mau_broken.txt"]) > 0  # in the blocked build
    assert not any(airflow_cfg.landing_dir.iterdir())


def test_airflow_env_never_points_at_shared_reference():
    env = airflow_env("postgresql://u:p@127.0.0.1:1/db", settings())
    assert "shared" not in env["AIRFLOW__CORE__DAGS_FOLDER"]
    assert env["AIRFLOW_CONN_PARDW_WAREHOUSE"].startswith("postgresql://")
    assert os.path.isdir(env["AIRFLOW__CORE__DAGS_FOLDER"])
