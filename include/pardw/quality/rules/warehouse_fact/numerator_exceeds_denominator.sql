-- name: numerator_exceeds_denominator
-- severity: warning
-- description: On time <= resolved, done <= planned: a rate's numerator never exceeds its denominator.
-- versions: current
select report_key as file_id, num_line as line, indicator_key, numerator::text as observed,
       '<= ' || denominator || ' (line ' || den_line || ')' as expected,
       'the part exceeds the whole for: ' || name_vi as message
from ({rate_parts}) as p
where numerator > denominator
