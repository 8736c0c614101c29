"""Issue 25: an analyst's first query needs no knowledge of the warehouse's internals. Every example query of
README.md runs, as written, on published marts that hold what a real warehouse accumulates — drafts,
corrected versions, partial copies, the real Lâm Đồng reports (tests/answer_warehouse.py) — and returns the
documented rows: one row where one is meant. Sums over fact_indicator count each quantity once."""

from __future__ import annotations

import re
from collections import Counter

import psycopg
import pytest
from answer_warehouse import (
    DAK_NONG,
    DAK_NONG_CORRECTED,
    KIEN_GIANG_COPY,
    KIEN_GIANG_CORRECTED,
    KIEN_GIANG_DRAFT,
    REAL_REPORTS,
)
from report_variants import SAMPLE

from pardw.config import PROJECT_ROOT


def readme_queries() -> list[tuple[str, str]]:
    """(the comment above it, the statement) for every statement of the README's example block."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Example questions.*?```sql\n(.*?)```", text, re.S).group(1)
    queries, comment, sql = [], [], []
    for line in block.splitlines():
        if not sql and line.startswith("--"):
            comment.append(line.lstrip("- "))
        elif line.strip():
            sql.append(line)
            if line.rstrip().endswith(";"):
                title = " ".join(comment) or (queries[-1][0] if queries else "")  # a group's next statement
                queries.append((title, "\n".join(sql).rstrip(";")))
                sql, comment = [], []
        elif not sql:
            comment = []
    assert not sql, "a README query without its closing ;"
    return queries


def _unique(rows, *cols):
    keys = Counter(tuple(r[c] for c in cols) for r in rows)
    return [k for k, n in keys.items() if n > 1]


def check_kien_giang_rate(rows):
    assert [tuple(r.values()) for r in rows] == [(96.91, KIEN_GIANG_CORRECTED, 474)]


def check_versions(rows):
    assert [(r["version"], r["is_current"], r["file_name"], r["value"]) for r in rows] == [
        (1, False, KIEN_GIANG_DRAFT, 90.0),  # the draft (its value never reaches fact_indicator)
        (2, False, SAMPLE, 96.91),  # the first final
        (3, False, KIEN_GIANG_COPY, 96.91),  # its partial copy (same number and date, 80 % of it): never current
        (4, True, KIEN_GIANG_CORRECTED, 96.91),
    ]


def check_statements(rows):
    assert [tuple(r.values()) for r in rows] == [("appendix", 2004, 456, True), ("narrative", 1993, 107, False)]


def check_ca_mau(rows):
    assert len(rows) == 18 and not _unique(rows, "indicator_key")


def check_scorecard(rows):
    assert not _unique(rows, "province_name", "period_key")
    assert {(r["province_name"], r["period_key"]): r["tthc_total"] for r in rows}[("Kiên Giang", "H1-2023")] == 2004


def check_successor_procedures(rows):
    assert not _unique(rows, "successor_name", "period_key")
    assert ("An Giang", "H1-2023", 2004) in [tuple(r.values()) for r in rows]


def check_lam_dong_series(rows):
    assert not _unique(rows, "period_key", "indicator_key")
    values = {(r["period_key"], r["indicator_key"]): r for r in rows}
    # the former Lâm Đồng 1,000 + Đắk Nông's correction 2,400 (not its first 2,000) + Bình Thuận 3,000 (not its draft)
    assert values[("H1-2023", "iii.3.1.1")]["value"] == 6400
    assert values[("H1-2023", "iii.3.1")]["value"] == round(100 * (971 + 2280 + 2970) / 6400, 2)
    if REAL_REPORTS:
        fy = values[("FY-2025", "iii.3.1")]
        assert (fy["value"], fy["value_recomputed"], fy["basis"]) == (99.1, 99.11, "reported")


def check_former_series(rows):
    assert [tuple(r.values()) for r in rows] == [
        ("Bình Thuận", "63", "H1-2023", 3000), ("Lâm Đồng", "63", "H1-2023", 1000), ("Đắk Nông", "63", "H1-2023", 2400)
    ]  # fmt: skip


def check_ranking(rows):
    assert not _unique(rows, "province_name")
    if REAL_REPORTS:
        assert [tuple(r.values()) for r in rows] == [(1, "Lâm Đồng", 95.53, "1/34")]  # the final, not its draft


def check_versions_diff(rows):
    changes = {(r["from_file"], r["to_file"], r["from_value"], r["to_value"]) for r in rows}
    assert (DAK_NONG, DAK_NONG_CORRECTED, 2000, 2400) in changes  # iii.3.1.1, corrected
    assert (SAMPLE, KIEN_GIANG_CORRECTED, 93687, 93688) in changes  # the partial copy between them is no version
    assert (KIEN_GIANG_DRAFT, SAMPLE, 90, 96.91) in changes  # the draft's on-time rate
    assert not [r for r in rows if KIEN_GIANG_COPY in (r["from_file"], r["to_file"])]
    if REAL_REPORTS:
        assert ("lamdong_q1_2026_draft.docx", "lamdong_q1_2026.docx", 11, 49) in changes


# the first words of each README query's comment -> what its rows must be
EXPECTED = {
    "on-time rate of commune-level one-stop shops, Kiên Giang": check_kien_giang_rate,
    "... every version of it": check_versions,
    "every statement of the number of procedures": check_statements,
    "all domain III indicators of Cà Mau": check_ca_mau,
    "administrative procedures per province and period": None,  # two statements, checked in order below
    "Lâm Đồng before and after the merger": check_lam_dong_series,
    "... and each former province's own series": check_former_series,
    "all 34 provinces ranked": check_ranking,
    "what the final of a report changed": check_versions_diff,
}


def _check_for(comment: str, index: dict[str, int]):
    [key] = [k for k in EXPECTED if comment.startswith(k)] or [None]
    assert key is not None, f"a README query without an expectation in this test: {comment!r}"
    if EXPECTED[key] is None:
        index[key] = index.get(key, 0) + 1
        return (check_scorecard, check_successor_procedures)[index[key] - 1]
    return EXPECTED[key]


def test_every_readme_query_returns_the_documented_rows(answer_warehouse):
    queries = readme_queries()
    assert len(queries) >= 10
    seen: dict[str, int] = {}
    with psycopg.connect(answer_warehouse) as conn:
        conn.execute("set role pardw_reader")  # as a dashboard or analyst login would
        for comment, sql in queries:
            cur = conn.execute(sql)
            cols = [d.name for d in cur.description]
            rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
            assert rows, (comment, sql)
            _check_for(comment, seen)(rows)


def test_a_sum_over_fact_indicator_counts_each_quantity_once(answer_warehouse):
    """Kiên Giang H1-2023: four files of one report (draft, final, partial copy, correction), each stating some
    quantities twice (appendix and prose). fact_indicator's sum is the sum of the current file's chosen values."""
    with psycopg.connect(answer_warehouse) as conn:
        [(facts, n)] = conn.execute(
            "select sum(value), count(*) from marts.fact_indicator where province_key = '91_63' and period_key = 'H1-2023'"
        ).fetchall()
        [(chosen, m, current_file)] = conn.execute(
            """select sum(s.value), count(*), min(s.file_name) from marts.fact_statement s
               join marts.dim_report r using (report_key)
               where s.province_key = '91_63' and s.period_key = 'H1-2023' and s.is_chosen and not r.is_superseded"""
        ).fetchall()
        [(everything,)] = conn.execute(
            "select sum(value) from marts.fact_statement where province_key = '91_63' and period_key = 'H1-2023'"
            " and stated_indicator_key is not null"
        ).fetchall()
        duplicates = conn.execute(
            """select report_series_key, indicator_key, reporting_unit_key from marts.fact_indicator
               group by 1, 2, 3 having count(*) > 1"""
        ).fetchall()
    assert current_file == KIEN_GIANG_CORRECTED
    assert (round(facts, 4), n) == (round(chosen, 4), m) and n > 120
    assert everything > 3 * facts  # what a sum over every statement of every version would have said
    assert duplicates == []


def test_fact_statement_holds_every_statement(answer_warehouse):
    """Every valued appendix row, per-unit cell and prose result of every loaded file (every version) is a
    statement, with its file, line and locator."""
    with psycopg.connect(answer_warehouse) as conn:
        raw = dict(conn.execute(
            """select 'appendix', count(*) from raw.appendix_row where raw_value is not null
               union all select 'breakdown', count(*) from raw.breakdown_row where raw_value is not null
               union all select 'narrative', count(*) from raw.narrative_metric
                   where section_role = 'result' and role = 'result'"""
        ).fetchall())  # fmt: skip
        statements = dict(conn.execute("select source, count(*) from marts.fact_statement group by 1").fetchall())
        untraced = conn.execute(
            "select count(*) from marts.fact_statement where file_name is null or line is null or locator is null"
        ).fetchone()[0]
        files = conn.execute(
            "select count(distinct report_key) = (select count(*) from raw.ingested_file where status = 'loaded')"
            " from marts.fact_statement"
        ).fetchone()[0]
    assert statements == raw and untraced == 0 and files


@pytest.mark.parametrize("table", ["fact_indicator", "fact_indicator_history", "fact_statement"])
def test_the_three_tables_are_published_to_the_reader(answer_warehouse, table):
    with psycopg.connect(answer_warehouse) as conn:
        conn.execute("set role pardw_reader")
        assert conn.execute(f"select count(*) from marts.{table}").fetchone()[0] > 1000
