"""Shared fixtures: a real embedded PostgreSQL for the whole test session.

Each test that needs a clean warehouse asks for ``fresh_db_url``: a new, empty
database on the session's server. The server lives under PARDW_TEST_HOME
(default: <project>/.pardw-test) on PARDW_TEST_PG_PORT (default 54339), so tests
never touch the warehouse that ``make run`` built; the session stops it at the end when it started it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from pardw.config import PROJECT_ROOT, SAMPLE_REPORTS_DIR

TEST_HOME = Path(os.environ.get("PARDW_TEST_HOME", PROJECT_ROOT / ".pardw-test"))
TEST_PORT = int(os.environ.get("PARDW_TEST_PG_PORT", "54339"))


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_REPORTS_DIR


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of the server's maintenance database ``postgres``."""
    external = os.environ.get("PARDW_TEST_SERVER_URL")
    if external:
        yield external
        return
    os.environ["PARDW_HOME"] = str(TEST_HOME)
    os.environ["PARDW_PG_PORT"] = str(TEST_PORT)
    from pardw.config import settings
    from pardw.db.embedded import EmbeddedPostgres

    server = EmbeddedPostgres(settings())
    already_running = server.is_running()
    server.ensure_running()
    yield server.url("postgres")
    if not already_running:  # a test run leaves no server behind it (a fresh clone's `make test` included)
        server.stop()


@pytest.fixture
def fresh_db_url(pg_server_url: str) -> Iterator[str]:
    """A brand-new empty database; dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture
def migrated_db_url(fresh_db_url: str) -> str:
    """A new database with the schema migrated, as an entry point (DAG task, CLI preamble) leaves it."""
    from pardw.db.migrate import migrate

    migrate(fresh_db_url)
    return fresh_db_url


KIEN_GIANG = "000_d49b38bb6fe27dd3.txt"


def _drop_database(pg_server_url: str, name: str) -> None:
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture(scope="session")
def kien_giang_template(pg_server_url, tmp_path_factory) -> Iterator[str]:
    """The name of a database, migrated, with the Kiên Giang sample ingested and the warehouse built (dbt,
    as the owner), once per session; only ever copied (``kien_giang_built_url``), never used itself."""
    from dataclasses import replace

    from pardw.config import settings
    from pardw.db.migrate import migrate
    from pardw.load.ingest import ingest_paths
    from pardw.transform.dbt import build

    name = f"tpl_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    migrate(url)
    cfg = replace(settings(), quarantine_dir=tmp_path_factory.mktemp("kien_giang") / "q")
    ingest_paths([SAMPLE_REPORTS_DIR / KIEN_GIANG], url, cfg=cfg)
    build(url)
    yield name
    _drop_database(pg_server_url, name)


@pytest.fixture
def kien_giang_built_url(pg_server_url, kien_giang_template) -> Iterator[str]:
    """A new database that is what ``migrated_db_url`` + ingesting the Kiên Giang sample + ``build`` give,
    copied from ``kien_giang_template`` (CREATE DATABASE ... TEMPLATE: a second, not a dbt build);
    dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s", (kien_giang_template,)
        )  # a template must have no sessions while it is copied
        conn.execute(f'create database "{name}" template "{kien_giang_template}"')
    yield pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    _drop_database(pg_server_url, name)


@pytest.fixture(scope="session")
def built_warehouse(pg_server_url, tmp_path_factory) -> Iterator[str]:
    """The bundled samples through every stage without Airflow (ingest, dbt, GX, DQ marts, publish),
    once per session, in a database of its own. Tests only read it."""
    from dataclasses import replace

    from pardw.config import settings
    from pardw.pipeline import run_direct

    name = f"w_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    home = tmp_path_factory.mktemp("built")
    cfg = replace(settings(), landing_dir=home / "landing", processed_dir=home / "processed",
                  quarantine_dir=home / "quarantine")  # fmt: skip
    run_direct(url, cfg, land_samples=True)
    yield url
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture(scope="session")
def real_dir_or_skip() -> Path:
    """../shared/real_reports/lamdong (read-only; tests skip where it is absent)."""
    real = PROJECT_ROOT.parent / "shared" / "real_reports" / "lamdong"
    if not real.is_dir():
        pytest.skip(f"real reports not found at {real}")
    return real


@pytest.fixture(scope="session")
def reader_url(built_warehouse) -> Iterator[str]:
    """A login that is a member of pardw_reader (read-only on the published marts) on ``built_warehouse``;
    dropped at the end of the session."""
    import secrets

    name = f"dash_test_{uuid.uuid4().hex[:8]}"
    password = secrets.token_urlsafe(12)
    with psycopg.connect(built_warehouse, autocommit=True) as conn:
        conn.execute(f"create role {name} login password '{password}' in role pardw_reader")
    server, _, database = built_warehouse.rpartition("/")
    host = server.rpartition("@")[2]
    yield f"postgresql://{name}:{password}@{host}/{database}"
    with psycopg.connect(built_warehouse, autocommit=True) as conn:
        conn.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where usename = %s and pid <> pg_backend_pid()",
            (name,),
        )
        conn.execute(f"drop role if exists {name}")


@pytest.fixture(scope="session")
def answer_warehouse(pg_server_url, sample_dir, tmp_path_factory) -> Iterator[str]:
    """Published marts of a warehouse with drafts, corrected versions and partial copies beside the samples
    and the real Lâm Đồng reports (tests/answer_warehouse.py); once per session. Tests only read it."""
    from answer_warehouse import build_answer_warehouse

    name = f"a_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    build_answer_warehouse(url, sample_dir, tmp_path_factory.mktemp("answer"))
    yield url
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture(scope="session")
def answer_reader_url(answer_warehouse) -> Iterator[str]:
    """A pardw_reader login on ``answer_warehouse``."""
    from answer_warehouse import reader_login

    url, name = reader_login(answer_warehouse)
    yield url
    with psycopg.connect(answer_warehouse, autocommit=True) as conn:
        conn.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where usename = %s and pid <> pg_backend_pid()",
            (name,),
        )
        conn.execute(f"drop role if exists {name}")
