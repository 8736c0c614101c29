"""The SQL the data-quality rules hand to Great Expectations is valid on PostgreSQL 14-17:
every derived table has an alias (15 and older reject one without)."""

from __future__ import annotations

import re

import pytest
from great_expectations.expectations.metrics.query_metric_provider import _query_has_join_clause

from pardw.quality.rules import gx_query, load_rules


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.name)
def test_batch_subquery_is_aliased_once(rule):
    query = gx_query(rule.sql)
    # GX inserts a bare "(select ...)" for {batch} when the query joins: the query must always join,
    # so GX never adds its own alias after ours ("(..) AS subselect as batch_source" would not parse)
    assert _query_has_join_clause(query)
    assert query.count("{batch}") == 1
    assert re.search(r"from \{batch\} as batch_source\b", query)


def test_rules_read_the_tables_not_a_materialised_copy(kien_giang_built_url):
    """A rule that reads its batch several times (a rate beside its numerator and denominator) must be planned
    on the table and its statistics: as a materialised CTE PostgreSQL estimated one row per join and chose
    nested loops — numerator_exceeds_denominator ran 24 s on the four samples (validation 58 s of a DAG run),
    and grows with the square of the facts. Every rule's plan, as GX runs it, scans no copy of the batch."""
    import psycopg

    from pardw.quality.tables import SUITE_TABLES

    with psycopg.connect(kien_giang_built_url) as conn:
        conn.execute("analyze")
        for rule in load_rules():
            schema, table = SUITE_TABLES[rule.suite]
            query = gx_query(rule.sql, current_only=rule.current_only)
            plan = "\n".join(
                row[0]
                for row in conn.execute("explain " + query.replace("{batch}", f"(select * from {schema}.{table})"))
            )
            assert "CTE Scan on batch_rows" not in plan, (rule.name, plan)
