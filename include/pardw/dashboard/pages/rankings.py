"""Xếp hạng — every province of one generation on an indicator and period: the units that reported first, the
national median only when enough units reported to make one."""

import pandas as pd
import streamlit as st

from pardw.dashboard import common
from pardw.dashboard.formatting import MISSING, fmt_number, fmt_value, period_label
from pardw.dashboard.queries import GENERATIONS, MIN_UNITS_FOR_MEDIAN, national_median

common.header(
    "Xếp hạng tỉnh, thành phố",
    "Rankings: all provinces of one generation (63 units before 1/7/2025, 34 from 1/7/2025) on one indicator "
    "and period, from current provincial reports (the values their appendix forms print); the national median "
    f"of the units that reported, when at least {MIN_UNITS_FOR_MEDIAN} did.",
)
generation = common.generation_radio()
periods = common.load_or_stop(
    "ranking_periods",
    generation,
    empty=f"Chưa có số liệu xếp hạng cho {GENERATIONS[generation]} (no ranked values for this generation yet).",
)
c1, c2 = st.columns(2)
period = c1.selectbox("Kỳ báo cáo", list(periods["period_key"]), key="period", format_func=period_label,
                      help="Reporting period")  # fmt: skip
indicators = common.load("ranking_indicators", generation, period)
indicator, info = common.pick_indicator(c2, indicators, "iii.3.3", "Indicator (dim_indicator key · Vietnamese name)")
unit = info["unit"]
df = common.load("ranking", generation, period, indicator)
reported = df.dropna(subset=["value"])
median = national_median(df["value"])

m1, m2, m3 = st.columns(3)
m1.metric("Trung vị toàn quốc", fmt_value(median, unit),
          help=f"National median of the units that reported (shown from {MIN_UNITS_FOR_MEDIAN} units on)")  # fmt: skip
m2.metric("Số đơn vị có số liệu", f"{len(reported)}/{len(df)}", help="Units with a value / all units")
m3.metric("Cao nhất", fmt_value(reported["value"].max() if len(reported) else None, unit),
          help="Highest value")  # fmt: skip
if median is None and len(reported):
    st.caption(f"Chưa tính trung vị: mới có {len(reported)}/{len(df)} đơn vị báo cáo "
               f"(cần ít nhất {MIN_UNITS_FOR_MEDIAN}).")  # fmt: skip
st.caption(f"{info['name_vi']} ({info['name_en']}) · {period_label(period)} · đơn vị tính: {unit or MISSING}")
if len(reported):
    st.altair_chart(common.bar_chart(df, median, unit), width="stretch")
common.table(
    {
        "Hạng": [fmt_number(r) if pd.notna(r) else MISSING for r in reported["rank"]],
        "Tỉnh, thành phố": reported["unit_name"],
        "Giá trị": [fmt_value(v, unit) for v in reported["value"]],
        "Nguồn (tệp:dòng)": [f"{f}:{int(n)}" for f, n in zip(reported["file_name"], reported["line"], strict=True)],
    }
)
missing = df[df["value"].isna()]
if len(missing):
    with st.expander(f"Chưa báo cáo: {len(missing)}/{len(df)} đơn vị", expanded=False):
        st.write(", ".join(missing["unit_name"]))
