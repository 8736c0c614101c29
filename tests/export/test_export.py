"""Exports through the reader login: the workbook holds the dashboards' numbers as numbers, and the HTML
report is self-contained."""

from __future__ import annotations

import re

import openpyxl
import pytest
from typer.testing import CliRunner

from pardw.cli import app
from pardw.export import HTML_NAME, WORKBOOK_NAME, write_exports

KIEN_GIANG_H1_2023 = "000_d49b38bb6fe27dd3.txt"


@pytest.fixture(scope="module")
def exported(reader_url, tmp_path_factory):
    return write_exports(reader_url, tmp_path_factory.mktemp("exports"))


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[3]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=4, values_only=True)]


def _cell(ws, column: str, **match):
    header = [c.value for c in ws[3]]
    for row in ws.iter_rows(min_row=4):
        values = dict(zip(header, (c.value for c in row), strict=True))
        if all(values[k] == v for k, v in match.items()):
            return row[header.index(column)]
    raise AssertionError(f"no row {match} in {ws.title}")


def test_workbook_has_a_sheet_per_view(exported):
    wb = openpyxl.load_workbook(exported.workbook)
    assert wb.sheetnames == [
        "Bảng điểm", "Nguồn số liệu", "Xếp hạng", "Xu hướng", "Chất lượng dữ liệu", "Chưa công bố",
        "Độ phủ (63 tỉnh)", "Độ phủ (34 tỉnh)",
    ]  # fmt: skip
    assert exported.workbook.name == WORKBOOK_NAME


def test_scorecard_numbers_are_numbers_with_vietnamese_formats(exported):
    ws = openpyxl.load_workbook(exported.workbook)["Bảng điểm"]
    rate = _cell(ws, "Đúng hạn cấp xã (%)", **{"Tỉnh, thành phố": "Kiên Giang", "Kỳ báo cáo": "6 tháng đầu năm 2023"})
    assert rate.value == pytest.approx(96.91) and rate.number_format == '[$-42A]#,##0.00" %"'
    tthc = _cell(ws, "Tổng số TTHC", **{"Tỉnh, thành phố": "Cà Mau"})
    assert tthc.value == 1984 and tthc.number_format == "[$-42A]#,##0"
    assert _cell(ws, "Tỉnh từ 1/7/2025", **{"Tỉnh, thành phố": "Kiên Giang"}).value == "An Giang"


def test_sources_rankings_findings_coverage(exported):
    wb = openpyxl.load_workbook(exported.workbook)
    src = _cell(wb["Nguồn số liệu"], "Dòng", **{"Tỉnh, thành phố": "Kiên Giang", "Mã chỉ tiêu": "iii.3.3"})
    assert src.value == 474
    assert _cell(wb["Nguồn số liệu"], "Tệp", **{"Mã chỉ tiêu": "iii.3.3", "Dòng": 474}).value == KIEN_GIANG_H1_2023
    ranking = [
        r for r in _rows(wb["Xếp hạng"]) if r["Chỉ tiêu"].startswith("iii.3.3 ") and r["Kỳ"] == "6 tháng đầu năm 2023"
    ]
    assert len(ranking) == 63
    top = next(r for r in ranking if r["Hạng"] == 1)
    assert top["Tỉnh, thành phố"] == "Kiên Giang" and top["Giá trị"] == pytest.approx(96.91)
    assert top["Trung vị toàn quốc"] is None and top["Đơn vị có số liệu"] == "1/63"  # no median of one unit
    findings = _rows(wb["Chất lượng dữ liệu"])
    assert len(findings) == 26 and {f"{KIEN_GIANG_H1_2023}:107", f"{KIEN_GIANG_H1_2023}:394"} <= {
        f["Vị trí (tệp:dòng)"] for f in findings
    }
    coverage = {r["Tỉnh, thành phố"]: r for r in _rows(wb["Độ phủ (63 tỉnh)"])}
    assert len(coverage) == 63 and coverage["Hà Giang"]["Quý I/2023"] == "◐"
    assert coverage["Kiên Giang"]["6 tháng đầu năm 2023"] == "✔"


def test_html_report_is_self_contained(exported):
    html = exported.html.read_text(encoding="utf-8")
    assert exported.html.name == HTML_NAME
    assert "http" not in html and 'src="//' not in html and "<script" not in html and "<link" not in html
    assert html.count("<svg") >= 2  # rankings and trends, inline
    assert "96,91 %" in html and "1.984" in html and "2.004" in html
    assert "Trung vị:" not in html  # one reporting unit per ranking in the samples: no median
    assert "<h3>Kiên Giang · 6 tháng đầu năm 2023</h3>" in html and "Số liệu công bố lúc" in html
    assert re.search(r"<td>000_d49b38bb6fe27dd3\.txt:107</td>", html)


