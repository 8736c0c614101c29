-- name: rate_jumps_between_periods
-- severity: warning
-- description: A rate moves by at most {rate_jump_pp} percentage points between a unit's consecutive reporting
--   periods of one year unless the row carries a note (Ghi chú).
-- note: the threshold is Settings.dq_rate_jump_pp (PARDW_DQ_RATE_JUMP_PP, default 30 points).
with series as (
    select v.* from ({period_values}) as v
    join {warehouse}.dim_indicator as i on i.indicator_key = v.indicator_key and i.kind = 'rate'
),
chain as ({period_chain})
select c.report_key as file_id, c.line, c.indicator_key,
       c.raw_value || ' % in ' || c.period_key || ' (' || c.file_name || ':' || c.line || ')' as observed,
       'within {rate_jump_pp} points of ' || c.prev_raw || ' % in ' || c.prev_period
           || ' (' || c.prev_file || ':' || c.prev_line || ')' as expected,
       'a rate (tỷ lệ) moved by ' || round(abs(c.value - c.prev_value)::numeric, 2)
           || ' points between consecutive periods without a note (ghi chú): ' || i.name_vi as message
from chain as c
join {warehouse}.dim_indicator as i on i.indicator_key = c.indicator_key
left join {raw}.appendix_row as a on a.file_id = c.report_key and a.line = c.line
where c.prev_value is not null and c.period_key <> c.prev_period
  and abs(c.value - c.prev_value) > {rate_jump_pp}
  and nullif(btrim(a.note), '') is null
