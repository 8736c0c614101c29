"""Ingest report files into the ``raw`` schema: idempotent, whole files per transaction.

* The same bytes ingested twice load once (sha256 of the content).
* A file is loaded whole or not at all: files go in by chunks of PARDW_LOAD_BATCH, one
  transaction and one ``COPY`` per table per chunk; a chunk the database refuses is
  retried file by file so only the offending file is quarantined.
* Bad input (empty, binary, undecodable, truncated, too large, not a report) is
  recorded in ``raw.ingestion_error`` with its reason and copied or moved to the
  quarantine folder beside a ``.reason.txt``; the rest of the batch still loads.
* Two concurrent ingests never double-load: a transaction-level advisory lock
  on the content hash plus the unique constraint on ``raw.ingested_file.sha256``.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from pardw.config import Settings, settings
from pardw.load import custody
from pardw.load.parse_worker import ParseWorker
from pardw.load.raw_columns import INGESTED_FILE_COLUMNS, RECORD_TABLES
from pardw.parse.records import ParsedReport, UnreadableReport

REASON_TEXT = {
    "empty": "empty file (tệp rỗng)",
    "binary": "binary content, not a text export of a report",
    "corrupt_docx": "a damaged Word (.docx) file",
    "not_a_docx": "a zip archive that is not a Word (.docx) or OpenDocument (.odt) file",
    "corrupt_odt": "a damaged OpenDocument text (.odt) file",
    "zip_bomb": "a compressed file that inflates far beyond any report (zip bomb)",
    "corrupt_pdf": "a damaged or unreadable PDF",
    "encrypted_pdf": "a password-protected PDF",
    "scanned_pdf": "a scanned PDF with no text layer (needs OCR)",
    "converter_missing": "no converter for Word 97–2003 (.doc) files on this machine",
    "convert_failed": "the Word 97–2003 (.doc) file could not be converted",
    "image": "an image (scan or photo), not a report document",
    "undecodable": "text encoding could not be decoded (not UTF-8, UTF-16 or Windows-1258)",
    "truncated": "file is truncated (ends in the middle of a character)",
    "too_large": "file exceeds the size limit",
    "not_a_report": "not a CCHC report (báo cáo cải cách hành chính): its heading names another document type"
    " (quyết định, kế hoạch, chỉ thị, công văn, tờ trình …) or it has no report header",
    "parse_failed": "the parser failed on this file",
    "parse_timeout": "the parser did not finish within its time budget (PARDW_PARSE_TIMEOUT)",
    "too_complex": "the file needs more memory than the parser's budget (PARDW_PARSE_MEMORY_MB)",
    "load_failed": "the database refused the parsed rows",
    "unreadable": "the file cannot be read (permissions or I/O error)",
    "symlink": "a symbolic link, not followed",
    "hidden": "a hidden file, skipped",
    "not_a_regular_file": "not a regular file (FIFO, socket, device or folder), skipped",
    "missing": "the path does not exist",
    "reason_note": "a quarantine reason note, skipped",
}
# reasons for which the entry is skipped where it lies (never moved, never copied)
SKIPPED_REASONS = frozenset({"hidden", "not_a_regular_file", "missing", "reason_note"})


@dataclass(slots=True)
class FileOutcome:
    path: Path
    status: str  # loaded | duplicate | quarantined | skipped
    sha256: str | None = None
    file_id: int | None = None
    reason: str | None = None
    message: str | None = None
    rows: int = 0
    quarantine_path: Path | None = None


@dataclass(slots=True)
class IngestSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def loaded(self) -> int:
        return self._count("loaded")

    @property
    def duplicates(self) -> int:
        return self._count("duplicate")

    @property
    def quarantined(self) -> int:
        return self._count("quarantined")

    @property
    def skipped(self) -> int:
        return self._count("skipped")

    @property
    def rows(self) -> int:
        return sum(o.rows for o in self.outcomes)

    def to_dict(self) -> dict:
        return {
            "loaded": self.loaded,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "skipped": self.skipped,
            "rows": self.rows,
            "quarantine": [
                {"file": o.path.name, "path": str(o.path), "reason": o.reason, "message": o.message, "status": o.status}
                for o in self.outcomes
                if o.status in ("quarantined", "skipped")
            ],
        }


discover = custody.discover  # every entry under the given files or folders (links, FIFOs, hidden files listed too)


# -- loading parsed files (tables, columns and rows: pardw.load.raw_columns) ----


@dataclass(slots=True)
class ParsedFile:
    """A decoded, parsed file waiting for its transaction."""

    path: Path
    sha256: str
    size: int
    encoding: str
    report: ParsedReport

    @property
    def source_path(self) -> str:
        return _source_path(self.path)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a chunk's rows are shaped and copied.

    A chunk is hundreds of thousands of flat tuples (no reference cycles), and every 700
    allocations the collector would walk the young generation, every so often the whole heap:
    in a process that has also run dbt or Airflow code, that heap is large and the loader lost
    a third of its throughput to it (docs/benchmarks.md). Nothing cyclic is created here, so
    nothing is leaked; the collector is restored as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_parsed(conn: psycopg.Connection, items: Sequence[ParsedFile]) -> dict[str, tuple[int | None, int]]:
    """Load parsed files in ONE transaction: every file whole, or none of them.

    Returns ``sha256 -> (file_id, rows)``; ``file_id`` is None for content that is already
    in ``raw`` (loaded earlier, by a concurrent run, or twice in this batch). Rows of all
    files go in with one ``COPY`` per table. Concurrent loaders serialise on transaction-level
    advisory locks taken per content hash, in a fixed order (no deadlocks), and re-check
    what is loaded once they hold them. Raises ``psycopg.Error`` with nothing written.
    """
    out: dict[str, tuple[int | None, int]] = {}
    fresh: list[ParsedFile] = []
    for item in items:
        if item.sha256 not in out:
            out[item.sha256] = (None, 0)
            fresh.append(item)
    shas = [i.sha256 for i in fresh]
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "select pg_advisory_xact_lock(h) from"
            " (select hashtextextended(s, 0) as h from unnest(%s::text[]) as s order by 1) as locks",
            (shas,),
        )
        cur.execute("select sha256 from raw.ingested_file where sha256 = any(%s)", (shas,))
        known = {r[0] for r in cur.fetchall()}
        fresh = [i for i in fresh if i.sha256 not in known]
        if not fresh:
            return out
        cur.execute(_INSERT_FILES, _file_columns(fresh))
        ids = {sha: file_id for file_id, sha in cur.fetchall()}
        file_ids = [ids[i.sha256] for i in fresh]
        with _collector_paused():
            tables, counts = shape_rows(fresh, file_ids)
            for table, (cols, data) in tables.items():
                _copy(cur, table, cols, data)
        for item, file_id, rows in zip(fresh, file_ids, counts, strict=True):
            out[item.sha256] = (file_id, rows)
    return out


def shape_rows(
    items: Sequence[ParsedFile], file_ids: Sequence[int]
) -> tuple[dict[str, tuple[Sequence[str], list[tuple]]], list[int]]:
    """Every raw row of the files, table by table (``raw.document`` first), and the number of
    rows of each file."""
    tables: dict[str, tuple[Sequence[str], list[tuple]]] = {t.table: (t.columns, []) for t in RECORD_TABLES}
    counts = []
    for item, file_id in zip(items, file_ids, strict=True):
        rows = 0
        for t in RECORD_TABLES:
            data = t.rows(file_id, t.of_report(item.report))
            tables[t.table][1].extend(data)
            rows += len(data)
        counts.append(rows)
    return tables, counts


def _file_columns(items: Sequence[ParsedFile]) -> list[list]:
    """The raw.ingested_file values of the files, one array per column of INGESTED_FILE_COLUMNS."""
    return [[column.value(i) for i in items] for column in INGESTED_FILE_COLUMNS]


_ALIASES = [f"c{n}" for n in range(len(INGESTED_FILE_COLUMNS))]
_INSERT_FILES = (  # one row per file from one array per column, in the files' order
    f"insert into raw.ingested_file ({', '.join(c.name for c in INGESTED_FILE_COLUMNS)}, status, loaded_at)"
    f" select {', '.join(_ALIASES)}, 'loaded', now()"
    f" from unnest({', '.join(f'%s::{c.array_type}[]' for c in INGESTED_FILE_COLUMNS)})"
    f" with ordinality as t({', '.join(_ALIASES)}, ord) order by ord returning file_id, sha256"
)


def _copy(cur: psycopg.Cursor, table: str, cols: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    with cur.copy(f"copy {table} ({', '.join(cols)}) from stdin") as copy:
        for row in rows:
            copy.write_row(row)


# -- files ---------------------------------------------------------------------


class Ingestor:
    """Ingests files over one connection, ``cfg.load_batch`` files per transaction.

    Each chunk of files is read, hashed and parsed; unreadable ones are quarantined at once;
    the parsed ones are loaded together by :func:`load_parsed`. If the database refuses a
    chunk, its files are retried one per transaction so that only the offending file is
    quarantined (``load_failed``). ``move`` moves files to processed/quarantine folders after
    their transaction commits (the DAG does); otherwise bad files are copied to quarantine
    and good files stay where they are (the CLI default).
    """

    def __init__(self, conn: psycopg.Connection, cfg: Settings, move: bool = False, on_page=None):
        self.conn = conn
        self.cfg = cfg
        self.move = move
        # on_page(file name, page, pages): a scanned page starts its OCR (pardw ingest shows it)
        self.worker = ParseWorker(cfg.parse_timeout, cfg.parse_memory_mb, progress=on_page)

    def close(self) -> None:
        self.worker.close()

    def ingest(self, paths: Sequence[Path], on_file: Callable[[FileOutcome], None] | None = None) -> list[FileOutcome]:
        outcomes: list[FileOutcome] = []
        step = max(1, self.cfg.load_batch)
        for start in range(0, len(paths), step):
            for outcome in self._chunk(paths[start : start + step]):
                outcomes.append(outcome)
                if on_file:
                    on_file(outcome)
        return outcomes

    def _chunk(self, paths: Sequence[Path]) -> list[FileOutcome]:
        done: dict[Path, FileOutcome] = {}
        contents: dict[Path, tuple[bytes, str]] = {}
        for path in paths:
            read = self._read(path)
            if isinstance(read, FileOutcome):
                done[path] = read
            else:
                contents[path] = read
        known = self._already_loaded([sha for _d, sha in contents.values()])
        parsed: list[ParsedFile] = []
        for path, (data, sha) in contents.items():
            if sha in known:
                self._finish_quietly(path, sha)
                done[path] = FileOutcome(path, "duplicate", sha256=sha)
                continue
            outcome_or_item = self._parse(path, data, sha)
            if isinstance(outcome_or_item, FileOutcome):
                done[path] = outcome_or_item
            else:
                parsed.append(outcome_or_item)
        if parsed:
            done.update(self._load(parsed))
        return [done[p] for p in paths]

    def _read(self, path: Path) -> tuple[bytes, str] | FileOutcome:
        """The file's bytes and their sha256, or the outcome of a file that is skipped or quarantined."""
        st = None
        try:
            st = custody.classify(path)
            data = custody.read_regular(path, self.cfg.max_file_bytes)
        except custody.Skip as exc:
            size = st.st_size if st is not None and exc.reason in ("too_large", "unreadable") else None
            return self._quarantine(path, None, size, exc.reason, exc.message)
        return data, hashlib.sha256(data).hexdigest()

    def _load(self, parsed: list[ParsedFile]) -> dict[Path, FileOutcome]:
        """Load the chunk's parsed files in one transaction; if the database refuses it, file by file."""
        try:
            loaded = load_parsed(self.conn, parsed)
        except psycopg.Error as exc:
            if _connection_lost(self.conn, exc):  # not the data's fault: nothing is quarantined
                raise
            return {item.path: self._load_one(item) for item in parsed}  # isolate the file the database refuses
        done: dict[Path, FileOutcome] = {}
        first: set[str] = set()
        for item in parsed:  # the same bytes twice in one chunk: the second is a duplicate
            file_id, rows = loaded[item.sha256] if item.sha256 not in first else (None, 0)
            first.add(item.sha256)
            done[item.path] = self._loaded(item, file_id, rows)
        return done

    def _parse(self, path: Path, data: bytes, sha: str) -> ParsedFile | FileOutcome:
        try:  # in the worker process: a per-file time and memory budget (parse_timeout / too_complex)
            report, encoding = self.worker.parse(data, path.name, self.cfg.max_file_bytes)
        except UnreadableReport as exc:
            return self._quarantine(path, sha, len(data), exc.reason, exc.message)
        except Exception as exc:  # a parser bug must not stop the batch
            return self._quarantine(path, sha, len(data), "parse_failed", f"{type(exc).__name__}: {exc}")
        return ParsedFile(path, sha, len(data), encoding, report)

    def _load_one(self, item: ParsedFile) -> FileOutcome:
        try:
            file_id, rows = load_parsed(self.conn, [item])[item.sha256]
        except psycopg.Error as exc:
            if _connection_lost(self.conn, exc):
                raise
            return self._quarantine(item.path, item.sha256, item.size, "load_failed",
                                    str(exc).strip().splitlines()[0])  # fmt: skip
        return self._loaded(item, file_id, rows)

    def _loaded(self, item: ParsedFile, file_id: int | None, rows: int) -> FileOutcome:
        stored = self._finish_quietly(item.path, item.sha256)
        if file_id is None:  # loaded before, by a concurrent run, or twice in this chunk
            return FileOutcome(item.path, "duplicate", sha256=item.sha256)
        if stored is not None:
            with self.conn.transaction():
                self.conn.execute(
                    "update raw.ingested_file set stored_path = %s where file_id = %s", (str(stored), file_id)
                )
        return FileOutcome(item.path, "loaded", sha256=item.sha256, file_id=file_id, rows=rows)

    def _finish_quietly(self, path: Path, sha: str) -> Path | None:
        """Move a loaded file to processed/; if that fails (a full disk, permissions), the data is
        committed all the same and the file, left in landing, is moved by the next run as a duplicate."""
        try:
            return self._finish(path, "processed", tag=sha[:12])
        except OSError as exc:
            logging.getLogger(__name__).warning("%s is loaded but could not be moved to processed/: %s", path, exc)
            return None

    def _already_loaded(self, shas: list[str]) -> set[str]:
        if not shas:
            return set()
        rows = self.conn.execute("select sha256 from raw.ingested_file where sha256 = any(%s)", (shas,)).fetchall()
        self.conn.commit()
        return {r[0] for r in rows}

    def _quarantine(self, path: Path, sha: str | None, size: int | None, reason: str, message: str) -> FileOutcome:
        """Record why a file is not loaded (once per file: a rerun updates the same row), then move or
        copy it to quarantine with a reason note; hidden files, FIFOs and the like stay where they are."""
        text = f"{REASON_TEXT.get(reason, reason)}: {message}" if message else REASON_TEXT.get(reason, reason)
        source = _source_path(path)
        skipped = reason in SKIPPED_REASONS
        key = f"{source}|{reason}|{sha or size or ''}"
        with self.conn.transaction():  # recorded (and committed) before the file leaves the landing folder
            self.conn.execute("select pg_advisory_xact_lock(hashtextextended(%s, 15))", (key,))
            known = self.conn.execute(
                "select error_id from raw.ingestion_error where source_path = %s and reason = %s"
                " and coalesce(sha256, '') = coalesce(%s, '') and coalesce(size_bytes, -1) = coalesce(%s, -1)"
                " order by error_id limit 1",
                (source, reason, sha, size),
            ).fetchone()
            if known:
                error_id = known[0]
                self.conn.execute(
                    "update raw.ingestion_error set last_seen_at = now(), seen_count = seen_count + 1,"
                    " message = %s where error_id = %s",
                    (text, error_id),
                )
            else:
                error_id = self.conn.execute(
                    "insert into raw.ingestion_error (file_name, source_path, sha256, size_bytes, reason, message,"
                    " last_seen_at) values (%s, %s, %s, %s, %s, %s, now()) returning error_id",
                    (path.name, source, sha, size, reason, text),
                ).fetchone()[0]
        target: Path | None = None
        if not skipped:
            try:
                target = self._finish(path, "quarantine", reason_text=f"{reason}: {text}\nfile: {source}\n",
                                      tag=(sha or "nohash")[:12])  # fmt: skip
            except OSError as exc:
                text += f" (could not be placed in quarantine: {exc.strerror or exc})"
            with self.conn.transaction():
                self.conn.execute(
                    "update raw.ingestion_error set quarantine_path = coalesce(%s, quarantine_path), message = %s"
                    " where error_id = %s",
                    (str(target) if target else None, text, error_id),
                )
        status = "skipped" if skipped else "quarantined"
        return FileOutcome(path, status, sha256=sha, reason=reason, message=text, quarantine_path=target)

    def _finish(self, path: Path, where: str, reason_text: str | None = None, tag: str = "") -> Path | None:
        """Move (DAG) or copy (CLI, quarantine only) the file once its transaction has committed.

        With a crash-safe server the commit is durable when acknowledged, so a file in processed/
        is always in raw. Names never collide: a second ``report.txt`` becomes ``report~<sha>.txt``.
        A link is moved as a link (with ``--move``), never copied: its target is not read."""
        if where == "processed" and not self.move:
            return None
        folder = self.cfg.quarantine_dir if where == "quarantine" else self.cfg.processed_dir
        if not os.path.lexists(path):
            return None
        if not self.move and path.is_symlink():
            target = None
        else:
            target = custody.place(path, folder, move=self.move, tag=tag or "x")
            custody.fsync_dir(folder)
        if reason_text:
            note = custody.note_path(target if target else folder / path.name)
            note.write_text(reason_text, encoding="utf-8")
        return target


