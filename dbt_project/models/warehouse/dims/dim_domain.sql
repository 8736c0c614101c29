-- The seven reform domains of the 2021-2030 programme (Nghị quyết 76/NQ-CP) with the 2011-2020 headings mapped onto them.
select
    domain_key,
    sort_order,
    name_vi,
    name_en,
    name_vi_2011_2020
from {{ ref('domains') }}
