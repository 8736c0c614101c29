"""The self-contained HTML report: compact, in Vietnamese, for printing. Per province and period the headline
indicators that have a value (with their source), the maps, each ranking's reporting units, the trends, the
data-quality findings and the coverage of the units that reported; charts as inline SVG, no external URL.
Times are Vietnam's (UTC+7). Numbers go through pardw.dashboard.formatting, as on the dashboard."""

from __future__ import annotations

import math
from datetime import date, datetime
from html import escape
from pathlib import Path

import pandas as pd

from pardw.dashboard.coverage import UNIT_COLUMN
from pardw.dashboard.formatting import MISSING, fmt_local_time, fmt_number, fmt_published, fmt_value
from pardw.dashboard.map_svg import map_svg
from pardw.export.svg import bar_svg, line_svg
from pardw.export.views import Table, Views

FINDING_COLUMNS_PRINTED = ("Mức độ", "Quy tắc", "Tỉnh", "Kỳ", "Vị trí (tệp:dòng)", "Báo cáo ghi", "Kỳ vọng")
STYLE = """
@page{size:A4;margin:14mm}
body{font-family:'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;margin:18px;color:#222;font-size:12px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin-top:22px;border-bottom:2px solid #1f6fb2;
page-break-after:avoid}h3{font-size:13px;margin:14px 0 4px;page-break-after:avoid}
table{border-collapse:collapse;font-size:11px;margin:4px 0}tr{page-break-inside:avoid}
th{background:#1f6fb2;color:#fff;text-align:left;padding:3px 6px}
td{border-bottom:1px solid #ddd;padding:2px 6px;vertical-align:top;overflow-wrap:anywhere}td.n{text-align:right;white-space:nowrap}
.exception{color:#8a1c00;background:#fff3e0;padding:4px 6px;margin:4px 0;font-size:12px}
.help{color:#666;font-style:italic;font-size:11px;margin:2px 0}figure{margin:8px 0;page-break-inside:avoid}
figcaption{font-weight:600;font-size:12px}.grid{display:flex;flex-wrap:wrap;gap:12px}
"""


