"""`pardw extract` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PARDW = str(Path(sys.executable).with_name("pardw"))


def test_extract_jsonl_keys_and_values(sample_dir):
    out = subprocess.run([PARDW, "extract", str(sample_dir / "000_d49b38bb6fe27dd3.txt"), "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    records = [json.loads(line) for line in out.splitlines()]
    doc = records[0]
    assert doc["kind"] == "document"
    assert {k: doc[k] for k in ("file", "province", "report_number", "issue_date", "period_type", "period_year")} == {
        "file": "000_d49b38bb6fe27dd3.txt", "province": "Kiên Giang", "report_number": "240/BC-UBND",
        "issue_date": "2023-06-19", "period_type": "H1", "period_year": 2023,
    }  # fmt: skip
    indicator = next(r for r in records if r["kind"] == "indicator" and r["raw_value"] == "33,825")
    assert {"kind", "file", "source", "form", "domain", "code", "name", "unit", "raw_value", "value", "note", "line",
            "flags"} <= indicator.keys()  # fmt: skip
    assert (indicator["value"], indicator["line"], indicator["source"]) == (33825, 469, "appendix")
    narrative = next(r for r in records if r["kind"] == "narrative" and r["metric"] == "tthc_total")
    assert (narrative["value"], narrative["line"], narrative["section_role"]) == (1993, 107, "result")


def test_unreadable_files_are_reported_and_others_still_processed(sample_dir, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run([PARDW, "extract", str(empty), str(sample_dir / "002_c51abfc117effcaf.txt")],
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.strip().endswith("empty.txt: empty: the file has no content")
    assert json.loads(proc.stdout.splitlines()[0])["file"] == "002_c51abfc117effcaf.txt"


def test_extract_text_prints_the_canonical_rendering_with_locators(real_dir_or_skip):
    proc = subprocess.run([PARDW, "extract", "--format", "text", str(real_dir_or_skip / "lamdong_fy_2025.docx")],
                          capture_output=True, text=True, check=True)  # fmt: skip
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("# lamdong_fy_2025.docx (docx, docx):")
    row = next(line for line in lines if "\tKế hoạch được giao\tTriệu đồng\t17.454.000" in line)
    number, where = row.split("\t", 1)[0].split(" ", 1)
    assert where == "[table 9, row 4]"
    # the same line number is the `line` of the record in jsonl
    out = subprocess.run([PARDW, "extract", str(real_dir_or_skip / "lamdong_fy_2025.docx")],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    rec = next(json.loads(x) for x in out.splitlines() if '"17.454.000"' in x)
    assert (rec["line"], rec["locator"]) == (int(number), "table 9, row 4")


def test_extract_text_has_the_memory_budget_of_ingest(sample_dir, tmp_path):
    """Issue 26, 6: `extract --format text` renders in the parse worker (a 150 MB .docx took 2.4 GB)."""
    import os

    big = tmp_path / "big.txt"
    big.write_bytes((sample_dir / "003_c3152b1089770077.txt").read_bytes() * 120)  # about 10 MB
    small = sample_dir / "000_d49b38bb6fe27dd3.txt"
    env = {**os.environ, "PARDW_PARSE_MEMORY_MB": "5"}
    proc = subprocess.run([PARDW, "extract", "--format", "text", str(big), str(small)], capture_output=True,
                          text=True, env=env, timeout=300)  # fmt: skip
    assert proc.returncode == 1
    assert f"{big}: too_complex:" in proc.stderr
    assert proc.stdout.startswith("# 000_d49b38bb6fe27dd3.txt (txt, utf-8): 593 lines")  # the next file still renders
