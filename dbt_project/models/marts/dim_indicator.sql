-- The indicator catalog (statistical template of Công văn 581/BNV-CCHC plus per-unit and index measures).
select
    indicator_key,
    domain as domain_key,
    template_form,
    template_code,
    name_vi,
    name_en,
    unit,
    kind,
    nullif(parent_key, '') as parent_key,
    nullif(numerator_key, '') as numerator_key,
    nullif(denominator_key, '') as denominator_key,
    nullif(level, '') as level,
    sums_children
from {{ ref('indicator_catalog') }}
