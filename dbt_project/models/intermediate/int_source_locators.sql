{{ config(materialized='view') }}
-- Where a person finds each source line of a report: "p. 31" (PDF), "table 5, row 12" / "paragraph 143"
-- (Word), "line 402" (text). One row per file, source and line of the canonical rendering.
select file_id, 'appendix' as source, line, locator
from {{ ref('stg_raw__appendix_row') }}
union all
select distinct file_id, 'breakdown', line, locator
from {{ ref('stg_raw__breakdown_row') }}
union all
select distinct file_id, 'narrative', line, locator
from {{ ref('stg_raw__narrative_metric') }}
