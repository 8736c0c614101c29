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

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from pardw.parse.numbers import NumberReading, parse_number
from pardw.parse.records import Narrative
from pardw.parse.scope import LEVELS, WHOLE, Marker, Scope, subject_scope
from pardw.parse.scope import markers as scope_markers
from pardw.parse.scope import scope_of as read_scope
from pardw.parse.sections import SectionState, advance
from pardw.parse.text import _FOLD, fold, fold_once, strip_markup

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
# the last word before a number (lower case) that any rule of _label_before reads: a label's or phone word's last
# word, a date word, and the words a number follows in a named document ("số", "từ", ":")
_LABEL_TRIGGERS = frozenset(
    {w.split()[-1] for w in (*_LABEL_WORDS, *_PHONE_WORDS)}
    | {"từ", "số", "số:", ":", "ngày", "tháng", "năm"}
    | _DAY_MONTH_WORDS
)
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


def _rank_hint(pre: str) -> bool:
    """False when ``pre`` holds none of the words every match of _RANK_BEFORE holds (in lower case)."""
    low = pre.lower()
    return "xếp" in low or "hạng" in low or "đứng" in low


_CHANGE_BEFORE = re.compile(r"(?i)\b(tăng|giảm|cắt giảm|tinh giản|vượt|nâng)\s*(?:thêm|được|lên)?\s*$")
_PLAN = re.compile(
    r"(?i)phấn đấu|dự kiến|(?<!có )mục tiêu|theo kế hoạch|kế hoạch (?:có|giao|đặt ra|là)|chỉ tiêu (?:giao|đề ra|là)"
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
_INDEX_NAMES = (
    ("par index", "par_index"), ("cai cach hanh chinh", "par_index"), ("sipas", "sipas"), ("hai long", "sipas"),
    ("papi", "papi"), ("pci", "pci"), ("nang luc canh tranh", "pci"), ("766", "index_766"),
    ("phuc vu nguoi dan", "index_766"),
)  # fmt: skip


@dataclass(slots=True)
class Quantity:
    """A number of a sentence with what it counts: ``start:end`` its characters in the sentence, ``raw`` as printed
    (with its "%"), ``unit`` the counted noun or unit as printed ("hồ sơ", "%", "hạng"), ``kind`` count, rate, rank
    or label, ``fmt`` how its separators were read (numbers.NumberReading.fmt)."""

    start: int
    end: int
    raw: str
    value: float
    unit: str | None
    denominator: float | None
    kind: str  # count | rate | rank | label
    fmt: str = "integer"


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


def _label_before(before: str, run: str) -> bool:
    """True when the words just before a number make it a label, a date part or a phone number."""
    last = before.rsplit(None, 1)
    if not last:
        return False
    end = last[-1].lower()
    if end not in _LABEL_TRIGGERS and end.rstrip(":") not in _LABEL_TRIGGERS:
        return False  # the common case: the last word is none that any rule below reads
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


_QUOTED = re.compile(r"“[^”“]{1,200}”")


def _blank_shapes(sentence: str, lowered: str) -> str:
    """The sentence with the shapes of _MASKS blanked; a pattern scans only a sentence that holds one of its
    literals (a substring test is far cheaper than a scan with the pattern)."""
    out = sentence
    for pattern, literals in _MASKS:
        for literal in literals:
            if literal in lowered:
                out = pattern.sub(_blank, out)
                break
    return out


def _mask(sentence: str, lowered: str | None = None) -> str:
    """The sentence with what is not a quantity blanked (``lowered``: the sentence in lower case)."""
    out = _blank_shapes(sentence, sentence.lower() if lowered is None else lowered)
    spans = []
    for m in _RUN.finditer(out):
        if _label_before(out[max(0, m.start() - 40) : m.start()], m.group(0)):
            spans.append(m.span())
    if spans:
        chars = list(out)
        for a, b in spans:
            chars[a:b] = " " * (b - a)
        out = "".join(chars)
    if "“" in out:  # a quoted title counts nothing: “02 con số”, “Chiến dịch 360 ngày …”
        out = _QUOTED.sub(lambda q: re.sub(r"\d", " ", q.group(0)), out)
    m = _SECTION_MARK.match(out)
    if m:
        out = " " * m.end() + out[m.end() :]
    return out


def _read(raw: str, unit: str | None) -> float | None:
    reading = _reading(raw, unit)
    return reading.value if reading else None


@lru_cache(maxsize=16_384)  # bounded: raw numbers and units repeat ("01", "100", "hồ sơ")
def _reading(raw: str, unit: str | None) -> NumberReading | None:
    """Vietnamese prose: '.' groups thousands (2.805 tỷ đồng), ',' marks decimals (51,35%); a single
    ',' before three digits of a whole-count noun is an English thousands group (2,004 thủ tục)."""
    folded = fold(unit or "")
    whole = bool(folded) and unit != "%" and not folded.startswith(_MONEY) and folded != "diem"
    if "," in raw and "." not in raw and raw.count(",") == 1 and not (whole and len(raw.rpartition(",")[2]) == 3):
        hint = "%"
    else:
        hint = "hồ sơ"
    return parse_number(raw, hint)


def _unit_after(masked: str, original: str, pos: int) -> str | None:
    m = _WORD.match(masked, pos)
    if not m:
        return None
    word = m.group(1)
    if word == "%":
        return "%"
    if word.lower() in _STOP:
        return None
    tail = fold_once(original[m.start(1) : m.start(1) + 40])
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


def _quantities(masked: str, original: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _NUMBER.finditer(masked):
        raw_x, raw_y = m.group(1), m.group(2)
        pre = masked[max(0, m.start() - 40) : m.start()]
        unit = _unit_after(masked, original, m.end())
        kind = "rate" if unit == "%" else "count"
        if (
            _rank_hint(pre)
            and _RANK_BEFORE.search(pre)
            and (raw_y or unit is None or fold(unit) in ("hang", "tinh", "tinh, thanh pho"))
        ):
            kind, unit = "rank", "hạng"
        elif unit is None:
            if raw_y is not None:
                kind = "count"
            elif _LABEL_END.search(pre):
                kind = "label"  # "công chức: 57": the label's last words are the counted noun
                wide = masked[max(0, m.start() - 120) : m.start()]  # the label's words: "Biên chế … nhà nước là"
                label = re.split(r"[,;()]", wide.rstrip(" :=").removesuffix(" là").rstrip(" :"))[-1]
                unit = _unit_in(label.strip()) or " ".join(label.split()[-2:]) or None
            else:
                continue  # a bare number: counts nothing the sentence says
        reading = _reading(raw_x, unit)
        if reading is None:
            continue
        denominator = _read(raw_y, unit) if raw_y else None
        if raw_y is None and unit and unit != "%":  # "230.473 triệu đồng/13.203.300 triệu đồng": x of y
            per = _PER.match(original, m.end() + 1 + len(unit))
            if per and original.startswith(unit, per.end()):
                denominator = _read(per.group(1), unit)
        raw = original[m.start() : m.end()]
        if unit == "%" and m.end() < len(original):
            pct = original.find("%", m.end(), m.end() + 2)
            raw = original[m.start() : pct + 1] if pct != -1 else raw
        out.append(Quantity(m.start(), m.end(), raw, reading.value, unit, denominator, kind, reading.fmt))
    return out


_ORGANISATIONS = (
    "don vi", "co quan", "ban", "trung tam", "chi cuc", "truong", "tram", "to chuc", "so", "phong", "uy ban", "ubnd",
)  # fmt: skip
_PER = re.compile(r"\s?/\s?(\d[\d.,]*)\s+")
_KINDS_OF = {
    "van ban": ("nghi quyet", "quyet dinh", "thong tu", "chi thi"), "vbqppl": ("nghi quyet", "quyet dinh"),
    "nguoi": ("cong chuc", "vien chuc", "can bo", "hdld", "hop dong", "lao dong"),
    "bien che": ("cong chuc", "vien chuc", "hdld", "hop dong"),
}  # fmt: skip
_SAME = {
    "tthc": "thu tuc",
    "dvc": "dich vu cong",
    "dvctt": "dich vu cong",
    "pakn": "phan anh",
    "dich cong": "dich vu cong",
}


def _unit_within(unit: str | None, total_unit: str | None) -> bool:
    """A part counts the same thing as its total, or a kind of it (nghị quyết within văn bản)."""
    if not unit or not total_unit:
        return False
    u, t = fold(unit), fold(total_unit)
    u, t = _SAME.get(u, u), _SAME.get(t, t)
    if u == t or u.startswith(t) or t.startswith(u) or u.split()[0] == t.split()[0]:
        return True
    if t.startswith(_ORGANISATIONS) and u.startswith(_ORGANISATIONS):
        return True  # "30 đơn vị (gồm 28 Ban quản lý …)", "29 cơ quan … (gồm 04 cơ quan … và 25 đơn vị …)"
    return any(t.startswith(k) and u.startswith(kinds) for k, kinds in _KINDS_OF.items())


_SUBJECT_STOP = re.compile(r"[,;().:]|\s(?:và|đạt|chiếm|so với|trong đó)\s")


def _subject(original: str, clause_start: int, q: Quantity) -> str:
    """The shortest span that says what is counted: the verb phrase before the number (to the
    clause or comma) and the counted noun with its qualifier after it (to the next comma)."""
    before = original[clause_start : q.start]
    cut = max(before.rfind(","), before.rfind("("), before.rfind(")"), before.rfind(";"))
    joint = before.rfind(" và ")
    if joint > cut and _HAS_DIGIT.search(before, cut + 1, joint):
        cut = joint + 3  # "845 … toàn trình và 1.202 …": the words after "và" (not "đúng và trước hạn")
    head = " ".join(before[cut + 1 :].replace(":", " ").split()[-8:])
    after = original[q.end : q.end + 80]
    stop = _SUBJECT_STOP.search(after)
    tail = " ".join((after[: stop.start()] if stop else after).split()[:12])
    return f"{head} {tail}".strip()


def _index_name(folded_window: str, keys: tuple[tuple[str, str], ...] = _INDEX_NAMES) -> str | None:
    best = None
    for key, name in keys:
        i = folded_window.rfind(key)
        if i != -1 and (best is None or i > best[0]):
            best = (i, name)
    return best[1] if best else None


# (family, unit keys, words that must appear in the subject window (folded), words that must not); the first that
# fits is the family, so a narrower family stands before a wider one ("đúng hạn" before "giải quyết")
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
    ("one_stop_rate", ("%",), ("bo phan mot cua",), ()),
    ("online_dossiers_full_rate", ("%",), ("truc tuyen toan trinh",), ("mot phan",)),
    ("tthc_online_payment", ("thu tuc", "tthc"), ("thanh toan truc tuyen",), ()),
    (
        "tthc_announced",
        ("thu tuc", "tthc"),
        ("cong bo moi", "tthc moi", "thu tuc moi", "cong bo tthc moi"),
        ("noi bo",),
    ),
    ("tthc_abolished", ("thu tuc", "tthc"), ("bai bo",), ()),
    ("tthc_vertical", ("thu tuc", "tthc"), ("nganh doc",), ("khong bao gom", "chua bao gom")),
    (
        "tthc_total",
        ("thu tuc", "tthc"),
        (
            "so luong thu tuc",
            "so luong tthc",
            "tong so tthc",
            "tong so thu tuc",
            "so thu tuc",
            "so tthc",
            "hien nay",
            "dang thuc hien",
        ),
        ("noi bo", "muc do", "truc tuyen", "dich vu cong", "cat giam", "don gian hoa", "de nghi"),
    ),
    ("tthc_province", ("thu tuc", "tthc"), ("cap tinh la", "cap tinh co"), ()),
    ("tthc_district", ("thu tuc", "tthc"), ("cap huyen la", "cap huyen co"), ()),
    ("tthc_commune", ("thu tuc", "tthc"), ("cap xa la", "cap xa co"), ()),
    ("legal_docs_checked", ("van ban", "vbqppl", "quyet dinh"), ("kiem tra",), ("tu kiem tra",)),
    ("legal_docs_reviewed", ("van ban", "vbqppl"), ("ra soat",), ("can phai xu ly", "xu ly xong", "can xu ly")),
    (
        "legal_docs_issued",
        ("van ban", "vbqppl", "nghi quyet", "quyet dinh"),
        ("ban hanh",),
        ("cong bo", "kiem tra", "ra soat", "tham dinh", "gop y"),
    ),
    ("pakn_resolved", ("phan anh", "pakn", "y kien", "kien nghi"), ("giai quyet", "xu ly"), ("dang giai quyet",)),
    ("pakn_received", ("phan anh", "pakn", "y kien", "kien nghi"), ("tiep nhan",), ()),
    ("tasks_done_late", ("nhiem vu",), ("hoan thanh nhung qua han", "hoan nhung qua han"), ()),
    ("tasks_overdue", ("nhiem vu",), ("qua han",), ()),
    ("tasks_pending", ("nhiem vu",), ("trong han", "trong thoi han"), ()),
    ("tasks_done_on_time", ("nhiem vu",), ("dung han", "truoc han"), ("chua hoan thanh",)),
    ("tasks_done", ("nhiem vu",), ("hoan thanh",), ("chua hoan thanh",)),
    ("tasks_assigned", ("nhiem vu",), ("giao", "de ra"), ()),
    ("plan_completion_rate", ("%",), ("ke hoach",), ("giai ngan", "du toan", "von", "kiem tra")),
    ("disbursement_amount", ("trieu dong", "ty dong"), ("giai ngan",), ()),
    ("disbursement_plan", ("trieu dong", "ty dong"), ("ke hoach von",), ("giai ngan",)),
    ("disbursement_rate", ("%",), ("giai ngan",), ()),
    ("staff_cut_rate", ("%",), ("bien che cong chuc so voi nam 2015",), ()),
    (
        "public_staff_cut_rate",
        ("%",),
        ("nguoi so voi 2015", "nguoi so voi nam 2015", "nguoi lam viec so voi nam 2015"),
        (),
    ),
    ("psu_cut_rate", ("%",), ("don vi so voi nam 2015", "don vi su nghiep cong lap so voi nam 2015"), ()),
    ("staff_recruited", ("cong chuc",), ("tuyen dung",), ("vien chuc",)),
    ("public_staff_recruited", ("vien chuc",), ("tuyen dung",), ()),
    ("staff_in_post", ("cong chuc",), ("hien co", "co mat"), ()),
    ("public_staff_in_post", ("vien chuc",), ("hien co", "co mat"), ()),
    ("contracts_in_post", ("hdld", "hop dong"), ("hien co", "co mat"), ()),
    ("staff_quota_by_kind", ("cong chuc",), ("duoc giao", "bien che duoc giao"), ("vien chuc",)),
    ("public_staff_quota_by_kind", ("vien chuc",), ("duoc giao", "bien che duoc giao"), ()),
    ("staff_cut", ("bien che",), ("tinh gian", "giam"), ()),
    ("staff_quota", ("bien che",), ("giao", "tong bien che", "bien che cong chuc"), ("vien chuc",)),
    ("public_staff_quota", ("bien che", "nguoi"), ("bien che vien chuc", "nguoi lam viec"), ()),
    ("psu_self_funded_full", ("don vi",), ("chi thuong xuyen va chi dau tu", "chi thuong xuyen va dau tu"), ()),
    ("psu_partly_self_funded", ("don vi",), ("mot phan chi thuong xuyen",), ()),
    ("psu_self_funded", ("don vi",), ("tu bao dam chi thuong xuyen", "tu dam bao chi thuong xuyen"), ()),
    ("psu_state_funded", ("don vi",), ("nha nuoc bao dam", "nha nuoc dam bao"), ()),
    (
        "psu_under_ubnd_province",
        ("don vi",),
        ("su nghiep thuoc uy ban nhan dan tinh", "su nghiep thuoc ubnd tinh"),
        ("thuoc don vi su nghiep", "tu bao dam", "tu chu", "tiep nhan", "nguyen trang"),
    ),
    (
        "public_service_units",
        ("don vi",),
        ("su nghiep",),
        ("tu bao dam", "tu chu", "co che", "nguyen trang", "chuyen"),
    ),  # + a total: _ALSO
    ("online_services_full", ("dich vu cong", "dich cong", "dvc", "dvctt"), ("toan trinh",), ("mot phan",)),
)

# families whose words may stand anywhere in the clause before the number ("Tổng kế hoạch vốn đầu tư phát triển
# năm 2026 là: 13.203.300", "+ Đơn vị sự nghiệp công lập thuộc sở, tổ chức hành chính khác: 247 đơn vị"), or in the
# words after it ("04 đơn vị … tự bảo đảm chi thường xuyên và chi đầu tư", "124/124 TTHC … được thanh toán trực tuyến")
_CLAUSE_NEED = frozenset((
    "tthc_total", "psu_under_ubnd_province", "disbursement_amount", "tthc_vertical", "legal_docs_reviewed", "disbursement_plan", "public_service_units", "staff_in_post",
    "public_staff_in_post", "contracts_in_post", "staff_quota_by_kind", "public_staff_quota_by_kind",
    "public_staff_quota", "staff_quota",
))  # fmt: skip
_TAIL_NEED = frozenset((
    "psu_self_funded_full", "psu_partly_self_funded", "psu_self_funded", "psu_state_funded", "tthc_online_payment",
))  # fmt: skip
# a rate right after a count of a family is that count's share ("… 230.473 triệu đồng/13.203.300 triệu đồng; đạt 1,75%")
_RATE_AFTER = {
    "disbursement_amount": "disbursement_rate", "tasks_done": "plan_completion_rate",
    "dossiers_on_time": "dossiers_on_time_rate", "tthc_online_payment": "online_payment_rate",
}  # fmt: skip

# the noun a rate is a share of: a rate printed right after a count of another noun is that count's share
# ("123/123 nhiệm vụ, đạt 100%" is no dossier rate)
_RATE_OF = {
    "staff_cut_rate": ("bien che",), "public_staff_cut_rate": ("nguoi",), "psu_cut_rate": ("don vi",),
    "dossiers_on_time_rate": ("ho so",), "online_dossiers_full_rate": ("ho so",), "plan_completion_rate": ("nhiem vu",),
    "disbursement_rate": ("trieu dong", "ty dong", "nghin dong", "dong"), "one_stop_rate": ("thu tuc", "tthc"), "online_payment_rate": ("thu tuc", "tthc"),
}  # fmt: skip

# families that also need one of these words in the sentence before the number (folded): a total, not an action
_ALSO = {
    "public_service_units": ("tong so", "hien co", "hien tai co", "toan tinh co", "co tong"),
    "online_services_full": ("so luong", "tong so", "cung cap"),
    "plan_completion_rate": ("nhiem vu", "ke hoach cchc", "ke hoach cai cach hanh chinh"),
    "tthc_online_payment": ("nghia vu tai chinh",),
    "online_payment_rate": ("nghia vu tai chinh",),
}
_ALSO_FORBID = {
    "plan_completion_rate": ("giai ngan", "du toan", "von dau tu", "ngan sach"),
    # the public investment plan (vi.1), not the budget's development spending ("dự toán chi đầu tư phát triển")
    "disbursement_amount": ("du toan",), "disbursement_plan": ("du toan",), "disbursement_rate": ("du toan",),
}  # fmt: skip

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
        "tthc_decided",
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


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    """True when ``text`` holds one of ``words`` (a loop: cheaper than any() over a generator)."""
    for w in words:  # noqa: SIM110 - the loop is the point
        if w in text:
            return True
    return False


@lru_cache(maxsize=4096)
def _families_for(unit: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """The families (in _FAMILIES' order) a quantity of the folded ``unit`` can belong to."""
    return tuple((family, need, forbid) for family, units, need, forbid in _FAMILIES if unit.startswith(units))


def metric_of(
    q: Quantity,
    window: str,
    index: str | None,
    before: str = "",
    total: str = "",
    total_family: str = "",
    wider: tuple[str, str] = ("", ""),
) -> tuple[str | None, str | None]:
    """(family, match method) for a quantity from its unit, the folded words of its subject (``window``)
    the folded sentence before it (``before``) and, for a part, the subject and family of its total (``total``,
    ``total_family``: a part of a total of public service units is one without the total's words); ``wider``:
    the folded clause before the number and the words after it, for the families that read them."""
    unit = fold(q.unit or "")
    if q.kind == "rank" or unit in ("hang", "bac"):
        return (f"{index}_rank", "rank_index") if index else (None, None)
    if unit == "diem" and index:
        return f"{index}_score", "score_index"
    for family, need, forbid in _families_for(unit):
        where = window
        if family in _CLAUSE_NEED:
            where = f"{wider[0]} {window}"
        elif family in _TAIL_NEED:
            where = f"{window} {wider[1]}"
        if not _holds_any(where, need):
            continue
        told = f"{window} {total} {wider[1]} {wider[0][-70:] if family in _CLAUSE_NEED else ''}"
        if not _holds_any(told, forbid):
            also = f"{before} {wider[1]}"
            if family in _ALSO and not _holds_any(also, _ALSO[family]) and total_family != family:
                continue
            if family in _ALSO_FORBID and _holds_any(before, _ALSO_FORBID[family]):
                continue
            return family, "subject_unit"
    return None, None


def extract_narratives(
    lines: list[str],
    file_name: str,
    prose_end: int | None = None,
    footnotes: frozenset[int] = frozenset(),
    issuer: str | None = None,
    period_end: dt.date | None = None,
) -> list[Narrative]:
    """The quantities of the prose: ``lines[:prose_end]``, up to the appendix (found here when not given).
    ``footnotes``: 0-based indexes of the lines that are footnotes of the document model (Word footnotes);
    ``issuer``: the body that issued the report (a department's report: what it says of itself is its whole);
    ``period_end``: the last day of the report's period (a figure to an earlier date is not the period's)."""
    if prose_end is None:
        from pardw.parse.segments import appendix_start

        start = appendix_start(lines)
        prose_end = len(lines) if start is None else start
    state = SectionState()
    out: list[Narrative] = []
    previous = ""
    heading = ""  # the last heading, folded: whose tasks a "nhiệm vụ" count is
    listing: _Listing | None = None  # a total whose items follow on the next lines ("… là 290 đơn vị; gồm:")
    topic: Scope | None = None  # a body a bullet line names, whose paragraphs follow ("* Cổng Thông tin điện tử tỉnh")
    own = fold(issuer or "")
    for idx in range(prose_end):
        line = lines[idx]
        if "\t" in line:
            continue
        if advance(state, line):
            previous = "#"
            heading = fold(strip_markup(line))
            listing = topic = None
            continue
        if _TOPIC_LINE.match(line):
            topic = _topic(strip_markup(line), own) or topic
        if len(line) < 300 and _SUBHEADING.match(line):  # "c) Kết quả thực hiện cơ chế tự chủ tài chính …"
            heading = f"{heading.split(' | ')[0]} | {fold(strip_markup(line))}"
        if not _HAS_DIGIT.search(line):
            previous = line.rstrip() or previous
            listing = listing if not line.strip() or (listing and listing.continues(line)) else None
            continue
        text, footnote = _line_text(line, previous, idx in footnotes)
        previous = line.rstrip()
        listing = listing if listing and not footnote and listing.continues(text) else None
        first = len(out)
        parts = _Parts(first=first, period_end=period_end)
        carry: Scope | None = topic
        for sentence in _SENTENCE_SPLIT.split(text):
            parts.new_sentence()
            carry = _sentence_facts(
                sentence, state, heading, footnote, file_name, idx + 1, out, carry, parts, listing, own
            )  # fmt: skip
            parts.context = (parts.context + " " + sentence[:600])[-600:]
        listing = listing if listing else (None if footnote else _Listing.opened(text, out, first))
    return out


def _line_text(line: str, previous: str, footnote: bool) -> tuple[str, bool]:
    """The prose of a line and whether it is a footnote (a Word footnote, or a line starting with its marker)."""
    footnote = footnote or _FOOTNOTE_START.match(line) is not None
    text = strip_markup(line[:_MAX_LINE])
    if not previous or previous.startswith("#") or previous.endswith((".", ";", ":", "**")):
        fm = _FOOTNOTE_LINE.match(text)  # "1 Gồm: ..." a footnote's marker
        if fm:
            text = " " * fm.end() + text[fm.end() :]
            footnote = True
    return text, footnote


_SUBHEADING = re.compile(r"^\s*(?:\*\*)?[a-zđ]\)\s")
_TOPIC_LINE = re.compile(r"^\s*(?:[*•+-]|\*\*)\s*[^\d]{3,200}$")


def _topic(line: str, own: str) -> Scope | None:
    """The body a bullet line without numbers names at its start ("* Trang TTĐT Đại biểu ND (HĐND)")."""
    text = line.lstrip(" *•+-")
    found = scope_markers(text)
    if found and found[0].start <= 2 and found[0].scope.kind == "agency":
        return _own(found[0].scope, own)
    return None


def _own(scope: Scope, own: str) -> Scope:
    """The issuer named: what a department's report says of itself is about its whole."""
    if scope.kind == "agency" and own and scope.name:
        name = fold(scope.name)
        if len(name) >= 8 and (name in own or own.startswith(name)):
            return WHOLE
    return scope


@dataclass(slots=True)
class _Listing:
    """A total whose parts are the bullet items of the next lines: "- Cấp tỉnh: Tổng số đơn vị sự nghiệp công là 290
    đơn vị; gồm:" followed by "+ Số lượng đơn vị SNCL tự đảm bảo chi thường xuyên: 62 đơn vị;" …"""

    total: int  # seq of the total
    unit: str | None
    scope: Scope | None
    bullet: str  # the bullet the items start with

    def continues(self, text: str) -> bool:
        return text.lstrip().startswith(self.bullet)

    @staticmethod
    def opened(text: str, out: list[Narrative], first: int) -> _Listing | None:
        if len(out) == first or not _LISTING_OPEN.search(text[-60:]):
            return None
        total = next((i for i in range(first, len(out)) if out[i].part_of is None and out[i].unit != "%"), None)
        if total is None:
            return None
        rec = out[total]
        bullet = "+" if text.lstrip().startswith("-") else ("+", "-")
        scope = Scope(rec.scope_kind or "whole_unit", rec.scope, rec.level) if rec.scope_kind else None
        return _Listing(total + 1, rec.unit, scope, bullet)  # type: ignore[arg-type]


_LISTING_OPEN = re.compile(r"(?i)\b(?:gồm|trong đó|cụ thể(?: như sau)?|bao gồm|chia ra)\s*:?\s*\W*$")


_ISSUING_BODY = re.compile(r"\b(ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)\b")


@dataclass(slots=True)
class _Sentence:
    """One sentence of prose with its folded form, the heading it stands under and whether it is a footnote."""

    text: str
    heading: str  # the last heading, folded: whose tasks a "nhiệm vụ" count is
    footnote: bool
    context_text: str = ""  # the line's sentences before this one (at most 600 characters)
    period_end: dt.date | None = None  # the last day of the report's period, when known
    lowered: str = ""  # folded once; sliced per number when folding kept the positions
    keys: tuple[tuple[str, str], ...] | None = None  # the index names in the sentence, found on first use
    folded_context: str | None = None

    def __post_init__(self) -> None:
        if not self.lowered:
            self.lowered = self.text.translate(_FOLD).lower()

    @property
    def context(self) -> str:
        """The line's sentences before this one, folded (on first use)."""
        if self.folded_context is None:
            self.folded_context = fold(self.context_text)
        return self.folded_context

    def folded(self, a: int, b: int) -> str:
        return self.lowered[a:b] if len(self.lowered) == len(self.text) else fold_once(self.text[a:b])

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
    """Which earlier quantity of the line the next one breaks down: "tiếp nhận 11.093 hồ sơ (trong đó trực tuyến
    8.469 hồ sơ …)". Quantities are named by their seq, their 1-based position in ``out``. Brackets nest: a ";"
    inside a bracketed breakdown does not end it ("420 TTHC (Thuế 217; Kho bạc 11; … BHXH 25)"), nor does it end a
    list opened with a colon ("trong đó: …; …"); a bracket closed before the next item does not make it a part
    ("08 chi cục … (…); 01 chi cục …"). Entries: (seq of the total, how the list opened: "(" a bracket, "((" a
    bracket right after the total's noun, ":" a list with a colon, "" a list word without one)."""

    first: int  # len(out) when the line started
    stack: list[tuple[int | None, str]] = field(default_factory=list)
    context: str = ""  # the line's sentences read so far (the last 600 characters)
    period_end: dt.date | None = None  # the last day of the report's period, when known
    top: int | None = None  # seq of the last quantity of this line that is not a part, a rate or a baseline

    def new_sentence(self) -> None:
        self.stack.clear()  # a sentence closes the lists of the one before; its "Trong đó:" opens the last total

    def _close(self, bracket: bool) -> None:
        while self.stack and not self.stack[-1][1].startswith("("):
            self.stack.pop()
        if bracket and self.stack:
            self.stack.pop()

    def _open(self, between: str, m: re.Match, q: Quantity, out: list[Narrative]) -> None:
        token = m.group(0)
        if token == "(":
            prev = len(out) if len(out) > self.first and out[-1].unit != "%" and out[-1].role != "baseline" else None
            inside = between[m.end() :]  # the bracket's words before the number: "(công chức: 57", "(124 đảng ủy"
            tight = (
                prev is not None
                and len(between[: m.start()].split()) <= len((out[-1].unit or "").split()) + 3
                and len(inside.split()) <= 2
            )
            if prev is not None and (tight or _breaks_down(q, out[-1])):
                self.stack.append((prev, "((" if tight else "("))
            else:
                self.stack.append((None, "("))
            return
        if token == ":":
            words = between[: m.start()].split()
            prev = len(out) if len(out) > self.first else None
            head = between[: m.start()]
            if (
                prev is not None
                and fold_once(head).strip().startswith(fold(out[-1].unit or "\0"))  # right after the count's noun
                and 0 < len(words) <= 6
                and words[-1] != "là"
                and not _LIST_WORD.search(head)
                and ";" not in head
            ):
                self.stack.append((prev, ":"))  # "09 phòng, ban, đơn vị: 05 phòng …"
            return
        colon = between[m.end() : m.end() + 3].lstrip().startswith(":")
        if self.stack and self.stack[-1][1].startswith("(") and self.stack[-1][0] is not None:
            total = self.stack[-1][0]  # "(gồm: …": the bracket's total
        else:
            total = self.top
        if len(out) > self.first or total is not None:
            self.stack.append((total, ":" if colon else ""))

    def parent(self, between: str, q: Quantity, out: list[Narrative]) -> int | None:
        """The seq of the total ``q`` is a part of, from the text ``between`` the previous quantity and ``q``."""
        for m in _PART_TOKEN.finditer(between) if _part_hint(between) else ():
            token = m.group(0)
            if token == ";":
                if not between[m.end() :].strip():
                    continue  # "Trong đó có 82 nhiệm vụ …; 09 nhiệm vụ …": the list goes on with the next number
                while self.stack and self.stack[-1][1] == "":
                    self.stack.pop()
            elif token == ")":
                self._close(bracket=True)
            else:
                self._open(between, m, q, out)
        if (
            (not self.stack or self.stack[-1][0] is None)
            and len(out) > self.first
            and between.rstrip().endswith("có")  # what every match of _HAVING ends with
            and _HAVING.search(between)
        ):
            prev = out[-1]  # "kiểm tra 28 văn bản, có 01 văn bản không phù hợp": a subset of the count before
            if prev.unit != "%" and prev.role != "baseline" and not prev.change and _unit_within(q.unit, prev.unit):
                return len(out)
        if not self.stack or self.stack[-1][0] is None:
            return None
        total, how = self.stack[-1]
        if how != "((" and not _unit_within(q.unit, out[total - 1].unit):
            return None
        return total


_LIST_WORD = re.compile(r"(?i)\b(?:trong đó|gồm|bao gồm|chia ra|cụ thể)\b")
_HAVING = re.compile(r"^[^;()]{0,60},\s*có\s+$")
_PART_TOKEN = re.compile(r"(?i)[();:]|\b(?:trong đó|gồm|bao gồm|chia ra|cụ thể)\b")


def _part_hint(between: str) -> bool:
    """False when ``between`` holds no match of _PART_TOKEN: none of its characters, none of its words in lower
    case (nor a dotted or dotless I, which (?i) reads as "i" and str.lower does not)."""
    for ch in "();:":
        if ch in between:
            return True
    low = between.lower()
    return (
        "trong đó" in low or "gồm" in low or "chia ra" in low or "cụ thể" in low or "\u0131" in low or "i\u0307" in low
    )


def _breaks_down(q: Quantity, prev: Narrative) -> bool:
    return prev.role != "baseline" and prev.unit != "%" and _unit_within(q.unit, prev.unit)


def _change(pre: str) -> str | None:
    """increase or decrease when a verb of change stands just before the number ("tăng 12 hồ sơ")."""
    end = pre[-25:]
    low = end.lower()
    if not ("tăng" in low or "giảm" in low or "tinh giản" in low or "vượt" in low or "nâng" in low):
        return None  # no verb of change: the literals every match of _CHANGE_BEFORE holds
    m = _CHANGE_BEFORE.search(end)
    if m is None:
        return None
    return "increase" if fold(m.group(1)) in ("tang", "vuot", "nang") else "decrease"


_YEAR_BEFORE = re.compile(r"(?i)\bnăm (20\d\d),?\s+(?:xếp h[aạà]ng|đạt|là|có)\s*(?:thứ\s*)?$")
_YEAR = re.compile(r"\bnăm (20\d\d)\b")


def _colon(pre: str) -> int:
    """The position of the last colon that ends a statement (not the colon of a list: "gồm:", "trong đó:")."""
    i = pre.rfind(":")
    while i != -1 and _LIST_COLON.search(pre[max(0, i - 14) : i]):
        i = pre.rfind(":", 0, i)
    return i


_LIST_COLON = re.compile(r"(?i)(?:gồm|trong đó|cụ thể|như sau|bao gồm)\s*$")


def _role(plan_section: bool, pre: str, sentence: str, pos: int, change: str | None, hints: bool = True) -> str:
    """plan, baseline or result. "Theo Kế hoạch có 08 sở" is a plan; "Theo Kế hoạch, Sở Nội vụ đã kiểm tra
    42/42" is a result. ``hints``: False when the sentence holds no literal of a plan word."""
    if plan_section:
        return "plan"
    planned = _last(_PLAN, pre[_colon(pre) + 1 :]) if hints else None
    if planned is not None and not _DONE.search(planned):
        return "plan"
    near = sentence[max(0, pos - 30) : pos]
    low = near.lower()  # each pattern below is tried only when a literal all its matches hold is there
    if change is None and ("kỳ" in low or "so với" in low or "năm trước" in low) and _BASELINE.search(near):
        return "baseline"
    past = _YEAR_BEFORE.search(near) if "năm" in low else None
    if past and any(int(y) > int(past.group(1)) for y in _YEAR.findall(sentence)):
        return "baseline"  # "(năm 2020 xếp hạng 43, năm 2021 xếp hạng 32)": the earlier year's
    return "result"


_PROVINCE_GIVES = re.compile(r"(?:ubnd|uy ban nhan dan) tinh[^.;]{0,40}\bgiao\b")


def _whose_tasks(metric: str, sentence: str, *contexts: str) -> str | None:
    """The Government's tasks (Biểu mẫu 1 row 5: gov_), the provincial People's Committee's (prov_) or the PAR
    plan's (row 2: no prefix), from the sentence, then the line's sentences before it and the heading; None when
    none names whose."""
    for context in (sentence, *contexts):
        if "chinh phu" in context or "thu tuong" in context:
            return f"gov_{metric}"
        if "giao" in context and _PROVINCE_GIVES.search(context):
            return f"prov_{metric}"
        if "ke hoach" in context:
            return metric
    return None


_SUB_PERIOD = re.compile(r"\bquy (?:ii|iii|iv|2|3|4)\b")  # folded: a quarter after the first is no year-to-date
_CUMULATIVE = re.compile(r"luy ke|tu dau nam|den nay")
# the flows whose catalog indicator counts from 1 January (indicator_catalog.cumulative_since_jan1)
_FLOWS = re.compile(
    r"(?:legal_docs_issued|tthc_announced|tthc_abolished|pakn_|disbursement_amount|(?:gov_|prov_)?tasks_done"
    r"|dossiers_(?:resolved|on_time)_(?:province|department|district|commune)$)"
)
# families whose catalog has a row per level (iii.3.1 departments, iii.3.3 communes …): a number about one level
# is named for it, "dossiers_resolved_commune"; the others, at a level, are not the unit's and keep their name
_LEVELLED = (
    "dossiers_late", "dossiers_on_time", "dossiers_online", "dossiers_resolved", "dossiers_received",
    "dossiers_on_time_rate", "public_service_units", "legal_docs_issued",
)  # fmt: skip
_TASKS = tuple(f for f, *_ in _FAMILIES if f.startswith("tasks_"))


_TAIL = re.compile(r"[,;().:]")


def _family(metric: str | None) -> str:
    """A metric without its level ("dossiers_on_time_rate_commune" -> "dossiers_on_time_rate")."""
    if not metric:
        return ""
    for level in LEVELS:
        if metric.endswith(f"_{level}") and metric[: -len(level) - 1] in _LEVELLED:
            return metric[: -len(level) - 1]
    return metric


def metric_names() -> frozenset[str]:
    """Every metric name the extractor can emit (besides "unmapped"): seeds/narrative_metric_map.csv lists each."""
    names = {f for f, *_ in _FAMILIES if not f.startswith("tasks_")}
    names |= {f"{who}{t}" for t in _TASKS for who in ("", "gov_", "prov_")}
    names |= {f"{f}_{level}" for f in _LEVELLED for level in LEVELS}
    names |= {"legal_docs_issued_by_ubnd", "legal_docs_issued_by_hdnd", "tthc_decided", "online_payment_rate"}
    names |= {f"{name}_{what}" for _key, name in _INDEX_NAMES for what in ("rank", "score")}
    return frozenset(names)


def _metric(
    s: _Sentence,
    q: Quantity,
    subject: str,
    total: tuple[str, str],
    change: str | None,
    scope: Scope = WHOLE,
    after: str = "",
    prev: Narrative | None = None,
    clause_start: int = 0,
) -> tuple[str | None, str | None]:
    """(catalog metric, match method) of a quantity; ``total`` is the folded subject and the metric of the total
    it is a part of: "đang giải quyết 4.211 hồ sơ (… quá hạn 22 hồ sơ)" is not late-resolved; ``after`` the
    folded words after a rate in its item ("đạt 51,35% so với kế hoạch"); ``prev`` the record of the quantity
    printed just before in the sentence, when near: a rate is the share of that count, or of the same family as a
    rate before it ("cấp tỉnh đạt 99,99%, cấp huyện đạt 99,99%")."""
    if s.footnote:
        return None, None  # a footnote details a figure of the text; it is not a catalog total
    fpre = s.before(q.start, 70)
    window = fold_once(subject) if q.kind != "rate" else f"{fpre} {after}"
    clause = s.before(q.start, 160)
    keys = s.index_keys()
    index = _index_name(clause, keys) if keys else None
    before = s.before(q.start, 200)
    tail = _TAIL.split(s.folded(q.end, min(len(s.text), q.end + 100)), maxsplit=1)[0]
    metric, method = metric_of(q, window, index, before, total[0], total[1], (clause, tail))
    if metric is None and q.kind == "rate" and prev is not None:
        parallel = prev.value_kind == "rate" and scope.kind == "level" and _family(prev.metric).endswith("_rate")
        metric = _RATE_AFTER.get(_family(prev.metric)) or (_family(prev.metric) if parallel else None)
        method = "subject_unit" if metric else None
    if metric is None:
        return None, None
    if metric in _RATE_OF and prev and prev.unit != "%" and not fold(prev.unit or "").startswith(_RATE_OF[metric]):
        return None, None  # "123/123 nhiệm vụ … đạt 100%" is the share of tasks, not of dossiers
    metric = _whose(s, q, _stock_or_flow(metric, before), window)
    if metric is None:
        return None, None
    if metric == "public_service_units" and "tu chu" in s.heading:
        return None, None  # the financial autonomy section counts units by autonomy, not iv.1.5
    if metric == "tthc_total" and total[0] and total[1] != "tthc_total":
        return None, None  # "09 TTHC (cấp tỉnh 05 TTHC, cấp xã 04 TTHC)" of procedures to simplify: not in force
    metric = _at_level(metric, scope)
    if _not_the_period(s, q, metric, before, fpre):
        return None, None
    return metric, method


def _whose(s: _Sentence, q: Quantity, metric: str, window: str) -> str | None:
    """Whose documents or tasks: a province's body ("UBND tỉnh ban hành 13 Quyết định": by_ubnd), the Government's
    or the province's tasks (gov_, prov_); None when a body of a lower level issued, or no one's tasks are named."""
    if metric == "legal_docs_issued":
        body = _ISSUING_BODY.search(window)
        if body:  # one body's share is not the locality's total (Biểu mẫu 2 row 1); a province's body only
            if not window[body.end() :].startswith(" tinh"):
                return None
            return "legal_docs_issued_by_" + ("ubnd" if body.group(1) in ("ubnd", "uy ban nhan dan") else "hdnd")
    if metric.startswith("tasks_"):
        here = s.lowered if len(s.lowered) < 2_000 else s.before(q.start, _WINDOW)
        return _whose_tasks(metric, here, s.context, s.heading)
    return metric


def _at_level(metric: str, scope: Scope) -> str:
    """A metric about one level is named for it, when the catalog has the level's row ("dossiers_resolved_commune",
    "cấp tỉnh là 1.865 TTHC": tthc_province)."""
    if scope.kind != "level" or not scope.level:
        return metric
    if metric in _LEVELLED:
        return f"{metric}_{scope.level}"
    if metric == "tthc_total" and scope.level in ("province", "district", "commune"):
        return f"tthc_{scope.level}"
    return metric


def _not_the_period(s: _Sentence, q: Quantity, metric: str, before: str, fpre: str) -> bool:
    """True when the number is of another time than the report's indicator: a quarter's flow where the catalog
    counts from 1 January ("trong quý III … 12 văn bản"), or a figure to a date more than a month before the period
    ends ("đến ngày 12/3/2023" in a report of the first half year)."""
    if (  # the sentence's context is folded only for a flow
        _FLOWS.match(metric)
        and not _CUMULATIVE.search(fpre)
        and (_SUB_PERIOD.search(before) or _SUB_PERIOD.search(s.context))
    ):
        return True
    if s.period_end is None:
        return False
    date = _TO_DATE.search(s.text, max(0, q.start - 120), q.start)
    if date is None:
        return False
    day, month = int(date.group(1)), int(date.group(2))
    year = int(date.group(3)) if date.group(3) else s.period_end.year
    try:
        when = dt.date(year if year > 100 else 2000 + year, month, day)
    except ValueError:
        return False
    return (s.period_end - when).days > 30


_TO_DATE = re.compile(r"(?i)(?:đến|tới)(?: hết)?(?: ngày)?\s+(\d{1,2})\s?/\s?(\d{1,2})(?:\s?/\s?(\d{2,4}))?")


_BOUNDARY = re.compile(r"[,;:()\[\]]| (?=[vgbth])(?:và|gồm|bao gồm|trong đó|hoặc) ")
# lists of nouns that are one noun: their commas do not end a list item (read in the lower-cased sentence)
_COMPOUND = re.compile(
    r"\b(?:sở, (?:ban, )?ngành|xã, phường(?:, (?:thị trấn|đặc khu))?|huyện, (?:thị xã, )?thành phố|"
    r"cơ quan, (?:tổ chức, )?đơn vị(?:, địa phương)?|tin, bài|cán bộ, công chức(?:, viên chức)?|"
    r"công chức, viên chức|phản ánh, kiến nghị|đơn vị, địa phương|sở, ban)"
)
_SUBJECT_LIMIT = 90  # a sentence's subject is named in its first characters


@dataclass(slots=True)
class _Items:
    """The list items and clauses of one sentence: where each item starts and ends, the clause heads."""

    sentence: str
    bounds: list[tuple[int, int]]  # spans of item boundaries (punctuation, "và", "gồm", "trong đó")
    depth: list[int]  # bracket depth at each boundary span's start
    brackets: list[tuple[int, int]]  # closed bracket groups (open, close)

    @staticmethod
    def of(sentence: str, low: str | None = None) -> _Items:
        if low is None:
            low = sentence.lower()
        protected = sentence
        if len(low) == len(sentence) and ", " in low:
            spans = [m.span() for m in _COMPOUND.finditer(low)]
            if spans:
                chars = list(sentence)
                for a, b in spans:
                    chars[a:b] = sentence[a:b].replace(",", "\u201a")
                protected = "".join(chars)
        if "(" not in protected and ")" not in protected and "[" not in protected and "]" not in protected:
            bounds = [m.span() for m in _BOUNDARY.finditer(protected)]  # no brackets: every boundary at depth 0
            return _Items(sentence, bounds, [0] * len(bounds), [])
        bounds, depth, brackets, opened = [], [], [], []
        level = 0
        for m in _BOUNDARY.finditer(protected):
            ch = m.group(0)
            if ch in "([":
                opened.append(m.start())
                level += 1
            elif ch in ")]":
                if opened:
                    brackets.append((opened.pop(), m.end()))
                level = max(0, level - 1)
            bounds.append(m.span())
            depth.append(level)
        return _Items(sentence, bounds, depth, brackets)

    def item(self, start: int, end: int) -> tuple[int, int]:
        """The list item around the number at ``start:end``."""
        i = bisect_right(self.bounds, (start, start))
        a = self.bounds[i - 1][1] if i else 0
        j = i
        while j < len(self.bounds) and self.bounds[j][0] < end:
            j += 1
        b = self.bounds[j][0] if j < len(self.bounds) else len(self.sentence)
        return a, b

    def head(self, item_start: int) -> tuple[int, int]:
        """The clause the item is listed under: from the last ";" before it at its bracket depth or outside."""
        i = bisect_right(self.bounds, (item_start, item_start))
        own = self.depth[i - 1] if i else 0
        start = 0
        for k in range(i - 1, -1, -1):
            a, _ = self.bounds[k]
            if self.sentence[a] == ";" and self.depth[k] <= own:
                start = a + 1
                break
        return start, item_start

    def first_clause_end(self) -> int:
        for (a, _), d in zip(self.bounds, self.depth, strict=True):
            if self.sentence[a] == ";" and d == 0:
                return a
        return len(self.sentence)

    def closed_before(self, pos: int) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self.brackets if b <= pos]


def _part_of(
    q: Quantity, parent: int | None, role: str, listing: _Listing | None, out: list[Narrative], first: int
) -> int | None:
    """The total a count is a part of: the one of its own line, or the first count of a bullet item is a part of
    the total the item's list is opened under ("… 290 đơn vị; gồm:")."""
    if not q.unit or q.unit == "%" or q.kind == "rank" or role == "baseline":
        return None
    if parent is not None:
        return parent
    if listing is None or any(n.part_of is None and n.unit != "%" for n in out[first:]):
        return None
    return listing.total if _unit_within(q.unit, listing.unit) else None


def _scope_for(
    q: Quantity,
    sentence: str,
    found: list,
    items: _Items,
    item: tuple[int, int],
    head: tuple[int, int],
    counted: Callable[[int], bool],
) -> Scope | None:
    """The scope its own item or the clause it is listed under gives a quantity (a rank is among provinces:
    a level named in the index's name is not its scope)."""
    unit_end = q.end + (len(q.unit) + 1 if q.unit and q.kind != "label" else 0)
    rank_like = q.kind == "rank" or (q.unit or "").lower() in ("hạng", "bậc")
    marks = found if not rank_like else [mk for mk in found if mk.scope.kind != "level"]
    scope, _where = read_scope(sentence, marks, item, (q.start, unit_end), head, items.closed_before(item[0]), counted)
    return scope


@dataclass(slots=True)
class SentenceTokens:
    """One sentence read once: what every rule of the extractor reads instead of scanning the sentence again.

    ``lower`` the sentence in lower case (the masks, plan words, scope markers and list items read it); ``masked``
    the sentence with what is not a quantity blanked, positions kept (document numbers, dates, years, durations,
    article, level and section numbers, standards, phone numbers, quoted titles); ``quantities`` its numbers with
    their formats, units or counted nouns and kinds. Read on first use: ``folded`` (the lower-case ASCII form,
    sliced per number when folding kept the positions), ``markers`` (the scope words: levels, named bodies, the
    whole unit), ``items`` (its list items and clauses)."""

    text: str
    lower: str
    masked: str
    quantities: list[Quantity]
    _folded: str | None = None
    _markers: list[Marker] | None = None
    _items: _Items | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = self.text.translate(_FOLD).lower()
        return self._folded

    @property
    def markers(self) -> list[Marker]:
        if self._markers is None:
            self._markers = scope_markers(self.text, self.lower)
        return self._markers

    @property
    def items(self) -> _Items:
        if self._items is None:
            self._items = _Items.of(self.text, self.lower)
        return self._items

    @property
    def plan_hints(self) -> bool:
        """True when the sentence holds a literal of a plan word (else no rule looks for one)."""
        return _PLAN_HINT.search(self.lower) is not None


def tokenise(sentence: str) -> SentenceTokens:
    """The sentence read once: its lower case, its masked form and its quantities (the rest on first use)."""
    low = sentence.lower()
    masked = _mask(sentence, low)
    return SentenceTokens(sentence, low, masked, _quantities(masked, sentence))


def _sentence_facts(
    sentence: str,
    state: SectionState,
    heading: str,
    footnote: bool,
    file_name: str,
    line: int,
    out: list[Narrative],
    carry: Scope | None,
    parts: _Parts | None = None,
    listing: _Listing | None = None,
    own: str = "",
) -> Scope | None:
    """Append the sentence's quantities; return the scope a next sentence of the paragraph inherits."""
    if not _HAS_DIGIT.search(sentence):
        return carry
    tokens = tokenise(sentence)
    quantities = tokens.quantities
    if not quantities:
        return carry
    text = sentence.strip()[:1000]
    s = _Sentence(sentence, heading, footnote, parts.context, parts.period_end, tokens.folded)
    if parts is None:
        parts = _Parts(first=len(out))
    plan_hints = tokens.plan_hints
    found = tokens.markers
    items = tokens.items
    subject_end = min(_SUBJECT_LIMIT, items.first_clause_end())
    subject_scope_ = subject_scope(found, min(subject_end, quantities[0].start), sentence)
    if subject_scope_ is not None and carry is None and subject_scope_.kind != "whole_unit":
        carry = subject_scope_  # the sentence's subject: the next sentences of the paragraph are about it
    starts = [q.start for q in quantities]

    def counted(pos: int) -> bool:  # a marker after another number in its item qualifies that number
        a, _b = items.item(pos, pos + 1)
        i = bisect_right(starts, a)
        return i < len(starts) and starts[i] < pos

    last_end = 0
    prev: Quantity | None = None  # the quantity before in this sentence
    for q in quantities:
        parent = parts.parent(sentence[last_end : q.start], q, out)
        last_end = q.end
        item = items.item(q.start, q.end)
        head = items.head(item[0])
        scope = _scope_for(q, sentence, found, items, item, head, counted) or subject_scope_
        if scope is None and listing is not None and len(out) >= parts.first:
            scope = listing.scope  # an item of a list on the next lines: about what its total is about
        scope = _own(scope or carry or WHOLE, own)  # or the paragraph's unit, stated in an earlier sentence
        clause_start = head[0]
        pre = sentence[max(clause_start, q.start - _WINDOW) : q.start]  # bounded: linear on a 50 KB sentence
        change = _change(pre)
        role = _role(state.role == "plan", pre, sentence, q.start, change, plan_hints)
        subject = _subject(sentence, clause_start, q)
        part_of = _part_of(q, parent, role, listing, out, parts.first)
        total = (fold(out[part_of - 1].subject or ""), out[part_of - 1].metric) if part_of is not None else ("", "")
        after = s.folded(q.end, item[1]) if q.kind == "rate" else ""
        near = (
            prev is not None
            and q.kind == "rate"
            and q.start - prev.end < 100
            and ";" not in sentence[prev.end : q.start]
        )
        metric, method = _metric(s, q, subject, total, change, scope, after, out[-1] if near else None, clause_start)
        prev = q
        if part_of is None and role != "baseline" and q.unit != "%":
            parts.top = len(out) + 1
        if part_of is not None and metric and metric == out[part_of - 1].metric:
            metric, method = None, None  # a part is not its total: "nhận trực tiếp 8.469" of "tiếp nhận 11.093"
        out.append(
            Narrative(
                file_name, state.domain, state.role, metric or "unmapped", q.value, q.unit, text, line,
                level=scope.level, raw_value=q.raw, denominator=q.denominator, subject=subject,
                role=role, scope=scope.name, part_of=part_of, change=change, value_kind=q.kind, match_method=method,
                scope_kind=scope.kind,
            )
        )  # fmt: skip
    return carry
