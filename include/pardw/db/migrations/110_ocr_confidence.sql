-- Values read by OCR from a scanned page (issue 23): the reading's confidence (Tesseract, 0..100, the
-- lowest of its words), where on the page it was read ("p. N: x0,top,x1,bottom" in points), and for an
-- appendix value what the report's own arithmetic says of it (confirmed | accused). Null: not OCR'd.
alter table raw.appendix_row add column if not exists ocr_confidence double precision;
alter table raw.appendix_row add column if not exists ocr_box text;
alter table raw.appendix_row add column if not exists ocr_check text;
alter table raw.breakdown_row add column if not exists ocr_confidence double precision;
alter table raw.breakdown_row add column if not exists ocr_box text;
alter table raw.narrative_metric add column if not exists ocr_confidence double precision;
alter table raw.narrative_metric add column if not exists ocr_box text;
