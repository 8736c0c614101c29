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
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from pardw import __version__
from pardw.config import Settings, settings
from pardw.load.migrate import migrate
from pardw.parse.records import ParsedReport, UnreadableReport

REPORT_SUFFIXES = {".txt", ".md", ".text", ""}

REASON_TEXT = {
    "empty": "empty file (tệp rỗng)",
    "binary": "binary content, not a text export of a report",
    "undecodable": "text encoding could not be decoded (not UTF-8, UTF-16 or Windows-1258)",
    "truncated": "file is truncated (ends in the middle of a character)",
    "too_large": "file exceeds the size limit",
    "not_a_report": "no recognisable CCHC report (báo cáo cải cách hành chính) in the text",
    "parse_failed": "the parser failed on this file",
    "load_failed": "the database refused the parsed rows",
}


@dataclass(slots=True)
class FileOutcome:
    path: Path
    status: str  # loaded | duplicate | quarantined
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
    def rows(self) -> int:
        return sum(o.rows for o in self.outcomes)

    def to_dict(self) -> dict:
        return {
            "loaded": self.loaded,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "rows": self.rows,
            "quarantine": [
                {"file": o.path.name, "reason": o.reason, "message": o.message}
                for o in self.outcomes
                if o.status == "quarantined"
            ],
        }


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """Report files under the given files or folders, sorted, hidden files and reason notes skipped."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for p in candidates:
            if p.name.startswith(".") or p.name.endswith(".reason.txt"):
                continue
            found.append(p)
    return found


# -- row shaping -------------------------------------------------------------

APPENDIX_COLS = (
    "file_id", "line", "form", "domain", "code", "name", "unit", "raw_value", "value", "note",
    "is_group", "parent_code", "path", "number_format", "flags",
)  # fmt: skip
BREAKDOWN_COLS = (
    "file_id", "line", "table_name", "unit_name", "unit_level", "parent", "measure", "raw_value", "value",
    "is_total", "flags",
)  # fmt: skip
NARRATIVE_COLS = (
    "file_id", "line", "seq", "domain", "section_role", "metric", "value", "unit", "level", "raw_value",
    "denominator", "text",
)  # fmt: skip
WARNING_COLS = ("file_id", "seq", "code", "message", "line")


def _rows(report: ParsedReport, file_id: int) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    appendix = [
        (file_id, r.line, r.form, r.domain, r.code, r.name, r.unit, r.raw_value, r.value, r.note,
         r.is_group, r.parent_code, list(r.path), r.number_format, list(r.flags))
        for r in report.indicators
    ]  # fmt: skip
    # one row per (line, measure): a duplicate key would abort the file, so keep the first
    seen: set[tuple[int, str]] = set()
    breakdown = []
    for b in report.breakdowns:
        key = (b.line, b.measure)
        if key in seen:
            continue
        seen.add(key)
        breakdown.append(
            (file_id, b.line, b.table, b.unit_name, b.unit_level, b.parent, b.measure, b.raw_value, b.value,
             b.is_total, list(b.flags))
        )  # fmt: skip
    narrative = [
        (file_id, n.line, seq, n.domain, n.section_role, n.metric, n.value, n.unit, n.level, n.raw_value,
         n.denominator, n.text)
        for seq, n in enumerate(report.narratives, start=1)
    ]  # fmt: skip
    warnings = [(file_id, seq, w.code, w.message, w.line) for seq, w in enumerate(report.warnings, start=1)]
    return {
        "raw.appendix_row": (APPENDIX_COLS, appendix),
        "raw.breakdown_row": (BREAKDOWN_COLS, breakdown),
        "raw.narrative_metric": (NARRATIVE_COLS, narrative),
        "raw.parse_warning": (WARNING_COLS, warnings),
    }


def _copy(cur: psycopg.Cursor, table: str, cols: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    with cur.copy(f"copy {table} ({', '.join(cols)}) from stdin") as copy:
        for row in rows:
            copy.write_row(row)


# -- loading parsed files ------------------------------------------------------


@dataclass(slots=True)
class ParsedFile:
    """A decoded, parsed file waiting for its transaction."""

    path: Path
    sha256: str
    size: int
    encoding: str
    report: ParsedReport


_FILE_COLS = ("file_name", "source_path", "size_bytes", "sha256", "encoding", "parser_version")
DOCUMENT_COLS = (
    "file_id", "file_name", "province", "province_code", "issuer", "issuer_level", "report_number",
    "issue_date", "period_type", "period_year", "title", "has_appendix", "line", "province_generation", "template",
)  # fmt: skip


def _document_row(item: ParsedFile, file_id: int) -> tuple:
    d = item.report.document
    return (file_id, item.path.name, d.province, d.province_code, d.issuer, d.issuer_level, d.report_number,
            d.issue_date, d.period_type, d.period_year, d.title, d.has_appendix, d.line, d.province_generation,
            d.template)  # fmt: skip


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
        columns = (
            [i.path.name for i in fresh],
            [str(i.path.resolve()) for i in fresh],
            [i.size for i in fresh],
            [i.sha256 for i in fresh],
            [i.encoding for i in fresh],
            [__version__] * len(fresh),
        )
        cur.execute(
            f"insert into raw.ingested_file ({', '.join(_FILE_COLS)}, status, loaded_at)"
            " select n, p, s, h, e, v, 'loaded', now()"
            " from unnest(%s::text[], %s::text[], %s::bigint[], %s::text[], %s::text[], %s::text[])"
            " with ordinality as t(n, p, s, h, e, v, ord) order by ord returning file_id, sha256",
            columns,
        )
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
    tables: dict[str, tuple[Sequence[str], list[tuple]]] = {"raw.document": (DOCUMENT_COLS, [])}
    counts = []
    for item, file_id in zip(items, file_ids, strict=True):
        tables["raw.document"][1].append(_document_row(item, file_id))
        rows = 1
        for table, (cols, data) in _rows(item.report, file_id).items():
            tables.setdefault(table, (cols, []))[1].extend(data)
            rows += len(data)
        counts.append(rows)
    return tables, counts


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

    def __init__(self, conn: psycopg.Connection, cfg: Settings, move: bool = False):
        self.conn = conn
        self.cfg = cfg
        self.move = move

    def ingest(self, paths: Sequence[Path], on_file: Callable[[FileOutcome], None] | None = None) -> list[FileOutcome]:
        outcomes: list[FileOutcome] = []
        step = max(1, self.cfg.load_batch)
        for start in range(0, len(paths), step):
            for outcome in self._chunk(paths[start : start + step]):
                outcomes.append(outcome)
                if on_file:
                    on_file(outcome)
        return outcomes

    def ingest_file(self, path: Path) -> FileOutcome:
        return self._chunk([path])[0]

    def _chunk(self, paths: Sequence[Path]) -> list[FileOutcome]:
        done: dict[Path, FileOutcome] = {}
        shas: dict[Path, tuple[bytes, str]] = {}
        for path in paths:
            try:
                size = path.stat().st_size
                if size > self.cfg.max_file_bytes:
                    raise UnreadableReport(
                        "too_large", f"{size:,} bytes is over the limit of {self.cfg.max_file_bytes:,} bytes"
                    )
                data = path.read_bytes()
            except UnreadableReport as exc:
                done[path] = self._quarantine(path, None, None, exc.reason, exc.message)
                continue
            shas[path] = (data, hashlib.sha256(data).hexdigest())
        known = self._already_loaded([sha for _d, sha in shas.values()])
        parsed: list[ParsedFile] = []
        for path, (data, sha) in shas.items():
            if sha in known:
                self._finish(path, "processed")
                done[path] = FileOutcome(path, "duplicate", sha256=sha)
                continue
            outcome_or_item = self._parse(path, data, sha)
            if isinstance(outcome_or_item, FileOutcome):
                done[path] = outcome_or_item
            else:
                parsed.append(outcome_or_item)
        if parsed:
            try:
                loaded = load_parsed(self.conn, parsed)
            except psycopg.Error:
                for item in parsed:  # isolate the file the database refuses
                    done[item.path] = self._load_one(item)
            else:
                first: set[str] = set()
                for item in parsed:  # the same bytes twice in one chunk: the second is a duplicate
                    file_id, rows = loaded[item.sha256] if item.sha256 not in first else (None, 0)
                    first.add(item.sha256)
                    done[item.path] = self._loaded(item, file_id, rows)
        return [done[p] for p in paths]

    def _parse(self, path: Path, data: bytes, sha: str) -> ParsedFile | FileOutcome:
        from pardw.parse.report import parse_bytes

        try:
            report, encoding = parse_bytes(data, path.name, max_bytes=self.cfg.max_file_bytes)
        except UnreadableReport as exc:
            return self._quarantine(path, sha, len(data), exc.reason, exc.message)
        except Exception as exc:  # a parser bug must not stop the batch
            return self._quarantine(path, sha, len(data), "parse_failed", f"{type(exc).__name__}: {exc}")
        return ParsedFile(path, sha, len(data), encoding, report)

    def _load_one(self, item: ParsedFile) -> FileOutcome:
        try:
            file_id, rows = load_parsed(self.conn, [item])[item.sha256]
        except psycopg.Error as exc:
            return self._quarantine(item.path, item.sha256, item.size, "load_failed",
                                    str(exc).strip().splitlines()[0])  # fmt: skip
        return self._loaded(item, file_id, rows)

    def _loaded(self, item: ParsedFile, file_id: int | None, rows: int) -> FileOutcome:
        self._finish(item.path, "processed")
        if file_id is None:  # loaded before, by a concurrent run, or twice in this chunk
            return FileOutcome(item.path, "duplicate", sha256=item.sha256)
        return FileOutcome(item.path, "loaded", sha256=item.sha256, file_id=file_id, rows=rows)

    def _already_loaded(self, shas: list[str]) -> set[str]:
        if not shas:
            return set()
        rows = self.conn.execute("select sha256 from raw.ingested_file where sha256 = any(%s)", (shas,)).fetchall()
        self.conn.commit()
        return {r[0] for r in rows}

    def _quarantine(self, path: Path, sha: str | None, size: int | None, reason: str, message: str) -> FileOutcome:
        text = f"{REASON_TEXT.get(reason, reason)}: {message}" if message else REASON_TEXT.get(reason, reason)
        target = self.cfg.quarantine_dir / path.name
        with self.conn.transaction():
            known = (
                sha is not None
                and self.conn.execute(
                    "select 1 from raw.ingestion_error where sha256 = %s and reason = %s", (sha, reason)
                ).fetchone()
            )
            if not known:
                self.conn.execute(
                    "insert into raw.ingestion_error (file_name, source_path, sha256, size_bytes, reason, message,"
                    " quarantine_path) values (%s, %s, %s, %s, %s, %s, %s)",
                    (path.name, str(path.resolve()), sha, size, reason, text, str(target)),
                )
        # only after the error row is committed does the file leave the landing folder
        self._finish(path, "quarantine", reason_text=f"{reason}: {text}\n")
        return FileOutcome(path, "quarantined", sha256=sha, reason=reason, message=text, quarantine_path=target)

    def _finish(self, path: Path, where: str, reason_text: str | None = None) -> Path | None:
        """Move (DAG) or copy (CLI, quarantine only) the file once its transaction is done."""
        if where == "processed" and not self.move:
            return None
        folder = self.cfg.quarantine_dir if where == "quarantine" else self.cfg.processed_dir
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / path.name
        if not path.exists():
            return None
        if self.move:
            shutil.move(str(path), target)
        else:
            shutil.copy2(path, target)
        if reason_text:
            (folder / f"{path.name}.reason.txt").write_text(reason_text, encoding="utf-8")
        return target


RAW_TABLES = ("raw.ingested_file", "raw.document", "raw.appendix_row", "raw.breakdown_row",
              "raw.narrative_metric", "raw.parse_warning")  # fmt: skip


def analyze_raw(conn: psycopg.Connection) -> None:
    """Fresh planner statistics after a load: the dbt build that follows joins these tables, and
    with the statistics of an empty table PostgreSQL picks nested loops (measured: the fact
    build of 100 reports took 22 s instead of 1 s right after a COPY)."""
    conn.execute(f"analyze {', '.join(RAW_TABLES)}")
    conn.commit()


def ingest_paths(
    paths: Iterable[Path | str],
    url: str,
    *,
    move: bool = False,
    cfg: Settings | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
    apply_migrations: bool = True,
) -> IngestSummary:
    """Ingest files and folders into the warehouse at ``url``."""
    cfg = cfg or settings()
    if apply_migrations:
        migrate(url)
    summary = IngestSummary()
    files = discover(paths)
    with psycopg.connect(url) as conn:
        summary.outcomes.extend(Ingestor(conn, cfg, move=move).ingest(files, on_file))
        if summary.loaded:
            analyze_raw(conn)
    return summary
