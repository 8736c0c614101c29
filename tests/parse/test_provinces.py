"""A report resolves to the provincial unit in force for its period: one of the 63 until
30/6/2025, one of the 34 from 1/7/2025 (the new Lâm Đồng keeps code 68); the template it
declares is recorded."""

from __future__ import annotations

import importlib.util

import pytest
from report_variants import SAMPLE, variant

from pardw.config import PROJECT_ROOT
from pardw.parse.provinces import predecessors, resolve_unit
from pardw.parse.report import parse_file, parse_report
from pardw.parse.template import declared_template

REAL = PROJECT_ROOT.parent / "shared" / "real_reports" / "lamdong"


def _has_docx_reader() -> bool:
    try:
        return importlib.util.find_spec("pardw.parse.readers.docx") is not None
    except ModuleNotFoundError:
        return False


needs_docx = pytest.mark.skipif(not _has_docx_reader(), reason="no docx reader yet (pardw.parse.readers.docx)")
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real_reports/lamdong is not present")


def doc(text: str, name: str = "generated.txt"):
    report = parse_report(text, name)
    return report.document, {w.code: w for w in report.warnings}


def test_the_sample_is_the_old_unit_and_declares_581(sample_dir):
    d, warnings = doc((sample_dir / SAMPLE).read_text(encoding="utf-8"), SAMPLE)
    assert (d.province, d.province_code, d.province_generation, d.template) == ("Kiên Giang", "91", "63", "581")
    assert not [c for c in warnings if c.startswith("province_")]


@pytest.mark.parametrize(
    ("province", "period", "year", "expected"),
    [
        ("Lâm Đồng", "FY", 2024, ("Lâm Đồng", "68", "63")),  # the former Lâm Đồng
        ("Lâm Đồng", "Q1", 2026, ("Lâm Đồng", "68", "34")),  # the new Lâm Đồng = Lâm Đồng + Đắk Nông + Bình Thuận
        ("Đắk Nông", "H1", 2025, ("Đắk Nông", "67", "63")),  # ends 30/6/2025: still the old unit
        ("Đắk Nông", "Q1", 2026, ("Lâm Đồng", "68", "34")),  # a former name after the merger: its successor
        ("Kiên Giang", "9M", 2025, ("An Giang", "91", "34")),  # Kiên Giang + An Giang -> An Giang, code 91
        ("An Giang", "Q1", 2024, ("An Giang", "89", "63")),
        ("Hà Giang", "Q1", 2026, ("Tuyên Quang", "08", "34")),
        ("Huế", "Q1", 2026, ("Huế", "46", "34")),  # the new name of Thừa Thiên Huế
        ("Thừa Thiên Huế", "FY", 2024, ("Thừa Thiên Huế", "46", "63")),
        ("Bà Rịa - Vũng Tàu", "Q1", 2026, ("Hồ Chí Minh", "79", "34")),
        ("Thành phố Hồ Chí Minh", "Q1", 2026, ("Hồ Chí Minh", "79", "34")),
    ],
)
def test_unit_in_force_for_the_period(sample_dir, province, period, year, expected):
    d, _ = doc(variant(sample_dir, province=province, period=period, year=year))
    assert (d.province, d.province_code, d.province_generation) == expected
    assert (d.period_type, d.period_year) == (period, year)
    assert d.issuer == f"UBND tỉnh {expected[0]}" and d.issuer_level == "province"


def test_former_name_after_the_merger_is_a_warning(sample_dir):
    _, warnings = doc(variant(sample_dir, province="Đắk Nông", period="Q1", year=2026))
    w = warnings["province_former_name"]
    assert "Đắk Nông (cũ)" in w.message and "Lâm Đồng (68, one of the 34)" in w.message and w.line == 3
    # the same unit under its new name is not a former name
    _, warnings = doc(variant(sample_dir, province="Lâm Đồng", period="Q1", year=2026))
    assert not [c for c in warnings if c.startswith("province_")]