def test_cli_export(reader_url, tmp_path):
    result = CliRunner().invoke(app, ["export", str(tmp_path), "--url", reader_url])
    assert result.exit_code == 0, result.output
    assert (tmp_path / WORKBOOK_NAME).stat().st_size > 5000 and (tmp_path / HTML_NAME).exists()
    assert reader_url.split("@")[0].split(":")[-1] not in result.output


def test_cli_export_refuses_the_superuser(built_warehouse, tmp_path):
    result = CliRunner().invoke(app, ["export", str(tmp_path), "--url", built_warehouse])
    assert result.exit_code == 2 and "is a superuser" in result.output
    assert not (tmp_path / WORKBOOK_NAME).exists()


def test_exported_workbook_has_no_formula_cell(exported):
    wb = openpyxl.load_workbook(exported.workbook)
    formulas = [f"{ws.title}!{c.coordinate}" for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []  # the export creates no formula itself, and the data brings none


HOSTILE = ['=HYPERLINK("\\\\127.0.0.1\\s","open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tx=1", "\r=1"]


def test_formula_like_text_from_the_data_is_written_as_text_and_numbers_stay_numbers(tmp_path):
    """Issue 26, 4: a quarantined file named like a formula must not become a live formula (OWASP)."""
    from datetime import UTC, datetime

    import pandas as pd

    from pardw.export.views import Table, Views
    from pardw.export.workbook import write_workbook

    frame = pd.DataFrame({"Tệp": HOSTILE, "Giá trị": [-5.0, -0.5, 0.0, 1.0, 2.0, -1234.5]})
    views = Views(datetime.now(UTC), [Table("Chưa công bố", "Báo cáo chưa được công bố", "pending", frame,
                                            {"Giá trị": None})], [])  # fmt: skip
    path = write_workbook(views, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(path)["Chưa công bố"]
    names = [ws.cell(row=r, column=1) for r in range(4, 4 + len(HOSTILE))]
    assert [c.value for c in names] == HOSTILE  # shown as written
    assert {c.data_type for c in names} == {"s"} and all(c.quotePrefix for c in names)
    values = [ws.cell(row=r, column=2) for r in range(4, 4 + len(HOSTILE))]
    assert [c.value for c in values] == [-5, -0.5, 0, 1, 2, -1234.5] and {c.data_type for c in values} == {"n"}
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_a_publication_with_exceptions_says_so_in_both_exports(tmp_path):
    """Issue 24: a publication made with an override or with accepted blocking findings says so ("công bố có
    ngoại lệ": which finding, who, why) on every sheet of the workbook and at the top of the HTML report."""
    from datetime import UTC, datetime

    import pandas as pd

    from pardw.dashboard.formatting import fmt_exceptions
    from pardw.export.html_report import render_html
    from pardw.export.views import Table, Views
    from pardw.export.workbook import write_workbook

    lines = fmt_exceptions(False, None, [{
        "finding_key": "3f2a9c1b7d10", "rule": "table_count_in_rate_row", "file_name": "lamdong_q1_2026.docx",
        "line": 465, "message": "Dòng tỷ lệ (%) ghi một số đếm: 124 % > 100 %", "decided_by": "Nguyễn Văn A",
        "reason": "lỗi của báo cáo gốc", "decided_at": "2026-12-07T00:10:00+00:00"}])  # fmt: skip
    assert lines == [
        "Công bố có ngoại lệ (published with an accepted blocking finding): phát hiện 3f2a9c1b7d10"
        " (table_count_in_rate_row) tại lamdong_q1_2026.docx:465 — Dòng tỷ lệ (%) ghi một số đếm: 124 % > 100 % —"
        " được Nguyễn Văn A chấp nhận (accepted), lý do: lỗi của báo cáo gốc"
    ]
    assert fmt_exceptions(True, "hạn nộp Bộ", [])[0].endswith("lý do: hạn nộp Bộ")
    frame = pd.DataFrame({"Tệp": ["a"], "Giá trị": [1.0]})
    views = Views(datetime.now(UTC), [Table("Chưa công bố", "Báo cáo chưa được công bố", "pending", frame,
                                            {"Giá trị": None})], [], exceptions=tuple(lines))  # fmt: skip
    ws = openpyxl.load_workbook(write_workbook(views, tmp_path / "x.xlsx"))["Chưa công bố"]
    assert "⚠ Công bố có ngoại lệ" in ws["A2"].value and "Nguyễn Văn A" in ws["A2"].value
    html = render_html(views)
    assert "<p class='exception'><strong>⚠ Công bố có ngoại lệ" in html and "lamdong_q1_2026.docx:465" in html
    assert "ngoại lệ" not in render_html(Views(datetime.now(UTC), [], []))
