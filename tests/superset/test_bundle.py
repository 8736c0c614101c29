"""The Superset export bundle: committed tree up to date, consistent references, marts only, no password;
the dashboards profile in docker-compose.yml; and (with a Superset virtualenv) a real import and check."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from pardw.config import DBT_PROJECT_DIR, PROJECT_ROOT

SUPERSET_DIR = PROJECT_ROOT / "superset"


def _builder():
    spec = importlib.util.spec_from_file_location("pardw_superset_bundle", SUPERSET_DIR / "build_bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree() -> dict[str, dict]:
    root = SUPERSET_DIR / "bundle"
    return {str(p.relative_to(root)): yaml.safe_load(p.read_text(encoding="utf-8")) for p in root.rglob("*.yaml")}


def test_committed_bundle_is_what_the_builder_writes():
    assert _tree() == _builder().bundle_files(), "run: .venv/bin/python superset/build_bundle.py"


def test_references_are_consistent_and_read_marts_only():
    tree = _tree()
    by_kind = {
        k: {p: d for p, d in tree.items() if p.startswith(k + "/")}
        for k in ("databases", "datasets", "charts", "dashboards")
    }
    (database,) = by_kind["databases"].values()
    assert "@" in database["sqlalchemy_uri"] and ":" not in database["sqlalchemy_uri"].split("//")[1].split("@")[0]
    assert database["allow_dml"] is False
    datasets = {d["uuid"]: d for d in by_kind["datasets"].values()}
    models = {p.stem for p in (DBT_PROJECT_DIR / "models" / "warehouse").rglob("*.sql")}
    for ds in datasets.values():
        assert ds["database_uuid"] == database["uuid"] and ds["schema"] == "marts"
        if ds["sql"]:
            assert set(re.findall(r"from\s+(\w+)\.|join\s+(\w+)\.", ds["sql"])) <= {("marts", ""), ("", "marts")}
            assert set(re.findall(r"marts\.(\w+)", ds["sql"])) <= models
        else:
            assert ds["table_name"] in models
    charts = {c["uuid"]: c for c in by_kind["charts"].values()}
    assert all(c["dataset_uuid"] in datasets for c in charts.values())
    on_dashboards = {
        node["meta"]["uuid"]
        for d in by_kind["dashboards"].values()
        for node in d["position"].values()
        if isinstance(node, dict) and node.get("type") == "CHART"
    }
    assert on_dashboards == set(charts)
    assert {d["slug"] for d in by_kind["dashboards"].values()} == {"pardw-cchc", "pardw-dq"}


def test_zip_has_one_root_folder(tmp_path):
    import zipfile

    out = _builder().write_zip(tmp_path / "b.zip")
    names = zipfile.ZipFile(out).namelist()
    assert "pardw_dashboards/metadata.yaml" in names and all(n.startswith("pardw_dashboards/") for n in names)


def test_dashboards_profile_in_compose():
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    for name in ("superset", "superset-init"):
        svc = compose["services"][name]
        assert svc["profiles"] == ["dashboards"] and svc["image"] == "pardw-superset:6.1.0"
    env = compose["services"]["superset"]["environment"]
    assert env["PARDW_SUPERSET_READER_URL"].startswith("postgresql://pardw_reader_login:${PARDW_READER_PASSWORD")
    assert "FROM apache/superset:6.1.0" in (SUPERSET_DIR / "Dockerfile").read_text(encoding="utf-8")
    pins = (SUPERSET_DIR / "requirements.txt").read_text(encoding="utf-8")
    assert "flask-caching==2.3.1" in pins and "apache-superset==6.1.0" in pins


@pytest.mark.slow
@pytest.mark.skipif(
    not Path(os.environ.get("PARDW_SUPERSET_VENV", "/nonexistent"), "bin", "superset").exists(),
    reason="set PARDW_SUPERSET_VENV to a Superset virtualenv (superset/requirements.txt) to import the bundle",
)
def test_bundle_imports_and_every_chart_queries_the_marts(reader_url):
    proc = subprocess.run([str(SUPERSET_DIR / "validate.sh"), reader_url], capture_output=True, text=True, timeout=1500)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert "ok  scorecard: Kiên Giang H1-2023 commune on-time 96.91, Cà Mau 1984 TTHC" in out
    assert "row-level security: sonv_kien_giang" in out and "superset bundle: OK" in out
