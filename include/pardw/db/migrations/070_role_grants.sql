-- Least privilege in use: what each job's role needs, and nothing more (020 declared the roles).
--   pardw_loader       ingest: owns the raw tables (so it can ANALYZE them after a load), reads the
--                      migration bookkeeping and calls the pardw_meta helper functions
--   pardw_transformer  dbt, validation, publication: reads raw, owns the schemas dbt builds
--                      (staging, intermediate, warehouse, reference), writes dq findings, owns the
--                      published tables in marts and records publications in pardw_meta.publication
--   pardw_reader       dashboards: select on marts only (also on tables published later)
-- Logins (e.g. pardw_loader_login) are members of one role each and start their sessions in it
-- (ALTER ROLE ... SET role), so the objects they create are owned by the group role.
-- This migration runs as the warehouse's owner (the embedded superuser or the DBA's owner role).

-- the bookkeeping every job's connection reads before it starts (pending migrations?)
grant usage on schema pardw_meta to pardw_loader, pardw_transformer;
grant select on pardw_meta.schema_migration to pardw_loader, pardw_transformer;
grant execute on all functions in schema pardw_meta to pardw_loader, pardw_transformer;
alter default privileges in schema pardw_meta grant execute on functions to pardw_loader, pardw_transformer;

-- dbt creates its schemas with "create schema if not exists", which needs CREATE on the database;
-- nobody else may create schemas
do $$
begin
    execute format('grant connect, temporary on database %I to pardw_loader, pardw_transformer', current_database());
    execute format('grant connect on database %I to pardw_reader', current_database());
    execute format('grant create on database %I to pardw_transformer', current_database());
    execute format('revoke create on database %I from public', current_database());
end
$$;

-- raw: the loader's landing zone (a new owner needs CREATE on the schema, only for the hand-over)
grant create on schema raw to pardw_loader;
do $$
declare
    t record;
begin
    for t in select c.relname from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
             where n.nspname = 'raw' and c.relkind in ('r', 'p') loop
        execute format('alter table raw.%I owner to pardw_loader', t.relname);  -- its sequences follow
    end loop;
end
$$;
revoke create on schema raw from pardw_loader;
grant usage on schema raw to pardw_loader, pardw_transformer;
grant select, insert, update, delete on all tables in schema raw to pardw_loader;
grant usage, select on all sequences in schema raw to pardw_loader;
grant select on all tables in schema raw to pardw_transformer;
revoke insert, update, delete, truncate on all tables in schema raw from pardw_transformer;
-- raw tables added by later migrations (created by the owner running them)
alter default privileges in schema raw grant select, insert, update, delete on tables to pardw_loader;
alter default privileges in schema raw grant usage, select on sequences to pardw_loader;
alter default privileges in schema raw grant select on tables to pardw_transformer;
-- and anything the loader itself creates there stays readable by dbt
alter default privileges for role pardw_loader in schema raw grant select on tables to pardw_transformer;

-- the schemas dbt builds belong to the transformer (created here so they exist with the right owner)
do $$
declare
    s text;
    t record;
begin
    foreach s in array array['staging', 'intermediate', 'warehouse', 'reference'] loop
        execute format('create schema if not exists %I', s);
        execute format('alter schema %I owner to pardw_transformer', s);
        -- a warehouse built before this migration (by the owner) is handed over
        for t in select c.relname, c.relkind from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
                 where n.nspname = s and c.relkind in ('r', 'p', 'v', 'm') loop
            execute format('alter %s %I.%I owner to pardw_transformer',
                           case t.relkind when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
                           s, t.relname);
        end loop;
    end loop;
end
$$;

-- dq: validation runs and findings
grant usage on schema dq to pardw_transformer;
grant select, insert, update on all tables in schema dq to pardw_transformer;
grant usage, select on all sequences in schema dq to pardw_transformer;
alter default privileges in schema dq grant select, insert, update on tables to pardw_transformer;
alter default privileges in schema dq grant usage, select on sequences to pardw_transformer;

-- marts: published by the transformer, read by the reader
grant usage, create on schema marts to pardw_transformer;
do $$
declare
    t record;
begin
    for t in select c.relname from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
             where n.nspname = 'marts' and c.relkind in ('r', 'p') loop
        execute format('alter table marts.%I owner to pardw_transformer', t.relname);
    end loop;
end
$$;
grant usage on schema marts to pardw_reader;
grant select on all tables in schema marts to pardw_reader;
-- the tables publication creates (as pardw_transformer) are readable by the reader from birth
alter default privileges for role pardw_transformer in schema marts grant select on tables to pardw_reader;

-- publication bookkeeping (created here, by the admin, so that its owner is the admin)
create table if not exists pardw_meta.publication (
    published_at timestamptz not null default now(),
    run_id text,
    tables text[] not null
);
grant select, insert on pardw_meta.publication to pardw_transformer;
-- (publication once created it with "create table if not exists", which checks CREATE on the schema;
-- the grant stays: revoking it would be a migration of its own)
grant create on schema pardw_meta to pardw_transformer;
