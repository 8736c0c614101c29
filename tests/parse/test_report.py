"""The parser on the four real sample reports: metadata, appendix values, tricky cells."""

from __future__ import annotations

import pytest

from pardw.parse.records import Indicator
from pardw.parse.report import parse_file

KG_2023 = "000_d49b38bb6fe27dd3.txt"
HG_2023 = "001_04942a727d49f9a1.txt"
KG_2020 = "002_c51abfc117effcaf.txt"
CM_2022 = "003_c3152b1089770077.txt"


@pytest.fixture(scope="module")
def reports(sample_dir):
    return {name: parse_file(sample_dir / name) for name in (KG_2023, HG_2023, KG_2020, CM_2022)}


def row(report, line: int) -> Indicator:
    [found] = [r for r in report.indicators if r.line == line]
    return found


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (KG_2023, ("Kiên Giang", "91", "UBND tỉnh Kiên Giang", "province", "240/BC-UBND", "2023-06-19", "H1", 2023)),
        (
            HG_2023,
            ("Hà Giang", "02", "Văn phòng UBND tỉnh Hà Giang", "department", "415/BC-VP", "2023-03-15", "Q1", 2023),
        ),
        (KG_2020, ("Kiên Giang", "91", "UBND tỉnh Kiên Giang", "province", None, "2020-09-14", "Q3", 2020)),
        (CM_2022, ("Cà Mau", "96", "UBND tỉnh Cà Mau", "province", "162/BC-UBND", "2022-06-14", "H1", 2022)),
    ],
)
def test_document_metadata(reports, name, expected):
    d = reports[name].document
    got = (d.province, d.province_code, d.issuer, d.issuer_level, d.report_number, d.issue_date, d.period_type,
           d.period_year)  # fmt: skip
    assert got == expected


def test_header_contradictions_become_warnings(reports):
    kg = reports[KG_2023]
    [w] = [w for w in kg.warnings if w.code == "appendix_report_number_mismatch"]
    assert w.line == 394 and "40/BC-UBND" in w.message and "240/BC-UBND" in w.message
    assert kg.document.report_number == "240/BC-UBND"  # the header's number is kept
    assert any("40/BC-UBND" in m for m in kg.document.warnings)
    assert [w.code for w in reports[KG_2020].warnings] == ["missing_report_number"]
    assert reports[KG_2020].indicators == []  # 2020 reports are prose only


def test_kien_giang_appendix_values(reports):
    kg = reports[KG_2023]
    assert sum(1 for r in kg.indicators if r.value is not None) == 125
    assert (row(kg, 456).code, row(kg, 456).raw_value, row(kg, 456).value) == ("1.4.", "2,004", 2004)
    assert row(kg, 456).form == "Biểu mẫu 3" and row(kg, 456).domain == "III"
    assert row(kg, 469).value == 33825 and row(kg, 469).parent_code == "3.1."
    assert row(kg, 469).path == ["Cải cách thủ tục hành chính", "Kết quả giải quyết TTHC",
                                 "Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn"]  # fmt: skip
    assert row(kg, 465).value == 98.5 and row(kg, 465).unit == "%"
    assert row(kg, 403).value == 51.35
    assert row(kg, 474).value == 96.91  # commune-level on-time rate
    assert row(kg, 539).value == 6231736 and row(kg, 539).unit == "Triệu đồng"
    # a heading in bold with no value is a group row; a bold heading with a value is not
    assert row(kg, 464).is_group and row(kg, 464).value is None
    assert row(kg, 538).value == 23 and not row(kg, 538).is_group
    # coded answers and empty cells
    assert (row(kg, 420).value, row(kg, 420).number_format) == (0, "coded")
    assert row(kg, 422).raw_value is None and row(kg, 422).value is None  # empty is unknown, never 0
    # a fragment displaced by a page break still belongs to its form and parent
    assert (row(kg, 545).value, row(kg, 545).parent_code, row(kg, 545).form) == (130, "2", "Biểu mẫu 6")


def test_ha_giang_appendix_cells(reports):
    hg = reports[HG_2023]
    assert row(hg, 236).value == 9 and "value_with_text" in row(hg, 236).flags  # "9 phòng ban, đơn vị"
    assert row(hg, 231).value is None and "text_value" in row(hg, 231).flags  # a plan number is not a value
    assert row(hg, 232).value == 100 and row(hg, 232).raw_value == "100%"
    assert (row(hg, 233).value, row(hg, 234).value) == (12, 10)
    # header repeated after a page break: numbering continues under the same parent
    assert (row(hg, 243).code, row(hg, 243).parent_code, row(hg, 243).value) == ("4.2", "4", 0)
    # sub-label column rows hang under the coded row above
    sub = row(hg, 285)
    assert sub.name == "Chia theo tên loại VBQPPL: Nghị quyết của HĐND tỉnh" and sub.parent_code == "1"
    # a coded unit spread over several lines is one row
    assert row(hg, 423).unit == "Chưa = 0 Hoàn thành = 1"
    assert all(r.line not in (424, 426, 427) for r in hg.indicators)
    # numbering restarts inside Roman-numeral groups of Phụ lục 4
    assert (row(hg, 350).code, row(hg, 350).parent_code, row(hg, 350).domain) == ("1", "II", "IV")


def test_ca_mau_single_table_of_all_domains(reports):
    cm = reports[CM_2022]
    assert {r.domain for r in cm.indicators} == {"I", "II", "III", "IV", "V", "VI", "VII"}
    assert row(cm, 334).value == 1984 and row(cm, 334).raw_value == "1.984"
    assert row(cm, 347).value == 152690
    assert row(cm, 357).value == 83.33  # "83,33%"
    # the per-unit table fragment displaced before Phụ lục 2 is not read as indicators
    assert not [r for r in cm.indicators if 438 <= r.line < 530]


def test_narrative_metrics(reports):
    kg = reports[KG_2023].narratives
    tthc = [n for n in kg if n.metric == "tthc_total"]
    assert [(n.value, n.line, n.domain, n.section_role) for n in tthc] == [(1993, 107, "III", "result")]
    # a change ("tăng 21 hạng") keeps its family; ``change`` says it is one
    ranks = {n.metric: (n.value, n.denominator) for n in kg if n.metric.endswith("_rank") and n.change is None}
    assert ranks == {"par_index_rank": (41, 63), "papi_rank": (53, 63), "sipas_rank": (24, 63)}
    assert [(n.value, n.denominator) for n in kg if n.metric == "tasks_done"] == [(19, 37)]
    # year-to-date figures are kept apart from the quarter's: the catalog counts from 1 January (issue 28)
    kg20 = {(n.metric, n.value) for n in reports[KG_2020].narratives}
    assert ("unmapped", 12) in kg20 and ("legal_docs_issued", 37) in kg20
    # x/y: "8.051/14.981 hồ sơ nộp trực tuyến" is 8051 online of 14981
    # "cấp tỉnh có 8.051/14.981 hồ sơ nộp trực tuyến": the provincial level's (issue 28)
    cm = [(n.value, n.denominator) for n in reports[CM_2022].narratives if n.metric == "dossiers_online_province"]
    assert cm == [(8051, 14981)]
    # dates, document numbers and footnote markers are never values
    for report in reports.values():
        for n in report.narratives:
            assert "ngày" not in n.raw_value and "/KH" not in n.raw_value and "/QĐ" not in n.raw_value
