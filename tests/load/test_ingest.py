"""Ingestion against a real (embedded) PostgreSQL: idempotency, versions, quarantine, concurrency, roles."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from pardw.db.migrate import migrate
from pardw.load.ingest import ingest_paths

KIEN_GIANG = "000_d49b38bb6fe27dd3.txt"


def _counts(url: str) -> dict[str, int]:
    tables = ["ingested_file", "document", "appendix_row", "breakdown_row", "narrative_metric", "parse_warning"]
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in tables}


def test_migrations_are_versioned_and_applied_once(fresh_db_url):
    first = migrate(fresh_db_url)
    assert "001_raw_schema" in first and "020_roles" in first
    assert migrate(fresh_db_url) == []


def test_samples_load_with_provenance_and_rerun_changes_nothing(migrated_db_url, sample_dir, cfg):
    summary = ingest_paths([sample_dir], migrated_db_url, cfg=cfg)
    assert (summary.loaded, summary.duplicates, summary.quarantined) == (4, 0, 0)
    before = _counts(migrated_db_url)
    assert before["ingested_file"] == 4 and before["document"] == 4
    assert before["appendix_row"] > 200

    with psycopg.connect(migrated_db_url) as conn:
        value, line, name = conn.execute(
            "select a.value, a.line, a.name from raw.appendix_row a join raw.ingested_file f using (file_id)"
            " where f.file_name = %s and a.raw_value = '33,825'",
            (KIEN_GIANG,),
        ).fetchone()
        assert value == 33825
        assert name.startswith("Tổng số hồ sơ TTHC đã giải quyết xong")
        src = (sample_dir / KIEN_GIANG).read_text(encoding="utf-8").split("\n")
        assert "33,825" in src[line - 1]  # the stored line points at the cell
        doc = conn.execute(
            "select d.province, d.report_number, d.issue_date::text, d.period_type, d.period_year"
            " from raw.document d where file_name = %s",
            (KIEN_GIANG,),
        ).fetchone()
        assert doc == ("Kiên Giang", "240/BC-UBND", "2023-06-19", "H1", 2023)

    again = ingest_paths([sample_dir], migrated_db_url, cfg=cfg)
    assert (again.loaded, again.duplicates, again.quarantined) == (0, 4, 0)
    assert _counts(migrated_db_url) == before


def test_corrected_report_is_a_new_version(migrated_db_url, sample_dir, cfg, tmp_path):
    ingest_paths([sample_dir / KIEN_GIANG], migrated_db_url, cfg=cfg)
    text = (sample_dir / KIEN_GIANG).read_text(encoding="utf-8")
    corrected = text.replace("ngày 19 tháng 6 năm 2023", "ngày 26 tháng 6 năm 2023", 1).replace(
        "3.1.1.\tTổng số hồ sơ TTHC đã giải quyết xong\tHồ sơ\t33,825",
        "3.1.1.\tTổng số hồ sơ TTHC đã giải quyết xong\tHồ sơ\t33,826",
    )
    assert corrected != text
    path = tmp_path / "000_corrected.txt"
    path.write_text(corrected, encoding="utf-8")
    summary = ingest_paths([path], migrated_db_url, cfg=cfg)
    assert summary.loaded == 1
    with psycopg.connect(migrated_db_url) as conn:
        rows = conn.execute(
            "select issue_date::text, report_number from raw.document where province = 'Kiên Giang' order by issue_date"
        ).fetchall()
    assert rows == [("2023-06-19", "240/BC-UBND"), ("2023-06-26", "240/BC-UBND")]


def _bad_files(folder: Path, sample_dir: Path) -> dict[str, str]:
    """Each bad-input kind, with the quarantine reason it must get."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x00<< /Type /Catalog >>\x00" * 20)
    text = (sample_dir / KIEN_GIANG).read_text(encoding="utf-8")
    clean = text.encode("utf-8")[:5000].decode("utf-8", errors="ignore").encode("utf-8")
    (folder / "truncated.txt").write_bytes(clean + "ế".encode()[:2])  # ends inside a multi-byte character
    (folder / "shopping_list.txt").write_text(
        "Milk, eggs, bread.\nCall the plumber on Tuesday.\n" * 20, encoding="utf-8"
    )
    (folder / "garbage.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    return {
        "empty.txt": "empty",
        "scan.pdf": "corrupt_pdf",
        "truncated.txt": "truncated",
        "shopping_list.txt": "not_a_report",
        "garbage.txt": "undecodable",
    }


