"""The report-arithmetic suite: every current report's contradictions (``pardw.quality.contradictions``),
read from ``raw`` (its appendix rows and the prose sentences holding its numbers), as findings beside the
Great Expectations suites'. Catalog or not: it needs no indicator matching."""

from __future__ import annotations

from collections import defaultdict

import psycopg

from pardw.quality.contradictions import Contradiction, Passage, Row, find_contradictions
from pardw.quality.tables import RAW, WAREHOUSE

SUITE = "report_arithmetic"
# a catalog rule (GX) that finds the same at the same line: the structural finding is left out
TWINS = {
    "table_count_in_rate_row": ("rate_out_of_range",),
    "table_rate_not_its_counts": ("rate_mismatch",),
    "table_parent_not_sum": ("parent_not_sum_of_children",),
}

_DOCUMENTS = f"select file_id, file_name from {RAW}.document"
_SUPERSEDED = f"select report_key from {WAREHOUSE}.dim_report where is_superseded"


def report_inputs(conn: psycopg.Connection) -> dict[int, tuple[str, list[Row], list[Passage]]]:
    """file_id -> (file name, appendix rows, prose sentences) of every current report."""
    files = dict(conn.execute(_DOCUMENTS).fetchall())
    if conn.execute(f"select to_regclass('{WAREHOUSE}.dim_report')").fetchone()[0] is not None:
        for (superseded,) in conn.execute(_SUPERSEDED).fetchall():  # a corrected version replaces them
            files.pop(superseded, None)
    rows: dict[int, list[Row]] = defaultdict(list)
    with conn.cursor() as cur:
        cur.execute(
            f"select file_id, line, name, form, code, parent_code, unit, raw_value, value, note, locator,"
            f" number_format, denominator from {RAW}.appendix_row"
        )
        for fid, *values in cur:
            if fid in files:
                rows[fid].append(Row(*values))
    passages: dict[int, dict[tuple[int, str], Passage]] = defaultdict(dict)
    with conn.cursor() as cur:
        cur.execute(f"select file_id, line, text, locator from {RAW}.narrative_metric order by file_id, seq")
        for fid, line, text, locator in cur:
            if fid in files:
                passages[fid].setdefault((line, text), Passage(line, text, locator))
    return {fid: (name, rows.get(fid, []), list(passages.get(fid, {}).values())) for fid, name in files.items()}


def contradictions(conn: psycopg.Connection) -> list[tuple[int, str, Contradiction]]:
    """(file_id, file name, contradiction) of every current report."""
    out = []
    for fid, (name, rows, passages) in sorted(report_inputs(conn).items()):
        out += [(fid, name, c) for c in find_contradictions(rows, passages)]
    return out
