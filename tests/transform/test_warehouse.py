"""The star schema answers analysts' questions with one query each (real dbt build on the samples)."""

from __future__ import annotations

import shutil
from dataclasses import replace

import psycopg
import pytest

from pardw.config import settings
from pardw.load.ingest import ingest_paths
from pardw.transform.dbt import build


def q(url: str, sql: str, *args):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, args).fetchall()


def test_on_time_rate_commune_kien_giang_h1_2023(built_warehouse):
    rows = q(
        built_warehouse,
        """select f.value, f.file_name, f.line
           from marts.fact_indicator f
           join marts.dim_report r on r.report_key = f.report_key
           join marts.dim_province p on p.province_code = f.province_code
           where p.province_name = 'Kiên Giang' and f.period_key = 'H1-2023' and f.indicator_key = 'iii.3.3'
             and f.source = 'appendix' and not r.is_superseded""",
    )
    assert rows == [(96.91, "000_d49b38bb6fe27dd3.txt", 474)]


def test_domain_iii_indicators_of_ca_mau_h1_2022(built_warehouse):
    rows = q(
        built_warehouse,
        """select i.indicator_key, f.value
           from marts.fact_indicator f
           join marts.dim_indicator i on i.indicator_key = f.indicator_key
           join marts.dim_province p on p.province_code = f.province_code
           where p.province_name = 'Cà Mau' and f.period_key = 'H1-2022' and i.domain_key = 'III'
             and f.source = 'appendix'
           order by i.indicator_key""",
    )
    values = dict(rows)
    assert values["iii.1.4"] == 1984
    assert values["iii.3.1.1"] == 152690 and values["iii.3.1"] == 99.99
    assert values["iii.3.3"] == 99.91 and values["iii.3.3.2"] == 69244
    assert len(values) == 18  # every valued row of domain III in Phụ lục 1, matched


def test_procedures_per_province_and_per_post_2025_province(built_warehouse):
    per_province = q(
        built_warehouse,
        """select province_name, period_key, tthc_total from marts.mart_province_scorecard order by 1""",
    )
    assert per_province == [("Cà Mau", "H1-2022", 1984), ("Kiên Giang", "H1-2023", 2004)]
    successors = q(
        built_warehouse,
        """select successor_name, period_key, value, provinces from marts.mart_successor_timeseries
           where indicator_key = 'iii.1.4' order by 1""",
    )
    assert successors == [("An Giang", "H1-2023", 2004, ["Kiên Giang"]), ("Cà Mau", "H1-2022", 1984, ["Cà Mau"])]


def test_scorecard_kpis(built_warehouse):
    [row] = q(
        built_warehouse,
        """select on_time_rate_department, on_time_rate_district, on_time_rate_commune, online_dossier_rate_full,
                  plan_completion_rate, disbursement_rate, pakn_resolution_rate
           from marts.mart_province_scorecard where province_code = '91' and period_key = 'H1-2023'""",
    )
    assert row == (98.5, 84.54, 96.91, 85.17, 51.35, 23, 92.23)


def test_province_dimension_and_merger(built_warehouse):
    assert q(
        built_warehouse,
        "select generation, count(*), count(distinct successor_code) from marts.dim_province group by 1 order by 1",
    ) == [("34", 34, 34), ("63", 63, 34)]
    assert q(built_warehouse, "select successor_name from marts.dim_province where province_name = 'Hà Giang'") == [
        ("Tuyên Quang",)
    ]


def test_catalog_match_share_at_least_95_percent(built_warehouse):
    [(valued, matched)] = q(
        built_warehouse,
        "select sum(valued_appendix_rows), sum(matched_appendix_rows) from marts.mart_dq_report_summary",
    )
    assert valued == 318 and matched / valued >= 0.95


def test_every_fact_traces_to_its_file_and_line(built_warehouse, sample_dir):
    rows = q(built_warehouse, "select file_name, line, raw_value from marts.fact_indicator where source = 'appendix'")
    assert len(rows) > 300
    texts = {}
    for file_name, line, raw in rows:
        lines = texts.setdefault(file_name, (sample_dir / file_name).read_text(encoding="utf-8").split("\n"))
        assert raw in lines[line - 1], (file_name, line, raw)


