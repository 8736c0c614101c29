"""One report file -> ParsedReport (metadata, appendix rows, per-unit tables, narrative metrics)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pardw.parse.appendix import parse_appendix
from pardw.parse.breakdown import extract_breakdowns
from pardw.parse.decode import split_lines
from pardw.parse.doctype import document_type, not_a_report_message
from pardw.parse.document_model import SourceDocument
from pardw.parse.guard import enforce
from pardw.parse.headings import form_heading
from pardw.parse.metadata import parse_metadata
from pardw.parse.narrative import extract_narratives
from pardw.parse.ocr_confidence import attach_ocr
from pardw.parse.read import read_document
from pardw.parse.readers.legacy import detect_legacy, to_unicode
from pardw.parse.records import ParsedReport, ParseWarning, UnreadableReport
from pardw.parse.segments import appendix_start
from pardw.parse.tables import find_tables
from pardw.parse.tasks import extract_tasks
from pardw.parse.text import fold, strip_markup
from pardw.parse.unread import unread_tables

_CITED = re.compile(r"(?:Báo cáo|BC)\s*+số\s*+:?\s*+(\d{1,12})?\s*+/\s*+([A-ZĐ][A-ZĐ\-]*+)", re.IGNORECASE)


def _looks_like_report(text: str) -> bool:
    head = text[:20000]
    low = head.lower()  # the common case, checked without folding 20,000 characters
    if ("cải cách hành chính" in low or "cchc" in low) and "báo cáo" in low:
        return True
    f = fold(head)
    return ("cai cach hanh chinh" in f or "cchc" in f) and ("bao cao" in f)


_PERIOD_END = {
    "Q1": (3, 31),
    "Q2": (6, 30),
    "H1": (6, 30),
    "Q3": (9, 30),
    "9M": (9, 30),
    "Q4": (12, 31),
    "FY": (12, 31),
}


def period_end(period_type: str | None, year: int | None) -> dt.date | None:
    """The last day of a reporting period (None when the period is not known)."""
    if period_type not in _PERIOD_END or not year:
        return None
    month, day = _PERIOD_END[period_type]
    return dt.date(year, month, day)


def parse_report(text: str, file_name: str) -> ParsedReport:
    """A report from its text (a text export, or the canonical rendering of any format)."""
    return parse_lines(split_lines(text)[0], file_name)


def parse_lines(lines: list[str], file_name: str, footnotes: frozenset[int] = frozenset()) -> ParsedReport:
    """A report from its canonical lines; ``footnotes``: 0-based indexes of the lines that are footnotes."""
    kind = document_type(lines)
    if kind.kind != "unknown" and not kind.is_report:
        raise UnreadableReport("not_a_report", not_a_report_message(kind))
    text_head = "\n".join(lines[:400])
    if not _looks_like_report(text_head[:20000]):
        what = "no document type line (BÁO CÁO, QUYẾT ĐỊNH …) in its heading and " if kind.kind == "unknown" else ""
        raise UnreadableReport("not_a_report", f"{what}no CCHC report header or 'cải cách hành chính' in the text")
    layout = find_tables(lines)  # the headings and tables, found and classified once
    start = layout.appendix_start
    document, warnings = parse_metadata(lines, file_name, start)
    if document.report_number is None and document.issue_date is None and document.period_type is None:
        raise UnreadableReport("not_a_report", "no report number, issue date or reporting period in the header")
    indicators = parse_appendix(lines, file_name, layout)
    breakdowns, breakdown_warnings = extract_breakdowns(lines, file_name, layout)
    warnings.extend(breakdown_warnings)
    tasks, task_warnings = extract_tasks(lines, file_name, layout)
    warnings.extend(task_warnings)
    end = period_end(document.period_type, document.period_year)
    narratives = extract_narratives(
        lines, file_name, len(lines) if start is None else start, footnotes, document.issuer, end
    )  # fmt: skip
    warnings.extend(_cited_number_warnings(lines, start, document.report_number, file_name))
    warnings.extend(unread_tables(lines, file_name, indicators, breakdowns, tasks, layout))
    document.warnings = [w.message for w in warnings]
    nul = any("\x00" in line for line in lines)
    return enforce(ParsedReport(document, indicators, breakdowns, narratives, warnings, tasks), file_name, nul)


NO_FACTS = (
    "no figure was read from this report (không đọc được số liệu nào): no appendix row, per-unit row,"
    " figure in the prose or task; is the file truncated, or only a cover page?"
)


def parse_document(doc: SourceDocument) -> ParsedReport:
    """A report from the document model of any format: its canonical rendering is parsed once and
    every record gets the locator of the block or row its line came from."""
    rendering = doc.render()
    if doc.text_lines is None:  # Word and PDF text in a legacy 8-bit font (.VnTime, VNI-Times)
        legacy = detect_legacy("\n".join(rendering.lines[:2000]))
        if legacy:
            rendering.lines = [to_unicode(line, legacy) for line in rendering.lines]
            doc.warnings.append(
                ("legacy_font_converted", f"text in the legacy {legacy} font encoding, converted", None)
            )
    notes = frozenset(i for i, loc in enumerate(rendering.locators) if loc and loc.startswith(("footnote", "endnote")))
    report = parse_lines(rendering.lines, doc.file, notes)
    report.document.format = doc.format
    for code, message, locator in doc.warnings:
        report.warnings.append(ParseWarning(doc.file, code, message, None, locator))
    if not (report.indicators or report.breakdowns or report.narratives or report.tasks):  # never silent
        report.warnings.append(ParseWarning(doc.file, "no_facts", NO_FACTS, None, None))
    for rec in (*report.indicators, *report.breakdowns, *report.narratives, *report.tasks, *report.warnings):
        if rec.locator is None:
            rec.locator = rendering.locator(rec.line)
    if doc.ocr:
        attach_ocr(report, doc.ocr)
    report.document.warnings = [w.message for w in report.warnings]
    return report


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
    """Any supported format (sniffed from the content) -> (report, encoding or container)."""
    doc = read_document(data, file_name, max_bytes=max_bytes)
    return parse_document(doc), doc.encoding or doc.format


def parse_file(path: str | Path) -> ParsedReport:
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name)[0]


__all__ = [
    "appendix_start",
    "form_heading",
    "parse_bytes",
    "parse_document",
    "parse_file",
    "parse_lines",
    "parse_report",
]
