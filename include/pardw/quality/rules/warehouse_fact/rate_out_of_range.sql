-- name: rate_out_of_range
-- severity: blocking
-- description: Percentages lie within 0-100.
-- versions: current
-- overlaps: dbt's value_between 0-100 tests on mart_province_scorecard's three on-time rates. Those
--   guard the dashboard's headline columns and stop `dbt build`; this rule checks every rate of every
--   current report and names the cell (file and line) a data steward corrects.
select f.report_key as file_id, f.line, f.indicator_key, f.raw_value as observed, '0 to 100 %' as expected,
       'a rate (tỷ lệ) outside 0-100 %: ' || i.name_vi as message
from {batch} as f
join {warehouse}.dim_indicator as i on i.indicator_key = f.indicator_key
where i.kind = 'rate' and f.value is not null and (f.value < 0 or f.value > 100)
