"""One report file -> ParsedReport (metadata, appendix rows, per-unit tables, narrative metrics)."""

from __future__ import annotations

import re
from pathlib import Path

from pardw.parse.appendix import _HEADING_START, form_heading, parse_appendix
from pardw.parse.breakdown import extract_breakdowns
from pardw.parse.decode import decode_bytes
from pardw.parse.guard import enforce
from pardw.parse.metadata import parse_metadata
from pardw.parse.narrative import extract_narratives
from pardw.parse.records import ParsedReport, ParseWarning, UnreadableReport
from pardw.parse.text import fold, strip_markup

_CITED = re.compile(r"(?:Báo cáo|BC)\s*+số\s*+:?\s*+(\d{1,12})?\s*+/\s*+([A-ZĐ][A-ZĐ\-]*+)", re.IGNORECASE)


def appendix_start(lines: list[str]) -> int | None:
    """0-based index of the first appendix heading (PHỤ LỤC / Biểu mẫu / Phụ lục N at a line start)."""
    for idx, line in enumerate(lines):
        if "\t" in line or not _HEADING_START.match(line):
            continue
        plain = fold(strip_markup(line.replace("**", " ")))
        if plain.startswith(("phu luc", "bieu mau")) and len(plain) < 400:
            return idx
    return None


def _looks_like_report(text: str) -> bool:
    head = text[:20000]
    low = head.lower()  # the common case, checked without folding 20,000 characters
    if ("cải cách hành chính" in low or "cchc" in low) and "báo cáo" in low:
        return True
    f = fold(head)
    return ("cai cach hanh chinh" in f or "cchc" in f) and ("bao cao" in f)


def parse_report(text: str, file_name: str) -> ParsedReport:
    if not _looks_like_report(text):
        raise UnreadableReport("not_a_report", "no CCHC report header or 'cải cách hành chính' in the text")
    lines = text.split("\n")
    start = appendix_start(lines)
    document, warnings = parse_metadata(lines, file_name, start)
    if document.report_number is None and document.issue_date is None and document.period_type is None:
        raise UnreadableReport("not_a_report", "no report number, issue date or reporting period in the header")
    indicators, appendix_warnings = parse_appendix(lines, file_name)
    warnings.extend(appendix_warnings)
    breakdowns, breakdown_warnings = extract_breakdowns(lines, file_name)
    warnings.extend(breakdown_warnings)
    narratives = extract_narratives(lines, file_name)
    warnings.extend(_cited_number_warnings(lines, start, document.report_number, file_name))
    document.warnings = [w.message for w in warnings]
    return enforce(ParsedReport(document, indicators, breakdowns, narratives, warnings), file_name)


def _cited_number_warnings(
    lines: list[str], start: int | None, number: str | None, file_name: str
) -> list[ParseWarning]:
    """The appendix says which report it belongs to ("Ban hành kèm theo Báo cáo số 40/BC-UBND"): it must be this one."""
    if start is None or number is None:
        return []
    out = []
    for idx in range(start, len(lines)):
        line = lines[idx]
        low = line.lower()
        if "kèm theo" not in low and "kem theo" not in low:
            continue
        m = _CITED.search(strip_markup(line.replace("**", " ")))
        if not m or not m.group(1):
            continue
        cited = f"{int(m.group(1))}/{m.group(2).rstrip('-')}"
        if cited.split("/")[0] != number.split("/")[0]:
            out.append(
                ParseWarning(
                    file_name,
                    "appendix_report_number_mismatch",
                    f"the appendix cites report (báo cáo) số {cited} but the header says số {number}; kept {number}",
                    idx + 1,
                )
            )
    return out


def parse_bytes(data: bytes, file_name: str, max_bytes: int | None = None) -> tuple[ParsedReport, str]:
    text, encoding = decode_bytes(data, max_bytes=max_bytes)
    return parse_report(text, file_name), encoding


def parse_file(path: str | Path) -> ParsedReport:
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name)[0]


__all__ = ["appendix_start", "form_heading", "parse_bytes", "parse_file", "parse_report"]
