-- name: parent_not_sum_of_children
-- severity: warning
-- description: A parent row equals the sum of its children where the catalog says it should.
-- versions: current
-- note: only where the report gives every child the catalog lists (expected_kids), beyond rounding (0.5).
with kids as (
    select f.report_key, f.reporting_unit_key, f.source, i.parent_key,
           sum(f.value) as total, count(*) as n, string_agg(f.line::text, ', ' order by f.line) as lines
    from {batch} as f
    join {warehouse}.dim_indicator as i on i.indicator_key = f.indicator_key and i.kind = 'count'
    where f.value is not null and i.parent_key is not null
    group by 1, 2, 3, 4
),
expected_kids as (
    select parent_key, count(*) as n from {warehouse}.dim_indicator where kind = 'count' and parent_key is not null
    group by parent_key
)
select f.report_key as file_id, f.line, f.indicator_key, f.value::text as observed,
       k.total::text || ' (sum of lines ' || k.lines || ')' as expected,
       'the total is not the sum of its parts: ' || i.name_vi as message
from {batch} as f
join {warehouse}.dim_indicator as i on i.indicator_key = f.indicator_key and i.sums_children
join kids as k on k.report_key = f.report_key and k.parent_key = f.indicator_key
    and k.reporting_unit_key = f.reporting_unit_key and k.source = f.source
join expected_kids as e on e.parent_key = f.indicator_key and e.n = k.n
where f.value is not null and abs(f.value - k.total) > 0.5
