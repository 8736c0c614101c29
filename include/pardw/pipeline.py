"""The pipeline's stages as plain functions: the DAG's tasks, ``pardw run --direct`` and the CLI call these.

migrate -> discover -> ingest (parse + load raw) -> dbt build -> validate (GX) -> dbt build of the DQ marts -> publish
(:data:`STAGES`; the DAG's tasks follow it, tests/dags/test_par_reports.py checks)

One gate, one sequence: validation never stops the run by itself, so the DQ marts are always
rebuilt with what it found (stewards see why a build is blocked); ``stage_publish`` is the only
gate, and it asks the database (the latest validation of the current build), not its caller.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import psycopg

from pardw.config import SAMPLE_REPORTS_DIR, Settings, settings
from pardw.db.migrate import migrate
from pardw.load.ingest import discover, ingest_paths
from pardw.publish import PublicationRefused

# the one order of the stages: run_direct below, and the DAG's tasks (one task or dbt task group each)
STAGES = ("migrate", "discover", "ingest", "transform", "validate", "dq_marts", "publish")

INGEST_COUNTS = ("loaded", "duplicates", "quarantined", "skipped", "rows")


class BlockingFindings(PublicationRefused):
    """Publication refused: the latest validation of the current build is blocked or errored."""


def stage_migrate(url: str) -> list[str]:
    """Apply pending migrations, once per entry point (the first DAG task, the CLI's preamble, run_direct);
    a job's login on a schema that is behind raises :class:`pardw.db.migrate.PendingMigrations`."""
    return migrate(url)


def stage_discover(landing_dir: Path) -> list[str]:
    """New report files waiting in the landing folder."""
    if not landing_dir.exists():
        return []
    return [str(p) for p in discover([landing_dir])]


def batches(files: list[str], size: int) -> list[list[str]]:
    """Split files into batches so 10,000 files do not become 10,000 tiny tasks."""
    size = max(1, size)
    return [files[i : i + size] for i in range(0, len(files), size)]


def stage_ingest(files: list[str], url: str, move: bool = True, cfg: Settings | None = None) -> dict:
    summary = ingest_paths([Path(f) for f in files], url, move=move, cfg=cfg)
    return summary.to_dict()


def ingest_totals(results: list[dict]) -> dict:
    """The batches' summaries added up (the DAG's ingest_report), quarantined files listed."""
    total: dict = {key: sum(r.get(key, 0) for r in results) for key in INGEST_COUNTS}
    total["quarantine"] = [q for r in results for q in r.get("quarantine", [])]
    return total


def stage_transform(url: str) -> None:
    from pardw.transform.dbt import build

    build(url, selector="warehouse")


def stage_validate(url: str, run_id: str | None = None) -> dict:
    """Run the validation and persist it; never raises on findings (the publish gate reads the result)."""
    from pardw.quality.validate import run_validation

    summary = run_validation(url, run_id=run_id)
    return {"run_id": summary.run_id, "blocking": summary.blocking, "warnings": summary.warnings,
            "status": summary.status, "outcome": summary.outcome, "errors": summary.errors}  # fmt: skip


def stage_transform_dq(url: str) -> None:
    from pardw.transform.dbt import build

    build(url, selector="dq")


def stage_publish(url: str, run_id: str | None = None, *, force: bool = False, reason: str | None = None) -> list[str]:
    """Publish the marts if the gate is open; raises :class:`BlockingFindings` (nothing changed) otherwise."""
    from pardw.publish import publish

    try:
        return publish(url, run_id=run_id, force=force, reason=reason)
    except PublicationRefused as exc:
        raise BlockingFindings(str(exc)) from None


def stage_gate_and_publish(url: str, run_id: str | None = None) -> dict:
    """validate -> DQ marts -> publish: the one sequence after a build (DAG tasks call its parts)."""
    validation = stage_validate(url, run_id=run_id)
    stage_transform_dq(url)
    published = stage_publish(url, run_id=validation["run_id"])
    return {"validation": validation, "published": published}


def stage_land_samples(landing_dir: Path) -> int:
    """Copy the bundled sample reports into the landing folder (what `make run` processes)."""
    landing_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    for src in sorted(SAMPLE_REPORTS_DIR.glob("*.txt")):
        shutil.copy2(src, landing_dir / src.name)
        count += 1
    return count


@dataclass(slots=True)
class WarehouseSummary:
    files_loaded: int
    files_quarantined: int
    reports: int
    appendix_rows: int
    facts: int | None
    published_facts: int | None
    findings_blocking: int | None
    findings_warning: int | None

    def lines(self) -> list[str]:
        def fmt(v: int | None) -> str:
            return "n/a" if v is None else f"{v:,}"

        return [
            f"reports loaded (báo cáo)      {fmt(self.files_loaded)}",
            f"files quarantined             {fmt(self.files_quarantined)}",
            f"appendix rows in raw          {fmt(self.appendix_rows)}",
            f"facts in warehouse            {fmt(self.facts)}",
            f"facts published (marts)      {fmt(self.published_facts)}",
            f"data-quality findings         {fmt(self.findings_blocking)} blocking, {fmt(self.findings_warning)} warnings",
        ]


def _scalar(conn: psycopg.Connection, query: str) -> int | None:
    try:
        with conn.transaction():
            row = conn.execute(query).fetchone()
        return int(row[0]) if row and row[0] is not None else 0
    except psycopg.errors.UndefinedTable:
        return None


def warehouse_summary(url: str) -> WarehouseSummary:
    """Counts of what the warehouse holds; n/a for a table not there yet."""
    with psycopg.connect(url) as conn:
        return WarehouseSummary(
            files_loaded=_scalar(conn, "select count(*) from raw.ingested_file where status = 'loaded'"),
            files_quarantined=_scalar(
                conn, "select count(distinct coalesce(sha256, file_name)) from raw.ingestion_error"
            ),
            reports=_scalar(conn, "select count(*) from raw.document"),
            appendix_rows=_scalar(conn, "select count(*) from raw.appendix_row"),
            facts=_scalar(conn, "select count(*) from warehouse.fact_indicator"),
            published_facts=_scalar(conn, "select count(*) from marts.fact_indicator"),
            findings_blocking=_scalar(
                conn,
                "select count(*) from dq.finding where severity = 'blocking'"
                " and run_id = (select run_id from dq.validation_run order by started_at desc limit 1)",
            ),
            findings_warning=_scalar(
                conn,
                "select count(*) from dq.finding where severity = 'warning'"
                " and run_id = (select run_id from dq.validation_run order by started_at desc limit 1)",
            ),
        )


def run_direct(url: str, cfg: Settings | None = None, land_samples: bool = True) -> dict:
    """Every stage in this process, without Airflow (tests and benchmarks use it too)."""
    from pardw.db.logins import role_url

    cfg = cfg or settings()
    stage_migrate(url)  # as the owner (url); each stage then connects as its job's login
    loader, transformer = role_url(url, cfg, "loader"), role_url(url, cfg, "transformer")
    if land_samples:
        stage_land_samples(cfg.landing_dir)
    ingest = stage_ingest(stage_discover(cfg.landing_dir), loader, move=True, cfg=cfg)
    stage_transform(transformer)
    return {"ingest": ingest, **stage_gate_and_publish(transformer)}
