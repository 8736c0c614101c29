-- One row per loaded report with its version: a new file for the same issuer and period
-- (a corrected report) is a new version; the latest by issue date, then arrival, is current.
with docs as (
    select * from {{ ref('stg_raw__document') }}
),

series as (
    select
        *,
        {{ surrogate_key(['province_code', "lower(coalesce(issuer, ''))", 'period_type', 'period_year']) }} as report_series_key
    from docs
)

select
    file_id as report_key,
    file_id,
    file_name,
    report_series_key,
    province_code,
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
    header_line,
    loaded_at,
    row_number() over (
        partition by report_series_key order by issue_date nulls first, loaded_at, file_id
    ) as version,
    row_number() over (
        partition by report_series_key order by issue_date desc nulls last, loaded_at desc, file_id desc
    ) > 1 as is_superseded
from series
