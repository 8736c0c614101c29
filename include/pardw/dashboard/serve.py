"""Start the Streamlit server for the dashboards on 127.0.0.1 (``pardw dashboard``).

The server runs in its own process group with a parent-death signal (:mod:`pardw.procs`): stopping
``pardw dashboard`` (Ctrl+C, SIGTERM, SIGHUP, or even ``kill -9``) stops the server, and no orphan
keeps holding the port."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

from pardw import procs
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
    return procs.popen(streamlit_command(port, headless=headless), env=dashboard_env(url))


def stop(proc: subprocess.Popen, grace: float = 10.0) -> int:
    """Stop the server and everything in its process group; returns its exit code."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    procs.kill_group(proc)
    return proc.wait()


def _interrupt(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def serve(url: str | None, port: int) -> int:
    """Run the server in the foreground until it exits or this process is interrupted (Ctrl+C,
    SIGTERM, SIGHUP); the server is stopped with it. Returns the server's exit code."""
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    proc = start(url, port)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return stop(proc)
    finally:
        stop(proc, grace=0)  # anything left in its group
        for sig, handler in previous.items():
            signal.signal(sig, handler)
