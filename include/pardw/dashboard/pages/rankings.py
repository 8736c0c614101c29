"""Xếp hạng — every province of one generation on an indicator and period, with the national median."""

import pandas as pd
import streamlit as st

from pardw.dashboard import common
from pardw.dashboard.formatting import MISSING, fmt_number, fmt_value, period_label
from pardw.dashboard.queries import GENERATIONS

common.header(
    "Xếp hạng tỉnh, thành phố",
    "Rankings: all provinces of one generation (63 units before 1/7/2025, 34 from 1/7/2025) on one indicator "
    "and period, from current provincial reports, with the national median of the units that reported.",
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
median = float(reported["value"].astype(float).median()) if len(reported) else None

m1, m2, m3 = st.columns(3)
m1.metric("Trung vị toàn quốc", fmt_value(median, unit), help="National median of the units that reported")
m2.metric("Số đơn vị có số liệu", f"{len(reported)}/{len(df)}", help="Units with a value / all units")
m3.metric("Cao nhất", fmt_value(reported["value"].max() if len(reported) else None, unit),
          help="Highest value")  # fmt: skip
st.caption(f"{info['name_vi']} ({info['name_en']}) · {period_label(period)} · đơn vị tính: {unit or MISSING}")
if len(reported):
    st.altair_chart(common.bar_chart(df, median, unit), width="stretch")
common.table(
    {
        "Hạng": [fmt_number(r) if pd.notna(r) else MISSING for r in df["rank"]],
        "Tỉnh, thành phố": df["unit_name"],
        "Giá trị": [fmt_value(v, unit) if pd.notna(v) else "chưa báo cáo" for v in df["value"]],
    },
    height=420,
)
