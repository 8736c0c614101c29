{# Helpers for models built incrementally, and for testing only what a build added. #}

{% macro build_timestamp() -%}
    cast('{{ run_started_at.isoformat() }}' as timestamptz)
{%- endmacro %}


{#-
  Tests of incremental models set `where: __latest_build__`: they check the rows written by
  the latest build (all rows after a full refresh), so adding one report to a large warehouse
  does not re-test every old row. Rows of earlier builds were tested when they were written;
  grains are also enforced across builds by unique indexes.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- if where == '__latest_build__' -%}
            {%- set where = 'built_at = (select max(built_at) from ' ~ relation ~ ')' -%}
        {%- endif -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}


{#-
  Marts over periods are rebuilt per period: on an incremental run only the periods that
  received facts since the mart's last build are recomputed (delete+insert on period_key).
  Usage inside a CTE that reads facts: `and {{ in_touched_periods('f.period_key') }}`.
-#}
{% macro in_touched_periods(column) -%}
    {%- if is_incremental() -%}
    {{ column }} in (
        select distinct period_key from {{ ref('fact_indicator') }}
        where built_at > (select coalesce(max(built_at), '-infinity'::timestamptz) from {{ this }})
    )
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}


{% macro period_mart_config() -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='period_key',
        on_schema_change='sync_all_columns',
        indexes=[{'columns': ['period_key']}, {'columns': ['built_at']}],
    ) }}
{%- endmacro %}


{# Planner statistics right after a model is (re)built, for the models downstream of it. #}
{% macro analyze_relation() -%}
    {%- if config.get('materialized') in ('table', 'incremental') -%}
    analyze {{ this }}
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}
