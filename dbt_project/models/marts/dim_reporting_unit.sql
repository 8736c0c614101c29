-- Who a value is about: the issuer for whole-report values, or a department, district or commune of a per-unit table.
with issuers as (
    select distinct
        {{ surrogate_key(['province_code', "lower(coalesce(issuer, 'unknown issuer'))"]) }} as reporting_unit_key,
        province_code,
        coalesce(issuer, 'unknown issuer') as unit_name,
        issuer_level as unit_level,
        cast(null as text) as parent_group,
        true as is_issuer
    from {{ ref('int_reports') }}
),

units as (
    select distinct
        {{ surrogate_key(['r.province_code', 'lower(b.unit_name)', "lower(coalesce(b.parent_group, ''))"]) }} as reporting_unit_key,
        r.province_code,
        b.unit_name,
        coalesce(b.unit_level, 'unknown') as unit_level,
        b.parent_group,
        false as is_issuer
    from {{ ref('stg_raw__breakdown_row') }} as b
    join {{ ref('int_reports') }} as r on r.file_id = b.file_id
)

select distinct on (reporting_unit_key) *
from (select * from issuers union all select * from units) as u
order by reporting_unit_key, is_issuer desc
