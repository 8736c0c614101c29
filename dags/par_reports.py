"""par_reports: landing folder -> raw -> dbt -> Great Expectations -> published marts.

Thin and declarative: every task calls the ``pardw`` package; dbt runs through a
cosmos DbtTaskGroup. Nothing but configuration happens at parse time.

    discover -> ingest_batch (mapped, PARDW_BATCH_SIZE files per task) -> ingest_report
      -> transform (dbt: staging, intermediate, warehouse; tests after each model)
      -> validate (GX suites + reconciliation rules -> dq.finding)
      -> dq_marts (dbt models tagged dq) -> publish (the gate: refuses a blocked or errored validation)
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import Asset, dag, task
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior
from cosmos.profiles import PostgresUserPasswordProfileMapping

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = Path(os.environ.get("PARDW_DBT_PROJECT_DIR", PROJECT_ROOT / "dbt_project"))
WAREHOUSE_CONN_ID = os.environ.get("PARDW_WAREHOUSE_CONN_ID", "pardw_warehouse")
# dbt runs as the transformer's login when its connection is configured (least privilege)
TRANSFORMER_CONN_ID = os.environ.get("PARDW_TRANSFORMER_CONN_ID", WAREHOUSE_CONN_ID)
INGEST_CONCURRENCY = int(os.environ.get("PARDW_INGEST_CONCURRENCY", "2"))
# with several executors configured (e.g. "LocalExecutor,CeleryExecutor") the ingest batches can go
# to the Celery workers while dbt stays on the scheduler's host; unset: the default executor
INGEST_EXECUTOR = os.environ.get("PARDW_INGEST_EXECUTOR") or None
PUBLISHED_MARTS = Asset("pardw://marts/fact_indicator")

profile_config = ProfileConfig(
    profile_name="pardw",
    target_name="airflow",
    profile_mapping=PostgresUserPasswordProfileMapping(conn_id=TRANSFORMER_CONN_ID, profile_args={"schema": "public"}),
)
project_config = ProjectConfig(
    dbt_project_path=DBT_PROJECT_DIR,
    manifest_path=DBT_PROJECT_DIR / "target" / "manifest.json",
)
execution_config = ExecutionConfig(execution_mode=ExecutionMode.LOCAL, invocation_mode=InvocationMode.DBT_RUNNER)


def _render(select: list[str] | None = None, exclude: list[str] | None = None) -> RenderConfig:
    return RenderConfig(
        load_method=LoadMode.AUTOMATIC,
        select=select or [],
        exclude=exclude or [],
        test_behavior=TestBehavior.BUILD,
        should_detach_multiple_parents_tests=True,
    )


def _dbt_group(group_id: str, select: list[str] | None = None, exclude: list[str] | None = None) -> DbtTaskGroup:
    return DbtTaskGroup(
        group_id=group_id,
        project_config=project_config,
        profile_config=profile_config,
        execution_config=execution_config,
        render_config=_render(select=select, exclude=exclude),
        operator_args={"install_deps": False},
    )


def _warehouse_url() -> str:
    """PARDW_WAREHOUSE_URL, else the Airflow connection ``pardw_warehouse``."""
    from pardw.load.airflow_conn import url_from_parts

    url = os.environ.get("PARDW_WAREHOUSE_URL")
    if url:
        return url
    from airflow.sdk import BaseHook

    conn = BaseHook.get_connection(WAREHOUSE_CONN_ID)
    return url_from_parts(conn.host, conn.port, conn.login, conn.password, conn.schema)


def _job_url(role: str) -> str:
    """The job's login (PARDW_LOADER_URL / PARDW_TRANSFORMER_URL), else the warehouse connection."""
    return os.environ.get(f"PARDW_{role.upper()}_URL") or _warehouse_url()


@dag(
    dag_id="par_reports",
    schedule=timedelta(hours=1),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 0},
    tags=["pardw", "cchc"],
    doc_md=__doc__,
)
def par_reports():
    @task
    def discover() -> list[list[str]]:
        """New files in PARDW_LANDING_DIR, split into batches."""
        from pardw.config import settings
        from pardw.load.migrate import migrate
        from pardw.pipeline import batches, stage_discover

        cfg = settings()
        migrate(_warehouse_url())
        return batches(stage_discover(cfg.landing_dir), cfg.batch_size)

    @task(max_active_tis_per_dag=INGEST_CONCURRENCY, executor=INGEST_EXECUTOR)
    def ingest_batch(files: list[str]) -> dict:
        """Parse and load one batch; each file in its own transaction, then moved to processed/ or quarantine/."""
        from pardw.pipeline import stage_ingest

        return stage_ingest(files, _job_url("loader"), move=True)

    @task
    def ingest_report(results: list[dict]) -> dict:
        """Add up the batches; the quarantined files and their reasons go into the task log."""
        total = {"loaded": 0, "duplicates": 0, "quarantined": 0, "skipped": 0, "rows": 0, "quarantine": []}
        for r in results:
            for key in ("loaded", "duplicates", "quarantined", "skipped", "rows"):
                total[key] += r.get(key, 0)
            total["quarantine"].extend(r["quarantine"])
        print(f"ingest: {total['loaded']} loaded, {total['duplicates']} duplicates, {total['quarantined']} quarantined")
        for q in total["quarantine"]:
            print(f"  quarantined {q['file']}: {q['message']}")
        return total

    transform = _dbt_group("transform", exclude=["tag:dq"])

    @task
    def validate() -> dict:
        """Great Expectations suites + reconciliation rules; findings persisted in dq.finding (never fails on
        findings: the DQ marts are rebuilt with them, and `publish` is the gate)."""
        from pardw.pipeline import stage_validate

        result = stage_validate(_job_url("transformer"))
        print(f"validation {result['run_id']}: {result['status']}, {result['blocking']} blocking,"
              f" {result['warnings']} warnings")  # fmt: skip
        return result

    dq_marts = _dbt_group("dq_marts", select=["tag:dq"])

    @task(outlets=[PUBLISHED_MARTS])
    def publish(validation: dict) -> list[str]:
        """Copy warehouse marts into `marts` if the gate is open: the latest validation of this build is
        neither blocked nor errored (the same gate as `pardw publish` and `pardw run --direct`)."""
        from pardw.pipeline import stage_publish

        return stage_publish(_job_url("transformer"), run_id=validation["run_id"])

    ingested = ingest_report(ingest_batch.expand(files=discover()))
    validation = validate()
    ingested >> transform >> validation >> dq_marts
    published = publish(validation)
    dq_marts >> published


par_reports()
