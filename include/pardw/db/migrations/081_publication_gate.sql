-- Issue 15: one publication gate. A validation run ends as passed, findings (status warnings or
-- blocked) or error; it records the warehouse build it judged (build_fingerprint) so that
-- `publish` can refuse a build nobody validated. Every publication says whether it was forced, and why.
alter table dq.validation_run add column if not exists error_message text;
alter table dq.validation_run add column if not exists build_fingerprint text;
alter table dq.validation_run add column if not exists outcome text generated always as (
    case status when 'passed' then 'passed' when 'warnings' then 'findings' when 'blocked' then 'findings'
                when 'error' then 'error' else status end
) stored;

create table if not exists pardw_meta.publication (
    published_at timestamptz not null default now(),
    run_id       text,
    tables       text[] not null
);
alter table pardw_meta.publication add column if not exists forced boolean not null default false;
alter table pardw_meta.publication add column if not exists force_reason text;
alter table pardw_meta.publication add column if not exists validation_status text;
alter table pardw_meta.publication add column if not exists build_fingerprint text;
alter table pardw_meta.publication add column if not exists method text;
