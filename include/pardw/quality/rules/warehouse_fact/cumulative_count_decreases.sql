-- name: cumulative_count_decreases
-- severity: warning
-- description: A cumulative count of one unit and year never falls from Q1 to H1 to 9M to FY (figures since 1 January).
-- note: only the catalog's flows since 1 January (dim_indicator.cumulative_since_jan1: documents
--   issued, dossiers resolved, feedback received...): the figure of Q1 is part of H1's, of 9M's and of
--   the year's. Stocks at the reporting date (staff in post, procedures in force) may fall.
with series as (
    select v.* from ({period_values}) as v
    join {warehouse}.dim_indicator as cumulative
        on cumulative.indicator_key = v.indicator_key and cumulative.cumulative_since_jan1
    where v.period_type in ('Q1', 'H1', '9M', 'FY')
),
chain as ({period_chain})
select c.report_key as file_id, c.line, c.indicator_key,
       c.raw_value || ' in ' || c.period_key || ' (' || c.file_name || ':' || c.line || ')' as observed,
       '>= ' || c.prev_raw || ' of ' || c.prev_period || ' (' || c.prev_file || ':' || c.prev_line || ')'
           as expected,
       'a cumulative count (lũy kế từ đầu năm) fell from ' || c.prev_period || ' to ' || c.period_key
           || ': ' || i.name_vi as message
from chain as c
join {warehouse}.dim_indicator as i on i.indicator_key = c.indicator_key
where c.prev_value is not null and c.value < c.prev_value
