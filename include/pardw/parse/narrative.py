"""Numbers quoted in the prose, labelled by metric family. Precision over recall: a pattern
fires only where the sentence says unambiguously what the number counts; document numbers,
dates, years and footnote markers are never read as values."""

from __future__ import annotations

import re
from collections.abc import Callable

from pardw.parse.numbers import parse_number
from pardw.parse.records import Narrative
from pardw.parse.sections import SectionState, advance
from pardw.parse.text import strip_markup

_N = r"(?<![\d/.,])(\d{1,3}(?:[.,]\d{3})+|\d+(?:,\d+)?)(?![\d/])"
_NX = r"(?<![\d/.,])(\d{1,3}(?:[.,]\d{3})+|\d+(?:,\d+)?)"  # the x of an x/y
_NY = r"(\d{1,3}(?:[.,]\d{3})+|\d+(?:,\d+)?)(?![\d/])"  # the y of an x/y
_CUMULATIVE = re.compile(r"lũy kế|luỹ kế|từ đầu năm", re.I)
_SENTENCE_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ\-+•])")
_LEVEL = (("cấp xã", "commune"), ("cấp huyện", "district"), ("cấp tỉnh", "province"), ("sở, ban, ngành", "department"))

# (metric, compiled pattern, group of the value, group of the denominator or None, unit)
_PATTERNS: list[tuple[str, re.Pattern, int, int | None, str]] = [
    (
        "tthc_total",
        re.compile(
            rf"(?:số lượng|tổng số)\s+(?:thủ tục hành chính|TTHC)\b[^.;:\d]{{0,60}}?(?:là\s*:?|:)?\s*{_N}\s*(?:TTHC|thủ tục)",
            re.I,
        ),
        1,
        None,
        "Thủ tục",
    ),
    ("tasks_done", re.compile(rf"hoàn thành\s+{_NX}\s*/\s*{_NY}\s+nhiệm vụ", re.I), 1, 2, "Nhiệm vụ"),
    ("legal_docs_issued", re.compile(rf"ban hành\s+{_N}\s+văn bản quy phạm pháp luật", re.I), 1, None, "Văn bản"),
    ("pakn_received", re.compile(rf"tiếp nhận\s+{_N}\s+(?:phản ánh|PAKN)", re.I), 1, None, "PAKN"),
    ("dossiers_received", re.compile(rf"tiếp nhận\s+(?:mới\s+)?{_N}\s+hồ sơ", re.I), 1, None, "Hồ sơ"),
    ("dossiers_online", re.compile(rf"{_NX}\s*/\s*{_NY}\s+hồ sơ\s+(?:nộp\s+)?trực tuyến", re.I), 1, 2, "Hồ sơ"),
    ("dossiers_online", re.compile(rf"{_N}\s+hồ sơ\s+(?:nộp\s+)?trực tuyến", re.I), 1, None, "Hồ sơ"),
]
_CANDIDATE = re.compile(r"\d[\d.,/]*\s*(?:TTHC|thủ tục|nhiệm vụ|văn bản|phản ánh|PAKN|hồ sơ)|hạng", re.I)
_RANK = re.compile(r"xếp\s+(?:thứ\s+)?hạng\s+(?:thứ\s+)?(\d{1,2})\s*/\s*(\d{2})\b", re.I)
_INDEX_NAMES = (("PAR INDEX", "par_index"), ("PAPI", "papi"), ("SIPAS", "sipas"), ("PCI", "pci"))


def _level(sentence: str) -> str | None:
    low = sentence.lower()
    found = [lvl for key, lvl in _LEVEL if key in low]
    return found[0] if len(found) == 1 else None


def _value(raw: str, unit: str) -> float | None:
    reading = parse_number(raw, unit)
    return reading.value if reading else None


def _ranks(sentence: str) -> list[tuple[str, str, float, float]]:
    out = []
    upper = sentence.upper()
    for m in _RANK.finditer(sentence):
        window = upper[max(0, m.start() - 160) : m.start()]
        best = None
        for name, key in _INDEX_NAMES:
            pos = window.rfind(name)
            if pos != -1 and (best is None or pos > best[0]):
                best = (pos, key)
        if best:
            out.append((f"{best[1]}_rank", m.group(0), float(m.group(1)), float(m.group(2))))
    return out


def extract_narratives(lines: list[str], file_name: str) -> list[Narrative]:
    from pardw.parse.segments import appendix_start

    end = appendix_start(lines)
    end = len(lines) if end is None else end
    state = SectionState()
    out: list[Narrative] = []
    emit: Callable[..., None] = out.append
    for idx in range(end):
        line = lines[idx]
        if "\t" in line or line.lstrip().startswith("<sup>"):
            continue
        if advance(state, line):
            continue
        if not _CANDIDATE.search(line):
            continue  # no number next to a word the metric patterns need
        text = strip_markup(line)
        if len(text) < 20:
            continue
        for sentence in _SENTENCE_SPLIT.split(text):
            if not _CANDIDATE.search(sentence):
                continue
            for metric, pattern, vg, dg, unit in _PATTERNS:
                for m in pattern.finditer(sentence):
                    value = _value(m.group(vg), unit)
                    if value is None:
                        continue
                    denominator = _value(m.group(dg), unit) if dg else None
                    # "lũy kế từ đầu năm" figures are year-to-date, another quantity than the period's
                    label = (
                        f"{metric}_ytd" if _CUMULATIVE.search(sentence[max(0, m.start() - 80) : m.start()]) else metric
                    )
                    emit(Narrative(file_name, state.domain, state.role, label, value, unit, sentence[:600], idx + 1,
                                   level=_level(sentence), raw_value=m.group(0), denominator=denominator))  # fmt: skip
            for metric, raw, value, denominator in _ranks(sentence) if "hạng" in sentence else ():
                emit(Narrative(file_name, "I", state.role, metric, value, "Hạng", sentence[:600], idx + 1,
                               raw_value=raw, denominator=denominator))  # fmt: skip
    return out
