"""The same arithmetic in the prose: parts against the total they break down (in one sentence, or a
"Tổng số ...:" line and the "+" lines under it), one quantity stated twice, a prose total against the
appendix row whose printed children it lists, and a prose ratio against the appendix rate over the same
denominator. Like is compared with like: money converted to đồng, the counted noun and its scope (cấp tỉnh,
cấp xã, UBND tỉnh, a named unit) equal, the part (toàn trình / một phần, trực tuyến / trực tiếp) equal;
figures of another as-of date are compared only with that said beside them."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from pardw.quality.contradictions.model import WARNING, Contradiction, Passage, Place, Row
from pardw.quality.contradictions.numbers import Mention, fmt, mentions, nfc, tolerance
from pardw.quality.contradictions.table import children_of, is_count, is_rate, place

ABBREVIATIONS = {
    r"\bđvsncl\b": "đơn vị sự nghiệp công lập",
    r"\bđvsn công lập\b": "đơn vị sự nghiệp công lập",
    r"\bđvsn\b": "đơn vị sự nghiệp",
    r"\bsncl\b": "sự nghiệp công lập",
    r"\bsự nghiệp công\b(?! lập)": "sự nghiệp công lập",
    r"\btthc\b": "thủ tục hành chính",
    r"\bvbqppl\b": "văn bản quy phạm pháp luật",
    r"\bqppl\b": "quy phạm pháp luật",
    r"\bdvctt\b": "dịch vụ công trực tuyến",
    r"\bdvc\b": "dịch vụ công",
    r"\bpakn\b": "phản ánh kiến nghị",
    r"\bubnd\b": "ủy ban nhân dân",
    r"\bhđnd\b": "hội đồng nhân dân",
    r"\bcbccvc\b": "cán bộ công chức viên chức",
}
# scopes, most specific first: "UBND cấp xã" is the commune level, "UBND tỉnh" is not the provincial level
SCOPES = (
    (r"ủy ban nhân dân cấp xã|cấp xã|các xã, phường, đặc khu|xã, phường", "cấp xã"),
    (r"ủy ban nhân dân cấp huyện|cấp huyện", "cấp huyện"),
    (r"ủy ban nhân dân tỉnh", "UBND tỉnh"),
    (r"cấp tỉnh", "cấp tỉnh"),
    (r"toàn tỉnh|trên địa bàn tỉnh|tại địa phương", "toàn tỉnh"),
    (r"sở, ngành|sở, ban, ngành|các sở|cơ quan chuyên môn|sở, tổ chức hành chính", "sở, ngành"),
)
PARTS = (r"toàn trình", r"một phần", r"trực tuyến", r"trực tiếp", r"đúng hạn", r"trễ hạn|quá hạn", r"chưa", r"đã")
_LEAD = re.compile(r"^[\s+\-–•*]*(?:[a-zđ]\)\s*)?", re.I)
_COUNTWORDS = re.compile(r"\b(tổng số lượng|tổng số|số lượng|số)\b\s*", re.I)
_FILLER = re.compile(r"\b(hiện có|hiện nay|đến nay|là|có|được|thuộc|của|tại|gồm|đạt)\b", re.I)
_NOT_RESULT = re.compile(r"kế hoạch|chỉ tiêu|dự kiến|phấn đấu|mục tiêu|cùng kỳ|so với|năm trước|tăng|giảm", re.I)
_BREAKDOWN = re.compile(r"\(?\s*(gồm|bao gồm|trong đó)\s*[:,]?", re.I)
_COMPLEMENT = re.compile(r"\bchưa\b|\btrễ hạn\b|\bquá hạn\b|\bkhông\b", re.I)
_ASOF = re.compile(r"(?:đến|tính đến)\s+(?:hết\s+)?ngày\s+(\d{1,2}/\d{1,2}/\d{4})", re.I)
_LABEL_END = re.compile(r"(?::|\slà|\scó)\s*$")
_TOTAL_WORD = re.compile(r"tổng số", re.I)
_LIST_OPENS = re.compile(r"(gồm|cụ thể)\s*:?\s*$", re.I)
_CHANGE = re.compile(r"\b(giảm|tăng|cắt giảm)\s*$", re.I)


_ABBREVIATIONS = [(re.compile(pattern), full) for pattern, full in ABBREVIATIONS.items()]
_SCOPES = [(re.compile(pattern), scope) for pattern, scope in SCOPES]


@functools.lru_cache(maxsize=16384)
def normal(text: str) -> str:
    t = nfc(text).lower()
    for pattern, full in _ABBREVIATIONS:
        t = pattern.sub(full, t)
    return re.sub(r"\s+", " ", t).strip()


@functools.lru_cache(maxsize=16384)
def scope_of(text: str) -> tuple[str | None, str]:
    """The scope a phrase names and the phrase without it."""
    t = normal(text)
    found = [(m.start(), i, m, scope) for i, (pattern, scope) in enumerate(_SCOPES) if (m := pattern.search(t))]
    if not found:
        return None, t
    _, _, m, scope = min(found, key=lambda f: (f[0], f[1]))  # the first named, the most specific at a tie
    return scope, (t[: m.start()] + " " + t[m.end() :]).strip()


_PARTS = [(p, re.compile(p)) for p in PARTS]


@functools.lru_cache(maxsize=16384)
def parts_of(text: str) -> frozenset[str]:
    t = normal(text)
    return frozenset(p for p, pattern in _PARTS if pattern.search(t))


@functools.lru_cache(maxsize=16384)
def noun_phrase(text: str) -> str:
    t = _COUNTWORDS.sub("", normal(text))
    t = _FILLER.sub(" ", t)
    t = re.sub(r"[^\w\s]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


@dataclass(frozen=True, slots=True)
class Statement:
    """A labelled figure: "<label>: N <unit>" or "<label> là N <unit>"."""

    passage: Passage
    mention: Mention
    label: str  # as printed
    noun: str  # normalised, scope and count words removed
    scope: str | None
    parts: frozenset[str]
    unit: str  # the counted noun / unit after the number, normalised


def _place(p: Passage) -> Place:
    return Place(p.line, p.locator)


def _unit_word(m: Mention) -> str:
    if m.percent:
        return "%"
    if m.money:
        return "đồng"
    words = normal(m.after).split()
    return " ".join(words[:2])


def statements(passages: list[Passage]) -> list[Statement]:
    out = []
    heading_scope: str | None = None
    for p in passages:
        text = nfc(p.text)
        head = _LEAD.sub("", text)
        if m := re.match(r"^(cấp tỉnh|cấp xã|cấp huyện)\s*:", head, re.I):
            heading_scope = m.group(1).lower()
        elif text.lstrip().startswith("-") or not text.lstrip().startswith("+"):
            heading_scope = None
        ms = mentions(text)
        for m in ms:
            label_text = text[: m.start]
            sep = _LABEL_END.search(label_text[-12:])
            if not sep:
                continue
            sep_start = len(label_text) - len(label_text[-12:]) + sep.start()
            label = re.split(r"[;.]\s|\(", label_text[:sep_start])[-1]
            label = _LEAD.sub("", label)
            if re.match(r"^(cấp tỉnh|cấp xã|cấp huyện)\s*:", label, re.I):
                label = label.split(":", 1)[1]
            if len(label.split()) < 3 or _NOT_RESULT.search(label) or m.over is not None:
                continue
            scope, rest = scope_of(label)
            scope = scope or (heading_scope and {"cấp tỉnh": "cấp tỉnh", "cấp xã": "cấp xã"}.get(heading_scope))
            out.append(Statement(p, m, label.strip(), noun_phrase(rest), scope, parts_of(label), _unit_word(m)))
    return out


def check_passages(passages: list[Passage], rows: list[Row]) -> list[Contradiction]:
    passages = sorted(passages, key=lambda p: p.line)
    out: list[Contradiction] = []
    breakdowns = _sentence_breakdowns(passages)
    out += _sentence_parts(breakdowns)
    out += _breakdown_vs_appendix(breakdowns, rows)
    runs = _bullet_runs(passages)
    out += _run_parts(runs)
    out += _run_vs_appendix(runs, rows)
    out += _ratio_vs_appendix(passages, rows)
    out += _stated_twice(statements(passages))
    out += _changed_twice(passages)
    return out


def _depths(text: str) -> list[int]:
    """The parenthesis depth at each character ("(" itself is inside, ")" too)."""
    depth, out = 0, []
    if "(" not in text:
        return [0] * len(text)
    for ch in text:
        if ch == "(":
            depth += 1
        out.append(depth)
        if ch == ")":
            depth = max(0, depth - 1)
    return out


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A total and the parts a sentence breaks it into ("N X (gồm a X, b X)", "N X; trong đó: a X, b X")."""

    passage: Passage
    total: Mention
    parts: tuple[Mention, ...]
    word: str  # gồm | bao gồm | trong đó
    near: bool  # the keyword follows the total closely (not after a long clause)


