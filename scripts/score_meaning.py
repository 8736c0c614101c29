#!/usr/bin/env python3
"""Score what the prose facts *mean*, not only their numbers, against answer keys of meaning.

usage: score_meaning.py KEY_DIR EXTRACT_JSONL [--seeds DIR] [--show N] [--json]

KEY_DIR holds one JSON per report (tests/gold/meaning/*.json): ``{"file": ..., "facts": [...]}``, each fact
``line``, ``raw`` (the number as printed), ``unit`` (the counted noun), ``scope_kind`` (whole_unit | level |
agency | former_unit | national), ``scope_name`` (the level: province | district | commune | department, or
the agency's / former unit's name), ``role`` (result | plan | baseline), ``part_of`` (the printed number of
the total this fact is listed under), ``denominator``, ``change`` (increase | decrease) and ``indicator``
(the catalog key the fact is in fact_indicator, or null when none fits or it must not reach it).

EXTRACT_JSONL is ``pardw extract`` output. A key fact is found by the extracted narrative record on its line
(±1) with its number. For every found fact, each attribute is judged: counted noun, scope, role, structure
(part of, denominator, change), indicator, and all of them at once. The indicator a record gets is the one
int_narrative_matched gives it: the seed narrative_metric_map's key for its metric, when the record is
about the reporting unit as a whole (scope_kind whole_unit, or a metric named for its level) and is not a
change; fact_statement takes it only as a result of a result section. The last line also says how many of
the records that reach fact_indicator with an indicator (results of a result section) are right (the key gives them that indicator), and
how many could not be judged (their number is not in a key that lists a selection of facts).

Records of older extractors (no ``scope_kind``) are read with the old rule: ``level`` null or the issuer's.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

ATTRIBUTES = ("unit", "scope", "role", "structure", "indicator")
LEVELS = ("province", "district", "commune", "department")


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w%]+", " ", text)).strip()


def number(raw: str | None) -> float | None:
    """The value of a number as Vietnamese prose prints it ("1.883", "22,45%", "11/49" -> 11)."""
    if raw is None:
        return None
    head = str(raw).split("/")[0].strip().rstrip("%").strip()
    if "," in head and "." not in head:
        head = head.replace(",", ".") if len(head.rpartition(",")[2]) != 3 else head.replace(",", "")
    else:
        head = head.replace(".", "").replace(",", ".")
    try:
        return float(head)
    except ValueError:
        return None


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)), abs(float(b)))


def scope_of(rec: dict) -> tuple[str, str | None]:
    """(scope_kind, scope_name) of an extracted record; the old fields are read for older extractors."""
    if "scope_kind" in rec:
        return rec.get("scope_kind") or "whole_unit", rec.get("scope_name", rec.get("scope"))
    scope = rec.get("scope")
    if scope is None:
        return "whole_unit", None
    if scope in LEVELS:
        return "level", scope
    f = fold(scope)
    if "cu" in f.split()[-1:] or "(cũ)" in scope:
        return "former_unit", scope
    if f.startswith("tinh "):
        return "whole_unit", None
    return "agency", scope


def seed_map(seeds: Path) -> dict[str, str | None]:
    with (seeds / "narrative_metric_map.csv").open(encoding="utf-8") as fh:
        return {r["metric"]: (r["indicator_key"] or None) for r in csv.DictReader(fh)}


def indicator_of(rec: dict, issuer_level: str, metrics: dict[str, str | None]) -> str | None:
    """The indicator int_narrative_matched and fact_statement give this record (None: it reaches no indicator)."""
    key = metrics.get(rec.get("metric") or "")
    if key is None or rec.get("change") is not None:
        return None
    if rec.get("role") != "result":
        return None
    named_level = re.search(r"_(province|district|commune|department)$", rec.get("metric") or "") is not None
    if "scope_kind" in rec:
        ok = rec.get("scope_kind") in (None, "whole_unit") or named_level
    else:
        level = rec.get("level")
        ok = level is None or level == (issuer_level if issuer_level != "unknown" else "province") or named_level
    return key if ok else None


# a key that names the total noun accepts the kind a label prints ("101 biên chế (công chức: 57; …)": "công chức")
_KINDS = {"bien che": ("cong chuc", "vien chuc", "hd"), "nguoi": ("cong chuc", "vien chuc", "hd", "can bo")}


def unit_ok(key: str | None, got: str | None) -> bool:
    k, g = fold(key), fold(got)
    if not k:
        return True
    if not g:
        return False
    return k in g or g in k or k.split()[0] == g.split()[0] or g.startswith(_KINDS.get(k, ("\0",)))


def scope_ok(fact: dict, rec: dict) -> bool:
    kind, name = scope_of(rec)
    if kind != fact["scope_kind"]:
        return False
    if kind == "level":
        return name == fact["scope_name"]
    if kind in ("agency", "former_unit"):
        k, g = fold(fact["scope_name"]), fold(name)
        return bool(k) and bool(g) and (k in g or g in k)
    return True


def structure_ok(fact: dict, rec: dict, narr: list[dict]) -> bool:
    part = rec.get("part_of")
    total = narr[part - 1].get("raw_value") if part and 0 < part <= len(narr) else None
    if (total is None) != (fact.get("part_of") is None):
        return False
    if total is not None and not close(number(total), number(fact["part_of"])):
        return False
    return close(rec.get("denominator"), fact.get("denominator")) and rec.get("change") == fact.get("change")


def _rank(fact: dict, rec: dict) -> tuple[bool, bool]:
    return rec.get("raw_value") == fact["raw"], unit_ok(fact.get("unit"), rec.get("unit"))


def _find(fact: dict, narr: list[dict], used: set[int]) -> int | None:
    value = fact.get("value", number(fact["raw"]))
    best = None
    for j, rec in enumerate(narr):
        if j in used or abs(int(rec.get("line") or -99) - int(fact["line"])) > 1:
            continue
        if not close(rec.get("value"), value):
            continue
        if best is None or _rank(fact, rec) > _rank(fact, narr[best]):
            best = j
    return best


def _verdict(fact: dict, rec: dict, narr: list[dict], indicator: str | None) -> dict[str, bool]:
    return {
        "unit": unit_ok(fact.get("unit"), rec.get("unit")),
        "scope": scope_ok(fact, rec),
        "role": rec.get("role") == fact["role"],
        "structure": structure_ok(fact, rec, narr),
        "indicator": indicator == fact.get("indicator"),
    }


def _miss(name: str, fact: dict, rec: dict, narr: list[dict], indicator: str | None, wrong: list[str]) -> str:
    kind, scope = scope_of(rec)
    part = rec.get("part_of")
    return (
        f"{name}:{fact['line']} {fact['raw']} {fact['unit']} wrong {','.join(wrong)}: "
        f"got unit={rec.get('unit')!r} scope={kind}/{scope} role={rec.get('role')} "
        f"part_of={narr[part - 1].get('raw_value') if part else None} den={rec.get('denominator')} "
        f"change={rec.get('change')} indicator={indicator} | key "
        f"scope={fact['scope_kind']}/{fact['scope_name']} role={fact['role']} part_of={fact.get('part_of')} "
        f"den={fact.get('denominator')} change={fact.get('change')} indicator={fact.get('indicator')}"
    )


def score_file(key: dict, got: list[dict], metrics: dict[str, str | None], misses: list[str]) -> dict[str, int]:
    """Counts for one report: facts, found, each attribute right, all right, and the records reaching
    fact_indicator (reached), right among them, and not judged (a key listing a selection)."""
    docs = [r for r in got if r.get("kind") == "document"]
    issuer_level = (docs[0].get("issuer_level") if docs else None) or "unknown"
    narr = [r for r in got if r.get("kind") == "narrative"]
    indicators = [indicator_of(r, issuer_level, metrics) for r in narr]
    reaching = [ind if r.get("section_role") == "result" else None for ind, r in zip(indicators, narr, strict=True)]
    used: set[int] = set()
    counts = dict.fromkeys(("facts", "found", *ATTRIBUTES, "all", "reached", "reached_right", "unjudged"), 0)
    matched: dict[int, dict] = {}
    for fact in key["facts"]:
        counts["facts"] += 1
        j = _find(fact, narr, used)
        if j is None:
            misses.append(f"{key['file']}:{fact['line']} {fact['raw']} {fact['unit']}: not found")
            continue
        used.add(j)
        matched[j] = fact
        counts["found"] += 1
        verdict = _verdict(fact, narr[j], narr, indicators[j])
        for a, ok in verdict.items():
            counts[a] += ok
        counts["all"] += all(verdict.values())
        wrong = [a for a, ok in verdict.items() if not ok]
        if wrong:
            misses.append(_miss(key["file"], fact, narr[j], narr, indicators[j], wrong))
    for j, ind in enumerate(reaching):
        if ind is None:
            continue
        if j in matched or key.get("complete", False):
            counts["reached"] += 1
            right = j in matched and matched[j].get("indicator") == ind
            counts["reached_right"] += right
            if j not in matched:
                misses.append(f"{key['file']}:{narr[j]['line']} {narr[j].get('raw_value')} reaches {ind}, no fact")
        else:
            counts["unjudged"] += 1
    return counts


def score(key_dir: Path, extract: Path, seeds: Path, show: int = 0) -> dict:
    metrics = seed_map(seeds)
    recs = [json.loads(line) for line in extract.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_file: dict[str, list[dict]] = {}
    for rec in recs:
        by_file.setdefault(Path(str(rec.get("file", ""))).name, []).append(rec)
    misses: list[str] = []
    per_file = {}
    for key_file in sorted(key_dir.glob("*.json")):
        key = json.loads(key_file.read_text(encoding="utf-8"))
        per_file[key["file"]] = score_file(key, by_file.get(key["file"], []), metrics, misses)
    totals = {k: sum(c[k] for c in per_file.values()) for k in next(iter(per_file.values()), {})}
    found = totals.get("found") or 1
    result = {
        "files": per_file,
        **totals,
        **{a: totals.get(a, 0) / found for a in (*ATTRIBUTES, "all")},
        "reached_share": totals["reached_right"] / totals["reached"] if totals.get("reached") else 1.0,
    }
    for m in misses[:show]:
        print("MISS", m)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("key_dir", type=Path)
    ap.add_argument("extract_jsonl", type=Path)
    ap.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parent.parent / "dbt_project" / "seeds")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = score(a.key_dir, a.extract_jsonl, a.seeds, a.show)
    if a.json:
        print(json.dumps(r, ensure_ascii=False))
    else:
        print(
            f"meaning: found {r['found']}/{r['facts']}; unit {r['unit']:.3f} scope {r['scope']:.3f} role "
            f"{r['role']:.3f} structure {r['structure']:.3f} indicator {r['indicator']:.3f} all {r['all']:.3f}; "
            f"reaching fact_indicator right {r['reached_right']}/{r['reached']}={r['reached_share']:.3f} "
            f"(unjudged {r['unjudged']})"
        )
    sys.exit(0)


if __name__ == "__main__":
    main()
