-- One row per loaded report with its version: a new file for the same issuer and period
-- (a corrected report, or the final of a draft) is a new version; the latest by issue date, then
-- arrival, is current, and a file named as a draft ranks before any final.
-- The province is the unit in force for the period: its generation ('63' until 30/6/2025, '34'
-- from 1/7/2025) comes from the parser, else from the period's end (else the issue date), and
-- province_key = code + generation names one row of dim_province (code 68 is two units).
with docs as (
    select
        d.*,
        coalesce(
            d.province_generation,
            case when coalesce(
                make_date(d.period_year, case d.period_type when 'Q1' then 3 when 'Q2' then 6 when 'H1' then 6
                    when 'Q3' then 9 when '9M' then 9 else 12 end, 1),
                d.issue_date
            ) >= date '2025-07-01' then '34' else '63' end
        ) as generation
    from {{ ref('stg_raw__document') }} as d
),

series as (
    select
        *,
        -- a file named as a draft (dự thảo) never supersedes a final, whatever the order they arrive in
        (file_name ~* '(draft|du[ _-]?thao|dự[ _-]?thảo)') as is_draft,
        case when province_code is not null then province_code || '_' || generation end as province_key,
        {{ surrogate_key(['province_code', 'generation', "lower(coalesce(issuer, ''))", 'period_type', 'period_year']) }} as report_series_key
    from docs
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
    is_draft,
    row_number() over (
        partition by report_series_key order by is_draft desc, issue_date nulls first, loaded_at, file_id
    ) as version,
    row_number() over (
        partition by report_series_key order by is_draft, issue_date desc nulls last, loaded_at desc, file_id desc
    ) > 1 as is_superseded
from series
