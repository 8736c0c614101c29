"""Task tables: the plan's tasks with their target, result, deadline, lead agency and status
(Phụ lục 4 "Thống kê tiến độ thực hiện các chỉ tiêu", the task list of a yearly report).

A task table has a header whose first cell is the row number (TT/STT), one column naming the
task (Nhiệm vụ, Nội dung, Chỉ tiêu nhiệm vụ) and at least one of result, deadline, lead agency
or status. Cells are kept as printed (they mix targets and text: "Tối thiểu 80%", "- Cấp tỉnh:
43,46%"); the status is read from the status column, or else the note column.
"""

from __future__ import annotations

import re

from pardw.parse.appendix import form_heading, is_indicator_header
from pardw.parse.breakdown import is_unit_header
from pardw.parse.records import ParseWarning, Task
from pardw.parse.text import fold, strip_markup

_COLUMNS = (  # (field, folded header prefixes), first match wins for each column
    ("task", ("nhiem vu", "noi dung", "ten nhiem vu", "chi tieu nhiem vu", "chi tieu", "ten chi tieu")),
    ("deadline", ("thoi gian", "thoi han", "han hoan thanh")),
    ("lead_agency", ("co quan chu tri", "don vi chu tri", "co quan, don vi chu tri", "chu tri", "co quan thuc hien")),
    ("status", ("tinh trang", "tien do", "muc do hoan thanh", "danh gia", "ket qua danh gia")),
    ("target", ("ke hoach", "chi tieu ke hoach", "muc tieu")),
    ("result", ("ket qua", "thuc hien", "san pham")),
    ("note", ("ghi chu",)),
)
_CODE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVX]{1,5}\.?|[a-zđ]\))$", re.IGNORECASE)


def status_of(text: str | None) -> str | None:
    if not text:
        return None
    f = fold(text)
    if re.search(r"chua (hoan thanh|dat|thuc hien)|khong (hoan thanh|dat)", f):
        return "not_done"
    if re.search(r"dang (thuc hien|trien khai)|chua den han|dang trien", f):
        return "in_progress"
    if re.search(r"hoan thanh|\bdat\b|vuot", f):
        return "done"
    return None


_FIRST = re.compile(r"^\s*+(?:<b>|\*\*)?\s*+(?:s\s*+)?tt\b", re.IGNORECASE)  # possessive: linear on blank runs


def _header(line: str) -> dict[str, int] | None:
    if not _FIRST.match(line) or is_indicator_header(line) or is_unit_header(line):
        return None
    cells = [fold(strip_markup(c)) for c in line.split("\t")]
    if not cells or cells[0].replace(" ", "") not in ("tt", "stt"):
        return None
    cols: dict[str, int] = {}
    for idx, cell in enumerate(cells[1:], start=1):
        for name, prefixes in _COLUMNS:
            if name not in cols and cell.startswith(prefixes):
                cols[name] = idx
                break
    if "task" not in cols or not ({"result", "deadline", "lead_agency", "status"} & cols.keys()):
        return None
    return cols


_PAGE_NUMBER = re.compile(r"-?\s*+\d{1,3}\s*+-?")  # on the stripped line: a run of blanks is never re-split


def extract_tasks(lines: list[str], file_name: str) -> tuple[list[Task], list[ParseWarning]]:
    tasks: list[Task] = []
    warnings: list[ParseWarning] = []
    label: str | None = None
    cols: dict[str, int] | None = None
    for idx, line in enumerate(lines):
        if "\t" not in line:
            heading = form_heading(line)
            if heading:
                label, cols = heading[0], None
            elif line.strip() and cols is not None and not _PAGE_NUMBER.fullmatch(line.strip()):
                cols = None  # prose ends the table
            continue
        header = _header(line)
        if header:
            cols = header
            continue
        if cols is None:
            continue
        cells = [strip_markup(c) for c in line.split("\t")]

        def cell(name: str, cells=cells, cols=cols) -> str | None:
            k = cols.get(name)
            return (cells[k] or None) if k is not None and k < len(cells) else None

        code = cells[0] or None
        task = cell("task")
        if not task:
            continue
        if code and not _CODE.match(code):
            task, code = f"{code} {task}", None
        status_text = cell("status")
        status = status_of(status_text) or status_of(cell("note"))
        tasks.append(Task(file_name, label, code, task, cell("target"), cell("result"), cell("deadline"),
                          cell("lead_agency"), status, status_text, cell("note"), idx + 1))  # fmt: skip
    return tasks, warnings


__all__ = ["extract_tasks", "status_of"]
