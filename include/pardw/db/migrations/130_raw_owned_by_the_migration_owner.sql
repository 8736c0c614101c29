-- Issue 26, 5: no side door from raw into the marts, no server paths for readers.
-- * The migration owner (who runs this: the embedded superuser or the DBA's owner role) owns every
--   raw table; pardw_loader keeps what ingest needs: SELECT and INSERT on raw, UPDATE on the two
--   bookkeeping tables it updates (ingested_file.stored_path, ingestion_error's counters and
--   quarantine path), its sequences. It can no longer DROP or TRUNCATE a raw table (070 made it
--   their owner, so `drop table raw.document cascade` dropped marts.publication_status), nor DELETE.
-- * ANALYZE after a load needs ownership: pardw_meta.analyze_raw() (security definer, owned by the
--   migration owner) analyzes the raw tables for the loader, and does nothing else.
-- * marts.publication_status shows quarantine messages without server paths: every absolute path
--   is cut to its last component (pardw_meta.without_paths); the operator keeps the full message in
--   raw.ingestion_error and the .reason.txt beside the quarantined file.
--   A later migration that redefines publication_status must keep pardw_meta.without_paths(e.message)
--   (tests/db/test_ownership.py checks the view).

do $$
declare
    t record;
begin
    for t in select c.relname from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
             where n.nspname = 'raw' and c.relkind in ('r', 'p') loop
        execute format('alter table raw.%I owner to %I', t.relname, current_user);  -- its sequences follow
    end loop;
end
$$;

revoke all on all tables in schema raw from pardw_loader;
grant select, insert on all tables in schema raw to pardw_loader;
grant update on raw.ingested_file, raw.ingestion_error to pardw_loader;
grant usage, select on all sequences in schema raw to pardw_loader;
revoke create on schema raw from pardw_loader;
-- raw tables added by later migrations: select and insert for the loader, nothing more
alter default privileges in schema raw revoke update, delete, truncate on tables from pardw_loader;
alter default privileges in schema raw grant select, insert on tables to pardw_loader;

create or replace function pardw_meta.analyze_raw() returns void
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    t record;
begin
    for t in select c.relname from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
             where n.nspname = 'raw' and c.relkind in ('r', 'p') order by c.relname loop
        execute format('analyze raw.%I', t.relname);
    end loop;
end
$$;
revoke all on function pardw_meta.analyze_raw() from public, pardw_transformer;
grant execute on function pardw_meta.analyze_raw() to pardw_loader;

create or replace function pardw_meta.without_paths(message text) returns text
language sql immutable parallel safe set search_path = pg_catalog as $$
    select regexp_replace(message, '(^|[[:space:]''"(=])(/[^/[:space:]''"]+)+/([^/[:space:]''"]+)', '\1…/\3', 'g')
$$;
grant execute on function pardw_meta.without_paths(text) to pardw_reader;

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
    e.reason || ': ' || pardw_meta.without_paths(e.message)
from raw.ingestion_error as e;

