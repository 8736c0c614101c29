{{ period_mart_config() }}
-- Provinces ranked per indicator and period (1 = highest value), over current provincial reports.
-- Units are ranked against units of their own generation only: the 63 units until 30/6/2025, the
-- 34 units from 1/7/2025 (a 2026 Lâm Đồng, three former provinces in one, is never ranked
-- against a 2024 one). Incremental per period: only periods with new facts are re-ranked.
with facts as (
    select f.province_code, f.province_key, p.generation, f.period_key, f.indicator_key, f.value
    from {{ ref('fact_indicator') }} as f
    join {{ ref('dim_report') }} as r on r.report_key = f.report_key
    join {{ ref('dim_province') }} as p on p.province_key = f.province_key
    where f.source = 'appendix' and f.indicator_key is not null and f.value is not null
      and r.issuer_level = 'province' and not r.is_superseded
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
    rank() over (partition by indicator_key, period_key, generation order by value desc) as rank_desc,
    count(*) over (partition by indicator_key, period_key, generation) as provinces_reporting,
    generation::integer as provinces_in_generation,
    {{ build_timestamp() }} as built_at
from facts
