"""What prose facts mean (issue 28): the scope of each number as a closed vocabulary, the structure of its sentence
(part of a total, denominator), its indicator read from the counted noun and its qualifiers — asserted on the
real sentences the issue quotes (Lâm Đồng Q1-2026 and 2025 reports) and measured on the answer keys of meaning
(tests/gold/meaning) with scripts/score_meaning.py."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pardw.config import PROJECT_ROOT
from pardw.parse.narrative import extract_narratives, metric_names
from pardw.parse.records import Narrative
from pardw.parse.report import parse_file
from pardw.parse.scope import SCOPE_KINDS

KEYS = PROJECT_ROOT / "tests" / "gold" / "meaning"
SHARED = next((p for p in (PROJECT_ROOT.parent / "shared", PROJECT_ROOT.parent.parent / "shared") if p.is_dir()), None)
LAMDONG = SHARED / "real_reports" / "lamdong" if SHARED else None
Q1_2026 = "lamdong_q1_2026.docx"


def facts_of(*lines: str, period_end: dt.date | None = None, footnotes: frozenset[int] = frozenset()):
    return extract_narratives(list(lines), "x.docx", footnotes=footnotes, period_end=period_end)


def one(facts: list[Narrative], raw: str, nth: int = 0) -> Narrative:
    return [n for n in facts if n.raw_value == raw][nth]


def seq(facts: list[Narrative], n: Narrative) -> int:
    return facts.index(n) + 1


@pytest.fixture(scope="module")
def q1() -> list[Narrative]:
    if LAMDONG is None or not (LAMDONG / Q1_2026).is_file():
        pytest.skip("the real Lâm Đồng reports are not present")
    return parse_file(LAMDONG / Q1_2026).narratives


def test_the_extractors_metric_names_and_the_seeds_are_one_list():
    with (PROJECT_ROOT / "dbt_project" / "seeds" / "narrative_metric_map.csv").open(encoding="utf-8") as fh:
        seed = {row["metric"] for row in csv.DictReader(fh)}
    assert seed == set(metric_names())


def test_scope_after_the_number_in_its_own_list_item(q1):
    """Q1-2026 line 154: "Biên chế công chức là 9.818 (gồm 3.585 biên chế cấp tỉnh, 6.233 biên chế cấp xã)"."""
    total, province, commune = one(q1, "9.818"), one(q1, "3.585"), one(q1, "6.233")
    assert total.line == 154 and (total.scope_kind, total.level, total.unit) == ("whole_unit", None, "Biên chế")
    assert (province.scope_kind, province.scope, province.part_of) == ("level", "province", seq(q1, total))
    assert (commune.scope_kind, commune.scope, commune.part_of) == ("level", "commune", seq(q1, total))
    assert total.metric == "staff_quota"  # iv.2.1, the whole province's
    assert province.metric == commune.metric == "unmapped"  # a level's share of the quota: no catalog row


def test_a_level_named_with_the_next_list_item_is_not_the_first_ones():
    """2025 report, footnote 3: "Có 07 sở, ngành và 35 UBND cấp xã đang triển khai các mô hình …"."""
    found = facts_of("Có 07 sở, ngành và 35 UBND cấp xã đang triển khai các mô hình, sáng kiến tại cơ quan, đơn vị.")
    assert (one(found, "07").scope_kind, one(found, "35").scope_kind, one(found, "35").scope) == (
        "whole_unit", "level", "commune",
    )  # fmt: skip


def test_each_list_item_keeps_its_own_agency_and_a_closed_bracket_links_no_siblings(q1):
    """Q1-2026 footnote 5: "08 chi cục thuộc Sở Nông nghiệp và Môi trường (…); 01 chi cục thuộc Sở Khoa học và Công
    nghệ (…); 01 chi cục thuộc Sở Công Thương (Quản lý thị trường); 02 chi cục thuộc Sở Y tế (…)"."""
    items = [n for n in q1 if n.line == 128]
    assert [(n.raw_value, n.scope_kind, n.scope, n.part_of) for n in items] == [
        ("08", "agency", "Sở Nông nghiệp và Môi trường", None),
        ("01", "agency", "Sở Khoa học và Công nghệ", None),
        ("01", "agency", "Sở Công Thương", None),
        ("02", "agency", "Sở Y tế", None),
    ]
    assert all(n.metric == "unmapped" for n in items)  # a footnote's numbers are never the report's totals


