-- The 63 provincial units in force until 30/6/2025, each with the unit it belongs to from 1/7/2025.
select
    p.code as province_code,
    p.name as province_name,
    p.name_ascii,
    p.type as province_type,
    p.region,
    p.region_8_geographic as region_8,
    m.new_code as successor_code,
    m.new_name as successor_name,
    m.merge_type,
    (m.new_code_equals_old_code = 'yes') as hosts_successor_centre
from {{ ref('provinces_63') }} as p
join {{ ref('province_merger_2025') }} as m on m.old_code = p.code
