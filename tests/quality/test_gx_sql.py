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
