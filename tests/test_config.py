"""One place for configuration: every PARDW_* variable the package and the DAGs name is in the table of
pardw.config's docstring (what users read), and Settings reads it from the environment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pardw.config
from pardw.config import PROJECT_ROOT, ConfigError, settings

# named in the code but not configuration a user sets for pardw itself
NOT_SETTINGS = {
    # pardw.transform.dbt hands the connection to dbt's profiles.yml with these (derived from the URL)
    "PARDW_DBT_HOST", "PARDW_DBT_PORT", "PARDW_DBT_USER", "PARDW_DBT_PASSWORD", "PARDW_DBT_DBNAME",
    # docker-compose's secrets, checked by pardw.secrets_check before the services start
    "PARDW_LOADER_PASSWORD", "PARDW_TRANSFORMER_PASSWORD", "PARDW_READER_PASSWORD", "PARDW_CHECK_PRESENT_ONLY",
}  # fmt: skip


def _named() -> set[str]:
    files = [*(PROJECT_ROOT / "include" / "pardw").rglob("*.py"), *(PROJECT_ROOT / "dags").glob("*.py")]
    found: set[str] = set()
    for path in files:
        found |= set(
            re.findall(r"(?<![A-Z_])PARDW_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_{])", Path(path).read_text(encoding="utf-8"))
        )
    return found


def test_every_variable_the_code_names_is_documented_in_the_config_table():
    table = set(re.findall(r"^\| (PARDW_[A-Z0-9_]+)", pardw.config.__doc__ or "", flags=re.M))
    table |= set(re.findall(r"PARDW_[A-Z0-9_]+_URL", pardw.config.__doc__ or ""))
    undocumented = _named() - table - NOT_SETTINGS
    assert not undocumented, sorted(undocumented)


def test_settings_read_the_environment(monkeypatch, tmp_path):
    for name, value in {
        "PARDW_INGEST_CONCURRENCY": "6",
        "PARDW_INGEST_EXECUTOR": "CeleryExecutor",
        "PARDW_TRANSFORMER_CONN_ID": "pardw_transformer",
        "PARDW_CONVERT_TIMEOUT": "30",
        "PARDW_PG_UNSAFE_FAST": "yes",
        "PARDW_EXPORT_DIR": str(tmp_path / "out"),
    }.items():
        monkeypatch.setenv(name, value)
    cfg = settings()
    assert (cfg.ingest_concurrency, cfg.ingest_executor, cfg.transformer_conn_id) == (
        6,
        "CeleryExecutor",
        "pardw_transformer",
    )
    assert (cfg.convert_timeout, cfg.max_pdf_pages, cfg.pg_unsafe_fast) == (30, 500, True)
    assert cfg.export_dir == tmp_path / "out"
    assert cfg.warehouse_conn_id == "pardw_warehouse"


def test_a_bad_number_is_a_clear_error_not_a_silent_default(monkeypatch):
    monkeypatch.setenv("PARDW_BATCH_SIZE", "fifty")
    with pytest.raises(ConfigError, match="PARDW_BATCH_SIZE must be a whole number, not 'fifty'"):
        settings()


def test_the_readme_configuration_table_lists_the_same_variables():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    in_readme = set(re.findall(r"`(PARDW_[A-Z0-9_]+)`", section))
    in_config = set(re.findall(r"PARDW_[A-Z0-9_]+[A-Z0-9]", pardw.config.__doc__ or ""))
    assert in_readme == in_config, (sorted(in_readme - in_config), sorted(in_config - in_readme))
