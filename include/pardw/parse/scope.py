"""What a number in the prose is about: its scope, as a closed vocabulary.

``Scope.kind`` is one of SCOPE_KINDS:

* ``whole_unit``: the reporting unit as a whole ("toàn tỉnh", "trên địa bàn tỉnh", "của tỉnh", "Tỉnh đã …",
  levels enumerated together: "cấp tỉnh, cấp xã", "từ cấp tỉnh đến cấp xã"); also what a number is about
  when its sentence names nothing narrower. ``name`` is None.
* ``level``: one level of government, ``name`` (and ``level``) one of LEVELS: ``province`` ("cấp tỉnh",
  "thuộc UBND tỉnh"), ``district`` ("cấp huyện", "UBND các huyện"), ``commune`` ("cấp xã", "các xã, phường,
  đặc khu"), ``department`` (the provincial departments together: "các sở, ngành", "thuộc sở").
* ``agency``: one named body ("Sở Tư pháp", "Trung tâm Phục vụ hành chính công tỉnh", "UBND huyện Năm Căn",
  "Chi cục Kiểm lâm"), ``name`` as printed, ``level`` its level when the name says it.
* ``former_unit``: a unit before the 2025 merger ("tỉnh Bình Thuận (cũ)"), ``name`` without "(cũ)".
* ``national``: the whole country ("cả nước", "toàn quốc").

A number's scope is read from its own list item or clause first (words after the number too: "3.585 biên
chế cấp tỉnh", "01 chi cục thuộc Sở Công Thương"), then from the clause it is listed under, then from the
sentence's subject. What is not a scope: an administrative noun counted by a number ("14 sở, ngành",
"124/124 xã, phường") and a body the sentence addresses ("giao cho các sở, ngành", "đối với Sở Y tế",
"tiếp nhận 02 công chức từ Sở Tư pháp").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

SCOPE_KINDS = ("whole_unit", "level", "agency", "former_unit", "national")
LEVELS = ("province", "district", "commune", "department")

_UP = "A-ZĐ" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper() and ch.isalpha())
_LOW = "a-zđ" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.islower() and ch.isalpha())


@dataclass(frozen=True, slots=True)
class Scope:
    kind: str  # one of SCOPE_KINDS
    name: str | None = None  # the level (LEVELS) or the agency's / former unit's name
    level: str | None = None  # the administrative level, one of LEVELS, when known


WHOLE = Scope("whole_unit")


@dataclass(frozen=True, slots=True)
class Marker:
    start: int
    end: int
    scope: Scope


_LEVEL_WORD = {"tỉnh": "province", "huyện": "district", "xã": "commune"}
_CAP = r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)"
_CAP_LOW = r"(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)"
# the patterns below read the lower-cased sentence (one case: no case-folding per character)
_LEVEL_PATTERNS: tuple[tuple[re.Pattern, str | None, str], ...] = (  # (pattern, level, a literal of every match)
    (re.compile(rf"\bcơ quan chuyên môn(?: thuộc| của)? {_CAP_LOW} tỉnh"), "department", "chuyên môn"),
    (re.compile(rf"\bthuộc {_CAP_LOW} tỉnh\b"), "province", "thuộc"),
    (re.compile(r"\bcấp (tỉnh|huyện|xã)\b"), None, "cấp "),
    (re.compile(r"(?:ubnd|ủy|uỷ) (?:ban nhân dân )?các (huyện|xã)\b"), None, " các "),
    (re.compile(r"\bsở, (?:ban, )?ngành\b"), "department", "sở, "),
    (re.compile(r"\bthuộc (?:các )?sở\b"), "department", "thuộc"),
    (re.compile(r"\bhuyện, (?:thị xã, )?thành phố\b"), "district", "huyện, "),
    (re.compile(r"\bxã, phường(?:, (?:thị trấn|đặc khu))?\b"), "commune", "xã, "),
)
_WHOLE = re.compile(r"\b(?:toàn tỉnh|trên địa bàn(?: toàn)?(?: tỉnh)?|trong tỉnh|của tỉnh|toàn hệ thống)\b")
_NAME_NEXT = re.compile(rf"\s+[{_UP}]")  # "của tỉnh Bình Thuận (cũ)", "thuộc Sở Y tế": a name goes on
# "Tỉnh đã …", "Đến nay, tỉnh có …": the province as the subject of a clause
_PROVINCE_SUBJECT = re.compile(r"(?i)\btỉnh\s+(?:đã|đang|có|tiếp tục|triển khai|hiện|thực hiện)\b")
_CLAUSE_START = re.compile(r"(?i)(?:^|[,;:.(]\s*|\b(?:đó|nay|vậy),?\s+)$")
_DEPARTMENTS_AND_LOCALITIES = re.compile(r"(?i)\b(?:các )?sở, (?:ban, )?ngành(?:,| và) (?:các )?địa phương\b")
_NATIONAL = re.compile(r"(?i)\b(?:cả nước|toàn quốc)\b")
_FORMER = re.compile(rf"\b(?:tỉnh|huyện|thành phố|thị xã|xã|phường)\s+(?:[{_UP}][^\s,.;:()]*\s*){{1,4}}\(\s*cũ\s*\)")
# a named unit: an administrative unit with its capitalised name ("huyện Ngọc Hiển", "UBND huyện Năm Căn"), or an
# agency whose name starts with a capital and goes on in lower case ("Sở Tư pháp", "Trung tâm Phục vụ hành chính công")
_PLACE = re.compile(
    rf"(?:{_CAP}\s+)?(?:huyện|thành phố|thị xã|quận|xã|phường|thị trấn|tỉnh)"
    rf"\s+(?:[{_UP}][{_LOW}][^\s,.;:()]*\s?){{1,4}}"
)
_AGENCY = re.compile(
    rf"(?:Sở|Ban|Trung tâm|Văn phòng|Bộ phận một cửa|Cổng|Trang|Đài|Báo|Cục|Chi cục|Phòng|Vườn Quốc gia)"
    rf"\s+[{_UP}][^\s,.;:()]*"
    r"(?:\s+(?!(?:chuyên|đã|có|của|trong|tại|là|với|được|đến|cho|về|trên|theo|thuộc|năm|quý|tiếp|thực|giải|đạt|"
    r"ban|tổ|triển|phối|tham|xây|cấp|các|đối|từ|và|hoặc|nhận|trả|chỉ|đang|mỗi|hàng|trình|sẽ|chủ|thẩm|góp|tự|"
    r"kiểm|rà|hướng|đôn|báo|thành|sắp|bố|lắp|duy|ban|phát|cung|vận|ổn|quản lý nhà)\b)[^\s\d,.;:()]+"
    rf"|\s+và\s+[{_UP}][^\s\d,.;:()]*|\s+-\s+[{_UP}][^\s\d,.;:()]*){{0,6}}"
)
_AGENCY_HINT = re.compile(r"Sở|Ban|Trung tâm|Văn phòng|Bộ phận|Cổng|Trang|Đài|Báo|Cục|Phòng|Vườn")
# what every match of _PLACE holds: a unit's word, spaces and a capitalised word (a scan with a literal first)
_PLACE_HINT = re.compile(rf"(?:huyện|thành phố|thị xã|quận|xã|phường|thị trấn|tỉnh)\s+[{_UP}][{_LOW}]")
# a body the sentence addresses is not what its numbers are about
_ADDRESSED = re.compile(
    r"(?i)\b(?:cho|với|giao|đến|gửi|sang|từ|đối với|phối hợp|trên|qua|lên|(?:đề xuất|đề nghị|ý kiến) của)\s+(?:các\s+)?$"
)
_AFTER_NUMBER = re.compile(r"\d(?:[\d.,]*\d)?(?:\s?/\s?\d(?:[\d.,]*\d)?)?\s*%?\s+(?:các\s+)?$")
_PREPOSITION = re.compile(r"(?i)\b(?:tại|của|về|theo|trong|thuộc|bởi|với)\s+(?:các\s+)?$")
_INDEX_NAME_BEFORE = re.compile(r"(?i)chỉ số[^\d]{0,60}$")  # "Chỉ số năng lực cạnh tranh cấp tỉnh": a name
_ISSUED_AFTER = re.compile(r"^\s*(?:đã\s+)?ban hành\b")  # "02 Quyết định do UBND cấp huyện ban hành": the issuer
_ANOTHER_LEVEL_AFTER = re.compile(rf"^\s*(?:,|và|đến)\s*(?:{_CAP}\s+)?cấp\s+(tỉnh|huyện|xã)\b", re.IGNORECASE)
_ANOTHER_LEVEL_BEFORE = re.compile(r"(?i)cấp\s+(tỉnh|huyện|xã)\s*(?:,|và)\s*(?:(?:UBND|Ủy ban nhân dân)\s+)?$")
_FROM_LEVEL_BEFORE = re.compile(r"(?i)\btừ\s+cấp\s+(tỉnh|huyện|xã)\s+$")


def _agency_level(name: str) -> str | None:
    low = name.lower()
    for prefix, level in (
        (("ubnd huyện", "ủy ban nhân dân huyện", "huyện", "thị xã", "quận", "thành phố"), "district"),
        (("ubnd tỉnh", "ủy ban nhân dân tỉnh", "tỉnh"), "province"),
        (("xã", "phường", "thị trấn", "ubnd xã", "ủy ban nhân dân xã"), "commune"),
        (("sở", "ban", "văn phòng", "chi cục", "cục", "vườn"), "department"),
        (("trung tâm", "cổng", "trang"), "province"),
    ):
        if low.startswith(prefix):
            return level
    return None


def markers(sentence: str, low: str | None = None) -> list[Marker]:
    """Every scope marker of a sentence, in order of position (a body the sentence addresses, and an
    administrative noun a number counts, left out). Each pattern is tried only when the sentence holds a literal
    every one of its matches holds. ``low``: the sentence in lower case, when the caller has it."""
    if low is None:
        low = sentence.lower()
    if len(low) != len(sentence):  # a letter whose lower case is longer: read it as printed
        low = sentence
    found: list[Marker] = []
    if "cũ" in low:
        for m in _FORMER.finditer(sentence):
            name = m.group(0)[: m.group(0).rfind("(")].strip()
            found.append(Marker(m.start(), m.end(), Scope("former_unit", name)))
    if "cả nước" in low or "toàn quốc" in low:
        found.extend(Marker(m.start(), m.end(), Scope("national")) for m in _NATIONAL.finditer(sentence))
    found.extend(_whole(sentence, low))
    found.extend(_levels(sentence, low))
    found.extend(_named(sentence, [f for f in found if f.scope.kind == "former_unit"]))
    return _kept(sentence, found)


def _whole(sentence: str, low: str) -> list[Marker]:
    out: list[Marker] = []
    if "tỉnh" in low or "trên địa bàn" in low or "toàn hệ thống" in low:
        for m in _WHOLE.finditer(low):
            if not (m.group(0) == "của tỉnh" and _NAME_NEXT.match(sentence, m.end())):
                out.append(Marker(m.start(), m.end(), WHOLE))
        for m in _PROVINCE_SUBJECT.finditer(sentence):
            if _CLAUSE_START.search(sentence[max(0, m.start() - 10) : m.start()]):
                out.append(Marker(m.start(), m.end(), WHOLE))
    if "địa phương" in low:
        out.extend(Marker(m.start(), m.end(), WHOLE) for m in _DEPARTMENTS_AND_LOCALITIES.finditer(sentence))
    return out


def _levels(sentence: str, low: str) -> list[Marker]:
    out: list[Marker] = []
    for pattern, fixed, hint in _LEVEL_PATTERNS:
        if hint not in low:
            continue
        for m in pattern.finditer(low):
            if fixed == "department" and m.group(0).startswith("thuộc") and _NAME_NEXT.match(sentence, m.end()):
                continue  # "thuộc Sở Công Thương": the agency
            level = fixed or _LEVEL_WORD[m.group(1)]
            out.append(Marker(m.start(), m.end(), Scope("level", level, level)))
    return out


def _named(sentence: str, former: list[Marker]) -> list[Marker]:
    """The named bodies and places of a sentence ("tỉnh Lâm Đồng" is the province itself: the whole)."""
    named = []
    if _AGENCY_HINT.search(sentence):
        named.extend(_AGENCY.finditer(sentence))
    if _PLACE_HINT.search(sentence):
        named.extend(_PLACE.finditer(sentence))
    out = []
    for m in named:
        name = m.group(0).strip()
        if name.lower().startswith("tỉnh"):
            out.append(Marker(m.start(), m.end(), WHOLE))
        elif not any(f.start <= m.start() < f.end for f in former):
            out.append(Marker(m.start(), m.end(), Scope("agency", name, _agency_level(name))))
    return out


# the last word of each of _ADDRESSED's words, and "các": what the trimmed text before a match ends with
_ADDRESSED_ENDS = ("cho", "với", "giao", "đến", "gửi", "sang", "từ", "hợp", "trên", "qua", "lên", "của", "các")


def _addressed_hint(before: str) -> bool:
    """False when ``before`` cannot end with a match of _ADDRESSED (it ends with spaces after one of its words)."""
    trimmed = before.rstrip()
    return len(trimmed) < len(before) and trimmed.lower().endswith(_ADDRESSED_ENDS)


def _kept(sentence: str, found: list[Marker]) -> list[Marker]:
    """The markers that say what the sentence's numbers are about (see ``markers``)."""
    found.sort(key=lambda mk: (mk.start, -mk.end))
    kept: list[Marker] = []
    skipped_end = -10
    agency_end = -10
    covered = -1
    for mk in found:
        if mk.end <= covered:
            continue  # inside a longer marker ("các sở, ngành và địa phương")
        covered = max(covered, mk.end)
        before = sentence[max(0, mk.start - 40) : mk.start]
        if mk.scope.kind == "agency":
            agency_end = max(agency_end, mk.end)
        addressed = (_addressed_hint(before) and _ADDRESSED.search(before)) or (
            skipped_end >= 0 and re.fullmatch(r"\s*(?:,|và)\s*", sentence[skipped_end : mk.start])
        )
        if addressed:
            skipped_end = mk.end
            continue
        if _AFTER_NUMBER.search(before[-25:]):
            continue
        if mk.scope.kind == "level" and (
            _INDEX_NAME_BEFORE.search(before) or _ISSUED_AFTER.match(sentence[mk.end : mk.end + 20])
        ):
            continue
        if mk.scope.kind == "whole_unit" and 0 <= mk.start - agency_end <= 1:
            continue  # "Trung tâm Phục vụ hành chính công của tỉnh": the agency's name goes on
        kept.append(mk)
    return kept


