-- Roles: pardw_loader writes raw, pardw_transformer runs dbt, pardw_reader reads published marts only.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'pardw_loader') then
        create role pardw_loader nologin;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'pardw_transformer') then
        create role pardw_transformer nologin;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'pardw_reader') then
        create role pardw_reader nologin;
    end if;
end
$$;

create schema if not exists marts;

-- nobody gets anything by default
revoke all on schema raw from public;
revoke create on schema public from public;

-- loader: raw read/write
grant usage on schema raw to pardw_loader;
grant select, insert, update, delete on all tables in schema raw to pardw_loader;
grant usage, select on all sequences in schema raw to pardw_loader;

-- transformer: reads raw, builds its own schemas, writes marts at publication
grant usage on schema raw to pardw_transformer;
grant select on all tables in schema raw to pardw_transformer;
do $$
begin
    execute format('grant create on database %I to pardw_transformer', current_database());
    execute format('grant connect on database %I to pardw_reader, pardw_loader, pardw_transformer', current_database());
end
$$;
grant usage, create on schema marts to pardw_transformer;

-- reader: select on published marts only
grant usage on schema marts to pardw_reader;
grant select on all tables in schema marts to pardw_reader;
alter default privileges in schema marts grant select on tables to pardw_reader;
