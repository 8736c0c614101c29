"""The data-quality rules, each one SQL query that returns the rows breaking it.

Every query returns the same columns so that its rows become findings a data steward
can act on: file_id, line, indicator_key, observed, expected, message. ``{batch}`` is the
table the rule's suite validates (Great Expectations' UnexpectedRowsExpectation).

Severity: **blocking** for broken structure and impossible values (publication stops,
the published marts keep their last good version); **warning** for a report that
disagrees with itself (published with the data, counted per report).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    suite: str  # raw_document | warehouse_fact
    severity: str  # blocking | warning
    description: str
    sql: str


# a rate printed with two decimals differs from its recomputed value by rounding only
RATE_TOLERANCE = 0.5

# -- consistency across periods ---------------------------------------------------------
# Counts of flows since 1 January (documents issued, dossiers resolved, feedback received...):
# the figure of Q1 is part of H1's, of 9M's and of the year's, so it cannot fall along Q1 -> H1
# -> 9M -> FY. Stocks at the reporting date (staff in post, procedures in force) may fall and
# are not listed.
CUMULATIVE_COUNTS = (
    "i.1", "i.2.2", "i.3.1", "i.3.3.1", "i.3.3.2", "i.6.1",
    "ii.1", "ii.1.1", "ii.1.2", "ii.1.3", "ii.2.1", "ii.3.1",
    "iii.1.1", "iii.1.2", "iii.1.3", "iii.3.1.1", "iii.3.1.2", "iii.3.2.1", "iii.3.2.2", "iii.3.3.1",
    "iii.3.3.2", "iii.3.4.1", "iii.3.4.2",
    "v.2.1", "v.2.4", "v.3", "v.4",
    "vi.1.2",
    "vii.6.3.1", "vii.6.3.2", "vii.6.4.1", "vii.6.4.2",
)  # fmt: skip
# A rate (tỷ lệ) moving by more than this many percentage points between a unit's consecutive
# reporting periods of one year needs a note (Ghi chú) on the row; PARDW_DQ_RATE_JUMP_PP overrides
# it. Years are not chained: year-to-date rates (plan completion, disbursement) restart each Q1.
RATE_JUMP_THRESHOLD = float(os.environ.get("PARDW_DQ_RATE_JUMP_PP", "30"))

# current appendix values with their period's place in time; series are per unit of one generation
# (province_key), so the new Lâm Đồng's 9M-2025 figure is never compared with the former Lâm Đồng's H1
_PERIOD_VALUES = """
    select f.report_key, f.line, f.indicator_key, f.reporting_unit_key, f.province_key, f.value, f.raw_value,
           f.file_name, f.period_key, d.period_type, d.period_year, d.start_date, d.end_date
    from {batch} as f
    join warehouse.dim_report as r on r.report_key = f.report_key
    join warehouse.dim_period as d on d.period_key = f.period_key
    where f.source = 'appendix' and f.indicator_key is not null and f.value is not null and not r.is_superseded
"""

_FACT_PAIRS = """
    select r.report_key, f_rate.line, i.indicator_key, f_rate.value as rate,
           f_num.value as numerator, f_den.value as denominator, f_num.line as num_line, f_den.line as den_line,
           i.name_vi
    from {batch} as f_rate
    join warehouse.dim_indicator as i on i.indicator_key = f_rate.indicator_key and i.kind = 'rate'
    join warehouse.dim_report as r on r.report_key = f_rate.report_key
    join {batch} as f_num on f_num.report_key = f_rate.report_key and f_num.indicator_key = i.numerator_key
        and f_num.reporting_unit_key = f_rate.reporting_unit_key and f_num.source = f_rate.source
    join {batch} as f_den on f_den.report_key = f_rate.report_key and f_den.indicator_key = i.denominator_key
        and f_den.reporting_unit_key = f_rate.reporting_unit_key and f_den.source = f_rate.source
    where f_rate.value is not null and f_num.value is not null and f_den.value is not null
