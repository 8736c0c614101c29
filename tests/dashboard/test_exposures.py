"""dbt exposures declare what every dashboard page and export reads, so `dbt docs` shows what feeds them."""

from __future__ import annotations

import re

import yaml

from pardw.config import DBT_PROJECT_DIR, PACKAGE_DIR

EXPOSURES = DBT_PROJECT_DIR / "models" / "warehouse" / "_exposures.yml"


def _exposures() -> dict[str, set[str]]:
    doc = yaml.safe_load(EXPOSURES.read_text(encoding="utf-8"))
    return {e["name"]: {re.fullmatch(r"ref\('(\w+)'\)", d).group(1) for d in e["depends_on"]} for e in doc["exposures"]}


def test_one_exposure_per_page_and_export():
    names = set(_exposures())
    pages = {p.stem for p in (PACKAGE_DIR / "dashboard" / "pages").glob("*.py")} - {"__init__"}
    assert {"scorecard", "rankings", "trends", "map", "quality", "coverage"} == pages
    assert {"dashboard_province_scorecard", "dashboard_rankings", "dashboard_trends_across_merger", "dashboard_map",
            "dashboard_data_quality", "dashboard_coverage", "export_workbook", "export_html_report"} == names  # fmt: skip


def test_exposures_cover_every_marts_table_the_queries_read():
    sql = (PACKAGE_DIR / "dashboard" / "queries.py").read_text(encoding="utf-8")
    views = {"publication_status", "latest_publication", "latest_publication_exceptions"}  # the migrations' views
    read = set(re.findall(r"marts\.(\w+)", sql)) - views
    declared = set().union(*_exposures().values())
    assert read <= declared, read - declared
    models = {p.stem for p in (DBT_PROJECT_DIR / "models" / "warehouse").rglob("*.sql")}
    assert declared <= models
