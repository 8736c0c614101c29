"""Steward decisions that last: the real Q1-2026 Lâm Đồng report prints 124 in a "%" row (Biểu mẫu 4 row 1.2);
the finding blocks publication until a steward accepts it; accepted, it no longer blocks later runs of that
file, the publication names it; a new version of the file re-opens it."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import replace

import psycopg
import pytest

from pardw.pipeline import BlockingFindings, stage_publish, stage_validate
from pardw.quality.decisions import DecisionError, decide, list_findings
from pardw.quality.gate import explain

NAME = "lamdong_q1_2026.docx"


def _load(url, path, tmp_path):
    from pardw.config import settings
    from pardw.load.ingest import ingest_paths
    from pardw.transform.dbt import build

    ingest_paths([path], url, cfg=replace(settings(), quarantine_dir=tmp_path / "q"))
    build(url)


def _blocking(url):
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select f.finding_key, f.rule, f.line, f.decision, f.evidence -> 0 ->> 'form', f.evidence -> 0 ->> 'code'"
            " from dq.finding as f where f.run_id = (select run_id from dq.validation_run order by started_at desc"
            " limit 1) and f.severity = 'blocking' order by f.line"
        ).fetchall()


def _new_version(src, dst):
    """The same report with one figure corrected elsewhere (the survey count of Biểu mẫu 1 row 5.1)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                assert b"9.458" in data
                data = data.replace(b"9.458", b"9.459")
            zout.writestr(item, data)


def test_an_accepted_blocking_finding_no_longer_blocks_and_a_new_version_reopens_it(
    migrated_db_url, real_dir_or_skip, tmp_path
):
    url = migrated_db_url
    first = tmp_path / "v1" / NAME
    first.parent.mkdir()
    shutil.copy2(real_dir_or_skip / NAME, first)
    _load(url, first, tmp_path)

    assert stage_validate(url)["status"] == "blocked"
    with psycopg.connect(url) as conn:
        prose = conn.execute(
            "select line, observed from dq.finding where rule = 'prose_disagrees_with_appendix'"
        ).fetchall()
    # like with like: the prose's 1.883 units against Biểu mẫu 4 row 1.5 (1.853), not "1.202 dịch vụ công trực
    # tuyến một phần" against the appendix's toàn trình 845 (line 292)
    assert prose == [(136, "1.883")]
    blocking = _blocking(url)
    [(key, rule, line, decision, _form, _code)] = [b for b in blocking if (b[4], b[5]) == ("Biểu mẫu 4", "1.2")]
    assert decision is None and rule in ("table_count_in_rate_row", "rate_out_of_range")
    assert [b for b in blocking if b[0] != key] == []  # the only blocking finding of this report
    with pytest.raises(BlockingFindings):
        stage_publish(url)

    with psycopg.connect(url) as conn:
        with pytest.raises(DecisionError, match="reason"):
            decide(conn, key, "accepted", " ", "Nguyễn Văn A")
        decide(conn, key, "accepted", "lỗi của báo cáo gốc: 124 là số xã, đã báo Sở Nội vụ", "Nguyễn Văn A")

    # later runs of the same file: the finding is still reported, accepted, and does not block
    validation = stage_validate(url)
    assert validation["status"] == "warnings"
    assert [(b[0], b[3]) for b in _blocking(url)] == [(key, "accepted")]
    stage_publish(url)
    with psycopg.connect(url) as conn:
        forced, exceptions = conn.execute(
            "select forced, exceptions from marts.latest_publication_exceptions"
        ).fetchone()
        lines = explain(conn)
        _, listed = list_findings(conn)
    assert forced is False
    [exception] = exceptions
    assert (exception["finding_key"], exception["file_name"], exception["line"]) == (key, NAME, line)
    assert exception["decided_by"] == "Nguyễn Văn A" and exception["reason"].startswith("lỗi của báo cáo gốc")
    assert lines[0].startswith("gate: OPEN") and "accepted by a data steward" in lines[0]
    assert any(f"accepted [{key}]" in x and "Nguyễn Văn A" in x for x in lines)
    assert "công bố có ngoại lệ" in lines[-1]
    assert [r.status for r in listed if r.finding_key == key] == ["accepted"]

    # a new version of the file is judged afresh: the same finding (same key) is open again
    second = tmp_path / "v2" / NAME
    second.parent.mkdir()
    _new_version(first, second)
    _load(url, second, tmp_path)
    assert stage_validate(url)["status"] == "blocked"
    assert [(b[0], b[3]) for b in _blocking(url)] == [(key, None)]
    with psycopg.connect(url) as conn:
        _, listed = list_findings(conn)
        lines = explain(conn)
    [reopened] = [r for r in listed if r.finding_key == key]
    assert (reopened.status, reopened.decided_by) == ("reopened", "Nguyễn Văn A")
    assert lines[0].startswith("gate: CLOSED") and any(f"blocking [{key}]" in x for x in lines)
