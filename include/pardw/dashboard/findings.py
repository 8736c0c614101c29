"""The data-quality findings as a table, shared by the Quality and Scorecard pages and the exports (pure pandas)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

SEVERITY_VI = {"blocking": "Chặn công bố", "warning": "Cảnh báo"}
# column of marts.mart_dq_findings -> its heading, in the order the tables show them
FINDING_COLUMNS = {
    "severity": "Mức độ", "rule": "Quy tắc", "province_name": "Tỉnh", "period_key": "Kỳ",
    "location": "Vị trí (tệp:dòng)", "observed": "Báo cáo ghi", "expected": "Kỳ vọng", "message": "Mô tả (English)",
}  # fmt: skip


def findings_table(findings: pd.DataFrame, columns: Sequence[str] = tuple(FINDING_COLUMNS)) -> pd.DataFrame:
    """``columns`` of the findings (with ``severity``), under Vietnamese headings, severities in Vietnamese."""
    shown = findings[list(columns)].assign(severity=findings["severity"].map(SEVERITY_VI))
    return shown.rename(columns=FINDING_COLUMNS)


__all__ = ["FINDING_COLUMNS", "SEVERITY_VI", "findings_table"]
