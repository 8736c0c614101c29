"""Entry point of the ministry dashboards: ``streamlit run app.py`` (``pardw dashboard`` does it).

Reads ONLY the published schema ``marts`` through the login in PARDW_DASHBOARD_URL (a member of
pardw_reader).
"""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
PAGES = [
    ("pages/scorecard.py", "Bảng điểm tỉnh", ":material/assignment:"),
    ("pages/rankings.py", "Xếp hạng", ":material/leaderboard:"),
    ("pages/trends.py", "Xu hướng qua sáp nhập", ":material/show_chart:"),
    ("pages/map.py", "Bản đồ", ":material/map:"),
    ("pages/quality.py", "Chất lượng dữ liệu", ":material/fact_check:"),
    ("pages/coverage.py", "Độ phủ báo cáo", ":material/calendar_month:"),
]

st.set_page_config(page_title="CCHC – Bộ Nội vụ", page_icon=":material/account_balance:", layout="wide")
nav = st.navigation([st.Page(str(HERE / path), title=title, icon=icon) for path, title, icon in PAGES])
st.sidebar.caption("Kho dữ liệu báo cáo cải cách hành chính (pardw) — chỉ đọc lược đồ `marts` đã công bố.")
nav.run()
