"""The province map as inline SVG, shared by the dashboard's map page and the HTML export (pure; no tile
server, no external URL, no geometry library): the shipped boundaries of one generation of provincial units
(geo/provinces_vn.json: the 63 provinces until 30/6/2025, the 34 units from 1/7/2025; source and licence in
geo/SOURCE.md), each unit filled by its value on a sequential scale, grey when it did not report."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from pathlib import Path

from pardw.dashboard.formatting import MISSING, fmt_value

GEO_FILE = Path(__file__).resolve().parent / "geo" / "provinces_vn.json"
NO_DATA = "#e5e5e5"
# light to dark blue, 5 classes (ColorBrewer "Blues", designed for sequential data)
PALETTE = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
GENERATION_OF = {"before": "63", "after": "34", "63": "63", "34": "34"}
# the archipelagos (their islands are in the boundaries, too small to see): where to name them
ARCHIPELAGOS = (("Quần đảo Hoàng Sa", 112.0, 16.9), ("Quần đảo Trường Sa", 113.0, 9.4))


@lru_cache(maxsize=1)
def boundaries() -> dict:
    return json.loads(GEO_FILE.read_text(encoding="utf-8"))


def unit_codes(generation: str) -> list[str]:
    """The unit codes of a generation ('63'/'before' or '34'/'after') the map draws."""
    return sorted(boundaries()["generations"][GENERATION_OF[generation]])


def _classes(values: list[float]) -> list[float]:
    """Upper bounds of equal-width classes over the reported values (one class when they are all equal)."""
    lo, hi = min(values), max(values)
    if hi == lo:
        return [hi]
    step = (hi - lo) / len(PALETTE)
    return [lo + step * (i + 1) for i in range(len(PALETTE))]


def _colour(value: float | None, bounds: list[float]) -> str:
    if value is None:
        return NO_DATA
    if len(bounds) == 1:
        return PALETTE[-1]
    for colour, bound in zip(PALETTE, bounds, strict=True):
        if value <= bound + 1e-9:
            return colour
    return PALETTE[-1]


def map_svg(
    generation: str, values: Mapping[str, float | None], unit: str | None, title: str = "", width: int = 420
) -> str:
    """An SVG map of the units of ``generation``, filled by ``values`` (unit code -> value; a missing or None
    value is "no report"), each unit a ``<path data-unit=code>`` with a tooltip (name: value), and a legend."""
    geo = boundaries()
    units = geo["generations"][GENERATION_OF[generation]]
    w, h = geo["width"], geo["height"]
    reported = [float(v) for c, v in values.items() if c in units and v is not None and v == v]
    bounds = _classes(reported) if reported else []
    legend_h = 24 + 18 * (len(set(bounds)) + 1)
    height = round(width * h / w)
    parts = [
        f'<svg role="img" data-map="provinces" data-generation="{escape(generation)}"'
        f' width="{width}" height="{height + legend_h}" viewBox="0 0 {w} {h + legend_h * w / width:.0f}"'
        f' aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>" if title else "",
    ]
    for code in sorted(units):
        unit_geo = units[code]
        value = values.get(code)
        value = None if value is None or value != value else float(value)
        label = f"{unit_geo['name']}: {fmt_value(value, unit) if value is not None else 'chưa báo cáo'}"
        parts.append(
            f'<path data-unit="{escape(code)}" data-value="{"" if value is None else value}" d="{unit_geo["d"]}"'
            f' fill="{_colour(value, bounds)}" stroke="#ffffff" stroke-width="0.6"><title>{escape(label)}</title></path>'
        )
    for name, lon, lat in ARCHIPELAGOS:
        x, y = _project(geo, lon, lat)
        parts.append(f'<text x="{x:.0f}" y="{y:.0f}" font-size="9" fill="#555" text-anchor="middle">{name}</text>')
    parts.append(_legend(bounds, reported, unit, h + 6, w / width))
    parts.append("</svg>")
    return "".join(parts)


def svg_height(svg: str) -> int:
    """The pixel height of a map ``map_svg`` drew (for the frame that shows it)."""
    return int(svg.split('height="', 1)[1].split('"', 1)[0])


def _project(geo: dict, lon: float, lat: float) -> tuple[float, float]:
    """Map coordinates of a point, the projection of scripts/build_province_map.py."""
    x0, y1, scale, cos = geo["origin"][0], geo["origin"][1], geo["scale"], geo["cos"]
    return (lon - x0) * cos * scale, (y1 - lat) * scale


def _legend(bounds: list[float], reported: list[float], unit: str | None, top: float, k: float) -> str:
    rows = []
    if reported:
        lo = min(reported)
        for i, bound in enumerate(dict.fromkeys(bounds)):
            start = lo if i == 0 else bounds[i - 1]
            text = (
                fmt_value(bound, unit) if len(bounds) == 1 else f"{fmt_value(start, unit)} – {fmt_value(bound, unit)}"
            )
            rows.append((_colour(bound, bounds), text))
    rows.append((NO_DATA, "chưa báo cáo"))
    size = 11 * k
    out = []
    for i, (colour, text) in enumerate(rows):
        y = top + i * 18 * k
        out.append(f'<rect x="4" y="{y:.1f}" width="{14 * k:.1f}" height="{12 * k:.1f}" fill="{colour}"/>')
        out.append(
            f'<text x="{22 * k:.1f}" y="{y + 10 * k:.1f}" font-size="{size:.1f}">{escape(text or MISSING)}</text>'
        )
    return "".join(out)
