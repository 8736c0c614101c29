"""Run the ``par_reports`` DAG with ``airflow dags test`` against a local SQLite metadata DB.

This module shells out to the ``airflow`` CLI; it does not import Airflow, so the
package stays importable without it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pardw.config import PROJECT_ROOT, Settings, settings

DAG_ID = "par_reports"


def airflow_env(url: str, cfg: Settings | None = None) -> dict[str, str]:
    cfg = cfg or settings()
    home = cfg.home / "airflow"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_ROOT / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
            "DO_NOT_TRACK": "1",
            "SCARF_ANALYTICS": "false",
            "AIRFLOW_CONN_PARDW_WAREHOUSE": url,
            "PARDW_WAREHOUSE_URL": url,
            "PARDW_HOME": str(cfg.home),
            "PARDW_LANDING_DIR": str(cfg.landing_dir),
            "PARDW_PROCESSED_DIR": str(cfg.processed_dir),
            "PARDW_QUARANTINE_DIR": str(cfg.quarantine_dir),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT / "include"), env.get("PYTHONPATH")])),
        }
    )
    return env


def role_env(url: str, cfg: Settings) -> dict[str, str]:
    """The jobs' least-privilege logins for the DAG (created on a server pardw administers): ingest
    as the loader, dbt (cosmos), validation and publication as the transformer; ``url`` (the
    owner) only migrates."""
    from pardw.db.logins import role_url

    loader, transformer = role_url(url, cfg, "loader"), role_url(url, cfg, "transformer")
    return {
        "PARDW_LOADER_URL": loader,
        "PARDW_TRANSFORMER_URL": transformer,
        "AIRFLOW_CONN_PARDW_TRANSFORMER": transformer,
        "PARDW_TRANSFORMER_CONN_ID": "pardw_transformer",
    }


def _airflow_bin() -> str:
    candidate = Path(sys.executable).with_name("airflow")
    return str(candidate) if candidate.exists() else "airflow"


def init_metadata(env: dict[str, str]) -> None:
    """``airflow db migrate`` (idempotent; a few seconds when the schema is current)."""
    proc = subprocess.run([_airflow_bin(), "db", "migrate"], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"airflow db migrate failed: {proc.stderr.strip()[-2000:]}")


def dags_test(url: str, cfg: Settings | None = None, logical_date: str | None = None) -> subprocess.CompletedProcess:
    """``airflow dags test par_reports``; returns the completed process (stdout/stderr captured)."""
    from pardw.transform.dbt import parse

    env = airflow_env(url, cfg) | role_env(url, cfg or settings())
    init_metadata(env)
    parse(url)  # target/manifest.json: cosmos renders the dbt tasks from it at DAG parse time
    args = [_airflow_bin(), "dags", "test", DAG_ID]
    if logical_date:
        args.append(logical_date)
    return subprocess.run(args, env=env, capture_output=True, text=True)