def test_yearly_2025_report_about_the_three_former_provinces_is_ambiguous(sample_dir):
    text = variant(sample_dir, province="Lâm Đồng", period="FY", year=2025,
                   opening="Trước sáp nhập, Ủy ban nhân dân các tỉnh Lâm Đồng, Bình Thuận, Đắk Nông (cũ) đã ...")  # fmt: skip
    d, warnings = doc(text)
    assert (d.province_code, d.province_generation) == ("68", "34")  # the unit in force at the period's end
    w = warnings["province_period_spans_merger"]
    assert "FY 2025 spans the 1/7/2025 merger" in w.message
    assert "the former Bình Thuận, Đắk Nông, Lâm Đồng (cũ)" in w.message
    # a province the merger left alone is not ambiguous
    _, warnings = doc(variant(sample_dir, province="Cao Bằng", period="FY", year=2025))
    assert "province_period_spans_merger" not in warnings


def test_old_period_issued_after_the_merger_is_the_old_unit_with_a_warning(sample_dir):
    text = variant(sample_dir, province="Bình Thuận", period="H1", year=2025).replace(
        "ngày 15 tháng 6 năm 2025", "ngày 10 tháng 7 năm 2025"
    )
    d, warnings = doc(text)
    assert (d.province, d.province_code, d.province_generation, d.issue_date) == (
        "Bình Thuận",
        "60",
        "63",
        "2025-07-10",
    )
    assert "now part of Lâm Đồng (68)" in warnings["province_issued_after_merger"].message


def test_resolution_rules():
    assert resolve_unit("46", "Thừa Thiên Huế", "Q1", 2026, None, "").name == "Huế"  # renamed, not merged
    assert not resolve_unit("46", "Thừa Thiên Huế", "Q1", 2026, None, "").warnings
    assert resolve_unit("68", "Lâm Đồng", None, None, "2025-08-01", "").generation == "34"  # no period: issue date
    assert resolve_unit("68", "Lâm Đồng", None, None, None, "").generation == "63"
    assert sorted(p.old_name for p in predecessors("68")) == ["Bình Thuận", "Lâm Đồng", "Đắk Nông"]


def test_declared_template():
    assert declared_template(["Thực hiện Công văn số 4625/BNV-CCHC ngày 02/7/2025 của Bộ Nội vụ ..."]) == "4625"
    assert declared_template(["Thực hiện **Công văn số 581/BNV-CCHC** ngày 21/02/2022 ..."]) == "581"
    # other Công văn of the ministry are not templates
    assert declared_template(["và Công văn số 12094/BNV-CCHC ngày 15/12/2025 của Bộ Nội vụ"]) is None


@needs_real
@needs_docx
def test_real_q1_2026_report_is_the_new_lam_dong_on_template_4625():
    report = parse_file(REAL / "lamdong_q1_2026.docx")
    d = report.document
    assert (d.province, d.province_code, d.province_generation, d.template) == ("Lâm Đồng", "68", "34", "4625")
    assert (d.period_type, d.period_year, d.issuer_level) == ("Q1", 2026, "province")
    assert sum(1 for r in report.indicators if r.value is not None) == 101


@needs_real
@needs_docx
def test_real_fy_2025_report_spans_the_merger():
    report = parse_file(REAL / "lamdong_fy_2025.docx")
    d = report.document
    assert (d.province_code, d.province_generation, d.template, d.period_type) == ("68", "34", "4625", "FY")
    [w] = [w for w in report.warnings if w.code == "province_period_spans_merger"]
    assert "Bình Thuận" in w.message and "Đắk Nông" in w.message


@pytest.mark.parametrize("name", ["provinces_63.csv", "province_merger_2025.csv"])
def test_the_parsers_reference_is_the_warehouses_seed(name):
    """The parser (include/reference) and dbt (seeds) read the same provinces: a change to one copy alone fails."""
    from pardw.config import DBT_PROJECT_DIR, REFERENCE_DIR

    assert (REFERENCE_DIR / name).read_bytes() == (DBT_PROJECT_DIR / "seeds" / name).read_bytes()
