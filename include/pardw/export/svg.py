"""Inline SVG charts for the HTML report (no external script, font or URL)."""

from __future__ import annotations

from html import escape

import pandas as pd

from pardw.dashboard.formatting import fmt_value, period_label
from pardw.dashboard.queries import TEMPLATE_CHANGE_DATE
from pardw.parse.provinces import MERGER_DATE

PALETTE = ("#1f6fb2", "#e67e22", "#27ae60", "#8e44ad", "#c0392b", "#16a085")


def bar_svg(data: pd.DataFrame, unit: str | None, median: float | None, width: int = 640) -> str:
    """Horizontal bars sorted by value, labels and values the Vietnamese way, a dashed median rule."""
    data = data.sort_values("value", ascending=False)
    row_h, left, right, top = 22, 170, 90, 26
    height = top + row_h * max(len(data), 1) + 10
    vmax = max([float(v) for v in data["value"]] + [float(median or 0), 1e-9])
    scale = (width - left - right) / vmax
    parts = [f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, r in enumerate(data.itertuples()):
        y = top + i * row_h
        w = max(float(r.value) * scale, 1)
        parts.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(str(r.label))}</text>'
        )
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{PALETTE[0]}"/>')
        parts.append(
            f'<text x="{left + w + 4:.1f}" y="{y + 15}" font-size="12">{escape(fmt_value(r.value, unit))}</text>'
        )
    if median is not None:
        x = left + float(median) * scale
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{height - 6}" stroke="#c0392b" '
                     'stroke-dasharray="6 3"/>')  # fmt: skip
        anchor, tx = ("end", x - 4) if x > width / 2 else ("start", x + 4)
        parts.append(
            f'<text x="{tx:.1f}" y="{top - 10}" font-size="12" fill="#c0392b" text-anchor="{anchor}">'
            f"Trung vị: {escape(fmt_value(median, unit))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_svg(data: pd.DataFrame, unit: str | None, width: int = 640, height: int = 260) -> str:
    """Series over the period end date: a line joins periods of one kind only (years, half-years, quarters),
    both axes fitted to the data, dashed rules at the merger and the template change when within the data."""
    left, right, top, bottom = 60, 170, 30, 40
    data = data.dropna(subset=["value"])
    dates = pd.to_datetime(data["end_date"]) if len(data) else pd.Series([pd.Timestamp("2025-01-01")])
    pad = max((dates.max() - dates.min()) * 0.08, pd.Timedelta(days=45))
    start, end = dates.min() - pad, dates.max() + pad
    span = max((end - start).days, 1)
    values = [float(v) for v in data["value"]] or [0.0]
    lo, hi = min(values), max(values)
    margin = (hi - lo) * 0.1 or max(abs(hi) * 0.1, 1.0)
    lo, hi = lo - margin, hi + margin

    def x_of(ts) -> float:
        return left + (pd.Timestamp(ts) - start).days / span * (width - left - right)

    def y_of(v: float) -> float:
        return top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom)

    parts = [f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<line x1="{left}" x2="{width - right}" y1="{height - bottom}" y2="{height - bottom}" stroke="#999"/>',
             f'<text x="{left}" y="{height - 8}" font-size="11">{start:%m/%Y}</text>',
             f'<text x="{width - right}" y="{height - 8}" font-size="11" text-anchor="end">{end:%m/%Y}</text>']  # fmt: skip
    for when, label, dy in (
        (MERGER_DATE, "Sáp nhập tỉnh 1/7/2025", 12),
        (TEMPLATE_CHANGE_DATE, "Mẫu 4625/BNV-CCHC", 26),
    ):
        if not start <= pd.Timestamp(when) <= end:
            continue
        x = x_of(when)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 10}" y2="{height - bottom}" stroke="#888" '
                     'stroke-dasharray="4 4"/>')  # fmt: skip
        parts.append(f'<text x="{x - 4:.1f}" y="{dy}" font-size="11" text-anchor="end" fill="#555">{label}</text>')
    kinds = data["period_type"].map(lambda t: "Q" if str(t).startswith("Q") else str(t)) if len(data) else []
    for i, (series, group) in enumerate(data.assign(kind=kinds).groupby("series", sort=True)):
        color = PALETTE[i % len(PALETTE)]
        for _kind, same in group.sort_values("end_date").groupby("kind"):
            points = [(x_of(r.end_date), y_of(float(r.value)), r) for r in same.itertuples()]
            if len(points) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
            for px, py, r in points:
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{color}">'
                             f"<title>{escape(str(series))} · {escape(period_label(r.period_key))}: "
                             f"{escape(fmt_value(r.value, unit))}</title></circle>")  # fmt: skip
                parts.append(
                    f'<text x="{px + 6:.1f}" y="{py - 6:.1f}" font-size="11">{escape(fmt_value(r.value, unit))}</text>'
                )
        parts.append(f'<text x="{width - right + 8}" y="{top + 16 * i}" font-size="12" fill="{color}">'
                     f"{escape(str(series))}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)
