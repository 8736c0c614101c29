-- name: document_missing_report_number
-- severity: warning
-- description: A report carries its number (Số: .../BC-...).
select file_id, 1 as line, null::text as indicator_key, 'no report number' as observed,
       'Số: <n>/BC-<issuer>' as expected,
       'the header has no report number (số báo cáo); versions are told apart by issue date only' as message
from {batch}
where report_number is null
