-- name: count_negative
-- severity: blocking
-- description: Counts are not negative.
-- versions: current
select f.report_key as file_id, f.line, f.indicator_key, f.raw_value as observed, '>= 0' as expected,
       'a negative count: ' || coalesce(i.name_vi, f.name_as_printed) as message
from {batch} as f
left join {warehouse}.dim_indicator as i on i.indicator_key = f.indicator_key
where f.value < 0 and coalesce(i.kind, 'count') in ('count', 'amount')
