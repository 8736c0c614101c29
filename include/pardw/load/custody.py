"""Custody of report files: find them without following links, read them without hanging, and move
them to ``processed/`` or ``quarantine/`` without ever overwriting another file.

* :func:`discover` lists every entry under the given paths: regular files, but also symbolic links,
  FIFOs, sockets and hidden files, so that the ingest can record why it skipped each of them.
  Links are never followed (neither to files nor into folders).
* :func:`read_regular` opens with ``O_NOFOLLOW | O_NONBLOCK`` and checks the opened descriptor, so a
  link swapped in after discovery is not followed and a FIFO never blocks the run.
* :func:`place` moves (or copies) a file under a name that is free in the target folder: the
  original name if free, else ``stem~<tag>.ext`` (tag = start of the content hash), else a counter.
  It claims the name atomically (hard link / exclusive create), so two runs cannot overwrite each
  other either. A file whose identical copy is already there (the same bytes under one of its
  candidate names: a rerun, or the same file dropped in again) is not copied a second time.
* :func:`note_path` is the ``.reason.txt`` beside a quarantined file, shortened when the file name
  is already near the file-system limit (255 bytes).
"""

from __future__ import annotations

import errno
import filecmp
import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

NAME_MAX = 255  # bytes, ext4 / xfs / tmpfs


class Skip(Exception):
    """A path that is not read as a report: ``reason`` is a stable code, ``quarantine`` says whether
    the entry itself should leave the landing folder (with ``--move``)."""

    def __init__(self, reason: str, message: str, quarantine: bool = False):
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message
        self.quarantine = quarantine


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """Every entry under the given files or folders, sorted per folder; nothing is followed."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and not path.is_symlink():
            found.extend(_walk(path))
        else:
            found.append(path)
    return found


def _walk(top: Path) -> Iterator[Path]:
    entries: list[Path] = []
    for root, dirs, files in os.walk(top, followlinks=False):
        base = Path(root)
        keep = []
        for d in dirs:
            p = base / d
            if p.is_symlink() or d.startswith("."):
                entries.append(p)  # recorded (symlink / hidden), never descended into
            else:
                keep.append(d)
        dirs[:] = keep
        entries.extend(base / f for f in files)
    yield from sorted(entries)


def classify(path: Path) -> os.stat_result:
    """The ``lstat`` of a path that may be read as a report, or :class:`Skip` saying why not."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise Skip("missing", "the path does not exist (it may have been moved by a concurrent run)") from None
    except OSError as exc:
        raise Skip("unreadable", f"cannot stat the path: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        dangling = not path.exists()
        raise Skip(
            "symlink",
            f"a symbolic link to {target!r}{' (dangling)' if dangling else ''}: links are not followed;"
            " copy the report itself into the landing folder",
            quarantine=True,
        )
    if path.name.startswith("."):
        raise Skip("hidden", "a hidden file or folder (name starts with '.'): not read as a report")
    if stat.S_ISDIR(st.st_mode):
        raise Skip("not_a_regular_file", "a folder given where a file was expected")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else (
            "a socket" if stat.S_ISSOCK(st.st_mode) else "a device file")  # fmt: skip
        raise Skip("not_a_regular_file", f"{kind}, not a regular file: never opened")
    if path.name.endswith(".reason.txt"):
        raise Skip("reason_note", "a quarantine reason note (.reason.txt), not a report")
    return st


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The content of a regular file, opened without following links or blocking on a FIFO;
    :class:`Skip` for what cannot be read (reasons ``unreadable``, ``symlink``, ``not_a_regular_file``,
    ``too_large``)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Skip("symlink", "became a symbolic link while being read: not followed", quarantine=True) from None
        if exc.errno == errno.ENOENT:
            raise Skip("missing", "the file disappeared before it could be read") from None
        raise Skip("unreadable", f"the file cannot be read: {exc.strerror or exc}", quarantine=True) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Skip("not_a_regular_file", "not a regular file: never read")
        if st.st_size > max_bytes:
            raise Skip("too_large", f"{st.st_size:,} bytes is over the limit of {max_bytes:,} bytes", quarantine=True)
        chunks = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError as exc:
                raise Skip("unreadable", f"read error: {exc.strerror or exc}", quarantine=True) from None
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:  # grew while being read
                raise Skip("too_large", f"over the limit of {max_bytes:,} bytes", quarantine=True)
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _fit(name: str, limit: int = NAME_MAX) -> str:
    """``name`` shortened (keeping its suffix) so that it fits in ``limit`` bytes of UTF-8."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    room = limit - len(suffix.encode("utf-8"))
    out = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return out + suffix


def _candidates(name: str, tag: str) -> Iterator[str]:
    yield _fit(name, NAME_MAX - 16)  # room for the reason note's suffix
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    for n in range(1, 10_000):
        extra = f"~{tag}" + (f"-{n}" if n > 1 else "")
        yield _fit(stem, NAME_MAX - 16 - len((extra + suffix).encode("utf-8"))) + extra + suffix


def note_path(target: Path) -> Path:
    """The reason note beside ``target`` (``<name>.reason.txt``), shortened to fit the name limit."""
    return target.with_name(_fit(target.name, NAME_MAX - len(".reason.txt")) + ".reason.txt")


def place(src: Path, folder: Path, *, move: bool, tag: str) -> Path:
    """Move or copy ``src`` (a link itself, never its target) into ``folder`` under a free name; never
    overwrites. Raises OSError when it cannot."""
    folder.mkdir(parents=True, exist_ok=True)
    for candidate in _candidates(src.name, tag):
        target = folder / candidate
        if _identical(src, target):  # already there (a rerun on the same bytes): no second copy
            if move:
                os.unlink(src)
            return target
        if move:
            if _move_to(src, target):
                return target
            continue
        try:
            _copy_exclusive(src, target)
        except FileExistsError:
            continue
        return target
    raise FileExistsError(errno.EEXIST, "no free name in the target folder", str(folder / src.name))


def _move_to(src: Path, target: Path) -> bool:
    """Move ``src`` to ``target`` if that name is free (False when it is taken)."""
    try:
        os.link(src, target, follow_symlinks=False)  # claims the name atomically
    except FileExistsError:
        return False
    except OSError as exc:  # no hard links here (another file system, protected_hardlinks, ...)
        if os.path.lexists(target):
            return False
        if exc.errno != errno.EXDEV:
            os.rename(src, target)  # the name was free a moment ago
            return True
        if src.is_symlink():
            os.symlink(os.readlink(src), target)
        else:
            _copy_exclusive(src, target)
    os.unlink(src)
    return True


def _identical(src: Path, target: Path) -> bool:
    """True when ``target`` exists and holds what ``src`` holds (for links: points where it points)."""
    try:
        if not os.path.lexists(target):
            return False
        if src.is_symlink() or target.is_symlink():
            return src.is_symlink() and target.is_symlink() and os.readlink(src) == os.readlink(target)
        return filecmp.cmp(src, target, shallow=False)
    except OSError:
        return False


def _copy_exclusive(src: Path, target: Path) -> None:
    with open(src, "rb") as fin, open(target, "xb") as fout:
        shutil.copyfileobj(fin, fout)
    shutil.copystat(src, target)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
