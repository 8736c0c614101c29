{{ period_mart_config() }}
-- depends_on: {{ ref('fact_indicator') }}
-- The same series aggregated to the 34 provincial units in force from 1/7/2025: counts and
-- amounts are summed over the merged provinces; rates are recomputed from their numerator and
-- denominator sums (a rate is never averaged).
with base as (
    select * from {{ ref('mart_province_timeseries') }}
    where issuer_level = 'province' and {{ in_touched_periods('period_key') }}
),

sums as (
    select
        successor_code,
        max(successor_name) as successor_name,
        period_key,
        indicator_key,
        sum(value) as value,
        count(distinct province_code) as provinces_reporting,
        array_agg(distinct province_name order by province_name) as provinces
    from base
    where indicator_kind in ('count', 'amount')
    group by successor_code, period_key, indicator_key
),

rates as (
    select
        n.successor_code,
        n.successor_name,
        n.period_key,
        i.indicator_key,
        case when d.value > 0 then round((100.0 * n.value / d.value)::numeric, 2)::double precision end as value,
        least(n.provinces_reporting, d.provinces_reporting) as provinces_reporting,
        n.provinces
    from {{ ref('dim_indicator') }} as i
    join sums as n on n.indicator_key = i.numerator_key
    join sums as d on d.indicator_key = i.denominator_key
        and d.successor_code = n.successor_code and d.period_key = n.period_key
    where i.kind = 'rate'
)

select
    {{ surrogate_key(['successor_code', 'period_key', 'indicator_key']) }} as successor_series_key,
    *,
    {{ build_timestamp() }} as built_at
from (select * from sums union all select * from rates) as u