def test_no_scope_from_another_clause_nor_from_a_body_addressed():
    found = facts_of(
        "Trong năm 2025, tỉnh đã thực hiện tuyển dụng 77 viên chức; điều động 29 công chức cấp tỉnh về cấp xã; "
        "điều chuyển 47 công chức từ khối Nhà nước sang khối Đảng.",
        "Đến nay, Ủy ban nhân dân tỉnh đã ban hành quyết định quy định chức năng, nhiệm vụ, quyền hạn đối với 14 sở, "
        "ngành, 12 chi cục và 62 đơn vị sự nghiệp công lập.",
    )
    assert (one(found, "47").scope_kind, one(found, "29").scope_kind, one(found, "29").scope) == (
        "whole_unit", "level", "province",
    )  # fmt: skip
    assert {one(found, raw).scope_kind for raw in ("14", "12", "62")} == {"whole_unit"}


def test_a_plan_inside_a_list_after_a_colon_and_the_agency_name_as_printed(q1):
    """Q1-2026 line 38: "Theo Kế hoạch, Sở Nội vụ sẽ chủ trì, phối hợp … kiểm tra tại 29 cơ quan, đơn vị, địa
    phương (gồm: 04 cơ quan chuyên môn cấp tỉnh và 25 đơn vị hành chính cấp xã)"."""
    whole, province, commune = (one([n for n in q1 if n.line == 38], raw) for raw in ("29", "04", "25"))
    assert (whole.role, province.role, commune.role) == ("plan", "plan", "plan")
    assert (whole.scope_kind, whole.scope) == ("agency", "Sở Nội vụ")
    assert (province.scope, commune.scope) == ("province", "commune")
    assert province.part_of == commune.part_of == seq(q1, whole)


def test_whole_province_and_provincial_level_are_two_scopes(q1):
    """ "Tổng số đơn vị sự nghiệp công lập hiện có là 1.883 đơn vị" (the whole, iv.1.5) and "- Cấp tỉnh: Tổng số đơn vị
    sự nghiệp công là 290 đơn vị; gồm:" with its items on the next lines (the provincial level)."""
    whole, province = one(q1, "1.883"), one(q1, "290")
    assert (whole.scope_kind, whole.metric) == ("whole_unit", "public_service_units")
    # … under "c) Kết quả thực hiện cơ chế tự chủ tài chính": units counted by autonomy, not iv.1.5
    assert (province.scope_kind, province.scope, province.metric) == ("level", "province", "unmapped")
    items = [n for n in q1 if n.line in (228, 230, 232, 234)]
    assert [(n.value, n.part_of, n.scope) for n in items] == [
        (11, seq(q1, province), "province"), (62, seq(q1, province), "province"),
        (62, seq(q1, province), "province"), (155, seq(q1, province), "province"),
    ]  # fmt: skip


def test_former_unit_and_national_scopes():
    found = facts_of(
        "Các cơ quan đã rà soát 397 văn bản của tỉnh Bình Thuận (cũ).",
        "Chỉ số của tỉnh đứng thứ 5 trong cả nước với 86,5 điểm.",
    )
    assert (one(found, "397").scope_kind, one(found, "397").scope) == ("former_unit", "tỉnh Bình Thuận")
    assert one(found, "397").metric == "legal_docs_reviewed" and one(found, "86,5").scope_kind == "national"
    assert {n.scope_kind for n in found} <= set(SCOPE_KINDS)


def test_a_semicolon_inside_a_bracketed_breakdown_keeps_its_total():
    """2025 report: "… ngành dọc đóng trên địa bàn tỉnh là 420 TTHC (Thuế tỉnh 217 TTHC; Kho bạc Nhà nước khu vực
    XVI 11 TTHC; Công an tỉnh 167 TTHC, Bảo hiểm xã hội tỉnh 25 TTHC)"; and "trong đó" after a count of decisions
    does not make procedures parts of it."""
    found = facts_of(
        "Chủ tịch Ủy ban nhân dân tỉnh đã công bố 68 Quyết định danh mục TTHC; trong đó, công bố mới 247 TTHC, sửa "
        "đổi, bổ sung 338 TTHC và bãi bỏ 60 TTHC. Tổng số TTHC thuộc phạm vi quản lý của các cơ quan ngành dọc đóng "
        "trên địa bàn tỉnh là 420 TTHC (Thuế tỉnh 217 TTHC; Kho bạc Nhà nước khu vực XVI 11 TTHC; Công an tỉnh 167 "
        "TTHC, Bảo hiểm xã hội tỉnh 25 TTHC)."
    )
    vertical = one(found, "420")
    assert vertical.metric == "tthc_vertical"  # iii.1.4.vertical, not the procedures in force
    assert [one(found, raw).part_of for raw in ("217", "11", "167", "25")] == [seq(found, vertical)] * 4
    assert [one(found, raw).part_of for raw in ("247", "338", "60")] == [None, None, None]
    assert (one(found, "247").metric, one(found, "60").metric) == ("tthc_announced", "tthc_abolished")


