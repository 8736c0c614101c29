"""Printing findings for a data steward: per report, with file:line, observed vs expected.

``table`` is for people (never wrapped into unreadable columns when piped: ``file:line`` is
kept whole); ``json`` (one object: the run and its findings) and ``tsv`` (a header and one line
per finding, tabs and newlines in values replaced by spaces) are for scripts.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from itertools import groupby

from rich.console import Console
from rich.table import Table

from pardw.quality.validate import Finding, ValidationSummary

TSV_COLUMNS = ("file_name", "line", "severity", "rule", "report_number", "indicator_key", "observed", "expected",
               "message")  # fmt: skip


def render_findings(summary: ValidationSummary, console: Console, file: str | None = None, fmt: str = "table") -> None:
    """Print the run's findings (of one file when ``file`` is given) in ``fmt``, one of FORMATS."""
    findings = [f for f in summary.findings if file is None or f.file_name == file]
    _RENDERERS[fmt](summary, findings, console)


def _json(summary: ValidationSummary, findings: list[Finding], console: Console) -> None:
    doc = {"run_id": summary.run_id, "status": summary.status, "outcome": summary.outcome,
           "blocking": summary.blocking, "warnings": summary.warnings, "expectations": summary.expectations,
           "errors": summary.errors, "findings": [asdict(f) for f in findings]}  # fmt: skip
    console.file.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def _tsv(summary: ValidationSummary, findings: list[Finding], console: Console) -> None:
    out = console.file
    out.write("\t".join(TSV_COLUMNS) + "\n")
    for f in findings:
        values = ["" if getattr(f, c) is None else str(getattr(f, c)) for c in TSV_COLUMNS]
        out.write("\t".join(" ".join(v.split()) for v in values) + "\n")


def _table(summary: ValidationSummary, findings: list[Finding], console: Console) -> None:
    if not console.is_terminal:  # piped: wide enough that no column is folded into fragments
        console = Console(file=console.file, width=max(console.width, 220), no_color=True, soft_wrap=False)
    console.print(
        f"validation [bold]{summary.run_id}[/bold]: {summary.blocking} blocking, {summary.warnings} warnings"
        + (f", {summary.accepted} blocking accepted by a steward" if summary.accepted else "")
        + f" ({summary.expectations} expectations)"
    )
    for error in summary.errors:
        console.print(f"[red]error[/red] (the run, not the data): {error}", soft_wrap=True)
    if summary.docs_path:
        console.print(f"Data Docs: {summary.docs_path}")

    def key(f: Finding) -> str:
        return f.file_name or "(warehouse-wide)"

    for name, group in groupby(sorted(findings, key=lambda f: (key(f), f.line or 0)), key=key):
        items = list(group)
        table = Table(title=f"{name}  ({items[0].report_number or 'no số báo cáo'})", show_lines=False)
        table.add_column("where", no_wrap=True)
        for col in ("severity", "rule", "observed", "expected", "message"):
            table.add_column(col, overflow="fold")
        for f in items:
            where = f"{f.file_name}:{f.line}" if f.file_name and f.line else (f.file_name or "-")
            style = "red" if f.severity == "blocking" and not f.decision else "yellow"
            severity = f"{f.severity} ({f.decision})" if f.decision else f.severity
            message = f.message + (f" [{f.finding_key}]" if f.finding_key else "")
            table.add_row(where, f"[{style}]{severity}[/{style}]", f.rule, f.observed or "", f.expected or "", message)
        console.print(table)


_RENDERERS = {"table": _table, "json": _json, "tsv": _tsv}
FORMATS = tuple(_RENDERERS)
