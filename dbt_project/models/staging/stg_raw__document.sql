select
    file_id,
    file_name,
    nullif(btrim(province), '') as province_name,
    province_code,
    nullif(btrim(issuer), '') as issuer,
    coalesce(issuer_level, 'unknown') as issuer_level,
    nullif(btrim(report_number), '') as report_number,
    issue_date,
    period_type,
    period_year,
    title,
    coalesce(has_appendix, false) as has_appendix,
    line as header_line,
    nullif(btrim(province_generation), '') as province_generation,
    nullif(btrim(template), '') as template
from {{ source('raw', 'document') }}
