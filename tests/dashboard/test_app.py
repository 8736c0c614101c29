"""The dashboards run headless (Streamlit AppTest) on the published samples, through a reader login:
the numbers a user sees, with their sources."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pardw.dashboard import APP_PATH

PAGES = APP_PATH.parent / "pages"
KIEN_GIANG_H1_2023 = "000_d49b38bb6fe27dd3.txt"
CA_MAU_H1_2022 = "003_c3152b1089770077.txt"


@pytest.fixture
def page(reader_url, monkeypatch):
    monkeypatch.setenv("PARDW_DASHBOARD_URL", reader_url)

    def run(name: str) -> AppTest:
        at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_scorecard_kien_giang_h1_2023_commune_on_time_rate(page):
    at = page("scorecard")
    at.selectbox(key="province").select("Kiên Giang").run()
    at.selectbox(key="period").select("H1-2023").run()
    metrics = _metrics(at)
    assert metrics["Hồ sơ đúng hạn – cấp xã"] == "96,91 %"
    assert metrics["Tổng số TTHC"] == "2.004"  # the appendix (the prose says 1.993: a finding below)
    assert metrics["Tỷ lệ hoàn thành Kế hoạch CCHC"] == "51,35 %"
    assert metrics["Tỷ lệ giải ngân vốn đầu tư công"] == "23 %"
    assert f"{KIEN_GIANG_H1_2023}:474" in _captions(at)  # the source line of 96,91 %
    detail = at.dataframe[0].value
    row = detail[detail["Chỉ tiêu"].str.contains("cấp xã")].iloc[0]
    assert row["Giá trị"] == "96,91 %" and row["Nguồn (tệp:dòng)"] == f"{KIEN_GIANG_H1_2023}:474"
    findings = at.dataframe[1].value
    assert f"{KIEN_GIANG_H1_2023}:107" in set(findings["Vị trí (tệp:dòng)"])  # prose 1.993 vs appendix 2,004
    assert set(findings["Mức độ"]) == {"Cảnh báo"}


def test_scorecard_ca_mau_procedures(page):
    at = page("scorecard")
    at.selectbox(key="province").select("Cà Mau").run()
    metrics = _metrics(at)
    assert metrics["Tổng số TTHC"] == "1.984"
    assert metrics["Hồ sơ đúng hạn – cấp xã"] == "99,91 %"
    assert metrics["Biên chế có mặt"] == "1.815"
    assert metrics["Hồ sơ trực tuyến toàn trình"] == "—"  # not reported: unknown, not zero
    assert f"{CA_MAU_H1_2022}:334" in _captions(at)
    help_text = next(m for m in at.metric if m.label == "Tổng số TTHC").help
    assert "Administrative procedures" in help_text and f"{CA_MAU_H1_2022}:334" in help_text


def test_rankings_reporting_units_first_and_no_median_of_one(page):
    at = page("rankings")
    assert at.radio(key="generation").value == "before"
    assert at.selectbox(key="period").value == "H1-2023"
    assert at.selectbox(key="indicator").value == "iii.3.3"
    metrics = _metrics(at)
    assert metrics["Trung vị toàn quốc"] == "—"  # one unit of 63 reported: no "national median" of one value
    assert metrics["Số đơn vị có số liệu"] == "1/63"
    assert "cần ít nhất 3" in _captions(at)
    table = at.dataframe[0].value
    assert table.values.tolist() == [["1", "Kiên Giang", "96,91 %", f"{KIEN_GIANG_H1_2023}:474"]]
    assert at.expander[0].label == "Chưa báo cáo: 62/63 đơn vị"
    at.selectbox(key="period").select("H1-2022").run()
    at.selectbox(key="indicator").select("iii.1.4").run()
    assert at.dataframe[0].value["Giá trị"].tolist() == ["1.984"]
    at.radio(key="generation").set_value("after").run()
    assert "34 tỉnh" in at.info[0].value  # no report after 1/7/2025 in the samples


def test_trends_across_the_merger(page):
    at = page("trends")
    assert at.selectbox(key="unit").value == "91"  # An Giang from 1/7/2025 = An Giang + Kiên Giang
    assert "Kiên Giang" in at.selectbox(key="unit").format_func("91")
    table = at.dataframe[0].value
    assert table.to_dict("records") == [
        {"Đơn vị": "An Giang", "Kỳ": "6 tháng đầu năm 2023", "Giá trị": "2.004", "Nguồn giá trị": "cộng các tỉnh cũ",
         "Tỉnh có số liệu": "Kiên Giang"},
        {"Đơn vị": "Kiên Giang (cũ)", "Kỳ": "6 tháng đầu năm 2023", "Giá trị": "2.004", "Nguồn giá trị": "theo báo cáo",
         "Tỉnh có số liệu": "Kiên Giang"},
    ]  # fmt: skip
    chart = at.get("vega_lite_chart")[0].proto
    # one period (H1-2023): the axes fit it, so the merger of 1/7/2025 is not drawn two years away
    datasets = b"".join(d.data.data for d in chart.datasets)
    assert "Sáp nhập tỉnh 1/7/2025".encode() not in datasets
    assert '"detail"' in chart.spec  # lines join periods of one kind only


def test_data_quality_findings_filterable(page):
    at = page("quality")
    metrics = _metrics(at)
    assert metrics["Phát hiện chặn công bố"] == "0"
    # 26 = the report arithmetic's and the catalog rules' (`pardw validate` on the four samples): 000 line 107 four
    # prose-vs-appendix pairs (1.993 vs 2,004 and its parts), 215 (disbursement), 394, 409, 526, 545; 001 lines
    # 232, 238, 293, 298, 340, 408, 460; 002 line 1; 003 lines 126 (two cut rates), 164 (31 vs 30, 295 vs 296:
    # two rules each), 211, 435
    assert metrics["Cảnh báo"] == "26"
    locations = set(at.dataframe[0].value["Vị trí (tệp:dòng)"])
    assert {f"{KIEN_GIANG_H1_2023}:107", f"{KIEN_GIANG_H1_2023}:394", f"{CA_MAU_H1_2022}:435"} <= locations
    at.multiselect(key="rules").select("rate_mismatch").run()
    shown = at.dataframe[0].value
    assert len(shown) == 2 and set(shown["Tỉnh"]) == {"Cà Mau", "Hà Giang"}
    at.text_input(key="search").input("003_").run()
    assert list(at.dataframe[0].value["Vị trí (tệp:dòng)"]) == [f"{CA_MAU_H1_2022}:435"]
    summary = at.dataframe[1].value
    assert set(summary["Số báo cáo"]) == {"240/BC-UBND", "415/BC-VP", "162/BC-UBND", "(không có số)"}
    assert "Mọi báo cáo đã nạp đều đã được công bố" in at.success[0].value


def test_coverage_grid(page):
    at = page("coverage")
    assert _metrics(at)["Đơn vị có báo cáo"] == "3/63"
    grid = at.dataframe[0].value.set_index("Tỉnh, thành phố")
    assert len(grid) == 63
    assert grid.loc["Kiên Giang", "Quý III/2020"] == "✔"
    assert grid.loc["Kiên Giang", "6 tháng đầu năm 2023"] == "✔"
    assert grid.loc["Hà Giang", "Quý I/2023"] == "◐"  # only the provincial office's report
    assert grid.loc["Hà Nội"].tolist() == ["", "", "", ""]
    at.radio(key="generation").set_value("after").run()
    assert _metrics(at)["Đơn vị có báo cáo"] == "0/34"


@pytest.mark.parametrize("name", ["scorecard", "rankings", "trends", "map", "quality", "coverage"])
def test_every_page_says_when_its_data_were_published(page, name):
    assert "Số liệu công bố lúc " in _captions(page(name)) and "(giờ Việt Nam)" in _captions(page(name))


def test_app_navigation_opens_the_scorecard(reader_url, monkeypatch):
    monkeypatch.setenv("PARDW_DASHBOARD_URL", reader_url)
    at = AppTest.from_file(str(APP_PATH), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Bảng điểm tỉnh"


def test_without_a_url_the_page_says_what_to_set(monkeypatch):
    monkeypatch.delenv("PARDW_DASHBOARD_URL", raising=False)
    at = AppTest.from_file(str(PAGES / "scorecard.py"), default_timeout=30).run()
    assert "PARDW_DASHBOARD_URL" in at.error[0].value and "pardw_reader" in at.error[0].value
