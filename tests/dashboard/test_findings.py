"""The findings table the Quality and Scorecard pages and the exports show (pure pandas)."""

from __future__ import annotations

import pandas as pd

from pardw.dashboard.findings import FINDING_COLUMNS, findings_table

FINDINGS = pd.DataFrame(
    {
        "severity": ["blocking", "warning"], "rule": ["parent_sum", "prose_vs_appendix"],
        "province_name": ["Cà Mau", "Kiên Giang"], "period_key": ["H1-2022", "H1-2023"],
        "location": ["a.txt:12", "b.txt:107"], "observed": ["10", "1.993"], "expected": ["12", "2.004"],
        "message": ["children sum to 12", "the prose says 1.993"], "file_name": ["a.txt", "b.txt"], "line": [12, 107],
    }
)  # fmt: skip


def test_every_column_under_its_vietnamese_heading_in_order():
    table = findings_table(FINDINGS)
    assert list(table.columns) == list(FINDING_COLUMNS.values())
    assert list(table["Mức độ"]) == ["Chặn công bố", "Cảnh báo"]
    assert list(table["Vị trí (tệp:dòng)"]) == ["a.txt:12", "b.txt:107"]


def test_a_subset_of_columns():
    table = findings_table(FINDINGS, ["severity", "location", "message"])
    assert list(table.columns) == ["Mức độ", "Vị trí (tệp:dòng)", "Mô tả (English)"]
    assert table.iloc[1].tolist() == ["Cảnh báo", "b.txt:107", "the prose says 1.993"]
