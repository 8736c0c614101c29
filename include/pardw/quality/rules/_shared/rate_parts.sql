-- name: rate_parts
-- description: Each rate of a report beside its numerator and denominator facts of the same report,
--   reporting unit and source (the catalog's numerator_key and denominator_key), all three valued.
select r.report_key, f_rate.line, i.indicator_key, f_rate.value as rate,
       f_num.value as numerator, f_den.value as denominator, f_num.line as num_line, f_den.line as den_line,
       i.name_vi
from {batch} as f_rate
join {warehouse}.dim_indicator as i on i.indicator_key = f_rate.indicator_key and i.kind = 'rate'
join {warehouse}.dim_report as r on r.report_key = f_rate.report_key
join {batch} as f_num on f_num.report_key = f_rate.report_key and f_num.indicator_key = i.numerator_key
    and f_num.reporting_unit_key = f_rate.reporting_unit_key and f_num.source = f_rate.source
join {batch} as f_den on f_den.report_key = f_rate.report_key and f_den.indicator_key = i.denominator_key
    and f_den.reporting_unit_key = f_rate.reporting_unit_key and f_den.source = f_rate.source
where f_rate.value is not null and f_num.value is not null and f_den.value is not null
