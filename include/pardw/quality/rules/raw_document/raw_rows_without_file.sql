-- name: raw_rows_without_file
-- severity: blocking
-- description: Every raw row belongs to an ingested file (raw has no per-row foreign keys; see migration 040).
select o.file_id, min(o.line) as line, null::text as indicator_key,
       o.tbl || ' rows of file_id ' || o.file_id as observed,
       'a raw.ingested_file row for the file' as expected,
       'raw rows without their ingested file (tệp) - the raw schema was written outside pardw ingest'
           as message
from (
    select file_id, coalesce(line, 1) as line, 'raw.document' as tbl from {batch}
    union all select file_id, line, 'raw.appendix_row' from {raw}.appendix_row
    union all select file_id, line, 'raw.breakdown_row' from {raw}.breakdown_row
    union all select file_id, line, 'raw.narrative_metric' from {raw}.narrative_metric
    union all select file_id, coalesce(line, 1), 'raw.parse_warning' from {raw}.parse_warning
    union all select file_id, line, 'raw.task_row' from {raw}.task_row
) as o
where not exists (select 1 from {raw}.ingested_file as f where f.file_id = o.file_id)
group by o.file_id, o.tbl
