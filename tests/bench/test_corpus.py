"""The synthetic corpus: deterministic, internally consistent, and read back exactly by the parser."""

from __future__ import annotations

import csv
import hashlib

from pardw.bench.corpus import generate_corpus
from pardw.config import REFERENCE_DIR
from pardw.parse.records import UnreadableReport
from pardw.parse.report import parse_bytes


def _digest(folder) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.glob("r*.txt")):
        h.update(p.read_bytes())
    return h.hexdigest()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    generate_corpus(tmp_path / "a", 30, seed=7)
    generate_corpus(tmp_path / "b", 30, seed=7)
    generate_corpus(tmp_path / "c", 30, seed=8)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != _digest(tmp_path / "c")


def test_parser_reads_back_every_generated_value(tmp_path):
    manifest = generate_corpus(tmp_path, 120, seed=3, broken_share=0.05)
    broken = [f for f in manifest.files if f.broken]
    assert 2 <= len(broken) <= 15
    checked = 0
    for f in manifest.files:
        data = (tmp_path / f.name).read_bytes()
        if f.broken:
            try:
                parse_bytes(data, f.name)
            except UnreadableReport as exc:
                assert exc.reason in ("empty", "binary", "corrupt_pdf", "truncated", "not_a_report", "undecodable")
            else:
                raise AssertionError(f"{f.name} ({f.broken}) was not rejected")
            continue
        report, encoding = parse_bytes(data, f.name)
        assert encoding.replace("-sig", "") == f.encoding
        d = report.document
        assert (d.province, d.period_type, d.period_year) == (f.province, f.period_type, f.year)
        got = {str(r.line): r.value for r in report.indicators}
        for line, value in f.expected.items():
            assert got[line] == value, (f.name, line)
            checked += 1
    assert checked > 5000


def test_generated_values_are_consistent(tmp_path):
    manifest = generate_corpus(tmp_path, 20, seed=11, broken_share=0.0)
    for f in manifest.files:
        report, _ = parse_bytes((tmp_path / f.name).read_bytes(), f.name)
        rows = {(r.form, r.domain, r.code): r for r in report.indicators}
        for r in report.indicators:
            if r.unit == "%" and r.value is not None:
                kids = [k for k in report.indicators if k.parent_code == r.code and k.form == r.form
                        and k.domain == r.domain and k.value is not None and str(k.line) in f.expected]  # fmt: skip
                if len(kids) == 2 and str(r.line) in f.expected and kids[0].value:
                    assert abs(r.value - 100 * kids[1].value / kids[0].value) < 0.01
        assert rows  # every generated report has appendix rows


def test_provinces_follow_the_2025_merger(tmp_path):
    manifest = generate_corpus(tmp_path, 200, seed=5, broken_share=0.0)
    with (REFERENCE_DIR / "provinces_63.csv").open(encoding="utf-8") as fh:
        old = {r["name"] for r in csv.DictReader(fh)}
    with (REFERENCE_DIR / "province_merger_2025.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # a post-2025 report names one of the 34 units and is read as that unit (Huế, not Thừa Thiên Huế)
    new_names = {r["new_name"].removeprefix("Thành phố ") for r in rows}
    hosts = {r["old_name"] for r in rows if r["new_code_equals_old_code"] == "yes"}
    months = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "9M": 9, "FY": 12}
    for f in manifest.files:
        assert f.province in old or f.province in new_names  # the unit in force for the period
        if (f.year, months[f.period_type]) >= (2025, 7):
            assert f.province in new_names or f.province in hosts  # after 1/7/2025 only the 34 units report


def test_corpus_renders_a_share_as_word_files_with_the_same_values(tmp_path):
    from collections import Counter

    manifest = generate_corpus(tmp_path, 30, seed=5, broken_share=0.0, docx_share=0.3)
    words = [f for f in manifest.files if f.format == "docx"]
    assert 4 <= len(words) <= 16 and all(f.name.endswith(".docx") for f in words)
    for f in words:
        report, container = parse_bytes((tmp_path / f.name).read_bytes(), f.name)
        assert container == "docx" and report.document.format == "docx"
        assert (report.document.province, report.document.period_type) == (f.province, f.period_type)
        got = Counter(r.value for r in report.indicators if r.value is not None)
        assert Counter(f.expected.values()) <= got, f.name
