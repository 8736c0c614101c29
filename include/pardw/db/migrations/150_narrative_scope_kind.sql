-- What a prose number is about, as a closed vocabulary (issue 28; pardw.parse.scope): whole_unit (the
-- reporting unit as a whole), level (scope = province | district | commune | department), agency (scope = the
-- named body), former_unit (scope = the unit before the 2025 merger), national. Rows loaded before it: null.
alter table raw.narrative_metric add column if not exists scope_kind text;
alter table raw.narrative_metric drop constraint if exists narrative_metric_scope_kind_check;
alter table raw.narrative_metric add constraint narrative_metric_scope_kind_check
    check (scope_kind in ('whole_unit', 'level', 'agency', 'former_unit', 'national'));
