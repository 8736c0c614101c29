"""Section structure of the prose: which reform domain a line belongs to, and whether it reports
results, assesses them, or plans the next period (phương hướng, nhiệm vụ)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pardw.parse.appendix import domain_of
from pardw.parse.text import fold, strip_markup

_ROMAN_HEADING = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\s*[.:]\s+(\S.{0,200})$")
_NUMBER_HEADING = re.compile(r"^(\d{1,2})\s*[.:]\s+(\S.{0,160})$")


# what a line can start with when its text starts with a Roman numeral or a digit: those, or markup that
# strip_markup removes (tags, footnote markers, emphasis, escapes, "#")
_HEADING_FIRST = frozenset("IVX0123456789<*_\\#\u00b9\u00b2\u00b3" + "".join(map(chr, range(0x2070, 0x207A))))


@dataclass(slots=True)
class SectionState:
    domain: str | None = None
    role: str = "result"


@lru_cache(maxsize=1 << 14)  # pure, and the same labels recur in every report
def role_of(heading: str) -> str | None:
    f = fold(heading)
    if re.search(
        r"phuong huong|nhiem vu trong tam|nhiem vu.*(ky toi|thoi gian toi|cuoi nam|quy tiep theo)|chuong trinh cong tac|ke hoach.*(ky toi|nam toi)",
        f,
    ):
        return "plan"
    if re.search(r"danh gia|han che|ton tai|nguyen nhan|bai hoc", f):
        return "assessment"
    if re.search(r"de xuat|kien nghi", f):
        return "other"
    if re.search(r"ket qua|tinh hinh|cong tac chi dao|chi dao, dieu hanh", f):
        return "result"
    return None


def heading(line: str) -> tuple[str, str] | None:
    """('roman'|'number', text) when the line is a section heading."""
    if len(line) > 300 or "\t" in line:
        return None
    first = line[:1]
    if first.isspace():
        first = line.lstrip()[:1]
    if first and first not in _HEADING_FIRST:
        return None  # markup removed, a heading starts with a Roman numeral or a number
    text = strip_markup(line.replace("**", " ")).lstrip("#").strip()
    if not text or len(text) > 220 or "\t" in line:
        return None
    m = _ROMAN_HEADING.match(text)
    if m:
        return "roman", m.group(2)
    m = _NUMBER_HEADING.match(text)
    if m and len(m.group(2)) < 160 and not m.group(2).rstrip().endswith((".", ";")):
        return "number", m.group(2)
    return None


def advance(state: SectionState, line: str) -> bool:
    """Update the state for a heading line; True when the line was a heading."""
    h = heading(line)
    if h is None:
        return False
    kind, text = h
    role = role_of(text)
    domain = domain_of(text)
    if kind == "roman":
        state.role = role or "result"
        state.domain = domain
    else:
        if role in ("plan", "assessment", "other"):
            state.role = role
        if domain:
            state.domain = domain
    return True
