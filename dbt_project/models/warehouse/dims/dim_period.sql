-- Reporting periods: quarters, half year (6 tháng), nine months (9 tháng) and year, 2015-2035.
with years as (
    select generate_series(2015, 2035) as period_year
),

types as (
    select * from (values
        ('Q1', 1, 3, false, 'Quý I năm'),
        ('Q2', 4, 6, false, 'Quý II năm'),
        ('Q3', 7, 9, false, 'Quý III năm'),
        ('Q4', 10, 12, false, 'Quý IV năm'),
        ('H1', 1, 6, true, '6 tháng đầu năm'),
        ('9M', 1, 9, true, '9 tháng năm'),
        ('FY', 1, 12, true, 'Năm')
    ) as t (period_type, first_month, last_month, is_cumulative, label_vi)
)

select
    t.period_type || '-' || y.period_year as period_key,
    t.period_type,
    y.period_year,
    make_date(y.period_year, t.first_month, 1) as start_date,
    (make_date(y.period_year, t.last_month, 1) + interval '1 month' - interval '1 day')::date as end_date,
    t.is_cumulative,
    t.label_vi || ' ' || y.period_year as label_vi,  -- "Quý I năm 2023", "6 tháng đầu năm 2023", "Năm 2023"
    make_date(y.period_year, t.last_month, 1) >= date '2025-07-01' as after_merger_2025
from years as y
cross join types as t
