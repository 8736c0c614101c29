-- name: appendix_cites_other_report
-- severity: warning
-- description: The appendix cites the report's own number.
select w.file_id, w.line, null::text as indicator_key,
       substring(w.message from 'số ([0-9]+/[A-ZĐ-]+)') as observed, d.report_number as expected,
       w.message
from {raw}.parse_warning as w
join {batch} as d using (file_id)
where w.code = 'appendix_report_number_mismatch'
