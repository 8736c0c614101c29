"""A second PostgreSQL major version for the warehouse path: Debian's PostgreSQL 15.

The cluster is initialised once under PARDW_TEST_HOME/pg15 (as the system user ``pardw``
when the tests run as root, like the embedded server), started on a free port for the
session and stopped afterwards. ``make install`` installs postgresql-15 when it is missing;
without it the tests skip and say so.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from pardw.config import PROJECT_ROOT

PG15_BIN = Path(os.environ.get("PARDW_TEST_PG15_BIN", "/usr/lib/postgresql/15/bin"))
TEST_HOME = Path(os.environ.get("PARDW_TEST_HOME", PROJECT_ROOT / ".pardw-test"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def pg15_server(tmp_path_factory) -> Iterator:
    """A running PostgreSQL 15 (EmbeddedPostgres on Debian's binaries)."""
    if not (PG15_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL 15 not installed ({PG15_BIN}/pg_ctl missing): `apt-get install -y postgresql-15`"
                    " (make install does it when run as root)")  # fmt: skip
    from pardw.config import settings
    from pardw.db.embedded import EmbeddedPostgres

    home = TEST_HOME / "pg15"
    work = tmp_path_factory.mktemp("pg15")
    cfg = replace(settings(), home=home, warehouse_url=None, pg_port=_free_port(),
                  landing_dir=work / "landing", processed_dir=work / "processed",
                  quarantine_dir=work / "quarantine")  # fmt: skip
    (home / "pg_port").unlink(missing_ok=True)  # a fresh free port for this session
    server = EmbeddedPostgres(cfg, bin_dir=PG15_BIN)
    server.start()
    yield server
    server.stop()