def _connection_lost(conn: psycopg.Connection, exc: psycopg.Error) -> bool:
    return conn.closed or conn.broken or isinstance(exc, psycopg.OperationalError)


def _source_path(path: Path) -> str:
    """The absolute path the file was found at (links in the folder path resolved, the file itself not)."""
    return str(path.parent.resolve() / path.name)


def analyze_raw(conn: psycopg.Connection) -> None:
    """Fresh planner statistics after a load: the dbt build that follows joins these tables, and
    with the statistics of an empty table PostgreSQL picks nested loops (measured: the fact
    build of 100 reports took 22 s instead of 1 s right after a COPY).

    The loader does not own the raw tables (migration 130): ``pardw_meta.analyze_raw()``, a function
    of the owner, analyzes them for it."""
    with conn.transaction():
        conn.execute("select pardw_meta.analyze_raw()")
    conn.commit()


def _durable_commits(conn: psycopg.Connection) -> None:
    """A commit the loader is told about is on disk before the file moves to processed/, whatever
    the server's default (an external warehouse may run with synchronous_commit off)."""
    from pardw.db.embedded import unsafe_fast

    if not unsafe_fast():
        conn.execute("set synchronous_commit = on")
        conn.commit()


def ingest_paths(
    paths: Iterable[Path | str],
    url: str,
    *,
    move: bool = False,
    cfg: Settings | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_page: Callable[[str, int, int], None] | None = None,
) -> IngestSummary:
    """Ingest files and folders into the warehouse at ``url`` (migrated by the entry point: DAG task,
    CLI preamble or :func:`pardw.pipeline.run_direct`)."""
    from pardw import procs
    from pardw.db import session

    cfg = cfg or settings()
    summary = IngestSummary()
    files = discover(paths)
    procs.sweep_stale("pardw-doc-")  # LibreOffice folders (and processes) of a killed run
    with session.connect(url, "ingest", cfg) as conn:  # time limits: a stuck lock is an error, not a hang
        for name in session.end_stale_sessions(conn):  # a killed run's session (a half-done COPY and its locks)
            logging.getLogger(__name__).warning("ended the warehouse session of a killed run: %s", name)
        _durable_commits(conn)
        ingestor = Ingestor(conn, cfg, move=move, on_page=on_page)
        try:
            summary.outcomes.extend(ingestor.ingest(files, on_file))
        finally:
            ingestor.close()
            procs.sweep_stale("pardw-doc-")  # a killed run's worker may have died only after the first sweep
        if summary.loaded:
            analyze_raw(conn)
    return summary
