"""Issue 26, 6: the embedded superuser's password is never readable by others, not even while
initdb runs."""

from __future__ import annotations

import os
import stat
from dataclasses import replace

from pardw.config import settings
from pardw.db.embedded import EmbeddedPostgres


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_password_files_are_private_from_their_creation(tmp_path):
    cfg = replace(settings(), home=tmp_path / "home", warehouse_url=None)
    server = EmbeddedPostgres(cfg)
    seen: dict[str, int] = {}
    real_run = server._run

    def run(args, check=True):  # the real initdb, with the password file's mode noted as it starts
        if args[0] == "initdb":
            pwfile = next(a.split("=", 1)[1] for a in args if a.startswith("--pwfile="))
            seen["pwfile"] = _mode(pwfile)
            seen["umask"] = os.umask(0o077)
            os.umask(seen["umask"])
        return real_run(args, check=check)

    server._run = run
    previous = os.umask(0o000)  # the worst umask a caller could have
    try:
        server.init()
    finally:
        os.umask(previous)
    assert seen == {"pwfile": 0o600, "umask": 0o077}
    assert _mode(server.password_file) == 0o600
    assert not (cfg.home / ".initdb_pw").exists()
    assert _mode(cfg.pg_data_dir) & 0o077 == 0  # the data folder too
