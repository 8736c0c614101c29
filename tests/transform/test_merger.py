"""The warehouse across the 2025 reform, on reports generated from a sample by editing its text
(province, period, values) on both sides of 1/7/2025: the unit each report resolves to, rankings
within one generation (63 before, 34 after), the successor series across the line, report
versions, the consistency rules across periods, and catalog coverage."""

from __future__ import annotations

import importlib.util
import shutil
import uuid
from dataclasses import replace

import psycopg
import pytest
from report_variants import LINE, SAMPLE, variant

from pardw.config import PROJECT_ROOT, settings
from pardw.db.migrate import migrate
from pardw.load.ingest import ingest_paths
from pardw.quality.rules import load_rules
from pardw.transform.dbt import build

REAL = PROJECT_ROOT.parent / "shared" / "real_reports" / "lamdong"


def q(url: str, sql: str, *args):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, args or None).fetchall()


def rule_rows(url: str, name: str) -> list[tuple]:
    """Rows breaking a data-quality rule (the rule's own SQL over the whole fact table)."""
    [rule] = [r for r in load_rules() if r.name == name]
    sql = rule.sql.replace("{batch}", "warehouse.fact_statement")
    return q(url, f"select file_id, line, indicator_key, observed, expected, message from ({sql}) as r order by 1, 2")


# file -> (province as printed, period, year, {line: cell})
REPORTS = {
    # H1 2023: four of the 63 units (the sample itself is Kiên Giang)
    "h1_2023_lam_dong.txt": ("Lâm Đồng", "H1", 2023,
                             {LINE["iii.3.1"]: "97,1", LINE["iii.3.1.1"]: "1,000", LINE["iii.3.1.2"]: "971"}),
    "h1_2023_dak_nong.txt": ("Đắk Nông", "H1", 2023,
                             {LINE["iii.3.1"]: "95,0", LINE["iii.3.1.1"]: "2,000", LINE["iii.3.1.2"]: "1,900"}),
    "h1_2023_binh_thuan.txt": ("Bình Thuận", "H1", 2023,
                               {LINE["iii.3.1"]: "99,0", LINE["iii.3.1.1"]: "3,000", LINE["iii.3.1.2"]: "2,970"}),
    # Q1 2026: three of the 34 units; "Bạc Liêu" is a former name of (part of) the new Cà Mau
    "q1_2026_lam_dong.txt": ("Lâm Đồng", "Q1", 2026,
                             {LINE["iii.3.1"]: "95,53", LINE["iii.3.1.1"]: "125.712", LINE["iii.3.1.2"]: "120.088"}),
    "q1_2026_an_giang.txt": ("An Giang", "Q1", 2026,
                             {LINE["iii.3.1"]: "99,2", LINE["iii.3.1.1"]: "50,000", LINE["iii.3.1.2"]: "49,600"}),
    "q1_2026_bac_lieu.txt": ("Bạc Liêu", "Q1", 2026,
                             {LINE["iii.3.1"]: "90,0", LINE["iii.3.1.1"]: "10,000", LINE["iii.3.1.2"]: "9,000"}),
    # its draft, named so, with the plan rows swapped (planned 19 / done 37 instead of 37 / 19)
    "q1_2026_lam_dong_draft.txt": ("Lâm Đồng", "Q1", 2026,
                                   {LINE["iii.3.1"]: "95,53", LINE["iii.3.1.1"]: "125.712",
                                    LINE["iii.3.1.2"]: "120.088", LINE["i.2.1"]: "19", LINE["i.2.2"]: "37"}),
    # H1 2026 of the new Lâm Đồng: fewer dossiers resolved than in Q1 (a cumulative count fell) and an
    # on-time rate 35 points lower without a note
    "h1_2026_lam_dong.txt": ("Lâm Đồng", "H1", 2026,
                             {LINE["iii.3.1"]: "60,0", LINE["iii.3.1.1"]: "100.000", LINE["iii.3.1.2"]: "60.000"}),
}  # fmt: skip
# declares Công văn 4625/BNV-CCHC while keeping the 581 layout: codes that mean other rows in 4625
# (581's 3.2 = district on-time rate, 4625's 3.2 = commune) must not be matched by code
DECLARES_4625 = {"q1_2026_an_giang.txt"}


