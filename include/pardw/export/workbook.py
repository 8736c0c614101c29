"""The Excel workbook: one sheet per view, numbers stored as numbers with Vietnamese number formats.

No cell from the data is ever a formula: a text that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return (OWASP's CSV/formula injection list; a file name like
``=HYPERLINK("//host/share", "open")`` reaches the "Chưa công bố" sheet) is stored as a text cell
with Excel's quote prefix, shown as written and never evaluated. Numbers, negative ones included,
stay numbers.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pardw.dashboard.formatting import excel_format, fmt_local_time, fmt_published
from pardw.export.views import Views

HEADER_FILL = PatternFill("solid", fgColor="1F6FB2")


def _cell_value(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _as_text_if_formula_like(cell) -> None:
    """A data cell whose text Excel or LibreOffice would read as a formula is kept as text."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_LEADS):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_workbook(views: Views, path: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for table in views.tables:
        ws = wb.create_sheet(table.sheet[:31])
        ws.append([table.title_vi])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(
            [f"{fmt_published(views.published_at)} · tạo lúc {fmt_local_time(views.generated_at)} · {table.help_en}"
             + "".join(f" · ⚠ {line}" for line in views.exceptions)]
        )  # fmt: skip
        ws["A2"].font = Font(italic=True, color="666666")
        columns = list(table.frame.columns)
        ws.append(columns)
        for i in range(1, len(columns) + 1):
            cell = ws.cell(row=3, column=i)
            _as_text_if_formula_like(cell)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for record in table.frame.itertuples(index=False):
            row = [_cell_value(v) for v in record]
            ws.append(row)
            r = ws.max_row
            for c in range(1, len(row) + 1):
                _as_text_if_formula_like(ws.cell(row=r, column=c))
            row_unit = record[columns.index(table.unit_column)] if table.unit_column else None
            for name, unit in table.units.items():
                c = columns.index(name)
                value = row[c]
                if isinstance(value, (int, float)):
                    ws.cell(row=r, column=c + 1).number_format = excel_format(
                        unit if unit is not None else row_unit, value
                    )
            for c, value in enumerate(row):
                if isinstance(value, date):
                    ws.cell(row=r, column=c + 1).number_format = "dd/mm/yyyy"
        for i, name in enumerate(columns, start=1):
            width = max([len(str(name))] + [len(str(v)) for v in table.frame.iloc[:200, i - 1].tolist()])
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A4"
    wb.save(path)
    return path
