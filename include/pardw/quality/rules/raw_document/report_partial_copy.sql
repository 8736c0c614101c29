-- name: report_partial_copy
-- severity: warning
-- description: A file is not a truncated or partial copy of another (same số báo cáo and date, fewer cells).
select d.file_id, coalesce(d.line, 1) as line, null::text as indicator_key,
       'a partial copy of ' || c.file_name as observed,
       'the complete report (' || c.file_name || ') stays current' as expected,
       'truncated or partial copy (bản sao thiếu) of report số ' || coalesce(r.report_number, '?')
           || ': sections missing; not used as a new version until a steward decides' as message
from {batch} as d
join {warehouse}.dim_report as r on r.report_key = d.file_id and r.is_partial_copy
join {warehouse}.dim_report as c on c.report_key = r.partial_copy_of
