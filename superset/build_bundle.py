"""The Superset dashboards of pardw as a versioned export bundle (the format `superset import-dashboards` reads).

Run with the project's Python: ``python superset/build_bundle.py`` rewrites ``superset/bundle/`` (committed,
reviewed like code) and ``--zip OUT.zip`` writes the importable ZIP. UUIDs are derived from names, so a
re-import updates the same objects. The database entry carries no password: the provisioning step sets
the reader login's URI (``superset set-database-uri``) from the environment.
"""

from __future__ import annotations

import argparse
import json
import shutil
import uuid
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
BUNDLE_DIR = HERE / "bundle"
ROOT = "pardw_dashboards"
NS = uuid.UUID("7d1f5f0e-2b4a-4c36-9d0e-2025070100cc")
DATABASE_NAME = "pardw marts"
DATABASE_URI = "postgresql+psycopg2://pardw_reader_login@postgres-warehouse:5432/pardw"  # no password: see module doc


def _uuid(kind: str, name: str) -> str:
    return str(uuid.uuid5(NS, f"{kind}:{name}"))


# dataset name -> (physical table or None, SQL of a virtual dataset or None, columns: name -> (type, Vietnamese label))
DATASETS: dict[str, dict] = {
    "mart_province_scorecard": {
        "table": "mart_province_scorecard",
        "columns": {
            "province_code": ("TEXT", "Mã tỉnh"), "province_name": ("TEXT", "Tỉnh, thành phố"),
            "successor_name": ("TEXT", "Tỉnh từ 1/7/2025"), "period_key": ("TEXT", "Kỳ báo cáo"),
            "period_year": ("INTEGER", "Năm"), "tthc_total": ("DOUBLE PRECISION", "Tổng số TTHC"),
            "on_time_rate_department": ("DOUBLE PRECISION", "Đúng hạn cấp tỉnh (%)"),
            "on_time_rate_district": ("DOUBLE PRECISION", "Đúng hạn cấp huyện (%)"),
            "on_time_rate_commune": ("DOUBLE PRECISION", "Đúng hạn cấp xã (%)"),
            "online_dossier_rate_full": ("DOUBLE PRECISION", "Hồ sơ trực tuyến toàn trình (%)"),
            "plan_completion_rate": ("DOUBLE PRECISION", "Hoàn thành kế hoạch CCHC (%)"),
            "disbursement_rate": ("DOUBLE PRECISION", "Giải ngân vốn đầu tư công (%)"),
        },
    },
    "ranking_by_province": {
        "sql": "select r.indicator_key, i.name_vi as indicator_name, r.period_key, r.province_code,\n"
               "       p.province_name, r.value, r.rank_desc\n"
               "from marts.mart_indicator_ranking as r\n"
               "join marts.dim_province as p using (province_key)\n"
               "join marts.dim_indicator as i using (indicator_key)",
        "columns": {
            "indicator_key": ("TEXT", "Mã chỉ tiêu"), "indicator_name": ("TEXT", "Chỉ tiêu"),
            "period_key": ("TEXT", "Kỳ báo cáo"), "province_code": ("TEXT", "Mã tỉnh"),
            "province_name": ("TEXT", "Tỉnh, thành phố"), "value": ("DOUBLE PRECISION", "Giá trị"),
            "rank_desc": ("BIGINT", "Hạng"),
        },
    },
    "successor_series": {
        "sql": "select s.successor_code, s.successor_name, s.indicator_key, s.period_key, d.end_date, s.value\n"
               "from marts.mart_successor_timeseries as s\n"
               "join marts.dim_period as d using (period_key)",
        "columns": {
            "successor_code": ("TEXT", "Mã tỉnh (từ 1/7/2025)"), "successor_name": ("TEXT", "Tỉnh (từ 1/7/2025)"),
            "indicator_key": ("TEXT", "Mã chỉ tiêu"), "period_key": ("TEXT", "Kỳ báo cáo"),
            "end_date": ("DATE", "Cuối kỳ"), "value": ("DOUBLE PRECISION", "Giá trị"),
        },
        "dttm": "end_date",
    },
    "mart_dq_findings": {
        "table": "mart_dq_findings",
        "columns": {
            "severity": ("TEXT", "Mức độ"), "rule": ("TEXT", "Quy tắc"), "province_code": ("TEXT", "Mã tỉnh"),
            "province_name": ("TEXT", "Tỉnh"), "period_key": ("TEXT", "Kỳ"), "location": ("TEXT", "Vị trí (tệp:dòng)"),
            "observed": ("TEXT", "Báo cáo ghi"), "expected": ("TEXT", "Kỳ vọng"), "message": ("TEXT", "Mô tả"),
        },
    },
    "report_coverage": {
        "sql": "select p.province_code, p.province_name, r.period_key, r.issuer_level, r.file_name\n"
               "from marts.dim_report as r\n"
               "join marts.dim_province as p on p.province_key = r.province_key\n"
               "where not r.is_superseded",
        "columns": {
            "province_code": ("TEXT", "Mã tỉnh"), "province_name": ("TEXT", "Tỉnh, thành phố"),
            "period_key": ("TEXT", "Kỳ báo cáo"), "issuer_level": ("TEXT", "Cấp ban hành"),
            "file_name": ("TEXT", "Tệp"),
        },
    },
}  # fmt: skip

