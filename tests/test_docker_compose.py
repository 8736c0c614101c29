"""docker-compose.yml checked statically (no Docker engine here): services, pinned images,
healthchecks, mounts, no credentials in the file."""

from __future__ import annotations

import re

import pytest
import yaml
from pardw.config import PROJECT_ROOT

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
LONG_RUNNING = ["airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
                "postgres-airflow", "postgres-warehouse"]  # fmt: skip


def test_services_present():
    assert set(LONG_RUNNING) | {"airflow-init"} <= set(SERVICES)


def test_images_are_pinned():
    for name, svc in SERVICES.items():
        image = svc["image"]
        assert ":" in image and not image.endswith(":latest"), name
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^FROM apache/airflow:(\S+)", dockerfile, re.M).group(1)
    pinned = re.search(r'"apache-airflow==([\d.]+)"', (PROJECT_ROOT / "pyproject.toml").read_text()).group(1)
    assert base.startswith(pinned + "-")


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_healthchecks(name):
    assert SERVICES[name]["healthcheck"]["test"]


def test_executor_and_connections():
    env = SERVICES["airflow-scheduler"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] in ("LocalExecutor", "CeleryExecutor")
    assert env["AIRFLOW_CONN_PARDW_WAREHOUSE"].startswith("postgresql://")
    assert "8080:8080" in SERVICES["airflow-apiserver"]["ports"]


def test_no_literal_passwords():
    text = (PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    for name, svc in SERVICES.items():
        for key, value in (svc.get("environment") or {}).items():
            if "PASSWORD" in key or "SECRET" in key:
                assert str(value).startswith("${"), (name, key)
    for match in re.finditer(r"postgresql(?:\+psycopg2)?://[^:]+:([^@]+)@", text):
        assert match.group(1).startswith("${"), match.group(0)


def test_project_and_data_mounted():
    volumes = SERVICES["airflow-scheduler"]["volumes"]
    targets = {v.split(":")[1] for v in volumes}
    assert {"/opt/airflow/dags", "/opt/airflow/pardw/dbt_project", "/opt/airflow/pardw/include", "/data"} <= targets
    env = SERVICES["airflow-scheduler"]["environment"]
    assert env["PARDW_LANDING_DIR"].startswith("/data") and env["PARDW_QUARANTINE_DIR"].startswith("/data")
    assert "pardw-data" in COMPOSE["volumes"]


def test_init_runs_migrations_before_services():
    init = " ".join(SERVICES["airflow-init"]["command"])
    assert "airflow db migrate" in init and "pardw migrate" in init
    assert "pardw manifest" in init  # cosmos renders the dbt tasks from target/manifest.json
    for name in ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer"):
        assert SERVICES[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"
