"""A real browser on the real server: `streamlit run` on 127.0.0.1, Debian's chromium driven by Playwright
(no browser download), every page opened, Vietnamese text and key numbers checked, screenshots saved."""

from __future__ import annotations

import socket
import time
import urllib.request
from pathlib import Path

import pytest

from pardw.dashboard import serve

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
    port = _free_port()
    proc = serve.start(reader_url, port)
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
    assert _metric(page, "Trung vị toàn quốc") == "96,91 %"
    assert _metric(page, "Số đơn vị có số liệu") == "1/63"
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
    page.screenshot(path=shots / "rankings.png", full_page=True)

    _open(page, f"{server}/trends", "Xu hướng qua sáp nhập")
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
    unit = page.locator('[data-testid="stSelectbox"] input').first
    assert unit.input_value() == "An Giang (gồm An Giang, Kiên Giang)"
    page.screenshot(path=shots / "trends.png", full_page=True)

    _open(page, f"{server}/quality", "Chất lượng dữ liệu")
    assert _metric(page, "Cảnh báo") == "8"
    assert _metric(page, "Phát hiện chặn công bố") == "0"
    published = page.get_by_text("Mọi báo cáo đã nạp đều đã được công bố")
    published.first.wait_for(timeout=30_000)  # below two tables: it may render after the metrics
    assert published.count() == 1
    page.screenshot(path=shots / "quality.png", full_page=True)

    _open(page, f"{server}/coverage", "Độ phủ báo cáo")
    assert _metric(page, "Đơn vị có báo cáo") == "3/63"
    page.screenshot(path=shots / "coverage.png", full_page=True)

    assert sorted(p.name for p in shots.iterdir()) == [
        "coverage.png", "quality.png", "rankings.png", "scorecard.png", "trends.png"
    ]  # fmt: skip
    assert all(p.stat().st_size > 20_000 for p in shots.iterdir())
    print(f"screenshots: {shots}")
