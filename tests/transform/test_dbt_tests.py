"""The dbt project's own tests run in every `dbt build` of the warehouse (so in `make test`): the unit
tests of the matching ladder, the per-unit measures' matching, report versions, the reporting-unit merge and rate recomputation, and
the singular tests of dbt_project/tests/. The build is the `warehouse` selector of selectors.yml."""

from __future__ import annotations

from dataclasses import replace

from pardw.config import settings
from pardw.load.ingest import ingest_paths
from pardw.transform.dbt import build

UNIT_TESTS = {
    "appendix_matching_ladder",  # int_appendix_matched
    "breakdown_measure_matching",  # int_breakdown_matched
    "report_versions",  # int_reports
    "reporting_units_merge",  # dim_reporting_unit
    "successor_rates_recomputed_from_sums",  # mart_successor_timeseries
}
SINGULAR_TESTS = {
    "fact_statement_traces_to_its_source",
    "one_current_version_per_report_series",
    "fact_indicator_sums_its_chosen_statements",
}


def test_unit_and_singular_tests_run_and_pass_in_the_warehouse_build(migrated_db_url, sample_dir, tmp_path):
    ingest_paths([sample_dir], migrated_db_url, cfg=replace(settings(), quarantine_dir=tmp_path / "q"))
    results = build(migrated_db_url)  # raises DbtError naming any node that failed
    status = {(r.resource_type, r.name): r.status for r in results}
    assert {name: status.get(("unit_test", name)) for name in UNIT_TESTS} == dict.fromkeys(UNIT_TESTS, "pass")
    singular = {r.name for r in results if r.original_file_path.startswith("tests/")}
    assert singular == SINGULAR_TESTS
    assert {status[("test", name)] for name in SINGULAR_TESTS} == {"pass"}
    # the warehouse selection leaves the DQ marts to the build after validation, the dq selection
    models = {r.name for r in results if r.resource_type == "model"}
    assert {
        "int_breakdown_matched",
        "int_narrative_matched",
        "fact_statement",
        "fact_indicator_history",
        "fact_indicator",
    } <= models
    # neither the DQ marts nor their tests (which carry no tag of their own) are in the warehouse build
    assert not [r.unique_id for r in results if "mart_dq" in r.unique_id]
    dq = build(migrated_db_url, selector="dq")
    assert {r.name for r in dq if r.resource_type == "model"} == {
        "mart_dq_findings",
        "mart_dq_report_summary",
    }
