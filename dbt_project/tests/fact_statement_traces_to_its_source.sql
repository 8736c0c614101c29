-- Every statement the latest build added to fact_statement (and so every value of fact_indicator, which
-- chooses among them) can be found by a person in its original file: it names the file, the line of the
-- canonical rendering, and the locator of that line (page, table/row, paragraph), which only a line of
-- the raw appendix, per-unit or prose rows has (int_source_locators). Rows returned break the rule.
select f.statement_key, f.report_key, f.source, f.file_name, f.line, f.locator
from {{ ref('fact_statement') }} as f
where f.built_at = {{ latest_build_literal(ref('fact_statement')) }}
  and (f.file_name is null or f.line is null or f.locator is null)