def test_adding_a_report_is_incremental_and_supersedes_the_old_version(migrated_db_url, sample_dir, tmp_path):
    cfg = replace(settings(), quarantine_dir=tmp_path / "q", processed_dir=tmp_path / "p")
    ingest_paths([sample_dir], migrated_db_url, cfg=cfg)
    build(migrated_db_url)
    before = dict(q(migrated_db_url, "select report_key, count(*) from warehouse.fact_statement group by 1"))
    stamp = q(migrated_db_url, "select min(loaded_at) from warehouse.fact_statement")[0][0]

    corrected = tmp_path / "000_corrected.txt"
    shutil.copy(sample_dir / "000_d49b38bb6fe27dd3.txt", corrected)
    text = corrected.read_text(encoding="utf-8").replace("ngày 19 tháng 6 năm 2023", "ngày 30 tháng 6 năm 2023", 1)
    corrected.write_text(text.replace("Hồ sơ\t93,687", "Hồ sơ\t93,688"), encoding="utf-8")
    ingest_paths([corrected], migrated_db_url, cfg=cfg)
    build(migrated_db_url)

    after = dict(q(migrated_db_url, "select report_key, count(*) from warehouse.fact_statement group by 1"))
    assert {k: after[k] for k in before} == before and len(after) == len(before) + 1
    assert (
        q(migrated_db_url, "select min(loaded_at) from warehouse.fact_statement")[0][0] == stamp
    )  # old rows untouched
    # fact_indicator holds the corrected version only; the history keeps both, the first one not current
    new_key = max(after)
    assert q(migrated_db_url, "select distinct report_key from warehouse.fact_indicator where province_code = '91'"
             " and period_key = 'H1-2023'") == [(new_key,)]  # fmt: skip
    assert q(
        migrated_db_url,
        "select file_name, version, is_current, value from warehouse.fact_indicator_history"
        " where province_code = '91' and period_key = 'H1-2023' and raw_value like '93,68%%' order by version",
    ) == [("000_d49b38bb6fe27dd3.txt", 1, False, 93687), ("000_corrected.txt", 2, True, 93688)]
    versions = q(
        migrated_db_url,
        "select file_name, version, is_superseded from warehouse.dim_report where province_code = '91'"
        " and period_key = 'H1-2023' order by version",
    )
    assert versions == [("000_d49b38bb6fe27dd3.txt", 1, True), ("000_corrected.txt", 2, False)]
    # the scorecard reads the current version only
    assert q(
        migrated_db_url, "select report_key from warehouse.mart_province_scorecard where province_code = '91'"
    ) == [(max(after),)]


INCREMENTAL_TABLES = {
    "fact_statement": "statement_key",
    "fact_indicator_history": "fact_key",
    "dim_reporting_unit": "reporting_unit_key",
    "mart_province_scorecard": "scorecard_key",
    "mart_indicator_ranking": "ranking_key",
    "mart_province_timeseries": "timeseries_key",
    "mart_successor_timeseries": "successor_series_key",
    "mart_catalog_unmatched": "unmatched_key",
}


def _snapshot(url: str) -> dict[str, list]:
    out = {}
    with psycopg.connect(url) as conn:
        for table, key in INCREMENTAL_TABLES.items():
            cur = conn.execute(f"select * from warehouse.{table} order by {key}")
            cols = [d.name for d in cur.description]
            out[table] = [tuple(v for c, v in zip(cols, row, strict=True) if c != "built_at") for row in cur]
    return out


def test_incremental_builds_equal_a_full_refresh(migrated_db_url, sample_dir, tmp_path):
    """Reports arriving in two batches give, build by build, the warehouse a full rebuild gives."""
    cfg = replace(settings(), quarantine_dir=tmp_path / "q", processed_dir=tmp_path / "p")
    files = sorted(sample_dir.glob("*.txt"))
    ingest_paths([files[1], files[3]], migrated_db_url, cfg=cfg)
    build(migrated_db_url)
    ingest_paths([files[0], files[2]], migrated_db_url, cfg=cfg)
    build(migrated_db_url)
    incremental = _snapshot(migrated_db_url)
    build(migrated_db_url, full_refresh=True)
    full = _snapshot(migrated_db_url)
    assert all(incremental[t] for t in INCREMENTAL_TABLES if t != "mart_catalog_unmatched")  # samples match 100%
    for table in INCREMENTAL_TABLES:
        assert incremental[table] == full[table], table


