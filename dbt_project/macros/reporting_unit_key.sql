{#-
  The key of dim_reporting_unit, for the unit a value is about: a report's issuer
  (`reporting_unit_key(province_code, issuer=...)`, a missing issuer being 'unknown issuer'), or a
  unit row of a per-unit table (`reporting_unit_key(province_code, unit_name=..., parent_group=...)`).
  Names are compared case-insensitively; arguments are SQL expressions.
-#}
{% macro reporting_unit_key(province_code, issuer=none, unit_name=none, parent_group=none) -%}
    {%- if (issuer is none) == (unit_name is none) or (unit_name is none) != (parent_group is none) -%}
        {{ exceptions.raise_compiler_error("reporting_unit_key: give issuer, or unit_name and parent_group") }}
    {%- endif -%}
    {%- if issuer is not none -%}
        {{ surrogate_key([province_code, "lower(coalesce(" ~ issuer ~ ", 'unknown issuer'))"]) }}
    {%- else -%}
        {{ surrogate_key([province_code, "lower(" ~ unit_name ~ ")", "lower(coalesce(" ~ parent_group ~ ", ''))"]) }}
    {%- endif -%}
{%- endmacro %}
