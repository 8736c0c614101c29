-- Issue 24: contradictions with their evidence, and steward decisions that last.
-- Every finding has a key that stays the same across validations of the same file (rule, file name and
-- where: the appendix row's form and code, else the line), the file version it judged (sha256), its
-- evidence (the arithmetic written out, both places) and the message in English beside the Vietnamese.
alter table dq.finding add column if not exists finding_key text;
alter table dq.finding add column if not exists file_sha256 text;
alter table dq.finding add column if not exists arithmetic text;
alter table dq.finding add column if not exists places text;
alter table dq.finding add column if not exists evidence jsonb;  -- [{line, locator, form, code}] of every place
alter table dq.finding add column if not exists message_en text;
alter table dq.finding add column if not exists decision text;  -- accepted | rejected when a steward decided on this version
create index if not exists finding_key on dq.finding (finding_key);

-- A steward's decision on one finding of one version of a file: accepted (a known error of the source,
-- published with it), rejected (not an error), reopened (undoes the last decision). The latest decision
-- on (finding_key, file_sha256) holds; a new version of the file (another sha256) is judged afresh.
create table if not exists dq.finding_decision (
    decision_id  bigserial primary key,
    finding_key  text not null,
    file_sha256  text not null,
    file_name    text,
    rule         text not null,
    severity     text,
    decision     text not null check (decision in ('accepted', 'rejected', 'reopened')),
    reason       text not null check (btrim(reason) <> ''),
    decided_by   text not null check (btrim(decided_by) <> ''),
    decided_at   timestamptz not null default now()
);
create index if not exists finding_decision_key on dq.finding_decision (finding_key, file_sha256, decided_at desc);

-- how many blocking findings of the run stewards accepted (they do not block)
alter table dq.validation_run add column if not exists accepted_count integer not null default 0;

-- a publication says which accepted blocking findings it went out with (key, rule, file, line, who, why)
alter table pardw_meta.publication add column if not exists exceptions jsonb not null default '[]'::jsonb;

do $$
begin
    if exists (select 1 from pg_roles where rolname = 'pardw_transformer') then
        grant select, insert on dq.finding_decision to pardw_transformer;
        grant usage, select on sequence dq.finding_decision_decision_id_seq to pardw_transformer;
        grant update on pardw_meta.publication to pardw_transformer;
    end if;
end $$;

-- the reader sees the exceptions of the publication it reads ("công bố có ngoại lệ"): a view of its own
-- (marts.latest_publication of migration 140 keeps its columns)
create schema if not exists marts;
create or replace view marts.latest_publication_exceptions as
select
    md5(p.published_at::text || coalesce(p.build_fingerprint, '') || coalesce(p.run_id, '')) as publication_id,
    p.published_at,
    p.run_id,
    p.forced,
    p.force_reason,
    p.exceptions
from pardw_meta.publication as p
order by p.published_at desc
limit 1;
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'pardw_reader') then
        grant usage on schema marts to pardw_reader;
        grant select on marts.latest_publication_exceptions to pardw_reader;
    end if;
end $$;
