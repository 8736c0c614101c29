"""Printing findings for a data steward: per report, with file:line, observed vs expected."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table

from pardw.quality.validate import Finding, ValidationSummary


def render_findings(summary: ValidationSummary, console: Console, file: str | None = None) -> None:
    findings = [f for f in summary.findings if file is None or f.file_name == file]
    console.print(
        f"validation [bold]{summary.run_id}[/bold]: {summary.blocking} blocking, {summary.warnings} warnings"
        f" ({summary.expectations} expectations)"
    )
    if summary.docs_path:
        console.print(f"Data Docs: {summary.docs_path}")

    def key(f: Finding) -> str:
        return f.file_name or "(warehouse-wide)"

    for name, group in groupby(sorted(findings, key=lambda f: (key(f), f.line or 0)), key=key):
        items = list(group)
        table = Table(title=f"{name}  ({items[0].report_number or 'no số báo cáo'})", show_lines=False)
        for col in ("where", "severity", "rule", "observed", "expected", "message"):
            table.add_column(col, overflow="fold")
        for f in items:
            where = f"{f.file_name}:{f.line}" if f.file_name and f.line else (f.file_name or "-")
            style = "red" if f.severity == "blocking" else "yellow"
            table.add_row(
                where, f"[{style}]{f.severity}[/{style}]", f.rule, f.observed or "", f.expected or "", f.message
            )
        console.print(table)