def _enumerated(sentence: str, mk: Marker) -> bool:
    """True when the marker is one of several levels named together ("cấp tỉnh, cấp huyện và cấp xã")."""
    if mk.scope.kind != "level":
        return False
    if _ANOTHER_LEVEL_AFTER.search(sentence[mk.end : mk.end + 40]):
        return True
    before = sentence[max(0, mk.start - 40) : mk.start]
    return bool(_ANOTHER_LEVEL_BEFORE.search(before) or _FROM_LEVEL_BEFORE.search(before))


_AFTER_REACH = 45  # words after the counted noun that qualify it ("biên chế cấp tỉnh", "thuộc Sở Công Thương")


def _pick(sentence: str, found: list[Marker]) -> Scope:
    """The nearest marker's scope (``found`` nearest first); levels named together are the whole; a body named
    with a level before it is one of that level ("Các cơ quan chuyên môn thuộc UBND tỉnh, Ban Quản lý các khu công
    nghiệp có 11/15 đơn vị …": the provincial departments)."""
    mk = found[0]
    joined = len(found) > 1 and _JOINED.fullmatch(sentence[found[1].end : mk.start]) is not None
    if mk.scope.kind == "agency" and joined and found[1].scope.kind == "level":
        return found[1].scope
    return WHOLE if _enumerated(sentence, mk) else mk.scope