@pytest.fixture(scope="module")
def merger_warehouse(pg_server_url, sample_dir, tmp_path_factory):
    name = f"m_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    migrate(url)
    home = tmp_path_factory.mktemp("merger")
    landing = home / "landing"
    landing.mkdir()
    shutil.copy(sample_dir / SAMPLE, landing / SAMPLE)
    for file_name, (province, period, year, values) in REPORTS.items():
        template = "4625" if file_name in DECLARES_4625 else None
        text = variant(sample_dir, province=province, period=period, year=year, values=values, template=template)
        (landing / file_name).write_text(text, encoding="utf-8")
    cfg = replace(settings(), quarantine_dir=home / "q", processed_dir=home / "p")
    summary = ingest_paths([landing], url, cfg=cfg)  # one batch, the draft after its final
    assert summary.loaded == len(REPORTS) + 1, summary.to_dict()
    build(url)
    yield url
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


def test_each_report_resolves_to_the_unit_in_force(merger_warehouse):
    rows = dict(
        (f, (k, g, n))
        for f, k, g, n in q(
            merger_warehouse,
            """select r.file_name, r.province_key, p.generation, p.province_name
               from warehouse.dim_report r join warehouse.dim_province p using (province_key)""",
        )
    )
    assert rows[SAMPLE] == ("91_63", "63", "Kiên Giang")
    assert rows["h1_2023_lam_dong.txt"] == ("68_63", "63", "Lâm Đồng")  # the former Lâm Đồng
    assert rows["h1_2023_dak_nong.txt"] == ("67_63", "63", "Đắk Nông")
    assert rows["q1_2026_lam_dong.txt"] == ("68_34", "34", "Lâm Đồng")  # the new one, three provinces in one
    assert rows["q1_2026_bac_lieu.txt"] == ("96_34", "34", "Cà Mau")  # a former name resolves to its successor
    assert q(merger_warehouse, "select count(*) from warehouse.dim_province where province_code = '68'") == [(2,)]
    assert q(
        merger_warehouse,
        "select predecessor_name from warehouse.dim_province_merger where successor_key = '68_34' order by 1",
    ) == [("Bình Thuận",), ("Lâm Đồng",), ("Đắk Nông",)]


def test_rankings_stay_within_one_generation(merger_warehouse):
    ranking = q(
        merger_warehouse,
        """select r.period_key, p.province_name, r.generation, r.rank_desc, r.provinces_reporting,
                  r.provinces_in_generation, r.value
           from warehouse.mart_indicator_ranking r join warehouse.dim_province p using (province_key)
           where r.indicator_key = 'iii.3.1' order by r.period_key, r.rank_desc""",
    )
    assert ranking == [
        ("H1-2023", "Bình Thuận", "63", 1, 4, 63, 99.0),
        ("H1-2023", "Kiên Giang", "63", 2, 4, 63, 98.5),
        ("H1-2023", "Lâm Đồng", "63", 3, 4, 63, 97.1),
        ("H1-2023", "Đắk Nông", "63", 4, 4, 63, 95.0),
        ("H1-2026", "Lâm Đồng", "34", 1, 1, 34, 60.0),
        ("Q1-2026", "An Giang", "34", 1, 3, 34, 99.2),
        ("Q1-2026", "Lâm Đồng", "34", 2, 3, 34, 95.53),  # the final's value; its draft is superseded
        ("Q1-2026", "Cà Mau", "34", 3, 3, 34, 90.0),
    ]


def test_successor_series_sums_the_former_units_then_continues_with_the_new_unit(merger_warehouse):
    series = q(
        merger_warehouse,
        """select period_key, indicator_key, value, basis, provinces
           from warehouse.mart_successor_timeseries
           where successor_key = '68_34' and indicator_key in ('iii.3.1', 'iii.3.1.1')
           order by period_key, indicator_key""",
    )
    former = ["Bình Thuận", "Lâm Đồng", "Đắk Nông"]
    assert series == [
        ("H1-2023", "iii.3.1", round(100 * 5841 / 6000, 2), "predecessors_summed", former),  # recomputed, not averaged
        ("H1-2023", "iii.3.1.1", 6000, "predecessors_summed", former),
        ("H1-2026", "iii.3.1", 60.0, "reported", ["Lâm Đồng"]),
        ("H1-2026", "iii.3.1.1", 100000, "reported", ["Lâm Đồng"]),
        ("Q1-2026", "iii.3.1", 95.53, "reported", ["Lâm Đồng"]),  # 120,088 / 125,712
        ("Q1-2026", "iii.3.1.1", 125712, "reported", ["Lâm Đồng"]),
    ]
    # the old units' own series stay as they were reported
    assert q(
        merger_warehouse,
        """select province_name, value from warehouse.mart_province_timeseries
           where province_key = '67_63' and indicator_key = 'iii.3.1.1'""",
    ) == [("Đắk Nông", 2000)]


