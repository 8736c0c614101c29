-- Every quantity of the prose (issue 12): what is counted, the role of the number (a result, a
-- plan/target, a comparison baseline), the unit it is about, and its structure.
alter table raw.narrative_metric add column if not exists subject text;
alter table raw.narrative_metric add column if not exists role text not null default 'result';
alter table raw.narrative_metric add column if not exists scope text;
alter table raw.narrative_metric add column if not exists part_of integer;  -- seq of the total this part breaks down
alter table raw.narrative_metric add column if not exists change text;  -- increase | decrease
alter table raw.narrative_metric add column if not exists value_kind text not null default 'count';
alter table raw.narrative_metric add column if not exists match_method text;
