{{ config(materialized='view') }}
-- Per-unit table cells (dossiers per department, district, commune) matched to the catalog's
-- per-unit measures: the folded column header against the LIKE patterns of
-- seeds/breakdown_measure_map.csv, the longest matching pattern winning; where none matches, the
-- header and the patterns of three words or more without their spaces (a PDF's narrow header cell breaks words inside:
-- 'Ho ạt động Cổng/Trang TT ĐT' is 'Hoạt động Cổng/Trang TTĐT'); with the reporting unit the cell
-- is about (the unit row within its group). A view: fact_indicator reads the rows of the files it
-- has not built yet, so matching costs only the new files' cells.
select
    b.file_id,
    b.line,
    b.table_name,
    b.unit_name,
    b.unit_level,
    b.parent_group,
    b.measure,
    b.raw_value,
    b.value,
    b.is_total,
    b.flags,
    b.ocr_confidence,
    b.ocr_box,
    m.indicator_key,
    case
        when m.indicator_key is null then 'unmatched'
        when m.spaced then 'measure_pattern'
        else 'measure_pattern_unspaced'
    end as match_method,
    {{ reporting_unit_key('r.province_code', unit_name='b.unit_name', parent_group='b.parent_group') }} as reporting_unit_key
from {{ ref('stg_raw__breakdown_row') }} as b
join {{ ref('int_reports') }} as r on r.file_id = b.file_id
left join lateral (
    select mm.indicator_key, b.measure_match like mm.measure_pattern as spaced
    from {{ ref('breakdown_measure_map') }} as mm
    where b.measure_match like mm.measure_pattern
        -- (patterns of three words or more: 'con han' without its space is in 'co nhan xet')
        or (mm.measure_pattern like '% % %' and replace(b.measure_match, ' ', '') like replace(mm.measure_pattern, ' ', ''))
    order by b.measure_match like mm.measure_pattern desc, length(mm.measure_pattern) desc
    limit 1
) as m on true
