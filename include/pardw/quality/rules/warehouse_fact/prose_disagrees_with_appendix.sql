-- name: prose_disagrees_with_appendix
-- severity: warning
-- description: The same quantity quoted in the prose and in the appendix agrees.
-- versions: current
select n.report_key as file_id, n.line, n.indicator_key, n.raw_value as observed,
       a.raw_value || ' (appendix line ' || a.line || ')' as expected,
       'the prose and the appendix give different values for: ' || i.name_vi as message
from {batch} as n
join {batch} as a on a.report_key = n.report_key and a.indicator_key = n.indicator_key
    and a.reporting_unit_key = n.reporting_unit_key and a.source = 'appendix'
join {warehouse}.dim_indicator as i on i.indicator_key = n.indicator_key
where n.source = 'narrative' and n.value is not null and a.value is not null
  and abs(n.value - a.value) > greatest(0.5, 0.001 * abs(a.value))
