"""Quantities of the prose: the counted noun, the subject, role, scope and structure of each number,
on the four sample reports, on crafted sentences for the non-quantities, and against the shared answer keys."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from pardw.config import PROJECT_ROOT
from pardw.parse.narrative import extract_narratives
from pardw.parse.records import Narrative
from pardw.parse.report import parse_file

KG_2023 = "000_d49b38bb6fe27dd3.txt"
HG_2023 = "001_04942a727d49f9a1.txt"
KG_2020 = "002_c51abfc117effcaf.txt"
CM_2022 = "003_c3152b1089770077.txt"
SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="module")
def facts(sample_dir) -> dict[str, list[Narrative]]:
    return {name: parse_file(sample_dir / name).narratives for name in (KG_2023, HG_2023, KG_2020, CM_2022)}


def at(facts: list[Narrative], line: int, raw: str, unit: str | None = None) -> Narrative:
    [found] = [n for n in facts if n.line == line and n.raw_value == raw and unit in (None, n.unit)]
    return found


def seq(facts: list[Narrative], n: Narrative) -> int:
    return facts.index(n) + 1


def test_dossier_sentence_of_the_service_centre(facts):
    """The sentence "Trung tâm … đã tiếp nhận: 11.093 hồ sơ, trong đó nhận trực tiếp 8.469 hồ sơ … Đã giải quyết và trả
    kết quả 9.782 hồ sơ (đúng và trước hạn 9.772 hồ sơ, trễ hạn 10 hồ sơ), trong đó trả trực tiếp 6.255 hồ sơ …"""
    kg = facts[KG_2020]
    received = at(kg, 39, "11.093")
    assert (received.value, received.unit, received.metric, received.role) == (
        11093,
        "hồ sơ",
        "dossiers_received",
        "result",
    )
    # "Trung tâm Phục vụ hành chính công của tỉnh …": one agency (its name goes on with "của tỉnh"), not the province
    assert (received.scope_kind, received.scope, received.level) == (
        "agency", "Trung tâm Phục vụ hành chính công", "province",
    )  # fmt: skip
    assert received.domain == "III" and received.part_of is None
    for raw, value in (("8.469", 8469), ("2.031", 2031), ("593", 593)):
        part = at(kg, 39, raw)
        assert (part.value, part.unit, part.part_of) == (value, "hồ sơ", seq(kg, received))
    assert at(kg, 39, "2.031").metric == "dossiers_online"
    resolved = at(kg, 39, "9.782")
    assert (resolved.value, resolved.metric, resolved.part_of) == (9782, "dossiers_resolved", None)
    on_time, late = at(kg, 39, "9.772"), at(kg, 39, "10")
    assert (on_time.value, on_time.metric, on_time.part_of) == (9772, "dossiers_on_time", seq(kg, resolved))
    assert (late.value, late.metric, late.part_of) == (10, "dossiers_late", seq(kg, resolved))
    # after the parenthesis, "trong đó trả trực tiếp 6.255 hồ sơ" breaks down the resolved total again
    assert at(kg, 39, "6.255").part_of == seq(kg, resolved)
    assert "đúng và trước hạn" in on_time.subject and on_time.text.startswith("Đã giải quyết")


def test_parts_in_parentheses_and_a_side_remark(facts):
    kg = facts[KG_2020]
    # "12 văn bản …, trong đó có 11 nghị quyết và 01 quyết định (lũy kế … 37 văn bản …, trong đó có 24 nghị quyết …)"
    q3, ytd = at(kg, 33, "12"), at(kg, 33, "37")
    # "trong quý III UBND tỉnh đã ban hành 12 văn bản": a quarter's flow (a Q3 report) is not the catalog's count
    # from 1 January; "lũy kế từ đầu năm tới nay ban hành 37 văn bản" is
    assert (q3.metric, q3.unit) == ("unmapped", "văn bản quy phạm pháp luật")
    assert at(kg, 33, "11").part_of == seq(kg, q3) and at(kg, 33, "01").part_of == seq(kg, q3)
    assert ytd.part_of is None and ytd.metric == "legal_docs_issued"
    assert at(kg, 33, "24").part_of == seq(kg, ytd)
    # "31 văn bản (18 nghị quyết, 13 quyết định)": kinds of văn bản inside the parenthesis
    assert at(kg, 31, "18").part_of == seq(kg, at(kg, 31, "31"))


def test_ranks_scores_and_changes(facts):
    kg = facts[KG_2023]
    par = at(kg, 41, "41/63")
    assert (par.value, par.denominator, par.unit, par.metric, par.value_kind) == (
        41,
        63,
        "hạng",
        "par_index_rank",
        "rank",
    )
    assert (at(kg, 41, "53/63").metric, at(kg, 41, "24/63").metric) == ("papi_rank", "sipas_rank")
    gain = at(kg, 41, "21", "hạng")
    # a change keeps its family; ``change`` says it is one (the metric names are the seed's: one list)
    assert (gain.value, gain.unit, gain.change, gain.metric) == (21, "hạng", "increase", "par_index_rank")
    cm = facts[CM_2022]
    # "tăng 11 bậc so với năm 2020, năm 2020 xếp hàng 43, năm 2021 xếp hạng 32"
    assert (at(cm, 203, "11").change, at(cm, 203, "11").unit) == ("increase", "bậc")
    assert {(n.value, n.metric) for n in cm if n.line == 203 and n.value_kind == "rank"} == {
        (43, "pci_rank"), (32, "pci_rank"),
    }  # fmt: skip
    # x/y kept with its denominator, the printed rate kept as its own record
    done = at(kg, 47, "19/37")
    assert (done.value, done.denominator, done.unit, done.metric) == (19, 37, "nhiệm vụ", "tasks_done")
    assert at(kg, 47, "51,35%").value == 51.35
    assert "Chỉ số cải cách hành chính (PAR Index) tỉnh Kiên Giang xếp hạng 41/63" in at(kg, 41, "41/63").text


def test_roles_plan_and_baseline(facts):
    # the phương hướng part: numbers there are plans
    plan = at(facts[HG_2023], 198, "02")
    assert (plan.value, plan.unit, plan.role, plan.section_role) == (2, "đơn vị sự nghiệp", "plan", "plan")
    assert at(facts[KG_2020], 113, "100%").role == "plan"
    # inside results: "Theo Kế hoạch có 08 sở, ngành, … 10 xã", "chỉ tiêu đề ra là 50%"
    assert at(facts[KG_2023], 51, "08").role == "plan" and at(facts[KG_2023], 51, "10").role == "plan"
    cm = facts[CM_2022]
    assert at(cm, 94, "50%").role == "plan" and at(cm, 94, "21,96%").role == "result"
    # "giảm 40,42 so với cùng kỳ (69.983 hồ sơ)": the comparison value
    base = at(facts[KG_2023], 119, "69.983")
    assert (base.role, base.part_of) == ("baseline", None)
    # a past range "từ năm 2015 đến năm 2022" is not a target
    assert at(facts[KG_2023], 229, "3.145,164").role == "result"


def test_scope_and_values_as_written(facts):
    kg = facts[KG_2023]
    # "số lượng thủ tục hành chính của tỉnh 1.993 TTHC. Trong đó, cấp tỉnh là: 1.545 TTHC, cấp huyện …": the whole
    # province, then three levels, each a part of the total of the sentence before
    assert [(n.value, n.scope_kind, n.level, n.part_of) for n in kg if n.line == 107] == [
        (1993, "whole_unit", None, None), (1545, "level", "province", seq(kg, at(kg, 107, "1.993"))),
        (283, "level", "district", seq(kg, at(kg, 107, "1.993"))), (165, "level", "commune", seq(kg, at(kg, 107, "1.993"))),
    ]  # fmt: skip
    assert [n.metric for n in kg if n.line == 107] == ["tthc_total", "tthc_province", "tthc_district", "tthc_commune"]
    assert at(kg, 213, "2.805").value == 2805 and at(kg, 213, "2.805").unit == "tỷ đồng"
    assert at(kg, 229, "3.145,164").value == pytest.approx(3145.164)
    assert at(kg, 121, "56.108/66.370").denominator == 66370
    district = [n for n in facts[CM_2022] if n.scope == "UBND huyện Ngọc Hiển"]
    assert district and all(n.level == "district" for n in district)
    # "công chức: 57" — the value of a label, its last words the counted noun
    label = at(facts[HG_2023], 100, "57")
    assert (label.value, label.unit, label.value_kind) == (57, "công chức", "label")


def test_document_numbers_dates_and_markers_are_not_quantities(facts):
    kg = facts[KG_2023]
    # "Ủy ban nhân dân tỉnh đã ban hành Kế hoạch số 23/KH-UBND ngày 06/02/2023 … Theo Kế hoạch có 08 sở, ngành, …"
    assert [n.value for n in kg if n.line == 51] == [8, 5, 10, 5, 1]
    for report in facts.values():
        for n in report:
            assert n.value not in (1342, 2023, 2022, 2020) or n.unit, n
            assert "/KH" not in n.raw_value and "/QĐ" not in n.raw_value and "ngày" not in n.raw_value
    lines = [
        "Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ, Kế hoạch số 12/KH-UBND ngày 13 tháng 3 "
        "năm 2023, Quyết định 1342/QĐ-UBND, Chỉ thị số 30/CT-TTg và Nghị quyết số 19-NQ/TW; theo Điều 5, khoản 2; "
        "dịch vụ công mức độ 3, 4; ISO 9001:2015; giai đoạn 2021-2025; điện thoại 0297.3863456; trong 6 tháng đầu "
        "năm, Trung tâm đã tiếp nhận 1.234 hồ sơ<sup>3</sup>.",
        "2 Gồm: Bổ nhiệm 04 trường hợp.",  # a footnote: its marker is not a value
    ]
    found = [(n.value, n.unit) for n in extract_narratives(lines, "x.txt")]
    assert found == [(1234, "hồ sơ"), (4, "trường hợp")]


def test_procedures_announced_in_the_period_are_not_the_procedures_in_force(facts):
    """Issue 25: a total of procedures is the stock in force (catalog iii.1.4) or what the period's decisions
    announced, by the verb of its sentence, not by the words "tổng số" alone."""
    kg2020 = facts[KG_2020]
    # "ban hành 05 quyết định công bố TTHC, với tổng số 363 TTHC (trong đó: công bố TTHC mới 179 thủ tục; …)"
    assert at(kg2020, 37, "363").metric == "tthc_decided"  # not iii.1.2 (new ones only: "công bố mới")
    assert at(facts[KG_2023], 107, "1.993").metric == "tthc_total"  # "Hiện nay, số lượng thủ tục hành chính …"
    lines = [
        "Trong kỳ, Chủ tịch UBND tỉnh đã ký 12 quyết định công bố danh mục TTHC, với tổng số 210 TTHC.",
        "Quý II, UBND tỉnh ban hành quyết định sửa đổi, bổ sung với tổng số 35 TTHC.",
        "Đến nay, tổng số TTHC thuộc phạm vi quản lý trên địa bàn tỉnh đã được công bố là 2.310 TTHC.",
        "Hiện nay, số lượng thủ tục hành chính của tỉnh 1.754 TTHC, đã công bố đầy đủ.",
    ]
    found = {n.raw_value: n.metric for n in extract_narratives(lines, "x.txt") if n.unit in ("TTHC", "thủ tục")}
    assert found == {"210": "tthc_decided", "35": "tthc_decided", "2.310": "tthc_total", "1.754": "tthc_total"}


def test_linear_time_on_pathological_lines():
    lines = [" " * 20_000, "\f" * 400, "1/" * 5_000, "1.2," * 5_000 + " hồ sơ", "số " * 7_000, "(" * 10_000]
    start = time.perf_counter()
    extract_narratives(lines, "x.txt")
    assert time.perf_counter() - start < 0.5


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="the shared answer keys are not present")
def test_answer_keys_recall(sample_dir, tmp_path):
    """The shared scorer on the four samples. Recall is the target (≥ 90 %, 002 ≥ 45 of 53). Precision against
    these keys is not 95 %: the keys are a selection (53–60 per report) of the quantities the prose states — the
    records they do not list are quantities too (e.g. "(18 nghị quyết, 13 quyết định)", "trả trực tiếp 6.255 hồ
    sơ"); the floor below guards against a regression to number-anything extraction."""
    out = tmp_path / "n.jsonl"
    files = sorted(str(p) for p in sample_dir.glob("*.txt"))
    extracted = subprocess.run([sys.executable, "-m", "pardw.cli", "extract", *files], capture_output=True, text=True)
    assert extracted.returncode == 0, extracted.stderr
    out.write_text(extracted.stdout, encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_extraction.py"), str(SHARED / "gold"), str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    line = scored.stdout.strip().splitlines()[-1]
    recall = float(line.split("narrative recall ")[1].split("=")[1].split()[0])
    precision = float(line.split("narrative recall ")[1].split("precision ")[1].split("=")[1])
    assert recall >= 0.90 and precision >= 0.45, line
    gold = json.loads(next((SHARED / "gold").glob("002_*.json")).read_text(encoding="utf-8"))
    prose_only = [json.loads(r) for r in extracted.stdout.splitlines() if '"narrative"' in r and KG_2020 in r]
    found = sum(
        any(abs(r["value"] - f["value"]) < 1e-6 and abs(r["line"] - f["line"]) <= 1 for r in prose_only)
        for f in gold["narrative_facts"]
    )
    assert found >= 45, f"{found} of {len(gold['narrative_facts'])}"


def test_the_prose_ends_at_the_appendix_whether_given_or_found(sample_dir, facts):
    from pardw.parse.segments import appendix_start

    lines = (sample_dir / KG_2023).read_text(encoding="utf-8").split("\n")
    found = extract_narratives(lines, KG_2023)
    assert found == extract_narratives(lines, KG_2023, appendix_start(lines))
    assert [(n.line, n.raw_value) for n in found] == [(n.line, n.raw_value) for n in facts[KG_2023]]
