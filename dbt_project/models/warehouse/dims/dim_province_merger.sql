-- The 2025 merger as a many-to-many bridge (published as marts.dim_province_merger): one row per (former unit of the 63, unit of the 34
-- it became part of) from 1/7/2025. A new unit has one to three predecessors (the new Lâm Đồng:
-- Lâm Đồng, Đắk Nông, Bình Thuận); is_host marks the predecessor whose code the new unit keeps.
select
    m.old_code || '_63' as predecessor_key,
    m.old_code as predecessor_code,
    m.old_name as predecessor_name,
    m.new_code || '_34' as successor_key,
    m.new_code as successor_code,
    m.new_name as successor_name,
    date '2025-07-01' as effective_date,
    m.merge_type,
    (m.new_code_equals_old_code = 'yes') as is_host
from {{ ref('province_merger_2025') }} as m
