"""Issue 25/26: stopping `pardw dashboard` stops its Streamlit server; no orphan keeps the port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from pardw.config import PROJECT_ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def _gone(pid: int, timeout: float = 20) -> bool:
    """True once the process has exited entirely: no /proc entry, or a zombie whose threads have all
    exited too. A killed multi-threaded process (Streamlit: tornado's loop, the script runner) shows
    its leader as a zombie while its other threads are still exiting, and those still hold its files
    (the listening socket) until the last one is done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:
            return True
        if state == "Z" and threads == [str(pid)]:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "kill-9"])
def test_stopping_pardw_dashboard_stops_its_server(stop):
    port = _free_port()
    script = textwrap.dedent(f"""
        import sys
        from pardw.dashboard.serve import serve
        sys.exit(serve("postgresql://reader:x@127.0.0.1:1/pardw", {port}))
    """)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "include")}
    parent = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    server = None
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            assert parent.poll() is None and time.monotonic() < deadline, "streamlit did not start"
            time.sleep(0.3)
        [server] = _children(parent.pid)
        os.kill(parent.pid, stop)
        parent.wait(30)
        assert _gone(server), "the Streamlit server outlived pardw dashboard"
        assert _port_free(port)
    finally:
        if parent.poll() is None:
            parent.kill()
        if server and not _gone(server, 1):
            with contextlib.suppress(ProcessLookupError):
                os.kill(server, signal.SIGKILL)
