"""Start the Streamlit server for the dashboards on 127.0.0.1 (``pardw dashboard``)."""

from __future__ import annotations

import os
import subprocess
import sys

from pardw.dashboard import APP_PATH
from pardw.dashboard.queries import URL_ENV, dashboard_url


def streamlit_command(port: int, address: str = "127.0.0.1", headless: bool = True) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.address", address, "--server.port", str(port),
        "--server.headless", str(headless).lower(), "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--global.developmentMode", "false", "--client.toolbarMode", "viewer",
    ]  # fmt: skip


def dashboard_env(url: str | None) -> dict[str, str]:
    """The server's environment: the reader URL travels in PARDW_DASHBOARD_URL, never on the command line."""
    env = dict(os.environ)
    env[URL_ENV] = dashboard_url(url)
    return env


def start(url: str | None, port: int, headless: bool = True) -> subprocess.Popen:
    return subprocess.Popen(streamlit_command(port, headless=headless), env=dashboard_env(url))


def serve(url: str | None, port: int) -> int:
    """Run the server in the foreground until interrupted; returns its exit code."""
    proc = start(url, port)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()
