"""Issue 15, defects 6-9: one publication gate for the DAG, `pardw run --direct` and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import psycopg
import pytest

from pardw.config import PROJECT_ROOT, settings
from pardw.load.ingest import ingest_paths
from pardw.pipeline import BlockingFindings, stage_gate_and_publish, stage_publish, stage_validate
from pardw.transform.dbt import build

CA_MAU = "003_c3152b1089770077.txt"
GOOD_ROW = "3.1.1.\tTổng số hồ sơ TTHC đã giải quyết xong\tHồ sơ\t152.690"


def _marts(url: str) -> tuple:
    """What a dashboard sees: row count and a checksum of the published facts."""
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select count(*), md5(string_agg(fact_key || ':' || coalesce(value::text, ''), ',' order by fact_key))"
            " from marts.fact_indicator"
        ).fetchone()


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "include"), "PARDW_WAREHOUSE_URL": url, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "pardw.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600)  # fmt: skip


def test_blocked_build_is_not_published_by_any_door_and_a_later_correction_clears_it(
    kien_giang_built_url, sample_dir, tmp_path
):
    cfg = replace(settings(), quarantine_dir=tmp_path / "q")
    url = kien_giang_built_url  # Kiên Giang ingested and built
    first = stage_gate_and_publish(url)
    assert first["validation"]["outcome"] == "findings" and first["validation"]["status"] == "warnings"
    with psycopg.connect(url, autocommit=True) as conn:  # a dashboard team's view on the published marts
        conn.execute(
            "create view public.dashboard_facts as select province_code, count(*) as n from marts.fact_indicator"
            " group by province_code"
        )
    published = _marts(url)

    # a report with an impossible value: a negative number of dossiers (blocking)
    text = (sample_dir / CA_MAU).read_text(encoding="utf-8")
    assert GOOD_ROW in text
    broken = tmp_path / "ca_mau.txt"
    broken.write_text(text.replace(GOOD_ROW, GOOD_ROW.replace("152.690", "-152.690")), encoding="utf-8")
    ingest_paths([broken], url, cfg=cfg)
    build(url)

    # pardw run --direct / DAG sequence: validation, then the DQ marts, then a refused publication
    with pytest.raises(BlockingFindings, match="blocking data-quality finding"):
        stage_gate_and_publish(url)
    assert _marts(url) == published
    with psycopg.connect(url) as conn:  # the stewards see what blocked it
        assert conn.execute(
            "select rule, line, observed from warehouse.mart_dq_findings where severity = 'blocking'"
        ).fetchall() == [("count_negative", 347, "-152.690")]

    # pardw publish (the CLI's door) refuses too: exit 1, marts unchanged
    refused = _cli(url, "publish")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "publication stopped" in refused.stderr and "blocking data-quality finding" in refused.stderr
    assert _marts(url) == published
    # --force needs a reason, and the reason is recorded
    assert _cli(url, "publish", "--force").returncode == 1
    assert _marts(url) == published
    forced = _cli(url, "publish", "--force", "--reason", "Sở Nội vụ cần số liệu trước hạn")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    with psycopg.connect(url) as conn:
        last = conn.execute(
            "select forced, force_reason, validation_status, method from pardw_meta.publication"
            " order by published_at desc limit 1"
        ).fetchone()
        assert last == (True, "Sở Nội vụ cần số liệu trước hạn", "blocked", "swap contents")
        # the dashboard view survived every publication, and sees the new contents
        assert conn.execute("select sum(n) from public.dashboard_facts").fetchone()[0] == _marts(url)[0]

    # the province sends a corrected version dated later: it supersedes, the finding is gone
    corrected = tmp_path / "ca_mau_corrected.txt"
    corrected.write_text(text.replace("ngày *14* tháng 6 năm 2022", "ngày *20* tháng 6 năm 2022", 1), encoding="utf-8")
    ingest_paths([corrected], url, cfg=cfg)
    build(url)
    again = stage_gate_and_publish(url)
    assert again["validation"]["blocking"] == 0
    with psycopg.connect(url) as conn:
        assert conn.execute(
            "select count(*) from dq.finding where run_id = %s and rule = 'count_negative'",
            (again["validation"]["run_id"],),
        ).fetchone() == (0,)
        assert conn.execute("select sum(n) from public.dashboard_facts").fetchone()[0] == _marts(url)[0]


def test_rebuilt_warehouse_must_be_validated_again(kien_giang_built_url):
    url = kien_giang_built_url  # Kiên Giang ingested and built
    stage_validate(url)
    build(url, select="dim_report")  # a rebuild nobody validated (dbt re-creates the table)
    with pytest.raises(BlockingFindings, match="rebuilt after validation"):
        stage_publish(url)
    with psycopg.connect(url) as conn:
        assert conn.execute("select to_regclass('marts.fact_indicator')").fetchone() == (None,)


def test_expectation_that_cannot_run_is_an_error_of_the_run_not_a_finding(kien_giang_built_url, monkeypatch):
    import pardw.quality.validate as validate
    from pardw.quality.rules import Rule, load_rules

    url = kien_giang_built_url  # Kiên Giang ingested and built
    broken = Rule("broken_rule", "warehouse_fact", "blocking", "a rule whose SQL refers to a missing column",
                  "select f.no_such_column as file_id, 1 as line from {batch} as f")  # fmt: skip
    monkeypatch.setattr(validate, "load_rules", lambda cfg: (*load_rules(cfg), broken))
    result = stage_validate(url)
    assert (result["status"], result["outcome"]) == ("error", "error")
    assert any("broken_rule" in e and "no_such_column" in e for e in result["errors"])
    with psycopg.connect(url) as conn:
        assert conn.execute("select count(*) from dq.finding where rule = 'broken_rule'").fetchone() == (0,)
        status, outcome, message = conn.execute(
            "select status, outcome, error_message from dq.validation_run where run_id = %s", (result["run_id"],)
        ).fetchone()
    assert (status, outcome) == ("error", "error") and "no_such_column" in message
    with pytest.raises(BlockingFindings, match="could not run"):
        stage_publish(url)


def _latest_summary(url: str):
    """The latest validation run of a warehouse, as `pardw validate` holds it before printing."""
    from pardw.quality.validate import Finding, ValidationSummary

    with psycopg.connect(url) as conn:
        run_id, status, blocking, warnings, expectations = conn.execute(
            "select run_id, status, blocking_count, warning_count, expectations from dq.validation_run"
            " order by started_at desc limit 1"
        ).fetchone()
        rows = conn.execute(
            "select rule, severity, suite, file_id, file_name, report_number, indicator_key, line, observed,"
            " expected, message from dq.finding where run_id = %s order by finding_id",
            (run_id,),
        ).fetchall()
    return ValidationSummary(run_id, blocking, warnings, findings=[Finding(*r) for r in rows],
                             expectations=expectations, status=status)  # fmt: skip


def test_validate_output_is_readable_when_piped(built_warehouse):
    import io
    import json

    from rich.console import Console

    from pardw.quality.report import render_findings

    summary = _latest_summary(built_warehouse)
    assert summary.findings

    def render(fmt: str) -> str:
        out = io.StringIO()  # not a terminal, like `pardw validate | less`
        render_findings(summary, Console(file=out, width=80), fmt=fmt)
        return out.getvalue()

    table = render("table").splitlines()
    for f in summary.findings:  # file:line stays whole on one line although the console is 80 wide
        assert any(f"{f.file_name}:{f.line}" in line for line in table)
    doc = json.loads(render("json"))
    assert doc["status"] == "warnings" and doc["warnings"] == len(doc["findings"]) == len(summary.findings)
    assert {(f["file_name"], f["line"], f["rule"]) for f in doc["findings"]} == {
        (f.file_name, f.line, f.rule) for f in summary.findings
    }
    tsv = render("tsv").splitlines()
    assert tsv[0].split("\t")[:4] == ["file_name", "line", "severity", "rule"]
    assert len(tsv) == len(summary.findings) + 1 and all(len(r.split("\t")) == 9 for r in tsv[1:])
