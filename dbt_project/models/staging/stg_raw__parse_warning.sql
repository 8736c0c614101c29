select
    file_id,
    seq,
    code as warning_code,
    message,
    line,
    locator
from {{ source('raw', 'parse_warning') }}
