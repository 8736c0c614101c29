"""Chất lượng dữ liệu — findings per report and rule, blocking vs warning, file:line; unpublished reports."""

import streamlit as st

from pardw.config import ocr_min_confidence
from pardw.dashboard import common
from pardw.dashboard.findings import SEVERITY_VI, findings_table
from pardw.dashboard.formatting import fmt_number, fmt_percent, vi_sort_key

common.header(
    "Chất lượng dữ liệu",
    "Data quality: the findings of the latest validation run, per report and rule, blocking (stops publication) "
    "vs warning (published with the data), each with its file and line; and the reports not yet published, and why.",
)
findings = common.load("dq_findings")
c1, c2, c3 = st.columns(3)
severities = c1.multiselect("Mức độ", ["blocking", "warning"], default=["blocking", "warning"], key="severity",
                            format_func=SEVERITY_VI.get, help="Severity: blocking or warning")  # fmt: skip
rules = c2.multiselect(
    "Quy tắc", sorted(findings["rule"].unique()), key="rules", help="Rule (empty: all)", placeholder="Tất cả"
)
provinces = c3.multiselect("Tỉnh", sorted(findings["province_name"].dropna().unique(), key=vi_sort_key), key="provinces",
                           help="Province (empty: all)", placeholder="Tất cả")  # fmt: skip
text = st.text_input("Tìm theo tệp hoặc nội dung", key="search", help="Filter by file name or message text")
shown = findings[findings["severity"].isin(severities)]
if rules:
    shown = shown[shown["rule"].isin(rules)]
if provinces:
    shown = shown[shown["province_name"].isin(provinces)]
if text:
    needle = text.lower()
    shown = shown[shown["file_name"].str.lower().str.contains(needle, regex=False)
                  | shown["message"].str.lower().str.contains(needle, regex=False)]  # fmt: skip

m1, m2, m3 = st.columns(3)
m1.metric("Phát hiện chặn công bố", fmt_number(int((findings["severity"] == "blocking").sum())),
          help="Blocking findings (stop publication)")  # fmt: skip
m2.metric("Cảnh báo", fmt_number(int((findings["severity"] == "warning").sum())), help="Warnings")
m3.metric("Đang hiển thị", fmt_number(len(shown)), help="Findings shown with the filters above")
common.table(findings_table(shown))

st.subheader("Theo báo cáo", help="Per report: findings by severity, parser warnings, appendix rows matched")
summary = common.load("dq_report_summary")
common.table(
    {
        "Tệp": summary["file_name"],
        "Số báo cáo": summary["report_number"].fillna("(không có số)"),
        "Tỉnh": summary["province_name"],
        "Kỳ": summary["period_key"],
        "Chặn": summary["blocking_findings"].map(fmt_number),
        "Cảnh báo": summary["warning_findings"].map(fmt_number),
        "Quy tắc vi phạm": summary["rules_broken"].fillna(""),
        "Cảnh báo của bộ đọc": summary["parser_warnings"].map(fmt_number),
        "Dòng phụ lục khớp danh mục": [fmt_percent(v) for v in summary["matched_pct"]],
    }
)

st.subheader("Số liệu đọc từ ảnh quét (OCR)", help="Values read by OCR from scanned pages, for review: "
             "page and box, the value as read, Tesseract's confidence, what the report's arithmetic says")  # fmt: skip
ocr = common.load("ocr_review")
if ocr.empty:
    st.caption("Không có số liệu nào đọc bằng OCR (no value was read from a scan).")
else:
    threshold = ocr_min_confidence()
    review = ocr[(ocr["ocr_confidence"] < threshold) | (ocr["ocr_check"] == "accused")]
    st.caption(f"{fmt_number(len(review))} / {fmt_number(len(ocr))} cần kiểm tra (confidence < {threshold:g} "
               "or accused by the report's arithmetic)")  # fmt: skip
    verdict_vi = {"confirmed": "Khớp số học (confirmed)", "accused": "Không khớp (accused)"}
    common.table(
        {
            "Tệp": ocr["file_name"],
            "Trang": ocr["page"],
            "Vị trí (pt)": ocr["box"],
            "Mã": ocr["code_as_printed"].fillna(""),
            "Chỉ tiêu": ocr["name_as_printed"],
            "Giá trị đọc được": ocr["raw_value"],
            "Độ tin cậy": ocr["ocr_confidence"].map(lambda v: f"{float(v):.1f}"),
            "Kiểm tra số học": ocr["ocr_check"].map(verdict_vi).fillna("—"),
        }
    )

st.subheader("Báo cáo chưa được công bố", help="Reports not in the published marts yet, and why")
pending = common.load("unpublished_reports")
if pending.empty:
    st.success("Mọi báo cáo đã nạp đều đã được công bố (every loaded report is published).")
else:
    status_vi = {"quarantined": "Cách ly (quarantined)", "blocked": "Bị chặn (blocking findings)",
                 "blocked_by_run": "Chờ — lần kiểm tra bị chặn", "awaiting_publication": "Chờ công bố"}  # fmt: skip
    common.table(
        {
            "Tệp": pending["file_name"],
            "Tỉnh": pending["province"],
            "Trạng thái": pending["status"].map(status_vi),
            "Lý do (English)": pending["reason"],
        }
    )
