"""Where data quality reads and writes: the schemas, named once.

``raw`` and ``dq`` are created by pardw's migrations; ``warehouse`` is the schema dbt builds the
dimensions, facts and marts in (``dbt_project.yml``: ``+schema: warehouse``) before publication copies
them to ``marts``. The rule files name them as ``{raw}`` and ``{warehouse}``.
"""

from __future__ import annotations

RAW = "raw"
WAREHOUSE = "warehouse"
DQ = "dq"

SCHEMAS = {"raw": RAW, "warehouse": WAREHOUSE}  # the placeholders of the rule files

# the table each suite validates: Great Expectations' batch, ``{batch}`` in the rule files. The warehouse
# rules read fact_statement, every statement of every value (all sources, all versions), since comparing
# the statements of one quantity is their job; fact_indicator keeps one chosen value per grain.
SUITE_TABLES = {"raw_document": (RAW, "document"), "warehouse_fact": (WAREHOUSE, "fact_statement")}
