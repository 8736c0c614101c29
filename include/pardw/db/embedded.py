"""An embedded PostgreSQL under the state folder: 16 from the ``pgserver`` wheel, or any installed
PostgreSQL 14-17 when ``PARDW_PG_BIN_DIR`` names its ``bin`` folder (Debian: /usr/lib/postgresql/15/bin).

PostgreSQL refuses to run as root; when invoked as root the server runs as the
system user ``pardw`` (created on first use). It listens on TCP 127.0.0.1 only.

The server is crash-safe by default (``fsync``, ``synchronous_commit`` and
``full_page_writes`` at PostgreSQL's defaults): a commit the loader was told about
survives a ``kill -9`` or a power cut, and only then does a file move to ``processed/``.
``PARDW_PG_UNSAFE_FAST=1`` turns the three off for throwaway benchmark servers; the
benchmark says so in its results, and the server log records it at start.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

from pardw.config import Settings, settings

DB_NAME = "pardw"
SUPERUSER = "postgres"
SERVICE_USER = "pardw"


def _pg_bin() -> Path:
    configured = settings().pg_bin_dir
    if configured:
        return configured
    import pgserver

    return Path(pgserver.__file__).resolve().parent / "pginstall" / "bin"


def unsafe_fast() -> bool:
    """True when PARDW_PG_UNSAFE_FAST asks for a server without crash safety (benchmarks only)."""
    return settings().pg_unsafe_fast


def _mode() -> str:
    return "unsafe-fast" if unsafe_fast() else "durable"


def _write_private(path: Path, text: str) -> None:
    """Create ``path`` with mode 0600 from the start (O_EXCL: never through an existing file or link)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)  # whatever the umask


class EmbeddedPostgresError(RuntimeError):
    pass


