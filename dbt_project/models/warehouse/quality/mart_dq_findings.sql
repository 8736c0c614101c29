{{ config(tags=['dq']) }}
-- Every finding of the latest validation run, with the report's province and period, so a data
-- steward can go straight to the file and line.
with latest as (
    select run_id, finished_at
    from {{ source('dq', 'validation_run') }}
    where status <> 'running'
    order by started_at desc
    limit 1
)

select
    f.finding_id,
    f.run_id,
    l.finished_at as validated_at,
    f.severity,
    f.rule,
    f.suite,
    f.file_id as report_key,
    f.file_name,
    f.report_number,
    r.province_code,
    r.province_name,
    r.period_key,
    f.indicator_key,
    i.name_vi as indicator_name_vi,
    f.line,
    loc.locator,
    f.file_name || ':' || coalesce(f.line::text, '?')
        || case when loc.locator like 'line %' then '' else coalesce(' (' || loc.locator || ')', '') end
        as location,
    f.observed,
    f.expected,
    f.message,
    f.message_en,
    f.arithmetic,
    f.places,
    f.finding_key,
    f.decision,
    ocr.ocr_confidence,
    ocr.ocr_box
from {{ source('dq', 'finding') }} as f
join latest as l using (run_id)
left join {{ ref('dim_report') }} as r on r.report_key = f.file_id
left join {{ ref('dim_indicator') }} as i on i.indicator_key = f.indicator_key
left join lateral (
    select l.locator from {{ ref('int_source_locators') }} as l
    where l.file_id = f.file_id and l.line = f.line
    limit 1
) as loc on true
left join lateral (  -- a value read by OCR: its confidence and box (the least sure statement of the line)
    select s.ocr_confidence, s.ocr_box from {{ ref('fact_statement') }} as s
    where s.report_key = f.file_id and s.line = f.line and s.ocr_confidence is not null
    order by s.ocr_confidence
    limit 1
) as ocr on true
