"""Build the province map shipped with the dashboard: include/pardw/dashboard/geo/provinces_vn.json.

A one-off, offline build (a developer runs it when the source or the merger changes; the product only reads
its output). Needs `shapely` >= 2.1 (coverage functions), which is NOT a dependency of pardw:

    python -m venv /tmp/geo && /tmp/geo/bin/pip install shapely
    /tmp/geo/bin/python scripts/build_province_map.py SOURCE.geojson

SOURCE is geoBoundaries' Viet Nam ADM1 release (boundaryID VNM-ADM1-63759600, representative of 2008,
licence: public domain; see include/pardw/dashboard/geo/SOURCE.md for the citation). Steps:
1. the 64 shapes become the 63 provinces of 2008-6/2025 (Côn Đảo, a shape of its own, joins Bà Rịa - Vũng Tàu),
   keyed by the codes of dbt_project/seeds/provinces_63.csv;
2. the 34 units from 1/7/2025 are the unions of their former provinces (seeds/province_merger_2025.csv, which
   names each former unit's successor: Nghị quyết 202/2025/QH15);
3. each generation is simplified as a coverage (shared borders stay shared: no gaps, no overlaps), small
   islands dropped except those of Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa), which are kept whatever
   their size;
4. coordinates are projected (equirectangular, x scaled by cos 16°) to SVG user units and written as SVG
   path data per unit with a label point, so that rendering needs no geometry library.
"""

from __future__ import annotations

import csv
import json
import math
import sys
import unicodedata
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "dbt_project" / "seeds"
OUT = ROOT / "include" / "pardw" / "dashboard" / "geo" / "provinces_vn.json"
TOLERANCE = 0.03  # degrees (~3 km): a province map, not a survey
MIN_AREA = 0.004  # square degrees: smaller islands dropped (except the archipelagos)
ARCHIPELAGO_LON = 110.5  # east of this: Hoàng Sa and Trường Sa
SCALE = 40.0  # SVG units per degree of latitude
COS = math.cos(math.radians(16))
ALIASES = {"tp. hồ chí minh": "hồ chí minh", "hòa bình": "hoà bình", "côn đảo": "bà rịa - vũng tàu"}


def _norm(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().lower()


def _polygons(geom) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in _polygons(part)]


def _keep(geom) -> MultiPolygon:
    parts = [p for p in _polygons(geom) if p.area >= MIN_AREA or p.bounds[0] >= ARCHIPELAGO_LON]
    return MultiPolygon(parts)


def _project(x: float, y: float, x0: float, y1: float) -> tuple[float, float]:
    return round((x - x0) * COS * SCALE, 1), round((y1 - y) * SCALE, 1)


def _path(geom, x0: float, y1: float) -> str:
    out = []
    for poly in _polygons(geom):
        for ring in [poly.exterior, *poly.interiors]:
            pts = [_project(x, y, x0, y1) for x, y in ring.coords[:-1]]
            dedup = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
            if len(dedup) < 3:
                continue
            first, *rest = dedup
            out.append(f"M{first[0]:g} {first[1]:g}" + "".join(f"L{x:g} {y:g}" for x, y in rest) + "Z")
    return "".join(out)


def build(source: Path) -> dict:
    provinces = {
        _norm(r["name"]): r["code"] for r in csv.DictReader((SEEDS / "provinces_63.csv").open(encoding="utf-8"))
    }
    merger = list(csv.DictReader((SEEDS / "province_merger_2025.csv").open(encoding="utf-8")))
    names63 = {r["old_code"]: r["old_name"] for r in merger}
    successor = {r["old_code"]: r["new_code"] for r in merger}
    names34 = {r["new_code"]: r["new_name"] for r in merger}
    shapes: dict[str, list] = {}
    for feature in json.loads(source.read_text(encoding="utf-8"))["features"]:
        name = _norm(feature["properties"]["shapeName"])
        code = provinces[ALIASES.get(name, name)]
        shapes.setdefault(code, []).append(shape(feature["geometry"]).buffer(0))
    assert sorted(shapes) == sorted(names63), set(names63) ^ set(shapes)
    g63 = {code: unary_union(parts) for code, parts in shapes.items()}
    g34 = {new: unary_union([g63[old] for old, s in successor.items() if s == new]) for new in names34}
    x0, y0, x1, y1 = shapely.total_bounds(list(g63.values()))
    out = {
        "source": "geoBoundaries VNM ADM1 (boundaryID VNM-ADM1-63759600, 2008), public domain; "
        "34 units dissolved by seeds/province_merger_2025.csv (Nghị quyết 202/2025/QH15)",
        "origin": [round(x0, 6), round(y1, 6)],  # lon, lat of the top left corner
        "scale": SCALE,
        "cos": round(COS, 6),
        "width": round((x1 - x0) * COS * SCALE, 1),
        "height": round((y1 - y0) * SCALE, 1),
        "generations": {},
    }
    for generation, geoms, names in (("63", g63, names63), ("34", g34, names34)):
        codes = sorted(geoms)
        simplified = shapely.coverage_simplify([geoms[c] for c in codes], TOLERANCE)
        units = {}
        for code, geom in zip(codes, simplified, strict=True):
            kept = _keep(geom)
            mainland = max(_polygons(kept), key=lambda p: p.area)
            lx, ly = _project(*mainland.representative_point().coords[0], x0, y1)
            units[code] = {"name": names[code], "d": _path(kept, x0, y1), "label": [lx, ly]}
        out["generations"][generation] = units
    return out


if __name__ == "__main__":
    data = build(Path(sys.argv[1]))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size:,} bytes;", {g: len(u) for g, u in data["generations"].items()})
