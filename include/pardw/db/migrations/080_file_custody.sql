-- Issue 15: where every file went, and one error row per bad file (not per run).
-- stored_path: where a loaded file now lives (processed/ under a name that never overwrites another);
-- source_path stays the path it was read from.
alter table raw.ingested_file add column if not exists stored_path text;
-- A bad file seen again (a rerun over the same landing folder) updates its row instead of adding one;
-- two bad files with the same bytes but different names keep a row each.
alter table raw.ingestion_error add column if not exists last_seen_at timestamptz;
alter table raw.ingestion_error add column if not exists seen_count integer not null default 1;
create index if not exists ingestion_error_path_reason on raw.ingestion_error (source_path, reason);
