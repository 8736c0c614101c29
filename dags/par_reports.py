"""par_reports: landing folder -> raw -> dbt -> Great Expectations -> published marts.

    migrate -> discover -> ingest_batch (mapped, PARDW_BATCH_SIZE files each) -> ingest_report
      -> transform (dbt via cosmos: staging, intermediate, warehouse; tests after each model)
      -> validate (GX suites + reconciliation rules -> dq.finding) -> dq_marts (dbt)
      -> publish (the gate: refuses a blocked or errored validation)
Stages: pardw.pipeline (STAGES). Cosmos and connections: pardw.orchestration.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import dag, task

from pardw.config import settings
from pardw.orchestration import PUBLISHED_MARTS, dbt_group, job_url, warehouse_url

CFG = settings()  # environment only: no connection is opened at parse time


@dag(dag_id="par_reports", schedule=timedelta(hours=1), start_date=datetime(2026, 1, 1), catchup=False,
     max_active_runs=1, default_args={"retries": 0}, tags=["pardw", "cchc"], doc_md=__doc__)  # fmt: skip
def par_reports():
    @task
    def migrate() -> list[str]:
        """Apply pending schema migrations as the warehouse owner, before any job connects."""
        from pardw.pipeline import stage_migrate

        return stage_migrate(warehouse_url())

    @task
    def discover() -> list[list[str]]:
        """New files in PARDW_LANDING_DIR, split into batches."""
        from pardw.pipeline import batches, stage_discover

        return batches(stage_discover(CFG.landing_dir), CFG.batch_size)

    @task(max_active_tis_per_dag=CFG.ingest_concurrency, executor=CFG.ingest_executor)
    def ingest_batch(files: list[str]) -> dict:
        """Parse and load one batch; each file in its own transaction, then moved to processed/ or quarantine/."""
        from pardw.pipeline import stage_ingest

        return stage_ingest(files, job_url("loader"), move=True)

    @task
    def ingest_report(results: list[dict]) -> dict:
        """Add up the batches; the quarantined files and their reasons go into the task log."""
        from pardw.pipeline import ingest_totals

        total = ingest_totals(results)
        print(f"ingest: {total['loaded']} loaded, {total['duplicates']} duplicates, {total['quarantined']} quarantined")
        for q in total["quarantine"]:
            print(f"  quarantined {q['file']}: {q['message']}")
        return total

    @task
    def validate() -> dict:
        """GX suites + reconciliation rules into dq.finding; never fails on findings (`publish` is the gate)."""
        from pardw.pipeline import stage_validate

        result = stage_validate(job_url("transformer"))
        print(f"validation {result['run_id']}: {result['status']}, {result['blocking']} blocking, {result['warnings']} warnings")  # fmt: skip
        return result

    @task(outlets=[PUBLISHED_MARTS])
    def publish(validation: dict) -> list[str]:
        """Copy the warehouse marts into `marts` if this build's latest validation is neither blocked nor errored."""
        from pardw.pipeline import stage_publish

        return stage_publish(job_url("transformer"), run_id=validation["run_id"])

    transform, dq_marts = dbt_group("transform", "warehouse", CFG), dbt_group("dq_marts", "dq", CFG)
    files, validation = discover(), validate()
    migrate() >> files
    ingest_report(ingest_batch.expand(files=files)) >> transform >> validation >> dq_marts >> publish(validation)


par_reports()
