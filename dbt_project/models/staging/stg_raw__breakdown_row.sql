select
    file_id,
    line,
    table_name,
    btrim(unit_name) as unit_name,
    unit_level,
    nullif(btrim(parent), '') as parent_group,
    btrim(measure) as measure,
    pardw_meta.match_name(measure) as measure_match,
    raw_value,
    value,
    is_total,
    coalesce(flags, '{}') as flags,
    locator,
    ocr_confidence,
    ocr_box
from {{ source('raw', 'breakdown_row') }}
