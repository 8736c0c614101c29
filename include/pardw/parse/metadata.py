"""Document metadata from the report header: province, issuer, number, date, period."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from pardw.config import REFERENCE_DIR
from pardw.parse.provinces import resolve_unit
from pardw.parse.records import Document, ParseWarning
from pardw.parse.template import declared_template
from pardw.parse.text import fold, strip_markup

HEADER_LINES = 60  # the header and title sit in the first lines


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    folded: str


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    with (REFERENCE_DIR / "provinces_63.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # longest names first so "Bà Rịa - Vũng Tàu" wins over shorter overlaps
    return tuple(
        sorted(
            (Province(r["code"], r["name"], fold(r["name"])) for r in rows),
            key=lambda p: -len(p.folded),
        )
    )


@lru_cache(maxsize=1)
def _province_pattern() -> tuple[re.Pattern, dict[str, Province]]:
    by_variant = {v: p for p in provinces() for v in _variants(p.folded)}
    alternatives = "|".join(re.escape(v) for v in sorted(by_variant, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z])"), by_variant


def find_province(text: str) -> Province | None:
    """The first province named in the text, with or without diacritics."""
    pattern, by_variant = _province_pattern()
    m = pattern.search(fold(text))
    return by_variant[m.group(0)] if m else None


def _variants(folded: str) -> tuple[str, ...]:
    out = [folded]
    if folded == "thanh pho ho chi minh" or folded == "ho chi minh":
        out.append("ho chi minh")
    if folded.startswith("ba ria"):
        out.append("ba ria vung tau")
    if folded == "thua thien hue":
        out.append("hue")  # Thành phố Huế since 2025
    return tuple(out)


_NUMBER = re.compile(
    r"S[ốo]\s*+(?:hiệu)?\s*+:?\s*+(?P<num>\d{1,12})?\s*+/\s*+(?P<suffix>[A-ZĐ][A-ZĐ0-9]*+(?:\s*+-\s*+[A-ZĐ0-9]++)*+)",
)
_DATE = re.compile(
    r"(?P<place>[A-ZĐ][^\n,]{1,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})",
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b")
_YEAR = re.compile(r"\b(20\d\d)\b")


def _clean_suffix(suffix: str, after: str) -> str:
    suffix = re.sub(r"\s+", "", suffix)
    # glued header: "BC-UBNDCà Mau" -> the capital that starts the next word is not part of the suffix
    if after[:1].islower() and suffix[-1:].isalpha():
        suffix = suffix[:-1]
    return suffix


def parse_period(title: str) -> tuple[str | None, int | None]:
    """Period type and year from the report title."""
    f = fold(title)
    year = None
    years = _YEAR.findall(f)
    if years:
        year = int(years[0])
    quarter = _QUARTER.search(f)
    first_positions = []
    if quarter:
        first_positions.append((quarter.start(), f"Q{_ROMAN[quarter.group(1)]}"))
    for pattern, kind in (
        (r"\b0?6 thang dau nam\b|\bsau thang dau nam\b|\b0?6 thang nam\b|\b0?6 thang\b", "H1"),
        (r"\b0?9 thang\b|\bchin thang\b", "9M"),
    ):
        m = re.search(pattern, f)
        if m:
            first_positions.append((m.start(), kind))
    if first_positions:
        return min(first_positions)[1], year
    if re.search(r"\bnam\s+20\d\d\b|\bhang nam\b|\bca nam\b|\btong ket\b", f):
        return "FY", year
    return None, year


def _issuer(header: str, body: str, suffix: str | None, province: Province | None) -> tuple[str | None, str]:
    folded_header = fold(header)
    pname = province.name if province else None
    suffix_parts = (suffix or "").split("-")
    org = suffix_parts[-1] if len(suffix_parts) > 1 else ""
    opening: list[str] = []

    def intro() -> str:
        """The opening of the body, folded (only the first 3,000 characters are read), when a test needs it."""
        if not opening:
            opening.append(_folded_opening(body))
        return opening[0]

    is_office = org in ("VP", "VPUBND") or "van phong uy ban nhan dan tinh" in folded_header
    if is_office or ("van phong" in folded_header and "van phong uy ban nhan dan tinh" in intro()):
        return (f"Văn phòng UBND tỉnh {pname}" if pname else "Văn phòng UBND tỉnh"), "department"
    m = re.search(
        r"\b(uy ban nhan dan|ubnd)\s+(huyen|thi xa|thanh pho)\s+([a-z ]{2,30}?)(?=\s*(?:\n|,|\.|bao cao|$))",
        folded_header,
    )
    if m and org == "UBND":
        kind = {"huyen": "huyện", "thi xa": "thị xã", "thanh pho": "thành phố"}[m.group(2)]
        return f"UBND {kind} {m.group(3).title()}", "district"
    if org.startswith("S") and len(org) >= 2 and org not in ("SNV",):
        return (f"Sở ({org}) tỉnh {pname}" if pname else f"Sở ({org})"), "department"
    if org == "SNV":
        return (f"Sở Nội vụ tỉnh {pname}" if pname else "Sở Nội vụ"), "department"
    if org in ("UBND", "") and (
        org == "UBND"
        or ("uy ban nhan dan tinh" in folded_header)
        or ("uy ban nhan dan tinh" in intro())
        or ("ubnd tinh" in intro())
    ):
        return (f"UBND tỉnh {pname}" if pname else "UBND tỉnh"), "province"
    return None, "unknown"


_OPENING = 3000  # folded characters of the body's opening that the issuer tests read


def _folded_opening(body: str) -> str:
    """``fold(body[:6000])[:3000]``, folding only as much of the body as it takes: folding maps each character on
    its own and collapses blank runs, so the fold of a prefix is a prefix of the fold."""
    text = body[:6000]
    if len(text) > _OPENING + 600:
        folded = fold(text[: _OPENING + 600])
        if len(folded) > _OPENING:
            return folded[:_OPENING]
    return fold(text)[:_OPENING]


def parse_metadata(lines: list[str], file_name: str, appendix_start: int | None) -> tuple[Document, list[ParseWarning]]:
    warnings: list[ParseWarning] = []
    head_raw = "\n".join(lines[:HEADER_LINES])
    head = strip_markup(head_raw.replace("**", "\n"))
    doc = Document(file=file_name)
    _read_number(lines, doc, warnings)
    place = _read_date(head, doc, warnings)
    province = place or find_province(head) or find_province("\n".join(lines[:120]))

    # title: the lines after BÁO CÁO
    title = _title(lines)
    doc.title = title
    doc.period_type, doc.period_year = parse_period(title or "")
    if doc.period_year is None and doc.issue_date:
        doc.period_year = int(doc.issue_date[:4])
    if doc.period_type is None:
        warnings.append(
            ParseWarning(file_name, "missing_period", "could not tell the reporting period (kỳ báo cáo) from the title")
        )
    if province:
        province = _unit_in_force(province, lines, appendix_start, doc, warnings)
    doc.template = declared_template(lines[:HEADER_LINES])

    suffix = doc.report_number.split("/", 1)[1] if doc.report_number else None
    if suffix is None:
        nm = _NUMBER.search(strip_markup(head_raw.replace("**", " ")))
        suffix = _clean_suffix(nm.group("suffix"), "") if nm else None
    if doc.line is None:
        warnings.append(
            ParseWarning(file_name, "missing_report_number", "the header has no report number (Số: .../BC-...)")
        )
    # the issuing organisation is named above the number / the title ("ỦY BAN NHÂN DÂN TỈNH CÀ MAU")
    org_header = re.split(r"S[ốo]\s*:|BÁO CÁO|CỘNG HÒA|CỘNG HOÀ", head)[0]
    body_end = appendix_start if appendix_start is not None else len(lines)
    doc.issuer, doc.issuer_level = _issuer(org_header, "\n".join(lines[: min(body_end, 80)]), suffix, province)
    doc.has_appendix = appendix_start is not None
    return doc, warnings


def _read_number(lines: list[str], doc: Document, warnings: list[ParseWarning]) -> None:
    """The report number (Số: 12/BC-UBND) and its line; a "Số:" with no number is warned about."""
    for idx, line in enumerate(lines[:HEADER_LINES]):
        text = strip_markup(line.replace("**", " "))
        m = _NUMBER.search(text)
        if m and re.search(r"\bS[ốo]", text[: m.start() + 3]):
            suffix = _clean_suffix(m.group("suffix"), text[m.end() : m.end() + 1])
            doc.line = idx + 1
            if m.group("num"):
                doc.report_number = f"{int(m.group('num'))}/{suffix}"
            else:
                warnings.append(ParseWarning(doc.file, "missing_report_number",
                                             f"the header has no report number (số báo cáo): '{text.strip()[:60]}'", idx + 1))  # fmt: skip
            return


def _read_date(head: str, doc: Document, warnings: list[ParseWarning]) -> Province | None:
    """The issue date ("Cà Mau, ngày 12 tháng 6 năm 2023") into ``doc``; returns the province its place names."""
    m = _DATE.search(head)
    if not m:
        warnings.append(
            ParseWarning(doc.file, "missing_issue_date", "no issue date (ngày ... tháng ... năm) in the header")
        )
        return None
    d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    if 1 <= d <= 31 and 1 <= mo <= 12:
        doc.issue_date = f"{y:04d}-{mo:02d}-{d:02d}"
    return find_province(m.group("place"))


def _unit_in_force(
    province: Province, lines: list[str], appendix_start: int | None, doc: Document, warnings: list[ParseWarning]
) -> Province:
    """The unit in force for the period (63 until 30/6/2025, 34 from 1/7/2025), set on ``doc`` and returned."""
    opening = "\n".join(lines[: appendix_start if appendix_start is not None else 120][:120])
    unit = resolve_unit(province.code, province.name, doc.period_type, doc.period_year, doc.issue_date, opening)
    doc.province, doc.province_code, doc.province_generation = unit.name, unit.code, unit.generation
    warnings.extend(ParseWarning(doc.file, code, message, doc.line) for code, message in unit.warnings)
    return Province(unit.code, unit.name, fold(unit.name))


_BAO_CAO = re.compile(r"B[AÁÀẢÃẠ]O C[AÁÀẢÃẠ]O")


def _title(lines: list[str]) -> str | None:
    for idx, line in enumerate(lines[:HEADER_LINES]):
        plain = strip_markup(line.replace("**", "\n"))
        f = fold(plain)
        pos = f.find("bao cao")
        if pos == -1:
            continue
        # "BÁO CÁO" in capitals starts the title block (its tone marks as OCR may read them: 'BẢO CAO')
        cap = _BAO_CAO.search(plain)
        if cap is None:
            continue
        rest = plain[cap.end() :].strip()
        parts = [rest] if rest else []
        for nxt in lines[idx + 1 : idx + 6]:
            text = strip_markup(nxt.replace("**", " "))
            if not text:
                if parts:
                    break
                continue
            if fold(text).startswith(("kinh gui", "thuc hien", "i. ")):
                break
            parts.append(text)
        title = " ".join(parts)
        # a glued header keeps the body after the title on the same line: cut at the first section heading
        title = re.split(r"\s(?:I\.|1\.)\s", title)[0]
        return title.strip() or None
    return None
