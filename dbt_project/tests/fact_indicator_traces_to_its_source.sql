-- Every value the latest build added to fact_indicator can be found by a person in its original
-- file: it names the file, the line of the canonical rendering, and the locator of that line (page,
-- table/row, paragraph), which only a line of the raw appendix, per-unit or prose rows has
-- (int_source_locators). Rows returned break the rule.
select f.fact_key, f.report_key, f.source, f.file_name, f.line, f.locator
from {{ ref('fact_indicator') }} as f
where f.built_at = {{ latest_build_literal(ref('fact_indicator')) }}
  and (f.file_name is null or f.line is null or f.locator is null)