# datasets filtered by row-level security: a province's role sees only rows of its province_code
RLS_DATASETS = ("mart_province_scorecard", "ranking_by_province", "mart_dq_findings", "report_coverage")

CHARTS: dict[str, dict] = {
    "Bảng điểm tỉnh": {"dataset": "mart_province_scorecard", "viz_type": "table", "params": {
        "query_mode": "raw", "all_columns": ["province_name", "period_key", "tthc_total", "on_time_rate_department",
                                             "on_time_rate_district", "on_time_rate_commune", "plan_completion_rate",
                                             "disbursement_rate"],
        "order_by_cols": [], "row_limit": 1000}},
    "Tổng số TTHC theo tỉnh": {"dataset": "mart_province_scorecard", "viz_type": "echarts_timeseries_bar", "params": {
        "x_axis": "province_name", "metrics": [{"expressionType": "SQL", "sqlExpression": "MAX(tthc_total)",
                                                "label": "Tổng số TTHC"}],
        "groupby": [], "row_limit": 100, "orientation": "horizontal", "y_axis_format": ",d"}},
    "Xếp hạng: hồ sơ đúng hạn cấp xã": {"dataset": "ranking_by_province", "viz_type": "echarts_timeseries_bar",
        "params": {"x_axis": "province_name", "metrics": [{"expressionType": "SQL", "sqlExpression": "MAX(value)",
                                                          "label": "Giá trị"}],
                   "groupby": [], "row_limit": 100, "adhoc_filters": [
                       {"expressionType": "SQL", "sqlExpression": "indicator_key = 'iii.3.3'", "clause": "WHERE"}]}},
    "Xu hướng: tổng số TTHC (34 tỉnh)": {"dataset": "successor_series", "viz_type": "echarts_timeseries_line",
        "params": {"x_axis": "end_date", "time_grain_sqla": "P3M", "groupby": ["successor_name"],
                   "metrics": [{"expressionType": "SQL", "sqlExpression": "SUM(value)", "label": "Giá trị"}],
                   "row_limit": 1000, "adhoc_filters": [
                       {"expressionType": "SQL", "sqlExpression": "indicator_key = 'iii.1.4'", "clause": "WHERE"}]}},
    "Phát hiện chất lượng dữ liệu": {"dataset": "mart_dq_findings", "viz_type": "table", "params": {
        "query_mode": "raw", "all_columns": ["severity", "rule", "province_name", "period_key", "location", "message"],
        "order_by_cols": [], "row_limit": 1000}},
    "Độ phủ báo cáo": {"dataset": "report_coverage", "viz_type": "pivot_table_v2", "params": {
        "groupbyRows": ["province_name"], "groupbyColumns": ["period_key"],
        "metrics": [{"expressionType": "SQL", "sqlExpression": "COUNT(*)", "label": "Số báo cáo"}],
        "row_limit": 1000}},
}  # fmt: skip

DASHBOARDS = {
    "pardw-cchc": ("CCHC — Bảng điểm, xếp hạng, xu hướng", ["Bảng điểm tỉnh", "Tổng số TTHC theo tỉnh",
                    "Xếp hạng: hồ sơ đúng hạn cấp xã", "Xu hướng: tổng số TTHC (34 tỉnh)"]),
    "pardw-dq": ("CCHC — Chất lượng dữ liệu và độ phủ", ["Phát hiện chất lượng dữ liệu", "Độ phủ báo cáo"]),
}  # fmt: skip


def _database() -> dict:
    return {
        "database_name": DATABASE_NAME, "sqlalchemy_uri": DATABASE_URI, "cache_timeout": None,
        "expose_in_sqllab": True, "allow_run_async": False, "allow_ctas": False, "allow_cvas": False,
        "allow_dml": False, "allow_file_upload": False, "extra": {"allows_virtual_table_explore": True},
        "uuid": _uuid("database", DATABASE_NAME), "version": "1.0.0",
    }  # fmt: skip


