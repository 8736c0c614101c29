{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='report_series_key',
        on_schema_change='sync_all_columns',
        indexes=[
            {'columns': ['fact_key'], 'unique': True},
            {'columns': ['report_key', 'indicator_key', 'reporting_unit_key'], 'unique': True},
            {'columns': ['report_series_key']},
            {'columns': ['built_at']},
            {'columns': ['period_key', 'indicator_key']},
        ],
        pre_hook="{{ claim_new_files(upstream='fact_statement', adopt='select report_key from ' ~ this, present_in=ref('int_reports')) }}",
    )
}}
-- One value per report x indicator x reporting unit (the period is the report's), for EVERY version of
-- every report (drafts, corrections, partial copies): the statement fact_statement chose (is_chosen: a
-- number over a text cell, appendix over per-unit table over prose, the first line), with the report's
-- version, whether it is the current version of its series (is_current), the file and line. Analysts
-- read fact_indicator (is_current only); this table answers "what did the draft / the first file say".
-- Only matched values: a value the catalog does not know stays in fact_statement (indicator_key null)
-- and mart_catalog_unmatched.
-- Built incrementally per report series: a new file re-ranks the versions of its series, so the series'
-- rows are deleted and rewritten (delete+insert on report_series_key); other series are untouched. A
-- series counts only the versions fact_statement has built (a file still being loaded never makes the
-- series' current version disappear for one build).
with touched_series as (
    select distinct report_series_key from {{ ref('int_reports') }}
    where file_id = any({{ new_files() }})
),

versions as (
    select r.*,
        row_number() over (partition by r.report_series_key order by r.currency_rank) = 1 as is_current
    from {{ ref('int_reports') }} as r
    where r.report_series_key in (select report_series_key from touched_series)
      and r.file_id in (select file_id from pardw_meta.built_file where model = 'fact_statement')
)

select
    {{ surrogate_key(['s.report_key', 's.indicator_key', 's.reporting_unit_key']) }} as fact_key,
    s.report_key,
    v.report_series_key,
    v.version,
    v.is_current,
    v.is_draft,
    v.is_partial_copy,
    v.issuer_level,
    s.indicator_key,
    s.reporting_unit_key,
    s.domain_key,
    s.province_code,
    s.province_key,
    s.period_key,
    s.value,
    s.unit,
    s.raw_value,
    s.source,
    s.statement_count,
    s.statement_key,
    s.name_as_printed,
    s.code_as_printed,
    s.table_name,
    s.file_name,
    s.line,
    s.locator,
    s.sentence,
    s.scope,
    s.match_method,
    s.dq_flags,
    s.ocr_confidence,
    s.ocr_box,
    s.ocr_check,
    s.loaded_at,
    {{ build_timestamp() }} as built_at
from {{ ref('fact_statement') }} as s
join versions as v on v.file_id = s.report_key
where s.is_chosen
