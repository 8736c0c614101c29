-- name: document_missing_metadata
-- severity: blocking
-- description: Every report has a province, a reporting period (kỳ báo cáo) and a year.
select file_id, coalesce(line, 1) as line, null::text as indicator_key,
       concat_ws(', ', case when province_code is null then 'no province' end,
                 case when period_type is null then 'no period' end,
                 case when period_year is null then 'no year' end) as observed,
       'province, period type and year' as expected,
       'the report header lacks required metadata (tỉnh / kỳ báo cáo / năm)' as message
from {batch}
where province_code is null or period_type is null or period_year is null