def _cell(value, unit: str | None, numeric: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return MISSING if numeric else ""
    if numeric and isinstance(value, (int, float)):
        return escape(fmt_value(value, unit) if unit != "Hạng" else fmt_number(value))
    if isinstance(value, datetime):
        return escape(fmt_local_time(value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return escape(str(value))


def _table_html(table: Table, frame: pd.DataFrame | None = None) -> str:
    frame = table.frame if frame is None else frame
    cols = list(frame.columns)
    head = "".join(f"<th>{escape(str(c))}</th>" for c in cols)
    body = []
    for record in frame.itertuples(index=False):
        row_unit = record[cols.index(table.unit_column)] if table.unit_column in cols else None
        cells = []
        for name, value in zip(cols, record, strict=True):
            numeric = name in table.units
            unit = table.units.get(name) if table.units.get(name) is not None else row_unit
            cls = ' class="n"' if numeric else ""
            cells.append(f"<td{cls}>{_cell(value, unit, numeric)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(cols) or 1}">(không có dòng nào)</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _scorecards(views: Views) -> list[str]:
    out = ["<h2>Bảng điểm theo tỉnh và kỳ</h2><p class='help'>Các chỉ tiêu chính có số liệu, theo phụ lục của báo "
           "cáo hiện hành của UBND tỉnh, kèm nơi ghi trong tệp (tệp:dòng).</p>"]  # fmt: skip
    for title, kpis in views.scorecards:
        rows = "".join(
            f"<tr><td>{escape(r.domain_key)}</td><td>{escape(r.name_vi)}</td>"
            f"<td class='n'>{escape(fmt_value(r.value, r.unit))}</td>"
            f"<td>{escape(f'{r.file_name}:{int(r.line)}')}</td></tr>"
            for r in kpis.itertuples()
        )
        out.append(f"<h3>{escape(title)}</h3><table><thead><tr><th>Lĩnh vực</th><th>Chỉ tiêu</th><th>Giá trị</th>"
                   f"<th>Nguồn (tệp:dòng)</th></tr></thead><tbody>{rows}</tbody></table>")  # fmt: skip
    return out


def _rankings(views: Views) -> list[str]:
    """A bar chart per ranking where two or more units reported; the single reports in one table."""
    out = ["<h2>Xếp hạng tỉnh, thành phố</h2><p class='help'>Chỉ các đơn vị có số liệu; trung vị toàn quốc khi có "
           "từ 3 đơn vị báo cáo trở lên.</p>"]  # fmt: skip
    single = []
    for chart in (c for c in views.charts if c.kind == "bar"):
        if len(chart.data) >= 2:
            out.append(f"<figure><figcaption>{escape(chart.title)}</figcaption>"
                       f"{bar_svg(chart.data, chart.unit, chart.median)}</figure>")  # fmt: skip
        elif len(chart.data) == 1:
            row = chart.data.iloc[0]
            single.append(f"<tr><td>{escape(chart.title)}</td><td>{escape(str(row['label']))}</td>"
                          f"<td class='n'>{escape(fmt_value(row['value'], chart.unit))}</td></tr>")  # fmt: skip
    if single:
        out.append("<h3>Chỉ một đơn vị có số liệu</h3><table><thead><tr><th>Chỉ tiêu, kỳ</th><th>Tỉnh, thành phố</th>"
                   f"<th>Giá trị</th></tr></thead><tbody>{''.join(single)}</tbody></table>")  # fmt: skip
    return out


def _trends(views: Views) -> list[str]:
    out = ["<h2>Xu hướng qua sáp nhập</h2><p class='help'>Đường chỉ nối các kỳ cùng loại (năm, 6 tháng, quý); "
           "trước 7/2025 các tỉnh cũ được cộng lại.</p>"]  # fmt: skip
    for chart in (c for c in views.charts if c.kind == "line"):
        if chart.data["value"].notna().any():
            out.append(f"<figure><figcaption>{escape(chart.title)}</figcaption>{line_svg(chart.data, chart.unit)}"
                       "</figure>")  # fmt: skip
    trend = next((t for t in views.tables if t.sheet == "Xu hướng"), None)
    if trend is not None and not trend.frame.empty:
        out.append(_table_html(trend, trend.frame.dropna(subset=["Giá trị"]).drop(columns=["Cuối kỳ"])))
    return out


def _maps(views: Views) -> list[str]:
    if not views.maps:
        return []
    figures = "".join(
        f"<figure><figcaption>{escape(m.title)}</figcaption>{map_svg(m.generation, m.values, m.unit, m.title, 300)}"
        "</figure>"
        for m in views.maps
    )
    return [f"<h2>Bản đồ</h2><div class='grid'>{figures}</div>"]


def _others(views: Views) -> list[str]:
    out = []
    for table in views.tables:
        frame = table.frame
        if table.sheet.startswith("Độ phủ"):
            periods = [c for c in frame.columns if c != UNIT_COLUMN]
            shown = frame[(frame[periods] != "").any(axis=1)] if periods else frame.iloc[0:0]
            out.append(f"<h2>{escape(table.title_vi)}</h2><p class='help'>{len(shown)}/{len(frame)} đơn vị có báo "
                       "cáo (✔ UBND tỉnh, ◐ chỉ cơ quan, sở)</p>")  # fmt: skip
            if len(shown):
                out.append(_table_html(table, shown))
        elif table.sheet == "Chất lượng dữ liệu" and not frame.empty:  # the printable columns; all of them in .xlsx
            shown = frame[[c for c in FINDING_COLUMNS_PRINTED if c in frame.columns]]
            out.append(f"<h2>{escape(table.title_vi)}</h2><p class='help'>{len(frame)} phát hiện; mô tả đầy đủ trong "
                       "tệp Excel (sheet Chất lượng dữ liệu).</p>" + _table_html(table, shown))  # fmt: skip
        elif table.sheet == "Chưa công bố" and not frame.empty:
            out.append(f"<h2>{escape(table.title_vi)}</h2>{_table_html(table)}")
    return out


def render_html(views: Views) -> str:
    sections = [
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
        "<title>Báo cáo cải cách hành chính — pardw</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Báo cáo cải cách hành chính (CCHC) — số liệu đã công bố</h1>",
        f"<p class='help'>{escape(fmt_published(views.published_at))} · tạo lúc "
        f"{escape(fmt_local_time(views.generated_at))} · số viết theo cách Việt Nam (1.993; 96,91 %).</p>",
        *(f"<p class='exception'><strong>⚠ {escape(line)}</strong></p>" for line in views.exceptions),
    ]
    for part in (_scorecards, _maps, _rankings, _trends, _others):
        sections.extend(part(views))
    sections.append("</body></html>")
    return "\n".join(sections)


def write_html(views: Views, path: Path) -> Path:
    path.write_text(render_html(views), encoding="utf-8")
    return path