@pytest.mark.parametrize("table", ["raw.document", "warehouse.fact_indicator", "dq.finding"])
def test_reader_role_sees_only_published_marts(built_warehouse, table):
    with psycopg.connect(built_warehouse, autocommit=True) as conn:
        conn.execute("set role pardw_reader")
        assert conn.execute("select count(*) from marts.fact_indicator").fetchone()[0] > 300
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"select 1 from {table} limit 1")


def test_prose_and_appendix_share_catalog_keys(built_warehouse):
    """The number of procedures quoted in the prose lands on the appendix's key, so they can be compared:
    both are statements; fact_indicator keeps the appendix's as the one value."""
    rows = q(
        built_warehouse,
        """select source, value, line, is_chosen from marts.fact_statement
           where file_name = '000_d49b38bb6fe27dd3.txt' and indicator_key = 'iii.1.4' order by source""",
    )
    assert [(s, v, c) for s, v, _, c in rows] == [("appendix", 2004, True), ("narrative", 1993, False)]
    assert q(
        built_warehouse,
        """select source, value, line, statement_count from marts.fact_indicator
           where file_name = '000_d49b38bb6fe27dd3.txt' and indicator_key = 'iii.1.4'""",
    ) == [("appendix", 2004, 456, 2)]


def test_per_unit_tables_are_matched_to_catalog_measures(built_warehouse):
    [(total, matched)] = q(
        built_warehouse,
        "select count(*), count(indicator_key) from marts.fact_statement where source = 'breakdown'",
    )
    assert matched / total >= 0.9
    [(rate,)] = q(
        built_warehouse,
        """select f.value from marts.fact_indicator f
           join marts.dim_reporting_unit u using (reporting_unit_key)
           where f.file_name = '003_c3152b1089770077.txt' and f.indicator_key = 'iii.unit.on_time_rate'
             and lower(u.unit_name) = lower('CẤP XÃ')""",
    )
    assert rate == 99.91


def test_published_fact_is_indexed_for_dashboard_queries(built_warehouse):
    """A province's series and an indicator across provinces are index lookups on the published copy."""
    indexed = {
        r[0]
        for r in q(
            built_warehouse,
            """select a.attname from pg_index i
               join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
               join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
               where n.nspname = 'marts' and c.relname = 'fact_indicator'""",
        )
    }
    assert {"fact_key", "province_code", "indicator_key", "report_key"} <= indexed


def test_every_fact_carries_a_locator_and_task_tables_are_modelled(built_warehouse):
    rows = q(
        built_warehouse,
        """select f.value, f.line, f.locator from marts.fact_indicator f
           where f.file_name = '000_d49b38bb6fe27dd3.txt' and f.indicator_key = 'iii.3.3' and f.source = 'appendix'""",
    )
    assert rows == [(96.91, 474, "line 474")]
    assert q(
        built_warehouse, "select count(*) from marts.fact_indicator where source = 'appendix' and locator is null"
    )[0] == (0,)
    tasks = q(
        built_warehouse,
        """select t.code_as_printed, t.target, t.result, t.status, t.locator from marts.fact_task t
           join marts.dim_province p using (province_key)
           where p.province_name = 'Cà Mau' and t.period_key = 'H1-2022' order by t.line""",
    )
    assert len(tasks) == 12
    assert tasks[1] == ("02", "Tối thiểu 80%", "100%", "done", "line 688")
    assert tasks[4][3] == "in_progress"


def test_period_labels_read_as_written_in_reports(built_warehouse):
    rows = dict(q(built_warehouse, "select period_key, label_vi from marts.dim_period where period_year = 2023"))
    assert rows["H1-2023"] == "6 tháng đầu năm 2023"
    assert rows["FY-2023"] == "Năm 2023"
    assert rows["Q1-2023"] == "Quý I năm 2023"
    assert rows["9M-2023"] == "9 tháng năm 2023"
