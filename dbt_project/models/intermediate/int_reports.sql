-- One row per loaded report with its version: a new file for the same issuer and period
-- (a corrected report, or the final of a draft) is a new version; the latest by issue date, then
-- arrival, is current, and a file named as a draft ranks before any final.
-- Versions are decided on evidence (issue 15): a file with the same số báo cáo and issue date as
-- another whose every cell (appendix, per-unit tables, prose numbers; the cut last line aside) is
-- also in the other, and which has fewer, is a truncated or partial copy (is_partial_copy): it is
-- never current, the complete report stays current, and the rule report_partial_copy shows it to a
-- steward.
-- The province is the unit in force for the period: its generation ('63' until 30/6/2025, '34'
-- from 1/7/2025) comes from the parser, else from the period's end (else the issue date), and
-- province_key = code + generation names one row of dim_province (code 68 is two units).
with docs as (
    select
        d.*,
        f.loaded_at,
        coalesce(
            d.province_generation,
            case when coalesce(
                make_date(d.period_year, case d.period_type when 'Q1' then 3 when 'Q2' then 6 when 'H1' then 6
                    when 'Q3' then 9 when '9M' then 9 else 12 end, 1),
                d.issue_date
            ) >= date '2025-07-01' then '34' else '63' end
        ) as generation
    from {{ ref('stg_raw__document') }} as d
    join {{ ref('stg_raw__ingested_file') }} as f using (file_id)
),

series as (
    select
        *,
        -- a file named as a draft (dự thảo) never supersedes a final, whatever the order they arrive in
        (file_name ~* '(draft|du[ _-]?thao|dự[ _-]?thảo)') as is_draft,
        case when province_code is not null then province_code || '_' || generation end as province_key,
        {{ surrogate_key(['province_code', 'generation', "lower(coalesce(issuer, ''))", 'period_type', 'period_year']) }} as report_series_key
    from docs
),

same_number as (
    select c.file_id as complete_id, p.file_id as partial_id
    from series as c
    join series as p
        on p.report_series_key = c.report_series_key and p.report_number = c.report_number
        and p.issue_date = c.issue_date and p.file_id <> c.file_id
),

involved as (
    select complete_id as file_id from same_number
    union
    select partial_id from same_number
),

cells as (
    select file_id, line, 'a:' || coalesce(raw_value, '') as cell
    from {{ source('raw', 'appendix_row') }} where file_id in (select file_id from involved)
    union all
    select file_id, line, 'b:' || measure || ':' || coalesce(raw_value, '')
    from {{ source('raw', 'breakdown_row') }} where file_id in (select file_id from involved)
    union all
    select file_id, line, 'n:' || metric || ':' || coalesce(raw_value, '')
    from {{ source('raw', 'narrative_metric') }} where file_id in (select file_id from involved)
),

cell_counts as (
    select file_id, count(*) as n, max(line) as last_line from cells group by file_id
),

partial_copies as (
    select s.partial_id, min(s.complete_id) as complete_id
    from same_number as s
    join cell_counts as p on p.file_id = s.partial_id
    join cell_counts as c on c.file_id = s.complete_id
    where p.n < c.n
      and not exists (
          select 1 from cells as x
          where x.file_id = s.partial_id and x.line < p.last_line
            and not exists (
                select 1 from cells as y where y.file_id = s.complete_id and y.line = x.line and y.cell = x.cell
            )
      )
    group by s.partial_id
),

judged as (
    select
        series.*,
        pc.complete_id as partial_copy_of,
        pc.partial_id is not null as is_partial_copy
    from series
    left join partial_copies as pc on pc.partial_id = series.file_id
)

select
    file_id as report_key,
    file_id,
    file_name,
    report_series_key,
    province_code,
    province_key,
    case when province_code is not null then generation end as province_generation,
    province_name,
    issuer,
    issuer_level,
    report_number,
    issue_date,
    period_type,
    period_year,
    case when period_type is not null and period_year is not null
        then period_type || '-' || period_year end as period_key,
    title,
    has_appendix,
    template,
    header_line,
    loaded_at,
    is_partial_copy,
    partial_copy_of,
    is_draft,
    row_number() over (
        partition by report_series_key order by is_draft desc, issue_date nulls first, loaded_at, file_id
    ) as version,
    row_number() over (
        partition by report_series_key
        order by is_partial_copy, is_draft, issue_date desc nulls last, loaded_at desc, file_id desc
    ) as currency_rank,  -- 1 = the current version; fact_indicator_history ranks the versions it has built
    row_number() over (
        partition by report_series_key
        order by is_partial_copy, is_draft, issue_date desc nulls last, loaded_at desc, file_id desc
    ) > 1 as is_superseded
from judged
