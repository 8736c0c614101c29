select
    d.file_id,
    d.file_name,
    nullif(btrim(d.province), '') as province_name,
    d.province_code,
    nullif(btrim(d.issuer), '') as issuer,
    coalesce(d.issuer_level, 'unknown') as issuer_level,
    nullif(btrim(d.report_number), '') as report_number,
    d.issue_date,
    d.period_type,
    d.period_year,
    d.title,
    coalesce(d.has_appendix, false) as has_appendix,
    d.line as header_line,
    nullif(btrim(d.province_generation), '') as province_generation,
    nullif(btrim(d.template), '') as template,
    f.loaded_at
from {{ source('raw', 'document') }} as d
join {{ source('raw', 'ingested_file') }} as f using (file_id)
