{{ config(materialized='view') }}
-- The analysts' table: one value per report x indicator x reporting unit x period, for the CURRENT
-- version of each report series only (a draft, a superseded correction or a partial copy never appears
-- here; every version stays in fact_indicator_history). A sum over it counts each quantity once: the
-- other statements of the same quantity (prose repeating the appendix, a per-unit table's total) are in
-- fact_statement. A view in the build schema; `pardw publish` copies it into marts as a table.
select
    fact_key,
    report_key,
    report_series_key,
    version,
    is_draft,
    issuer_level,
    indicator_key,
    reporting_unit_key,
    domain_key,
    province_code,
    province_key,
    period_key,
    value,
    unit,
    raw_value,
    source,
    statement_count,
    statement_key,
    name_as_printed,
    code_as_printed,
    table_name,
    file_name,
    line,
    locator,
    sentence,
    scope,
    match_method,
    dq_flags,
    ocr_confidence,
    ocr_box,
    ocr_check,
    loaded_at,
    built_at
from {{ ref('fact_indicator_history') }}
where is_current
