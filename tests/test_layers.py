"""The package's layering, read from its import statements (top-level and inside functions).

The data walks parse -> load -> transform -> quality -> publish; a stage imports only the stages before it
and the shared modules (config, db), never a later one, and no module imports Airflow except the ones
written for it. A cycle anywhere in the import graph fails the test with the modules that form it.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "include" / "pardw"

# stage -> the pardw sub-packages/modules it may import (besides itself)
ALLOWED = {
    "config": set(),
    "procs": set(),  # child processes that die with their parent (shared, like config)
    "parse": {"config", "procs"},
    "db": {"config", "procs"},
    "load": {"config", "db", "parse", "procs"},
    "transform": {"config", "db", "procs"},
    "quality": {"config", "db"},
    "publish": {"config", "db", "quality"},
}
# upward imports allowed nowhere: the test fails on any, with its name
KNOWN_UPWARD: set[str] = set()
# the only modules that may import Airflow or cosmos (run by Airflow, or driving it from the CLI)
AIRFLOW_MODULES = {"pardw.orchestration", "pardw.airflow_runner", "pardw.cli", "pardw.bench.run"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _graph() -> dict[str, set[str]]:
    files = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        graph[name] = {imp for imp in _imports(path) if imp in files and imp != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (its modules in order), or [] when the graph has none."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        return exc.args[1]
    return []


def _stage(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def test_no_import_cycle():
    assert _cycle(_graph()) == []


def test_stages_import_only_earlier_stages():
    wrong = []
    for module, imports in _graph().items():
        stage = _stage(module)
        if stage not in ALLOWED:
            continue
        for imp in imports:
            target = _stage(imp)
            if target not in (stage, "pardw") and target not in ALLOWED[stage]:
                wrong.append(f"{module} imports {imp}")
    assert set(wrong) == KNOWN_UPWARD


def test_only_the_airflow_modules_import_airflow():
    importers = {m for m, p in _modules().items() if {i.split(".")[0] for i in _imports(p)} & {"airflow", "cosmos"}}
    assert importers <= AIRFLOW_MODULES, sorted(importers - AIRFLOW_MODULES)
