-- name: prose_disagrees_with_appendix
-- severity: warning
-- description: The same quantity quoted in the prose and in the appendix agrees.
-- versions: current
-- note: like is compared with like (issue 24): money in tỷ / triệu / nghìn đồng is converted to đồng first;
--   a prose figure whose words name a level (cấp tỉnh / cấp xã / cấp huyện) the appendix row does not name,
--   or the other part (toàn trình vs một phần), or a different definition ("không bao gồm ..."), is another
--   quantity and is not compared; so is a figure whose own words date it to another year than the report's
--   ("tổng biên chế được giao năm 2022 là 101" in a 2023 report; "so với năm 2015", "từ năm 2021" are
--   baselines, not the figure's year).
with pairs as (
    select n.report_key, n.line, n.indicator_key, n.raw_value, a.raw_value as a_raw, a.line as a_line,
           n.value * case lower(coalesce(n.unit, '')) when 'tỷ đồng' then 1e9 when 'triệu đồng' then 1e6
               when 'nghìn đồng' then 1e3 else 1 end as n_value,
           a.value * case lower(coalesce(a.unit, '')) when 'tỷ đồng' then 1e9 when 'triệu đồng' then 1e6
               when 'nghìn đồng' then 1e3 else 1 end as a_value,
           lower(coalesce(n.name_as_printed, '')) as said_before,
           lower(substr(coalesce(n.sentence, ''), strpos(coalesce(n.sentence, ''), n.raw_value) + length(n.raw_value), 60))
               as said_after,
           lower(coalesce(a.name_as_printed, '')) as row_name, i.name_vi,
           substring(n.period_key from '(\d\d\d\d)$') as period_year
    from {batch} as n
    join {batch} as a on a.report_key = n.report_key and a.indicator_key = n.indicator_key
        and a.reporting_unit_key = n.reporting_unit_key and a.source = 'appendix'
    join {warehouse}.dim_indicator as i on i.indicator_key = n.indicator_key
    where n.source = 'narrative' and n.value is not null and a.value is not null
)
select report_key as file_id, line, indicator_key, raw_value as observed,
       a_raw || ' (appendix line ' || a_line || ')' as expected,
       'the prose and the appendix give different values for: ' || name_vi as message
from pairs
where abs(n_value - a_value) > greatest(0.5, 0.001 * abs(a_value))
  and not (said_after ~ '^[^,;()]*một phần' and row_name ~ 'toàn trình')
  and not (said_after ~ '^[^,;()]*toàn trình' and row_name ~ 'một phần')
  and not (said_before ~ 'cấp (tỉnh|xã|huyện)' and row_name !~ ('cấp ' || substring(said_before from 'cấp (tỉnh|xã|huyện)')))
  and said_after !~ '(không|chưa) (bao gồm|tính)'
  and not exists (
      select 1 from regexp_matches(said_before, '(so với |từ |đến |trước |sau )?năm ((19|20)\d\d)', 'g') as y(m)
      where y.m[1] is null and y.m[2] <> period_year
  )
