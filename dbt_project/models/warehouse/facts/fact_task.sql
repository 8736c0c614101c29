-- Grain: one row of a task table (bảng nhiệm vụ: Phụ lục 4 "tiến độ thực hiện các chỉ tiêu", the task
-- list of a yearly report) of a current report: the task, its target and result as printed, deadline,
-- lead agency and status (done / in_progress / not_done), with its source file, line and locator.
select
    {{ surrogate_key(['t.file_id', 't.line']) }} as task_key,
    r.report_key,
    r.province_code,
    r.province_key,
    r.period_key,
    t.table_name,
    t.code as code_as_printed,
    t.task,
    t.target,
    t.result,
    t.deadline,
    t.lead_agency,
    t.status,
    t.status_text,
    t.note,
    r.file_name,
    t.line,
    t.locator
from {{ ref('stg_raw__task_row') }} as t
join {{ ref('int_reports') }} as r on r.file_id = t.file_id
where not r.is_superseded