def _dataset(name: str, spec: dict) -> dict:
    return {
        "table_name": name, "main_dttm_col": spec.get("dttm"), "description": None, "default_endpoint": None,
        "offset": 0, "cache_timeout": None, "schema": "marts", "sql": spec.get("sql"), "params": None,
        "template_params": None, "filter_select_enabled": True, "fetch_values_predicate": None, "extra": None,
        "normalize_columns": False, "always_filter_main_dttm": False, "uuid": _uuid("dataset", name),
        "metrics": [{"metric_name": "count", "verbose_name": "Số dòng", "metric_type": "count",
                     "expression": "COUNT(*)", "description": None, "d3format": None, "extra": {},
                     "warning_text": None}],
        "columns": [{"column_name": col, "verbose_name": label, "is_dttm": col == spec.get("dttm"),
                     "is_active": True, "type": typ, "advanced_data_type": None, "groupby": True,
                     "filterable": True, "expression": None, "description": None, "python_date_format": None,
                     "extra": {}} for col, (typ, label) in spec["columns"].items()],
        "version": "1.0.0", "database_uuid": _uuid("database", DATABASE_NAME),
    }  # fmt: skip


def _chart(name: str, spec: dict) -> dict:
    params = {"viz_type": spec["viz_type"], "adhoc_filters": [], **spec["params"]}
    return {
        "slice_name": name, "description": None, "certified_by": None, "certification_details": None,
        "viz_type": spec["viz_type"], "params": params, "query_context": None, "cache_timeout": None,
        "uuid": _uuid("chart", name), "version": "1.0.0", "dataset_uuid": _uuid("dataset", spec["dataset"]),
    }  # fmt: skip


def _dashboard(slug: str, title: str, charts: list[str]) -> dict:
    position: dict = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": title}},
    }
    for i, name in enumerate(charts):
        row, chart = f"ROW-{i}", f"CHART-{i}"
        position["GRID_ID"]["children"].append(row)
        position[row] = {"type": "ROW", "id": row, "children": [chart], "parents": ["ROOT_ID", "GRID_ID"],
                         "meta": {"background": "BACKGROUND_TRANSPARENT"}}  # fmt: skip
        position[chart] = {"type": "CHART", "id": chart, "children": [], "parents": ["ROOT_ID", "GRID_ID", row],
                           "meta": {"width": 12, "height": 50, "chartId": 0, "uuid": _uuid("chart", name),
                                    "sliceName": name}}  # fmt: skip
    return {
        "dashboard_title": title, "description": None, "css": "", "slug": slug, "certified_by": "",
        "certification_details": "", "published": True, "uuid": _uuid("dashboard", slug), "position": position,
        "metadata": {"color_scheme": "", "refresh_frequency": 0, "expanded_slices": {}, "label_colors": {},
                     "timed_refresh_immune_slices": [], "cross_filters_enabled": True,
                     "native_filter_configuration": [], "shared_label_colors": [], "color_scheme_domain": []},
        "version": "1.0.0",
    }  # fmt: skip


def bundle_files() -> dict[str, dict]:
    """Relative path inside the bundle -> YAML document."""
    files = {"metadata.yaml": {"version": "1.0.0", "type": "Dashboard", "timestamp": "2026-12-02T00:00:00+00:00"},
             "databases/pardw_marts.yaml": _database()}  # fmt: skip
    for name, spec in DATASETS.items():
        files[f"datasets/pardw_marts/{name}.yaml"] = _dataset(name, spec)
    for name, spec in CHARTS.items():
        files[f"charts/{_uuid('chart', name)[:8]}_{spec['dataset']}.yaml"] = _chart(name, spec)
    for slug, (title, charts) in DASHBOARDS.items():
        files[f"dashboards/{slug}.yaml"] = _dashboard(slug, title, charts)
    return files


def _dump(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)


def write_tree(target: Path = BUNDLE_DIR) -> None:
    if target.exists():
        shutil.rmtree(target)
    for rel, doc in bundle_files().items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(doc), encoding="utf-8")


def write_zip(out: Path, source: Path = BUNDLE_DIR) -> Path:
    """The importable ZIP of the committed tree (every file under one root folder)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(source.rglob("*.yaml")):
            zf.write(path, f"{ROOT}/{path.relative_to(source)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", type=Path, help="write the importable ZIP here (from the committed tree)")
    parser.add_argument("--rls-datasets", action="store_true", help="print the RLS datasets as JSON")
    args = parser.parse_args()
    if args.rls_datasets:
        print(json.dumps(list(RLS_DATASETS)))
    elif args.zip:
        print(write_zip(args.zip))
    else:
        write_tree()
        print(f"bundle written to {BUNDLE_DIR}")


if __name__ == "__main__":
    main()
