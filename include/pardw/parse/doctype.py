"""What kind of document a file is, from its own heading (Nghị định 30/2020/NĐ-CP's layout).

An administrative document names its type in capitals under the number / motto block
("BÁO CÁO", "QUYẾT ĐỊNH", "KẾ HOẠCH", "CHỈ THỊ", "TỜ TRÌNH", "THÔNG BÁO" …), and its number carries
the type's abbreviation ("Số: 240/BC-UBND", "Số: 93/2007/QĐ-TTg", "Số: 166/TTr-SNV"). A letter
(công văn) has no type line: its number carries only the issuing body ("Số: 742/UBND-KSTTHC") and
a "V/v …" (về việc) line sits under it. A stand-alone appendix starts with "PHỤ LỤC" / "BIỂU MẪU"
and says what it is attached to ("Kèm theo Báo cáo số …").

:func:`document_type` reads only the first lines of a document (the canonical rendering of any
format, or OCR'd text: the comparison folds diacritics, so "QUYÉT ĐỊNH" read by OCR is still a
decision) and never decides from "báo cáo" written somewhere in the text: a decision that uses
"báo cáo" as a verb is a decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pardw.parse.text import fold, strip_markup

HEAD_LINES = 60  # the heading block: organisation, number, motto, place and date, the type line

# folded type phrase -> (kind, the type as printed, English)
TYPES: dict[str, tuple[str, str, str]] = {
    "bao cao": ("bao_cao", "BÁO CÁO", "report"),
    "quyet dinh": ("quyet_dinh", "QUYẾT ĐỊNH", "decision"),
    "ke hoach": ("ke_hoach", "KẾ HOẠCH", "plan"),
    "chi thi": ("chi_thi", "CHỈ THỊ", "directive"),
    "cong van": ("cong_van", "CÔNG VĂN", "official letter"),
    "to trinh": ("to_trinh", "TỜ TRÌNH", "cover memo"),
    "thong bao": ("thong_bao", "THÔNG BÁO", "notice"),
    "nghi quyet": ("nghi_quyet", "NGHỊ QUYẾT", "resolution"),
    "huong dan": ("huong_dan", "HƯỚNG DẪN", "guidance"),
    "quy dinh": ("quy_dinh", "QUY ĐỊNH", "regulation"),
    "quy che": ("quy_che", "QUY CHẾ", "rules"),
    "chuong trinh": ("chuong_trinh", "CHƯƠNG TRÌNH", "programme"),
    "de an": ("de_an", "ĐỀ ÁN", "scheme"),
    "phuong an": ("phuong_an", "PHƯƠNG ÁN", "plan of action"),
    "bien ban": ("bien_ban", "BIÊN BẢN", "minutes"),
    "giay moi": ("giay_moi", "GIẤY MỜI", "invitation"),
    "cong dien": ("cong_dien", "CÔNG ĐIỆN", "dispatch"),
    "thong tu": ("thong_tu", "THÔNG TƯ", "circular"),
    "nghi dinh": ("nghi_dinh", "NGHỊ ĐỊNH", "decree"),
    "phu luc": ("phu_luc", "PHỤ LỤC", "appendix"),
    "bieu mau": ("phu_luc", "BIỂU MẪU", "appendix"),
}
# the type's abbreviation in the number (Nghị định 30/2020, phụ lục III) -> folded type phrase
CODES: dict[str, str] = {
    "bc": "bao cao", "qd": "quyet dinh", "kh": "ke hoach", "ct": "chi thi", "ttr": "to trinh",
    "tb": "thong bao", "nq": "nghi quyet", "hd": "huong dan", "qyd": "quy dinh", "qc": "quy che",
    "ctr": "chuong trinh", "da": "de an", "pa": "phuong an", "bb": "bien ban", "gm": "giay moi",
    "cd": "cong dien", "tt": "thong tu", "nd": "nghi dinh", "cv": "cong van",
}  # fmt: skip
REPORT_KINDS = ("bao_cao",)

# a type phrase that begins an organisation's name, not a type line ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ" wrapped)
_NOT_A_TYPE = re.compile(r"^(?:ke hoach (?:va|-|,)\s*dau tu|ke hoach - tai chinh|ke hoach tai chinh|thong bao tin)")
_PHRASES = re.compile(r"^(" + "|".join(sorted(TYPES, key=len, reverse=True)) + r")(?![a-z])")
# "Số: 93/2007/QĐ-TTg", "Số: 240 /BC-UBND", "Số:   /TTr-SNV", "Số: /42/UBND- KSTTHC" (OCR)
_NUMBER = re.compile(
    r"\bS[ốốoóôỐÓO]\s*+(?:hiệu)?\s*+:?\s*+[\w.]{0,12}?\s*+/\s*+(?:\d{2,4}\s*+/\s*+)?"
    r"(?P<suffix>[A-Za-zĐđ][A-Za-zĐđ0-9]*+(?:\s*+[-–]\s*+[A-Za-zĐđ0-9]++)*+)"
)
_APPENDIX_NUMBER = re.compile(r"^(?:so\s*+)?(?:\d{1,2}|[ivx]{1,5}|[a-d])[.:]?$")
_VV = re.compile(r"^(?:v/v|v\.v|ve viec)\b")
_ATTACHED = re.compile(r"kem theo\s*+(?:cac\s+)?(" + "|".join(sorted(TYPES, key=len, reverse=True)) + r")\b")
_SEGMENTS = re.compile(r"\*\*|</?b>|\t")


@dataclass(frozen=True, slots=True)
class DocumentType:
    """The document's type as its heading shows it."""

    kind: str  # a TYPES kind ("bao_cao", "quyet_dinh" …), or "unknown"
    label: str | None  # the type as printed in Vietnamese ("QUYẾT ĐỊNH"), None when unknown
    line: int | None  # 1-based line of the evidence
    evidence: str  # "title" (the type line), "number" (the number's abbreviation), "v/v" (a letter's subject line)
    attached_to: str | None = None  # an appendix: the kind of document it is attached to ("bao_cao", "quyet_dinh" …)

    @property
    def english(self) -> str:
        for kind, label, english in TYPES.values():
            if kind == self.kind and label == self.label:
                return english
        return "document"

    @property
    def is_report(self) -> bool:
        """A report, or an appendix attached to one (or to nothing named)."""
        if self.kind == "phu_luc":
            return self.attached_to in (None, "bao_cao")
        return self.kind in REPORT_KINDS


