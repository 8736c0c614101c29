{{ period_mart_config() }}
-- Series of the 34 provincial units in force from 1/7/2025, continued back across the merger:
-- for a period a new unit reported itself (from 7/2025) its own values are used (basis
-- 'reported'); before that its predecessors' values are combined (basis 'predecessors_summed':
-- counts and amounts summed over the merged provinces, rates recomputed from their numerator
-- and denominator sums - a rate is never averaged). The new Lâm Đồng's 2024 values are the sums
-- of the former Lâm Đồng, Đắk Nông and Bình Thuận; its 2026 values are its own.
-- A value printed beats one recomputed: `value` is what the unit printed itself when it did (basis
-- 'reported'), else the sum or the recomputed rate; `value_printed` and `value_recomputed` keep both
-- (Lâm Đồng FY-2025 iii.3.1: printed 99,1 %, recomputed 193.457 / 195.197 = 99,11 %), and
-- `value_origin` says which one `value` is (printed, summed, recomputed).
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

combined as (
    -- every indicator: the sum over the provinces (counts and amounts), the value printed when the unit reported itself
    select
        successor_key,
        successor_code,
        max(successor_name) as successor_name,
        period_key,
        indicator_key,
        max(indicator_kind) as indicator_kind,
        max(unit) as unit,
        sum(value) as summed,
        case when bool_or(reported) and count(*) = 1 then max(value) end as value_printed,
        count(distinct province_key) as provinces_reporting,
        array_agg(distinct province_name order by province_name) as provinces,
        case when bool_or(reported) then 'reported' else 'predecessors_summed' end as basis
    from chosen
    group by successor_key, successor_code, period_key, indicator_key
),

recomputed as (
    -- a rate from its numerator and denominator sums, whenever both are there
    select
        n.successor_key,
        n.period_key,
        i.indicator_key,
        case when d.summed > 0 then round((100.0 * n.summed / d.summed)::numeric, 2)::double precision end as value,
        least(n.provinces_reporting, d.provinces_reporting) as provinces_reporting,
        n.successor_code,
        n.successor_name,
        n.provinces,
        n.basis,
        i.unit
    from {{ ref('dim_indicator') }} as i
    join combined as n on n.indicator_key = i.numerator_key
    join combined as d on d.indicator_key = i.denominator_key
        and d.successor_key = n.successor_key and d.period_key = n.period_key
    where i.kind = 'rate'
),

counts_and_rates as (
    select
        coalesce(c.successor_key, r.successor_key) as successor_key,
        coalesce(c.successor_code, r.successor_code) as successor_code,
        coalesce(c.successor_name, r.successor_name) as successor_name,
        coalesce(c.period_key, r.period_key) as period_key,
        coalesce(c.indicator_key, r.indicator_key) as indicator_key,
        coalesce(c.unit, r.unit) as unit,
        c.value_printed,
        r.value as value_recomputed,
        case
            when c.value_printed is not null then c.value_printed
            when coalesce(c.indicator_kind, 'rate') = 'rate' then r.value
            else c.summed
        end as value,
        case
            when c.value_printed is not null then 'printed'
            when coalesce(c.indicator_kind, 'rate') = 'rate' then 'recomputed'
            else 'summed'
        end as value_origin,
        coalesce(r.provinces_reporting, c.provinces_reporting) as provinces_reporting,
        coalesce(c.provinces, r.provinces) as provinces,
        coalesce(c.basis, r.basis) as basis
    from combined as c
    full join recomputed as r
        on r.successor_key = c.successor_key and r.period_key = c.period_key and r.indicator_key = c.indicator_key
    where c.indicator_kind in ('count', 'amount') or r.indicator_key is not null
        or (c.indicator_kind = 'rate' and c.value_printed is not null)
)

select
    {{ surrogate_key(['successor_code', 'period_key', 'indicator_key']) }} as successor_series_key,
    successor_key,
    successor_code,
    successor_name,
    period_key,
    indicator_key,
    value,
    value_printed,
    value_recomputed,
    value_origin,
    unit,
    provinces_reporting,
    provinces,
    basis,
    {{ build_timestamp() }} as built_at
from counts_and_rates
