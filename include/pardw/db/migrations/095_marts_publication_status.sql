-- marts.publication_status: what a dashboard reader may know about reports that are NOT in the
-- published marts yet, and why (quarantined file, awaiting publication, publication stopped by
-- blocking findings). pardw_reader still cannot read raw or dq; this view (owned by the migration
-- role) exposes file names, dates and reasons only. It depends on raw, dq and pardw_meta, never on
-- the marts tables that publication replaces, so `drop table ... cascade` there leaves it alone.
create schema if not exists marts;
create table if not exists pardw_meta.publication (
    published_at timestamptz not null default now(), run_id text, tables text[] not null);

create or replace view marts.publication_status as
with last_pub as (
    select max(published_at) as published_at from pardw_meta.publication
),
last_run as (
    select run_id, status, blocking_count, finished_at
    from dq.validation_run
    where status <> 'running'
    order by started_at desc
    limit 1
),
file_blocking as (
    select f.file_id,
           count(*) as blocking_findings,
           string_agg(distinct f.rule || ' (' || f.file_name || ':' || coalesce(f.line::text, '?') || ')', '; ')
               as blocking_rules
    from dq.finding as f
    join last_run as r using (run_id)
    where f.severity = 'blocking' and f.file_id is not null
    group by f.file_id
)
select
    i.file_id,
    i.file_name,
    d.report_number,
    d.province,
    d.period_type,
    d.period_year,
    i.received_at,
    case
        when lp.published_at is not null and i.loaded_at <= lp.published_at then 'published'
        when fb.blocking_findings > 0 then 'blocked'
        when lr.status = 'blocked' and lr.finished_at >= i.loaded_at then 'blocked_by_run'
        else 'awaiting_publication'
    end as status,
    case
        when lp.published_at is not null and i.loaded_at <= lp.published_at then null
        when fb.blocking_findings > 0 then
            fb.blocking_findings || ' blocking finding(s) in this report: ' || fb.blocking_rules
        when lr.status = 'blocked' and lr.finished_at >= i.loaded_at then
            'publication stopped: validation run ' || lr.run_id || ' has ' || lr.blocking_count
            || ' blocking finding(s) in other reports; the marts keep their last good version'
        else 'loaded into raw; not yet through dbt, validation and publication'
    end as reason
from raw.ingested_file as i
left join raw.document as d using (file_id)
cross join last_pub as lp
left join last_run as lr on true
left join file_blocking as fb using (file_id)
where i.status = 'loaded'
union all
select
    null::bigint,
    e.file_name,
    null,
    null,
    null,
    null,
    e.occurred_at,
    'quarantined',
    e.reason || ': ' || e.message
from raw.ingestion_error as e;

grant usage on schema marts to pardw_reader;
grant select on marts.publication_status to pardw_reader;
