"""dbt runs for `pardw transform`, tests and benchmarks (the DAG uses cosmos instead).

The connection comes from the warehouse URL through environment variables that
``dbt_project/profiles.yml`` reads; no credentials are written anywhere.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

from pardw.config import DBT_PROJECT_DIR


class DbtError(RuntimeError):
    pass


def dbt_env(url: str) -> dict[str, str]:
    """libpq URL -> the PARDW_DBT_* variables profiles.yml reads."""
    parts = urlsplit(url)
    return {
        "PARDW_DBT_HOST": parts.hostname or "127.0.0.1",
        "PARDW_DBT_PORT": str(parts.port or 5432),
        "PARDW_DBT_USER": unquote(parts.username or "postgres"),
        "PARDW_DBT_PASSWORD": unquote(parts.password or ""),
        "PARDW_DBT_DBNAME": (parts.path or "/pardw").lstrip("/") or "pardw",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }


@contextmanager
def _env(values: dict[str, str]):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_dbt(args: list[str], url: str) -> list:
    """Run a dbt command in-process; raise DbtError naming the failed nodes."""
    from dbt.cli.main import dbtRunner

    full = [*args, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    with _env(dbt_env(url)):
        result = dbtRunner().invoke(full)
    if result.exception is not None:
        raise DbtError(f"dbt {' '.join(args)} failed: {result.exception}")
    failed = []
    for r in getattr(result.result, "results", None) or []:
        status = str(getattr(r, "status", "")).lower()
        if status in ("error", "fail", "runtimeerror"):
            failed.append(f"{r.node.unique_id}: {(r.message or '').strip()[:300]}")
    if not result.success or failed:
        raise DbtError(f"dbt {' '.join(args)} failed on {len(failed)} node(s):\n" + "\n".join(failed))
    return list(getattr(result.result, "results", None) or [])


def build(
    url: str,
    select: str | None = None,
    exclude: str | None = None,
    full_refresh: bool = False,
    selector: str = "warehouse",
) -> list:
    """`dbt build` (seeds, models, data and unit tests) of a selection of dbt_project/selectors.yml:
    ``warehouse`` (everything but the DQ marts) or ``dq`` (the DQ marts, after validation).
    ``select``/``exclude`` replace the selector with an ad-hoc selection (`pardw transform --select`)."""
    args = ["build"]
    if select or exclude:
        args += ["--select", select] if select else []
        args += ["--exclude", exclude] if exclude else []
    else:
        args += ["--selector", selector]
    if full_refresh:
        args.append("--full-refresh")
    return run_dbt(args, url)


def seed(url: str) -> list:
    return run_dbt(["seed"], url)


def parse(url: str) -> None:
    """Write target/manifest.json (cosmos renders the DAG's dbt tasks from it)."""
    run_dbt(["parse"], url)


def docs_generate(url: str) -> None:
    run_dbt(["docs", "generate"], url)
