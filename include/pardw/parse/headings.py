"""The headings that structure a report's tables: form headings ("Biểu mẫu 3", "PHỤ LỤC II") and the
level sections of per-unit tables ("I. CẤP TỈNH"). Pure functions of one line of the rendering."""

from __future__ import annotations

import re
from functools import lru_cache

from pardw.parse.text import fold, strip_markup

FORM_HEADING = re.compile(
    r"^\s*+(?:\*\*|<b>)?\s*+(bieu mau|phu luc)\s*+(?:so\s*+)?([0-9]{1,2}|[ivx]{1,4})\b", re.IGNORECASE
)

# folded phrases naming each reform domain (2021-2030 and 2011-2020 headings)
DOMAIN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("VII", r"chinh quyen dien tu|chinh quyen so|hien dai hoa hanh chinh|chuyen doi so"),
    ("VI", r"tai chinh cong"),
    ("V", r"che do cong vu|doi ngu can bo, cong chuc|chat luong doi ngu"),
    ("IV", r"cai cach to chuc bo may|to chuc bo may hanh chinh|sap xep, kien toan to chuc bo may"),
    ("III", r"thu tuc hanh chinh"),
    ("II", r"cai cach the che|the che hoa"),
    ("I", r"chi dao,? dieu hanh"),
)


@lru_cache(maxsize=1 << 14)  # pure, and the same labels recur in every report
def domain_of(text: str) -> str | None:
    f = fold(text)
    for key, pattern in DOMAIN_PATTERNS:
        if re.search(pattern, f):
            return key
    return None


# possessive quantifiers (*+): a run of blanks is scanned once, never re-split between two \s* (a
# 5,000-space line took 11 s with plain \s* ... \s* ... \s*: issue 15)
HEADING_START = re.compile(r"^\s*+(?:\*\*|<b>)?\s*+(?:bi|ph)", re.IGNORECASE)


def form_heading(line: str) -> tuple[str, str | None] | None:
    """('Biểu mẫu 3', 'III' or None) for a form heading line."""
    if not HEADING_START.match(line):
        return None
    plain = strip_markup(line.replace("**", " "))
    m = FORM_HEADING.match(fold(plain))
    if not m:
        return None
    kind = "Biểu mẫu" if m.group(1) == "bieu mau" else "Phụ lục"
    num = m.group(2).upper()
    label = f"{kind} {num}"
    return label, domain_of(plain[m.end() :])


def is_appendix_heading(line: str) -> bool:
    """A line that starts the appendix (PHỤ LỤC / Biểu mẫu / Phụ lục N at a line start), numbered or not."""
    if "\t" in line or not HEADING_START.match(line):
        return False
    plain = fold(strip_markup(line.replace("**", " ")))
    return plain.startswith(("phu luc", "bieu mau")) and len(plain) < 400


_SECTION = re.compile(r"^(I|II|III|IV|V)\.\s+C[ẤA]P\s")


def level_section(line: str) -> str | None:
    """The level section a heading line opens ("I. CẤP TỈNH" -> "Cấp Tỉnh"), or None."""
    if "CẤP" not in line and "CAP" not in line:
        return None
    text = strip_markup(line.replace("**", " "))
    if _SECTION.match(text):
        return text.split(".", 1)[1].strip().title()
    return None


__all__ = ["DOMAIN_PATTERNS", "FORM_HEADING", "HEADING_START", "domain_of", "form_heading", "is_appendix_heading",
           "level_section"]  # fmt: skip
