"""Ingestion of every format: Word and PDF land in raw with their format and locators; bad files of
the new kinds are quarantined with their own reason while the rest of the batch loads."""

from __future__ import annotations

import io
import shutil
import zipfile

import psycopg

from pardw.bench.render import text_to_docx
from pardw.load.ingest import ingest_paths

CA_MAU = "003_c3152b1089770077.txt"


def test_word_files_and_text_land_in_raw_with_format_and_locator(migrated_db_url, sample_dir, real_dir_or_skip, cfg,
                                                                 tmp_path):  # fmt: skip
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(real_dir_or_skip / "lamdong_fy_2025.docx", landing)
    shutil.copy(sample_dir / CA_MAU, landing)
    (landing / "kien_giang.docx").write_bytes(
        text_to_docx((sample_dir / "000_d49b38bb6fe27dd3.txt").read_text(encoding="utf-8"))
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    (landing / "budget.docx").write_bytes(buf.getvalue())  # a zip that is not a Word file
    (landing / "cover.docx").write_bytes((real_dir_or_skip / "lamdong_fy_2025_cover_memo.docx").read_bytes())

    summary = ingest_paths([landing], migrated_db_url, cfg=cfg)
    reasons = {o.path.name: o.reason for o in summary.outcomes if o.status == "quarantined"}
    assert reasons == {"budget.docx": "not_a_docx", "cover.docx": "not_a_report"}
    assert summary.loaded == 3

    with psycopg.connect(migrated_db_url) as conn:
        formats = dict(conn.execute("select file_name, format from raw.ingested_file").fetchall())
        assert formats == {"lamdong_fy_2025.docx": "docx", CA_MAU: "txt", "kien_giang.docx": "docx"}
        row = conn.execute(
            "select a.value, a.locator from raw.appendix_row a join raw.ingested_file f using (file_id)"
            " where f.file_name = 'lamdong_fy_2025.docx' and a.form = 'Biểu mẫu 6' and a.code = '1.1.'"
        ).fetchone()
        assert row == (17_454_000, "table 9, row 4")
        valued = conn.execute(
            "select count(*) from raw.appendix_row a join raw.ingested_file f using (file_id)"
            " where f.file_name = 'lamdong_fy_2025.docx' and a.value is not null"
        ).fetchone()[0]
        assert valued == 105
        task = conn.execute(
            "select t.task, t.result, t.status, t.locator from raw.task_row t join raw.ingested_file f using (file_id)"
            " where f.file_name = %s and t.code = '05'", (CA_MAU,),
        ).fetchone()  # fmt: skip
        assert task == ("Thủ tục hành chính có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến",
                        "37/71 thủ tục hành chính, đạt 52,11%", "in_progress", "line 691")  # fmt: skip
        errors = dict(conn.execute("select file_name, reason from raw.ingestion_error").fetchall())
        assert errors == {"budget.docx": "not_a_docx", "cover.docx": "not_a_report"}
