{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        indexes=[
            {'columns': ['fact_key'], 'unique': True},
            {'columns': ['report_key']},
            {'columns': ['built_at']},
            {'columns': ['period_key', 'indicator_key']},
        ],
    )
}}
-- Grain: one reported value = report x indicator x reporting unit x source (appendix, breakdown,
-- narrative) and, for rows not matched to the catalog, x source line. Built incrementally: only
-- files loaded since the last build are read (file ids only grow) and appended; the unique index
-- on fact_key enforces the grain across builds, and the tests check the rows of the latest build
-- (built_at, see macros/get_where_subquery.sql).
{% set since = high_water_mark('report_key') %}
with new_reports as (
    select * from {{ ref('int_reports') }}
    where file_id > {{ since }}
),

appendix as (
    select
        a.file_id,
        'appendix' as source,
        a.indicator_key,
        a.match_method,
        a.domain_key,
        {{ surrogate_key(['r.province_code', "lower(coalesce(r.issuer, 'unknown issuer'))"]) }} as reporting_unit_key,
        a.value,
        a.unit,
        a.raw_value,
        a.indicator_name as name_as_printed,
        a.code as code_as_printed,
        a.form as table_name,
        a.line,
        cast(null as text) as sentence,
        a.flags as dq_flags
    from {{ ref('int_appendix_matched') }} as a
    join new_reports as r on r.file_id = a.file_id
    where a.file_id > {{ since }} and a.raw_value is not null
),

breakdown as (
    select
        b.file_id,
        'breakdown' as source,
        m.indicator_key,
        case when m.indicator_key is null then 'unmatched' else 'measure_pattern' end as match_method,
        'III' as domain_key,
        {{ surrogate_key(['r.province_code', 'lower(b.unit_name)', "lower(coalesce(b.parent_group, ''))"]) }} as reporting_unit_key,
        b.value,
        'Hồ sơ' as unit,
        b.raw_value,
        b.measure as name_as_printed,
        cast(null as text) as code_as_printed,
        b.table_name,
        b.line,
        cast(null as text) as sentence,
        b.flags || case when b.is_total then array['total_row'] else array[]::text[] end as dq_flags
    from {{ ref('stg_raw__breakdown_row') }} as b
    join new_reports as r on r.file_id = b.file_id
    left join lateral (
        select mm.indicator_key
        from {{ ref('breakdown_measure_map') }} as mm
        where b.measure_match like mm.measure_pattern
        order by length(mm.measure_pattern) desc
        limit 1
    ) as m on true
    where b.file_id > {{ since }} and b.raw_value is not null
),

narrative as (
    select
        n.file_id,
        'narrative' as source,
        m.indicator_key,
        case when m.indicator_key is null then 'unmatched' else 'metric_map' end as match_method,
        coalesce(n.domain_key, i.domain) as domain_key,
        {{ surrogate_key(['r.province_code', "lower(coalesce(r.issuer, 'unknown issuer'))"]) }} as reporting_unit_key,
        n.value,
        n.unit,
        n.raw_value,
        n.metric as name_as_printed,
        cast(null as text) as code_as_printed,
        n.section_role as table_name,
        n.line,
        n.sentence,
        array['section_' || n.section_role] as dq_flags
    from {{ ref('stg_raw__narrative_metric') }} as n
    join new_reports as r on r.file_id = n.file_id
    left join {{ ref('narrative_metric_map') }} as m on m.metric = n.metric
    left join {{ ref('indicator_catalog') }} as i on i.indicator_key = m.indicator_key
    where n.file_id > {{ since }} and n.section_role = 'result'
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
                    partition by u.file_id, u.indicator_key, u.reporting_unit_key, u.source order by u.line
                ) = 1
                then u.indicator_key
        end as kept_key
    from unioned as u
)

select
    {{ surrogate_key(['d.file_id', 'd.source', "coalesce(d.kept_key, 'line:' || d.line || ':' || d.name_as_printed || ':' || coalesce(d.raw_value, ''))", 'd.reporting_unit_key']) }} as fact_key,
    d.file_id as report_key,
    d.kept_key as indicator_key,
    d.reporting_unit_key,
    d.source,
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
    d.sentence,
    case when d.kept_key is null and d.indicator_key is not null then 'repeated' else d.match_method end as match_method,
    d.dq_flags,
    r.loaded_at,
    {{ build_timestamp() }} as built_at
from deduplicated as d
join new_reports as r on r.file_id = d.file_id
