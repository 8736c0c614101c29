"""Issue 15: the parser under hostile input (numbers, NUL, quadratic regexes, deep nesting, fuzzing)."""

from __future__ import annotations

import math
import os
import time

import pytest

from pardw.config import SAMPLE_REPORTS_DIR
from pardw.parse.numbers import parse_number, read_cell
from pardw.parse.report import parse_bytes

CA_MAU = SAMPLE_REPORTS_DIR / "003_c3152b1089770077.txt"
ROW = "3.1.1.\tTổng số hồ sơ TTHC đã giải quyết xong\tHồ sơ\t152.690"


def _text() -> str:
    return CA_MAU.read_text(encoding="utf-8")


@pytest.mark.parametrize("cell", ["0.0,0.0", "1,2.3,4", "0,0,0.0", "1.2,3.4", ",5", "..", "1e400", "9" * 4301])
def test_parse_number_never_raises_and_never_returns_infinity(cell):
    reading = parse_number(cell, "Hồ sơ")
    assert reading is None or math.isfinite(reading.value)
    value, _flags = read_cell(cell, "Hồ sơ")
    assert value is None or math.isfinite(value.value)


def test_valid_mixed_separators_still_read():
    assert parse_number("1.234,5").value == 1234.5
    assert parse_number("1,234.5").value == 1234.5
    assert parse_number("152.690", "Hồ sơ").value == 152690


def test_400_digit_count_is_no_value_with_a_flag_and_a_warning():
    huge = "9" * 400
    report, _ = parse_bytes(_text().replace(ROW, ROW.replace("152.690", huge)).encode(), "ca_mau.txt")
    [row] = [r for r in report.indicators if r.code == "3.1.1."]
    assert row.raw_value == huge and row.value is None
    assert "number_out_of_range" in row.flags
    for r in report.indicators + report.breakdowns:
        assert r.value is None or math.isfinite(r.value)


def test_nul_characters_never_reach_the_loader():
    text = _text()
    assert text.encode().find("Tổng số hồ sơ TTHC".encode()) > 4096  # (a NUL in the first 4 KB means binary)
    text = text.replace("Tổng số hồ sơ TTHC", "Tổng số\x00 hồ sơ TTHC").replace("\nxã ", "\nxã\x00 ")
    report, _ = parse_bytes(text.encode(), "ca_mau_nul.txt")
    for record in report.records():
        for value in record.to_dict().values():
            assert not (isinstance(value, str) and "\x00" in value)
    assert report.document.province == "Cà Mau"
    assert [w.code for w in report.warnings].count("nul_removed") == 1
    [row] = [r for r in report.indicators if r.code == "3.1.1."]
    assert row.value == 152690 and row.name.startswith("Tổng số hồ sơ TTHC")


@pytest.mark.parametrize(
    ("case", "make"),
    [
        ("a 20,000-space line (70 s before)", lambda t: t + "\n" + " " * 20_000 + "x\n"),
        # form feeds are line breaks since issue 26 (a page mark at a line's start): the run moved to no-break spaces
        ("400 no-break spaces after Số (14 s before, as form feeds)", lambda t: t.replace("Số", "Số" + "\xa0" * 400, 1)),
        ("a page mark of 400 form feeds before Số", lambda t: t.replace("Số", "\n" + "\f" * 400 + "Số", 1)),
        ("rows indented by 300 spaces (30 s before)",
         lambda t: "\n".join((" " * 300 + ln if ln[:1].isdigit() else ln) for ln in t.split("\n"))),
        ("a 20,000-tab line", lambda t: t + "\n" + "\t" * 20_000 + "1\n"),
        ("20,000 unclosed <sup>", lambda t: t + "\n" + "<sup>" * 20_000 + "\n"),
    ],
)  # fmt: skip
def test_blank_runs_are_scanned_in_linear_time(case, make):
    data = make(_text()).encode()
    started = time.perf_counter()
    report, _ = parse_bytes(data, "hostile.txt")
    assert time.perf_counter() - started < 5, case
    assert report.document.report_number == "162/BC-UBND"


def test_deep_numbering_is_capped_not_multiplied():
    from pardw.parse.appendix import MAX_CODE_DEPTH

    lines = _text().split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("3.1.1.\t"))
    deep = [".".join(["7"] * d) + f".\tChỉ tiêu lồng {d}\tHồ sơ\t{d}" for d in range(1, 400)]
    report, _ = parse_bytes("\n".join(lines[:at] + deep + lines[at:]).encode(), "deep.txt")
    assert max(len(r.path) for r in report.indicators) <= MAX_CODE_DEPTH
    capped = [r for r in report.indicators if "nesting_capped" in r.flags]
    assert capped and all(r.value is not None for r in capped)
    assert sum(len(r.path) for r in report.indicators) < 400 * (MAX_CODE_DEPTH + 1) + 5_000


def test_fuzzed_inputs_raise_nothing_unexpected():
    """A seeded slice of the `make fuzz` campaign: zero unexpected exceptions, no non-finite value,
    no NUL, no path past the nesting cap, no input over 10 s of CPU."""
    from pardw.bench.fuzz import run

    n = int(os.environ.get("PARDW_FUZZ_N", "1500"))
    result = run(n, seed=15, windows=True, slow_seconds=10)
    assert result.inputs == n and result.parsed > n // 2
    assert result.unexpected == []
    assert result.invalid == []
    assert result.slow == []


def test_extract_goes_on_past_failing_files(tmp_path):
    import io
    import json

    from pardw.load.extract import run_extract

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "link.txt").symlink_to("/etc/passwd")
    (tmp_path / "empty.txt").write_bytes(b"")
    good = tmp_path / "zz_good.txt"
    good.write_bytes(CA_MAU.read_bytes())
    out, err = io.StringIO(), io.StringIO()
    code = run_extract([fifo, tmp_path], "jsonl", out, err)
    assert code == 1
    problems = err.getvalue()
    assert "pipe.txt: not_a_regular_file" in problems and "link.txt: symlink" in problems
    assert "empty.txt: empty" in problems
    documents = [json.loads(ln) for ln in out.getvalue().splitlines() if '"kind": "document"' in ln]
    assert [d["report_number"] for d in documents] == ["162/BC-UBND"]
