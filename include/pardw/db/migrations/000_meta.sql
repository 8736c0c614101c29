-- Bookkeeping for the migration runner itself.
create schema if not exists pardw_meta;
create table if not exists pardw_meta.schema_migration (
    version     text primary key,
    applied_at  timestamptz not null default now()
);
