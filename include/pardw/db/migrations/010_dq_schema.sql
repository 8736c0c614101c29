-- Data-quality results: every validation run and every finding, in one place.
create schema if not exists dq;

create table if not exists dq.validation_run (
    run_id          text primary key,
    started_at      timestamptz not null default now(),
    finished_at     timestamptz,
    status          text not null default 'running' check (status in ('running', 'passed', 'warnings', 'blocked', 'error')),
    blocking_count  integer not null default 0,
    warning_count   integer not null default 0,
    gx_success      boolean,
    expectations    integer,
    docs_path       text
);

create table if not exists dq.finding (
    finding_id      bigserial primary key,
    run_id          text not null references dq.validation_run(run_id) on delete cascade,
    rule            text not null,
    severity        text not null check (severity in ('blocking', 'warning')),
    suite           text not null,
    file_id         bigint,
    file_name       text,
    report_number   text,
    indicator_key   text,
    line            integer,
    observed        text,
    expected        text,
    message         text not null,
    created_at      timestamptz not null default now()
);
create index if not exists finding_run on dq.finding(run_id);
