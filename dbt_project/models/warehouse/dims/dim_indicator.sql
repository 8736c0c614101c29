-- The indicator catalog: the statistical templates' rows under canonical keys that survive
-- renumbering (Công văn 581/BNV-CCHC of 2022 and 4625/BNV-CCHC of 2025) plus per-unit and index
-- measures, with the templates each key appears in: a key of 581 only (a district row, cấp
-- huyện) ends with the 2025 template; a key of 4625 only is new in it.
with templates as (
    select
        indicator_key,
        array_agg(distinct template order by template) as templates,
        max(code) filter (where template = '581') as code_581,
        max(code) filter (where template = '4625') as code_4625
    from {{ ref('indicator_template_row') }}
    group by indicator_key
)

select
    c.indicator_key,
    c.domain as domain_key,
    c.template_form,
    c.template_code,
    c.name_vi,
    c.name_en,
    c.unit,
    c.kind,
    nullif(c.parent_key, '') as parent_key,
    nullif(c.numerator_key, '') as numerator_key,
    nullif(c.denominator_key, '') as denominator_key,
    nullif(c.level, '') as level,
    c.sums_children,
    c.cumulative_since_jan1,
    t.templates,
    t.code_581,
    t.code_4625,
    case
        when t.templates is null then null
        when '4625' = any(t.templates) then '4625'
        else '581'
    end as last_template,
    (t.templates is not null and not ('4625' = any(t.templates))) as ended_2025
from {{ ref('indicator_catalog') }} as c
left join templates as t using (indicator_key)
