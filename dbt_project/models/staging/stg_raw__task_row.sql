select
    file_id,
    line,
    locator,
    table_name,
    nullif(btrim(code), '') as code,
    btrim(task) as task,
    nullif(btrim(target), '') as target,
    nullif(btrim(result), '') as result,
    nullif(btrim(deadline), '') as deadline,
    nullif(btrim(lead_agency), '') as lead_agency,
    status,
    nullif(btrim(status_text), '') as status_text,
    nullif(btrim(note), '') as note
from {{ source('raw', 'task_row') }}
