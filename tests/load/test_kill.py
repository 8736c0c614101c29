"""Issue 26, 1 and 7: a killed ingest hangs nothing. Children die with their parent and hold none of
its descriptors; LibreOffice killed at its time budget leaves no process and no folder; every session
has time limits; a killed run's session is ended by the next run; and a short kill -9 campaign (every
target once) ends with the next ingest complete, nothing lost or loaded twice, no process left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from pardw import procs
from pardw.config import PROJECT_ROOT, settings
from pardw.db import session

KIEN_GIANG = "000_d49b38bb6fe27dd3.txt"


def _gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def _sockets(pid: int) -> set[str]:
    out = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:"):
            out.add(target)
    return out


def test_parse_worker_holds_no_warehouse_connection_and_dies_with_a_killed_ingest(migrated_db_url, sample_dir):
    script = textwrap.dedent(f"""
        import os, sys, time, psycopg
        from pardw.load.parse_worker import ParseWorker
        conn = psycopg.connect({migrated_db_url!r})          # connected first, as ingest is
        conn.execute("begin"); conn.execute("select pg_advisory_xact_lock(2626)")
        worker = ParseWorker(timeout=60)
        worker.parse(open({str(sample_dir / KIEN_GIANG)!r}, "rb").read(), "a.txt", None)
        print(worker._proc.pid, os.readlink(f"/proc/self/fd/{{conn.fileno()}}"), flush=True)
        time.sleep(600)
    """)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "include")}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
    try:
        worker_pid, warehouse_socket = proc.stdout.readline().split()
        worker = int(worker_pid)
        assert warehouse_socket.startswith("socket:")
        assert warehouse_socket not in _sockets(worker)  # the forked worker does not hold the connection
        assert os.getpgid(worker) == worker  # it leads its own process group
        os.kill(proc.pid, signal.SIGKILL)  # the ingest dies without any clean-up
        proc.wait(10)
        assert _gone(worker), "the parse worker outlived its killed parent"
        # the session (and its lock) went with the client: the next run can take the lock at once
        with session.connect(migrated_db_url, "test", replace(settings(), lock_timeout=10)) as conn:
            conn.execute("select pg_advisory_lock(2626)")
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_stale_session_of_a_dead_client_is_ended_by_the_next_run(migrated_db_url):
    from pardw.db.logins import role_url

    loader = role_url(migrated_db_url, replace(settings(), warehouse_url=None), "loader")  # as ingest runs
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that no longer exists: the client of a "killed run"
    stale = psycopg.connect(loader, application_name=session.application_name("ingest", dead.pid))
    stale.execute("select pg_advisory_xact_lock(2627)")  # holds the lock inside an open transaction
    alive = session.connect(loader, "ingest")  # a live session of this process is left alone
    other = psycopg.connect(migrated_db_url, application_name=session.application_name("ingest", dead.pid))
    try:
        with session.connect(loader, "ingest") as conn:
            ended = session.end_stale_sessions(conn)
            assert ended == [session.application_name("ingest", dead.pid)]
            conn.execute("select pg_advisory_xact_lock(2627)")  # free now
            assert conn.execute("select current_user").fetchone() == ("pardw_loader",)  # its role again
        assert not alive.closed and alive.execute("select 1").fetchone() == (1,)
        assert other.execute("select 1").fetchone() == (1,)  # another login's session: not ours to end
    finally:
        for c in (stale, alive, other):
            c.close()


def test_a_lock_wait_is_an_error_with_a_message_not_a_hang(migrated_db_url):
    holder = psycopg.connect(migrated_db_url)
    holder.execute("select pg_advisory_xact_lock(2628)")
    try:
        cfg = replace(settings(), lock_timeout=1)
        with session.connect(migrated_db_url, "test", cfg) as conn:
            started = time.monotonic()
            with pytest.raises(psycopg.errors.LockNotAvailable, match="lock timeout"):
                conn.execute("select pg_advisory_xact_lock(2628)")
            assert time.monotonic() - started < 10
            conn.rollback()
            assert conn.execute("show statement_timeout").fetchone() == ("1h",)
            assert conn.execute("show idle_in_transaction_session_timeout").fetchone() == ("10min",)
    finally:
        holder.close()


def _doc_bytes(sample_dir: Path) -> bytes:
    from pardw.bench.kill import _to_doc
    from pardw.bench.render import text_to_docx

    doc = _to_doc(text_to_docx((sample_dir / KIEN_GIANG).read_text(encoding="utf-8")), Path(tempfile.gettempdir()))
    assert doc is not None
    return doc


def test_libreoffice_killed_at_its_time_budget_leaves_no_process_and_no_folder(sample_dir, monkeypatch):
    from pardw.parse.readers.word97 import read_doc, soffice
    from pardw.parse.records import UnreadableReport

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui")
    data = _doc_bytes(sample_dir)
    monkeypatch.setenv("PARDW_CONVERT_TIMEOUT", "1")  # a fresh profile alone takes longer than 1 s
    mark = f"pardw-test-{os.getpid()}-{time.monotonic_ns()}"
    monkeypatch.setenv("KILL_TEST_MARK", mark)
    with pytest.raises(UnreadableReport) as info:
        read_doc(data, "slow.doc")
    assert info.value.reason == "convert_failed" and "in 1 s" in info.value.message
    assert procs.processes_mentioning(mark, "environ") == []  # no soffice.bin left running
    assert list(Path(tempfile.gettempdir()).glob(f"pardw-doc-{os.getpid()}-*")) == []


def test_a_dead_owners_libreoffice_folder_and_process_are_swept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / f"pardw-doc-{dead.pid}-abc"
    folder.mkdir()
    (folder / "profile").mkdir()
    orphan = subprocess.Popen(  # a process that "works in" the folder (its command line names it)
        [sys.executable, "-c", "import time; time.sleep(300)", str(folder)], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 30  # the child names the folder once it has exec'd python, not at its fork
        while orphan.pid not in procs.processes_mentioning(str(folder)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert procs.sweep_stale("pardw-doc-", root=str(tmp_path)) == 1
        assert not folder.exists()
        assert orphan.wait(10) == -signal.SIGKILL
    finally:
        if orphan.poll() is None:
            orphan.kill()


def test_a_zombie_owners_folder_is_swept(tmp_path):
    """A worker whose ingest was killed is reparented; where PID 1 does not reap (a CI container) it
    stays a zombie. It holds nothing: its folder goes at the next sweep."""
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])  # exits; not waited for: a zombie
    deadline = time.monotonic() + 30
    while not _gone(zombie.pid, 0.1) and time.monotonic() < deadline:
        pass
    folder = tmp_path / f"pardw-doc-{zombie.pid}-abc"
    folder.mkdir()
    try:
        assert Path(f"/proc/{zombie.pid}").exists()  # still in the process table
        assert procs.sweep_stale("pardw-doc-", root=str(tmp_path)) == 1
        assert not folder.exists()
    finally:
        zombie.wait()


def test_kill_9_campaign_every_target_once(tmp_path):
    """ingest, its parse worker, LibreOffice, its PostgreSQL session, the server: after each kill the
    next ingest completes within the bound, nothing is lost or loaded twice, no process is left."""
    from pardw.bench.kill import TARGETS, run_campaign
    from pardw.parse.readers.word97 import soffice

    targets = TARGETS if soffice() else tuple(t for t in TARGETS if t != "soffice")
    results = run_campaign(tmp_path, len(targets), seed=7, targets=targets, n_text=6, n_docx=1,
                           n_doc=1 if soffice() else 0, bound_s=120)  # fmt: skip
    report = [(r.target, r.killed, r.second_exit, r.lost, r.duplicated, r.processes_left, r.temp_folders_left,
               r.stale_sessions, r.left_in_landing, r.uncommitted_in_processed) for r in results]  # fmt: skip
    assert [r for r in results if not r.ok] == [], report
    assert all(r.second_s < 120 for r in results)
    assert sum(r.loaded + r.quarantined for r in results) == sum(r.files for r in results)
