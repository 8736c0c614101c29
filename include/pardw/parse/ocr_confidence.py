"""Values read by OCR carry where they were read and how sure the reading is, and the report's own
arithmetic says whether it confirms or accuses them.

* ``ocr_confidence``: Tesseract's confidence (0..100) of the value's words, their lowest (for a table
  value, the cell it was read from, found on its page by the row's code or unit name and the value
  text; when no cell or word holds the value, the lowest confidence on the page: never more sure
  than the page).
* ``ocr_box``: ``"p. N: x0,top,x1,bottom"`` in points from the page's top left.
* ``ocr_check`` (appendix rows): ``confirmed`` when a parent's sum or a rate's counts hold with the
  value, ``accused`` when such a check fails (a failed check with a confident reading is the report's
  own disagreement, shown for review, never corrected), None when no check covers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import combinations

from pardw.parse.document_model import OcrText
from pardw.parse.records import Breakdown, Indicator, Narrative, ParsedReport, ParseWarning
from pardw.parse.text import TOTAL_LABELS, fold

_PAGE = re.compile(r"^p\. (\d+)")
CONFIRMED, ACCUSED = "confirmed", "accused"


def _key(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "").rstrip(".").lower()


def _digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


class _Pages:
    def __init__(self, texts: Iterable[OcrText]) -> None:
        self.pages: dict[int, list[OcrText]] = {}
        for t in texts:
            self.pages.setdefault(t.page, []).append(t)
        self.rows: dict[tuple[int, str], list[OcrText]] = {}
        for t in texts:
            if t.cell is not None:
                self.rows.setdefault((t.page, t.cell), []).append(t)

    def page_of(self, locator: str | None) -> int | None:
        m = _PAGE.match(locator or "")
        return int(m.group(1)) if m and int(m.group(1)) in self.pages else None

    def cell(self, page: int, value: str, row_keys: tuple[str | None, ...]) -> OcrText | None:
        """The cell holding ``value`` on ``page`` (or the next: a row the page break split), preferring
        one whose table row also holds one of ``row_keys`` (the code, the unit's name)."""
        want = _key(value)
        keys = {_key(k) for k in row_keys if k}
        for p in (page, page + 1):
            found = [t for t in self.pages.get(p, ()) if t.cell is not None and _key(t.text) == want]
            if not found:
                continue
            mine = [t for t in found if keys & {_key(o.text) for o in self.rows[(p, t.cell)]}]
            return min(mine or found, key=lambda t: t.conf)
        return None

    def words(self, page: int, value: str) -> OcrText | None:
        """The least sure word of the page whose digits are the value's."""
        want = _digits(value)
        if not want:
            return None
        found = [t for t in self.pages.get(page, ()) if _digits(t.text) == want]
        return min(found, key=lambda t: t.conf) if found else None

    def lowest(self, page: int) -> OcrText:
        return min(self.pages[page], key=lambda t: t.conf)


def _box(t: OcrText) -> str:
    return f"p. {t.page}: " + ",".join(f"{v:g}" for v in t.box)


def attach_ocr(report: ParsedReport, texts: list[OcrText]) -> None:
    """Every record read from an OCR'd page gets its confidence and box; appendix values their check."""
    if not texts:
        return
    pages = _Pages(texts)
    for rec in (*report.indicators, *report.breakdowns, *report.narratives):
        page = pages.page_of(rec.locator)
        if page is None or rec.raw_value is None:
            continue
        keys: tuple[str | None, ...] = ()
        if isinstance(rec, Indicator):
            keys = (rec.code, rec.unit)
        elif isinstance(rec, Breakdown):
            keys = (rec.unit_name,)
        found = None if isinstance(rec, Narrative) else pages.cell(page, rec.raw_value, keys)
        found = found or pages.words(page, rec.raw_value) or pages.lowest(page)
        rec.ocr_confidence = found.conf
        rec.ocr_box = _box(found)
    check_arithmetic(report.indicators)
    report.warnings.extend(check_codes(report.indicators, report.document.file))
    check_row_sums(report.breakdowns)
    check_column_sums(report.breakdowns)


# ---------------------------------------------------------------- the report's own arithmetic


def _decimals(raw: str | None) -> int:
    m = re.search(r"[.,](\d{1,3})\s*%?\s*$", raw or "")
    return len(m.group(1)) if m and len(m.group(1)) != 3 else 0


def _is_rate(r: Indicator) -> bool:
    return (r.unit or "").strip() == "%" or (r.name or "").lower().startswith("tỷ lệ")


def check_arithmetic(rows: list[Indicator]) -> None:
    """Sets ``ocr_check`` on the OCR'd appendix values a check covers: a rate row whose two count
    children give it (smaller / larger × 100, to the printed precision), and a count row equal to the
    sum of its count children in the same unit."""
    verdicts: dict[int, set[str]] = {}
    by_parent: dict[tuple[str | None, str], list[Indicator]] = {}
    for r in rows:
        if r.parent_code and r.value is not None and not r.is_group:
            by_parent.setdefault((r.form, _key(r.parent_code)), []).append(r)
    for parent in rows:
        if parent.value is None or parent.code is None:
            continue
        checked = _check(parent, by_parent.get((parent.form, _key(parent.code)), []))
        if checked is None:
            continue
        holds, members = checked
        for m in members:
            verdicts.setdefault(id(m), set()).add(CONFIRMED if holds else ACCUSED)
    for r in rows:
        seen = verdicts.get(id(r))
        if seen and r.ocr_confidence is not None:
            r.ocr_check = CONFIRMED if CONFIRMED in seen else ACCUSED


def check_codes(rows: list[Indicator], file: str) -> list[ParseWarning]:
    """An OCR'd appendix row whose code does not follow the group row in force ('9.1.', '9.1.1.' under the group
    '5', where OCR read a 5 as a 9) is ``accused``, whatever its arithmetic says (misread codes can still add up),
    with a warning naming the code: its value may stand on another row's code. A Roman-numeral section row starts
    afresh; a code under the next group (a group row the report leaves out: '2.1.' after '1.3.') is in sequence."""
    out = []
    form, group = None, None
    for r in rows:
        key = _key(r.code)
        if r.form != form:
            form, group = r.form, None
        if not key or not key[0].isdigit():
            if r.is_group:  # a section row ('II. Cải cách thể chế', its numeral perhaps misread): numbering restarts
                group = None
            continue
        head = key.split(".")[0]
        if "." not in key or group is None or head == group or (head.isdigit() and int(head) == int(group) + 1):
            group = head  # a group row (its own code, even a misread one, is judged by its rows' codes)
            continue
        if r.ocr_confidence is None:  # read from a text layer: the code is as printed
            continue
        r.ocr_check = ACCUSED
        out.append(ParseWarning(file, "ocr_code_out_of_sequence",
                                f"{r.form}: mã số (code) '{r.code}' read by OCR does not follow the group row "
                                f"'{group}' above it: the code may be misread and its value stand on another row's "
                                "code; flagged for review", r.line, r.locator))  # fmt: skip
    return out


ACCUSED_FLAG = "ocr_accused"  # a per-unit cell's flag: a column sum of its table that holds elsewhere fails on its row
_MIN_ROWS, _HOLDS = 4, 0.9


def check_row_sums(cells: list[Breakdown]) -> None:
    """Per-unit tables read by OCR: a column that is the sum of two or three others on nine rows in ten (and on
    at least four, two terms non-zero on two of them: 'phải xử lý' = 'tiếp nhận' + 'tồn chuyển sang', = 'đúng
    hạn' + 'trễ hạn' + 'còn hạn') accuses the cells of the rows where it fails (flag ``ocr_accused``): one of
    them is misread ('9.657' for '5.657' at confidence 88), or the report disagrees with itself; either way a
    steward looks. Only rows read by OCR are accused; a relation is learnt from the table's own rows."""
    for rows in _tables(cells):
        learnt = {rel for full in _complete(rows) for rel in _sums(full)}
        for total, terms in learnt:
            for row in rows:
                if total not in row or any(t not in row for t in terms):
                    continue
                if abs(row[total].value - sum(row[t].value for t in terms)) > 0.5:  # type: ignore[operator,misc]
                    for c in (row[total], *(row[t] for t in terms)):
                        if c.ocr_confidence is not None and ACCUSED_FLAG not in c.flags:
                            c.flags.append(ACCUSED_FLAG)


def check_column_sums(cells: list[Breakdown]) -> None:
    """Per-unit tables read by OCR: a group row ('Huyện U Minh', 'I. CẤP TỈNH') is the sum of its units and a
    'Tổng' row the sum of the rows above it (its groups when it has any) on at least two columns; a column
    where that sum fails accuses its cells in those rows (flag ``ocr_accused``). A misreading repeated along a
    row ('5.917', '5.913', '5.916' all read with a 9) keeps the row's own sums; the column sum finds it."""
    rows: dict[tuple[str, int], dict[str, Breakdown]] = {}
    for c in cells:
        if c.value is not None and not _is_rate_cell(c):
            rows.setdefault((c.table, c.line), {})["".join(fold(c.measure).split())] = c
    ordered = sorted(rows.items())
    for k, ((table, _line), row) in enumerate(ordered):
        head = next(iter(row.values()))
        if not head.is_total:
            continue
        members = _members(ordered, k, table, head)
        checks = {m: [r[m] for r in members] for m in row if members and all(m in r for r in members)}
        failed = [m for m, col in checks.items() if abs(sum(c.value for c in col) - row[m].value) > 0.5]  # type: ignore[misc]
        held = [m for m in checks if m not in failed and row[m].value]  # a column of zeros proves nothing
        if len(held) < 2:
            continue  # not a sum of these rows
        for m in failed:
            for c in (row[m], *checks[m]):
                if c.ocr_confidence is not None and ACCUSED_FLAG not in c.flags:
                    c.flags.append(ACCUSED_FLAG)


def _is_rate_cell(c: Breakdown) -> bool:
    return "%" in (c.raw_value or "") or fold(c.measure).startswith("ty le")


def _members(ordered, k: int, table: str, head: Breakdown) -> list[dict[str, Breakdown]]:
    """The rows a total row sums: a group row's units (after it, naming it as their parent); a 'Tổng' row's
    rows since the table's previous 'Tổng' or the first row with another column (its group rows when it has
    any)."""
    if fold(head.unit_name) not in TOTAL_LABELS:
        out = []
        for (t, _l), r in ordered[k + 1 :]:
            first = next(iter(r.values()))
            if t != table or first.is_total:
                break
            if first.parent == head.unit_name:
                out.append(r)
        return out
    before = []
    columns = set(ordered[k][1])
    for (t, _l), r in reversed(ordered[:k]):
        first = next(iter(r.values()))
        if t != table or (first.is_total and fold(first.unit_name) in TOTAL_LABELS):
            break
        if set(r) - columns:
            break  # a column the total row does not have: another table under the same label
        before.append(r)
    groups = [r for r in before if next(iter(r.values())).is_total]
    return groups or before


def _tables(cells: list[Breakdown]) -> list[list[dict[str, Breakdown]]]:
    """The OCR'd per-unit tables' rows ({measure folded: cell}, the cells with a value), by table label (names
    folded: OCR misreads a header's marks differently on each page)."""
    rows: dict[tuple[str, int], dict[str, Breakdown]] = {}
    for c in cells:
        if c.value is not None:
            rows.setdefault((c.table, c.line), {})["".join(fold(c.measure).split())] = c
    tables: dict[str, list[dict[str, Breakdown]]] = {}
    for (table, _line), row in rows.items():
        tables.setdefault(table, []).append(row)
    return [t for t in tables.values() if any(c.ocr_confidence is not None for r in t for c in r.values())]


def _complete(rows: list[dict[str, Breakdown]]) -> list[list[dict[str, Breakdown]]]:
    """The rows grouped by their columns, groups of at least four rows (where a relation is learnt)."""
    groups: dict[tuple[str, ...], list[dict[str, Breakdown]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return [g for g in groups.values() if len(g) >= _MIN_ROWS]


def _sums(rows: list[dict[str, Breakdown]]) -> list[tuple[str, tuple[str, ...]]]:
    """(total, terms) of the column sums that hold on the table's rows."""
    measures = sorted(rows[0])
    if len(measures) > 14:
        return []
    values = {m: [r[m].value for r in rows] for m in measures}
    out: list[tuple[str, tuple[str, ...]]] = []
    for total in measures:
        for size in (2, 3):
            for terms in combinations([m for m in measures if m != total], size):
                if any(t == total and set(ts) < set(terms) for t, ts in out):
                    continue  # a column of (nearly) zeros added to a sum that holds without it
                holds = [k for k, v in enumerate(values[total]) if abs(v - sum(values[t][k] for t in terms)) <= 0.5]
                mixed = sum(1 for k in holds if sum(1 for t in terms if values[t][k]) >= 2)
                every = all(any(values[t][k] for k in holds) for t in terms)  # each term non-zero somewhere
                if len(holds) >= max(_MIN_ROWS, _HOLDS * len(rows)) and mixed >= 2 and every:
                    out.append((total, terms))
    return out


def _check(parent: Indicator, kids: list[Indicator]) -> tuple[bool, list[Indicator]] | None:
    """(whether the check holds, the rows it covers) for one parent row, or None when no check applies."""
    assert parent.value is not None
    if _is_rate(parent):
        counts = [k for k in kids if not _is_rate(k)]
        if len(counts) != 2:
            return None
        a, b = sorted(k.value for k in counts)  # type: ignore[type-var]
        if not b:
            return None
        tol = max(10.0 ** -_decimals(parent.raw_value), 0.01)
        return abs(a / b * 100 - parent.value) <= tol, [parent, *counts]
    counts = [k for k in kids if not _is_rate(k) and _key(k.unit) == _key(parent.unit)]
    if len(counts) < 2:
        return None
    return abs(sum(k.value for k in counts) - parent.value) < 1e-6, [parent, *counts]  # type: ignore[misc]


def flagged(rec: Indicator | Breakdown | Narrative, min_confidence: float) -> bool:
    """A value a steward must look at: read with a low confidence, or accused by the arithmetic. A check
    that holds does not clear a low confidence: a sum can hold by chance ('07' read for '0' in a row whose
    parent was itself misread the same way)."""
    if rec.ocr_confidence is None:
        return False
    accused = getattr(rec, "ocr_check", None) == ACCUSED or ACCUSED_FLAG in getattr(rec, "flags", ())
    return rec.ocr_confidence < min_confidence or accused


__all__ = [
    "ACCUSED",
    "ACCUSED_FLAG",
    "CONFIRMED",
    "attach_ocr",
    "check_arithmetic",
    "check_codes",
    "check_column_sums",
    "check_row_sums",
    "flagged",
]
