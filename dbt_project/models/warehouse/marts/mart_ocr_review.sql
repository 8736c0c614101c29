-- The steward's review list of values read by OCR from scanned pages (issue 23): every OCR'd statement
-- of the current report versions with its file, page and box, the value as read, Tesseract's confidence
-- and what the report's own arithmetic says of it (confirmed, accused, or no check). A value under
-- PARDW_OCR_MIN_CONFIDENCE or accused is also a finding (ocr_low_confidence, ocr_value_accused); the
-- dashboard's data-quality page lists this table least sure first.
select
    s.statement_key,
    s.report_key,
    s.file_name,
    cast(substring(s.ocr_box from '^p\. ([0-9]+)') as integer) as page,
    s.ocr_box as box,
    s.source,
    s.line,
    s.code_as_printed,
    s.name_as_printed,
    s.raw_value,
    s.value,
    s.indicator_key,
    round(s.ocr_confidence::numeric, 1) as ocr_confidence,
    s.ocr_check
from {{ ref('fact_statement') }} as s
join {{ ref('dim_report') }} as r on r.report_key = s.report_key
where s.ocr_confidence is not null and not r.is_superseded