def test_bad_files_are_quarantined_with_reasons_while_good_ones_load(migrated_db_url, sample_dir, cfg, tmp_path):
    landing = tmp_path / "landing"
    expected = _bad_files(landing, sample_dir)
    shutil.copy(sample_dir / KIEN_GIANG, landing / KIEN_GIANG)
    # encodings Vietnamese offices use still load
    text = (sample_dir / "003_c3152b1089770077.txt").read_text(encoding="utf-8")
    (landing / "ca_mau_utf16.txt").write_bytes(text.encode("utf-16"))
    (landing / "ca_mau_bom.txt").write_bytes(b"\xef\xbb\xbf" + text.replace("Cà Mau", "Cà Mau ").encode("utf-8"))

    summary = ingest_paths([landing], migrated_db_url, cfg=cfg, move=True)
    reasons = {o.path.name: o.reason for o in summary.outcomes if o.status == "quarantined"}
    assert reasons == expected
    loaded = sorted(o.path.name for o in summary.outcomes if o.status == "loaded")
    assert loaded == [KIEN_GIANG, "ca_mau_bom.txt", "ca_mau_utf16.txt"]

    # moved out of landing only after commit: loaded ones to processed, bad ones to quarantine with a reason note
    assert sorted(p.name for p in landing.iterdir()) == []
    for name, reason in expected.items():
        assert (cfg.quarantine_dir / name).exists()
        assert (cfg.quarantine_dir / f"{name}.reason.txt").read_text(encoding="utf-8").startswith(reason)
    assert (cfg.processed_dir / KIEN_GIANG).exists()
    with psycopg.connect(migrated_db_url) as conn:
        errors = dict(conn.execute("select file_name, reason from raw.ingestion_error").fetchall())
        encodings = dict(conn.execute("select file_name, encoding from raw.ingested_file").fetchall())
    assert errors == expected
    assert encodings["ca_mau_utf16.txt"].lower().startswith("utf-16")


def test_oversized_file_is_quarantined(migrated_db_url, sample_dir, cfg, tmp_path):
    small = replace(cfg, max_file_bytes=10_000)
    summary = ingest_paths([sample_dir / KIEN_GIANG], migrated_db_url, cfg=small)
    [outcome] = summary.outcomes
    assert (outcome.status, outcome.reason) == ("quarantined", "too_large")
    assert "over the limit of 10,000 bytes" in outcome.message
    assert (sample_dir / KIEN_GIANG).exists()  # the CLI default copies, never moves, the source


def test_concurrent_ingests_load_each_file_once(migrated_db_url, sample_dir, cfg):
    """Three `pardw ingest` processes over the same folder at once: every file is loaded once."""
    env = {**os.environ, "PARDW_WAREHOUSE_URL": migrated_db_url, "PARDW_QUARANTINE_DIR": str(cfg.quarantine_dir)}
    pardw = Path(sys.executable).with_name("pardw")
    procs = [
        subprocess.Popen([str(pardw), "ingest", str(sample_dir)], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    loaded = [int(re.search(r"loaded (\d+)", out).group(1)) for out in outputs]
    duplicates = [int(re.search(r"skipped as duplicate (\d+)", out).group(1)) for out in outputs]
    assert sum(loaded) == 4 and sum(duplicates) == 8
    counts = _counts(migrated_db_url)
    assert counts["ingested_file"] == 4 and counts["document"] == 4
    with psycopg.connect(migrated_db_url) as conn:
        assert conn.execute("select count(*) from raw.ingestion_error").fetchone()[0] == 0


def test_file_the_database_refuses_is_quarantined_alone(migrated_db_url, sample_dir, cfg):
    """Files share a load transaction; when the database refuses one, only that file is quarantined."""
    with psycopg.connect(migrated_db_url) as conn:  # a rule the warehouse's owner might add
        conn.execute("alter table raw.document add constraint no_vp_reports check (report_number not like '%/BC-VP')")
    summary = ingest_paths([sample_dir], migrated_db_url, cfg=replace(cfg, load_batch=25))
    by_file = {o.path.name: o for o in summary.outcomes}
    refused = by_file["001_04942a727d49f9a1.txt"]
    assert (refused.status, refused.reason) == ("quarantined", "load_failed")
    assert "no_vp_reports" in refused.message
    assert (cfg.quarantine_dir / "001_04942a727d49f9a1.txt").exists()
    assert sorted(n for n, o in by_file.items() if o.status == "loaded") == [
        "000_d49b38bb6fe27dd3.txt", "002_c51abfc117effcaf.txt", "003_c3152b1089770077.txt",
    ]  # fmt: skip
    counts = _counts(migrated_db_url)
    assert counts["ingested_file"] == 3 and counts["document"] == 3
    with psycopg.connect(migrated_db_url) as conn:
        assert conn.execute("select count(*) from raw.appendix_row a join raw.document d using (file_id)"
                            " where d.report_number = '415/BC-VP'").fetchone()[0] == 0  # fmt: skip


def test_reader_role_cannot_read_raw_or_write(migrated_db_url, sample_dir, cfg):
    ingest_paths([sample_dir / KIEN_GIANG], migrated_db_url, cfg=cfg)
    with psycopg.connect(migrated_db_url, autocommit=True) as conn:
        conn.execute("create table marts.probe as select 1 as x")
        conn.execute("grant select on marts.probe to pardw_reader")
        conn.execute("set role pardw_reader")
        assert conn.execute("select x from marts.probe").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select count(*) from raw.document")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("insert into marts.probe values (2)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("create table marts.mine (x int)")
        conn.execute("reset role")
        conn.execute("set role pardw_loader")
        assert conn.execute("select count(*) from raw.document").fetchone() == (1,)
