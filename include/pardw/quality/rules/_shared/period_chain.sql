-- name: period_chain
-- description: Each row of `series` (period_values rows, a CTE the including rule defines) beside the
--   previous period's row of the same unit, indicator and year. Years are not chained: year-to-date
--   figures (plan completion, disbursement, counts since 1 January) restart each Q1. Of two periods
--   ending on the same day the shorter comes first (Q2, then H1).
select s.*,
       lag(s.value) over w as prev_value, lag(s.raw_value) over w as prev_raw,
       lag(s.period_key) over w as prev_period, lag(s.file_name) over w as prev_file,
       lag(s.line) over w as prev_line
from series as s
window w as (
    partition by s.province_key, s.reporting_unit_key, s.indicator_key, s.period_year
    order by s.end_date, s.start_date desc, s.report_key
)