"""

RULES: tuple[Rule, ...] = (
    # -- raw documents: required metadata -----------------------------------------------
    Rule(
        "document_missing_metadata",
        "raw_document",
        "blocking",
        "Every report has a province, a reporting period (kỳ báo cáo) and a year.",
        """
        select file_id, coalesce(line, 1) as line, null::text as indicator_key,
               concat_ws(', ', case when province_code is null then 'no province' end,
                         case when period_type is null then 'no period' end,
                         case when period_year is null then 'no year' end) as observed,
               'province, period type and year' as expected,
               'the report header lacks required metadata (tỉnh / kỳ báo cáo / năm)' as message
        from {batch}
        where province_code is null or period_type is null or period_year is null
        """,
    ),
    Rule(
        "raw_rows_without_file",
        "raw_document",
        "blocking",
        "Every raw row belongs to an ingested file (raw has no per-row foreign keys; see migration 040).",
        """
        select o.file_id, min(o.line) as line, null::text as indicator_key,
               o.tbl || ' rows of file_id ' || o.file_id as observed,
               'a raw.ingested_file row for the file' as expected,
               'raw rows without their ingested file (tệp) - the raw schema was written outside pardw ingest'
                   as message
        from (
            select file_id, coalesce(line, 1) as line, 'raw.document' as tbl from {batch}
            union all select file_id, line, 'raw.appendix_row' from raw.appendix_row
            union all select file_id, line, 'raw.breakdown_row' from raw.breakdown_row
            union all select file_id, line, 'raw.narrative_metric' from raw.narrative_metric
            union all select file_id, coalesce(line, 1), 'raw.parse_warning' from raw.parse_warning
            union all select file_id, line, 'raw.task_row' from raw.task_row
        ) as o
        where not exists (select 1 from raw.ingested_file as f where f.file_id = o.file_id)
        group by o.file_id, o.tbl
        """,
    ),
    Rule(
        "document_period_type_invalid",
        "raw_document",
        "blocking",
        "Period types are Q1..Q4, H1, 9M or FY.",
        """
        select file_id, coalesce(line, 1) as line, null::text as indicator_key, period_type as observed,
               'Q1, Q2, Q3, Q4, H1, 9M or FY' as expected, 'unknown reporting period type' as message
        from {batch}
        where period_type is not null and period_type not in ('Q1', 'Q2', 'Q3', 'Q4', 'H1', '9M', 'FY')
        """,
    ),
    Rule(
        "document_unknown_province",
        "raw_document",
        "blocking",
        "Every report's province is a unit of dim_province (the 63 before 1/7/2025 or the 34 after).",
        """
        select d.file_id, coalesce(d.line, 1) as line, null::text as indicator_key,
               coalesce(d.province_code, '') || ' ' || coalesce(d.province, '') as observed,
               'a province of dim_province' as expected, 'province not in dim_province' as message
        from {batch} as d
        where d.province_code is not null
          and not exists (select 1 from warehouse.dim_province as p where p.province_code = d.province_code)
        """,
    ),
    Rule(
        "document_missing_report_number",
        "raw_document",
        "warning",
        "A report carries its number (Số: .../BC-...).",
        """
        select file_id, 1 as line, null::text as indicator_key, 'no report number' as observed,
               'Số: <n>/BC-<issuer>' as expected,
               'the header has no report number (số báo cáo); versions are told apart by issue date only' as message
        from {batch}
        where report_number is null
        """,
    ),
    Rule(
        "appendix_cites_other_report",
        "raw_document",
        "warning",
        "The appendix cites the report's own number.",
        """
        select w.file_id, w.line, null::text as indicator_key,
               substring(w.message from 'số ([0-9]+/[A-ZĐ-]+)') as observed, d.report_number as expected,
               w.message
        from raw.parse_warning as w
        join {batch} as d using (file_id)
        where w.code = 'appendix_report_number_mismatch'
        """,
    ),
    Rule(
        "report_partial_copy",
        "raw_document",
        "warning",
        "A file is not a truncated or partial copy of another (same số báo cáo and date, fewer cells).",
        """
        select d.file_id, coalesce(d.line, 1) as line, null::text as indicator_key,
               'a partial copy of ' || c.file_name as observed,
               'the complete report (' || c.file_name || ') stays current' as expected,
               'truncated or partial copy (bản sao thiếu) of report số ' || coalesce(r.report_number, '?')
                   || ': sections missing; not used as a new version until a steward decides' as message
        from {batch} as d
        join warehouse.dim_report as r on r.report_key = d.file_id and r.is_partial_copy
        join warehouse.dim_report as c on c.report_key = r.partial_copy_of
        """,
    ),
    # -- warehouse facts: structure and impossible values ---------------------------------
    Rule(
        "fact_duplicate_grain",
        "warehouse_fact",
        "blocking",
        "No two facts share report x indicator x reporting unit x source.",
        """
        select min(f.report_key) as file_id, min(f.line) as line, f.indicator_key,
               count(*)::text as observed, '1' as expected, 'duplicate fact at the declared grain' as message
        from {batch} as f
        where f.indicator_key is not null
        group by f.report_key, f.indicator_key, f.reporting_unit_key, f.source
        having count(*) > 1
        """,
    ),
    Rule(
        "fact_orphan_reference",
        "warehouse_fact",
        "blocking",
        "Every fact's report, indicator, province and period exist in their dimensions.",
        """
        select f.report_key as file_id, f.line, f.indicator_key,
               concat_ws(', ', case when r.report_key is null then 'report ' || f.report_key end,
                         case when f.indicator_key is not null and i.indicator_key is null then 'indicator ' || f.indicator_key end,
                         case when f.province_code is not null and p.province_code is null then 'province ' || coalesce(f.province_key, f.province_code) end,
                         case when f.period_key is not null and d.period_key is null then 'period ' || f.period_key end) as observed,
               'keys present in dim_report, dim_indicator, dim_province, dim_period' as expected,
               'fact refers to a missing dimension row' as message
        from {batch} as f
        left join warehouse.dim_report as r on r.report_key = f.report_key
        left join warehouse.dim_indicator as i on i.indicator_key = f.indicator_key
        left join warehouse.dim_province as p on p.province_key = f.province_key
        left join warehouse.dim_period as d on d.period_key = f.period_key
        where r.report_key is null
           or (f.indicator_key is not null and i.indicator_key is null)
           or (f.province_code is not null and p.province_code is null)
           or (f.period_key is not null and d.period_key is null)
        """,
    ),
    Rule(
        "rate_out_of_range",
        "warehouse_fact",
        "blocking",
        "Percentages lie within 0-100.",
        """
        select f.report_key as file_id, f.line, f.indicator_key, f.raw_value as observed, '0 to 100 %' as expected,
               'a rate (tỷ lệ) outside 0-100 %: ' || i.name_vi as message
        from {batch} as f
        join warehouse.dim_indicator as i on i.indicator_key = f.indicator_key
        where i.kind = 'rate' and f.value is not null and (f.value < 0 or f.value > 100)
        """,
    ),
    Rule(
        "count_negative",
        "warehouse_fact",
        "blocking",
        "Counts are not negative.",
        """
        select f.report_key as file_id, f.line, f.indicator_key, f.raw_value as observed, '>= 0' as expected,
               'a negative count: ' || coalesce(i.name_vi, f.name_as_printed) as message
        from {batch} as f
        left join warehouse.dim_indicator as i on i.indicator_key = f.indicator_key
        where f.value < 0 and coalesce(i.kind, 'count') in ('count', 'amount')
        """,
    ),
    Rule(
        "count_not_whole",
        "warehouse_fact",
        "warning",
        "Counts are whole numbers (a fraction usually means a misread separator).",
        """
        select f.report_key as file_id, f.line, f.indicator_key, f.raw_value as observed, 'a whole number' as expected,
               'a count (' || coalesce(f.unit, '') || ') that is not a whole number: ' || i.name_vi as message
        from {batch} as f
        join warehouse.dim_indicator as i on i.indicator_key = f.indicator_key
        where i.kind = 'count' and f.value is not null and f.value <> trunc(f.value)
        """,
    ),
    # -- reconciliation: the report disagrees with itself ----------------------------------
    Rule(
        "rate_mismatch",
        "warehouse_fact",
        "warning",
        f"A rate equals numerator / denominator x 100 within {RATE_TOLERANCE} percentage points.",
        f"""
        select report_key as file_id, line, indicator_key, rate::text as observed,
               round((100.0 * numerator / denominator)::numeric, 2)::text
                   || ' (' || numerator || ' / ' || denominator || ', lines ' || num_line || ', ' || den_line || ')' as expected,
               'the rate (tỷ lệ) does not match its own counts: ' || name_vi as message
        from ({_FACT_PAIRS}) as p
        where denominator > 0 and abs(rate - 100.0 * numerator / denominator) > {RATE_TOLERANCE}
        """,
    ),
    Rule(
        "numerator_exceeds_denominator",
        "warehouse_fact",
        "warning",
        "On time <= resolved, done <= planned: a rate's numerator never exceeds its denominator.",
        f"""
        select report_key as file_id, num_line as line, indicator_key, numerator::text as observed,
               '<= ' || denominator || ' (line ' || den_line || ')' as expected,
               'the part exceeds the whole for: ' || name_vi as message
        from ({_FACT_PAIRS}) as p
        where numerator > denominator
        """,
    ),
    Rule(
        "parent_not_sum_of_children",
        "warehouse_fact",
        "warning",
        "A parent row equals the sum of its children where the catalog says it should.",
        """
        with kids as (
            select f.report_key, f.reporting_unit_key, f.source, i.parent_key,
                   sum(f.value) as total, count(*) as n, string_agg(f.line::text, ', ' order by f.line) as lines
            from {batch} as f
            join warehouse.dim_indicator as i on i.indicator_key = f.indicator_key and i.kind = 'count'
            where f.value is not null and i.parent_key is not null
            group by 1, 2, 3, 4
        ),
        expected_kids as (
            select parent_key, count(*) as n from warehouse.dim_indicator where kind = 'count' and parent_key is not null
            group by parent_key
        )
        select f.report_key as file_id, f.line, f.indicator_key, f.value::text as observed,
               k.total::text || ' (sum of lines ' || k.lines || ')' as expected,
               'the total is not the sum of its parts: ' || i.name_vi as message
        from {batch} as f
        join warehouse.dim_indicator as i on i.indicator_key = f.indicator_key and i.sums_children
        join kids as k on k.report_key = f.report_key and k.parent_key = f.indicator_key
            and k.reporting_unit_key = f.reporting_unit_key and k.source = f.source
        join expected_kids as e on e.parent_key = f.indicator_key and e.n = k.n
        where f.value is not null and abs(f.value - k.total) > 0.5
        """,
    ),
    Rule(
        "prose_disagrees_with_appendix",
        "warehouse_fact",
        "warning",
        "The same quantity quoted in the prose and in the appendix agrees.",
        """
        select n.report_key as file_id, n.line, n.indicator_key, n.raw_value as observed,
               a.raw_value || ' (appendix line ' || a.line || ')' as expected,
               'the prose and the appendix give different values for: ' || i.name_vi as message
        from {batch} as n
        join {batch} as a on a.report_key = n.report_key and a.indicator_key = n.indicator_key
            and a.reporting_unit_key = n.reporting_unit_key and a.source = 'appendix'
        join warehouse.dim_indicator as i on i.indicator_key = n.indicator_key
        where n.source = 'narrative' and n.value is not null and a.value is not null
          and abs(n.value - a.value) > greatest(0.5, 0.001 * abs(a.value))
        """,
    ),
    Rule(
        "cumulative_count_decreases",
        "warehouse_fact",
        "warning",
        "A cumulative count of one unit and year never falls from Q1 to H1 to 9M to FY (figures since 1 January).",
        f"""
        with v as ({_PERIOD_VALUES}
              and f.indicator_key in ({", ".join(f"'{k}'" for k in CUMULATIVE_COUNTS)})
              and d.period_type in ('Q1', 'H1', '9M', 'FY')
        ),
        chain as (
            select v.*,
                   lag(value) over w as prev_value, lag(raw_value) over w as prev_raw,
                   lag(period_key) over w as prev_period, lag(file_name) over w as prev_file,
                   lag(line) over w as prev_line
            from v
            window w as (
                partition by province_key, reporting_unit_key, indicator_key, period_year order by end_date, report_key
            )
        )
        select c.report_key as file_id, c.line, c.indicator_key,
               c.raw_value || ' in ' || c.period_key || ' (' || c.file_name || ':' || c.line || ')' as observed,
               '>= ' || c.prev_raw || ' of ' || c.prev_period || ' (' || c.prev_file || ':' || c.prev_line || ')'
                   as expected,
               'a cumulative count (lũy kế từ đầu năm) fell from ' || c.prev_period || ' to ' || c.period_key
                   || ': ' || i.name_vi as message
        from chain as c
        join warehouse.dim_indicator as i on i.indicator_key = c.indicator_key
        where c.prev_value is not null and c.value < c.prev_value
        """,
    ),
    Rule(
        "rate_jumps_between_periods",
        "warehouse_fact",
        "warning",
        f"A rate moves by at most {RATE_JUMP_THRESHOLD:g} percentage points between a unit's consecutive reporting "
        "periods of one year unless the row carries a note (Ghi chú).",
        f"""
        with v as ({_PERIOD_VALUES}
        ),
        rates as (
            select v.* from v
            join warehouse.dim_indicator as i on i.indicator_key = v.indicator_key and i.kind = 'rate'
        ),
        chain as (
            select rates.*,
                   lag(value) over w as prev_value, lag(raw_value) over w as prev_raw,
                   lag(period_key) over w as prev_period, lag(file_name) over w as prev_file,
                   lag(line) over w as prev_line
            from rates
            window w as (
                partition by province_key, reporting_unit_key, indicator_key, period_year
                order by end_date, start_date desc, report_key
            )
        )
        select c.report_key as file_id, c.line, c.indicator_key,
               c.raw_value || ' % in ' || c.period_key || ' (' || c.file_name || ':' || c.line || ')' as observed,
               'within {RATE_JUMP_THRESHOLD:g} points of ' || c.prev_raw || ' % in ' || c.prev_period
                   || ' (' || c.prev_file || ':' || c.prev_line || ')' as expected,
               'a rate (tỷ lệ) moved by ' || round(abs(c.value - c.prev_value)::numeric, 2)
                   || ' points between consecutive periods without a note (ghi chú): ' || i.name_vi as message
        from chain as c
        join warehouse.dim_indicator as i on i.indicator_key = c.indicator_key
        left join raw.appendix_row as a on a.file_id = c.report_key and a.line = c.line
        where c.prev_value is not null and c.period_key <> c.prev_period
          and abs(c.value - c.prev_value) > {RATE_JUMP_THRESHOLD}
          and nullif(btrim(a.note), '') is null
        """,
    ),
)


# Rules about the values a report states judge only current facts: a corrected version (a later
# issue date of the same report series) supersedes the earlier one and clears its findings.
# Structural rules (duplicate grain, orphan keys) keep judging every fact.
CURRENT_FACTS_ONLY = frozenset({
    "rate_out_of_range", "count_negative", "count_not_whole", "rate_mismatch", "numerator_exceeds_denominator",
    "parent_not_sum_of_children", "prose_disagrees_with_appendix",
})  # fmt: skip
_CURRENT = " where report_key not in (select report_key from warehouse.dim_report where is_superseded)"


def gx_query(sql: str, current_only: bool = False) -> str:
    """The rule's SQL for GX: ``{batch}`` becomes a CTE, because GX substitutes ``{batch}`` with a
    subquery and ``{batch} as f`` would not parse. ``current_only`` leaves superseded report versions
    out of the batch.

    GX aliases that subquery itself only when the query has no JOIN; with a JOIN it inserts a bare
    ``(select ...)``, which PostgreSQL 15 and older reject ("subquery in FROM must have an alias").
    The CTE therefore always joins (a one-row join that changes nothing), so GX always inserts the
    bare subquery and the alias here is the only one: valid SQL on PostgreSQL 14-17."""
    body = sql.replace("{batch}", "batch_rows").strip()
    head = (
        "with batch_rows as (select batch_source.* from {batch} as batch_source join (select 1) as one on true"
        + (_CURRENT.replace("where report_key", "where batch_source.report_key") if current_only else "")
        + ")"
    )
    if body.lower().startswith("with "):
        return f"{head},\n{body[5:]}"
    return f"{head}\n{body}"


SUITE_TABLES = {"raw_document": ("raw", "document"), "warehouse_fact": ("warehouse", "fact_indicator")}
