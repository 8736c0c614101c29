"""The raw schema the loader writes (``pardw.load.raw_columns``) against a migrated database.

The migrations are the truth: a record field without a raw column (unless declared not stored), a
raw column without a field (unless declared filled by the loader or the database), a raw table no
one declares, or a column whose type or NOT NULL does not fit its field fails here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import fields

import psycopg
import pytest

from pardw.db.migrate import migrate
from pardw.load.raw_columns import (
    FILE_ID,
    INGESTED_FILE_COLUMNS,
    INGESTED_FILE_FILLED,
    OTHER_TABLES,
    RAW_TABLES,
    RECORD_TABLES,
    SEQ,
    RawTable,
)
from pardw.parse.records import _Record

# the PostgreSQL types a value of each field type may go into
_FITS = {
    "str": {"text", "character", "date"},  # Document.issue_date is an ISO date
    "int": {"integer", "bigint"},
    "float": {"double precision"},
    "bool": {"boolean"},
    "list[str]": {"ARRAY"},  # text[]
}
_LOADER_TYPES = {FILE_ID: "bigint", SEQ: "integer"}


@pytest.fixture(scope="module")
def raw_columns(pg_server_url: str) -> Iterator[dict[str, dict[str, tuple[str, bool]]]]:
    """``"raw.table" -> column -> (data_type, nullable)`` of a freshly migrated database."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate(url)
        with psycopg.connect(url) as conn:
            rows = conn.execute(
                "select c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES'"
                " from information_schema.columns as c join information_schema.tables as t using (table_schema, table_name)"
                " where c.table_schema = 'raw' and t.table_type = 'BASE TABLE'"
            ).fetchall()
        schema: dict[str, dict[str, tuple[str, bool]]] = {}
        for table, column, data_type, nullable in rows:
            schema.setdefault(f"raw.{table}", {})[column] = (data_type, nullable)
        yield schema
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def test_every_raw_table_is_declared(raw_columns):
    assert sorted(raw_columns) == sorted({*RAW_TABLES, *OTHER_TABLES})


def test_every_record_class_has_a_raw_table():
    assert {t.record for t in RECORD_TABLES} == set(_Record.__subclasses__())


@pytest.mark.parametrize("table", RECORD_TABLES, ids=lambda t: t.table)
def test_record_fields_and_raw_columns_match(raw_columns, table: RawTable):
    columns = raw_columns[table.table]
    fields_without_column = [f for f in table.stored if table.renamed.get(f, f) not in columns]
    columns_without_field = sorted(set(columns) - set(table.columns))
    assert (fields_without_column, columns_without_field) == ([], [])


@pytest.mark.parametrize("table", RECORD_TABLES, ids=lambda t: t.table)
def test_column_types_fit_the_fields(raw_columns, table: RawTable):
    columns = raw_columns[table.table]
    annotations = {f.name: f.type for f in fields(table.record)}  # strings: "str | None", "list[str]"
    misfits = [(c, columns[c][0], t) for c, t in _LOADER_TYPES.items() if c in table.columns and columns[c][0] != t]
    for f in table.stored:
        column = table.renamed.get(f, f)
        data_type, nullable = columns[column]
        optional = annotations[f].endswith(" | None")
        if data_type not in _FITS[annotations[f].removesuffix(" | None")] or (optional and not nullable):
            misfits.append((column, data_type, annotations[f]))
    assert misfits == []


def test_ingested_file_columns_are_all_filled(raw_columns):
    columns = raw_columns["raw.ingested_file"]
    assert sorted(columns) == sorted({c.name for c in INGESTED_FILE_COLUMNS} | set(INGESTED_FILE_FILLED))
    assert [(c.name, columns[c.name][0]) for c in INGESTED_FILE_COLUMNS if c.array_type != columns[c.name][0]] == [
        ("sha256", "character")  # char(64), handed in as text
    ]


def test_declared_exceptions_name_real_fields_and_say_why():
    for table in RECORD_TABLES:
        assert all(reason for reason in table.not_stored.values()), table.table
        assert set(table.stored) | set(table.not_stored) == {f.name for f in fields(table.record)}, table.table
