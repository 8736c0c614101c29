-- name: cumulative_count_decreases
-- severity: warning
-- description: A cumulative count of one unit and year never falls from Q1 to H1 to 9M to FY (figures since 1 January).
-- note: the counts listed are flows since 1 January (documents issued, dossiers resolved, feedback
--   received...): the figure of Q1 is part of H1's, of 9M's and of the year's. Stocks at the reporting
--   date (staff in post, procedures in force) may fall and are not listed.
with series as (
    select v.* from ({period_values}) as v
    where v.indicator_key in (
        'i.1', 'i.2.2', 'i.3.1', 'i.3.3.1', 'i.3.3.2', 'i.6.1',
        'ii.1', 'ii.1.1', 'ii.1.2', 'ii.1.3', 'ii.2.1', 'ii.3.1',
        'iii.1.1', 'iii.1.2', 'iii.1.3', 'iii.3.1.1', 'iii.3.1.2', 'iii.3.2.1', 'iii.3.2.2', 'iii.3.3.1',
        'iii.3.3.2', 'iii.3.4.1', 'iii.3.4.2',
        'v.2.1', 'v.2.4', 'v.3', 'v.4',
        'vi.1.2',
        'vii.6.3.1', 'vii.6.3.2', 'vii.6.4.1', 'vii.6.4.2'
    )
      and v.period_type in ('Q1', 'H1', '9M', 'FY')
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
