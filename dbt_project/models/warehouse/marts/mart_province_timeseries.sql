{{ period_mart_config() }}
-- Indicator values over time per province (the values of fact_indicator, current versions, that the
-- appendix forms print), with the post-2025 province each belongs to, so
-- analysts can follow a pre-merger province into its successor (Kiên Giang -> An Giang). Units of
-- both generations appear, each under its own province_key (Lâm Đồng 68_63 until 6/2025, 68_34 after).
select
    {{ surrogate_key(['f.province_code', 'f.period_key', 'f.indicator_key', 'f.report_key']) }} as timeseries_key,
    f.province_code,
    p.province_key,
    p.generation,
    p.province_name,
    p.successor_key,
    p.successor_code,
    p.successor_name,
    f.period_key,
    d.period_year,
    d.period_type,
    d.end_date as period_end,
    f.indicator_key,
    i.name_en as indicator_name_en,
    i.kind as indicator_kind,
    f.value,
    coalesce(i.unit, f.unit) as unit,
    f.report_key,
    f.issuer_level,
    f.file_name,
    f.line,
    {{ build_timestamp() }} as built_at
from {{ ref('fact_indicator') }} as f
join {{ ref('dim_province') }} as p on p.province_key = f.province_key
join {{ ref('dim_period') }} as d on d.period_key = f.period_key
join {{ ref('dim_indicator') }} as i on i.indicator_key = f.indicator_key
where f.source = 'appendix' and f.value is not null
  and f.period_key is not null and {{ in_touched_periods('f.period_key') }}
