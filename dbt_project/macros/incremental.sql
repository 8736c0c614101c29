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
            {%- set where = 'built_at = ' ~ latest_build_literal(relation) -%}
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
  `max(column)` of an incremental model's own table as a literal, read when the model runs (``empty``
  on a first or full-refresh build); today only `built_at`, for the rows of the previous build
  (in_touched_periods below). Which files a model still has to build is the ledger's business
  (pardw_meta.built_file, claim_new_files), not a high-water mark. A literal, not a subquery, so the
  planner reads the few rows beyond it by index (docs/benchmarks.md). A column the table does not
  have yet (added by a model change) gives the empty value: everything is re-read.
-#}
{% macro high_water_mark(column, empty="0") -%}
    {%- if execute and is_incremental() and column in adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
        {%- set result = run_query("select max(" ~ column ~ ")::text from " ~ this) -%}
        {%- set value = result.columns[0].values()[0] -%}
        {%- if value is none -%}
            {{- return(empty) -}}
        {%- endif -%}
        {{- return(value) -}}
    {%- endif -%}
    {{- return(empty) -}}
{%- endmacro %}


{#-
  `max(built_at)` of a relation as a literal when it can be read (tests run right after their model
  is built), so the planner finds the latest build's rows through the built_at index; otherwise
  (compile, docs) the equivalent subquery.
-#}
{% macro latest_build_literal(relation) -%}
    {%- set subquery = '(select max(built_at) from ' ~ relation ~ ')' -%}
    {%- if not execute or not flags.WHICH in ('build', 'test') -%}
        {{- return(subquery) -}}
    {%- endif -%}
    {%- set existing = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if existing is none -%}
        {{- return(subquery) -}}
    {%- endif -%}
    {%- set value = run_query('select max(built_at)::text from ' ~ relation).columns[0].values()[0] -%}
    {{- return(subquery if value is none else "'" ~ value ~ "'::timestamptz") -}}
{%- endmacro %}


{#-
  Marts over periods are rebuilt per period: on an incremental run only the periods that
  received facts since the mart's last build are recomputed (delete+insert on period_key): the periods
  of the report series fact_indicator_history rewrote.
  Usage inside a CTE that reads facts: `and {{ in_touched_periods('f.period_key') }}`.
-#}
{% macro in_touched_periods(column) -%}
    {#- fact_indicator_history, not fact_indicator: a series whose current version changed rewrites the rows of
        all its versions, so its period is touched even when the new current version has no value -#}
    {%- set history = ref('fact_indicator_history') -%}
    {%- if is_incremental() -%}
    {{ column }} in (
        select distinct period_key from {{ history }}
        where built_at > '{{ high_water_mark("built_at", "-infinity") }}'::timestamptz
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


{#-
  Planner statistics right after a model is (re)built, for the models downstream of it: always for
  tables; for incremental models only when this run wrote the whole table (first build, full
  refresh). ANALYZE samples 30,000 rows whatever was added, about 0.5 s on a 10,000-report fact
  table, so an incremental run that added one report leaves its statistics to autovacuum (the new
  rows are found through literal high-water marks and the built_at index, which need no fresh stats).
-#}
{% macro analyze_relation() -%}
    {%- set materialized = config.get('materialized') -%}
    {%- if materialized == 'table' -%}
    analyze {{ this }}
    {%- elif materialized == 'incremental' -%}
    do $analyze$ begin
        if (select min(built_at) from {{ this }}) = {{ build_timestamp() }} then
            analyze {{ this }};
        end if;
    end $analyze$
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}


{#-
  The files an incremental model has not built yet (issue 15): a ledger, pardw_meta.built_file,
  records per model every file it has processed, including files that gave it no rows.
  `claim_new_files(upstream)` is the model's pre-hook: in the model's own transaction it claims the
  files its upstream has (raw.ingested_file, or the ledger of an upstream model) that it has not
  built; the model reads them with `file_id = any({{ new_files() }})`. A file committed by a load
  after the claim is simply claimed by the next build, whatever its file_id; `present_in` (e.g.
  int_reports, a table built earlier in the same run) holds a file back until that table has it
  too. A full refresh resets
  the model's ledger; a table built before the ledger existed is adopted (`adopt`: SQL returning
  the file ids it already holds).
-#}
{% macro claim_new_files(upstream=none, adopt=none, present_in=none) -%}
    {%- set model = this.identifier -%}
    {%- if not is_incremental() -%}
    delete from pardw_meta.built_file where model = '{{ model }}';
    {%- elif adopt -%}
    insert into pardw_meta.built_file (model, file_id, invocation_id)
    select distinct '{{ model }}', a.file_id, 'adopted' from ({{ adopt }}) as a(file_id)
    where a.file_id is not null
      and not exists (select 1 from pardw_meta.built_file where model = '{{ model }}');
    {%- endif %}
    insert into pardw_meta.built_file (model, file_id, invocation_id)
    select '{{ model }}', u.file_id, '{{ invocation_id }}'
    from {% if upstream -%} pardw_meta.built_file as u where u.model = '{{ upstream }}'
         {%- else -%} {{ source('raw', 'ingested_file') }} as u where u.status = 'loaded' {%- endif %}
      and not exists (
          select 1 from pardw_meta.built_file as b where b.model = '{{ model }}' and b.file_id = u.file_id
      )
      {%- if present_in %}
      and u.file_id in (select file_id from {{ present_in }})  {#- a table built earlier in this run #}
      {%- endif %}
{%- endmacro %}


{% macro new_files() -%}
    array(select file_id from pardw_meta.built_file
          where model = '{{ this.identifier }}' and invocation_id = '{{ invocation_id }}')
{%- endmacro %}

{#- A pre-hook: the model's statement joins by hashing only, for the rest of its transaction. Its files come
    from `new_files()`, an array the planner cannot see into: it takes a full build's 10,000 files for ten,
    and then merges on file_id alone and filters each file's rows against each other (fact_statement's
    locator join: per file, statements x source lines; 441 s at 10,000 reports). A hash join on every key
    is linear whatever the estimate; a scan of the model's own tables still uses their file_id indexes,
    so a build of one new file stays small. Results do not depend on the join method. -#}
{% macro hash_joins_only() -%}
    set local enable_mergejoin = off; set local enable_nestloop = off
{%- endmacro %}
