select
    error_id,
    file_name,
    source_path,
    sha256,
    size_bytes,
    reason,
    message,
    quarantine_path,
    occurred_at
from {{ source('raw', 'ingestion_error') }}
