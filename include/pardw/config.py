"""Configuration from environment variables, with defaults for a local checkout.

| variable | default | meaning |
|---|---|---|
| PARDW_HOME | <project>/.pardw | state folder: embedded PostgreSQL data, Airflow metadata, logs |
| PARDW_WAREHOUSE_URL | (embedded) | libpq URL of the warehouse; when set, the embedded server is not used |
| PARDW_PG_PORT | 54329 | TCP port of the embedded PostgreSQL on 127.0.0.1 |
| PARDW_LANDING_DIR | <PARDW_HOME>/landing | folder the DAG scans for new report files |
| PARDW_PROCESSED_DIR | <PARDW_HOME>/processed | where loaded files are moved (DAG) |
| PARDW_QUARANTINE_DIR | <PARDW_HOME>/quarantine | where bad files are moved, with a .reason.txt beside each |
| PARDW_MAX_FILE_BYTES | 20000000 | files larger than this are quarantined (too_large) |
| PARDW_BATCH_SIZE | 50 | files per mapped Airflow task |
| PARDW_INGEST_CONCURRENCY | 2 | mapped ingest tasks running at once (DAG; raise it with Celery workers) |
| PARDW_INGEST_EXECUTOR | (default executor) | executor of the mapped ingest tasks, e.g. CeleryExecutor beside LocalExecutor |
| PARDW_PG_BIN_DIR | (pgserver wheel) | bin folder of another PostgreSQL 14-17 for the embedded server |
| PARDW_LOADER_URL, PARDW_TRANSFORMER_URL, PARDW_READER_URL | (embedded logins) | the jobs' logins on an external warehouse (pardw.db.logins) |
| PARDW_LOAD_BATCH | 25 | files per load transaction (one COPY per raw table) |
| PARDW_PARSE_TIMEOUT | 60 | seconds one file may take to parse before it is quarantined (parse_timeout); 0 = no limit |
| PARDW_PARSE_MEMORY_MB | 2048 | memory the parser may use for one file (too_complex beyond); 0 = no limit |
| PARDW_DBT_PROJECT_DIR | <project>/dbt_project | the dbt project (the image sets it) |
| PARDW_WAREHOUSE_CONN_ID | pardw_warehouse | Airflow connection of the warehouse (when PARDW_WAREHOUSE_URL is unset) |
| PARDW_TRANSFORMER_CONN_ID | (PARDW_WAREHOUSE_CONN_ID) | Airflow connection cosmos builds dbt's profile from (the transformer's login) |
| PARDW_CONVERT_TIMEOUT | 120 | seconds LibreOffice/antiword may take to convert one .doc |
| PARDW_MAX_PDF_PAGES | 500 | PDFs with more pages are quarantined (too_large) |
| PARDW_PG_UNSAFE_FAST | (off) | embedded server without crash safety (benchmarks only) |
| PARDW_EXPORT_DIR | <PARDW_HOME>/exports | where the export DAG writes the .xlsx and .html |
| PARDW_DASHBOARD_URL | (reader login) | the dashboard app's read-only login (set by `pardw dashboard` for its Streamlit process) |
| PARDW_DQ_RATE_JUMP_PP | 30 | percentage points a rate may move between a unit's consecutive periods of a year without a note (rule rate_jumps_between_periods) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = Path(__file__).resolve().parent
SAMPLE_REPORTS_DIR = PROJECT_ROOT / "include" / "sample_reports"
REFERENCE_DIR = PROJECT_ROOT / "include" / "reference"
DBT_PROJECT_DIR = Path(os.environ.get("PARDW_DBT_PROJECT_DIR") or PROJECT_ROOT / "dbt_project")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name) or default)
    except ValueError:
        return default


def _path(name: str, default: Path | None) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    home: Path
    warehouse_url: str | None
    pg_port: int
    landing_dir: Path
    processed_dir: Path
    quarantine_dir: Path
    max_file_bytes: int
    batch_size: int
    load_batch: int
    parse_timeout: float = 60.0
    parse_memory_mb: int = 2048
    dq_rate_jump_pp: float = 30.0
    dbt_project_dir: Path = DBT_PROJECT_DIR
    warehouse_conn_id: str = "pardw_warehouse"
    transformer_conn_id: str = "pardw_warehouse"
    ingest_concurrency: int = 2
    ingest_executor: str | None = None
    convert_timeout: int = 120
    max_pdf_pages: int = 500
    pg_bin_dir: Path | None = None
    pg_unsafe_fast: bool = False
    export_dir: Path | None = None
    dashboard_url: str | None = None

    @property
    def embedded(self) -> bool:
        return self.warehouse_url is None

    @property
    def pg_data_dir(self) -> Path:
        return self.home / "pgdata"


def settings() -> Settings:
    home = _path("PARDW_HOME", PROJECT_ROOT / ".pardw")
    return Settings(
        home=home,
        warehouse_url=os.environ.get("PARDW_WAREHOUSE_URL") or None,
        pg_port=int(os.environ.get("PARDW_PG_PORT", "54329")),
        landing_dir=_path("PARDW_LANDING_DIR", home / "landing"),
        processed_dir=_path("PARDW_PROCESSED_DIR", home / "processed"),
        quarantine_dir=_path("PARDW_QUARANTINE_DIR", home / "quarantine"),
        max_file_bytes=int(os.environ.get("PARDW_MAX_FILE_BYTES", "20000000")),
        batch_size=int(os.environ.get("PARDW_BATCH_SIZE", "50")),
        load_batch=int(os.environ.get("PARDW_LOAD_BATCH", "25")),
        parse_timeout=float(os.environ.get("PARDW_PARSE_TIMEOUT", "60")),
        parse_memory_mb=int(os.environ.get("PARDW_PARSE_MEMORY_MB", "2048")),
        dq_rate_jump_pp=float(os.environ.get("PARDW_DQ_RATE_JUMP_PP", "30")),
        dbt_project_dir=DBT_PROJECT_DIR,
        warehouse_conn_id=os.environ.get("PARDW_WAREHOUSE_CONN_ID") or "pardw_warehouse",
        transformer_conn_id=os.environ.get("PARDW_TRANSFORMER_CONN_ID")
        or os.environ.get("PARDW_WAREHOUSE_CONN_ID")
        or "pardw_warehouse",
        ingest_concurrency=_int("PARDW_INGEST_CONCURRENCY", 2),
        ingest_executor=os.environ.get("PARDW_INGEST_EXECUTOR") or None,
        convert_timeout=_int("PARDW_CONVERT_TIMEOUT", 120),
        max_pdf_pages=_int("PARDW_MAX_PDF_PAGES", 500),
        pg_bin_dir=_path("PARDW_PG_BIN_DIR", None),
        pg_unsafe_fast=_flag("PARDW_PG_UNSAFE_FAST"),
        export_dir=_path("PARDW_EXPORT_DIR", home / "exports"),
        dashboard_url=os.environ.get("PARDW_DASHBOARD_URL") or None,
    )