def test_draft_is_kept_but_superseded_and_its_changes_are_listed(merger_warehouse):
    versions = q(
        merger_warehouse,
        """select file_name, version, is_draft, is_superseded from warehouse.dim_report
           where province_key = '68_34' and period_key = 'Q1-2026' order by version""",
    )
    assert versions == [("q1_2026_lam_dong_draft.txt", 1, True, True), ("q1_2026_lam_dong.txt", 2, False, False)]
    changes = q(
        merger_warehouse,
        """select from_file, to_file, indicator_key, from_value, to_value, from_line, to_line, change
           from warehouse.mart_report_versions_diff where province_key = '68_34' order by indicator_key""",
    )
    assert changes == [
        ("q1_2026_lam_dong_draft.txt", "q1_2026_lam_dong.txt", "i.2.1", 19, 37, 404, 404, "changed"),
        ("q1_2026_lam_dong_draft.txt", "q1_2026_lam_dong.txt", "i.2.2", 37, 19, 405, 405, "changed"),
    ]
    assert q(
        merger_warehouse, "select count(*) from raw.document where starts_with(file_name, 'q1_2026_lam_dong')"
    ) == [(2,)]


def test_cumulative_count_that_falls_is_a_finding_with_both_files(merger_warehouse):
    rows = rule_rows(merger_warehouse, "cumulative_count_decreases")
    found = [r for r in rows if r[2] == "iii.3.1.1"]
    [(file_id, line, _key, observed, expected, message)] = found
    assert q(merger_warehouse, "select file_name from raw.document where file_id = %s", file_id) == [
        ("h1_2026_lam_dong.txt",)
    ]
    assert line == LINE["iii.3.1.1"]
    assert observed == f"100.000 in H1-2026 (h1_2026_lam_dong.txt:{line})"
    assert expected == f">= 125.712 of Q1-2026 (q1_2026_lam_dong.txt:{line})"
    assert "fell from Q1-2026 to H1-2026" in message
    # the draft is superseded and the other units report one period each: nothing else fell
    assert {r[2] for r in rows} == {"iii.3.1.1", "iii.3.1.2"}


def test_rate_jump_without_a_note_is_a_finding(merger_warehouse):
    rows = [r for r in rule_rows(merger_warehouse, "rate_jumps_between_periods") if r[2] == "iii.3.1"]
    [(_, line, _, observed, expected, message)] = rows
    assert line == LINE["iii.3.1"]
    assert observed == f"60,0 % in H1-2026 (h1_2026_lam_dong.txt:{line})"
    assert expected == f"within 30 points of 95,53 % in Q1-2026 (q1_2026_lam_dong.txt:{line})"
    assert "moved by 35.53 points" in message


def test_declared_template_codes_are_used_only_when_the_wording_agrees(merger_warehouse):
    rows = dict(
        q(
            merger_warehouse,
            """select f.indicator_key, f.value || ' ' || f.match_method from warehouse.fact_indicator f
               join warehouse.dim_report r using (report_key)
               where r.file_name = 'q1_2026_an_giang.txt' and f.source = 'appendix'
                 and f.indicator_key in ('iii.3.1', 'iii.3.2', 'iii.3.3', 'iii.3.4')""",
        )
    )
    assert rows == {
        "iii.3.1": "99.2 template_code",  # 3.1 is the same row in both templates
        "iii.3.2": "84.54 name_and_parent",  # 581's 3.2 (cấp huyện) is not 4625's 3.2 (cấp xã)
        "iii.3.3": "96.91 name_and_parent",
        "iii.3.4": "92.23 name_and_parent",
    }
    assert q(
        merger_warehouse, "select template from warehouse.dim_report where file_name = 'q1_2026_an_giang.txt'"
    ) == [("4625",)]


def test_catalog_knows_both_templates(merger_warehouse):
    assert q(
        merger_warehouse,
        """select count(*), count(*) filter (where change in ('new', 'renamed', 'renumbered_renamed'))
           from reference.indicator_template_row where template = '4625'""",
    ) == [(123, 17)]
    keys = {
        k: (c581, c4625, ended)
        for k, c581, c4625, ended in q(
            merger_warehouse,
            """select indicator_key, code_581, code_4625, ended_2025 from warehouse.dim_indicator
               where indicator_key in ('iii.3.2', 'iii.3.3', 'vii.6.5', 'iii.1.4.vertical', 'i.index.pci_rank')""",
        )
    }
    assert keys == {
        "iii.3.2": ("3.2", None, True),  # district on-time rate: ends with the 2022 template
        "iii.3.3": ("3.3", "3.2", False),  # commune on-time rate: renumbered, same key
        "vii.6.5": ("6.5", "4.5", False),
        "iii.1.4.vertical": (None, "1.4.3", False),  # new in 4625
        "i.index.pci_rank": (None, None, False),  # not a template row
    }


