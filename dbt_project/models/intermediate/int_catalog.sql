-- The indicator catalog with the normalised names used for matching, and its aliases.
with catalog as (
    select * from {{ ref('indicator_catalog') }}
),

names as (
    select
        c.indicator_key,
        c.domain as domain_key,
        pardw_meta.match_name(c.name_vi) as name_match,
        pardw_meta.match_name(p.name_vi) as parent_name_match,
        'catalog' as name_source
    from catalog as c
    left join catalog as p on p.indicator_key = c.parent_key
    union all
    select
        a.indicator_key,
        c.domain as domain_key,
        pardw_meta.match_name(a.alias_name_vi) as name_match,
        null as parent_name_match,
        'alias' as name_source
    from {{ ref('indicator_alias') }} as a
    join catalog as c using (indicator_key)
),

name_counts as (
    select domain_key, name_match, count(distinct indicator_key) as keys_with_name
    from names
    where name_source = 'catalog'
    group by domain_key, name_match
)

select
    n.*,
    coalesce(c.keys_with_name, 0) as keys_with_name
from names as n
left join name_counts as c using (domain_key, name_match)
