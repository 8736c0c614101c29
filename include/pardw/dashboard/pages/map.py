"""Bản đồ — the provinces of one generation (63 before 1/7/2025, 34 from 1/7/2025) coloured by an indicator of a
period: boundaries shipped with pardw (geo/SOURCE.md), drawn as SVG; no tile server."""

import streamlit as st

from pardw.dashboard import common
from pardw.dashboard.formatting import MISSING, fmt_value, period_label
from pardw.dashboard.map_svg import map_svg, svg_height
from pardw.dashboard.queries import GENERATIONS

common.header(
    "Bản đồ tỉnh, thành phố",
    "Map: the provincial units of one generation coloured by one indicator and period (the values the rankings "
    "show); grey = no report. Boundaries: geoBoundaries VNM ADM1 (public domain), the 34 units dissolved from "
    "the 63 by Nghị quyết 202/2025/QH15; drawn in the page, no map server.",
)
generation = common.generation_radio()
periods = common.load_or_stop(
    "ranking_periods", generation,
    empty=f"Chưa có số liệu cho {GENERATIONS[generation]} (no values for this generation yet).",
)  # fmt: skip
c1, c2 = st.columns(2)
period = c1.selectbox("Kỳ báo cáo", list(periods["period_key"]), key="period", format_func=period_label,
                      help="Reporting period")  # fmt: skip
indicators = common.load("ranking_indicators", generation, period)
indicator, info = common.pick_indicator(c2, indicators, "iii.3.1", "Indicator (dim_indicator key · Vietnamese name)")
unit = info["unit"]
df = common.load("map_values", generation, period, indicator)
values = {r.unit_code: (None if r.value != r.value else float(r.value)) for r in df.itertuples()}
title = f"{info['name_vi']} — {period_label(period)}"
reported = df.dropna(subset=["value"])
st.caption(f"{title} · đơn vị tính: {unit or MISSING} · {len(reported)}/{len(df)} đơn vị có số liệu")
# an iframe of its own: st.html keeps HTML only (its sanitiser drops SVG). The SVG is pardw's own (names escaped),
# with no script and no URL.
svg = map_svg(generation, values, unit, title, width=460)
st.iframe(f'<body style="margin:0;font-family:sans-serif">{svg}</body>', height=svg_height(svg) + 8, width="content")
if len(reported):
    common.table({"Tỉnh, thành phố": reported["unit_name"], "Giá trị": [fmt_value(v, unit) for v in reported["value"]]})
