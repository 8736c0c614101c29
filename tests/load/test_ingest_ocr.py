"""Issue 23: a scanned report goes through the parse worker with a budget per page, shows its progress by
page, and loads with each value's OCR confidence and box; a scan whose OCR runs out of time is quarantined
with its reason while the batch goes on."""

from __future__ import annotations

from dataclasses import replace

import psycopg
import pytest

from pardw.config import settings
from pardw.load.ingest import ingest_paths

pytest.importorskip("tesserocr")


@pytest.fixture(scope="module")
def scan() -> bytes:
    """Kiên Giang H1 2023 (sample 000): its first page and the two pages of Biểu mẫu 1, scanned at 200 dpi."""
    from pardw.bench.ocr import scanned_sample
    from pardw.parse.readers.ocr_engine import missing
    from pardw.parse.readers.word97 import soffice

    if soffice() is None or missing():
        pytest.skip("LibreOffice or Tesseract missing (make install installs them)")
    return scanned_sample(pages=(0, 19, 20))


def test_a_scan_loads_page_by_page_with_its_confidence(migrated_db_url, sample_dir, tmp_path, scan):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "scan_240.pdf").write_bytes(scan)
    (landing / "001_04942a727d49f9a1.txt").write_bytes((sample_dir / "001_04942a727d49f9a1.txt").read_bytes())
    # a file budget under three pages of OCR (≈ 6.7 s on a quiet machine): each scanned page brings its own
    # (PARDW_OCR_PAGE_SECONDS). Not tighter: the text file, first in a fresh worker, takes 0.26 s quiet and
    # went past 1 s on a loaded CI machine (stop 30)
    cfg = replace(settings(), quarantine_dir=tmp_path / "q", processed_dir=tmp_path / "p", parse_timeout=3.0)
    pages: list[tuple[str, int, int]] = []
    summary = ingest_paths([landing], migrated_db_url, cfg=cfg, on_page=lambda *p: pages.append(p))
    assert {o.path.name: (o.status, o.reason) for o in summary.outcomes} == {
        "scan_240.pdf": ("loaded", None),
        "001_04942a727d49f9a1.txt": ("loaded", None),
    }
    assert pages == [("scan_240.pdf", 1, 3), ("scan_240.pdf", 2, 3), ("scan_240.pdf", 3, 3)]
    with psycopg.connect(migrated_db_url) as conn:
        doc = conn.execute(
            "select d.report_number, f.encoding from raw.document d join raw.ingested_file f using (file_id)"
            " where d.file_name = 'scan_240.pdf'"
        ).fetchone()
        rows = conn.execute(
            "select a.code, a.raw_value, a.value, a.locator, a.ocr_confidence, a.ocr_box, a.ocr_check"
            " from raw.appendix_row a join raw.document d using (file_id)"
            " where d.file_name = 'scan_240.pdf' and a.raw_value is not null order by a.line"
        ).fetchall()
        text_rows = conn.execute(
            "select count(*) from raw.appendix_row a join raw.document d using (file_id)"
            " where d.file_name = '001_04942a727d49f9a1.txt' and a.ocr_confidence is not null"
        ).fetchone()[0]
    assert doc == ("240/BC-UBND", "pdf+ocr")
    assert text_rows == 0  # a text file's values were not read by OCR
    by_value = {(r[1], r[3]) for r in rows}
    # Biểu mẫu 1: 10 văn bản chỉ đạo (p. 2), 37 tasks set, 19 done (p. 3)
    assert {("10", "p. 2"), ("37", "p. 3"), ("19", "p. 3")} <= by_value
    for _code, _raw, _value, locator, conf, box, _check in rows:
        assert 0 <= conf <= 100 and box.startswith(f"{locator}: ")
    # row 2, the share of the plan done, is 51,35 % (19 / 37): read right the arithmetic confirms it and its
    # counts; misread (this scan's '91,35', both models agreeing at 91.5) it accuses the three of them
    rate = next(r for r in rows if r[0] == "2")
    assert (rate[2], rate[6]) == (51.35, "confirmed") or (rate[2] != 51.35 and rate[6] == "accused")
    assert {r[6] for r in rows if r[0] in ("2.1.", "2.2.")} == {rate[6]}


def test_a_scan_past_its_page_budget_is_quarantined_and_the_batch_goes_on(
    migrated_db_url, sample_dir, tmp_path, scan, monkeypatch
):
    monkeypatch.setenv("PARDW_OCR_PAGE_SECONDS", "0.05")
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "scan_240.pdf").write_bytes(scan)
    (landing / "000_d49b38bb6fe27dd3.txt").write_bytes((sample_dir / "000_d49b38bb6fe27dd3.txt").read_bytes())
    cfg = replace(settings(), quarantine_dir=tmp_path / "q", processed_dir=tmp_path / "p")
    summary = ingest_paths([landing], migrated_db_url, cfg=cfg, move=True)
    assert {o.path.name: (o.status, o.reason) for o in summary.outcomes} == {
        "scan_240.pdf": ("quarantined", "ocr_timeout"),
        "000_d49b38bb6fe27dd3.txt": ("loaded", None),
    }
    with psycopg.connect(migrated_db_url) as conn:
        [(message,)] = conn.execute("select message from raw.ingestion_error where reason = 'ocr_timeout'").fetchall()
    assert "page 1" in message and "PARDW_OCR_PAGE_SECONDS" in message
