-- raw is an append-only landing zone written by one code path (pardw.load.ingest.load_parsed),
-- which inserts a file's ingested_file row and all its rows in the same transaction. Per-row
-- foreign-key checks cost ~35% of load throughput (measured: 0.39 -> 0.59 of a plain COPY),
-- so they are dropped here; orphan rows are caught by the blocking data-quality rule
-- raw_rows_without_file (pardw/quality/rules/raw_document/raw_rows_without_file.sql) instead.
alter table raw.document drop constraint if exists document_file_id_fkey;
alter table raw.appendix_row drop constraint if exists appendix_row_file_id_fkey;
alter table raw.breakdown_row drop constraint if exists breakdown_row_file_id_fkey;
alter table raw.narrative_metric drop constraint if exists narrative_metric_file_id_fkey;
alter table raw.parse_warning drop constraint if exists parse_warning_file_id_fkey;
