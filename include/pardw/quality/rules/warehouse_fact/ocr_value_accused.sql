-- name: ocr_value_accused
-- severity: warning
-- description: A value read by OCR does not break the report's own arithmetic (its parent's sum, its
--     rate's counts); one that does is shown for review, it may be misread.
-- versions: current
-- note: a confident reading that fails a check is also what a report that disagrees with itself looks
--     like: parent_not_sum_of_children and rate_mismatch say so for every report; this rule names the
--     OCR'd value and its box.
select report_key as file_id, line, indicator_key, raw_value as observed,
       'a value the report''s sums and rates agree with' as expected,
       'read by OCR (ảnh quét) with confidence ' || round(ocr_confidence::numeric, 1)
           || ', accused by the report''s arithmetic, at ' || coalesce(ocr_box, locator, '?') || ': '
           || name_as_printed as message
from {batch}
where ocr_check = 'accused'
