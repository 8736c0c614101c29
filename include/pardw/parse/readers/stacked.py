"""Tables written one cell per line (LibreOffice's "Text" export: every cell of every row is a paragraph,
an empty cell an empty line) -> tab-separated rows, in place.

An indicator form in such a file looks like ``STT`` / ``Chỉ tiêu thống kê`` / ``Đơn vị tính`` / ``Số liệu``
/ ``Ghi chú`` on lines of their own, then ``1.1.`` / ``Số TTHC …`` / ``Thủ tục`` / ``21`` / ```` for each
row. Nothing says where a row ends, but every row of the body has the same number of cells and starts
with its code (``1``, ``1.1.``, ``III.``, ``a)``): the row length is the one that makes the most
consecutive chunks start with a code. The header's own lines are merged cells and multi-paragraph
labels, so its layout is not read from them; its labels (STT, Chỉ tiêu, Đơn vị tính, Số liệu / Kết quả,
Ghi chú) are placed on the columns the body shows them to be (the codes, the longest texts, the
short words before the numbers, the numbers, what follows).

A table with several number columns (a per-unit table: ``STT`` / ``Tên cơ quan`` / ``Văn bản đến`` / … over
one to three header rows, then ``I`` / ``CẤP TỈNH`` / ``112,603`` / …) is rebuilt when its header's lines
are whole rows of the body's width: a merged cell is written once and the cells it covers as empty lines,
as the Word file's own rows are, so each header row is the next ``width`` lines. Otherwise it is left as it
is, and its heading's "no rows read" warning stays.

Each row is written on the line of its code, the header on the line of ``STT``; the lines the
cells came from become empty, so every line number stays the file's own. A row that breaks the
pattern (a cell of two paragraphs) ends the table there, with a warning at its line.
"""

from __future__ import annotations

import re

from pardw.parse.text import TOTAL_LABELS, fold

_CODE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.?|[a-zđ][.)]|[-+*])$", re.IGNORECASE)
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,]\d+)?\s*%?$")
_FIRST = frozenset({"stt", "tt", "sott"})  # folded, without spaces ("ST T", "Số TT")
_ROLES = (  # (role, folded words a label starts with, or contains), in order of preference
    ("name", ("chi tieu", "noi dung", "tieu chi", "nhiem vu"), ()),
    ("unit", ("dvt", "don vi tinh"), ("don vi tinh",)),
    ("value", ("so lieu", "ket qua", "gia tri"), ("so lieu",)),
    ("note", ("ghi chu",), ()),
)
MAX_HEADER_LINES = 24
WIDE = range(9, 41)  # the widths of per-unit tables, tried after the forms' 3 to 8 cells found no table
MAX_HEADER_ROWS = 3  # rows of a per-unit table's header
MIN_ROWS = 2
MAX_SUB_ROW_CELL = 250  # characters: a longer cell in a row without a code is prose after the table


def unstack_tables(lines: list[str], warnings: list[tuple[str, str, str | None]]) -> int:
    """Rebuild the one-cell-per-line indicator forms of ``lines`` in place; returns the rows written."""
    written = 0
    i, n = 0, len(lines)
    while i < n:
        if "\t" in lines[i] or not _first(lines[i]):
            i += 1
            continue
        table = _read(lines, i)
        wide = table is None
        if wide:
            table = _read(lines, i, WIDE, MAX_HEADER_ROWS * WIDE[-1])
            if table is None:
                i += 1
                continue
        header_end, width, rows, stop, unaligned = table
        header = None if wide else _header(lines, i, header_end, rows, width)
        headers = [header] if header is not None else _unit_header(lines, i, header_end, rows, width)
        if headers is None:
            i = i + 1 if wide else header_end
            continue
        _write(lines, (i, header_end), headers, rows, unaligned)
        written += len(rows)
        warnings.extend(_warnings(lines, width, unaligned, stop))
        i = (rows[-1] + width) if rows else header_end
    return written


def _header(lines: list[str], top: int, end: int, rows: list[int], width: int) -> list[str] | None:
    """The header row: the header's own labels on the columns the body shows them to be; None when the table
    is not an indicator form, or its header and body disagree on a unit column."""
    columns = _columns(lines, rows, width)
    labels = _labels(lines[top:end])
    if columns is None or not {"name", "value"} <= labels.keys() or ("unit" in labels) != ("unit" in columns):
        return None
    header = [""] * width
    header[0] = lines[top].strip()
    for role, col in columns.items():
        if role in labels:
            header[col] = labels[role]
    return header