def _sentence_breakdowns(passages: list[Passage]) -> list[Breakdown]:
    """Only figures at the breakdown's own level are parts (a nested "(trực tuyến a, trực tiếp b)" is not added
    twice); the total is the nearest figure before it, at the level the breakdown hangs from, counting the
    same thing, in the same clause."""
    out = []
    for p in passages:
        text = nfc(p.text)
        if not _BREAKDOWN.search(text):
            continue
        depth = _depths(text)
        ms = [m for m in mentions(text) if not m.percent and m.over is None]
        for b in _BREAKDOWN.finditer(text):
            opened = b.group(0).lstrip().startswith("(")
            level = depth[b.start() + (b.group(0).index("(") if opened else 0)]
            outer = level - 1 if opened else level
            stop = len(text)
            for j in range(b.end(), len(text)):
                ends_clause = text[j] == ";" or (text[j] == "." and (j + 1 == len(text) or text[j + 1] == " "))
                if depth[j] < level or (not opened and ends_clause and depth[j] == level and j > b.end() + 2):
                    stop = j
                    break
            parts = [m for m in ms if b.end() <= m.start < stop and depth[m.start] == level]
            if not opened and b.group(0).rstrip().endswith(":"):
                # "trong đó: a X; b X; c X và d X." lists its parts over semicolons, up to the sentence end
                end = text.find(". ", b.end())
                parts = [
                    m for m in ms if b.end() <= m.start < (end if end > 0 else len(text)) and depth[m.start] == level
                ]
            if len(parts) < 2:
                continue
            unit = _unit_word(parts[0])
            if any(_unit_word(m) != unit and not (unit == "đồng" and m.money) for m in parts):
                continue  # parts counting different things: not a breakdown of one total
            before = [m for m in ms if m.end <= b.start() and depth[m.start] == outer]
            head = text[: b.start()]
            clause = max(head.rfind(". "), 0)
            total = next(
                (
                    m
                    for m in reversed(before)
                    if m.start > clause
                    and (_unit_word(m) == unit or (unit == "đồng" and m.money))
                    and not _CHANGE.search(text[max(0, m.start - 16) : m.start])
                ),
                None,
            )
            if total is None:
                continue
            gap = re.sub(r"\([^()]*\)", "", text[total.end : b.start()])
            near = len(gap) <= 30 and ";" not in gap
            out.append(Breakdown(p, total, tuple(parts), b.group(1).lower(), near))
    return out


