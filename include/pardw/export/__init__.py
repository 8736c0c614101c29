"""Exports of the dashboard views: an Excel workbook and a self-contained HTML report.

``write_exports(url, out_dir)`` reads the published marts (through the same queries as the
dashboards, as a reader login) and writes ``pardw_cchc.xlsx`` and ``pardw_cchc.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WORKBOOK_NAME = "pardw_cchc.xlsx"
HTML_NAME = "pardw_cchc.html"


@dataclass(frozen=True)
class ExportResult:
    workbook: Path
    html: Path
    sheets: tuple[str, ...]


def write_exports(url: str, out_dir: Path) -> ExportResult:
    from pardw.export.html_report import write_html
    from pardw.export.views import collect_views
    from pardw.export.workbook import write_workbook

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    views = collect_views(url)
    workbook = write_workbook(views, out_dir / WORKBOOK_NAME)
    html = write_html(views, out_dir / HTML_NAME)
    return ExportResult(workbook=workbook, html=html, sheets=tuple(v.sheet for v in views.tables))
