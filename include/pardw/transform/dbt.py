"""dbt runs for `pardw transform`, tests and benchmarks (the DAG uses cosmos instead).

dbt runs as a subprocess, the ``dbt`` executable beside ``sys.executable`` (else on PATH), and is given its
connection explicitly: ``dbt_env`` turns the warehouse URL into the PARDW_DBT_* variables that
``dbt_project/profiles.yml`` reads, and they are passed in the child's environment only. This
process's ``os.environ`` is never changed, the password is neither on dbt's command line nor in
``--vars`` (dbt writes those to target/run_results.json), and no credentials are written anywhere.
dbt's output goes through to stdout as it runs; the results are read from target/run_results.json
(each node's name, type, path and tags from target/manifest.json) after the run. The price is dbt's
start-up in every run (about 2.6 s on a 2-core machine); two runs at once on one project share its
target folder, which dbt supports neither in-process nor as subprocesses: processes that run dbt at the
same time (the test workers) each set their own PARDW_DBT_TARGET_DIR.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pardw import procs
from pardw.config import settings


def target_dir() -> Path:
    """dbt's target folder (PARDW_DBT_TARGET_DIR, by default the project's ``target``), passed as --target-path,
    so the results are read where dbt wrote them."""
    return settings().dbt_target_dir


def log_dir() -> Path:
    """dbt's log folder, beside the target folder (the project's ``logs`` by default), passed as --log-path."""
    return target_dir().parent / "logs"


FAILED = frozenset({"error", "fail", "runtime error"})
TAIL_LINES = 40  # of dbt's output, in a DbtError when dbt failed before running any node
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class DbtError(RuntimeError):
    pass


@dataclass(frozen=True)
class NodeResult:
    """One node of a dbt run: target/run_results.json, with the node's name, type, path and tags from the manifest."""

    unique_id: str
    status: str  # success, pass, fail, warn, error, skipped, no-op, ...
    message: str
    resource_type: str  # model, seed, test, unit_test, ...
    name: str
    original_file_path: str = ""
    tags: tuple[str, ...] = ()


def dbt_env(url: str) -> dict[str, str]:
    """libpq URL -> the PARDW_DBT_* variables profiles.yml reads."""
    from pardw.db.session import options as session_options

    parts = urlsplit(url)
    return {
        "PARDW_DBT_HOST": parts.hostname or "127.0.0.1",
        "PARDW_DBT_PORT": str(parts.port or 5432),
        "PARDW_DBT_USER": unquote(parts.username or "postgres"),
        "PARDW_DBT_PASSWORD": unquote(parts.password or ""),
        "PARDW_DBT_DBNAME": (parts.path or "/pardw").lstrip("/") or "pardw",
        "PGOPTIONS": session_options(),  # lock/statement/idle-in-transaction time limits (pardw.db.session)
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }


def _dbt_executable() -> str:
    beside = Path(sys.executable).parent / "dbt"
    if beside.is_file():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise DbtError(f"no dbt executable beside {sys.executable} or on PATH")
    return found


def _run(cmd: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run dbt, its output through to stdout as it comes (its colours only on a terminal: a log file or a
    pipe gets plain text); (exit status, the last lines of its output)."""
    tail: deque[str] = deque(maxlen=TAIL_LINES)
    terminal = sys.stdout.isatty()
    # dbt dies with this process (its own process group, a parent-death signal: pardw.procs), so a
    # killed `pardw transform` leaves no build running and holding locks
    with procs.popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace"
    ) as proc:
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                plain = _ANSI.sub("", line)
                sys.stdout.write(line if terminal else plain)
                sys.stdout.flush()
                tail.append(plain.rstrip())
        except BaseException:  # Ctrl+C reaches this process only: stop dbt with it
            procs.kill_group(proc)
            raise
    return proc.returncode, "\n".join(tail)


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def _manifest_nodes(target: Path) -> dict[str, dict]:
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}


def _node_result(run: dict, node: dict) -> NodeResult:
    unique_id = run["unique_id"]
    tags = node.get("tags") or node.get("config", {}).get("tags") or ()
    return NodeResult(
        unique_id=unique_id,
        status=str(run.get("status") or ""),
        message=str(run.get("message") or ""),
        resource_type=node.get("resource_type") or unique_id.split(".", 1)[0],
        name=node.get("name") or unique_id.rsplit(".", 1)[-1],
        original_file_path=node.get("original_file_path") or "",
        tags=tuple(tags),
    )


def _read_results(target: Path, mtime_before: int | None) -> list[NodeResult] | None:
    """The run's results, or None when it wrote none (`dbt parse`, or dbt failed before running a node)."""
    path = target / "run_results.json"
    if _mtime(path) in (None, mtime_before):
        return None
    try:
        runs = json.loads(path.read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError):
        return None
    nodes = _manifest_nodes(target)
    return [_node_result(r, nodes.get(r["unique_id"], {})) for r in runs]


def run_dbt(args: list[str], url: str) -> list[NodeResult]:
    """Run a dbt command in a subprocess given the connection of ``url``; raise DbtError naming the failed
    nodes, or with the end of dbt's output when it failed before running any (bad arguments, no connection)."""
    conn = dbt_env(url)
    project, target = settings().dbt_project_dir, target_dir()
    cmd = [_dbt_executable(), *args, "--project-dir", str(project), "--profiles-dir", str(project)]
    cmd += ["--target-path", str(target), "--log-path", str(log_dir())]
    before = _mtime(target / "run_results.json")
    status, tail = _run(cmd, {**os.environ, **conn, "PYTHONIOENCODING": "utf-8"})
    results = _read_results(target, before)
    failed = [r for r in results or [] if r.status in FAILED]
    if status == 0 and not failed:
        return results or []
    if failed:
        lines = [f"{r.unique_id}: {r.message.strip()[:300]}" for r in failed]
        message = f"dbt {' '.join(args)} failed on {len(failed)} node(s):\n" + "\n".join(lines)
    else:
        message = f"dbt {' '.join(args)} failed (exit status {status}); the end of its output:\n{tail}"
    password = conn["PARDW_DBT_PASSWORD"]
    raise DbtError(message.replace(password, "***") if password else message)


def build(
    url: str,
    select: str | None = None,
    full_refresh: bool = False,
    selector: str = "warehouse",
) -> list:
    """`dbt build` (seeds, models, data and unit tests) of a selection of dbt_project/selectors.yml:
    ``warehouse`` (everything but the DQ marts) or ``dq`` (the DQ marts, after validation).
    ``select`` replaces the selector with an ad-hoc selection (`pardw transform --select`)."""
    args = ["build", "--select", select] if select else ["build", "--selector", selector]
    if full_refresh:
        args.append("--full-refresh")
    return run_dbt(args, url)


def parse(url: str) -> None:
    """Write target/manifest.json (cosmos renders the DAG's dbt tasks from it)."""
    run_dbt(["parse"], url)


def docs_generate(url: str) -> None:
    run_dbt(["docs", "generate"], url)
