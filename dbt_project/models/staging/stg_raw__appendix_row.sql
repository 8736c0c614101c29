select
    file_id,
    line,
    form,
    domain as domain_key,
    nullif(btrim(code), '') as code,
    btrim(name) as indicator_name,
    pardw_meta.match_name(name) as name_match,
    nullif(btrim(unit), '') as unit,
    raw_value,
    value,
    nullif(btrim(note), '') as note,
    is_group,
    parent_code,
    path,
    pardw_meta.match_name(path[array_length(path, 1)]) as parent_name_match,
    number_format,
    coalesce(flags, '{}') as flags
from {{ source('raw', 'appendix_row') }}
