{{ config(materialized='view') }}
-- Numbers quoted in the prose matched to the catalog through their metric family
-- (seeds/narrative_metric_map.csv). A number is matched only when it is about the reporting unit as
-- a whole (scope_kind whole_unit; rows loaded before scope_kind: no narrower level stated, or the level
-- of the issuer) or its family names the level itself (dossiers_resolved_commune: the level's own row
-- of the catalog), and it is not a change ("tăng 21 hạng"); a number about one agency, a former unit
-- or the country is not the unit's. Otherwise match_method says why not (out_of_scope, unmatched).
-- The unit it is about is the report's issuer. A view: fact_indicator reads the rows of the files it
-- has not built yet.
select
    n.file_id,
    n.line,
    n.seq,
    coalesce(n.domain_key, i.domain) as domain_key,
    n.section_role,
    n.metric,
    n.subject,
    n.value,
    n.unit,
    n.raw_value,
    n.sentence,
    n.role,
    n.scope,
    n.scope_kind,
    n.level,
    n.part_of,
    n.change,
    n.ocr_confidence,
    n.ocr_box,
    case when in_scope.ok then m.indicator_key end as indicator_key,
    case
        when m.indicator_key is null then 'unmatched'
        when not in_scope.ok then 'out_of_scope'
        else 'metric_map'
    end as match_method,
    {{ reporting_unit_key('r.province_code', issuer='r.issuer') }} as reporting_unit_key
from {{ ref('stg_raw__narrative_metric') }} as n
join {{ ref('int_reports') }} as r on r.file_id = n.file_id
left join {{ ref('narrative_metric_map') }} as m on m.metric = n.metric
left join {{ ref('indicator_catalog') }} as i on i.indicator_key = m.indicator_key
cross join lateral (
    select (
        n.scope_kind = 'whole_unit'
        or (n.scope_kind is null and (n.level is null or n.level = coalesce(nullif(r.issuer_level, 'unknown'), 'province')))
        or n.metric ~ '_(province|district|commune|department)$'
    ) and n.change is null as ok
) as in_scope
