"""Hostile test of the ingest: ``kill -9`` at random points, then the next ingest must complete.

Each run lands fresh, distinct report files (text variants of the bundled samples, Word .docx and
Word 97 .doc made from them) in a landing folder, starts ``pardw ingest --move`` on its own embedded
PostgreSQL, and at a random moment sends ``SIGKILL`` to one target, in rotation:

* ``ingest``     the ``pardw ingest`` process itself;
* ``worker``     its parse worker;
* ``soffice``    LibreOffice converting a .doc (``soffice.bin``);
* ``backend``    the ingest's PostgreSQL session (the server then restarts every session);
* ``postmaster`` the PostgreSQL server itself (the next ``pardw`` command starts it again).

Then a second ``pardw ingest --move`` of the same folder must finish within a bound, and the run
checks what a user would: every file of the run is loaded once or quarantined with a reason (none
lost, none loaded twice), every file in ``processed/`` is committed, the landing folder is empty, no
process of either ingest is left (they carry a marker in their environment: counted through /proc),
no LibreOffice temporary folder of a dead process is left, and no session of a dead client stays on
the server.

``python -m pardw.bench.kill --runs 20`` (``make fuzz`` runs it); ``tests/load/test_kill.py`` runs a
short campaign in CI.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import psycopg

from pardw import procs
from pardw.config import SAMPLE_REPORTS_DIR, settings

TARGETS = ("ingest", "worker", "soffice", "backend", "postmaster")
MARK = "KILL_CAMPAIGN_MARK"


@dataclass
class RunResult:
    run: int
    target: str
    delay_s: float
    killed: bool
    files: int
    first_exit: int | None
    second_exit: int | None
    second_s: float
    loaded: int = 0
    quarantined: int = 0
    quarantined_reasons: dict[str, int] = field(default_factory=dict)
    lost: int = 0
    duplicated: int = 0
    uncommitted_in_processed: int = 0
    left_in_landing: int = 0
    processes_left: int = 0
    temp_folders_left: int = 0
    stale_sessions: int = 0

    @property
    def ok(self) -> bool:
        return (
            self.killed
            and self.second_exit in (0, 1)
            and not (self.lost or self.duplicated or self.uncommitted_in_processed or self.left_in_landing)
            and not (self.processes_left or self.temp_folders_left or self.stale_sessions)
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pardw() -> str:
    exe = Path(sys.executable).with_name("pardw")
    return str(exe) if exe.exists() else "pardw"


def _to_doc(docx: bytes, folder: Path) -> bytes | None:
    """A Word 97 .doc of a .docx, by LibreOffice (None without it)."""
    from pardw.parse.readers.word97 import soffice

    office = soffice()
    if office is None:
        return None
    with procs.owned_tempdir("pardw-bench-") as tmp:
        src = Path(tmp) / "in.docx"
        src.write_bytes(docx)
        cmd = [procs.real_binary(office), f"-env:UserInstallation=file://{tmp}/profile", "--headless",
               "--norestore", "--convert-to", "doc", "--outdir", tmp, str(src)]  # fmt: skip
        for _ in range(3):
            if procs.run(cmd, env={**os.environ, "HOME": tmp}, cwd=tmp, timeout=120).returncode != 81:
                break
        out = Path(tmp) / "in.doc"
        return out.read_bytes() if out.exists() else None


def land_files(landing: Path, run: int, n_text: int, n_docx: int, n_doc: int) -> dict[str, str]:
    """Distinct report files for one run; returns sha256 -> file name. .doc files sort first (a
    conversion is running early), then .docx, then text."""
    from pardw.bench.render import text_to_docx

    samples = sorted(SAMPLE_REPORTS_DIR.glob("*.txt"))
    landing.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}

    def put(name: str, data: bytes) -> None:
        (landing / name).write_bytes(data)
        made[hashlib.sha256(data).hexdigest()] = name

    for i in range(n_doc):
        text = samples[i % len(samples)].read_text(encoding="utf-8") + f"\nGhi chú lần chạy {run}, tệp doc {i}\n"
        doc = _to_doc(text_to_docx(text), landing)
        if doc is not None:
            put(f"a{run:03d}_{i:02d}.doc", doc)
    for i in range(n_docx):
        text = samples[i % len(samples)].read_text(encoding="utf-8") + f"\nGhi chú lần chạy {run}, tệp docx {i}\n"
        put(f"b{run:03d}_{i:02d}.docx", text_to_docx(text))
    for i in range(n_text):
        text = samples[i % len(samples)].read_text(encoding="utf-8") + f"\nGhi chú lần chạy {run}, tệp {i}\n"
        put(f"c{run:03d}_{i:02d}.txt", text.encode("utf-8"))
    return made


def _children_of(pid: int) -> list[int]:
    out = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Campaign:
    def __init__(self, workdir: Path, seed: int = 26, n_text: int = 12, n_docx: int = 2, n_doc: int = 2,
                 bound_s: float = 180.0):  # fmt: skip
        from pardw.db.embedded import EmbeddedPostgres

        self.workdir = workdir
        self.rng = random.Random(seed)
        self.n_text, self.n_docx, self.n_doc = n_text, n_docx, n_doc
        self.bound_s = bound_s
        home = workdir / "home"
        self.cfg = replace(settings(), home=home, warehouse_url=None, pg_port=_free_port(),
                           landing_dir=workdir / "landing", processed_dir=workdir / "processed",
                           quarantine_dir=workdir / "quarantine")  # fmt: skip
        self.server = EmbeddedPostgres(self.cfg)
        self.server.start()
        from pardw.db.migrate import migrate

        migrate(self.server.url())
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PARDW_")},
            "PARDW_HOME": str(home), "PARDW_PG_PORT": str(self.server.port),
            "PARDW_LANDING_DIR": str(self.cfg.landing_dir), "PARDW_PROCESSED_DIR": str(self.cfg.processed_dir),
            "PARDW_QUARANTINE_DIR": str(self.cfg.quarantine_dir), "PARDW_LOAD_BATCH": "2",
            "PARDW_LOCK_TIMEOUT": "60", "PARDW_PARSE_TIMEOUT": "120", "COLUMNS": "200",
        }  # fmt: skip

    def close(self) -> None:
        self.server.stop()

    # -- one run -----------------------------------------------------------------------
    def _ingest(self, mark: str) -> subprocess.Popen:
        return subprocess.Popen([_pardw(), "ingest", "--move", str(self.cfg.landing_dir)],
                                env={**self.env, MARK: mark}, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip

    def _victim(self, target: str, ingest: subprocess.Popen, mark: str) -> int | None:
        if target == "ingest":
            return ingest.pid
        if target == "worker":
            kids = [p for p in _children_of(ingest.pid) if "soffice" not in _cmdline(p)]
            return kids[0] if kids else None
        if target == "soffice":
            found = [p for p in procs.processes_mentioning(mark, "environ") if "soffice.bin" in _cmdline(p)]
            return found[0] if found else None
        if target == "backend":
            try:
                with psycopg.connect(self.server.url(), connect_timeout=5) as conn:
                    row = conn.execute(
                        "select pid from pg_stat_activity where application_name like %s",
                        (f"pardw ingest %:{ingest.pid}",),
                    ).fetchone()
                return row[0] if row else None
            except psycopg.Error:
                return None
        pid_file = self.cfg.pg_data_dir / "postmaster.pid"
        return int(pid_file.read_text().split()[0]) if pid_file.exists() else None

    def _server_processes(self) -> set[int]:
        pid_file = self.cfg.pg_data_dir / "postmaster.pid"
        if not pid_file.exists():
            return set()
        postmaster = int(pid_file.read_text().split()[0])
        return {postmaster, *_children_of(postmaster)}

    def run(self, k: int, target: str) -> RunResult:
        made = land_files(self.cfg.landing_dir, k, self.n_text, self.n_docx, self.n_doc)
        mark = f"kill-{uuid.uuid4().hex}"
        delay = round(self.rng.uniform(0.3, 4.0), 2)
        first = self._ingest(mark)
        started = time.monotonic()
        victim = None
        # the target at a random moment: after the delay, the first time it exists
        while first.poll() is None and time.monotonic() - started < 120:
            if time.monotonic() - started >= delay or target == "soffice":
                victim = self._victim(target, first, mark)
                if victim is not None and _alive(victim):
                    break
            time.sleep(0.02)
        killed = False
        if victim is not None and first.poll() is None:
            try:
                os.kill(victim, signal.SIGKILL)
                killed = True
            except ProcessLookupError:
                pass
        try:
            first_exit = first.wait(timeout=self.bound_s)
        except subprocess.TimeoutExpired:  # counted as a hang of the killed run
            procs.kill_group(first)
            first_exit = None
        # the next ingest: must complete within the bound
        mark2 = f"kill-{uuid.uuid4().hex}"
        t0 = time.monotonic()
        second = self._ingest(mark2)
        try:
            second_exit = second.wait(timeout=self.bound_s)
        except subprocess.TimeoutExpired:
            procs.kill_group(second)
            second_exit = None
        took = time.monotonic() - t0
        result = RunResult(k, target, delay, killed, len(made), first_exit, second_exit, round(took, 1))
        time.sleep(1.0)  # parent-death signals are delivered at once; give the kernel a moment to reap
        server = self._server_processes()  # a server the ingest (re)started is meant to stay
        result.processes_left = len(
            (set(procs.processes_mentioning(mark, "environ")) | set(procs.processes_mentioning(mark2, "environ")))
            - server
        )
        result.temp_folders_left = sum(
            1 for p in Path(tempfile.gettempdir()).glob("pardw-doc-*")
            if not _alive(int(p.name.split("-")[2])) if p.name.split("-")[2].isdigit()
        )  # fmt: skip
        self._check_files(made, result)
        return result

    def _check_files(self, made: dict[str, str], result: RunResult) -> None:
        shas = list(made)
        with psycopg.connect(self.server.url(), connect_timeout=10) as conn:
            loaded = dict(conn.execute(
                "select sha256, count(*) from raw.ingested_file where sha256 = any(%s) group by 1", (shas,)
            ).fetchall())  # fmt: skip
            documents = conn.execute(
                "select count(*) from (select d.file_id from raw.document as d join raw.ingested_file as i"
                " using (file_id) where i.sha256 = any(%s) group by 1 having count(*) > 1) as x",
                (shas,),
            ).fetchone()[0]
            reasons = conn.execute(
                "select sha256, reason from raw.ingestion_error where sha256 = any(%s)", (shas,)
            ).fetchall()
            committed = {r[0] for r in conn.execute("select sha256 from raw.ingested_file")}
            result.stale_sessions = conn.execute(
                "select count(*) from pg_stat_activity where application_name like 'pardw %'"
            ).fetchone()[0]
        quarantined = {sha: reason for sha, reason in reasons if sha not in loaded}
        result.loaded = len(loaded)
        result.duplicated = sum(1 for n in loaded.values() if n > 1) + documents
        result.quarantined = len(quarantined)
        for reason in quarantined.values():
            result.quarantined_reasons[reason] = result.quarantined_reasons.get(reason, 0) + 1
        result.lost = sum(1 for sha in shas if sha not in loaded and sha not in quarantined)
        result.left_in_landing = sum(1 for _ in self.cfg.landing_dir.iterdir())
        in_processed = [p for p in self.cfg.processed_dir.iterdir()] if self.cfg.processed_dir.exists() else []
        result.uncommitted_in_processed = sum(
            1 for p in in_processed if hashlib.sha256(p.read_bytes()).hexdigest() not in committed
        )


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def run_campaign(workdir: Path, runs: int, seed: int = 26, targets: tuple[str, ...] = TARGETS,
                 on_run=None, **kwargs) -> list[RunResult]:  # fmt: skip
    campaign = Campaign(workdir, seed=seed, **kwargs)
    results = []
    try:
        for k in range(runs):
            results.append(campaign.run(k, targets[k % len(targets)]))
            if on_run:
                on_run(results[-1])
    finally:
        campaign.close()
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=26)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="write every run's result here")
    args = ap.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pardw-kill-"))
    started = time.monotonic()
    results = run_campaign(workdir, args.runs, seed=args.seed,
                           on_run=lambda r: print(json.dumps({**asdict(r), "ok": r.ok}), flush=True))  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps([{**asdict(r), "ok": r.ok} for r in results], indent=1), encoding="utf-8")
    bad = [r.run for r in results if not r.ok]
    print(f"{len(results) - len(bad)} of {len(results)} kill -9 runs passed" + (f"; failed: {bad}" if bad else "")
          + f" ({time.monotonic() - started:.0f} s)")  # fmt: skip
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
