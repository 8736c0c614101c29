-- Issue 15 (defect 4): incremental models select the files they have not built yet, from a ledger,
-- instead of `file_id > max(file_id) built`: a load that commits a lower file_id after a build read
-- a higher one is no longer skipped. A model claims its new files in its pre-hook, in the same
-- transaction as the rows it writes (see dbt_project/macros/incremental.sql, claim_new_files).
create table if not exists pardw_meta.built_file (
    model          text not null,
    file_id        bigint not null,
    invocation_id  text not null,
    claimed_at     timestamptz not null default now(),
    primary key (model, file_id)
);
create index if not exists built_file_invocation on pardw_meta.built_file (model, invocation_id);
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'pardw_transformer') then
        grant usage on schema pardw_meta to pardw_transformer;
        grant select, insert, delete on pardw_meta.built_file to pardw_transformer;
    end if;
end $$;
