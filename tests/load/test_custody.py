"""Issue 15, defects 1, 2, 10, 11, 12: nothing lost on a crash, nothing overwritten, nothing skipped silently."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from pardw.config import PROJECT_ROOT, settings
from pardw.db.migrate import migrate
from pardw.load.ingest import ingest_paths

KIEN_GIANG = "000_d49b38bb6fe27dd3.txt"
GOOD = ["000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "002_c51abfc117effcaf.txt", "003_c3152b1089770077.txt"]


def _variants(sample_dir: Path, folder: Path, n: int, prefix: str = "r") -> list[Path]:
    """n distinct, valid reports (a sample with a unique trailing line)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = (sample_dir / GOOD[i % len(GOOD)]).read_text(encoding="utf-8")
        p = folder / f"{prefix}{i:04d}.txt"
        p.write_text(src + f"\nGhi chú nội bộ {i}\n", encoding="utf-8")
        out.append(p)
    return out


def _errors(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select file_name, reason, seen_count, quarantine_path from raw.ingestion_error order by file_name, reason"
        ).fetchall()


# -- 1: durability ------------------------------------------------------------------


def test_embedded_server_is_crash_safe_by_default(pg_server_url):
    with psycopg.connect(pg_server_url) as conn:
        got = dict(conn.execute(
            "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')"
        ).fetchall())  # fmt: skip
    assert got == {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kill_9_of_postgres_during_a_moving_ingest_loses_no_file(tmp_path, sample_dir):
    """A server killed with SIGKILL in the middle of `ingest --move`: after a restart and a rerun every
    file is in raw, and every file that reached processed/ was committed before it moved."""
    from pardw.db.embedded import EmbeddedPostgres

    n = 120
    home = tmp_path / "home"
    cfg = replace(settings(), home=home, pg_port=_free_port(), landing_dir=tmp_path / "landing",
                  processed_dir=tmp_path / "processed", quarantine_dir=tmp_path / "quarantine",
                  load_batch=1)  # fmt: skip
    server = EmbeddedPostgres(cfg)
    server.start()
    try:
        url = server.url()
        migrate(url)
        _variants(sample_dir, cfg.landing_dir, n)
        env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "include"), "PARDW_HOME": str(home),
               "PARDW_LOAD_BATCH": "1", "PARDW_PROCESSED_DIR": str(cfg.processed_dir),
               "PARDW_QUARANTINE_DIR": str(cfg.quarantine_dir)}  # fmt: skip
        script = textwrap.dedent(f"""
            from pardw.load.ingest import ingest_paths
            ingest_paths([{str(cfg.landing_dir)!r}], {url!r}, move=True)
        """)
        proc = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 120
        loaded = 0
        while time.monotonic() < deadline and loaded < 25:
            time.sleep(0.2)
            try:
                with psycopg.connect(url) as conn:
                    loaded = conn.execute("select count(*) from raw.ingested_file").fetchone()[0]
            except psycopg.Error:
                pass
        assert loaded >= 25, "the ingest did not get going"
        postmaster = int((cfg.pg_data_dir / "postmaster.pid").read_text().split()[0])
        _kill_9_server(postmaster)  # like a power cut: the postmaster and all its backends at once
        proc.wait(timeout=60)
        deadline = time.monotonic() + 30
        while server.is_running() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not server.is_running()
        server.start()  # crash recovery
        moved_before_rerun = sorted(p.name for p in cfg.processed_dir.iterdir())
        with psycopg.connect(url) as conn:
            committed = {r[0] for r in conn.execute("select file_name from raw.ingested_file")}
        # every file in processed/ was durably committed before it moved
        assert set(moved_before_rerun) <= committed
        assert 0 < len(moved_before_rerun) < n

        summary = ingest_paths([cfg.landing_dir], url, move=True, cfg=cfg)
        assert summary.quarantined == 0 and summary.skipped == 0
        with psycopg.connect(url) as conn:
            names = {r[0] for r in conn.execute("select file_name from raw.ingested_file")}
            documents = conn.execute("select count(*) from raw.document").fetchone()[0]
        assert sorted({f"r{i:04d}.txt" for i in range(n)} - names) == []
        assert documents == n
        assert list(cfg.landing_dir.iterdir()) == []
        assert len(list(cfg.processed_dir.iterdir())) == n
    finally:
        server.stop()


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _kill_9_server(postmaster: int) -> None:
    victims = [postmaster, *_children(postmaster)]
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() and "Z" not in _state(p) for p in victims):
        time.sleep(0.1)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


