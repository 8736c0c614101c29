-- name: rate_mismatch
-- severity: warning
-- description: A rate equals numerator / denominator x 100 within 0.5 percentage points.
-- versions: current
-- note: a rate printed with two decimals differs from its recomputed value by rounding only, hence 0.5.
select report_key as file_id, line, indicator_key, rate::text as observed,
       round((100.0 * numerator / denominator)::numeric, 2)::text
           || ' (' || numerator || ' / ' || denominator || ', lines ' || num_line || ', ' || den_line || ')' as expected,
       'the rate (tỷ lệ) does not match its own counts: ' || name_vi as message
from ({rate_parts}) as p
where denominator > 0 and abs(rate - 100.0 * numerator / denominator) > 0.5
