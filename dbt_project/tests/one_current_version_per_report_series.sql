-- Each report series (one issuer, unit and period) has exactly one current version in dim_report:
-- the marts read current versions only, so none would drop the report and two would count it twice.
select report_series_key, count(*) filter (where not is_superseded) as current_versions
from {{ ref('dim_report') }}
group by report_series_key
having count(*) filter (where not is_superseded) <> 1
