{{ period_mart_config() }}
-- Provinces ranked per indicator and period (1 = highest value), over the values of fact_indicator
-- (current versions) that provincial reports print in their appendix forms.
-- Units are ranked against units of their own generation only: the 63 units until 30/6/2025, the
-- 34 units from 1/7/2025 (a 2026 Lâm Đồng, three former provinces in one, is never ranked
-- against a 2024 one). Incremental per period: only periods with new facts are re-ranked.
with facts as (
    select f.province_code, f.province_key, p.generation, f.period_key, f.indicator_key, f.value,
        coalesce(i.unit, f.unit) as unit, f.file_name, f.line
    from {{ ref('fact_indicator') }} as f
    join {{ ref('dim_province') }} as p on p.province_key = f.province_key
    join {{ ref('dim_indicator') }} as i on i.indicator_key = f.indicator_key
    where f.source = 'appendix' and f.value is not null and f.issuer_level = 'province'
      and f.period_key is not null and {{ in_touched_periods('f.period_key') }}
)

select
    {{ surrogate_key(['indicator_key', 'period_key', 'province_key']) }} as ranking_key,
    indicator_key,
    period_key,
    province_code,
    province_key,
    generation,
    value,
    unit,
    file_name,
    line,
    rank() over (partition by indicator_key, period_key, generation order by value desc) as rank_desc,
    count(*) over (partition by indicator_key, period_key, generation) as provinces_reporting,
    generation::integer as provinces_in_generation,
    {{ build_timestamp() }} as built_at
from facts
