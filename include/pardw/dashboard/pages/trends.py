"""Xu hướng qua sáp nhập — one post-2025 unit over time, former provinces summed into it."""

import streamlit as st

from pardw.dashboard import common
from pardw.dashboard.formatting import fmt_value, period_label

common.header(
    "Xu hướng qua sáp nhập",
    "Trends across the merger: one of the 34 provincial units in force from 1/7/2025 over time; before 7/2025 the "
    "former provinces are summed into it (counts summed, rates recomputed from their parts); from 7/2025 its own "
    "printed values, with the rate recomputed from its counts beside them. A line joins periods of one kind only "
    "(years, half-years, quarters). Dashed rules mark the merger (1/7/2025) and the new reporting template "
    "(Công văn 4625/BNV-CCHC, 2/7/2025).",
)
units = common.load_or_stop("trend_units", empty="Chưa có chuỗi số liệu nào (no series published yet).")
labels = {r.successor_code: f"{r.successor_name} (gồm {r.former_provinces})" for r in units.itertuples()}
c1, c2 = st.columns(2)
unit_code = c1.selectbox("Tỉnh, thành phố (từ 1/7/2025)", list(units["successor_code"]), key="unit",
                         format_func=labels.get, help="Provincial unit from 1/7/2025, with the former provinces")  # fmt: skip
indicators = common.load("trend_indicators", unit_code)
indicator, info = common.pick_indicator(c2, indicators, "iii.1.4", "Indicator")
show_former = st.checkbox("Hiện từng tỉnh cũ", value=True, key="former",
                          help="Also draw each former province's own series (before 7/2025)")  # fmt: skip
df = common.load("trend", unit_code, indicator)
if not show_former:
    df = df[df["series_kind"] == "successor"]
st.caption(f"{info['name_vi']} ({info['name_en']}) · đơn vị tính: {info['unit'] or '—'}")
st.altair_chart(common.trend_chart(df, info["unit"]), width="stretch")
ORIGIN_VI = {"printed": "theo báo cáo", "summed": "cộng các tỉnh cũ", "recomputed": "tính lại từ số liệu thành phần"}
table = {
    "Đơn vị": df["series"],
    "Kỳ": [period_label(p) for p in df["period_key"]],
    "Giá trị": [fmt_value(v, info["unit"]) for v in df["value"]],
    "Nguồn giá trị": [ORIGIN_VI.get(o, o) for o in df["value_origin"]],
}
if df["value_recomputed"].notna().any():  # a rate: the printed value and the one recomputed from its counts
    table["Tính lại từ số liệu thành phần"] = [fmt_value(v, info["unit"]) for v in df["value_recomputed"]]
table["Tỉnh có số liệu"] = df["provinces"]
common.table(table)
