{{ config(tags=['dq']) }}
-- Data quality per report: findings of the latest run by severity, parser warnings, and how much of
-- the appendix was matched to the catalog.
with findings as (
    select
        report_key,
        count(*) filter (where severity = 'blocking') as blocking_findings,
        count(*) filter (where severity = 'warning') as warning_findings,
        string_agg(distinct rule, ', ') as rules_broken
    from {{ ref('mart_dq_findings') }}
    where report_key is not null
    group by report_key
),

appendix as (
    select
        file_id as report_key,
        count(*) filter (where value is not null) as valued_appendix_rows,
        count(*) filter (where value is not null and candidate_key is not null) as matched_appendix_rows,
        count(*) filter (where 'ambiguous_number' = any(flags)) as ambiguous_numbers
    from {{ ref('int_appendix_matched') }}
    group by file_id
),

warnings as (
    select file_id as report_key, count(*) as parser_warnings
    from {{ ref('stg_raw__parse_warning') }}
    group by file_id
)

select
    r.report_key,
    r.file_name,
    r.report_number,
    r.province_code,
    r.province_name,
    r.period_key,
    r.issuer,
    r.is_superseded,
    coalesce(f.blocking_findings, 0) as blocking_findings,
    coalesce(f.warning_findings, 0) as warning_findings,
    f.rules_broken,
    coalesce(w.parser_warnings, 0) as parser_warnings,
    coalesce(a.valued_appendix_rows, 0) as valued_appendix_rows,
    coalesce(a.matched_appendix_rows, 0) as matched_appendix_rows,
    round(100.0 * a.matched_appendix_rows / nullif(a.valued_appendix_rows, 0), 1) as matched_pct,
    coalesce(a.ambiguous_numbers, 0) as ambiguous_numbers
from {{ ref('dim_report') }} as r
left join findings as f using (report_key)
left join appendix as a using (report_key)
left join warnings as w using (report_key)
