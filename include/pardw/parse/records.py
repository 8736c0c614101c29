"""Typed records produced by the report parser.

These dataclasses are the contract between the parser, the loader (one raw table
per record kind, its columns the fields: ``pardw.load.raw_columns``) and
``pardw extract --format jsonl`` (one JSON object per record, ``kind`` first). Every record carries the file's base name and a 1-based line number
so that every number in the warehouse traces back to its file and line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

# Period types of dim_period.
PERIOD_TYPES = ("Q1", "Q2", "Q3", "Q4", "H1", "9M", "FY")
# Issuer levels.
ISSUER_LEVELS = ("province", "department", "district", "commune", "unknown")


@dataclass(slots=True)
class _Record:
    kind: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}


@dataclass(slots=True)
class Document(_Record):
    """Header metadata of one report (one per file)."""

    kind: ClassVar[str] = "document"
    file: str
    province: str | None = None  # canonical name with diacritics, e.g. "Kiên Giang"
    province_code: str | None = None  # 2-digit code of the unit in force, e.g. "91"
    province_generation: str | None = None  # "63" (units until 30/6/2025) or "34" (from 1/7/2025)
    issuer: str | None = None  # e.g. "UBND tỉnh Kiên Giang", "Văn phòng UBND tỉnh Hà Giang"
    issuer_level: str = "unknown"  # one of ISSUER_LEVELS
    report_number: str | None = None  # normalised, e.g. "240/BC-UBND"
    issue_date: str | None = None  # ISO date, e.g. "2023-06-19"
    period_type: str | None = None  # one of PERIOD_TYPES
    period_year: int | None = None
    title: str | None = None
    has_appendix: bool = False
    line: int | None = None  # line of the report number
    format: str = "txt"  # txt | md | docx | doc | rtf | pdf | html | mhtml (pardw.parse.document_model.FORMATS)
    template: str | None = None  # reporting template the report declares: "581" (2022) or "4625" (2025)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Indicator(_Record):
    """One row of a statistical appendix form (Biểu mẫu / Phụ lục)."""

    kind: ClassVar[str] = "indicator"
    file: str
    form: str | None  # form label as printed, e.g. "Biểu mẫu 3", "Phụ lục 1"
    domain: str | None  # I..VII
    code: str | None  # STT as printed, e.g. "3.1.1." or "2.1"
    name: str  # Chỉ tiêu with tags and footnote markers removed
    unit: str | None  # Đơn vị tính as printed (may be truncated)
    raw_value: str | None  # Số liệu cell as printed; None when empty
    value: float | None  # parsed number; None when empty/unparseable (never 0 for empty)
    note: str | None  # Ghi chú
    line: int  # 1-based line number in the file
    source: str = "appendix"
    is_group: bool = False  # a group heading row (bold / Roman numeral / no value)
    parent_code: str | None = None  # code of the hierarchical parent row, if any
    path: list[str] = field(default_factory=list)  # names of ancestor rows, outermost first
    number_format: str | None = None  # how the number was read, e.g. "vi", "en", "integer", "coded"
    flags: list[str] = field(default_factory=list)  # e.g. "ambiguous_number", "value_with_text"
    locator: str | None = None  # where a person finds it: "p. 31", "table 5, row 12", "line 402"
    denominator: float | None = None  # for "26/26" in a count row: value 26 of 26
    ocr_confidence: float | None = None  # read by OCR: its words' lowest confidence (0..100); None: not OCR'd
    ocr_box: str | None = None  # read by OCR: "p. N: x0,top,x1,bottom" (points from the page's top left)
    ocr_check: str | None = None  # read by OCR: "confirmed" / "accused" by the report's own arithmetic


@dataclass(slots=True)
class Breakdown(_Record):
    """One unit x measure cell of a per-unit table (dossiers per department, district, commune)."""

    kind: ClassVar[str] = "breakdown"
    file: str
    table: str  # table label, e.g. "Phụ lục 2"
    unit_name: str  # e.g. "Sở Tư pháp", "Xã Định Bình"
    unit_level: str | None  # province | department | district | commune | None
    parent: str | None  # parent group, e.g. "Huyện Ngọc Hiển", "I. CẤP TỈNH"
    measure: str  # column header, e.g. "Số hồ sơ tiếp nhận trong kỳ báo cáo"
    raw_value: str | None
    value: float | None
    line: int
    is_total: bool = False  # a total / subtotal row (Tổng, Cộng, a Roman-numeral group row)
    flags: list[str] = field(default_factory=list)
    locator: str | None = None
    ocr_confidence: float | None = None  # read by OCR: its words' lowest confidence (0..100)
    ocr_box: str | None = None  # read by OCR: "p. N: x0,top,x1,bottom" in points


@dataclass(slots=True)
class Narrative(_Record):
    """A quantity stated in the prose (value with its counted noun), with its sentence."""

    kind: ClassVar[str] = "narrative"
    file: str
    domain: str | None  # I..VII of the section it appears in
    section_role: str  # "result" | "plan" (phương hướng, nhiệm vụ) | "assessment" | "other"
    metric: str  # metric family, e.g. "dossiers_received", "tthc_total", "par_index_rank"; "unmapped" when none fits
    value: float
    unit: str | None
    text: str  # the sentence
    line: int
    level: str | None = None  # province | district | commune | department: the level of the scope, when known
    raw_value: str | None = None
    denominator: float | None = None  # for ranks "41/63" and ratios "10/12"
    locator: str | None = None
    subject: str | None = None  # the shortest phrase saying what is counted, e.g. "đã tiếp nhận: 11.093 hồ sơ"
    role: str = "result"  # "result" | "plan" (target, phương hướng) | "baseline" (so với cùng kỳ, năm trước)
    scope: str | None = None  # the scope's name: the level (scope_kind level) or the named body / former unit
    # (agency, former_unit: "Sở Tư pháp", "tỉnh Bình Thuận"); None for whole_unit and national
    part_of: int | None = None  # 1-based position (seq) in the file's narratives of the total this part breaks down
    change: str | None = None  # "increase" | "decrease" for "tăng 21 hạng", "giảm 3,5%"
    value_kind: str = "count"  # count | rate | rank | label (the value of "công chức: 57")
    match_method: str | None = None  # how ``metric`` was found (subject_unit, rank_index); None = unmapped
    scope_kind: str | None = None  # whole_unit | level | agency | former_unit | national (pardw.parse.scope)
    ocr_confidence: float | None = None  # read by OCR: its words' lowest confidence (0..100)
    ocr_box: str | None = None  # read by OCR: "p. N: x0,top,x1,bottom" in points


@dataclass(slots=True)
class ParseWarning(_Record):
    kind: ClassVar[str] = "warning"
    file: str
    code: str  # machine code, e.g. "appendix_report_number_mismatch"
    message: str  # clear English, Vietnamese terms kept
    line: int | None = None
    locator: str | None = None


@dataclass(slots=True)
class Task(_Record):
    """One row of a task table (bảng nhiệm vụ: the plan's tasks with result, deadline, lead agency, status),
    e.g. Phụ lục 4 of a provincial report or the task list of a yearly report."""

    kind: ClassVar[str] = "task"
    file: str
    table: str | None  # table label as printed, e.g. "Phụ lục 4"
    code: str | None  # STT / TT
    task: str  # Nhiệm vụ / Nội dung
    target: str | None  # the plan's target (Kế hoạch, Chỉ tiêu)
    result: str | None  # Kết quả / Thực hiện as printed
    deadline: str | None  # Thời gian / Thời hạn hoàn thành as printed
    lead_agency: str | None  # Cơ quan chủ trì
    status: str | None  # done | in_progress | not_done | None (as read from the status/note column)
    status_text: str | None  # the status cell as printed (Hoàn thành, Chưa hoàn thành, Đang thực hiện, Đạt …)
    note: str | None
    line: int
    locator: str | None = None


@dataclass(slots=True)
class ParsedReport:
    document: Document
    indicators: list[Indicator] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    narratives: list[Narrative] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    def records(self) -> list[_Record]:
        return [self.document, *self.indicators, *self.breakdowns, *self.narratives, *self.tasks, *self.warnings]


class UnreadableReport(Exception):
    """Raised for input that is not a readable report. ``reason`` is a stable code
    (empty, binary, undecodable, too_large, truncated, not_a_report, and for Word/PDF files
    corrupt_docx, not_a_docx, zip_bomb, corrupt_pdf, encrypted_pdf, scanned_pdf, converter_missing,
    convert_failed, image, ocr_timeout, ocr_failed)."""

    def __init__(self, reason: str, message: str):
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message
