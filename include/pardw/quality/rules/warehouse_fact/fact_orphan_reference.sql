-- name: fact_orphan_reference
-- severity: blocking
-- description: Every fact's report, indicator, province and period exist in their dimensions.
-- overlaps: dbt's relationships tests on fact_statement.report_key, indicator_key, province_code,
--   province_key and period_key. The dbt tests stop `dbt build` and check only the rows the latest
--   build wrote (fact_statement is incremental); the dimensions are rebuilt whole each time, so a fact of
--   an earlier build can lose its dimension row (a catalog curation removing an indicator) without any
--   dbt test seeing it. This rule judges every fact and names its file and line.
select f.report_key as file_id, f.line, f.indicator_key,
       concat_ws(', ', case when r.report_key is null then 'report ' || f.report_key end,
                 case when f.indicator_key is not null and i.indicator_key is null then 'indicator ' || f.indicator_key end,
                 case when f.province_code is not null and p.province_code is null then 'province ' || coalesce(f.province_key, f.province_code) end,
                 case when f.period_key is not null and d.period_key is null then 'period ' || f.period_key end) as observed,
       'keys present in dim_report, dim_indicator, dim_province, dim_period' as expected,
       'fact refers to a missing dimension row' as message
from {batch} as f
left join {warehouse}.dim_report as r on r.report_key = f.report_key
left join {warehouse}.dim_indicator as i on i.indicator_key = f.indicator_key
left join {warehouse}.dim_province as p on p.province_key = f.province_key
left join {warehouse}.dim_period as d on d.period_key = f.period_key
where r.report_key is null
   or (f.indicator_key is not null and i.indicator_key is null)
   or (f.province_code is not null and p.province_code is null)
   or (f.period_key is not null and d.period_key is null)
