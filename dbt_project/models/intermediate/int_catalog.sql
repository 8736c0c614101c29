-- The indicator catalog with the normalised names used for matching, its aliases, and the
-- wording of every template row (Công văn 581/BNV-CCHC of 2022, 4625/BNV-CCHC of 2025) under
-- its canonical key, so a row renamed by a template matches by wording too.
with catalog as (
    select * from {{ ref('indicator_catalog') }}
),

template_rows as (
    select
        t.template,
        t.form,
        t.code,
        t.name_vi,
        t.indicator_key,
        -- the parent row of a template row is the row of the same form whose code is its code minus the last part
        (
            select p.name_vi from {{ ref('indicator_template_row') }} as p
            where p.template = t.template and p.form = t.form
              and p.code = regexp_replace(t.code, '\.[^.]+$', '') and t.code like '%.%'
            limit 1
        ) as parent_name_vi
    from {{ ref('indicator_template_row') }} as t
),

names as (
    select
        c.indicator_key,
        c.domain as domain_key,
        pardw_meta.match_name(c.name_vi) as name_match,
        pardw_meta.match_name(p.name_vi) as parent_name_match,
        'catalog' as name_source,
        cast(null as text) as template,
        cast(null as text) as template_code
    from catalog as c
    left join catalog as p on p.indicator_key = c.parent_key
    union all
    select
        a.indicator_key,
        c.domain as domain_key,
        pardw_meta.match_name(a.alias_name_vi) as name_match,
        null as parent_name_match,
        'alias' as name_source,
        null,
        null
    from {{ ref('indicator_alias') }} as a
    join catalog as c using (indicator_key)
    union all
    select
        t.indicator_key,
        c.domain as domain_key,
        pardw_meta.match_name(t.name_vi) as name_match,
        pardw_meta.match_name(t.parent_name_vi) as parent_name_match,
        'template' as name_source,
        t.template,
        t.code
    from template_rows as t
    join catalog as c using (indicator_key)
),

name_counts as (
    select domain_key, name_match, count(distinct indicator_key) as keys_with_name
    from names
    where name_source in ('catalog', 'template')
    group by domain_key, name_match
)

select
    n.*,
    coalesce(c.keys_with_name, 0) as keys_with_name
from names as n
left join name_counts as c using (domain_key, name_match)
