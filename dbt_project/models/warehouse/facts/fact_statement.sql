{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        indexes=[
            {'columns': ['statement_key'], 'unique': True},
            {'columns': ['report_key']},
            {'columns': ['built_at']},
            {'columns': ['period_key', 'indicator_key']},
        ],
        pre_hook=[
            "{{ claim_new_files(upstream='int_appendix_matched', adopt='select report_key from ' ~ this, present_in=ref('int_reports')) }}",
            "{{ hash_joins_only() }}",
        ],
    )
}}
-- Every statement of a value in every file: one row per appendix row, per-unit table cell and prose
-- result (a plan, target or comparison baseline of the prose is not a statement of a result), with its
-- source, file, line and locator. The matching happens upstream, one model per source
-- (int_appendix_matched, int_breakdown_matched, int_narrative_matched); here the three are put in one
-- shape. A quantity the report states several times (the appendix row, the per-unit table's total, the
-- prose sentence that repeats it) is several statements; `is_chosen` marks the one value of the
-- report x indicator x reporting unit that fact_indicator_history (and fact_indicator, its current
-- versions) keeps, by the rule written in fact_statement.yml:
--   1. a statement with a number beats one without (a text-only cell);
--   2. the appendix (the ministry's forms) beats a per-unit table, which beats the prose;
--   3. within one source, the first line (a later repeat of the same indicator in the same source keeps
--      indicator_key null and match_method 'repeated'; stated_indicator_key still names it).
-- Only printed values are statements: nothing recomputed (a rate from its counts, a sum of children)
-- enters this table, so a printed value always beats a recomputed one; marts that recompute keep both
-- (value_printed, value_recomputed). The data-quality rules of suite warehouse_fact read this table:
-- disagreements between statements are findings, never silently resolved.
-- Built incrementally: only files this model has not built yet (and int_appendix_matched has) are read
-- and appended (the ledger pardw_meta.built_file: a late commit of a low file_id is not skipped); the
-- unique index on statement_key enforces the grain across builds, and the tests check the rows of the
-- latest build (built_at, see get_where_subquery in macros/incremental.sql).
-- Planned with hash joins only (pre-hook hash_joins_only): a full build of 10,000 reports took 441 s when
-- the planner, blind to new_files()'s size, merged statements and locators on file_id alone; 206 s now.
with new_reports as (
    select * from {{ ref('int_reports') }}
    where file_id = any({{ new_files() }})
),

appendix as (
    select
        a.file_id,
        'appendix' as source,
        a.indicator_key,
        a.match_method,
        a.domain_key,
        {{ reporting_unit_key('r.province_code', issuer='r.issuer') }} as reporting_unit_key,
        a.value,
        a.unit,
        a.raw_value,
        a.indicator_name as name_as_printed,
        a.code as code_as_printed,
        a.form as table_name,
        a.line,
        cast(null as text) as sentence,
        'result' as role,
        cast(null as text) as scope,
        a.flags as dq_flags,
        a.ocr_confidence,
        a.ocr_box,
        a.ocr_check
    from {{ ref('int_appendix_matched') }} as a
    join new_reports as r on r.file_id = a.file_id
    where a.file_id = any({{ new_files() }}) and a.raw_value is not null
),

breakdown as (
    select
        b.file_id,
        'breakdown' as source,
        b.indicator_key,
        b.match_method,
        'III' as domain_key,
        b.reporting_unit_key,
        b.value,
        'Hồ sơ' as unit,
        b.raw_value,
        b.measure as name_as_printed,
        cast(null as text) as code_as_printed,
        b.table_name,
        b.line,
        cast(null as text) as sentence,
        'result' as role,
        b.unit_name as scope,
        b.flags || case when b.is_total then array['total_row'] else array[]::text[] end as dq_flags,
        b.ocr_confidence,
        b.ocr_box,
        -- a per-unit cell has no check of its own: its table's row or column sum failing on it is its flag
        case when 'ocr_accused' = any(b.flags) then 'accused' end as ocr_check
    from {{ ref('int_breakdown_matched') }} as b
    where b.file_id = any({{ new_files() }}) and b.raw_value is not null
),

narrative as (
    -- only results: a plan or target (role 'plan') and a comparison value (role 'baseline') are never
    -- summed, ranked or compared with results
    select
        n.file_id,
        'narrative' as source,
        n.indicator_key,
        n.match_method,
        n.domain_key,
        n.reporting_unit_key,
        n.value,
        n.unit,
        n.raw_value,
        coalesce(n.subject, n.metric) as name_as_printed,
        '#' || n.seq as code_as_printed,  -- the fact's position in the file's prose (part_of refers to it)
        n.section_role as table_name,
        n.line,
        n.sentence,
        n.role,
        n.scope,
        array['section_' || n.section_role]
            || case when n.part_of is not null then array['part_of_' || n.part_of] else array[]::text[] end
            || case when n.change is not null then array['change_' || n.change] else array[]::text[] end
            as dq_flags,
        n.ocr_confidence,
        n.ocr_box,
        cast(null as text) as ocr_check
    from {{ ref('int_narrative_matched') }} as n
    where n.file_id = any({{ new_files() }}) and n.section_role = 'result' and n.role = 'result'
),

locators as (
    -- filtered here, not in the join: a restriction reaches into the view's union and its DISTINCTs,
    -- a join condition does not (the view would be computed over every file: 4 s at 10,000 reports)
    select * from {{ ref('int_source_locators') }}
    where file_id = any({{ new_files() }})
),

unioned as (
    select * from appendix
    union all
    select * from breakdown
    union all
    select * from narrative
),

deduplicated as (
    -- a matched indicator keeps one value per report, unit and source (the first line); repeats stay as unmatched lines
    select
        u.*,
        case
            when u.indicator_key is not null
                and row_number() over (
                    partition by u.file_id, u.indicator_key, u.reporting_unit_key, u.source
                    order by u.line, length(u.code_as_printed), u.code_as_printed
                ) = 1
                then u.indicator_key
        end as kept_key
    from unioned as u
),

ranked as (
    -- the chosen statement of each report x indicator x reporting unit (the rule above)
    select
        d.*,
        case d.source when 'appendix' then 1 when 'breakdown' then 2 else 3 end as source_rank,
        count(*) over (partition by d.file_id, d.indicator_key, d.reporting_unit_key) as statement_count,
        d.kept_key is not null and row_number() over (
            partition by d.file_id, d.kept_key, d.reporting_unit_key
            order by d.value is null, case d.source when 'appendix' then 1 when 'breakdown' then 2 else 3 end,
                d.line, length(d.code_as_printed), d.code_as_printed
        ) = 1 as is_chosen
    from deduplicated as d
)

select
    {{ surrogate_key(['d.file_id', 'd.source', "coalesce(d.kept_key, 'line:' || d.line || ':' || d.name_as_printed || ':' || coalesce(d.raw_value, '') || case when d.source = 'narrative' then d.code_as_printed else '' end)", 'd.reporting_unit_key']) }} as statement_key,
    d.file_id as report_key,
    d.kept_key as indicator_key,
    d.indicator_key as stated_indicator_key,
    d.reporting_unit_key,
    d.source,
    d.source_rank,
    d.is_chosen,
    case when d.indicator_key is not null then d.statement_count end as statement_count,
    d.domain_key,
    r.province_code,
    r.province_key,
    r.period_key,
    d.value,
    d.unit,
    d.raw_value,
    d.name_as_printed,
    d.code_as_printed,
    d.table_name,
    r.file_name,
    d.line,
    loc.locator,
    d.sentence,
    d.role,
    d.scope,
    case when d.kept_key is null and d.indicator_key is not null then 'repeated' else d.match_method end as match_method,
    d.dq_flags,
    d.ocr_confidence,
    d.ocr_box,
    d.ocr_check,
    r.loaded_at,
    {{ build_timestamp() }} as built_at
from ranked as d
join new_reports as r on r.file_id = d.file_id
left join locators as loc
    on loc.file_id = d.file_id and loc.source = d.source and loc.line = d.line
