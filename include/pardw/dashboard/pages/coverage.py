"""Độ phủ báo cáo — which provinces reported for which periods (province × period grid)."""

import streamlit as st

from pardw.dashboard import common
from pardw.dashboard.coverage import coverage_grid

common.header(
    "Độ phủ báo cáo",
    "Coverage: which provinces reported for which periods (published, current reports). ✔ = report of the "
    "provincial People's Committee (UBND tỉnh); ◐ = only an agency's or department's report; empty = missing.",
)
generation = common.generation_radio()
reports = common.load("coverage")
units = common.load("provinces")
grid = coverage_grid(reports, units, generation)
periods = [c for c in grid.columns if c != "Tỉnh, thành phố"]
reported = int((grid[periods] != "").any(axis=1).sum()) if periods else 0
m1, m2 = st.columns(2)
m1.metric("Đơn vị có báo cáo", f"{reported}/{len(grid)}", help="Units with at least one published report")
m2.metric("Kỳ có báo cáo", str(len(periods)), help="Periods with at least one report")
only_reported = st.checkbox("Chỉ hiện đơn vị có báo cáo", value=False, key="only_reported",
                            help="Show only units with a report")  # fmt: skip
shown = grid[(grid[periods] != "").any(axis=1)] if only_reported and periods else grid
common.table(shown, height=560)
