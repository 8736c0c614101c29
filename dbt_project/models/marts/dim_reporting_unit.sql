{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        indexes=[{'columns': ['reporting_unit_key'], 'unique': True}, {'columns': ['built_at']}],
    )
}}
-- Who a value is about: the issuer for whole-report values, or a department, district or commune
-- of a per-unit table. Incremental: units first seen in files loaded since the last build are added.
with reports as (
    select * from {{ ref('int_reports') }}
    {% if is_incremental() %}
    where file_id > (select coalesce(max(first_report_key), 0) from {{ this }})
    {% endif %}
),

issuers as (
    select
        {{ surrogate_key(['province_code', "lower(coalesce(issuer, 'unknown issuer'))"]) }} as reporting_unit_key,
        province_code,
        coalesce(issuer, 'unknown issuer') as unit_name,
        issuer_level as unit_level,
        cast(null as text) as parent_group,
        true as is_issuer,
        file_id as first_report_key
    from reports
),

units as (
    select
        {{ surrogate_key(['r.province_code', 'lower(b.unit_name)', "lower(coalesce(b.parent_group, ''))"]) }} as reporting_unit_key,
        r.province_code,
        b.unit_name,
        coalesce(b.unit_level, 'unknown') as unit_level,
        b.parent_group,
        false as is_issuer,
        r.file_id as first_report_key
    from {{ ref('stg_raw__breakdown_row') }} as b
    join reports as r on r.file_id = b.file_id
)

select distinct on (reporting_unit_key)
    reporting_unit_key,
    province_code,
    unit_name,
    unit_level,
    parent_group,
    is_issuer,
    first_report_key,
    {{ build_timestamp() }} as built_at
from (select * from issuers union all select * from units) as u
{% if is_incremental() %}
where not exists (select 1 from {{ this }} as t where t.reporting_unit_key = u.reporting_unit_key)
{% endif %}
order by reporting_unit_key, is_issuer desc, first_report_key, unit_name
