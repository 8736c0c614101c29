"""Child processes that die with their parent and leave nothing behind.

Every program pardw starts (LibreOffice, antiword, Tesseract, the dashboard's Streamlit server, the
parse worker) is started through here or follows the same three rules:

* **its own process group**, which the parent kills (``SIGKILL`` to the whole group) when the child's
  time budget is over, when the parent is interrupted, and after the child exits (stragglers);
* **a parent-death signal** (Linux ``prctl(PR_SET_PDEATHSIG)``): if the parent is killed with
  ``kill -9`` and cannot clean up, the kernel kills the child;
* **no inherited descriptors** but the ones it needs: ``close_fds`` (the warehouse connection, the
  parent's pipes and log files stay in the parent), standard input from ``/dev/null``.

A program whose launcher forks the real work (LibreOffice's ``soffice`` script runs ``oosplash``,
which forks ``soffice.bin``) is started at the real binary, so that the signal reaches the process
that holds the memory. Temporary folders are named ``<prefix><pid>-…``: :func:`sweep_stale` removes
those whose owner died (and kills any process still working in them), so a run killed at any point
leaves nothing for longer than the next run.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_LIBC = None
if sys.platform.startswith("linux"):  # loaded once here: nothing is loaded between fork and exec
    try:
        _LIBC = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover
        _LIBC = None


def die_with_parent(sig: int = signal.SIGKILL, parent: int | None = None) -> None:
    """Ask the kernel to send ``sig`` to this process when its parent dies (Linux; elsewhere a no-op).
    ``parent``: the pid the caller expects as parent; if it already died, exit now."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _preexec(parent: int):
    def child() -> None:  # between fork and exec: async-signal-safe calls only
        die_with_parent(signal.SIGKILL, parent)

    return child


def popen(cmd: list[str], **kwargs) -> subprocess.Popen:
    """``subprocess.Popen`` in a new process group (session) that dies with this process, with no
    inherited descriptors and standard input from /dev/null unless given."""
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    kwargs["close_fds"] = True
    kwargs["start_new_session"] = True
    if _LIBC is not None:
        kwargs["preexec_fn"] = _preexec(os.getpid())
    return subprocess.Popen(cmd, **kwargs)


def kill_group(proc: subprocess.Popen | int) -> None:
    """SIGKILL to the child's whole process group (the child leads it); gone already is fine."""
    pid = proc if isinstance(proc, int) else proc.pid
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def run(cmd: list[str], *, timeout: float, env: dict[str, str] | None = None,
        cwd: str | Path | None = None) -> subprocess.CompletedProcess:  # fmt: skip
    """Run a program with captured output and a time budget. On timeout (or any interruption) the
    program's whole process group is killed and reaped before ``TimeoutExpired`` propagates."""
    proc = popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        kill_group(proc)
        proc.communicate()
        raise
    kill_group(proc)  # anything the program left running in its group
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def real_binary(launcher: str) -> str:
    """The program a launcher script runs: LibreOffice's ``soffice`` -> ``soffice.bin`` beside it."""
    resolved = Path(launcher).resolve()
    candidate = resolved.with_name(resolved.name + ".bin")
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else launcher


# -- temporary folders that name their owner ------------------------------------------------


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs. A zombie (dead, not yet reaped: its parent was killed and PID 1 of a
    container may never reap it) is not alive: it holds no folder and does no work."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except FileNotFoundError:
        return False
    except OSError:
        pass  # no /proc: ask the kernel
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def owned_tempdir(prefix: str) -> Iterator[str]:
    """A temporary folder ``<prefix><pid>-xxxx`` removed on exit; a folder left by a killed owner is
    removed by the next :func:`sweep_stale` of the same prefix."""
    sweep_stale(prefix)
    with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-") as tmp:
        yield tmp


def sweep_stale(prefix: str, root: str | None = None) -> int:
    """Remove ``<prefix><pid>-*`` folders whose owner process is gone, first killing any process that
    still works in one (its command line names the folder). Returns the number of folders removed."""
    base = Path(root or tempfile.gettempdir())
    removed = 0
    try:
        entries = [p for p in base.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return 0
    for path in entries:
        owner = path.name[len(prefix) :].split("-", 1)[0]
        if not owner.isdigit() or _alive(int(owner)):
            continue
        for pid in processes_mentioning(str(path)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed


def processes_mentioning(text: str, where: str = "cmdline") -> list[int]:
    """Pids of the processes whose command line (or ``where="environ"``: environment) contains ``text``."""
    needle = text.encode()
    found = []
    me = os.getpid()
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            with open(f"/proc/{entry.name}/{where}", "rb") as fh:
                if needle in fh.read():
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


__all__ = [
    "die_with_parent",
    "kill_group",
    "owned_tempdir",
    "popen",
    "processes_mentioning",
    "real_binary",
    "run",
    "sweep_stale",
]