# -- 2: moves never overwrite ---------------------------------------------------------


def test_same_name_in_two_folders_keeps_both_files(migrated_db_url, sample_dir, cfg, tmp_path):
    a, b = cfg.landing_dir / "a", cfg.landing_dir / "b"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    (a / "baocao.txt").write_bytes((sample_dir / GOOD[0]).read_bytes())
    (b / "baocao.txt").write_bytes((sample_dir / GOOD[1]).read_bytes())
    (a / "rong.txt").write_bytes(b"")
    (b / "rong.txt").write_bytes(b"   \n")
    summary = ingest_paths([cfg.landing_dir], migrated_db_url, cfg=cfg, move=True)
    assert (summary.loaded, summary.quarantined) == (2, 2)

    processed = sorted(cfg.processed_dir.iterdir())
    assert len(processed) == 2
    assert {p.read_bytes() for p in processed} == {
        (sample_dir / GOOD[0]).read_bytes(),
        (sample_dir / GOOD[1]).read_bytes(),
    }
    with psycopg.connect(migrated_db_url) as conn:
        rows = conn.execute("select source_path, stored_path from raw.ingested_file order by source_path").fetchall()
    assert [r[0] for r in rows] == [str(a.resolve() / "baocao.txt"), str(b.resolve() / "baocao.txt")]
    assert sorted(r[1] for r in rows) == sorted(str(p) for p in processed)

    quarantined = sorted(p.name for p in cfg.quarantine_dir.iterdir() if not p.name.endswith(".reason.txt"))
    assert len(quarantined) == 2 and "rong.txt" in quarantined
    errors = _errors(migrated_db_url)
    assert [(e[0], e[1]) for e in errors] == [("rong.txt", "empty"), ("rong.txt", "empty")]
    assert len({e[3] for e in errors}) == 2  # two distinct quarantine paths, both files kept
    for e in errors:
        assert Path(e[3]).exists()


# -- 10: an unreadable file or a very long name does not stop the chunk -------------------


def test_unreadable_file_and_overlong_name_do_not_stop_the_chunk(migrated_db_url, sample_dir, cfg, tmp_path):
    landing = cfg.landing_dir
    _variants(sample_dir, landing, 15)
    secret = landing / "r0007_secret.txt"
    secret.write_bytes((sample_dir / GOOD[2]).read_bytes() + b"\nx\n")
    long_name = landing / ("b" * 246 + ".txt")  # 250 bytes: "<name>.reason.txt" would be 261
    long_name.write_bytes(b"")
    os.chmod(secret, 0)
    runner = _ingest_as_unprivileged_user if os.geteuid() == 0 else _ingest_in_process
    first = runner(migrated_db_url, cfg, secret)
    assert (first["loaded"], first["quarantined"]) == (15, 2)
    again = runner(migrated_db_url, cfg, secret)  # a rerun does not crash either
    assert (again["loaded"], again["quarantined"]) == (0, 0)
    with psycopg.connect(migrated_db_url) as conn:
        assert conn.execute("select count(*) from raw.document").fetchone()[0] == 15
    errors = {(e[0], e[1]): e for e in _errors(migrated_db_url)}
    assert ("r0007_secret.txt", "unreadable") in errors
    assert Path(errors[("r0007_secret.txt", "unreadable")][3]).name == "r0007_secret.txt"  # moved to quarantine
    assert errors[(long_name.name, "empty")][2] == 1  # one row, not one per run
    notes = [p for p in cfg.quarantine_dir.iterdir() if p.name.endswith(".reason.txt")]
    long_note = [p for p in notes if p.name.startswith("bbbb")]
    assert long_note and len(long_note[0].name.encode()) <= 255
    assert long_name.name in long_note[0].read_text(encoding="utf-8")


