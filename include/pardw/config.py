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
| PARDW_DBT_TARGET_DIR | <PARDW_DBT_PROJECT_DIR>/target | dbt's target folder (manifest, run results, partial-parse state), its logs in ../logs beside it; one per process that runs dbt at the same time as another (the test workers) |
| PARDW_WAREHOUSE_CONN_ID | pardw_warehouse | Airflow connection of the warehouse (when PARDW_WAREHOUSE_URL is unset) |
| PARDW_TRANSFORMER_CONN_ID | (PARDW_WAREHOUSE_CONN_ID) | Airflow connection cosmos builds dbt's profile from (the transformer's login) |
| PARDW_CONVERT_TIMEOUT | 120 | seconds LibreOffice/antiword may take to convert one .doc |
| PARDW_MAX_PDF_PAGES | 500 | PDFs with more pages are quarantined (too_large) |
| PARDW_PG_UNSAFE_FAST | (off) | embedded server without crash safety (benchmarks only) |
| PARDW_EXPORT_DIR | <PARDW_HOME>/exports | where the export DAG writes the .xlsx and .html |
| PARDW_DASHBOARD_URL | (reader login) | the dashboard app's read-only login (set by `pardw dashboard` for its Streamlit process) |
| PARDW_LOCK_TIMEOUT | 300 | seconds a warehouse session waits for a lock (ingest, publish, validate, dbt) before it fails with an error; 0 = no limit |
| PARDW_STATEMENT_TIMEOUT | 3600 | seconds one SQL statement may run before it is cancelled with an error; 0 = no limit |
| PARDW_IDLE_TX_TIMEOUT | 600 | seconds a session may sit idle inside a transaction before the server ends it; 0 = no limit |
| PARDW_OCR_PAGE_SECONDS | 60 | seconds OCR may spend on one scanned page before the file is quarantined (ocr_timeout) |
| PARDW_OCR_MIN_CONFIDENCE | 80 | OCR confidence (0-100) under which a value read from a scan is a warning (rule ocr_low_confidence) |
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
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"  # the bundled project; Settings.dbt_project_dir is the one used


class ConfigError(ValueError):
    """A PARDW_* variable holds a value pardw cannot use (named in the message)."""


def _text(name: str, default: str | None) -> str | None:
    return os.environ.get(name) or default


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _number(name: str, default: float, kind: type) -> float | int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{name} must be {what}, not {value!r}") from None


def _int(name: str, default: int) -> int:
    return int(_number(name, default, int))


def _float(name: str, default: float) -> float:
    return float(_number(name, default, float))


def convert_timeout() -> int:
    """PARDW_CONVERT_TIMEOUT: the .doc reader reads only its own variable while it parses."""
    return _int("PARDW_CONVERT_TIMEOUT", 120)


def max_pdf_pages() -> int:
    """PARDW_MAX_PDF_PAGES: the PDF reader reads only its own variable while it parses."""
    return _int("PARDW_MAX_PDF_PAGES", 500)


def ocr_page_seconds() -> float:
    """PARDW_OCR_PAGE_SECONDS: the OCR reader reads only its own variable while it parses."""
    return _float("PARDW_OCR_PAGE_SECONDS", 60.0)


def ocr_min_confidence() -> float:
    """PARDW_OCR_MIN_CONFIDENCE: below it a value read by OCR is flagged (ocr_low_confidence)."""
    return _float("PARDW_OCR_MIN_CONFIDENCE", 80.0)


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
    parse_timeout: float
    parse_memory_mb: int
    dq_rate_jump_pp: float
    dbt_project_dir: Path
    dbt_target_dir: Path
    warehouse_conn_id: str
    transformer_conn_id: str
    ingest_concurrency: int
    ingest_executor: str | None
    convert_timeout: int
    max_pdf_pages: int
    pg_bin_dir: Path | None
    pg_unsafe_fast: bool
    export_dir: Path
    dashboard_url: str | None
    lock_timeout: float = 300.0
    statement_timeout: float = 3600.0
    idle_tx_timeout: float = 600.0
    ocr_min_confidence: float = 80.0

    @property
    def embedded(self) -> bool:
        return self.warehouse_url is None

    @property
    def pg_data_dir(self) -> Path:
        return self.home / "pgdata"


def settings() -> Settings:
    """Settings from the environment, read now (every default is written here, once)."""
    home = _path("PARDW_HOME", PROJECT_ROOT / ".pardw")
    warehouse_conn_id = _text("PARDW_WAREHOUSE_CONN_ID", "pardw_warehouse")
    dbt_project_dir = _path("PARDW_DBT_PROJECT_DIR", DBT_PROJECT_DIR)
    return Settings(
        home=home,
        warehouse_url=_text("PARDW_WAREHOUSE_URL", None),
        pg_port=_int("PARDW_PG_PORT", 54329),
        landing_dir=_path("PARDW_LANDING_DIR", home / "landing"),
        processed_dir=_path("PARDW_PROCESSED_DIR", home / "processed"),
        quarantine_dir=_path("PARDW_QUARANTINE_DIR", home / "quarantine"),
        max_file_bytes=_int("PARDW_MAX_FILE_BYTES", 20_000_000),
        batch_size=_int("PARDW_BATCH_SIZE", 50),
        load_batch=_int("PARDW_LOAD_BATCH", 25),
        parse_timeout=_float("PARDW_PARSE_TIMEOUT", 60.0),
        parse_memory_mb=_int("PARDW_PARSE_MEMORY_MB", 2048),
        dq_rate_jump_pp=_float("PARDW_DQ_RATE_JUMP_PP", 30.0),
        dbt_project_dir=dbt_project_dir,
        dbt_target_dir=_path("PARDW_DBT_TARGET_DIR", dbt_project_dir / "target"),
        warehouse_conn_id=warehouse_conn_id,
        transformer_conn_id=_text("PARDW_TRANSFORMER_CONN_ID", warehouse_conn_id),
        ingest_concurrency=_int("PARDW_INGEST_CONCURRENCY", 2),
        ingest_executor=_text("PARDW_INGEST_EXECUTOR", None),
        convert_timeout=convert_timeout(),
        max_pdf_pages=max_pdf_pages(),
        pg_bin_dir=_path("PARDW_PG_BIN_DIR", None),
        pg_unsafe_fast=_flag("PARDW_PG_UNSAFE_FAST"),
        export_dir=_path("PARDW_EXPORT_DIR", home / "exports"),
        dashboard_url=_text("PARDW_DASHBOARD_URL", None),
        lock_timeout=_float("PARDW_LOCK_TIMEOUT", 300.0),
        statement_timeout=_float("PARDW_STATEMENT_TIMEOUT", 3600.0),
        idle_tx_timeout=_float("PARDW_IDLE_TX_TIMEOUT", 600.0),
        ocr_min_confidence=ocr_min_confidence(),
    )
