"""The ``raw`` schema as the loader writes it, derived from the parser's record dataclasses.

One :class:`RawTable` per record class names its table; its columns are the record's fields in
declaration order under the same name (``renamed`` lists the exceptions), after the columns the
loader adds (``file_id``, and ``seq`` for records whose order is their key). A field without a
column is listed in ``not_stored`` with the reason. Values go in as the record holds them:
``list[str]`` fields become ``text[]`` arrays (psycopg adapts lists), ``str`` dates become ``date``.

``tests/load/test_raw_columns.py`` migrates a database and compares every table here with
``information_schema.columns``: a field without a column, or a column without a field (other than
the ones declared here), fails it. The migrations are the checked truth; this module is what the
loader (``pardw.load.ingest``) reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from pardw import __version__
from pardw.parse.records import Breakdown, Document, Indicator, Narrative, ParsedReport, ParseWarning, Task

# Columns the loader adds to every record row (not fields of the record).
FILE_ID = "file_id"  # raw.ingested_file's id of the file the record came from
SEQ = "seq"  # 1-based position of the record among the file's records of its kind
_FILE_NOT_STORED = {"file": "a row names its file by file_id (raw.ingested_file.file_name, raw.document.file_name)"}


@dataclass(frozen=True, slots=True)
class RawTable:
    """A raw table filled with one row per record of ``record``'s class."""

    table: str  # e.g. "raw.appendix_row"
    record: type
    of_report: Callable[[ParsedReport], Sequence[Any]]  # the report's records of this kind, in order
    renamed: Mapping[str, str] = field(default_factory=dict)  # field -> column, where the names differ
    not_stored: Mapping[str, str] = field(default_factory=dict)  # field -> why it has no column
    numbered: bool = False  # the loader adds ``seq`` (the record's position in the file)
    stored: tuple[str, ...] = field(init=False)  # the fields that have a column, in row order
    columns: tuple[str, ...] = field(init=False)  # every column the loader writes, in row order
    rows: Callable[[int, Sequence[Any]], list[tuple]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = [f.name for f in fields(self.record)]
        unknown = (set(self.renamed) | set(self.not_stored)) - set(names)
        if unknown:
            raise ValueError(f"{self.table}: {sorted(unknown)} are not fields of {self.record.__name__}")
        stored = tuple(n for n in names if n not in self.not_stored)
        added = (FILE_ID, SEQ) if self.numbered else (FILE_ID,)
        object.__setattr__(self, "stored", stored)
        object.__setattr__(self, "columns", (*added, *(self.renamed.get(n, n) for n in stored)))
        object.__setattr__(self, "rows", _row_maker(stored, self.numbered))


def _row_maker(stored: Sequence[str], numbered: bool) -> Callable[[int, Sequence[Any]], list[tuple]]:
    """``rows(file_id, records)``: the rows of one file's records, values in the order of ``columns``.

    The comprehension is written out once per table from the field names (``r.line, r.form, ...``):
    it is the loader's hot loop, and reading the attributes directly is about three times faster
    than an ``attrgetter`` tuple unpacked into each row (measured on the samples)."""
    values = ", ".join(f"r.{name}" for name in stored)  # dataclass field names: identifiers
    if numbered:
        return eval(f"lambda file_id, records: [(file_id, seq, {values}) for seq, r in enumerate(records, 1)]")
    return eval(f"lambda file_id, records: [(file_id, {values}) for r in records]")


RECORD_TABLES: tuple[RawTable, ...] = (  # raw.document first: one row per loaded file
    RawTable(
        "raw.document",
        Document,
        lambda report: (report.document,),
        renamed={"file": "file_name"},
        not_stored={"warnings": "the messages of the file's warnings, stored whole in raw.parse_warning"},
    ),
    RawTable(
        "raw.appendix_row",
        Indicator,
        attrgetter("indicators"),
        not_stored={
            **_FILE_NOT_STORED,
            "source": "always 'appendix' (for the JSON lines of pardw extract): every row of this table is one",
        },
    ),
    RawTable(
        "raw.breakdown_row",
        Breakdown,
        attrgetter("breakdowns"),
        renamed={"table": "table_name"},  # TABLE is an SQL keyword
        not_stored=_FILE_NOT_STORED,
    ),
    RawTable("raw.narrative_metric", Narrative, attrgetter("narratives"), not_stored=_FILE_NOT_STORED, numbered=True),
    RawTable("raw.parse_warning", ParseWarning, attrgetter("warnings"), not_stored=_FILE_NOT_STORED, numbered=True),
    RawTable("raw.task_row", Task, attrgetter("tasks"), renamed={"table": "table_name"}, not_stored=_FILE_NOT_STORED),
)


@dataclass(frozen=True, slots=True)
class FileColumn:
    """A column of raw.ingested_file the loader fills from each file it loads."""

    name: str
    array_type: str  # the PostgreSQL type of the array the files' values are handed in as
    value: Callable[[Any], Any]  # of a pardw.load.ingest.ParsedFile


# raw.ingested_file is not a parser record: the loader inserts these columns per file, and the
# others are filled as INGESTED_FILE_FILLED says.
INGESTED_FILE_COLUMNS: tuple[FileColumn, ...] = (
    FileColumn("file_name", "text", attrgetter("path.name")),
    FileColumn("source_path", "text", attrgetter("source_path")),
    FileColumn("size_bytes", "bigint", attrgetter("size")),
    FileColumn("sha256", "text", attrgetter("sha256")),
    FileColumn("encoding", "text", attrgetter("encoding")),
    FileColumn("parser_version", "text", lambda _file: __version__),
    FileColumn("format", "text", attrgetter("report.document.format")),
)
INGESTED_FILE_FILLED = {
    "file_id": "bigserial: the database numbers the files",
    "status": "'loaded', set by the loader's insert",
    "received_at": "default now()",
    "loaded_at": "now() in the loader's insert",
    "stored_path": "set once the file is moved to processed/ (Ingestor._loaded)",
}
# raw tables that hold no parser record, with what writes them
OTHER_TABLES = {"raw.ingestion_error": "one row per bad file, written by Ingestor._quarantine"}

RAW_TABLES = ("raw.ingested_file", *(t.table for t in RECORD_TABLES))  # every table a load writes
