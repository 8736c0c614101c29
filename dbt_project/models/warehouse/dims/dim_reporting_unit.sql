{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='reporting_unit_key',
        on_schema_change='append_new_columns',
        indexes=[{'columns': ['reporting_unit_key'], 'unique': True}, {'columns': ['built_at']}],
        pre_hook="{{ claim_new_files(adopt='select file_id from ' ~ source('raw', 'ingested_file') ~ ' where file_id <= (select max(last_report_key) from ' ~ this ~ ')', present_in=ref('int_reports')) }}",
    )
}}
-- Who a value is about: the issuer for whole-report values, or a department, district or commune
-- of a per-unit table. Incremental: only files this model has not built yet are read (the ledger
-- pardw_meta.built_file); units they mention are added, or updated with their latest report. A unit keeps the
-- name, level and group of the report it was first seen in.
with reports as (
    select * from {{ ref('int_reports') }}
    where file_id = any({{ new_files() }})
),

issuers as (
    select
        {{ reporting_unit_key('province_code', issuer='issuer') }} as reporting_unit_key,
        province_code,
        coalesce(issuer, 'unknown issuer') as unit_name,
        issuer_level as unit_level,
        cast(null as text) as parent_group,
        true as is_issuer,
        file_id
    from reports
),

units as (
    select
        {{ reporting_unit_key('r.province_code', unit_name='b.unit_name', parent_group='b.parent_group') }} as reporting_unit_key,
        r.province_code,
        b.unit_name,
        coalesce(b.unit_level, 'unknown') as unit_level,
        b.parent_group,
        false as is_issuer,
        r.file_id
    from {{ ref('stg_raw__breakdown_row') }} as b
    join reports as r on r.file_id = b.file_id
    where b.file_id = any({{ new_files() }})
),

seen as (
    select * from issuers
    union all
    select * from units
),

first_seen as (
    select distinct on (reporting_unit_key)
        reporting_unit_key, province_code, unit_name, unit_level, parent_group, is_issuer, file_id as first_report_key
    from seen
    order by reporting_unit_key, is_issuer desc, file_id, unit_name
),

last_seen as (
    select reporting_unit_key, max(file_id) as last_report_key
    from seen
    group by reporting_unit_key
)

select
    n.reporting_unit_key,
    {% if is_incremental() %}
    coalesce(t.province_code, n.province_code) as province_code,
    coalesce(t.unit_name, n.unit_name) as unit_name,
    coalesce(t.unit_level, n.unit_level) as unit_level,
    case when t.reporting_unit_key is null then n.parent_group else t.parent_group end as parent_group,
    coalesce(t.is_issuer, n.is_issuer) as is_issuer,
    coalesce(t.first_report_key, n.first_report_key) as first_report_key,
    {% else %}
    n.province_code,
    n.unit_name,
    n.unit_level,
    n.parent_group,
    n.is_issuer,
    n.first_report_key,
    {% endif %}
    l.last_report_key,
    {{ build_timestamp() }} as built_at
from first_seen as n
join last_seen as l using (reporting_unit_key)
{% if is_incremental() %}
left join {{ this }} as t using (reporting_unit_key)
{% endif %}