def _unit_header(lines: list[str], top: int, end: int, rows: list[int], width: int) -> list[list[str]] | None:
    """The header rows of a per-unit table (each the next ``width`` lines from ``top``); None when its lines
    are not whole rows, or the body has fewer than two number columns (not a per-unit table)."""
    count, extra = divmod(end - top, width)
    if extra or not 1 <= count <= MAX_HEADER_ROWS:
        return None
    numbers = [sum(1 for start in rows if _NUMBER.match(lines[start + c].strip())) for c in range(2, width)]
    if sum(1 for n in numbers if n >= max(1, len(rows) / 2)) < 2:
        return None
    return [[lines[top + r * width + c].strip() for c in range(width)] for r in range(count)]


def _write(
    lines: list[str],
    span: tuple[int, int],
    headers: list[list[str]],
    rows: list[int],
    unaligned: list[tuple[int, int]],
) -> None:
    """The header's rows on its first lines, each row on its code's line, the lines they came from emptied.
    An unaligned row keeps its code and name, the rest goes to its last column: no value in a wrong place."""
    width = len(headers[0])
    for k in range(*span):
        lines[k] = ""
    for r, header in enumerate(headers):  # on consecutive lines, as a Word file's header rows are rendered
        lines[span[0] + r] = "\t".join(header)
    for start in rows:
        cells = [lines[start + c].strip() for c in range(width)]
        for c in range(width):
            lines[start + c] = ""
        lines[start] = "\t".join(cells)
    for start, end in unaligned:
        rest = " ".join(x.strip() for x in lines[start + 2 : end] if x.strip())
        cells = [lines[start].strip(), lines[start + 1].strip(), *([""] * (width - 3)), rest]
        for c in range(start, end):
            lines[c] = ""
        lines[start] = "\t".join(cells)


def _warnings(
    lines: list[str], width: int, unaligned: list[tuple[int, int]], stop: int | None
) -> list[tuple[str, str, str]]:
    out = [(
        "stacked_row_unaligned",
        f"the table row at line {start + 1}, written one cell per line, has more lines than the table's"
        f" {width} columns (a cell of two paragraphs?): its code and name are kept, its other cells (lines"
        f" {start + 3}–{end}) are put in its last column and no value is read from them",
        f"line {start + 1}",
    ) for start, end in unaligned]  # fmt: skip
    if stop is not None and _resumes(lines, stop, width):
        out.append((
            "stacked_table_ends",
            f"a table written one cell per line ends at line {stop + 1}: the row there does not start with a"
            f" code after {width} cells (a cell of two paragraphs?); the lines from there are read as text",
            f"line {stop + 1}",
        ))  # fmt: skip
    return out


def _first(text: str) -> bool:
    """The first column's label (STT)."""
    return len(text) < 12 and fold(text).replace(" ", "") in _FIRST


def _is_code(text: str) -> bool:
    return bool(_CODE.match(text.strip()))


def _form_heading(text: str) -> bool:
    return fold(text.strip()).startswith(("bieu mau", "phu luc"))


def _read(
    lines: list[str], top: int, widths: range = range(3, 9), max_header: int = MAX_HEADER_LINES
) -> tuple[int, int, list[int], int | None, list[tuple[int, int]]] | None:
    """(first body line, cells per row, each row's first line, where it ends, rows left as text) of the table whose
    header starts at ``top``; None when no width makes at least MIN_ROWS rows that start with a code."""
    n = len(lines)
    best: tuple[int, int, list[int], int | None, list[tuple[int, int]]] | None = None
    for body in range(top + 2, min(n, top + max_header)):
        if _form_heading(lines[body]) or _first(lines[body]) or "\t" in lines[body]:
            return None  # the header ran into another table's heading or header
        if not (_is_code(lines[body]) or _total_row_at(lines, body)):
            continue
        for width in widths:
            rows, stop, unaligned = _rows(lines, body, width)
            if len(rows) >= MIN_ROWS and (best is None or len(rows) > len(best[2])):
                best = (body, width, rows, stop, unaligned)
        if best is not None:
            return best  # the first line that starts a run of rows ends the header
    return None


def _rows(lines: list[str], start: int, width: int) -> tuple[list[int], int | None, list[tuple[int, int]]]:
    """(each row's first line from ``start``, where the table ends, rows left as text). A row starts with a
    code, or with an empty code cell (a sub-row, see :func:`_sub_row`). Where the pattern breaks inside the
    table (a cell of two paragraphs adds a line), the row before the break and the lines up to the next row
    are left as text and the table goes on from there."""
    rows: list[int] = []
    unaligned: list[tuple[int, int]] = []
    k, n = start, len(lines)
    while k + width <= n:
        if _row(lines, k, width):
            rows.append(k)
            k += width
            continue
        chunk = lines[k : k + width]
        ends = any(_form_heading(c) or _first(c) or "\t" in c for c in chunk)  # another table's heading or header
        again = _resync(lines, k, width) if rows and not ends else None
        if again is None:
            return rows, k, unaligned
        unaligned.append((rows.pop(), again))
        k = again
    return rows, (k if k < n else None), unaligned


