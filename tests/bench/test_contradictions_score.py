"""The scorer: findings matched to known contradictions by file and line / form + code; false alarms per file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pardw.bench.contradictions import Key, Located, check_file, load_keys, located, score
from pardw.quality.contradictions import Place

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
KEYS = SHARED / "gold" / "known_inconsistencies.json"


def test_a_finding_locates_a_key_by_appendix_row_or_line(tmp_path):
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(json.dumps([
        {"file": "a.txt", "lines": [10, 11], "category": "rate-vs-parts", "what": "x"},
        {"file": "b.docx", "lines": [100, 270], "category": "prose-vs-appendix", "what": "y",
         "appendix_rows": [{"form": "Biểu mẫu 4", "code": "1.5"}]},
    ]), encoding="utf-8")  # fmt: skip
    keys = load_keys(keys_file)
    assert keys[1].rows == frozenset({("Biểu mẫu 4", "1.5")})
    found = [
        Located("a.txt", "r", (Place(11),)),  # line 11 of a text file
        Located("b.docx", "r", (Place(468, "table 7, row 8", "Biểu mẫu 4", "1.5."),)),  # form + code, dot ignored
        Located("b.docx", "r", (Place(204, "paragraph 96"),)),  # a .docx key's line = paragraph + 4
        Located("b.docx", "r", (Place(270, "table 7, row 4", "Biểu mẫu 4", "1.1"),)),  # a row no key lists
        Located("a.txt", "r", (Place(12),)),
    ]
    result = score(keys, found)
    assert result.found == 2 and len(result.located[1]) == 2
    assert {f: [x.places[0].line for x in v] for f, v in result.false_alarms.items()} == {
        "b.docx": [270],
        "a.txt": [12],
    }
    assert result.missed() == []
    assert isinstance(keys[0], Key)


@pytest.mark.skipif(not KEYS.is_file(), reason="shared keys not found")
def test_the_checker_on_the_shared_known_contradictions():
    """Baseline before issue 24: 11 of 49 located, about two false alarms per real report. The report-arithmetic
    checker alone (without the catalog rules, which add 000's prose 1.993 and its cited report number):"""
    keys = load_keys(KEYS)
    files = sorted((SHARED / "sample_reports").glob("00[0-3]_*.txt"))
    q1 = SHARED / "real_reports" / "lamdong" / "lamdong_q1_2026.docx"
    if q1.is_file():
        files.append(q1)
    found = [x for f in files for x in located(f.name, check_file(f))]
    result = score(keys, found)
    samples, in_samples = result.found_in(f.name for f in files if f.suffix == ".txt")
    assert (samples, in_samples) == (6, 9)
    if q1.is_file():
        assert result.found_in([q1.name]) == (14, 15)
        assert result.false_alarms.get(q1.name, []) == []