def _ingest_in_process(url, cfg, _secret) -> dict:
    return ingest_paths([cfg.landing_dir], url, cfg=cfg, move=True).to_dict()


def _ingest_as_unprivileged_user(url, cfg, secret) -> dict:
    """root reads any file: run the ingest as root without the capabilities that bypass file
    permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so the mode-000 file is unreadable."""
    import json
    import shutil

    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("setpriv (util-linux) is needed to drop root's permission bypass")
    script = textwrap.dedent(f"""
        import json
        from dataclasses import replace
        from pathlib import Path
        from pardw.config import settings
        from pardw.load.ingest import ingest_paths
        cfg = replace(settings(), landing_dir=Path({str(cfg.landing_dir)!r}), processed_dir=Path({str(cfg.processed_dir)!r}),
                      quarantine_dir=Path({str(cfg.quarantine_dir)!r}), load_batch=25)
        print(json.dumps(ingest_paths([cfg.landing_dir], {url!r}, cfg=cfg, move=True).to_dict()))
    """)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "include")}
    cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all", sys.executable, "-c", script]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- 11: links not followed, special and hidden files recorded ----------------------------


def test_links_fifos_and_hidden_files_are_recorded_never_followed(migrated_db_url, sample_dir, cfg, tmp_path):
    landing = cfg.landing_dir
    landing.mkdir(parents=True)
    (landing / KIEN_GIANG).write_bytes((sample_dir / KIEN_GIANG).read_bytes())
    (landing / "passwd.txt").symlink_to("/etc/passwd")
    (landing / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (landing / "linked_dir").symlink_to(sample_dir, target_is_directory=True)
    os.mkfifo(landing / "pipe.txt")
    (landing / ".~lock.baocao.txt#").write_text("lock", encoding="utf-8")
    fifo_arg = tmp_path / "arg_fifo"
    os.mkfifo(fifo_arg)

    started = time.monotonic()
    summary = ingest_paths([landing, fifo_arg], migrated_db_url, cfg=cfg, move=True)
    assert time.monotonic() - started < 60  # no FIFO was opened for reading
    status = {o.path.name: (o.status, o.reason) for o in summary.outcomes}
    assert status == {
        KIEN_GIANG: ("loaded", None),
        "passwd.txt": ("quarantined", "symlink"),
        "gone.txt": ("quarantined", "symlink"),
        "linked_dir": ("quarantined", "symlink"),
        "pipe.txt": ("skipped", "not_a_regular_file"),
        ".~lock.baocao.txt#": ("skipped", "hidden"),
        "arg_fifo": ("skipped", "not_a_regular_file"),
    }
    # the content of /etc/passwd was never copied anywhere
    passwd = Path("/etc/passwd").read_bytes()
    for p in cfg.quarantine_dir.iterdir():
        if p.is_file() and not p.is_symlink():
            assert p.read_bytes() != passwd
    assert (cfg.quarantine_dir / "passwd.txt").is_symlink()  # the link itself moved out of landing
    assert "links are not followed" in (cfg.quarantine_dir / "passwd.txt.reason.txt").read_text(encoding="utf-8")
    reasons = {(e[0], e[1]) for e in _errors(migrated_db_url)}
    assert reasons == {(n, r) for n, (s, r) in status.items() if s != "loaded"}
    assert sorted(p.name for p in landing.iterdir()) == [".~lock.baocao.txt#", "pipe.txt"]  # left where they are


def test_cli_copy_mode_never_copies_a_link_target(migrated_db_url, cfg, tmp_path):
    landing = cfg.landing_dir
    landing.mkdir(parents=True)
    (landing / "passwd.txt").symlink_to("/etc/passwd")
    summary = ingest_paths([landing], migrated_db_url, cfg=cfg, move=False)
    assert [(o.status, o.reason) for o in summary.outcomes] == [("quarantined", "symlink")]
    assert (landing / "passwd.txt").is_symlink()
    assert not (cfg.quarantine_dir / "passwd.txt").exists()


# -- 12: one error row per bad file, names kept ---------------------------------------------


def test_too_large_is_recorded_once_and_same_bytes_keep_both_names(migrated_db_url, sample_dir, cfg, tmp_path):
    small = replace(cfg, max_file_bytes=10_000)
    big = tmp_path / "in" / "lon.txt"
    big.parent.mkdir()
    big.write_bytes((sample_dir / KIEN_GIANG).read_bytes())
    (tmp_path / "in" / "trong_1.txt").write_bytes(b"")
    (tmp_path / "in" / "trong_2.txt").write_bytes(b"")
    for _ in range(3):
        ingest_paths([tmp_path / "in"], migrated_db_url, cfg=small)
    errors = [(e[0], e[1], e[2]) for e in _errors(migrated_db_url)]
    assert errors == [("lon.txt", "too_large", 3), ("trong_1.txt", "empty", 3), ("trong_2.txt", "empty", 3)]


def test_cli_ingest_exit_status_says_something_was_quarantined(migrated_db_url, sample_dir, tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / KIEN_GIANG).write_bytes((sample_dir / KIEN_GIANG).read_bytes())
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "include"), "PARDW_WAREHOUSE_URL": migrated_db_url,
           "PARDW_QUARANTINE_DIR": str(tmp_path / "q"), "COLUMNS": "200"}  # fmt: skip
    pardw = [sys.executable, "-m", "pardw.cli", "ingest"]
    ok = subprocess.run([*pardw, str(good)], env=env, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr[-2000:]
    (good / "empty.txt").write_bytes(b"")
    bad = subprocess.run([*pardw, str(good)], env=env, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 3, bad.stderr[-2000:]
    assert "empty.txt: empty" in bad.stdout


def test_reruns_on_the_same_bytes_add_no_copy_to_processed_or_quarantine(migrated_db_url, sample_dir, cfg, tmp_path):
    """Issue 26, 6 (and issue 25): a bad file ingested again without --move is not copied to quarantine/
    a second time; the same good file dropped into landing again does not add a copy to processed/."""
    landing = tmp_path / "again"
    landing.mkdir()
    bad = landing / "trống.txt"
    bad.write_bytes(b"")
    good = landing / KIEN_GIANG
    good.write_bytes((sample_dir / KIEN_GIANG).read_bytes())
    for _ in range(3):  # the CLI's default: copies, nothing moved
        ingest_paths([bad], migrated_db_url, cfg=cfg)
    assert sorted(p.name for p in cfg.quarantine_dir.iterdir()) == ["trống.txt", "trống.txt.reason.txt"]
    for _ in range(3):  # with --move, the same bytes dropped in again each time
        good.write_bytes((sample_dir / KIEN_GIANG).read_bytes())
        ingest_paths([good], migrated_db_url, cfg=cfg, move=True)
        assert not good.exists()
    assert [p.name for p in cfg.processed_dir.iterdir()] == [KIEN_GIANG]
    assert [(n, s) for n, _r, s, _q in _errors(migrated_db_url)] == [("trống.txt", 3)]
    # a different file under the same name still gets a place of its own
    good.write_bytes((sample_dir / KIEN_GIANG).read_bytes() + b"\nGhi ch\xc3\xba\n")
    ingest_paths([good], migrated_db_url, cfg=cfg, move=True)
    assert len(list(cfg.processed_dir.iterdir())) == 2
