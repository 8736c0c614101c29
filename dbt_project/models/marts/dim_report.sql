-- One row per loaded report file; corrected reports are new versions and the older ones are flagged superseded.
select
    r.report_key,
    r.file_name,
    r.report_number,
    r.issue_date,
    r.issuer,
    r.issuer_level,
    r.province_code,
    r.province_name,
    r.province_key,
    r.province_generation,
    r.template,
    r.period_key,
    r.period_type,
    r.period_year,
    r.title,
    r.has_appendix,
    r.report_series_key,
    r.is_draft,
    r.version,
    r.is_superseded,
    r.loaded_at
from {{ ref('int_reports') }} as r
