"""Issue 25: the same indicator shows the same value on every page of the dashboard and in every export.
Every page and export reads the same mart columns and formats with pardw.dashboard.formatting; a printed
value and a value recomputed from its counts are two named columns. The real Lâm Đồng reports print an
on-time rate of 99,1 % for FY-2025 (its counts give 99,11 %) and a disbursement rate of 1,9 % for Q1-2026
(1,88 % from its amounts): before issue 25 the scorecard showed one and the trends page the other."""

from __future__ import annotations

import openpyxl
import pytest
from answer_warehouse import REAL_REPORTS
from streamlit.testing.v1 import AppTest

from pardw.dashboard import APP_PATH
from pardw.dashboard.formatting import fmt_value
from pardw.export import write_exports

PAGES = APP_PATH.parent / "pages"
pytestmark = pytest.mark.skipif(not REAL_REPORTS, reason="the real Lâm Đồng reports are not in ../shared")
# (indicator, period, the scorecard's tile, the value as printed, the value recomputed from the counts)
CASES = [
    ("iii.3.1", "FY-2025", "Hồ sơ đúng hạn – cấp tỉnh", "99,1 %", "99,11 %"),
    ("vi.1", "Q1-2026", "Tỷ lệ giải ngân vốn đầu tư công", "1,9 %", "1,88 %"),
]


@pytest.fixture
def page(answer_reader_url, monkeypatch):
    monkeypatch.setenv("PARDW_DASHBOARD_URL", answer_reader_url)

    def run(name: str) -> AppTest:
        at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=90).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


@pytest.fixture(scope="module")
def exported(answer_reader_url, tmp_path_factory):
    return write_exports(answer_reader_url, tmp_path_factory.mktemp("exports"))


def _scorecard(at: AppTest, period: str, tile: str) -> tuple[str, list[str]]:
    at.selectbox(key="province").select("Lâm Đồng").run()
    at.selectbox(key="period").select(period).run()
    return {m.label: m.value for m in at.metric}[tile], [m.label for m in at.metric]


def _ranked(at: AppTest, period: str, indicator: str, column: str = "Giá trị") -> str:
    at.radio(key="generation").set_value("after").run()
    at.selectbox(key="period").select(period).run()
    at.selectbox(key="indicator").select(indicator).run()
    table = at.dataframe[0].value
    [value] = table.loc[table["Tỉnh, thành phố"] == "Lâm Đồng", column].tolist()
    return value


@pytest.mark.parametrize(("indicator", "period", "tile", "printed", "recomputed"), CASES)
def test_every_page_shows_the_printed_value(page, indicator, period, tile, printed, recomputed):
    value, tiles = _scorecard(page("scorecard"), period, tile)
    assert value == printed
    assert "Hồ sơ đúng hạn – cấp huyện" not in tiles  # the district level, abolished on 1/7/2025: no "—" tile
    assert _ranked(page("rankings"), period, indicator) == printed
    at = page("map")
    assert _ranked(at, period, indicator) == printed
    assert f"Lâm Đồng: {printed}</title>" in at.get("iframe")[0].proto.srcdoc  # the map's tooltip
    at = page("trends")
    at.selectbox(key="unit").select("68").run()
    at.selectbox(key="indicator").select(indicator).run()
    table = at.dataframe[0].value.set_index("Kỳ")
    row = table.loc[{"FY-2025": "Năm 2025", "Q1-2026": "Quý I/2026"}[period]]
    assert (row["Giá trị"], row["Tính lại từ số liệu thành phần"]) == (printed, recomputed)


@pytest.mark.parametrize(("indicator", "period", "tile", "printed", "recomputed"), CASES)
def test_every_export_shows_the_printed_value(exported, indicator, period, tile, printed, recomputed):
    wb = openpyxl.load_workbook(exported.workbook)
    label = {"FY-2025": "Năm 2025", "Q1-2026": "Quý I/2026"}[period]
    sheet = wb["Nguồn số liệu"]
    header = [c.value for c in sheet[3]]
    [cell] = [
        row[header.index("Giá trị")] for row in sheet.iter_rows(min_row=4)
        if row[header.index("Tỉnh, thành phố")].value == "Lâm Đồng" and row[header.index("Kỳ")].value == label
        and row[header.index("Mã chỉ tiêu")].value == indicator
    ]  # fmt: skip
    assert fmt_value(cell.value, "%") == printed and cell.number_format.endswith('" %"')
    assert cell.number_format.count("0") == 1 + len(printed.split(",")[1].split()[0])  # 99,1 % -> #,##0.0
    ranking = wb["Xếp hạng"]
    header = [c.value for c in ranking[3]]
    values = [
        row[header.index("Giá trị")].value for row in ranking.iter_rows(min_row=4)
        if row[header.index("Tỉnh, thành phố")].value == "Lâm Đồng" and row[header.index("Kỳ")].value == label
        and row[header.index("Chỉ tiêu")].value.startswith(indicator + " ")
    ]  # fmt: skip
    assert [fmt_value(v, "%") for v in values] in ([printed], [])  # ranked only when a ranked indicator
    html = exported.html.read_text(encoding="utf-8")
    section = html[html.index(f"<h3>Lâm Đồng · {label}</h3>") :].split("</table>")[0]
    assert f"<td class='n'>{printed}</td>" in section
    assert f">{recomputed}<" not in section  # the recomputed rate is only in the trends, in its own column


def test_html_report_is_compact_and_dated_in_vietnam_time(exported):
    html = exported.html.read_text(encoding="utf-8")
    assert "Số liệu công bố lúc" in html and "(giờ Việt Nam)" in html and "UTC" not in html
    assert "chưa báo cáo</td>" not in html  # no table rows of units that did not report
    assert html.count("<svg") >= 3 and 'data-map="provinces"' in html  # rankings, trends and a map
    assert len(html) < 400_000


def test_html_report_prints_on_a_few_pages_per_province_and_period(exported, tmp_path):
    """Printed (Chromium, A4): the compact report takes at most two pages per province and period it covers, plus
    two (today 7 pages for 4 province-periods)."""
    import os
    import shutil
    import subprocess

    import pypdfium2

    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("Debian chromium is not installed")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", exported.html.as_uri()],
        env={**os.environ, "HOME": str(tmp_path)}, capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    html = exported.html.read_text(encoding="utf-8")
    sections = html.count("<h3>") - html.count("<h3>Chỉ một đơn vị")
    pages = len(pypdfium2.PdfDocument(str(pdf)))
    assert 0 < pages <= 2 * sections + 2, (pages, sections)
