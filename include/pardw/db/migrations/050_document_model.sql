-- The document model (Word, PDF and every text export): the format of each file, a locator that a
-- person can open beside every line ("p. 31", "table 5, row 12", "line 402"), and task tables.
alter table raw.ingested_file add column if not exists format text;
alter table raw.document add column if not exists format text;
alter table raw.appendix_row add column if not exists locator text;
alter table raw.appendix_row add column if not exists denominator double precision;
alter table raw.breakdown_row add column if not exists locator text;
alter table raw.narrative_metric add column if not exists locator text;
alter table raw.parse_warning add column if not exists locator text;
alter table raw.ingestion_error add column if not exists format text;

create table if not exists raw.task_row (
    file_id      bigint not null,
    line         integer not null,
    locator      text,
    table_name   text,
    code         text,
    task         text not null,
    target       text,
    result       text,
    deadline     text,
    lead_agency  text,
    status       text check (status in ('done', 'in_progress', 'not_done')),
    status_text  text,
    note         text,
    primary key (file_id, line)
);

grant select, insert, update, delete on raw.task_row to pardw_loader;
grant select on raw.task_row to pardw_transformer;
