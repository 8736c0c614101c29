-- Raw landing tables: one per parser record kind, plus ingested files and errors.
-- Every row carries file_id and its source line.
create schema if not exists raw;

create table if not exists raw.ingested_file (
    file_id        bigserial primary key,
    file_name      text not null,
    source_path    text not null,
    size_bytes     bigint not null,
    sha256         char(64) not null unique,
    encoding       text,
    status         text not null check (status in ('loaded', 'quarantined')),
    parser_version text not null,
    received_at    timestamptz not null default now(),
    loaded_at      timestamptz
);

create table if not exists raw.document (
    file_id        bigint primary key references raw.ingested_file(file_id),
    file_name      text not null,
    province       text,
    province_code  text,
    issuer         text,
    issuer_level   text,
    report_number  text,
    issue_date     date,
    period_type    text,
    period_year    integer,
    title          text,
    has_appendix   boolean,
    line           integer
);

create table if not exists raw.appendix_row (
    file_id        bigint not null references raw.ingested_file(file_id),
    line           integer not null,
    form           text,
    domain         text,
    code           text,
    name           text not null,
    unit           text,
    raw_value      text,
    value          double precision,
    note           text,
    is_group       boolean not null default false,
    parent_code    text,
    path           text[],
    number_format  text,
    flags          text[],
    primary key (file_id, line)
);

create table if not exists raw.breakdown_row (
    file_id        bigint not null references raw.ingested_file(file_id),
    line           integer not null,
    table_name     text not null,
    unit_name      text not null,
    unit_level     text,
    parent         text,
    measure        text not null,
    raw_value      text,
    value          double precision,
    is_total       boolean not null default false,
    flags          text[],
    primary key (file_id, line, measure)
);

create table if not exists raw.narrative_metric (
    file_id        bigint not null references raw.ingested_file(file_id),
    line           integer not null,
    seq            integer not null,  -- order of the metric within the file
    domain         text,
    section_role   text not null,
    metric         text not null,
    value          double precision not null,
    unit           text,
    level          text,
    raw_value      text,
    denominator    double precision,
    text           text not null,
    primary key (file_id, seq)
);

create table if not exists raw.parse_warning (
    file_id        bigint not null references raw.ingested_file(file_id),
    seq            integer not null,
    code           text not null,
    message        text not null,
    line           integer,
    primary key (file_id, seq)
);

create table if not exists raw.ingestion_error (
    error_id       bigserial primary key,
    file_name      text not null,
    source_path    text not null,
    sha256         char(64),
    size_bytes     bigint,
    reason         text not null,   -- stable code: empty, binary, undecodable, too_large, truncated, not_a_report, load_failed
    message        text not null,
    quarantine_path text,
    occurred_at    timestamptz not null default now()
);
create index if not exists ingestion_error_sha on raw.ingestion_error(sha256);
