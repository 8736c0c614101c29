"""Parsing under a time and memory budget: one hostile file must not stall or sink a whole ingest.

The parser runs in a long-lived child process (forked once, reused for every file). The parent
waits at most ``timeout`` seconds per file; past that the child is killed, the file is quarantined
as ``parse_timeout`` and a fresh child takes the next file. The child's address space is capped
(``RLIMIT_AS``: what it had at start plus ``memory_mb``), so a file whose records would need
gigabytes fails there with ``too_complex`` instead of taking the machine down.

The child never outlives the ingest, and holds none of its resources: it leads its own process
group (killed whole, with what it started, at a timeout), gets a parent-death signal (a ``kill -9``
of the ingest kills it too), and replaces every socket it inherited by ``/dev/null`` (the ingest's
warehouse connection above all: a forked copy of it kept a killed ingest's session, and its locks,
alive), and its standard input and output too.

Regular expressions run in C and cannot be interrupted from Python, so a cooperative deadline
would not do: a process boundary is the only budget that always holds. ``timeout <= 0`` parses
in-process without a budget (used where forking is impossible).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import stat
import sys
import time
from multiprocessing.connection import Connection

from pardw import procs
from pardw.parse.records import ParsedReport, UnreadableReport

log = logging.getLogger(__name__)


def _vm_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _cap_memory(memory_mb: int) -> None:  # pragma: no cover - runs in the child
    if memory_mb <= 0:
        return
    try:
        import resource

        limit = _vm_bytes() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        _CAPPED[0] = True
    except (ImportError, ValueError, OSError):
        pass


_CAPPED = [False]  # the child's address space is capped (set in the child only)
# what C code says when an allocation failed and it did not set MemoryError (seen under RLIMIT_AS)
_UNSET = "error return without exception set"


def _shed_descriptors(keep: int) -> None:  # pragma: no cover - runs in the child
    """Point every inherited socket (the warehouse connection, the parent's end of the job pipe) and
    standard input and output at /dev/null; the numbers stay valid, so nothing reuses them."""
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else ():
            fd = int(name)
            if fd in (keep, null, 2):
                continue
            try:
                if fd in (0, 1) or stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.dup2(null, fd)
            except OSError:
                continue
    finally:
        os.close(null)


def rendering(data: bytes, name: str, max_bytes: int | None) -> tuple:
    """The canonical text of a file (``pardw extract --format text``): (file, format, encoding, lines,
    locators)."""
    from pardw.parse.read import read_document

    doc = read_document(data, name, max_bytes=max_bytes)
    rendered = doc.render()
    return doc.file, doc.format, doc.encoding, list(rendered.lines), list(rendered.locators)


def _answer(job: tuple) -> tuple:  # pragma: no cover - runs in the child
    """The reply to one file: ("ok", result, encoding), ("unreadable", reason, message) or ("error", ...).
    A job is (data, name, max_bytes) to parse, or (data, name, max_bytes, "text") to render."""
    from pardw.parse.report import parse_bytes

    data, name, max_bytes, *what = job
    try:
        if what == ["text"]:
            return ("ok", rendering(data, name, max_bytes), None)
        report, encoding = parse_bytes(data, name, max_bytes=max_bytes)
        return ("ok", report, encoding)
    except UnreadableReport as exc:
        return ("unreadable", exc.reason, exc.message)
    except MemoryError:
        return ("unreadable", "too_complex", "the parser ran out of its memory budget on this file")
    except RecursionError:
        return ("unreadable", "too_complex", "the file nests deeper than the parser allows")
    except SystemError as exc:
        if _CAPPED[0] and _UNSET in str(exc):  # an allocation in C code failed at the cap: the same as MemoryError
            return ("unreadable", "too_complex", "the parser ran out of its memory budget on this file")
        return ("error", type(exc).__name__, str(exc)[:500])
    except Exception as exc:
        return ("error", type(exc).__name__, str(exc)[:500])


def _serve(conn: Connection, memory_mb: int, parent: int) -> None:  # pragma: no cover - runs in the child
    procs.die_with_parent(signal.SIGKILL, parent)
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    _shed_descriptors(conn.fileno())
    _cap_memory(memory_mb)
    from pardw.parse.readers import ocr

    ocr.PROGRESS = lambda page, total: conn.send(("page", page, total))  # each scanned page: its own budget
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        except MemoryError:  # the file itself does not fit in the budget
            conn.send(("unreadable", "too_complex", "the file does not fit in the parser's memory budget"))
            return
        if job is None:
            return
        conn.send(_answer(job))


class _WorkerDied(Exception):
    """The worker process died while it held a file."""


class ParseWorker:
    """Parses one file at a time in a child process, with a per-file time budget."""

    def __init__(self, timeout: float, memory_mb: int = 0, page_seconds: float | None = None, progress=None):
        from pardw.config import ocr_page_seconds

        self.timeout = timeout
        self.memory_mb = memory_mb
        # a scanned page being OCR'd adds its own budget to the file's (PARDW_OCR_PAGE_SECONDS)
        self.page_seconds = ocr_page_seconds() if page_seconds is None else page_seconds
        self.progress = progress  # called with (file name, page, pages) as each scanned page is OCR'd
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._disabled = timeout <= 0

    def _start(self) -> None:
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        ctx = multiprocessing.get_context(method)
        parent, child = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_serve, args=(child, self.memory_mb, os.getpid()), name="pardw-parse", daemon=True)
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent

    def _kill(self) -> None:
        if self._proc is not None:
            if self._proc.pid and self._proc.is_alive():
                procs.kill_group(self._proc.pid)  # the worker and whatever it started in its group
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def parse(self, data: bytes, name: str, max_bytes: int | None) -> tuple[ParsedReport, str]:
        """Like ``parse_bytes``; raises UnreadableReport (including ``parse_timeout`` and ``too_complex``)."""
        from pardw.parse.report import parse_bytes

        return self._run((data, name, max_bytes), lambda: parse_bytes(data, name, max_bytes=max_bytes))

    def render(self, data: bytes, name: str, max_bytes: int | None) -> tuple:
        """:func:`rendering` under the same time and memory budget as :meth:`parse`."""
        return self._run((data, name, max_bytes, "text"), lambda: (rendering(data, name, max_bytes), None))[0]

    def _run(self, job: tuple, in_process):
        if not self._disabled and (self._proc is None or not self._proc.is_alive()):
            try:
                self._start()
            except (OSError, AssertionError, ValueError) as exc:  # e.g. inside a daemonic process
                log.warning("cannot start a parse worker (%s): parsing in-process, without a time budget", exc)
                self._disabled = True
        if self._disabled:
            return in_process()
        try:
            reply = self._exchange(job)
        except _WorkerDied:  # once more in a fresh worker: it may have been killed from outside (OOM killer)
            self._start()
            try:
                reply = self._exchange(job)
            except _WorkerDied:
                raise UnreadableReport(
                    "too_complex", "the parser process died on this file, twice (memory budget exceeded)"
                ) from None
        kind = reply[0]
        if kind == "ok":
            return reply[1], reply[2]
        if kind == "unreadable":
            raise UnreadableReport(reply[1], reply[2])
        raise RuntimeError(f"{reply[1]}: {reply[2]}")

    def _exchange(self, job: tuple) -> tuple:
        """Send one file to the child and wait for its reply, within the time budget."""
        assert self._conn is not None
        died = _WorkerDied()
        try:
            self._conn.send(job)
        except (OSError, EOFError):  # the idle child stopped reading: it could not hold the file
            self._kill()
            raise died from None
        deadline = time.monotonic() + self.timeout
        pages = 0
        while True:
            try:
                ready = self._conn.poll(max(deadline - time.monotonic(), 0.0))
            except (OSError, EOFError):
                ready = False
            if not ready:
                alive = self._proc is not None and self._proc.is_alive()
                self._kill()
                if alive:
                    ocr = f" and {self.page_seconds:g} s for each of the {pages} scanned page(s) OCR'd" if pages else ""
                    raise UnreadableReport(
                        "parse_timeout",
                        f"the parser did not finish within {self.timeout:g} s{ocr}; the rest of the batch goes on",
                    )
                raise died
            try:
                reply = self._conn.recv()
            except (EOFError, OSError):
                self._kill()
                raise died from None
            if reply[0] != "page":
                return reply
            pages += 1  # a scanned page starts its OCR: it has its own budget
            deadline = time.monotonic() + self.timeout + self.page_seconds
            if self.progress is not None:
                self.progress(job[1], reply[1], reply[2])

    def close(self) -> None:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(None)
                self._proc.join(2)
            except (OSError, EOFError):
                pass
        self._kill()

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
