select
    file_id,
    file_name,
    source_path,
    size_bytes,
    sha256,
    encoding,
    status,
    parser_version,
    received_at,
    loaded_at
from {{ source('raw', 'ingested_file') }}
