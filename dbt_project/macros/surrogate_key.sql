{# md5 of the listed expressions, nulls kept distinct from empty strings (no dbt_utils here). #}
{% macro surrogate_key(fields) -%}
    md5({%- for f in fields -%}coalesce(cast({{ f }} as text), '<null>'){%- if not loop.last %} || '|' || {% endif -%}{%- endfor -%})
{%- endmacro %}
