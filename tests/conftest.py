"""Shared fixtures: a real embedded PostgreSQL for the whole test session.

Each test that needs a clean warehouse asks for ``fresh_db_url``: a new, empty
database on the session's server. The server lives under PARDW_TEST_HOME
(default: <project>/.pardw-test) on PARDW_TEST_PG_PORT (default 54339), so tests
never touch the warehouse that ``make run`` built; the session stops it at the end when it started it.

Parallel runs (pytest-xdist, `pytest -n 2`, the README's `make test`): every worker is a test session of its
own, with nothing shared but the CPU. Worker gwN gets its own server home <PARDW_TEST_HOME>/gwN, its own ports
(PARDW_TEST_PG_PORT + 2N + 2 for the test server, + 2N + 3 as PARDW_PG_PORT), its own dbt target folder
(PARDW_DBT_TARGET_DIR: dbt's manifest, run results and partial-parse state) and its own temporary folder
(TMPDIR: LibreOffice's pardw-doc-* folders, cosmos's cache, what tests scan for leftovers). Tests that share
a module- or session-scoped fixture built in tests/ (the answer warehouse, the built warehouse, the
Kiên Giang template, a module's conversions) run in one worker, so that each is still built once
(``--dist loadgroup``, groups made in ``pytest_collection_modifyitems``).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import psycopg
import pytest

from pardw.config import PROJECT_ROOT, SAMPLE_REPORTS_DIR

TEST_HOME = Path(os.environ.get("PARDW_TEST_HOME", PROJECT_ROOT / ".pardw-test"))
TEST_PORT = int(os.environ.get("PARDW_TEST_PG_PORT", "54339"))
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, ... in a pytest-xdist worker


def _isolate_worker() -> None:
    """This worker's own server home and ports, dbt target folder and temporary folder (module docstring);
    set before any test runs, in this process's environment, so every subprocess inherits them."""
    global TEST_HOME, TEST_PORT
    index = int(WORKER.removeprefix("gw"))
    TEST_HOME = TEST_HOME / WORKER
    TEST_PORT = TEST_PORT + 2 * index + 2
    tmp = TEST_HOME / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "PARDW_TEST_HOME": str(TEST_HOME),
            "PARDW_TEST_PG_PORT": str(TEST_PORT),
            "PARDW_PG_PORT": str(TEST_PORT + 1),
            "PARDW_DBT_TARGET_DIR": str(TEST_HOME / "dbt" / "target"),
            "TMPDIR": str(tmp),
        }
    )
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again


if WORKER:
    _isolate_worker()

# fixtures built in tests/ that cost little: tests sharing only these need not share a worker
CHEAP_SHARED = frozenset({"pg_server_url", "sample_dir", "real_dir_or_skip", "airflow_cfg"})


def _shared_fixtures(item: pytest.Item) -> list[str]:
    """The module- and session-scoped fixtures defined under tests/ that ``item`` uses, directly or not."""
    tests = Path(__file__).parent
    info = getattr(item, "_fixtureinfo", None)
    names = set()
    for defs in info.name2fixturedefs.values() if info else ():
        fixturedef = defs[-1]
        code = getattr(fixturedef.func, "__code__", None)
        if fixturedef.scope in ("module", "session") and fixturedef.argname not in CHEAP_SHARED and code:
            where = Path(code.co_filename)
            if tests in where.parents:
                names.add(f"{where.relative_to(tests)}::{fixturedef.argname}")
    return sorted(names)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With `--dist loadgroup`: tests that share an expensive fixture (``_shared_fixtures``), directly or
    through another test, are one group, run by one worker. Without xdist the marks do nothing."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    uses = {item.nodeid: _shared_fixtures(item) for item in items}
    for names in uses.values():
        for a, b in pairwise(names):
            parent[find(a)] = find(b)
    for item in items:
        if uses[item.nodeid]:
            item.add_marker(pytest.mark.xdist_group(find(uses[item.nodeid][0])))


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