def test_every_report_matches_at_least_98_percent_of_its_valued_rows(merger_warehouse):
    shares = q(
        merger_warehouse,
        """select r.file_name, count(*), count(a.candidate_key)
           from intermediate.int_appendix_matched a join warehouse.dim_report r on r.report_key = a.file_id
           where a.value is not null group by 1""",
    )
    assert len(shares) == len(REPORTS) + 1
    for file_name, valued, matched in shares:
        assert matched / valued >= 0.98, (file_name, valued, matched)


def _has_docx_reader() -> bool:
    try:
        return importlib.util.find_spec("pardw.parse.readers.docx") is not None
    except ModuleNotFoundError:
        return False


needs_real_docx = pytest.mark.skipif(
    not (_has_docx_reader() and REAL.is_dir()), reason="no docx reader yet (pardw.parse.readers.docx)"
)


@pytest.fixture(scope="module")
def lamdong_warehouse(pg_server_url, tmp_path_factory):
    """The real Lâm Đồng reports of the 4625 template: the Q1-2026 draft, then its final, and the 2025 report."""
    name = f"l_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    migrate(url)
    home = tmp_path_factory.mktemp("lamdong")
    cfg = replace(settings(), quarantine_dir=home / "q", processed_dir=home / "p")
    for file_name in ("lamdong_q1_2026_draft.docx", "lamdong_q1_2026.docx", "lamdong_fy_2025.docx"):
        summary = ingest_paths([REAL / file_name], url, cfg=cfg)
        assert summary.loaded == 1, summary.to_dict()
    build(url)
    yield url
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@needs_real_docx
def test_real_draft_and_final_swap_the_plan_rows(lamdong_warehouse):
    changes = q(
        lamdong_warehouse,
        """select from_file, to_file, indicator_key, from_value, to_value, change
           from warehouse.mart_report_versions_diff where period_key = 'Q1-2026' order by indicator_key""",
    )
    assert changes == [
        ("lamdong_q1_2026_draft.docx", "lamdong_q1_2026.docx", "i.2.1", 11, 49, "changed"),
        ("lamdong_q1_2026_draft.docx", "lamdong_q1_2026.docx", "i.2.2", 49, 11, "changed"),
    ]
    assert q(
        lamdong_warehouse,
        """select f.value from warehouse.fact_indicator f join warehouse.dim_report r using (report_key)
           where not r.is_superseded and r.period_key = 'Q1-2026' and f.indicator_key = 'i.2.1'""",
    ) == [(49,)]


@needs_real_docx
def test_real_reports_of_the_4625_template_match_the_catalog(lamdong_warehouse):
    shares = dict(
        (f, (v, m))
        for f, v, m in q(
            lamdong_warehouse,
            """select r.file_name, count(*), count(a.candidate_key)
               from intermediate.int_appendix_matched a join warehouse.dim_report r on r.report_key = a.file_id
               where a.value is not null group by 1""",
        )
    )
    for file_name, (valued, matched) in shares.items():
        assert matched / valued >= 0.98, (file_name, valued, matched)
    # renumbered rows keep their key: 4625's Biểu mẫu 7 row 4.5 is 581's 6.5, Biểu mẫu 3 row 3.2 is 581's 3.3
    keys = dict(
        q(
            lamdong_warehouse,
            """select f.code_as_printed || ' ' || f.table_name, f.indicator_key from warehouse.fact_indicator f
               join warehouse.dim_report r using (report_key)
               where r.file_name = 'lamdong_q1_2026.docx' and f.source = 'appendix'""",
        )
    )
    assert keys["4.5 Biểu mẫu 7"] == "vii.6.5" and keys["3.2 Biểu mẫu 3"] == "iii.3.3"
    assert keys["1.4.3 Biểu mẫu 3"] == "iii.1.4.vertical"  # a row new in 4625
    # the new Lâm Đồng ranks among the 34
    assert q(
        lamdong_warehouse,
        """select generation, provinces_in_generation from warehouse.mart_indicator_ranking
           where period_key = 'Q1-2026' and indicator_key = 'iii.3.1'""",
    ) == [("34", 34)]
