-- fact_indicator counts each quantity once: for every province and period, the sum of its values
-- equals the sum of the chosen statements (fact_statement.is_chosen) of the current report versions,
-- and no report series has two current values for one indicator and unit. Rows returned break the rule.
with facts as (
    select coalesce(province_key, '?') as province_key, coalesce(period_key, '?') as period_key,
        round(sum(value)::numeric, 4) as total, count(*) as n
    from {{ ref('fact_indicator') }}
    group by 1, 2
),
chosen as (
    select coalesce(s.province_key, '?') as province_key, coalesce(s.period_key, '?') as period_key,
        round(sum(s.value)::numeric, 4) as total, count(*) as n
    from {{ ref('fact_statement') }} as s
    join {{ ref('dim_report') }} as r on r.report_key = s.report_key
    where s.is_chosen and not r.is_superseded
    group by 1, 2
)
select coalesce(f.province_key, c.province_key) as province_key, coalesce(f.period_key, c.period_key) as period_key,
       f.total as fact_total, c.total as chosen_total, f.n as facts, c.n as chosen
from facts as f
full join chosen as c
    on c.province_key = f.province_key and c.period_key = f.period_key
where f.total is distinct from c.total or f.n is distinct from c.n
