{{ period_mart_config() }}
-- depends_on: {{ ref('fact_indicator') }}
-- Series of the 34 provincial units in force from 1/7/2025, continued back across the merger:
-- for a period a new unit reported itself (from 7/2025) its own values are used (basis
-- 'reported'); before that its predecessors' values are combined (basis 'predecessors_summed':
-- counts and amounts summed over the merged provinces, rates recomputed from their numerator
-- and denominator sums - a rate is never averaged). The new Lâm Đồng's 2024 values are the sums
-- of the former Lâm Đồng, Đắk Nông and Bình Thuận; its 2026 values are its own.
with base as (
    select * from {{ ref('mart_province_timeseries') }}
    where issuer_level = 'province' and {{ in_touched_periods('period_key') }}
),

chosen as (
    -- a period the successor reported itself is never mixed with its predecessors' figures
    select *
    from (
        select
            b.*,
            bool_or(b.generation = '34') over (partition by b.successor_key, b.period_key, b.indicator_key) as reported
        from base as b
    ) as t
    where (generation = '34') = reported
),

sums as (
    select
        successor_key,
        successor_code,
        max(successor_name) as successor_name,
        period_key,
        indicator_key,
        sum(value) as value,
        count(distinct province_key) as provinces_reporting,
        array_agg(distinct province_name order by province_name) as provinces,
        case when bool_or(reported) then 'reported' else 'predecessors_summed' end as basis
    from chosen
    where indicator_kind in ('count', 'amount')
    group by successor_key, successor_code, period_key, indicator_key
),

rates as (
    select
        n.successor_key,
        n.successor_code,
        n.successor_name,
        n.period_key,
        i.indicator_key,
        case when d.value > 0 then round((100.0 * n.value / d.value)::numeric, 2)::double precision end as value,
        least(n.provinces_reporting, d.provinces_reporting) as provinces_reporting,
        n.provinces,
        n.basis
    from {{ ref('dim_indicator') }} as i
    join sums as n on n.indicator_key = i.numerator_key
    join sums as d on d.indicator_key = i.denominator_key
        and d.successor_key = n.successor_key and d.period_key = n.period_key
    where i.kind = 'rate'
)

select
    {{ surrogate_key(['successor_code', 'period_key', 'indicator_key']) }} as successor_series_key,
    *,
    {{ build_timestamp() }} as built_at
from (select * from sums union all select * from rates) as u
