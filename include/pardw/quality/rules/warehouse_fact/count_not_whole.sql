-- name: count_not_whole
-- severity: warning
-- description: Counts are whole numbers (a fraction usually means a misread separator).
-- versions: current
select f.report_key as file_id, f.line, f.indicator_key, f.raw_value as observed, 'a whole number' as expected,
       'a count (' || coalesce(f.unit, '') || ') that is not a whole number: ' || i.name_vi as message
from {batch} as f
join {warehouse}.dim_indicator as i on i.indicator_key = f.indicator_key
where i.kind = 'count' and f.value is not null and f.value <> trunc(f.value)
