"""A published warehouse that holds what a real one accumulates (issue 25): the four samples, the real
Lâm Đồng reports of the 4625 template (FY-2025; Q1-2026 as a draft, then its final), and, generated from
the Kiên Giang sample by editing its text (tests/report_variants.py), a draft, a partial copy and a
corrected version of one report, three pre-merger provinces of the new Lâm Đồng, one of them corrected and
one with a draft. Built once per test session by the fixture ``answer_warehouse`` (tests/conftest.py)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from report_variants import LINE, SAMPLE, variant

REAL = ("lamdong_q1_2026_draft.docx", "lamdong_q1_2026.docx", "lamdong_fy_2025.docx")
REAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "real_reports" / "lamdong"
REAL_REPORTS = all((REAL_DIR / name).exists() for name in REAL)  # ../shared is there (tests skip what needs it)
KIEN_GIANG_DRAFT = "000_du_thao.txt"  # a draft (named so): never the current version
KIEN_GIANG_COPY = "000_copy.txt"  # the first 80 % of the sample: a partial copy, never current
KIEN_GIANG_CORRECTED = "000_corrected.txt"  # a later issue date and one cell changed: the current version
DAK_NONG, DAK_NONG_CORRECTED = "h1_2023_dak_nong.txt", "h1_2023_dak_nong_corrected.txt"
BINH_THUAN, BINH_THUAN_DRAFT = "h1_2023_binh_thuan.txt", "h1_2023_binh_thuan_du_thao.txt"
LAM_DONG_63 = "h1_2023_lam_dong.txt"


def _files(sample_dir: Path, out: Path) -> list[list[Path]]:
    """The files, in the batches they arrive in (each later batch after the earlier ones)."""
    text = (sample_dir / SAMPLE).read_text(encoding="utf-8")
    lines = text.split("\n")
    (out / KIEN_GIANG_COPY).write_text("\n".join(lines[: int(len(lines) * 0.8)]) + "\n", encoding="utf-8")
    draft = text.replace("\t96,91", "\t90,00").replace("Hồ sơ\t93,687", "Hồ sơ\t90,000")
    (out / KIEN_GIANG_DRAFT).write_text(draft, encoding="utf-8")
    corrected = text.replace("ngày 19 tháng 6 năm 2023", "ngày 30 tháng 6 năm 2023", 1)
    (out / KIEN_GIANG_CORRECTED).write_text(corrected.replace("Hồ sơ\t93,687", "Hồ sơ\t93,688"), encoding="utf-8")
    h1 = {
        LAM_DONG_63: ("Lâm Đồng", {LINE["iii.3.1"]: "97,1", LINE["iii.3.1.1"]: "1,000", LINE["iii.3.1.2"]: "971"}),
        DAK_NONG: ("Đắk Nông", {LINE["iii.3.1"]: "95,0", LINE["iii.3.1.1"]: "2,000", LINE["iii.3.1.2"]: "1,900"}),
        BINH_THUAN: ("Bình Thuận", {LINE["iii.3.1"]: "99,0", LINE["iii.3.1.1"]: "3,000", LINE["iii.3.1.2"]: "2,970"}),
        BINH_THUAN_DRAFT: ("Bình Thuận", {LINE["iii.3.1"]: "50,0", LINE["iii.3.1.1"]: "9,000",
                                          LINE["iii.3.1.2"]: "4,500"}),
        DAK_NONG_CORRECTED: ("Đắk Nông", {LINE["iii.3.1"]: "95,0", LINE["iii.3.1.1"]: "2,400",
                                          LINE["iii.3.1.2"]: "2,280"}),
    }  # fmt: skip
    for name, (province, values) in h1.items():
        body = variant(sample_dir, province=province, period="H1", year=2023, values=values)
        if name == DAK_NONG_CORRECTED:
            body = body.replace("ngày 15 tháng 6 năm 2023", "ngày 25 tháng 6 năm 2023")
        (out / name).write_text(body, encoding="utf-8")
    real = REAL_DIR
    return [
        [*sorted(sample_dir.glob("*.txt")), out / LAM_DONG_63, out / DAK_NONG, out / BINH_THUAN],
        [out / KIEN_GIANG_COPY, out / KIEN_GIANG_DRAFT, out / BINH_THUAN_DRAFT],  # after their finals
        [real / REAL[0]] if REAL_REPORTS else [],
        [real / REAL[1], real / REAL[2]] if REAL_REPORTS else [],
        [out / KIEN_GIANG_CORRECTED, out / DAK_NONG_CORRECTED],
    ]


def build_answer_warehouse(url: str, sample_dir: Path, home: Path) -> None:
    """Load the batches one by one (a build after each, as production does), validate and publish."""
    from pardw.config import settings
    from pardw.db.migrate import migrate
    from pardw.load.ingest import ingest_paths
    from pardw.pipeline import stage_transform_dq, stage_validate
    from pardw.publish import publish
    from pardw.transform.dbt import build

    migrate(url)
    out = home / "files"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cfg = replace(settings(), quarantine_dir=home / "q", processed_dir=home / "p")
    for batch in _files(sample_dir, out):
        if batch:
            summary = ingest_paths(batch, url, cfg=cfg)
            assert summary.loaded == len(batch), summary.to_dict()
            build(url)
    stage_validate(url)
    stage_transform_dq(url)
    publish(url, force=True, reason="test warehouse: published whatever the findings")


def reader_login(url: str) -> tuple[str, str]:
    """A new login, member of pardw_reader, on the database of ``url``: (its URL, its name)."""
    import secrets
    import uuid

    import psycopg

    name = f"dash_test_{uuid.uuid4().hex[:8]}"
    password = secrets.token_urlsafe(12)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"create role {name} login password '{password}' in role pardw_reader")
    server, _, database = url.rpartition("/")
    host = server.rpartition("@")[2]
    return f"postgresql://{name}:{password}@{host}/{database}", name