def _sentence_parts(breakdowns: list[Breakdown]) -> list[Contradiction]:
    """The parts of a breakdown add up to its total ("trong đó" may name only some: then they may fall short)."""
    out = []
    for bd in breakdowns:
        if not bd.near or _adds_up(list(bd.parts), bd.total):
            continue
        got = sum(_in_dong(m) for m in bd.parts)
        if bd.word == "trong đó" and got < _in_dong(bd.total):
            continue
        total = fmt(sum(m.value for m in bd.parts))
        out.append(Contradiction(
            "prose_parts_not_total", WARNING, (_place(bd.passage),), bd.total.raw, total,
            f"{' + '.join(m.raw for m in bd.parts)} = {total} ≠ {bd.total.raw}",
            "Các phần không cộng lại bằng tổng nêu trong cùng câu",
            "the parts do not add up to the total stated in the same sentence",
        ))  # fmt: skip
    return out


def _breakdown_vs_appendix(breakdowns: list[Breakdown], rows: list[Row]) -> list[Contradiction]:
    """A prose breakdown and an appendix group (a "Tổng số" row and the rows beside or under it) with the same
    total and the same parts in the same order but one: that one part disagrees."""
    groups = _appendix_groups(rows)
    out = []
    for bd in breakdowns:
        said = [m.value for m in bd.parts]
        for total, parts in groups:
            if total.value is None or abs(total.value - bd.total.value) >= 0.5:
                continue
            if len(parts) != len(said):
                parts = [r for r in parts if r.value]  # rows printing 0 the prose leaves out ("2.6 ... 0")
            if len(parts) != len(said):
                continue
            alike = Counter(said) & Counter(r.value for r in parts)
            differ = [i for i, (a, b) in enumerate(zip(said, parts, strict=True)) if a != b.value]
            differ = [i for i in differ if not (said.count(said[i]) <= alike[said[i]])]
            if not differ or len(said) - len(differ) < 2 or len(differ) > len(said) // 2:
                continue  # the same total and most parts alike: the same breakdown, and these parts disagree
            for i in differ:
                row, m = parts[i], bd.parts[i]
                if row.value in alike:
                    continue  # printed in another order, not a disagreement
                label = f"{row.form} dòng {row.code}"
                out.append(Contradiction(
                    "prose_part_vs_appendix", WARNING, (_place(bd.passage), place(row), place(total)),
                    m.raw, f"{row.raw_value} ({label})",
                    f"lời văn {m.raw} ≠ {label} {row.raw_value} (cùng tổng {bd.total.raw} và các phần còn lại)",
                    f"Lời văn và {label} khác nhau cho cùng một phần của tổng {bd.total.raw}",
                    f"the prose and {label} differ for the same part of the total {bd.total.raw}",
                ))  # fmt: skip
    return out


