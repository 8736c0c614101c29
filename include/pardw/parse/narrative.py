"""Every quantity stated in the prose: a number with the noun (or unit) it counts, the phrase it
measures, its role (result, plan, comparison baseline), its scope and its structure.

The general rule: a quantity is a number followed by a counted noun or unit ("11.093 hồ sơ",
"51,35%", "2.805 tỷ đồng"), a fraction x/y of one ("19/37 nhiệm vụ"), a rank ("xếp hạng 41/63"),
or the value of a label ("công chức: 57"). What is not a quantity is masked out first, by shape
and context, never by sentence: document numbers (12/KH-UBND, 61/2018/NĐ-CP, 19-NQ/TW), dates
and years, durations ("6 tháng đầu năm"), article, clause, level and section numbers ("mức độ 3",
"Nghị định 68"), standards (ISO 9001:2015), phone numbers and footnote markers.

One pass over the sentences; every regular expression is linear (no nested quantifiers over
overlapping classes), so a pathological line costs microseconds per character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pardw.parse.numbers import parse_number
from pardw.parse.records import Narrative
from pardw.parse.sections import SectionState, advance
from pardw.parse.text import _FOLD, fold, strip_markup

_UP = "A-Z" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper() and ch.isalpha())
_LOW = "a-z" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.islower() and ch.isalpha())
_MAX_LINE = 20_000  # longer prose lines are read up to here (a warning-free, bounded cost)

# --- what is not a quantity (masked by blanking, positions kept) -----------------------------
# masks that start at a digit or a rare literal, each with the literals one of which every match holds
# (in the lower-cased sentence): a sentence without any of them skips the pattern's scan
_MASKS: list[tuple[re.Pattern, tuple[str, ...]]] = [
    # document numbers: 12/KH-UBND, 61/2018/NĐ-CP, 19-NQ/TW, 30c/NQ-CP, 45/2016/QĐ-TTg, 240/BC-UBND
    (re.compile(r"\d(?<![\d/.]\d)\d*[a-zA-Z]?(?:[/.]\d+)*+\s?[/-]\s?[A-ZĐ][\wĐđ&]*(?:[/-][\wĐđ&]+)*"), ("/", "-")),
    # dates: 10/3/2023, 6/2023, durations ("6 tháng đầu năm"), years and year ranges
    (re.compile(r"\d(?<![\d/.]\d)\d?\s?/\s?\d{1,2}\s?/\s?\d{2,4}"), ("/",)),
    (re.compile(r"\d(?<![\d/.]\d)\d?\s?[/-]\s?(?:19|20)\d{2}\b"), ("/", "-")),
    (
        re.compile(r"(?i)\d(?<![\d.,]\d)\d{0,2}\s+(?:tháng|năm|ngày|tuần|giờ|phút|tuổi)\b"),
        ("tháng", "năm", "ngày", "tuần", "giờ", "phút", "tuổi"),
    ),
    (re.compile(r"[12](?<![\d.,][12])(?:(?<=1)9[5-9]\d|(?<=2)0[0-4]\d)(?![\d.,])"), ("19", "20")),
    (re.compile(r"(?i)\b(?:ISO|TCVN|IEC)(?:\s?/\s?IEC)?\s*\d+(?:\s?:\s?\d+)?"), ("iso", "tcvn", "iec")),
    (re.compile(r"\b24\s?/\s?7\b"), ("24",)),
    (
        re.compile(r"(?i)[0-4](?<![\d.,][0-4])(?:(?<=0)[1-4])?\s+cấp\b(?!\s+(?:xã|huyện|tỉnh|phòng|sở))"),
        ("cấp",),
    ),  # "chính quyền 02 cấp"
    (re.compile(r"\d(?<![\d.,]\d)\d{2,3}\s?:\s?(?:19|20)\d{2}\b"), (":",)),
    # phone numbers: 0297.3863456, (0263) 3822 123, +84 ...
    (re.compile(r"(?:\+84|\(?0\d{2,3}\)?)[\s.]?\d{3}[\s.]?\d{3,4}\b"), ("0", "+84")),
]
_MASK_GUARDS = [(pattern, re.compile("|".join(map(re.escape, literals)))) for pattern, literals in _MASKS]
# what a word just before a number makes of it (checked on the 40 characters before each number run):
# dates ("ngày 13", "tháng 3", "năm 2023", "đến 15/6"), article, clause, level, section and named-document
# numbers ("Điều 5", "mức độ 3, 4", "Nghị định 68", "Kế hoạch số 12"), phone numbers ("ĐT: 0297 …")
_RUN = re.compile(r"\d(?<![\d.,/]\d)\d*(?:[.,]\d+)*(?:\s?[/,–-]\s?\d{1,4}\b)*")
_LABEL_LIST = (
    "điều|khoản|điểm|mục|chương|phần|tiết|phụ lục|biểu mẫu|biểu|mẫu|khóa|khoá|trung ương|mức độ|mức|cấp độ|"
    "lần thứ|đợt|kỳ họp|phiên|giai đoạn|tiểu mục|nghị định|nghị quyết|quyết định|thông tư|chỉ thị|kế hoạch|"
    "công văn|báo cáo|luật|đề án|chương trình|hướng dẫn|thông báo|tờ trình|pháp lệnh|chỉ số|bộ chỉ số|số hiệu|"
    "hđlđ|nđ|qđ|quy chuẩn|phiên bản|version|top"
)
_LABEL_WORDS = frozenset(_LABEL_LIST.split("|"))
_PHONE_WORDS = frozenset(("điện thoại", "đt", "fax", "hotline", "sđt"))
_DAY_MONTH_WORDS = frozenset(("hôm", "từ", "đến", "tới", "trước", "sau", "hết"))
_DAY_MONTH = re.compile(r"\d{1,2}\s?/\s?\d{1,2}")
_HAS_DIGIT = re.compile(r"\d")
_FOOTNOTE_START = re.compile(r"^\s*(?:<sup>|[\u00b9\u00b2\u00b3\u2070-\u2079])")
_SECTION_MARK = re.compile(r"^\s*(?:[-+•*]\s*)?(?:\d{1,2}(?:\.\d{1,2}){0,3}[.)]|[a-zđ]\))\s")
_FOOTNOTE_LINE = re.compile(rf"^\s*\d{{1,2}}\s+(?=[{_UP}])")

# --- what is one ---------------------------------------------------------------------------
_NUMBER = re.compile(r"(\d(?<![\w.,/]\d)\d*(?:[.,]\d+)*)(?:\s?/\s?(\d+(?:[.,]\d+)*))?(?![\w/])")
_WORD = re.compile(r"\s*(%|[^\W\d_][^\s,.;:()\[\]\"“”/=]*)")
_SENTENCE_SPLIT = re.compile(rf"(?<=[.!?])\s+(?=[{_UP}\-+•*])")

# function words, verbs and time words: a number followed by one of these counts nothing
_STOP_WORDS = (
    "so với và hoặc là của tại theo trong trên dưới đến từ tới đạt tăng giảm chiếm được đã có cho về "
    "ngày tháng năm quý tuần giờ phút tuổi nhưng thì này đó khi nếu để mà bằng hơn gần khoảng còn đang "
    "sẽ cũng rồi lên xuống ra vào như qua nên bị vẫn mỗi tất trở lại"
)
_STOP = frozenset(_STOP_WORDS.split())
# counted nouns and units, longest first (folded); the printed form is kept as the unit
_UNITS = sorted(
    (
        "ho so", "thu tuc hanh chinh", "thu tuc", "tthc", "van ban quy pham phap luat", "vbqppl", "van ban",
        "nhiem vu", "trieu dong", "ty dong", "nghin dong", "dong", "hang", "bac", "diem giao dich", "diem",
        "don vi su nghiep cong lap", "don vi su nghiep", "don vi", "dvsncl", "bien che", "co quan", "phan anh",
        "pakn", "y kien", "kien nghi", "truong hop", "lop", "luot", "tai khoan", "nguoi", "cong chuc", "vien chuc",
        "can bo", "dich vu cong", "dvc", "dvctt", "nghi quyet", "quyet dinh", "ke hoach", "chi tieu", "giao dich",
        "cong", "tin, bai", "tin bai", "tin", "bai", "anh", "video", "so", "ky", "chuyen muc", "chuong trinh",
        "xa", "phuong", "thi tran", "huyen", "thanh pho", "so, ban, nganh", "so, nganh", "phong", "ban",
        "to chuc", "hop dong", "hdld", "dong chi", "phieu", "cuoc", "doan", "mo hinh", "sang kien", "he thong",
        "phan mem", "trang", "cau truyen hinh", "diem cau", "lan", "buoi", "hoi nghi", "uy ban nhan dan", "ubnd",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
_UNITS_BY_HEAD: dict[str, list[str]] = {}
for _u in _UNITS:  # longest first within each head, as in _UNITS
    _UNITS_BY_HEAD.setdefault(_u[:2], []).append(_u)
_MONEY = ("trieu dong", "ty dong", "nghin dong", "dong")

_LABEL_END = re.compile(r"(?:[:=]|\blà)\s*$")
_RANK_BEFORE = re.compile(r"(?i)(?:xếp|xếp hạng|xếp hàng|hạng|đứng|thứ hạng)\s*(?:thứ\s*)?$")
_CHANGE_BEFORE = re.compile(r"(?i)\b(tăng|giảm|cắt giảm|tinh giản|vượt|nâng)\s*(?:thêm|được|lên)?\s*$")
_PLAN = re.compile(
    r"(?i)phấn đấu|dự kiến|mục tiêu|theo kế hoạch|kế hoạch (?:có|giao|đặt ra|là)|chỉ tiêu (?:giao|đề ra|là)"
    r"|\bsẽ\b|định hướng|(?<!từ năm \d{4} )đến năm 20\d\d"
)
_DONE = re.compile(r"(?i)\b(?:đã|được)\b")
# a literal every match of _PLAN holds (lower case): a sentence without one has no plan word to look for
_PLAN_HINT = re.compile(r"phấn đấu|dự kiến|mục tiêu|kế hoạch|chỉ tiêu|sẽ|định hướng|đến năm 20")


_WINDOW = 400  # characters before a number that say what it is; longer look-backs made long lines quadratic


def _last(pattern: re.Pattern, text: str) -> str | None:
    """The text after the last match of ``pattern`` in ``text``; None without a match."""
    end = None
    for m in pattern.finditer(text):
        end = m.end()
    return None if end is None else text[end:]


_BASELINE = re.compile(r"(?i)(?:cùng kỳ|so với(?: năm| kỳ)?|năm trước|kỳ trước)\s*(?:năm \d+\s*)?\(?\s*$")
_PART_OPEN = re.compile(r"(?i)\b(?:trong đó|gồm|bao gồm|chia ra|cụ thể)\b")
_LEVELS = (
    ("cap tinh", "province"), ("cap huyen", "district"), ("cap xa", "commune"), ("so, ban, nganh", "department"),
    ("so, nganh", "department"), ("toan tinh", "province"), ("huyen, thanh pho", "district"),
    ("xa, phuong, thi tran", "commune"),
)  # fmt: skip
# a named unit: an administrative unit with its capitalised name ("huyện Ngọc Hiển", "xã Bàn Thạch"), or an
# agency whose name starts with a capital and goes on in lower case ("Sở Tư pháp", "Trung tâm Phục vụ hành chính công")
_PLACE = re.compile(
    r"(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+)?(?:huyện|thành phố|thị xã|quận|xã|phường|thị trấn|tỉnh)"
    rf"\s+(?:[{_UP}][{_LOW}][^\s,.;:()]*\s?){{1,4}}"
)
_AGENCY = re.compile(
    rf"(?:Sở|Ban|Trung tâm|Văn phòng|Bộ phận một cửa|Cổng|Trang|Đài|Báo|Cục|Chi cục|Phòng)\s+[{_UP}][{_LOW}][^\s,.;:()]*"
    r"(?:\s+(?!(?:đã|có|của|trong|tại|là|với|được|đến|cho|về|trên|theo|thuộc|năm|quý|tiếp|thực|giải|đạt|"
    r"ban|tổ|triển|phối|tham|xây|cấp|các|đối|từ|và|hoặc|nhận|trả|chỉ|đang|mỗi|hàng|trình)\b)[^\s\d,.;:()]+"
    rf"|\s+và\s+[{_UP}][^\s\d,.;:()]*){{0,6}}"
)
# literals one of which every match of _PLACE, of _AGENCY holds (both are case-sensitive)
_PLACE_HINT = re.compile(r"huyện|thành phố|xã|quận|phường|thị trấn|tỉnh")
_AGENCY_HINT = re.compile(r"Sở|Ban|Trung tâm|Văn phòng|Bộ phận một cửa|Cổng|Trang|Đài|Báo|Cục|Chi cục|Phòng")
_PROVINCE_WORD = re.compile(r"\b(?:tinh|toan tinh)\b")
_NOT_SUBJECT = re.compile(r"(?i)\b(?:cho|với|giao|đến|từ|gửi|sang)\s+$")
_INDEX_NAMES = (
    ("par index", "par_index"), ("cai cach hanh chinh", "par_index"), ("sipas", "sipas"), ("hai long", "sipas"),
    ("papi", "papi"), ("pci", "pci"), ("nang luc canh tranh", "pci"), ("766", "index_766"),
    ("phuc vu nguoi dan", "index_766"),
)  # fmt: skip


@dataclass(slots=True)
class _Quantity:
    start: int
    end: int
    raw: str
    value: float
    unit: str | None
    denominator: float | None
    kind: str  # count | rate | rank | label


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


def _label_before(before: str, run: str) -> bool:
    """True when the words just before a number make it a label, a date part or a phone number."""
    words = before.lower().split()[-4:]
    if not words:
        return False
    if words[-1] in ("từ", "số", "số:", ":"):  # "Kế hoạch số 12", "phụ lục từ 01-07"
        tail = words[:-1]
        if tail and tail[-1] in ("số", "số:"):
            tail = tail[:-1]
    else:
        tail = words
    if tail and (tail[-1] in _LABEL_WORDS or " ".join(tail[-2:]) in _LABEL_WORDS):
        return True
    last = words[-1].rstrip(":")
    if last in _PHONE_WORDS or " ".join(words[-2:]).rstrip(":") in _PHONE_WORDS:
        return True
    if last in ("ngày", "tháng", "năm") and not words[-1].endswith(":"):
        return (len(words) < 2 or words[-2] != "mỗi") and len(run.split("/")[0].strip()) <= 4
    return last in _DAY_MONTH_WORDS and _DAY_MONTH.fullmatch(run) is not None


def _mask(sentence: str) -> str:
    out = sentence
    lowered = sentence.lower()
    for pattern, guard in _MASK_GUARDS:
        if guard.search(lowered):
            out = pattern.sub(_blank, out)
    spans = []
    for m in _RUN.finditer(out):
        if _label_before(out[max(0, m.start() - 40) : m.start()], m.group(0)):
            spans.append(m.span())
    if spans:
        chars = list(out)
        for a, b in spans:
            chars[a:b] = " " * (b - a)
        out = "".join(chars)
    m = _SECTION_MARK.match(out)
    if m:
        out = " " * m.end() + out[m.end() :]
    return out


@lru_cache(maxsize=16_384)  # bounded: raw numbers and units repeat ("01", "100", "hồ sơ")
def _read(raw: str, unit: str | None) -> float | None:
    """Vietnamese prose: '.' groups thousands (2.805 tỷ đồng), ',' marks decimals (51,35%); a single
    ',' before three digits of a whole-count noun is an English thousands group (2,004 thủ tục)."""
    folded = fold(unit or "")
    whole = bool(folded) and unit != "%" and not folded.startswith(_MONEY) and folded != "diem"
    if "," in raw and "." not in raw and raw.count(",") == 1 and not (whole and len(raw.rpartition(",")[2]) == 3):
        hint = "%"
    else:
        hint = "hồ sơ"
    reading = parse_number(raw, hint)
    return reading.value if reading else None


def _unit_after(masked: str, original: str, pos: int) -> str | None:
    m = _WORD.match(masked, pos)
    if not m:
        return None
    word = m.group(1)
    if word == "%":
        return "%"
    if word.lower() in _STOP:
        return None
    tail = fold(original[m.start(1) : m.start(1) + 40])
    if tail.startswith("so luong "):  # "19.847 số lượng người làm việc": what is counted follows
        return _unit_after(masked, original, m.start(1) + len("số lượng"))
    for u in _UNITS_BY_HEAD.get(tail[:2], ()):
        if tail.startswith(u) and (len(tail) == len(u) or not tail[len(u)].isalnum()):
            return original[m.start(1) : m.start(1) + len(u)]
    if len(word) < 2:
        return None
    nxt = _WORD.match(masked, m.end())
    if nxt and nxt.group(1) != "%" and nxt.start(1) == m.end() + 1 and nxt.group(1).lower() not in _STOP:
        return original[m.start(1) : nxt.end(1)]  # most nouns have two syllables: "doanh nghiệp", "đề tài"
    return word


_SHORT_UNITS = frozenset(
    ("diem", "so", "ky", "ban", "lan", "trang", "cong", "tin", "bai", "anh", "hang", "bac", "dong")
)


def _unit_in(label: str) -> str | None:
    """The first counted noun a label names: "Số hồ sơ giải quyết trước và đúng hạn là" -> "hồ sơ"."""
    folded = fold(label)
    if len(folded) != len(label):
        return None
    best = None
    for u in _UNITS:
        if u in _SHORT_UNITS:
            continue  # too short to name what a label counts ("thời điểm", "số lượng")
        i = folded.find(u)
        while i != -1 and not (
            (i == 0 or not folded[i - 1].isalnum()) and folded[i + len(u) : i + len(u) + 1] in ("", " ")
        ):
            i = folded.find(u, i + 1)
        if i != -1 and (best is None or i < best[0]):
            best = (i, label[i : i + len(u)])
    return best[1] if best else None


def _quantities(masked: str, original: str) -> list[_Quantity]:
    out: list[_Quantity] = []
    for m in _NUMBER.finditer(masked):
        raw_x, raw_y = m.group(1), m.group(2)
        pre = masked[max(0, m.start() - 40) : m.start()]
        unit = _unit_after(masked, original, m.end())
        kind = "rate" if unit == "%" else "count"
        if _RANK_BEFORE.search(pre) and (raw_y or unit is None or fold(unit) in ("hang", "tinh", "tinh, thanh pho")):
            kind, unit = "rank", "hạng"
        elif unit is None:
            if raw_y is not None:
                kind = "count"
            elif _LABEL_END.search(pre):
                kind = "label"  # "công chức: 57": the label's last words are the counted noun
                label = re.split(r"[,;()]", pre.rstrip(" :=").removesuffix(" là").rstrip(" :"))[-1]
                unit = _unit_in(label) or " ".join(label.split()[-2:]) or None
            else:
                continue  # a bare number: counts nothing the sentence says
        value = _read(raw_x, unit)
        if value is None:
            continue
        denominator = _read(raw_y, unit) if raw_y else None
        raw = original[m.start() : m.end()]
        if unit == "%" and m.end() < len(original):
            pct = original.find("%", m.end(), m.end() + 2)
            raw = original[m.start() : pct + 1] if pct != -1 else raw
        out.append(_Quantity(m.start(), m.end(), raw, value, unit, denominator, kind))
    return out


_KINDS_OF = {"van ban": ("nghi quyet", "quyet dinh", "thong tu", "chi thi"), "vbqppl": ("nghi quyet", "quyet dinh")}


def _unit_within(unit: str | None, total_unit: str | None) -> bool:
    """A part counts the same thing as its total, or a kind of it (nghị quyết within văn bản)."""
    if not unit or not total_unit:
        return False
    u, t = fold(unit), fold(total_unit)
    if u == t or u.startswith(t) or t.startswith(u):
        return True
    return any(t.startswith(k) and u.startswith(kinds) for k, kinds in _KINDS_OF.items())


def _clause_bounds(sentence: str, pos: int) -> tuple[int, int]:
    start = max(sentence.rfind(";", 0, pos), sentence.rfind(". ", 0, pos)) + 1
    end = sentence.find(";", pos)
    return start, len(sentence) if end == -1 else end


def _scope(
    sentence: str, clause_start: int, pos: int, fw: str, patterns: tuple[re.Pattern, ...] = (_PLACE, _AGENCY)
) -> tuple[str | None, str | None, int | None]:
    """(scope, level, position): the named unit or level stated before the number, nearest first.
    ``patterns``: those of _PLACE and _AGENCY whose literals the sentence holds."""
    best: tuple[int, str, str | None] | None = None
    named = sentence[max(clause_start, pos - _WINDOW) : pos]
    offset = clause_start - max(clause_start - 200, 0)
    if clause_start > 0 and not any(pattern.search(named) for pattern in patterns):
        named, offset = sentence[: min(clause_start, 90)], -max(clause_start - 200, 0)  # the sentence's subject
    for pattern in patterns:
        for m in pattern.finditer(named):
            name = m.group(0).strip()
            if _NOT_SUBJECT.search(named[max(0, m.start() - 10) : m.start()]):
                continue  # "giao bổ sung biên chế cho Văn phòng …": the unit receives, the sentence is not about it
            if best is None or m.start() + offset > best[0]:
                best = (m.start() + offset, name, _level_of(fold(name)))
    for key, level in _LEVELS:
        i = fw.rfind(key)
        if i != -1 and (best is None or i > best[0]):
            best = (i, level, level)
    if best is None:
        if _PROVINCE_WORD.search(fw):
            return "province", "province", None
        return None, None, None
    return best[1], best[2], best[0] + max(clause_start - 200, 0)


def _level_of(folded_name: str) -> str | None:
    if folded_name.startswith(("ubnd huyen", "uy ban nhan dan huyen", "huyen", "thi xa", "quan")):
        return "district"
    if folded_name.startswith(("tinh", "ubnd tinh", "uy ban nhan dan tinh")):
        return "province"
    if folded_name.startswith(("xa", "phuong", "thi tran", "ubnd xa")):
        return "commune"
    if folded_name.startswith(("so", "ban", "van phong")):
        return "department"
    if folded_name.startswith(("trung tam", "cong", "trang")):
        return "province"
    return None


def _subject(original: str, clause_start: int, q: _Quantity) -> str:
    """The shortest span that says what is counted: the verb phrase before the number (to the
    clause or comma) and the counted noun with its qualifier after it (to the next comma)."""
    before = original[clause_start : q.start]
    cut = max(before.rfind(","), before.rfind("("), before.rfind(")"))
    head = " ".join(before[cut + 1 :].replace(":", " ").split()[-8:])
    after = original[q.end : q.end + 80]
    stop = re.search(r"[,;().:]|\s(?:và|đạt|chiếm|so với|trong đó)\s", after)
    tail = " ".join((after[: stop.start()] if stop else after).split()[:8])
    return f"{head} {tail}".strip()


def _index_name(folded_window: str, keys: tuple[tuple[str, str], ...] = _INDEX_NAMES) -> str | None:
    best = None
    for key, name in keys:
        i = folded_window.rfind(key)
        if i != -1 and (best is None or i > best[0]):
            best = (i, name)
    return best[1] if best else None


# (family, unit keys, words that must appear in the subject window (folded), words that must not)
_FAMILIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("dossiers_late", ("ho so",), ("tre han", "qua han"), ("dang giai quyet", "dang xu ly")),
    (
        "dossiers_on_time",
        ("ho so",),
        ("dung han", "dung va truoc", "truoc va dung", "som va dung"),
        ("dang giai quyet", "dang xu ly"),
    ),
    ("dossiers_online", ("ho so",), ("truc tuyen",), ("tra ",)),
    ("dossiers_resolved", ("ho so",), ("giai quyet", "tra ket qua", "hoan thanh"), ("dang giai quyet",)),
    ("dossiers_received", ("ho so",), ("tiep nhan", "nhan "), ()),
    ("dossiers_on_time_rate", ("%",), ("dung han", "truoc han"), ("qua han", "tre han")),
    ("tthc_announced", ("thu tuc", "tthc"), ("cong bo",), ()),
    ("tthc_abolished", ("thu tuc", "tthc"), ("bai bo",), ()),
    ("tthc_total", ("thu tuc", "tthc"), ("so luong", "tong so", "hien nay", "dang thuc hien"), ()),
    ("tthc_province", ("thu tuc", "tthc"), ("cap tinh la", "cap tinh co"), ()),
    ("tthc_district", ("thu tuc", "tthc"), ("cap huyen la", "cap huyen co"), ()),
    ("tthc_commune", ("thu tuc", "tthc"), ("cap xa la", "cap xa co"), ()),
    (
        "legal_docs_issued",
        ("van ban", "vbqppl", "nghi quyet", "quyet dinh"),
        ("ban hanh",),
        ("cong bo",),
    ),
    ("legal_docs_checked", ("van ban", "vbqppl", "quyet dinh"), ("kiem tra",), ("tu kiem tra",)),
    ("legal_docs_reviewed", ("van ban", "vbqppl"), ("ra soat",), ()),
    ("pakn_resolved", ("phan anh", "pakn", "y kien", "kien nghi"), ("giai quyet", "xu ly"), ("dang giai quyet",)),
    ("pakn_received", ("phan anh", "pakn", "y kien", "kien nghi"), ("tiep nhan",), ()),
    ("tasks_done", ("nhiem vu",), ("hoan thanh",), ("chua hoan thanh",)),
    ("tasks_assigned", ("nhiem vu",), ("giao", "de ra"), ()),
    ("plan_completion_rate", ("%",), ("ke hoach",), ("giai ngan", "du toan", "von")),
    ("disbursement_amount", ("trieu dong", "ty dong"), ("giai ngan",), ()),
    ("disbursement_rate", ("%",), ("giai ngan",), ()),
    ("staff_cut", ("bien che",), ("tinh gian", "giam"), ()),
    ("staff_quota", ("bien che",), ("giao", "tong bien che"), ()),
    ("public_service_units", ("don vi",), ("su nghiep",), ("tu bao dam", "tu chu")),  # + a total, see _ALSO
    ("online_services_full", ("dich vu cong", "dvc", "dvctt"), ("toan trinh",), ()),
)


# families that also need one of these words in the sentence before the number (folded): a total, not an action
_ALSO = {
    "public_service_units": ("tong so", "hien co", "hien tai co", "toan tinh co", "co tong"),
    "online_services_full": ("so luong", "tong so", "cung cap"),
    "plan_completion_rate": ("nhiem vu", "cchc", "cai cach hanh chinh"),
}
_ALSO_FORBID = {"plan_completion_rate": ("giai ngan", "du toan", "von dau tu", "ngan sach")}

# A stock at the reporting date (what is in force) versus a flow of the period (what an action produced). A
# "total" of procedures whose sentence says they were announced, abolished or amended ("ban hành 05 quyết định
# công bố TTHC, với tổng số 363 TTHC") counts what the period's decisions announced, not the procedures in
# force ("Hiện nay, số lượng TTHC của tỉnh 1.993 TTHC"); and a total the sentence dates to the reporting date
# ("Đến nay, tổng số TTHC thuộc phạm vi quản lý ... đã được tỉnh công bố là 2.310 TTHC") is the stock, whatever
# verb brought it there. The words of the sentence before the number decide:
# (stock family, flow family, action words, stock markers, total words), all folded
_STOCK_FLOW = (
    (
        "tthc_total",
        "tthc_announced",
        ("cong bo", "bai bo", "sua doi", "thay the", "ban hanh quyet dinh"),
        ("hien nay", "hien co", "hien hanh", "dang thuc hien", "dang ap dung", "den nay", "thuoc pham vi",
         "tham quyen giai quyet"),
        ("tong so", "so luong"),
    ),
)  # fmt: skip


def _stock_or_flow(metric: str, before: str) -> str:
    """The stock or the flow family of a quantity of procedures (above), from the folded sentence ``before`` it."""
    for stock, flow, actions, markers, totals in _STOCK_FLOW:
        if metric not in (stock, flow):
            continue
        if any(w in before for w in markers) and (metric == stock or any(w in before for w in totals)):
            return stock
        if any(w in before for w in actions):
            return flow
    return metric


@lru_cache(maxsize=4096)
def _families_for(unit: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """The families (in _FAMILIES' order) a quantity of the folded ``unit`` can belong to."""
    return tuple((family, need, forbid) for family, units, need, forbid in _FAMILIES if unit.startswith(units))


def metric_of(
    q: _Quantity, window: str, index: str | None, before: str = "", total: str = ""
) -> tuple[str | None, str | None]:
    """(family, match method) for a quantity from its unit, the folded words of its subject (``window``)
    the folded sentence before it (``before``) and, for a part, the subject of its total (``total``)."""
    unit = fold(q.unit or "")
    if q.kind == "rank" or unit in ("hang", "bac"):
        return (f"{index}_rank", "rank_index") if index else (None, None)
    if unit == "diem" and index:
        return f"{index}_score", "score_index"
    for family, need, forbid in _families_for(unit):
        fits = any(w in window for w in need)
        if fits and not any(w in window or w in total for w in forbid):
            if family in _ALSO and not any(w in before for w in _ALSO[family]):
                continue
            if any(w in before for w in _ALSO_FORBID.get(family, ())):
                continue
            return family, "subject_unit"
    return None, None


def extract_narratives(lines: list[str], file_name: str, prose_end: int | None = None) -> list[Narrative]:
    """The quantities of the prose: ``lines[:prose_end]``, up to the appendix (found here when not given)."""
    if prose_end is None:
        from pardw.parse.segments import appendix_start

        start = appendix_start(lines)
        prose_end = len(lines) if start is None else start
    state = SectionState()
    out: list[Narrative] = []
    previous = ""
    heading = ""  # the last heading, folded: whose tasks a "nhiệm vụ" count is
    for idx in range(prose_end):
        line = lines[idx]
        if "\t" in line:
            continue
        if advance(state, line):
            previous = "#"
            heading = fold(strip_markup(line))
            continue
        if not _HAS_DIGIT.search(line):
            if line.strip():
                previous = line.rstrip()
            continue
        footnote = _FOOTNOTE_START.match(line) is not None
        text = strip_markup(line[:_MAX_LINE])
        if not previous or previous.startswith("#") or previous.endswith((".", ";", ":", "**")):
            fm = _FOOTNOTE_LINE.match(text)  # "1 Gồm: ..." a footnote's marker
            if fm:
                text = " " * fm.end() + text[fm.end() :]
                footnote = True
        previous = line.rstrip()
        carry: tuple[str | None, str | None] | None = None
        for sentence in _SENTENCE_SPLIT.split(text):
            carry = _sentence_facts(sentence, state, heading, footnote, file_name, idx + 1, out, carry)
    return out


_Scope = tuple[str | None, str | None]
_YTD = re.compile(r"luy ke|tu dau nam")
_ISSUING_BODY = re.compile(r"\b(ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)\b")


@dataclass(slots=True)
class _Sentence:
    """One sentence of prose with its folded form, the heading it stands under and whether it is a footnote."""

    text: str
    heading: str  # the last heading, folded: whose tasks a "nhiệm vụ" count is
    footnote: bool
    lowered: str = ""  # folded once; sliced per number when folding kept the positions
    keys: tuple[tuple[str, str], ...] | None = None  # the index names in the sentence, found on first use

    def __post_init__(self) -> None:
        self.lowered = self.text.translate(_FOLD).lower()

    def folded(self, a: int, b: int) -> str:
        return self.lowered[a:b] if len(self.lowered) == len(self.text) else fold(self.text[a:b])

    def index_keys(self) -> tuple[tuple[str, str], ...]:
        """The index names a window of this sentence can hold: those in the sentence (all when folding
        changed the length, so that a window is not a slice of ``lowered``)."""
        if self.keys is None:
            whole = len(self.lowered) == len(self.text)
            self.keys = tuple(k for k in _INDEX_NAMES if not whole or k[0] in self.lowered)
        return self.keys

    def before(self, pos: int, width: int) -> str:
        """The folded ``width`` characters before ``pos``."""
        return self.folded(max(0, pos - width), pos)


@dataclass(slots=True)
class _Parts:
    """Which earlier quantity of the sentence the next one breaks down: "tiếp nhận 11.093 hồ sơ (trong đó
    trực tuyến 8.469 hồ sơ …)". Quantities are named by their seq, their 1-based position in ``out``."""

    first: int  # len(out) when the sentence started
    stack: list[tuple[int | None, bool]] = field(default_factory=list)  # (seq of the total, opened by "(")
    top: int | None = None  # seq of the last quantity of this sentence that is not a part, a rate or a baseline

    def parent(self, between: str, q: _Quantity, out: list[Narrative]) -> int | None:
        """The seq of the total ``q`` is a part of, from the text ``between`` the previous quantity and ``q``."""
        if ";" in between:
            self.stack.clear()
        for _ in range(between.count(")")):
            if self.stack and self.stack[-1][1]:
                self.stack.pop()
        opener = _PART_OPEN.search(between)
        if len(out) > self.first and (opener or "(" in between):
            if opener:
                self.stack.append((self.top, "(" in between))
            else:  # "(" alone: a breakdown of the number before, or a remark
                self.stack.append((len(out) if _breaks_down(q, out[-1]) else None, True))
        return self.stack[-1][0] if self.stack else None


def _breaks_down(q: _Quantity, prev: Narrative) -> bool:
    return prev.role != "baseline" and prev.unit != "%" and _unit_within(q.unit, prev.unit)


def _change(pre: str) -> str | None:
    """increase or decrease when a verb of change stands just before the number ("tăng 12 hồ sơ")."""
    m = _CHANGE_BEFORE.search(pre[-25:])
    if m is None:
        return None
    return "increase" if fold(m.group(1)) in ("tang", "vuot", "nang") else "decrease"


def _role(plan_section: bool, pre: str, sentence: str, pos: int, change: str | None, hints: bool = True) -> str:
    """plan, baseline or result. "Theo Kế hoạch có 08 sở" is a plan; "Theo Kế hoạch, Sở Nội vụ đã kiểm tra
    42/42" is a result. ``hints``: False when the sentence holds no literal of a plan word."""
    if plan_section:
        return "plan"
    planned = _last(_PLAN, pre[pre.rfind(":") + 1 :]) if hints else None
    if planned is not None and not _DONE.search(planned):
        return "plan"
    if change is None and _BASELINE.search(sentence[max(0, pos - 30) : pos]):
        return "baseline"
    return "result"


def _whose_tasks(metric: str, context: str) -> str | None:
    """The Government's tasks (Biểu mẫu 1 row 5) or the PAR plan's (row 2), from the heading and the
    sentence; None when the context names neither."""
    if "chinh phu" in context or "thu tuong" in context:
        return f"gov_{metric}"
    return metric if "ke hoach" in context else None


def _metric(s: _Sentence, q: _Quantity, subject: str, total: str, change: str | None) -> tuple[str | None, str | None]:
    """(catalog metric, match method) of a quantity; ``total`` is the folded subject of the total it is a
    part of: "đang giải quyết 4.211 hồ sơ (… quá hạn 22 hồ sơ)" is not late-resolved."""
    if s.footnote:
        return None, None  # a footnote details a figure of the text; it is not a catalog total
    fpre = s.before(q.start, 70)
    window = fold(subject) if q.kind != "rate" else fpre
    index = _index_name(s.before(q.start, 160), s.index_keys())
    metric, method = metric_of(q, window, index, s.before(q.start, 200), total)
    if metric is None:
        return None, None
    metric = _stock_or_flow(metric, s.before(q.start, 200))
    if metric == "legal_docs_issued":
        body = _ISSUING_BODY.search(window)
        if body:  # one body's share is not the locality's total (Biểu mẫu 2 row 1)
            metric = "legal_docs_issued_by_" + ("ubnd" if body.group(1) in ("ubnd", "uy ban nhan dan") else "hdnd")
    if metric.startswith("tasks_"):
        metric = _whose_tasks(metric, f"{s.heading} {s.before(q.start, _WINDOW)}")
        if metric is None:
            return None, None
    if change:
        metric = f"{metric}_change"
    if _YTD.search(fpre):
        metric = f"{metric}_ytd"
    return metric, method


def _sentence_facts(
    sentence: str,
    state: SectionState,
    heading: str,
    footnote: bool,
    file_name: str,
    line: int,
    out: list[Narrative],
    carry: _Scope | None,
) -> _Scope | None:
    """Append the sentence's quantities; return the (scope, level) a next sentence of the paragraph inherits."""
    if not _HAS_DIGIT.search(sentence):
        return carry
    quantities = _quantities(_mask(sentence), sentence)
    if not quantities:
        return carry
    text = sentence.strip()[:1000]
    s = _Sentence(sentence, heading, footnote)
    parts = _Parts(first=len(out))
    plan_hints = _PLAN_HINT.search(sentence.lower()) is not None
    scope_patterns = tuple(
        pattern for pattern, hint in ((_PLACE, _PLACE_HINT), (_AGENCY, _AGENCY_HINT)) if hint.search(sentence)
    )
    last_end = 0
    for q in quantities:
        parent = parts.parent(sentence[last_end : q.start], q, out)
        last_end = q.end
        clause_start, _ = _clause_bounds(sentence, q.start)
        fw = s.folded(max(clause_start - 200, 0), q.start)
        scope, level, where = _scope(sentence, clause_start, q.start, fw, scope_patterns)
        if where is not None and where < 90 and carry is None:
            carry = (scope, level)  # the sentence's subject: the next sentences of the paragraph are about it
        if scope is None and carry is not None:
            scope, level = carry  # the paragraph's unit, stated in an earlier sentence of the same line
        pre = sentence[max(clause_start, q.start - _WINDOW) : q.start]  # bounded: linear on a 50 KB sentence
        change = _change(pre)
        role = _role(state.role == "plan", pre, sentence, q.start, change, plan_hints)
        subject = _subject(sentence, clause_start, q)
        is_part = parent is not None and q.unit and q.unit != "%" and q.kind != "rank" and role != "baseline"
        part_of = parent if is_part else None
        total = fold(out[part_of - 1].subject or "") if part_of is not None else ""
        metric, method = _metric(s, q, subject, total, change)
        if part_of is None and role != "baseline" and q.unit != "%":
            parts.top = len(out) + 1
        if part_of is not None and metric and metric == out[part_of - 1].metric:
            metric, method = None, None  # a part is not its total: "nhận trực tiếp 8.469" of "tiếp nhận 11.093"
        out.append(
            Narrative(
                file_name, state.domain, state.role, metric or "unmapped", q.value, q.unit, text, line,
                level=level, raw_value=q.raw, denominator=q.denominator, subject=subject,
                role=role, scope=scope, part_of=part_of, change=change, value_kind=q.kind, match_method=method,
            )
        )  # fmt: skip
    return carry
