"""par_exports: scheduled on the Asset par_reports.publish emits; a real `airflow dags test` run writes the
workbook and the HTML report from the published marts through the reader login."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import openpyxl
import pytest

from pardw.airflow_runner import _airflow_bin, airflow_env, init_metadata
from pardw.config import PROJECT_ROOT, settings


@pytest.fixture(scope="module")
def export_env(tmp_path_factory, built_warehouse, reader_url):
    home = tmp_path_factory.mktemp("exports_home")
    cfg = replace(settings(), home=home, landing_dir=home / "landing", processed_dir=home / "processed",
                  quarantine_dir=home / "quarantine")  # fmt: skip
    env = airflow_env(built_warehouse, cfg)
    env.update({"PARDW_DASHBOARD_URL": reader_url, "PARDW_EXPORT_DIR": str(home / "exports")})
    init_metadata(env)
    return env, home / "exports"


def test_scheduled_on_the_published_marts_asset(export_env):
    env, _ = export_env
    code = (
        "import json\n"
        "from airflow.dag_processing.dagbag import DagBag\n"
        f"bag = DagBag(dag_folder={str(PROJECT_ROOT / 'dags' / 'par_exports.py')!r})\n"
        "assert not bag.import_errors, bag.import_errors\n"
        "dag = bag.get_dag('par_exports')\n"
        "print(json.dumps({'tasks': sorted(dag.task_ids), 'uris': [str(dag.timetable.asset_condition)]}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    assert info["tasks"] == ["refresh_exports"]
    assert "pardw://marts/fact_indicator" in info["uris"][0]


def test_dag_run_writes_the_exports(export_env):
    env, out = export_env
    proc = subprocess.run([_airflow_bin(), "dags", "test", "par_exports"], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    wb = openpyxl.load_workbook(out / "pardw_cchc.xlsx")
    header = [c.value for c in wb["Bảng điểm"][3]]
    rows = [dict(zip(header, r, strict=True)) for r in wb["Bảng điểm"].iter_rows(min_row=4, values_only=True)]
    assert {r["Tỉnh, thành phố"]: r["Tổng số TTHC"] for r in rows} == {"Cà Mau": 1984, "Kiên Giang": 2004}
    assert "96,91 %" in (out / "pardw_cchc.html").read_text(encoding="utf-8")
