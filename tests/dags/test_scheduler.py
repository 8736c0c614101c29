"""par_reports through the production services, not `airflow dags test`: scheduler, api-server and
dag-processor (LocalExecutor, Airflow metadata in PostgreSQL), triggered through the REST API,
with the mapped ingest tasks sent to a Celery worker on Debian's redis-server (executors
"LocalExecutor,CeleryExecutor", PARDW_INGEST_EXECUTOR=CeleryExecutor: the compose profile
"celery" runs every task on Celery; here dbt stays local to keep the run short).

The warehouse and the Airflow metadata are two databases on the session's embedded server. The
api-server authenticates with the simple auth manager here (a user with a generated password,
no all-admins mode); the deployment uses the FAB auth manager (tests/test_docker_compose.py).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
import pytest

from pardw.airflow_runner import _airflow_bin, airflow_env, init_metadata, role_env
from pardw.config import SAMPLE_REPORTS_DIR, settings
from pardw.db.migrate import migrate
from pardw.transform.dbt import parse

# Five services and three DAG runs, every dbt model a task process of its own (cosmos): measured
# 24 min (passed, 2 Dec 2026) on the shared 2-core machine at load 11-14, so it runs on request only:
#   PARDW_TEST_SCHEDULER=1 pytest tests/dags/test_scheduler.py      (make test-scheduler)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("PARDW_TEST_SCHEDULER") != "1",
                       reason="the real-scheduler run takes 5-25 min: set PARDW_TEST_SCHEDULER=1 (make test-scheduler)"),
]  # fmt: skip

RUN_TIMEOUT = float(os.environ.get("PARDW_TEST_SCHEDULER_TIMEOUT", "2400"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Airflow:
    base: str
    token: str
    logs: Path

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def wait_runs_finished(self, timeout: float = RUN_TIMEOUT) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            runs = self.call("GET", "/api/v2/dags/par_reports/dagRuns?limit=50")["dag_runs"]
            if runs and all(r["state"] in ("success", "failed") for r in runs):
                return runs
            time.sleep(3)
        raise AssertionError(f"DAG runs did not finish in {timeout:.0f} s; logs in {self.logs}:\n{self.tail()}")

    def tail(self) -> str:
        return "\n".join(
            f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-40:])
            for log in sorted(self.logs.glob("*.log"))
        )


def _wait_http(url: str, timeout: float, logs: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    raise AssertionError(f"{url} did not answer in {timeout:.0f} s; logs in {logs}")


@pytest.fixture
def airflow_services(pg_server_url, tmp_path) -> Iterator[tuple[Airflow, str, object]]:
    redis_bin = shutil.which("redis-server")
    if not redis_bin:
        pytest.skip("redis-server not installed (make install does it as root: apt-get install -y redis-server)")
    pytest.importorskip("airflow.providers.celery", reason="the [celery] extra is not installed (make install)")
    suffix = uuid.uuid4().hex[:10]
    warehouse_db, metadata_db = f"w_sched_{suffix}", f"af_sched_{suffix}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'create database "{warehouse_db}"')
        conn.execute(f'create database "{metadata_db}"')
    base_url = pg_server_url.rsplit("/", 1)[0]
    warehouse_url = f"{base_url}/{warehouse_db}"
    home = tmp_path / "home"
    cfg = replace(settings(), home=home, landing_dir=tmp_path / "landing", processed_dir=tmp_path / "processed",
                  quarantine_dir=tmp_path / "quarantine")  # fmt: skip
    migrate(warehouse_url)
    parse(warehouse_url)  # target/manifest.json, from which the dag-processor renders the dbt tasks
    port, redis_port, redis_password = _free_port(), _free_port(), secrets.token_urlsafe(24)
    env = airflow_env(warehouse_url, cfg) | role_env(warehouse_url, cfg)  # jobs run as their logins
    env.update(
        {
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": base_url.replace("postgresql://", "postgresql+psycopg2://", 1)
            + f"/{metadata_db}",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor,CeleryExecutor",
            "PARDW_INGEST_EXECUTOR": "CeleryExecutor",
            "AIRFLOW__CELERY__BROKER_URL": f"redis://:{redis_password}@127.0.0.1:{redis_port}/0",
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+"
            + base_url.replace("postgresql://", "postgresql+psycopg2://", 1)
            + f"/{metadata_db}",
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "2",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__CORE__FERNET_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
            "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "steward:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "airflow" / "passwords.json"),
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
            "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
        }
    )
    init_metadata(env)  # airflow db migrate, on PostgreSQL
    logs = tmp_path / "service_logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []
    redis_conf = tmp_path / "redis.conf"  # the password stays out of the process list
    redis_conf.write_text(f"port {redis_port}\nbind 127.0.0.1\nrequirepass {redis_password}\nsave \"\"\n"
                          f"appendonly no\ndir {tmp_path}\n")  # fmt: skip
    services = {
        "redis": [redis_bin, str(redis_conf)],
        "api-server": [_airflow_bin(), "api-server", "--port", str(port), "--host", "127.0.0.1"],
        "dag-processor": [_airflow_bin(), "dag-processor"],
        "scheduler": [_airflow_bin(), "scheduler"],
        "celery-worker": [_airflow_bin(), "celery", "worker", "--concurrency", "2"],
    }
    try:
        for name, command in services.items():
            out = (logs / f"{name}.log").open("w")
            procs.append(
                subprocess.Popen(
                    command,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=tmp_path,
                    start_new_session=True,
                )
            )
        base = f"http://127.0.0.1:{port}"
        _wait_http(base + "/api/v2/version", 180, logs)
        passwords = json.loads((home / "airflow" / "passwords.json").read_text())
        request = urllib.request.Request(
            base + "/auth/token",
            data=json.dumps({"username": "steward", "password": passwords["steward"]}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            token = json.loads(response.read())["access_token"]
        yield Airflow(base, token, logs), warehouse_url, cfg
    finally:
        for proc in procs:  # each service leads its own process group (its task processes too)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{warehouse_db}" with (force)')
            conn.execute(f'drop database if exists "{metadata_db}" with (force)')


def _warehouse(url: str) -> dict[str, object]:
    with psycopg.connect(url) as conn:
        return {
            "files": conn.execute("select count(*) from raw.ingested_file").fetchone()[0],
            "facts": conn.execute("select count(*) from marts.fact_indicator").fetchone()[0],
            "publications": conn.execute("select count(*) from pardw_meta.publication").fetchone()[0],
            "kien_giang_on_time": conn.execute(
                """select f.value from marts.fact_indicator f join marts.dim_province p using (province_code)
                   where p.province_name = 'Kiên Giang' and f.period_key = 'H1-2023'
                     and f.indicator_key = 'iii.3.3' and f.source = 'appendix'"""
            ).fetchone()[0],
        }


def test_par_reports_through_scheduler_api_server_and_dag_processor(airflow_services):
    airflow, warehouse_url, cfg = airflow_services
    deadline = time.monotonic() + 300
    while True:  # the dag-processor has parsed the DAG file
        try:
            dag = airflow.call("GET", "/api/v2/dags/par_reports")
            break
        except urllib.error.HTTPError as exc:
            if exc.code != 404 or time.monotonic() > deadline:
                raise AssertionError(f"par_reports not parsed: {exc}\n{airflow.tail()}") from exc
            time.sleep(3)
    assert dag["is_paused"] is True  # paused at creation
    airflow.call("PATCH", "/api/v2/dags/par_reports", {"is_paused": False})
    airflow.wait_runs_finished()  # the scheduled run of the last interval: an empty landing folder

    cfg.landing_dir.mkdir(parents=True, exist_ok=True)
    for src in sorted(SAMPLE_REPORTS_DIR.glob("*.txt")):
        shutil.copy2(src, cfg.landing_dir / src.name)
    run = airflow.call("POST", "/api/v2/dags/par_reports/dagRuns", {"logical_date": None})
    runs = {r["dag_run_id"]: r for r in airflow.wait_runs_finished()}
    assert runs[run["dag_run_id"]]["state"] == "success", airflow.tail()
    tasks = airflow.call("GET", f"/api/v2/dags/par_reports/dagRuns/{run['dag_run_id']}/taskInstances?limit=200")
    states = {t["task_id"]: t["state"] for t in tasks["task_instances"]}
    assert states["publish"] == "success" and states["validate"] == "success"
    # the mapped ingest ran on the Celery worker, the rest on the LocalExecutor
    ingest = [t for t in tasks["task_instances"] if t["task_id"] == "ingest_batch"]
    assert ingest and all(t["executor"] == "CeleryExecutor" and t["state"] == "success" for t in ingest)
    assert {t["executor"] for t in tasks["task_instances"] if t["task_id"] == "publish"} in ({None}, {"LocalExecutor"})
    worker_log = (airflow.logs / "celery-worker.log").read_text(errors="replace")
    assert "execute_workload" in worker_log and "succeeded" in worker_log, worker_log[-3000:]
    first = _warehouse(warehouse_url)
    assert first["files"] == 4 and first["facts"] > 300 and first["kien_giang_on_time"] == 96.91
    assert not any(cfg.landing_dir.iterdir())
    assert sorted(p.name for p in cfg.processed_dir.iterdir()) == sorted(
        p.name for p in SAMPLE_REPORTS_DIR.glob("*.txt")
    )

    # a second trigger with nothing new: the run succeeds and the warehouse does not change
    again = airflow.call("POST", "/api/v2/dags/par_reports/dagRuns", {"logical_date": None})
    runs = {r["dag_run_id"]: r for r in airflow.wait_runs_finished()}
    assert runs[again["dag_run_id"]]["state"] == "success", airflow.tail()
    second = _warehouse(warehouse_url)
    assert {k: v for k, v in second.items() if k != "publications"} == {
        k: v for k, v in first.items() if k != "publications"
    }
