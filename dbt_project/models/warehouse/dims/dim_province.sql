-- Provincial units of both generations, each with its validity: the 63 units in force until
-- 30/6/2025 and the 34 units in force from 1/7/2025 (Nghị quyết 202/2025/QH15). A new unit
-- keeps the code of the old unit hosting its administrative centre (the new Lâm Đồng = Lâm Đồng
-- + Đắk Nông + Bình Thuận keeps 68), so the key is code + generation: '68_63' and '68_34'.
-- An old unit's successor is the new unit it belongs to; a new unit is its own successor, so
-- grouping by successor_key follows a series across the line (dim_province_merger
-- lists the predecessors of each new unit).
with old_units as (
    select
        p.code || '_63' as province_key,
        p.code as province_code,
        p.name as province_name,
        p.name_ascii,
        '63' as generation,
        date '2008-08-01' as valid_from,
        date '2025-06-30' as valid_to,
        p.type as province_type,
        p.region,
        p.region_8_geographic as region_8,
        m.new_code || '_34' as successor_key,
        m.new_code as successor_code,
        m.new_name as successor_name,
        m.merge_type,
        (m.new_code_equals_old_code = 'yes') as hosts_successor_centre,
        cast(null as integer) as predecessor_count
    from {{ ref('provinces_63') }} as p
    join {{ ref('province_merger_2025') }} as m on m.old_code = p.code
),

new_units as (
    select
        m.new_code || '_34' as province_key,
        m.new_code as province_code,
        max(regexp_replace(m.new_name, '^Thành phố\s+', '')) as province_name,
        max(h.name_ascii) filter (where h.code = m.new_code) as name_ascii,
        '34' as generation,
        date '2025-07-01' as valid_from,
        cast(null as date) as valid_to,
        case when max(m.new_name) like 'Thành phố %' then 'thành phố' else 'tỉnh' end as province_type,
        max(h.region) filter (where h.code = m.new_code) as region,
        max(h.region_8_geographic) filter (where h.code = m.new_code) as region_8,
        m.new_code || '_34' as successor_key,
        m.new_code as successor_code,
        max(m.new_name) as successor_name,
        cast(null as text) as merge_type,
        true as hosts_successor_centre,
        count(*)::integer as predecessor_count
    from {{ ref('province_merger_2025') }} as m
    join {{ ref('provinces_63') }} as h on h.code = m.old_code
    group by m.new_code
)

select * from old_units
union all
select * from new_units
