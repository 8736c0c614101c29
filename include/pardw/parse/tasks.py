"""Task tables: the plan's tasks with their target, result, deadline, lead agency and status
(Phụ lục 4 "Thống kê tiến độ thực hiện các chỉ tiêu", the task list of a yearly report).

A task table has a header whose first cell is the row number (TT/STT), one column naming the
task (Nhiệm vụ, Nội dung, Chỉ tiêu nhiệm vụ) and at least one of result, deadline, lead agency
or status. Cells are kept as printed (they mix targets and text: "Tối thiểu 80%", "- Cấp tỉnh:
43,46%"); the status is read from the status column, or else the note column.
"""

from __future__ import annotations

import re

from pardw.parse.records import ParseWarning, Task
from pardw.parse.tables import Layout, find_tables, next_event
from pardw.parse.text import fold, strip_markup

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


def _task(file_name: str, label: str | None, line: str, cols: dict[str, int], line_no: int) -> Task | None:
    """One row of a task table (None when it names no task)."""
    cells = [strip_markup(c) for c in line.split("\t")]

    def cell(name: str) -> str | None:
        k = cols.get(name)
        return (cells[k] or None) if k is not None and k < len(cells) else None

    code = cells[0] or None
    task = cell("task")
    if not task:
        return None
    if code and not _CODE.match(code):
        task, code = f"{code} {task}", None
    status_text = cell("status")
    status = status_of(status_text) or status_of(cell("note"))
    return Task(file_name, label, code, task, cell("target"), cell("result"), cell("deadline"),
                cell("lead_agency"), status, status_text, cell("note"), line_no)  # fmt: skip


_PAGE_NUMBER = re.compile(r"-?\s*+\d{1,3}\s*+-?")  # on the stripped line: a run of blanks is never re-split


def extract_tasks(
    lines: list[str], file_name: str, layout: Layout | None = None
) -> tuple[list[Task], list[ParseWarning]]:
    """The rows of the task tables (classified ``tasks`` by ``layout``) up to the prose that ends each; with no
    task table in force only the form headings and task headers are looked at."""
    layout = layout if layout is not None else find_tables(lines)
    events = layout.events("tasks")
    tasks: list[Task] = []
    warnings: list[ParseWarning] = []
    label: str | None = None
    cols: dict[str, int] | None = None
    i, n = 0, len(lines)
    while i < n:
        if cols is None:
            nxt = next_event(events, i)
            if nxt is None:
                break
            i = nxt
        idx, line = i, lines[i]
        i += 1
        if "\t" not in line:
            heading = layout.headings.get(idx)
            if heading:
                label, cols = heading.label, None
            elif line.strip() and cols is not None and not _PAGE_NUMBER.fullmatch(line.strip()):
                cols = None  # prose ends the table
            continue
        table = layout.headers.get(idx)
        if table is not None and table.kind == "tasks":
            cols = table.head.task_columns
            continue
        if cols is None:
            continue
        task = _task(file_name, label, line, cols, idx + 1)
        if task is not None:
            tasks.append(task)
    return tasks, warnings


__all__ = ["extract_tasks", "status_of"]