def _row(lines: list[str], k: int, width: int) -> bool:
    chunk = lines[k : k + width]
    if "\t" in "".join(chunk) or any(_form_heading(c) or _first(c) for c in chunk):
        return False
    first = chunk[0].strip()
    if _is_code(first):
        # a row's name follows its code (a number there, or a code — 'I' after a column-number row's '9': the
        # rows slid)
        return _words(chunk[1]) and not _is_code(chunk[1])
    if _is_total(first) or (not first and _is_total(chunk[1])):  # a 'Tổng' row: over the code and name cells,
        return not (first and chunk[1].strip()) and any(_NUMBER.match(c.strip()) for c in chunk[2:])  # or in one
    return not first and any(_words(c) for c in chunk[1:3]) and not _is_code(chunk[1]) and _sub_row(lines, k, width)


def _is_total(text: str) -> bool:
    return len(text) < 20 and fold(text) in TOTAL_LABELS  # the labels the per-unit tables' reader takes


def _total_row_at(lines: list[str], k: int) -> bool:
    """A 'Tổng' row starts at line k, a body's first row: the label over the code and name cells, or in the name
    cell, and a number in the cell after them (a header's 'Tổng số' column is followed by another label)."""
    if k + 2 >= len(lines) or not _NUMBER.match(lines[k + 2].strip()):
        return False
    return _is_total(lines[k]) or (not lines[k].strip() and _is_total(lines[k + 1]))


def _words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _resync(lines: list[str], k: int, width: int) -> int | None:
    """The next line after a break (within a row's length) from which two rows follow, or one and the end."""
    for j in range(k + 1, min(len(lines), k + width + 1)):
        if _is_code(lines[j]) and _row(lines, j, width):
            after = j + width
            if after + width > len(lines) or _row(lines, after, width) or not any(lines[after : after + width]):
                return j
    return None


def _sub_row(lines: list[str], k: int, width: int) -> bool:
    """A row with an empty code cell: some cell filled, none a paragraph of prose, and the table goes on
    (a row with a code within four rows) or ends (only short rows like it until then)."""
    chunk = [c.strip() for c in lines[k : k + width]]
    if not any(chunk[1:]) or any(len(c) > MAX_SUB_ROW_CELL for c in chunk):
        return False
    for j in range(k + width, min(len(lines) - width + 1, k + 5 * width), width):
        if _is_code(lines[j]):
            return True
        if lines[j].strip() or _form_heading(lines[j + 1]) or not any(c.strip() for c in lines[j : j + width]):
            return False
    return True


def _resumes(lines: list[str], stop: int, width: int) -> bool:
    """Whether rows of the same width start again soon after the pattern broke (before any form heading):
    then the break is inside the table, not its end."""
    for k in range(stop, min(len(lines), stop + 2 * width)):
        if _form_heading(lines[k]) or _first(lines[k]):
            return False
        if k > stop and _is_code(lines[k]) and len(_rows(lines, k, width)[0]) >= 2:
            return True
    return False


def _columns(lines: list[str], rows: list[int], width: int) -> dict[str, int] | None:
    """Which column holds the names, units, values and notes, from what the body's cells are."""
    numbers = [0] * width
    length = [0] * width
    for start in rows:
        for c in range(1, width):
            cell = lines[start + c].strip()
            length[c] += len(cell)
            if _NUMBER.match(cell):
                numbers[c] += 1
    name = 1  # the column after the codes; columns between it and the units are sub-labels
    if not length[name]:
        return None
    value = max(range(name + 1, width), key=lambda c: numbers[c])
    if not numbers[value] or any(
        c != value and numbers[c] >= max(2, numbers[value] / 2) for c in range(name + 1, width)
    ):
        return None  # no number at all, or several number columns (a per-unit table): not an indicator form
    out = {"name": name, "value": value}
    if value - 1 > name:
        out["unit"] = value - 1
    if value + 1 < width:
        out["note"] = width - 1
    return out


def _labels(header: list[str]) -> dict[str, str]:
    """The header's own label for each role: for each of its words in order of preference, the first line
    that starts with it ("Số liệu" before the "Kết quả thống kê" merged above it)."""
    texts = [(line.strip(), fold(line.strip())) for line in header if line.strip()]
    found: dict[str, str] = {}
    for role, starts, contains in _ROLES:
        for word in (*contains, *starts):
            hit = next((t for t, f in texts if (word in f if word in contains else f.startswith(word))), None)
            if hit is not None:
                found[role] = hit
                break
    return found


__all__ = ["unstack_tables"]
