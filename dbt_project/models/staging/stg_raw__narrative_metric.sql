select
    file_id,
    line,
    seq,
    domain as domain_key,
    section_role,
    metric,
    value,
    unit,
    level,
    raw_value,
    denominator,
    text as sentence,
    locator
from {{ source('raw', 'narrative_metric') }}
