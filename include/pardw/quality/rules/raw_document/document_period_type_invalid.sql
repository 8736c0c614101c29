-- name: document_period_type_invalid
-- severity: blocking
-- description: Period types are Q1..Q4, H1, 9M or FY.
-- overlaps: dbt's accepted_values test on stg_raw__document.period_type and this suite's
--   ExpectColumnValuesToBeInSet(period_type). The dbt test stops `dbt build`, telling an engineer a
--   model received a bad value; the GX expectation counts the values in Data Docs; this rule names the
--   file and line a data steward corrects (`pardw validate`, mart_dq_findings). The parser writes only
--   these seven codes: all three fire on raw rows written outside pardw ingest.
select file_id, coalesce(line, 1) as line, null::text as indicator_key, period_type as observed,
       'Q1, Q2, Q3, Q4, H1, 9M or FY' as expected, 'unknown reporting period type' as message
from {batch}
where period_type is not null and period_type not in ('Q1', 'Q2', 'Q3', 'Q4', 'H1', '9M', 'FY')
