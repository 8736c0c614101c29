-- What changed between consecutive versions of the same report (a draft and its final, a report
-- and its correction; a partial copy is not a version here), value by value: raw keeps every version, the warehouse reads the latest
-- (dim_report.is_superseded), and this mart lists, from fact_statement (every printed appendix value of every file), each appendix value that differs, appeared or
-- disappeared from one version to the next, with both files and lines. Rows are paired by
-- catalog indicator, or, for rows the catalog does not know, by form, code and printed name.
-- Example: the Lâm Đồng Q1-2026 draft had planned 11 / done 49 tasks (Biểu mẫu 1, rows 2.1 and
-- 2.2), the final planned 49 / done 11.
with reports as (
    -- a partial copy (a truncated file of the same report) is not a version anyone wrote: it is left out, and
    -- the versions around it are compared with each other
    select report_key, report_series_key, version, file_name, province_key, period_key, issuer,
        row_number() over (partition by report_series_key order by version) as seq
    from {{ ref('dim_report') }}
    where not is_partial_copy and report_series_key in (
        select report_series_key from {{ ref('dim_report') }} where not is_partial_copy group by 1 having count(*) > 1
    )
),

pairs as (
    select p.report_series_key, p.report_key as from_report_key, n.report_key as to_report_key,
        p.version as from_version, n.version as to_version, p.file_name as from_file, n.file_name as to_file,
        n.province_key, n.period_key, n.issuer
    from reports as p
    join reports as n on n.report_series_key = p.report_series_key and n.seq = p.seq + 1
),

facts as (
    select
        f.report_key,
        coalesce(f.indicator_key, 'row:' || coalesce(f.table_name, '') || ':' || coalesce(rtrim(f.code_as_printed, '.'), '')
            || ':' || pardw_meta.match_name(f.name_as_printed)) as value_key,
        f.indicator_key,
        f.table_name,
        f.code_as_printed,
        f.name_as_printed,
        f.value,
        f.raw_value,
        f.line
    from {{ ref('fact_statement') }} as f
    where f.source = 'appendix' and f.report_key in (select report_key from reports)
      and f.match_method <> 'repeated'
),

old_values as (
    select pr.from_report_key, pr.to_report_key, o.*
    from pairs as pr
    join facts as o on o.report_key = pr.from_report_key
),

new_values as (
    select pr.from_report_key, pr.to_report_key, n.*
    from pairs as pr
    join facts as n on n.report_key = pr.to_report_key
),

compared as (
    select
        pr.*,
        coalesce(o.value_key, n.value_key) as value_key,
        coalesce(n.indicator_key, o.indicator_key) as indicator_key,
        coalesce(n.table_name, o.table_name) as table_name,
        coalesce(n.code_as_printed, o.code_as_printed) as code,
        coalesce(n.name_as_printed, o.name_as_printed) as name_as_printed,
        o.value as from_value,
        n.value as to_value,
        o.raw_value as from_raw_value,
        n.raw_value as to_raw_value,
        o.line as from_line,
        n.line as to_line
    from old_values as o
    full join new_values as n
        on n.from_report_key = o.from_report_key and n.to_report_key = o.to_report_key and n.value_key = o.value_key
    join pairs as pr
        on pr.from_report_key = coalesce(o.from_report_key, n.from_report_key)
        and pr.to_report_key = coalesce(o.to_report_key, n.to_report_key)
)

select
    {{ surrogate_key(['from_report_key', 'to_report_key', 'value_key']) }} as version_change_key,
    report_series_key,
    province_key,
    period_key,
    issuer,
    from_version,
    to_version,
    from_report_key,
    to_report_key,
    from_file,
    to_file,
    indicator_key,
    table_name,
    code,
    name_as_printed,
    from_value,
    to_value,
    from_raw_value,
    to_raw_value,
    from_line,
    to_line,
    case
        when from_raw_value is null and to_raw_value is not null then 'added'
        when from_raw_value is not null and to_raw_value is null then 'removed'
        else 'changed'
    end as change
from compared
where from_value is distinct from to_value or from_raw_value is distinct from to_raw_value
