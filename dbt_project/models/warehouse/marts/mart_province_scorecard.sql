{{ period_mart_config() }}
-- Headline KPIs per province and period: the values of fact_indicator (current versions, one value per
-- report x indicator x unit) that the appendix forms of provincial People's Committees print (agency and
-- district reports mix their own figures with province-wide ones; a value only the prose states is in
-- fact_indicator with source 'narrative' and is not a headline KPI).
with facts as (
    select f.*
    from {{ ref('fact_indicator') }} as f
    where f.source = 'appendix' and f.issuer_level = 'province'
      and f.period_key is not null and {{ in_touched_periods('f.period_key') }}
)

select
    {{ surrogate_key(['f.province_key', 'f.period_key']) }} as scorecard_key,
    f.province_code,
    p.province_key,
    p.generation,
    p.province_name,
    p.successor_code,
    p.successor_name,
    f.period_key,
    d.period_type,
    d.period_year,
    max(case when f.indicator_key = 'iii.3.1' then f.value end) as on_time_rate_department,
    max(case when f.indicator_key = 'iii.3.2' then f.value end) as on_time_rate_district,
    max(case when f.indicator_key = 'iii.3.3' then f.value end) as on_time_rate_commune,
    max(case when f.indicator_key = 'vii.6.3' then f.value end) as online_dossier_rate_full,
    max(case when f.indicator_key = 'vii.6.4' then f.value end) as online_dossier_rate_partial,
    max(case when f.indicator_key = 'iii.1.4' then f.value end) as tthc_total,
    max(case when f.indicator_key = 'i.2' then f.value end) as plan_completion_rate,
    max(case when f.indicator_key = 'vi.1' then f.value end) as disbursement_rate,
    max(case when f.indicator_key = 'iii.3.4' then f.value end) as pakn_resolution_rate,
    max(f.report_key) as report_key,
    {{ build_timestamp() }} as built_at
from facts as f
join {{ ref('dim_province') }} as p using (province_key)
join {{ ref('dim_period') }} as d using (period_key)
group by f.province_code, f.province_key, p.province_key, p.generation, p.province_name, p.successor_code, p.successor_name, f.period_key, d.period_type, d.period_year