def _appendix_groups(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """(total row, its parts): a count row and its count children; a "Tổng số" row and the count rows printed
    after it at its level (same code prefix and depth: 2.1 Tổng số, then 2.2, 2.3 ...), up to the first that is
    not a count or starts another prefix."""
    kids = children_of(rows)
    by_line = {r.line: r for r in rows}
    out = []
    for line, children in kids.items():
        parent = by_line[line]
        counts = [c for c in children if is_count(c) and c.value is not None]
        if is_count(parent) and parent.value is not None and len(counts) == len(children) >= 2:
            out.append((parent, counts))
    ordered = sorted(rows, key=lambda r: r.line)
    for i, r in enumerate(ordered):
        if is_count(r) and r.value is not None and r.code and r.name.lower().startswith("tổng số"):
            after = _parts_after(r, ordered[i + 1 :])
            if len(after) >= 2:
                out.append((r, after))
    return out


def _parts_after(total: Row, following: list[Row]) -> list[Row]:
    """The count rows printed after a "Tổng số" row at its level, skipping the children of either."""
    prefix, depth = _prefix(total.code or ""), _depth(total.code or "")
    after: list[Row] = []
    for d in following:
        if d.form != total.form or not d.code:
            break
        if _depth(d.code) > depth:
            continue  # a child of the total or of an earlier part (2.4.1 under 2.4)
        if _depth(d.code) < depth or _prefix(d.code) != prefix:
            break
        if not is_count(d) or d.value is None or d.name.lower().startswith("tổng số"):
            break
        after.append(d)
    return after


def _code_of(code: str) -> str:
    return code.strip().rstrip(".")


def _depth(code: str) -> int:
    return _code_of(code).count(".")


def _prefix(code: str) -> str:
    return _code_of(code).rpartition(".")[0]


def _adds_up(parts: list[Mention], total: Mention) -> bool:
    """Some leading parts add up to the total (a second breakdown of the same total may follow: "1.495 tổ chức,
    8.891 cá nhân, với 4.074 cấp tỉnh và 6.312 cấp xã"). Money printed rounded (tỷ đồng) may be off by half a
    unit per part."""
    want = _in_dong(total)
    running = 0.0
    for k, m in enumerate(parts, 1):
        running += _in_dong(m)
        slack = 0.5 * (total.money or 1) * (k if total.money else 1)
        if k >= 2 and abs(running - want) <= slack:
            return True
    return False


def _in_dong(m: Mention) -> float:
    return m.value * (m.money or 1)


@dataclass(frozen=True, slots=True)
class Run:
    """A total line ("Tổng số X: N" / "... là N đơn vị; gồm:") and the "+" lines under it."""

    total: Passage
    total_mention: Mention
    parts: tuple[tuple[Passage, Mention], ...]
    exhaustive: bool  # "gồm", or a done / not-done pair


def _bullet_runs(passages: list[Passage]) -> list[Run]:
    runs = []
    for i, p in enumerate(passages):
        text = nfc(p.text)
        ms = [m for m in mentions(text) if not m.percent and m.over is None]
        if not ms or not (_TOTAL_WORD.search(text) or _LIST_OPENS.search(text[-16:])):
            continue
        total = ms[0]
        unit = _unit_word(total)
        parts = []
        for q in passages[i + 1 :]:
            qt = nfc(q.text).lstrip()
            if not qt.startswith("+"):
                break
            qm = [m for m in mentions(qt) if not m.percent and m.over is None]
            if not qm or not (_unit_word(qm[0]) == unit or (unit == "đồng" and qm[0].money)):
                break
            parts.append((q, qm[0]))
        if len(parts) < 2:
            continue
        texts = " ".join(normal(q.text) for q, _ in parts)
        exhaustive = bool(re.search(r"\bgồm\b", normal(text))) or (
            bool(re.search(r"\bđã\b", texts)) and bool(_COMPLEMENT.search(texts))
        )
        runs.append(Run(p, total, tuple(parts), exhaustive))
    return runs


def _run_parts(runs: list[Run]) -> list[Contradiction]:
    out = []
    for run in runs:
        got = sum(_in_dong(m) for _, m in run.parts)
        want = _in_dong(run.total_mention)
        if _adds_up([m for _, m in run.parts], run.total_mention) or (not run.exhaustive and got < want):
            continue
        terms = " + ".join(m.raw for _, m in run.parts)
        total = fmt(sum(m.value for _, m in run.parts))
        gap = fmt(abs(run.total_mention.value - sum(m.value for _, m in run.parts)))
        out.append(Contradiction(
            "prose_parts_not_total", WARNING, (_place(run.total), *(_place(q) for q, _ in run.parts)),
            run.total_mention.raw, total, f"{terms} = {total} ≠ {run.total_mention.raw} (chênh lệch {gap})",
            "Các phần liệt kê không cộng lại bằng tổng", "the listed parts do not add up to the total",
        ))  # fmt: skip
    return out


def _run_vs_appendix(runs: list[Run], rows: list[Row]) -> list[Contradiction]:
    """A prose total whose listed parts are printed as the children of an appendix row: the two totals agree."""
    kids = children_of(rows)
    by_line = {r.line: r for r in rows}
    out = []
    for run in runs:
        values = {m.value for _, m in run.parts if m.value >= 2}
        for line, children in kids.items():
            parent = by_line[line]
            if not is_count(parent) or parent.value is None:
                continue
            shared = values & {c.value for c in children if c.value is not None and is_count(c)}
            if len(shared) < 2 or abs(parent.value - run.total_mention.value) < 0.5:
                continue
            label = f"{parent.form} dòng {parent.code}"
            out.append(Contradiction(
                "prose_total_vs_appendix", WARNING, (_place(run.total), place(parent)),
                run.total_mention.raw, f"{parent.raw_value} ({label})",
                f"lời văn {run.total_mention.raw} ≠ {label} {parent.raw_value}"
                f" (cùng các phần {', '.join(fmt(v) for v in sorted(shared))})",
                f"Tổng trong lời văn khác tổng ở {label}", f"the prose total differs from {label}",
            ))  # fmt: skip
    return out


def _ratio_vs_appendix(passages: list[Passage], rows: list[Row]) -> list[Contradiction]:
    """ "A/B ... đạt R%" where B is the denominator printed under an appendix rate: A and R agree with it."""
    kids = children_of(rows)
    by_line = {r.line: r for r in rows}
    out = []
    for p in passages:
        text = nfc(p.text)
        ms = mentions(text)
        for i, m in enumerate(ms):
            if m.over is None or m.over < 1000:
                continue
            after = ms[i + 2 :] if i + 1 < len(ms) and ms[i + 1].value == m.over else ms[i + 1 :]
            rate = after[0] if after and after[0].percent and after[0].start - ms[i].end < 80 else None
            for line, children in kids.items():
                parent = by_line[line]
                counts = [c for c in children if is_count(c) and c.value is not None]
                if not is_rate(parent) or parent.value is None or len(counts) != 2:
                    continue
                den = next((c for c in counts if abs(c.value - m.over) < 0.5), None)
                if den is None:
                    continue
                num = next(c for c in counts if c is not den)
                rate_ok = rate is None or abs(rate.value - parent.value) <= max(
                    tolerance(rate.raw), tolerance(parent.raw_value, parent.number_format)
                )
                if abs(num.value - m.value) < 0.5 and rate_ok:
                    continue
                label = f"{parent.form} dòng {parent.code}"
                asof = _ASOF.search(text)
                notes = (f"lời văn tính đến ngày {asof.group(1)} / the prose is as of {asof.group(1)}",) if asof else ()
                said = f"{m.raw}/{text[ms[i + 1].start : ms[i + 1].end] if i + 1 < len(ms) else fmt(m.over)}"
                out.append(Contradiction(
                    "prose_ratio_vs_appendix", WARNING, (_place(p), place(parent), place(num), place(den)),
                    f"{said}" + (f" = {rate.raw} %" if rate else ""),
                    f"{num.raw_value}/{den.raw_value} = {parent.raw_value} % ({label})",
                    f"lời văn {said}" + (f" ({rate.raw} %)" if rate else "")
                    + f" ≠ {label}: {num.raw_value}/{den.raw_value} ({parent.raw_value} %)",
                    f"Lời văn và {label} khác nhau trên cùng mẫu số {fmt(m.over)}",
                    f"the prose and {label} differ over the same denominator {fmt(m.over)}", notes,
                ))  # fmt: skip
    return out


def _stated_twice(found: list[Statement]) -> list[Contradiction]:
    """The same quantity (noun, scope, part, unit) stated with two values in two places."""
    out = []
    seen: dict[tuple, Statement] = {}
    for s in found:
        if not s.scope or len(s.noun.split()) < 3:
            continue
        key = (s.noun, s.scope, s.parts, s.unit)
        first = seen.setdefault(key, s)
        if first is s or abs(first.mention.value - s.mention.value) < 0.5 or first.passage.line == s.passage.line:
            continue
        out.append(Contradiction(
            "prose_stated_twice", WARNING, (_place(s.passage), _place(first.passage)),
            f"{s.mention.raw} (line {s.passage.line})", f"{first.mention.raw} (line {first.passage.line})",
            f"“{first.label.strip()}” = {first.mention.raw} ≠ “{s.label.strip()}” = {s.mention.raw}",
            f"Cùng một số liệu ({s.scope}) được nêu với hai giá trị khác nhau",
            f"the same quantity ({s.scope}) is stated with two different values",
        ))  # fmt: skip
    return out


def _changed_twice(passages: list[Passage]) -> list[Contradiction]:
    """ "giảm N X so với năm Y" stated twice with different N."""
    out = []
    seen: dict[tuple, tuple[Passage, Mention]] = {}
    for p in passages:
        text = nfc(p.text)
        for m in mentions(text):
            verb = _CHANGE.search(text[max(0, m.start - 16) : m.start])
            tail = re.split(r"[;:()\[\],]|\.(?:\s|$)", text[m.end :], maxsplit=1)[0]
            if not verb or "so với" not in tail or m.percent:
                continue
            key = (verb.group(1).lower(), normal(tail))
            first = seen.setdefault(key, (p, m))
            if first[0] is p or abs(first[1].value - m.value) < 0.5:
                continue
            said = f"{verb.group(1)} {{}} {tail.strip()}"
            out.append(Contradiction(
                "prose_stated_twice", WARNING, (_place(p), _place(first[0])),
                f"{m.raw} (line {p.line})", f"{first[1].raw} (line {first[0].line})",
                f"“{said.format(first[1].raw)}” ≠ “{said.format(m.raw)}”",
                "Cùng một số liệu được nêu với hai giá trị khác nhau",
                "the same quantity is stated with two different values",
            ))  # fmt: skip
    return out


def check_forms(rows: list[Row]) -> list[Contradiction]:
    """One quantity in two forms: rows of different forms naming the same count (abbreviations expanded,
    the parenthesised explanations dropped, scope equal) print different values."""
    seen: dict[tuple, Row] = {}
    out = []
    for r in sorted(rows, key=lambda r: r.line):
        if r.value is None or not is_count(r) or not r.form or r.denominator is not None:
            continue
        name = re.sub(r"\([^()]*\)", " ", r.name)
        scope, rest = scope_of(name)
        noted, _ = scope_of(r.note or "")
        scope = (
            noted or scope
        )  # "Số liệu đơn vị sự nghiệp cấp tỉnh ..." in the Ghi chú: the row is the provincial level
        noun = noun_phrase(rest)
        if len(noun.split()) < 4:
            continue
        key = (noun, scope, parts_of(name))
        first = seen.setdefault(key, r)
        if first is r or first.form == r.form or abs(first.value - r.value) < 0.5:
            continue
        a, b = f"{first.form} dòng {first.code}", f"{r.form} dòng {r.code}"
        out.append(Contradiction(
            "table_same_quantity_two_forms", WARNING, (place(r), place(first)), f"{r.raw_value} ({b})",
            f"{first.raw_value} ({a})", f"{a} = {first.raw_value} ≠ {b} = {r.raw_value}",
            f"Cùng một chỉ tiêu ở hai biểu mẫu có hai giá trị khác nhau ({a}, {b})",
            f"one quantity printed with two values in two forms ({a}, {b})",
        ))  # fmt: skip
    return out
