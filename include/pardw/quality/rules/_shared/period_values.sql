-- name: period_values
-- description: The current reports' matched appendix values with their period's place in time.
--   Series are per unit of one generation (province_key), so the new Lâm Đồng's 9M-2025 figure is
--   never compared with the former Lâm Đồng's H1.
select f.report_key, f.line, f.indicator_key, f.reporting_unit_key, f.province_key, f.value, f.raw_value,
       f.file_name, f.period_key, d.period_type, d.period_year, d.start_date, d.end_date
from {batch} as f
join {warehouse}.dim_report as r on r.report_key = f.report_key
join {warehouse}.dim_period as d on d.period_key = f.period_key
where f.source = 'appendix' and f.indicator_key is not null and f.value is not null and not r.is_superseded