def test_indicators_by_the_counted_noun_and_its_own_qualifiers(q1):
    """Q1-2026 line 292: "… 2.047 dịch vụ công trực tuyến (gồm 845 dịch công trực tuyến toàn trình và 1.202 dịch vụ
    công trực tuyến một phần)": "toàn trình" of the sibling is not the partly online services'."""
    assert (one(q1, "845").metric, one(q1, "1.202").metric) == ("online_services_full", "unmapped")
    assert one(q1, "845").part_of == one(q1, "1.202").part_of == seq(q1, one(q1, "2.047"))
    # department- and commune-level totals keep their level: their own rows of the catalog (iii.3.1.*, iii.3.3.*)
    assert [one(q1, raw).metric for raw in ("125.712", "120.088", "95,53%", "241.331", "98,38%")] == [
        "dossiers_resolved_department", "dossiers_on_time_department", "dossiers_on_time_rate_department",
        "dossiers_resolved_commune", "dossiers_on_time_rate_commune",
    ]  # fmt: skip
    assert one(q1, "5.624").unit == "hồ sơ" and one(q1, "5.624").part_of == seq(q1, one(q1, "125.712"))


def test_a_rate_after_a_count_of_tasks_is_no_dossier_rate():
    """2025 report: "Tổng số nhiệm vụ được giao là 123, đã hoàn thành đúng hạn 123/123 nhiệm vụ (đạt 100%)"."""
    found = facts_of(
        "5. Về tổng hợp, cập nhật tiến độ, kết quả thực hiện các nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao: Tổng số "
        "nhiệm vụ được giao là 123, đã hoàn thành đúng hạn 123/123 nhiệm vụ (đạt 100%)."
    )
    assert [(n.raw_value, n.metric) for n in found] == [
        ("123", "gov_tasks_assigned"), ("123/123", "gov_tasks_done_on_time"), ("100%", "unmapped"),
    ]  # fmt: skip


def test_disbursement_by_meaning_and_time():
    """2025 report: the real disbursement "9.037/17.454 tỷ đồng, đạt 51,8%" is vi.1.2 / vi.1; a footnote's budget
    spending ("Thực hiện giải ngân 3.757 tỷ đồng") is not; a figure to a date a month before the period ends is not
    the period's."""
    fy = dt.date(2025, 12, 31)
    found = facts_of(
        "Lũy kế giải ngân kế hoạch vốn đầu tư công đến ngày 10/12/2025 đạt 9.037/17.454 tỷ đồng, đạt 51,8% kế hoạch "
        "năm 2025.",
        "Trong đó: - Chi đầu tư phát triển: Thực hiện giải ngân 3.757 tỷ đồng (không bao gồm vốn ngân sách Trung ương"
        " và bổ sung có mục tiêu), bằng 38,27% dự toán trung ương.",
        period_end=fy,
        footnotes=frozenset({1}),
    )
    amount, rate, footnote = one(found, "9.037/17.454"), one(found, "51,8%"), one(found, "3.757")
    assert (amount.metric, amount.denominator, rate.metric) == ("disbursement_amount", 17454, "disbursement_rate")
    assert footnote.metric == "unmapped" and footnote.role == "result"  # "bổ sung có mục tiêu" is no target
    earlier = facts_of(
        "Kết quả thực hiện Kế hoạch giải ngân vốn đầu tư công đến ngày 12/3/2023 được 611.281/6.231.736 triệu đồng.",
        period_end=dt.date(2023, 6, 30),
    )
    assert earlier[0].metric == "unmapped"


def test_quantities_inside_quoted_titles_are_not_facts(q1):
    """Q1-2026 line 28: "… kịch bản tăng trưởng “02 con số” …" counts nothing."""
    assert not [n for n in q1 if n.line == 28 and n.unit == "con số"]


def _score(samples: Path, tmp_path: Path) -> dict:
    files = [*map(str, sorted(samples.glob("*.txt"))), str(LAMDONG / Q1_2026)]
    out = tmp_path / "x.jsonl"
    done = subprocess.run([sys.executable, "-m", "pardw.cli", "extract", *files], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out.write_text(done.stdout, encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "score_meaning.py"), str(KEYS), str(out), "--json"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert scored.returncode == 0, scored.stderr
    return json.loads(scored.stdout.splitlines()[-1])


def test_answer_keys_of_meaning(q1, sample_dir, tmp_path):
    """Measured on the four samples and the Q1-2026 report (366 facts), the issue's targets: scope, structure,
    indicator ≥ 95 %, role ≥ 97 %, all attributes ≥ 90 %, and ≥ 97 % of the facts reaching fact_indicator with an
    indicator right (docs/notes/issue28.md has the numbers)."""
    r = _score(sample_dir, tmp_path)
    assert r["found"] == r["facts"] == 366
    assert r["indicator"] >= 0.95 and r["role"] >= 0.97, r
    assert r["reached_share"] >= 0.97, r
    assert r["scope"] >= 0.95 and r["structure"] >= 0.95 and r["all"] >= 0.90, r
