-- name: ocr_low_confidence
-- severity: warning
-- description: A value read by OCR from a scanned page has a confidence of at least {ocr_min_confidence}
--     (PARDW_OCR_MIN_CONFIDENCE); a lower one is shown for review with its page and box.
-- versions: current
-- note: the value is kept as read (never corrected); a check of the report's arithmetic that holds does
--     not clear it (a sum can hold by chance). mart_ocr_review lists every OCR'd value with what the
--     arithmetic says of it (confirmed, accused).
select report_key as file_id, line, indicator_key, raw_value as observed,
       'OCR confidence >= {ocr_min_confidence}' as expected,
       'read by OCR (ảnh quét) with confidence ' || round(ocr_confidence::numeric, 1)
           || coalesce(', ' || ocr_check || ' by the report''s arithmetic', '')
           || ' at ' || coalesce(ocr_box, locator, '?') || ': ' || name_as_printed as message
from {batch}
where ocr_confidence < {ocr_min_confidence}
