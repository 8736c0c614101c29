{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        indexes=[{'columns': ['file_id', 'line'], 'unique': True}, {'columns': ['built_at']}],
        pre_hook=[
            "{{ claim_new_files(adopt='select file_id from ' ~ this) }}",
            "{{ hash_joins_only() }}",
        ],
    )
}}
-- Appendix rows matched to the catalog. A report that declares its template (Công văn 581 or
-- 4625/BNV-CCHC, int_reports.template) is matched first by that template's printed code within
-- the domain, when the wording agrees (a renumbered row keeps its key: 4625's Biểu mẫu 7 row 4.5
-- is 581's 6.5); otherwise by normalised name in the context of its domain and parent row, over
-- the catalog's names and every template's wording (one report's 1.1 is another's 1.2).
-- Methods, best first: template code, name+parent, unique name in domain, alias, name prefix.
-- Incremental: only files this model has not built yet are matched (the ledger pardw_meta.built_file,
-- see macros/incremental.sql); after editing the catalog or its aliases run a full refresh
-- (`pardw transform --full-refresh`).
with rows as (
    select a.*, rt.template as declared_template
    from {{ ref('stg_raw__appendix_row') }} as a
    left join {{ ref('int_reports') }} as rt on rt.file_id = a.file_id
    where a.file_id = any({{ new_files() }})
),

name_keys as (
    -- each distinct name folded once, not once per row and again as its children's parent: a form's names
    -- repeat in every report (3,000 synthetic reports: 450,000 rows, 296 names), and pardw_meta.match_name
    -- is most of the matching's cost when run per row (docs/benchmarks.md, "Names folded once")
    select n.name, pardw_meta.match_name(n.name) as name_match
    from (
        select indicator_name from rows
        union
        select path[array_length(path, 1)] from rows
    ) as n (name)
),

keyed as (
    select
        r.*,
        k.name_match,
        p.name_match as parent_name_match
    from rows as r
    left join name_keys as k on k.name = r.indicator_name
    left join name_keys as p on p.name = r.path[array_length(r.path, 1)]
),

names as (
    select * from {{ ref('int_catalog') }}
),

candidates as (
    select r.file_id, r.line, n.indicator_key, 5 as score, length(n.name_match) as specificity,
        'template_code' as match_method
    from keyed as r
    join names as n
        on n.name_source = 'template' and n.template = r.declared_template and n.domain_key = r.domain_key
        and n.template_code = rtrim(r.code, '.')
        and (n.name_match = r.name_match
            or (length(r.name_match) >= 10 and n.name_match like r.name_match || '%')
            or (length(n.name_match) >= 10 and r.name_match like n.name_match || '%'))
    union all
    select r.file_id, r.line, n.indicator_key, 4 as score, length(n.name_match) as specificity,
        'name_and_parent' as match_method
    from keyed as r
    join names as n
        on n.domain_key = r.domain_key and n.name_match = r.name_match and n.name_source in ('catalog', 'template')
        and (n.parent_name_match = r.parent_name_match
            or r.parent_name_match like n.parent_name_match || '%'
            or n.parent_name_match like r.parent_name_match || '%')
    union all
    select r.file_id, r.line, n.indicator_key, 3, length(n.name_match), 'name_in_domain'
    from keyed as r
    join names as n
        on n.domain_key = r.domain_key and n.name_match = r.name_match
        and n.keys_with_name = 1 and n.name_source in ('catalog', 'template')
    union all
    select r.file_id, r.line, n.indicator_key, 2, length(n.name_match), 'alias'
    from keyed as r
    join names as n
        on n.domain_key = r.domain_key and n.name_match = r.name_match and n.name_source = 'alias'
    union all
    select r.file_id, r.line, n.indicator_key, 1, length(n.name_match), 'name_prefix'
    from keyed as r
    join names as n
        on n.domain_key = r.domain_key and n.name_source in ('catalog', 'template') and n.keys_with_name = 1
        and length(n.name_match) >= 20 and length(r.name_match) >= 20
        and (r.name_match like n.name_match || '%' or n.name_match like r.name_match || '%')
),

best_score as (
    select file_id, line, max(score) as score
    from candidates
    group by file_id, line
),

best as (
    -- within the best method, the most specific (longest) catalog name wins
    select c.file_id, c.line, c.score, max(c.specificity) as specificity
    from candidates as c
    join best_score as b on b.file_id = c.file_id and b.line = c.line and b.score = c.score
    group by c.file_id, c.line, c.score
),

chosen as (
    select
        c.file_id,
        c.line,
        min(c.indicator_key) as indicator_key,
        count(distinct c.indicator_key) as keys,
        min(c.match_method) as match_method
    from candidates as c
    join best as b
        on b.file_id = c.file_id and b.line = c.line and b.score = c.score and b.specificity = c.specificity
    group by c.file_id, c.line
),

matched as (
    select
        r.*,
        case when ch.keys = 1 then ch.indicator_key end as candidate_key,
        case
            when ch.keys is null then 'unmatched'
            when ch.keys > 1 then 'ambiguous'
            else ch.match_method
        end as match_method
    from keyed as r
    left join chosen as ch on ch.file_id = r.file_id and ch.line = r.line
)

select
    *,
    -- the same indicator twice in one report: the first row keeps the key, the others are listed for curation
    case
        when candidate_key is not null
            and row_number() over (partition by file_id, candidate_key order by line) = 1
            then candidate_key
    end as indicator_key,
    {{ build_timestamp() }} as built_at
from matched
