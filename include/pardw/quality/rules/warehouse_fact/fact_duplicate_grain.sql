-- name: fact_duplicate_grain
-- severity: blocking
-- description: No two statements share report x indicator x reporting unit x source.
-- overlaps: dbt's unique_combination test on fact_statement (report_key, indicator_key,
--   reporting_unit_key, source). The dbt test stops `dbt build` and checks only the rows the latest
--   build wrote (fact_statement is incremental); this rule judges every statement on each validation and
--   gives the steward the report and line of each duplicate.
select min(f.report_key) as file_id, min(f.line) as line, f.indicator_key,
       count(*)::text as observed, '1' as expected, 'duplicate fact at the declared grain' as message
from {batch} as f
where f.indicator_key is not null
group by f.report_key, f.indicator_key, f.reporting_unit_key, f.source
having count(*) > 1