_JOINED = re.compile(r"\s*(?:,|và)\s*")


def scope_of(
    sentence: str,
    found: list[Marker],
    item: tuple[int, int],
    number: tuple[int, int],
    head: tuple[int, int],
    closed: list[tuple[int, int]] = (),  # type: ignore[assignment]
    counted: Callable[[int], bool] = lambda _pos: False,
) -> tuple[Scope | None, str]:
    """(scope, where) of a number: from the words after it in its item, then before it in its item, then
    from the clause head it is listed under (``head``; bracket groups closed before the item, ``closed``, and
    the items of other numbers, ``counted(position)``, left out). None when none of these names a scope (the
    caller falls back to the sentence's subject)."""
    a, b = item
    s, e = number
    after = [mk for mk in found if e <= mk.start < min(b, e + _AFTER_REACH)]
    if after:
        return _pick(sentence, after), "item"
    before = [mk for mk in found if a <= mk.start < s and mk.end <= s + 1]
    h0, h1 = head
    in_head = [
        mk
        for mk in found
        if h0 <= mk.start < h1 and not any(c0 <= mk.start < c1 for c0, c1 in closed) and not counted(mk.start)
    ]
    if before:  # the head's markers after them: a level named just before the item's body ("X, Ban Y có 11/15")
        return _pick(sentence, [*reversed(before), *reversed(in_head)]), "item"
    if in_head:
        return _pick(sentence, list(reversed(in_head))), "head"
    return None, ""


def subject_scope(found: list[Marker], limit: int, sentence: str = "") -> Scope | None:
    """The sentence's subject: the first named body or level stated in its first ``limit`` characters (not
    after a preposition: "… tại Sở Kế hoạch và Đầu tư" names a place, not the subject)."""
    for mk in found:
        if mk.start >= limit:
            break
        if _PREPOSITION.search(sentence[max(0, mk.start - 12) : mk.start]):
            continue
        if mk.scope.kind in ("agency", "former_unit", "level", "national"):
            return mk.scope
        if mk.scope.kind == "whole_unit":
            return WHOLE
    return None


__all__ = ["LEVELS", "SCOPE_KINDS", "WHOLE", "Marker", "Scope", "markers", "scope_of", "subject_scope"]
