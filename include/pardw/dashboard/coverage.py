"""The province × period coverage grid, shared by the Coverage page and the exports (pure pandas)."""

from __future__ import annotations

import pandas as pd

from pardw.dashboard.formatting import period_label, vi_sort_key

UNIT_COLUMN = "Tỉnh, thành phố"
PROVINCE_REPORT = "✔"
AGENCY_ONLY = "◐"


def coverage_grid(reports: pd.DataFrame, units: pd.DataFrame, generation: str) -> pd.DataFrame:
    """One row per unit of the generation (63 or 34), one column per period with a report (oldest first):
    ✔ when the provincial People's Committee reported, ◐ when only an agency or department did, '' missing.
    The units that reported come first (then alphabetical order): on a sparse grid they are what one looks for."""
    after = generation == "after"
    reports = reports[reports["after_merger_2025"] == after]
    if after:
        names = sorted(set(units["successor_name"]), key=vi_sort_key)
        key = "successor_name"
    else:
        names = sorted(units["province_name"], key=vi_sort_key)
        key = "province_name"
    periods = reports.sort_values("end_date")["period_key"].drop_duplicates().tolist()
    grid = pd.DataFrame({UNIT_COLUMN: names})
    for period in periods:
        in_period = reports[reports["period_key"] == period]
        marks = {}
        for name, group in in_period.groupby(key):
            marks[name] = PROVINCE_REPORT if (group["issuer_level"] == "province").any() else AGENCY_ONLY
        grid[period_label(period)] = [marks.get(n, "") for n in names]
    columns = [c for c in grid.columns if c != UNIT_COLUMN]
    reported = (grid[columns] != "").any(axis=1) if columns else pd.Series(False, index=grid.index)
    return pd.concat([grid[reported], grid[~reported]], ignore_index=True)
