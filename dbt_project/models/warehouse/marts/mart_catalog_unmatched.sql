{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        indexes=[{'columns': ['unmatched_key'], 'unique': True}],
        pre_hook="{{ claim_new_files(upstream='int_appendix_matched', adopt='select report_key from ' ~ this, present_in=ref('int_reports')) }}",
    )
}}
-- Appendix rows with a value that no catalog indicator matched, for curation (add an alias),
-- with the share of valued rows matched per report.
with rows as (
    select a.*, r.file_name, r.province_code, r.period_key
    from {{ ref('int_appendix_matched') }} as a
    join {{ ref('int_reports') }} as r using (file_id)
    where a.value is not null
    and a.file_id = any({{ new_files() }})
),

shares as (
    select
        file_id,
        count(*) as valued_rows,
        count(*) filter (where candidate_key is not null) as matched_rows,
        round(100.0 * count(*) filter (where candidate_key is not null) / nullif(count(*), 0), 1) as matched_pct
    from rows
    group by file_id
)

select
    {{ surrogate_key(['r.file_id', 'r.line']) }} as unmatched_key,
    r.file_id as report_key,
    r.file_name,
    r.line,
    r.form,
    r.domain_key,
    r.code,
    r.indicator_name,
    r.unit,
    r.raw_value,
    r.match_method,
    s.valued_rows,
    s.matched_rows,
    s.matched_pct,
    {{ build_timestamp() }} as built_at
from rows as r
join shares as s using (file_id)
where r.candidate_key is null
