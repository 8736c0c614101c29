"""Issue 15, defect 3: a truncated copy of a report is a finding for a steward, not a silent new version."""

from __future__ import annotations

from dataclasses import replace

import psycopg

from pardw.config import settings
from pardw.load.ingest import ingest_paths
from pardw.quality.validate import run_validation
from pardw.transform.dbt import build

REPORT = "001_04942a727d49f9a1.txt"


def test_truncated_copy_does_not_supersede_the_complete_report(migrated_db_url, sample_dir, tmp_path):
    url = migrated_db_url
    cfg = replace(settings(), quarantine_dir=tmp_path / "q")
    text = (sample_dir / REPORT).read_text(encoding="utf-8")
    lines = text.split("\n")
    cut = tmp_path / "001_copy.txt"
    cut.write_text("\n".join(lines[: int(len(lines) * 0.8)]) + "\n", encoding="utf-8")  # 80 %, at a line end
    ingest_paths([sample_dir / REPORT], url, cfg=cfg)
    ingest_paths([cut], url, cfg=cfg)  # arrives later: before issue 15 it became the current version
    build(url)
    with psycopg.connect(url) as conn:
        reports = conn.execute(
            "select file_name, is_superseded, is_partial_copy from warehouse.dim_report order by file_name"
        ).fetchall()
        assert reports == [("001_04942a727d49f9a1.txt", False, False), ("001_copy.txt", True, True)]
        current = conn.execute(
            "select count(*) from warehouse.fact_indicator as f join warehouse.dim_report as r using (report_key)"
            " where not r.is_superseded"
        ).fetchone()[0]
        complete = conn.execute(
            "select count(*) from warehouse.fact_indicator as f join warehouse.dim_report as r using (report_key)"
            " where r.file_name = %s",
            (REPORT,),
        ).fetchone()[0]
    assert current == complete > 50  # the complete report's facts (89), not the copy's
    summary = run_validation(url, build_docs=False)
    [finding] = [f for f in summary.findings if f.rule == "report_partial_copy"]
    assert (finding.file_name, finding.severity) == ("001_copy.txt", "warning")
    assert REPORT in finding.observed


def test_a_real_correction_with_the_same_date_is_still_a_new_version(migrated_db_url, sample_dir, tmp_path):
    """Not a subset (a value changed): the later file is a correction and becomes current."""
    url = migrated_db_url
    cfg = replace(settings(), quarantine_dir=tmp_path / "q")
    text = (sample_dir / REPORT).read_text(encoding="utf-8")
    lines = text.split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.count("\t") >= 3 and ln.split("\t")[3].strip().isdigit())
    cells = lines[i].split("\t")
    cells[3] = str(int(cells[3]) + 1)
    lines[i] = "\t".join(cells)
    fixed = tmp_path / "001_fixed.txt"
    fixed.write_text("\n".join(lines), encoding="utf-8")
    ingest_paths([sample_dir / REPORT], url, cfg=cfg)
    ingest_paths([fixed], url, cfg=cfg)
    from pardw.transform.dbt import run_dbt

    run_dbt(["run", "--select", "+dim_report"], url)  # models only (their tests need the whole warehouse)
    with psycopg.connect(url) as conn:
        reports = conn.execute(
            "select file_name, is_superseded, is_partial_copy from warehouse.dim_report order by file_name"
        ).fetchall()
    assert reports == [("001_04942a727d49f9a1.txt", True, False), ("001_fixed.txt", False, False)]
