"""Ingest report files into the ``raw`` schema: idempotent, one transaction per file.

* The same bytes ingested twice load once (sha256 of the content).
* A file is loaded whole or not at all (one transaction; ``COPY`` for the rows).
* Bad input (empty, binary, undecodable, truncated, too large, not a report) is
  recorded in ``raw.ingestion_error`` with its reason and copied or moved to the
  quarantine folder beside a ``.reason.txt``; the rest of the batch still loads.
* Two concurrent ingests never double-load: a transaction-level advisory lock
  on the content hash plus the unique constraint on ``raw.ingested_file.sha256``.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable, Sequence
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


# -- one file -----------------------------------------------------------------


class Ingestor:
    """Ingests files over one connection. ``move`` moves files to processed/quarantine
    folders after their transaction commits (the DAG does); otherwise bad files are
    copied to quarantine and good files stay where they are (the CLI default)."""

    def __init__(self, conn: psycopg.Connection, cfg: Settings, move: bool = False):
        self.conn = conn
        self.cfg = cfg
        self.move = move

    def ingest_file(self, path: Path) -> FileOutcome:
        from pardw.parse.report import parse_bytes

        try:
            size = path.stat().st_size
            if size > self.cfg.max_file_bytes:
                raise UnreadableReport(
                    "too_large", f"{size:,} bytes is over the limit of {self.cfg.max_file_bytes:,} bytes"
                )
            data = path.read_bytes()
        except UnreadableReport as exc:
            return self._quarantine(path, None, None, exc.reason, exc.message)
        sha = hashlib.sha256(data).hexdigest()

        if self._already_loaded(sha):
            self._finish(path, "processed")
            return FileOutcome(path, "duplicate", sha256=sha)
        try:
            report, encoding = parse_bytes(data, path.name, max_bytes=self.cfg.max_file_bytes)
        except UnreadableReport as exc:
            return self._quarantine(path, sha, len(data), exc.reason, exc.message)
        except Exception as exc:  # a parser bug must not stop the batch
            return self._quarantine(path, sha, len(data), "parse_failed", f"{type(exc).__name__}: {exc}")

        try:
            file_id, rows = self._load(path, sha, len(data), encoding, report)
        except psycopg.Error as exc:
            return self._quarantine(path, sha, len(data), "load_failed", str(exc).strip().splitlines()[0])
        if file_id is None:  # a concurrent run loaded the same bytes first
            self._finish(path, "processed")
            return FileOutcome(path, "duplicate", sha256=sha)
        self._finish(path, "processed")
        return FileOutcome(path, "loaded", sha256=sha, file_id=file_id, rows=rows)

    def _already_loaded(self, sha: str) -> bool:
        row = self.conn.execute("select 1 from raw.ingested_file where sha256 = %s", (sha,)).fetchone()
        self.conn.commit()
        return row is not None

    def _load(self, path: Path, sha: str, size: int, encoding: str, report: ParsedReport) -> tuple[int | None, int]:
        doc = report.document
        with self.conn.transaction(), self.conn.cursor() as cur:
            # serialise loads of the same content across sessions, then re-check
            cur.execute("select pg_advisory_xact_lock(hashtextextended(%s, 0))", (sha,))
            cur.execute("select 1 from raw.ingested_file where sha256 = %s", (sha,))
            if cur.fetchone():
                return None, 0
            cur.execute(
                "insert into raw.ingested_file (file_name, source_path, size_bytes, sha256, encoding, status,"
                " parser_version, loaded_at) values (%s, %s, %s, %s, %s, 'loaded', %s, now()) returning file_id",
                (path.name, str(path.resolve()), size, sha, encoding, __version__),
            )
            file_id = cur.fetchone()[0]
            cur.execute(
                "insert into raw.document (file_id, file_name, province, province_code, issuer, issuer_level,"
                " report_number, issue_date, period_type, period_year, title, has_appendix, line)"
                " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (file_id, path.name, doc.province, doc.province_code, doc.issuer, doc.issuer_level,
                 doc.report_number, doc.issue_date, doc.period_type, doc.period_year, doc.title,
                 doc.has_appendix, doc.line),
            )  # fmt: skip
            rows = 1
            for table, (cols, data) in _rows(report, file_id).items():
                _copy(cur, table, cols, data)
                rows += len(data)
        return file_id, rows

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
        ingestor = Ingestor(conn, cfg, move=move)
        for path in files:
            outcome = ingestor.ingest_file(path)
            summary.outcomes.append(outcome)
            if on_file:
                on_file(outcome)
    return summary
