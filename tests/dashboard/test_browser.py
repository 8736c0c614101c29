"""A real browser on the real server: `streamlit run` on 127.0.0.1, Debian's chromium driven by Playwright
(no browser download), every page opened, Vietnamese text and key numbers checked, screenshots saved."""

from __future__ import annotations

import socket
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from pardw.dashboard import serve
from pardw.dashboard.formatting import fmt_published

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian chromium is not installed (apt-get install -y chromium; `make install` as root)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(reader_url):
    with _serving(reader_url) as base:
        yield base


@contextmanager
def _serving(url: str):
    port = _free_port()
    proc = serve.start(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start on {base} (exit {proc.poll()})")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except Exception:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", "/nonexistent")  # never download a browser
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            yield b
        finally:
            b.close()


def _open(page, url: str, title: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_every_page_in_chromium(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    shots = tmp_path / "screenshots"
    shots.mkdir()

    _open(page, server, "Bảng điểm tỉnh")
    assert _metric(page, "Tổng số TTHC") == "1.984"  # Cà Mau H1 2022, first province
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Kiên Giang").click()
    page.get_by_text("000_d49b38bb6fe27dd3.txt:474").first.wait_for(timeout=60_000)
    assert _metric(page, "Hồ sơ đúng hạn – cấp xã") == "96,91 %"
    assert _metric(page, "Tổng số TTHC") == "2.004"
    assert page.get_by_text("III. Cải cách thủ tục hành chính").count() == 1
    page.screenshot(path=shots / "scorecard.png", full_page=True)

    _open(page, f"{server}/rankings", "Xếp hạng tỉnh, thành phố")
    assert _metric(page, "Trung vị toàn quốc") == "—"  # one unit of 63: no median
    assert _metric(page, "Số đơn vị có số liệu") == "1/63"
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
    page.screenshot(path=shots / "rankings.png", full_page=True)

    _open(page, f"{server}/trends", "Xu hướng qua sáp nhập")
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
    unit = page.locator('[data-testid="stSelectbox"] input').first
    assert unit.input_value() == "An Giang (gồm An Giang, Kiên Giang)"
    page.screenshot(path=shots / "trends.png", full_page=True)

    _open(page, f"{server}/quality", "Chất lượng dữ liệu")
    assert _metric(page, "Cảnh báo") == "26"  # as test_app's data-quality test counts them
    assert _metric(page, "Phát hiện chặn công bố") == "0"
    published = page.get_by_text("Mọi báo cáo đã nạp đều đã được công bố")
    published.first.wait_for(timeout=30_000)  # below two tables: it may render after the metrics
    assert published.count() == 1
    page.screenshot(path=shots / "quality.png", full_page=True)

    _open(page, f"{server}/coverage", "Độ phủ báo cáo")
    assert _metric(page, "Đơn vị có báo cáo") == "3/63"
    page.screenshot(path=shots / "coverage.png", full_page=True)

    _open(page, f"{server}/map", "Bản đồ tỉnh, thành phố")
    the_map = page.frame_locator("iframe").first.locator('svg[data-map="provinces"]')
    the_map.wait_for(timeout=30_000)
    assert the_map.locator("path[data-unit]").count() == 63
    page.screenshot(path=shots / "map.png", full_page=True)

    assert sorted(p.name for p in shots.iterdir()) == [
        "coverage.png", "map.png", "quality.png", "rankings.png", "scorecard.png", "trends.png"
    ]  # fmt: skip
    assert all(p.stat().st_size > 20_000 for p in shots.iterdir())
    print(f"screenshots: {shots}")


def test_the_map_draws_the_34_units_in_chromium(answer_reader_url, browser, tmp_path):
    """The provinces of the chosen generation, from the boundaries shipped with pardw (no tile server): 34 units
    from 1/7/2025, the new Lâm Đồng coloured by its reported value, the others grey."""
    with _serving(answer_reader_url) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="vi-VN")
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        _open(page, f"{base}/map", "Bản đồ tỉnh, thành phố")
        page.get_by_text("34 tỉnh, thành phố (từ 1/7/2025)").click()
        the_map = page.frame_locator("iframe").first.locator('svg[data-map="provinces"][data-generation="after"]')
        the_map.wait_for(timeout=60_000)
        assert the_map.locator("path[data-unit]").count() == 34
        lam_dong = the_map.locator('path[data-unit="68"]')
        assert lam_dong.get_attribute("fill") != "#e5e5e5" and lam_dong.get_attribute("data-value")
        assert the_map.locator('path[data-unit="01"]').get_attribute("fill") == "#e5e5e5"
        box = the_map.bounding_box()
        assert box["width"] > 300 and box["height"] > 300  # drawn, not an empty element
        page.screenshot(path=tmp_path / "map34.png", full_page=True)
    assert not [u for u in requests if not u.startswith(base) and not u.startswith("data:")]  # nothing external


def _publish_kien_giang(url: str, sample_dir: Path, home: Path, *, on_time: str | None = None,
                        built: bool = False) -> None:  # fmt: skip
    """Load the Kiên Giang H1-2023 report (with ``on_time`` as its commune on-time rate and a later date: a
    correction), build, validate and publish, as `pardw run` does (``built``: the sample is loaded and built
    already, in a copy of ``kien_giang_template``: validate and publish only)."""
    from pardw.config import settings
    from pardw.load.ingest import ingest_paths
    from pardw.pipeline import stage_transform_dq, stage_validate
    from pardw.publish import publish
    from pardw.transform.dbt import build

    source = sample_dir / "000_d49b38bb6fe27dd3.txt"
    path = source
    if on_time:
        text = source.read_text(encoding="utf-8").replace("ngày 19 tháng 6 năm 2023", "ngày 30 tháng 6 năm 2023", 1)
        path = home / "000_corrected.txt"
        path.write_text(text.replace("\t96,91", f"\t{on_time}"), encoding="utf-8")
    cfg = replace(settings(), quarantine_dir=home / "q", processed_dir=home / "p")
    if not built:
        assert ingest_paths([path], url, cfg=cfg).loaded == 1
        build(url)
    stage_validate(url)
    stage_transform_dq(url)
    publish(url, force=True, reason="browser test")


def test_a_publication_is_on_the_dashboard_at_the_next_load(kien_giang_built_url, sample_dir, browser, tmp_path):
    """The dashboard's cache is keyed by the publication: a correction published while a reader has the page
    open is what the next load shows, with the new publication time."""
    from answer_warehouse import reader_login

    migrated_db_url = kien_giang_built_url
    _publish_kien_giang(migrated_db_url, sample_dir, tmp_path, built=True)
    reader, name = reader_login(migrated_db_url)
    try:
        with _serving(reader) as base:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
            _open(page, base, "Bảng điểm tỉnh")
            assert _metric(page, "Hồ sơ đúng hạn – cấp xã") == "96,91 %"

            _publish_kien_giang(migrated_db_url, sample_dir, tmp_path, on_time="97,50")
            published = time.monotonic()
            page.reload()
            _open(page, base, "Bảng điểm tỉnh")
            page.wait_for_function(
                """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
                         .some(e => e.innerText.trim() === '97,5 %')""",
                timeout=30_000,
            )
            seen = time.monotonic() - published
            assert _metric(page, "Hồ sơ đúng hạn – cấp xã") == "97,5 %"
            with psycopg.connect(migrated_db_url) as conn:
                latest = conn.execute("select max(published_at) from pardw_meta.publication").fetchone()[0]
            assert page.get_by_text("Số liệu công bố lúc").first.inner_text().strip() == fmt_published(latest)
            print(f"publication visible {seen:.1f} s after publish() returned")
            assert seen < 30
    finally:
        with psycopg.connect(migrated_db_url, autocommit=True) as conn:
            conn.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = %s", (name,))
            conn.execute(f"drop role if exists {name}")
