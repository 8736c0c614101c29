"""Scoring contradiction findings against lists of known contradictions (made by reading reports line by
line, e.g. ../shared/gold/known_inconsistencies.json): which known ones are located, and which findings
sit at a place no key lists (a false alarm, counted per file).

A key names its file, its lines and, for appendix rows, the form and code (``appendix_rows``). A finding
locates a key when it is in the same file and one of its places is one of the key's appendix rows (form +
code, trailing dots ignored) or one of the key's lines. For a .docx the keys number the paragraphs
differently from the rendering: a prose line of a key is the rendering's ``paragraph N`` plus
``DOCX_PARAGRAPH_OFFSET`` (calibrated on the shared keys: the four lines of the header block before the first
numbered paragraph); appendix rows are matched by form and code only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pardw.quality.contradictions import Contradiction, Passage, Place, Row, find_contradictions

DOCX_PARAGRAPH_OFFSET = 4
_PARAGRAPH = re.compile(r"paragraph (\d+)")


@dataclass(frozen=True, slots=True)
class Key:
    file: str
    lines: frozenset[int]
    category: str
    what: str
    rows: frozenset[tuple[str, str]] = frozenset()  # (form, code)


@dataclass(frozen=True, slots=True)
class Located:
    """A finding as the scorer sees it: its file, rule and places (from the checker or from dq.finding)."""

    file: str
    rule: str
    places: tuple[Place, ...]
    text: str = ""


@dataclass(slots=True)
class Score:
    keys: list[Key]
    located: dict[int, list[Located]] = field(default_factory=dict)  # key index -> findings locating it
    false_alarms: dict[str, list[Located]] = field(default_factory=dict)  # file -> findings no key lists

    @property
    def found(self) -> int:
        return len(self.located)

    def missed(self) -> list[Key]:
        return [k for i, k in enumerate(self.keys) if i not in self.located]

    def found_in(self, files: Iterable[str]) -> tuple[int, int]:
        names = set(files)
        idx = [i for i, k in enumerate(self.keys) if k.file in names]
        return sum(1 for i in idx if i in self.located), len(idx)


def _code(code: str | None) -> str:
    return (code or "").strip().rstrip(".")


def load_keys(path: Path) -> list[Key]:
    out = []
    for k in json.loads(path.read_text(encoding="utf-8")):
        rows = frozenset((r["form"], _code(r["code"])) for r in k.get("appendix_rows") or [])
        out.append(Key(k["file"], frozenset(k["lines"]), k.get("category", ""), k.get("what", ""), rows))
    return out


def key_lines(place: Place, file: str) -> set[int]:
    """The lines a key would give this place."""
    if file.lower().endswith(".docx"):
        m = _PARAGRAPH.search(place.locator or "")
        return {int(m.group(1)) + DOCX_PARAGRAPH_OFFSET} if m else set()
    return {place.line}


def locates(key: Key, finding: Located) -> bool:
    if key.file != finding.file:
        return False
    for p in finding.places:
        if p.form and p.code and (p.form, _code(p.code)) in key.rows:
            return True
        if not (p.form and p.code and key.rows) and key_lines(p, finding.file) & key.lines:
            return True
    return False


def score(keys: list[Key], findings: Iterable[Located]) -> Score:
    result = Score(keys)
    for f in findings:
        hits = [i for i, k in enumerate(keys) if locates(k, f)]
        for i in hits:
            result.located.setdefault(i, []).append(f)
        if not hits:
            result.false_alarms.setdefault(f.file, []).append(f)
    return result


def parsed_inputs(report) -> tuple[list[Row], list[Passage]]:
    """The checker's inputs from a parsed report (pardw.parse.records.ParsedReport)."""
    rows = [
        Row(i.line, i.name, i.form, i.code, i.parent_code, i.unit, i.raw_value, i.value, i.note, i.locator,
            i.number_format, i.denominator)
        for i in report.indicators
    ]  # fmt: skip
    passages = list({(n.line, n.text): Passage(n.line, n.text, n.locator) for n in report.narratives}.values())
    return rows, passages


def check_file(path: Path) -> list[Contradiction]:
    from pardw.parse.report import parse_file

    return find_contradictions(*parsed_inputs(parse_file(path)))


def located(file: str, found: Iterable[Contradiction]) -> list[Located]:
    return [Located(file, c.rule, c.places, c.message()) for c in found]


def located_findings(conn, run_id: str | None = None) -> tuple[str | None, list[Located]]:
    """The findings of a validation run (the latest by default) with their places (dq.finding.evidence)."""
    if run_id is None:
        got = conn.execute("select run_id from dq.validation_run order by started_at desc limit 1").fetchone()
        run_id = got[0] if got else None
    rows = conn.execute(
        "select file_name, rule, line, evidence, message from dq.finding where run_id = %s and file_name is not null",
        (run_id,),
    ).fetchall()
    out = []
    for file_name, rule, line, evidence, message in rows:
        places = tuple(Place(e["line"], e.get("locator"), e.get("form"), e.get("code")) for e in evidence or [])
        out.append(Located(file_name, rule, places or (Place(line or 0),), message))
    return run_id, out
