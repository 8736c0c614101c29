{{ period_mart_config() }}
-- Provinces ranked per indicator and period (1 = highest value), over current provincial reports.
-- Incremental per period: only periods with new facts are re-ranked.
with facts as (
    select f.province_code, f.period_key, f.indicator_key, f.value
    from {{ ref('fact_indicator') }} as f
    join {{ ref('dim_report') }} as r on r.report_key = f.report_key
    where f.source = 'appendix' and f.indicator_key is not null and f.value is not null
      and r.issuer_level = 'province' and not r.is_superseded
      and f.period_key is not null and {{ in_touched_periods('f.period_key') }}
)

select
    {{ surrogate_key(['indicator_key', 'period_key', 'province_code']) }} as ranking_key,
    indicator_key,
    period_key,
    province_code,
    value,
    rank() over (partition by indicator_key, period_key order by value desc) as rank_desc,
    count(*) over (partition by indicator_key, period_key) as provinces_reporting,
    {{ build_timestamp() }} as built_at
from facts
