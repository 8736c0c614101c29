"""`pardw db url --role`, `db check-roles`, and no password printed unless asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

PARDW = str(Path(sys.executable).with_name("pardw"))


def _pardw(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARDW_") or k in ("PARDW_HOME", "PARDW_PG_PORT")}
    return subprocess.run([PARDW, *args], capture_output=True, text=True, check=check, env=env)


@pytest.mark.parametrize("role", ["loader", "transformer", "reader"])
def test_db_url_per_role(pg_server_url, role):
    url = _pardw("db", "url", "--role", role).stdout.strip()
    parts = urlsplit(url)
    assert (parts.username, parts.hostname, parts.path) == (f"pardw_{role}_login", "127.0.0.1", "/pardw")
    with psycopg.connect(url) as conn:
        assert conn.execute("select current_user").fetchone()[0] == f"pardw_{role}"


def test_reader_url_from_the_cli_is_denied_raw(pg_server_url):
    url = _pardw("db", "url", "--role", "reader").stdout.strip()
    with psycopg.connect(url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        conn.execute("select count(*) from raw.document")


def test_start_and_status_print_no_password(pg_server_url):
    admin_password = urlsplit(pg_server_url).password
    reader_password = urlsplit(_pardw("db", "url", "--role", "reader").stdout.strip()).password
    for command in (["db", "start"], ["db", "status"]):
        out = _pardw(*command)
        text = out.stdout + out.stderr
        assert admin_password not in text and reader_password not in text, command
        assert "pardw_reader_login:***@127.0.0.1" in text and "pardw db url --role reader" in text


def test_check_roles_passes_on_the_embedded_server(pg_server_url):
    out = _pardw("db", "check-roles")
    assert "WRONG" not in out.stdout and "checks passed" in out.stdout
    assert urlsplit(pg_server_url).password not in out.stdout


def test_unknown_role_is_refused(pg_server_url):
    out = _pardw("db", "url", "--role", "root", check=False)
    assert out.returncode == 2 and "unknown role 'root'" in out.stderr


def test_db_url_without_role_never_prints_the_superuser_password(pg_server_url):
    """Issue 26, 6: the owner's password only with --role admin; the default is the read-only reader."""
    admin_password = urlsplit(pg_server_url).password
    url = _pardw("db", "url").stdout.strip()
    assert admin_password not in url and urlsplit(url).username == "pardw_reader_login"
    assert urlsplit(_pardw("db", "url", "--role", "admin").stdout.strip()).password == admin_password