UNKNOWN = DocumentType("unknown", None, None, "none")


def document_type(lines: list[str]) -> DocumentType:
    """The type of a document from its first lines (a pure function: any format's rendering, or OCR'd text)."""
    head = lines[:HEAD_LINES]
    number: DocumentType | None = None
    letter: DocumentType | None = None
    for idx, line in enumerate(head):
        if not line.strip():
            continue
        for segment in _segments(line):
            title = _type_line(segment)
            if title:
                kind, label, _ = TYPES[title]
                attached = _attached_to(head, idx) if kind == "phu_luc" else None
                return DocumentType(kind, label, idx + 1, "title", attached)
            if number is None:
                number = _number_type(segment, idx + 1)
            if letter is None and _VV.match(fold(segment)):
                letter = DocumentType("cong_van", TYPES["cong van"][1], idx + 1, "v/v")
    if number is not None and (number.kind != "cong_van" or letter is None):
        return number
    return letter or number or UNKNOWN


def _segments(line: str) -> list[str]:
    """The pieces of a line that can each be a heading: a glued header ("…Hạnh phúc**Số: 162/BC-UBND…**BÁO
    CÁO**…") is cut at its bold marks and cells."""
    return [s for s in (strip_markup(p) for p in _SEGMENTS.split(line)) if s] if len(line) < 5000 else []


def _type_line(segment: str) -> str | None:
    """The folded type phrase when the segment is a type line: the phrase alone (any case), or the phrase in
    capitals at its start ("BÁO CÁO TỔNG KẾT …", "QUYẾT ĐỊNH"), never a sentence that starts with the word."""
    f = fold(segment)
    m = _PHRASES.match(f)
    if not m or _NOT_A_TYPE.match(f):
        return None
    phrase = m.group(1)
    rest = f[m.end() :].strip(" .:")
    if not rest or (TYPES[phrase][0] == "phu_luc" and _APPENDIX_NUMBER.match(rest)):
        return phrase  # "Báo cáo", "QUYẾT ĐỊNH", "Phụ lục II", "Biểu mẫu 3"
    head = segment.lstrip()[: len(phrase) + 2]
    letters = [ch for ch in head if ch.isalpha()]
    if not letters or not all(ch.isupper() for ch in letters):
        return None
    words = segment.split()
    # a whole line in capitals (the title printed in capitals), or the type then its subject
    upper = sum(1 for w in words if w[:1].isupper())
    return phrase if upper >= len(words) * 0.6 or len(rest) < 120 else None


def _number_type(segment: str, line: int) -> DocumentType | None:
    """The type named by the number's abbreviation; a number with the issuing body only is a letter's."""
    m = _NUMBER.search(segment)
    if not m:
        return None
    parts = [fold(p).replace(" ", "") for p in re.split(r"[-–]", m.group("suffix"))]
    code = parts[0] if parts else ""
    if code in CODES:
        kind, label, _ = TYPES[CODES[code]]
        return DocumentType(kind, label, line, "number")
    if len(code) >= 2:  # "UBND-KSTTHC", "SNV-TCBC": the issuing body's abbreviation, no type
        return DocumentType("cong_van", TYPES["cong van"][1], line, "number")
    return None


def _attached_to(head: list[str], idx: int) -> str | None:
    """What an appendix says it is attached to ("(Kèm theo Báo cáo số …)"), in the lines under its title."""
    for line in head[idx : idx + 10]:
        m = _ATTACHED.search(fold(strip_markup(line)))
        if m:
            return TYPES[m.group(1)][0]
    return None


def not_a_report_message(found: DocumentType) -> str:
    """The quarantine message for a document that is not a report, naming the type found and where."""
    where = {"title": "its heading", "number": "its number", "v/v": "its subject line (V/v)"}[found.evidence]
    if found.kind == "phu_luc":
        parent = next((lab for kind, lab, _ in TYPES.values() if kind == found.attached_to), "?")
        return (f"an appendix ({found.label}) attached to a {parent}, not to a report (báo cáo): "
                f"{where}, line {found.line}")  # fmt: skip
    return f"a {found.label} ({found.english}), not a report (báo cáo): {where}, line {found.line}"


__all__ = ["TYPES", "DocumentType", "document_type", "not_a_report_message"]