def _state(pid: int) -> str | None:
    """The process state letter from /proc (None when the process is gone or /proc is absent)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _zombie(pid: int) -> bool:
    return _state(pid) in ("Z", "X")


def _exited(pid: int) -> bool:
    """True when ``pid`` has exited: gone, or a zombie. Without /proc (not Linux) only a pid that
    ``kill(pid, 0)`` does not find counts, as pg_ctl counts it."""
    if os.path.isdir("/proc/self"):
        return _state(pid) in (None, "Z", "X")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class EmbeddedPostgres:
    def __init__(self, cfg: Settings | None = None, bin_dir: Path | None = None):
        self.cfg = cfg or settings()
        self.bin_dir = bin_dir or _pg_bin()
        if not (self.bin_dir / "pg_ctl").exists():
            raise EmbeddedPostgresError(f"no PostgreSQL binaries (pg_ctl) in {self.bin_dir}")
        self.data_dir = self.cfg.pg_data_dir
        self.port_file = self.cfg.home / "pg_port"
        # the port this server was last started on wins over the configured one
        self.port = int(self.port_file.read_text()) if self.port_file.exists() else self.cfg.pg_port
        self.log_file = self.cfg.home / "postgres.log"
        self.mode_file = self.cfg.home / "pg_mode"  # "durable" or "unsafe-fast": how the server was started

    # -- helpers ---------------------------------------------------------
    def _as_service_user(self) -> tuple[int, int] | None:
        if os.geteuid() != 0:
            return None
        try:
            entry = pwd.getpwnam(SERVICE_USER)
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER],
                check=True,
                capture_output=True,
            )
            entry = pwd.getpwnam(SERVICE_USER)
        return entry.pw_uid, entry.pw_gid

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
        ids = self._as_service_user()

        def demote() -> None:  # runs in the child before exec
            if ids:
                os.setgid(ids[1])
                os.setuid(ids[0])

        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C.UTF-8"
        proc = subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            preexec_fn=demote,
            capture_output=True,
            text=True,
            env=env,
            cwd="/",
        )
        if check and proc.returncode != 0:
            raise EmbeddedPostgresError(
                f"{args[0]} failed (exit {proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}"
            )
        return proc

    def _prepare_dirs(self) -> None:
        self.cfg.home.mkdir(parents=True, exist_ok=True)
        ids = self._as_service_user()
        if ids:
            for path in (self.cfg.home, self.data_dir):
                path.mkdir(parents=True, exist_ok=True)
                shutil.chown(path, ids[0], ids[1])
            self.log_file.touch(exist_ok=True)
            shutil.chown(self.log_file, ids[0], ids[1])
            # the service user must be able to traverse to the state folder
            for parent in self.cfg.home.parents:
                if parent == Path("/"):
                    break
                mode = parent.stat().st_mode
                if not mode & 0o001:
                    os.chmod(parent, mode | 0o001)

    # -- lifecycle -------------------------------------------------------
    @property
    def initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    @property
    def password_file(self) -> Path:
        return self.cfg.home / "pg_password"

    def password(self) -> str:
        """The superuser password, generated at initialisation and kept in the state folder (mode 600
        from its creation: never readable by others, not even for a moment)."""
        if not self.password_file.exists():
            self.cfg.home.mkdir(parents=True, exist_ok=True)
            _write_private(self.password_file, secrets.token_urlsafe(18))
        return self.password_file.read_text(encoding="utf-8").strip()

    def init(self) -> None:
        self._prepare_dirs()
        if self.initialised:
            return
        pwfile = self.data_dir.parent / ".initdb_pw"
        pwfile.unlink(missing_ok=True)
        _write_private(pwfile, self.password())
        ids = self._as_service_user()
        if ids:
            shutil.chown(pwfile, ids[0], ids[1])
        previous = os.umask(0o077)  # initdb and everything it writes: for the owner only
        try:
            self._run(
                ["initdb", "-D", str(self.data_dir), "-U", SUPERUSER, f"--pwfile={pwfile}", "--auth-local=trust",
                 "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"]
            )  # fmt: skip
        finally:
            os.umask(previous)
            pwfile.unlink(missing_ok=True)

    def _postmaster_pid(self) -> int | None:
        """The pid the server's lock file ``postmaster.pid`` names (None without one)."""
        try:
            first = (self.data_dir / "postmaster.pid").read_text(encoding="utf-8").split("\n", 1)[0].strip()
        except OSError:
            return None
        return int(first) if first.isdigit() else None

    def _postmaster_exited(self) -> bool:
        """True when the lock file names a postmaster that has exited but is not reaped yet (a zombie:
        killed with ``kill -9``, its parent is init, which may reap it seconds later). ``pg_ctl status``
        and the next postmaster (its lock-file check) still count such a process as running."""
        pid = self._postmaster_pid()
        return pid is not None and _exited(pid)

    def is_running(self) -> bool:
        if not self.initialised or self._postmaster_exited():
            return False
        return self._run(["pg_ctl", "status", "-D", str(self.data_dir)], check=False).returncode == 0

    @staticmethod
    def _port_busy(port: int) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            return sock.connect_ex(("127.0.0.1", port)) == 0

    @staticmethod
    def _free_port() -> int:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def start(self) -> None:
        self.init()
        if self.is_running():
            return
        self._wait_reaped()
        if self._port_busy(self.port):  # another server holds the port: take a free one and remember it
            self.port = self._free_port()
        self.port_file.write_text(str(self.port), encoding="utf-8")
        opts = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
            "-c max_connections=100 -c shared_buffers=256MB -c work_mem=32MB -c maintenance_work_mem=256MB"
        )
        if unsafe_fast():  # benchmark servers only: acknowledged commits can be lost on a crash
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.mode_file.write_text(_mode(), encoding="utf-8")
        self._start_server(opts)
        self._wait_ready()
        self._ensure_database()

    def _wait_reaped(self, timeout: float = 60.0) -> None:
        """A killed postmaster not reaped yet keeps the lock file "in use" (PostgreSQL refuses to start
        beside it): wait until its parent (init) has reaped it."""
        deadline = time.monotonic() + timeout
        while self._postmaster_exited() and (pid := self._postmaster_pid()) is not None and _zombie(pid):
            if time.monotonic() > deadline:
                raise EmbeddedPostgresError(
                    f"the previous PostgreSQL server (pid {pid}) was killed and its parent has not reaped it in"
                    f" {timeout:.0f} s: the server cannot start beside it (is the container's init reaping zombies?)"
                )
            time.sleep(0.1)

    def _start_server(self, opts: str, attempts: int = 15) -> None:
        """pg_ctl start; after a ``kill -9`` of the postmaster its backends may still hold the shared
        memory for a moment ("pre-existing shared memory block is still in use"): try again."""
        cmd = ["pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data_dir), "-l", str(self.log_file), "-o", opts]
        for attempt in range(attempts):
            proc = self._run(cmd, check=False)
            if proc.returncode == 0:
                return
            if attempt + 1 == attempts:
                raise EmbeddedPostgresError(
                    f"pg_ctl failed (exit {proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}"
                    f"; see {self.log_file}"
                )
            time.sleep(1.0)

    def stop(self) -> None:
        if self.is_running():
            self._run(["pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data_dir)])

    def ensure_running(self) -> None:
        """Start the server if needed; a server started in the other durability mode (an older
        pardw ran it with fsync off) is restarted so that the mode asked for is the mode in force."""
        if self.is_running():
            started = self.mode_file.read_text(encoding="utf-8").strip() if self.mode_file.exists() else ""
            if started == _mode():
                # a server that lost a backend (kill -9) restarts every session and recovers first:
                # wait until it accepts connections again
                self._wait_ready(timeout=120.0)
                return
            self.stop()
        self.start()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            probe = self._run(["pg_isready", "-h", "127.0.0.1", "-p", str(self.port)], check=False)
            if probe.returncode == 0:
                return
            time.sleep(0.2)
        raise EmbeddedPostgresError(
            f"PostgreSQL did not accept connections on 127.0.0.1:{self.port}; see {self.log_file}"
        )

    def _ensure_database(self) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            exists = conn.execute("select 1 from pg_database where datname = %s", (DB_NAME,)).fetchone()
            if not exists:
                conn.execute(f'create database "{DB_NAME}"')

    def url(self, database: str = DB_NAME) -> str:
        return f"postgresql://{SUPERUSER}:{self.password()}@127.0.0.1:{self.port}/{database}"

    def status(self) -> str:
        if not self.initialised:
            return f"not initialised (data folder {self.data_dir})"
        if self.is_running():
            return f"running on 127.0.0.1:{self.port} (data folder {self.data_dir})"
        return f"stopped (data folder {self.data_dir})"
