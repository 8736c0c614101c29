"""Bảng điểm tỉnh — one province × period: headline KPIs per domain, sources, DQ flags, change."""

import pandas as pd
import streamlit as st

from pardw.dashboard import common
from pardw.dashboard.findings import findings_table
from pardw.dashboard.formatting import MISSING, fmt_change, fmt_value, period_label
from pardw.dashboard.queries import HEADLINE_KPIS

common.header(
    "Bảng điểm tỉnh",
    "Province scorecard: headline KPIs per reform domain for one province and period, from the current "
    "report of the provincial People's Committee (UBND tỉnh), each with its source file and line.",
)
choices = common.load_or_stop(
    "scorecard_choices", empty="Chưa có bảng điểm nào được công bố (no published scorecard yet)."
)
names = list(dict.fromkeys(choices["province_name"]))
c1, c2 = st.columns(2)
province = c1.selectbox("Tỉnh, thành phố", names, key="province",
                        help="Province or city (a unit of 63 before 1/7/2025, of 34 from 1/7/2025)")  # fmt: skip
rows = choices[choices["province_name"] == province]
period = c2.selectbox(
    "Kỳ báo cáo", list(rows["period_key"]), key="period", format_func=period_label, help="Reporting period"
)
chosen = rows[rows["period_key"] == period].iloc[0]
kpis = common.load("scorecard_kpis", chosen["province_key"], period).set_index("indicator_key")
findings = common.load("report_findings", chosen["province_key"], period)
after_merger = bool(chosen["after_merger_2025"])

sources = sorted({f"{r.file_name}" for r in kpis.itertuples() if isinstance(r.file_name, str)})
st.caption(f"Nguồn (source): {', '.join(sources) if sources else MISSING} · {province} · {period_label(period)}")

domain_names = {
    "I": "I. Chỉ đạo, điều hành", "II": "II. Cải cách thể chế", "III": "III. Cải cách thủ tục hành chính",
    "IV": "IV. Cải cách tổ chức bộ máy", "V": "V. Cải cách chế độ công vụ", "VI": "VI. Cải cách tài chính công",
    "VII": "VII. Chính quyền điện tử, chính quyền số",
}  # fmt: skip
detail = []
for domain in domain_names:
    # from 1/7/2025 the district level is abolished: its rows (ended_2025) are not shown as empty tiles
    group = [k for k in HEADLINE_KPIS if k.domain_key == domain
             and not (after_merger and bool(kpis.loc[k.indicator_key, "ended_2025"]))]  # fmt: skip
    if not group:
        continue
    st.subheader(domain_names[domain])
    cols = st.columns(len(group))
    for col, kpi in zip(cols, group, strict=True):
        row = kpis.loc[kpi.indicator_key]
        value = None if pd.isna(row["value"]) else float(row["value"])
        prev = None if pd.isna(row["previous_value"]) else float(row["previous_value"])
        delta = fmt_change(value - prev, row["unit"]) if value is not None and prev is not None else None
        flags = ", ".join(row["dq_flags"]) if isinstance(row["dq_flags"], list) and row["dq_flags"] else "none"
        location = f"{row['file_name']}:{int(row['line'])}" if isinstance(row["file_name"], str) else MISSING
        kpi_findings = findings[findings["indicator_key"] == kpi.indicator_key]
        col.metric(
            kpi.label_vi,
            fmt_value(value, row["unit"]),
            delta=delta,
            help=f"{kpi.help_en} ({kpi.indicator_key}). Source: {location}. DQ flags: {flags}. "
            f"Previous period of the same type: {row['previous_period_key'] or 'none'}.",
        )
        col.caption(f"Nguồn: {location}" + (f" · {len(kpi_findings)} phát hiện DQ" if len(kpi_findings) else ""))
        detail.append(
            {
                "Lĩnh vực": domain,
                "Chỉ tiêu": row["name_vi"],
                "Giá trị": fmt_value(value, row["unit"]),
                "Kỳ trước": fmt_value(prev, row["unit"]),
                "Thay đổi": delta or MISSING,
                "Đơn vị tính": row["unit"] or "",
                "Nguồn (tệp:dòng)": location,
                "Cờ DQ": "" if flags == "none" else flags,
            }
        )

st.subheader("Chi tiết và nguồn", help="Details: every headline value with its source location and flags.")
common.table(detail)
st.subheader("Phát hiện chất lượng dữ liệu của kỳ này", help="Data-quality findings of this province and period.")
if findings.empty:
    st.success("Không có phát hiện nào (no finding).")
else:
    common.table(findings_table(findings, ["severity", "rule", "location", "observed", "expected", "message"]))
