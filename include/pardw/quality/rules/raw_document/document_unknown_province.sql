-- name: document_unknown_province
-- severity: blocking
-- description: Every report's province code is a province code of dim_province (of either generation, the 63 or the 34).
-- overlaps: dbt's relationships test dim_report.province_code -> dim_province. The dbt test stops
--   `dbt build`, telling an engineer the dimension and the reports disagree; this rule names the file a
--   data steward corrects (`pardw validate`, mart_dq_findings) and blocks publication.
select d.file_id, coalesce(d.line, 1) as line, null::text as indicator_key,
       coalesce(d.province_code, '') || ' ' || coalesce(d.province, '') as observed,
       'a province of dim_province' as expected, 'province not in dim_province' as message
from {batch} as d
where d.province_code is not null
  and not exists (select 1 from {warehouse}.dim_province as p where p.province_code = d.province_code)
