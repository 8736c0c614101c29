"""The self-contained HTML report: every view as a table, charts as inline SVG, no external URL."""

from __future__ import annotations

import math
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd

from pardw.dashboard.formatting import MISSING, fmt_number, fmt_value
from pardw.export.svg import bar_svg, line_svg
from pardw.export.views import Table, Views

STYLE = """
body{font-family:'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:2px solid #1f6fb2}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
th{background:#1f6fb2;color:#fff;text-align:left;padding:4px 8px}
td{border-bottom:1px solid #ddd;padding:3px 8px;vertical-align:top}td.n{text-align:right;white-space:nowrap}
.help{color:#666;font-style:italic;font-size:13px}figure{margin:12px 0}figcaption{font-weight:600;font-size:13px}
"""


def _cell(value, unit: str | None, numeric: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return MISSING if numeric else ""
    if numeric and isinstance(value, (int, float)):
        return escape(fmt_value(value, unit) if unit != "Hạng" else fmt_number(value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return escape(str(value))


def _table_html(table: Table) -> str:
    cols = list(table.frame.columns)
    head = "".join(f"<th>{escape(str(c))}</th>" for c in cols)
    body = []
    for record in table.frame.itertuples(index=False):
        row_unit = record[cols.index(table.unit_column)] if table.unit_column else None
        cells = []
        for name, value in zip(cols, record, strict=True):
            numeric = name in table.units
            unit = table.units.get(name) if table.units.get(name) is not None else row_unit
            cls = ' class="n"' if numeric else ""
            cells.append(f"<td{cls}>{_cell(value, unit, numeric)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(cols) or 1}">(không có dòng nào — no rows)</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(views: Views) -> str:
    sections = [
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
        "<title>Báo cáo cải cách hành chính — pardw</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Báo cáo cải cách hành chính (CCHC) — số liệu đã công bố</h1>",
        f"<p class='help'>Public administration reform reports: published warehouse marts, generated "
        f"{views.generated_at:%d/%m/%Y %H:%M} UTC. Numbers are written the Vietnamese way (1.993; 96,91 %).</p>",
    ]
    charts = {
        "bar": [c for c in views.charts if c.kind == "bar"],
        "line": [c for c in views.charts if c.kind == "line"],
    }
    for table in views.tables:
        sections.append(f"<h2>{escape(table.title_vi)}</h2><p class='help'>{escape(table.help_en)}</p>")
        if table.sheet == "Xếp hạng":
            for chart in charts["bar"]:
                svg = bar_svg(chart.data, chart.unit, chart.median)
                sections.append(f"<figure><figcaption>{escape(chart.title)}</figcaption>{svg}</figure>")
        if table.sheet == "Xu hướng":
            for chart in charts["line"]:
                svg = line_svg(chart.data, chart.unit)
                sections.append(f"<figure><figcaption>{escape(chart.title)}</figcaption>{svg}</figure>")
        sections.append(_table_html(table))
    sections.append("</body></html>")
    return "\n".join(sections)


def write_html(views: Views, path: Path) -> Path:
    path.write_text(render_html(views), encoding="utf-8")
    return path
