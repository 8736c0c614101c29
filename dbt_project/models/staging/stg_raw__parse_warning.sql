select
    file_id,
    seq,
    code as warning_code,
    message,
    line
from {{ source('raw', 'parse_warning') }}
