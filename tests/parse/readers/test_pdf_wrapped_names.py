"""A per-unit table printed by a browser (pandoc's HTML, a site's page): no ruling lines, the unit names wrapped
over several lines in a narrow column, every cell centred vertically in its row, the header printed again at
the top of every page (``<thead>``).

Before: where most names wrap over an even number of lines, the values sit half a line off the name's lines and
half a line is the commonest gap between lines, so each printed line was a row: 0 of 120 cells right, 102 on a
wrong unit ('Quách Phẩm Bắc 1 Thị'); the first line of the header repeated on every page was dropped as a
running header (measures 'hồ sơ xử lý đúng hạn' instead of 'Số hồ sơ xử lý đúng hạn'), and a name's last line
that is a number at the foot of a page ('28' of 'Xã Thanh Tùng 28') was dropped as the page number."""

from __future__ import annotations

import shutil

import pytest

from pardw.bench.render import html_to_pdf
from pardw.parse.report import parse_bytes

MEASURES = ("Tổng số hồ sơ phải xử lý trong kỳ", "Số hồ sơ xử lý đúng hạn và trước hạn", "Số hồ sơ còn trong hạn xử lý")
NAMES = ("Xã Tạ An Khương", "Xã Quách Phẩm Bắc", "Thị trấn Sông Đốc", "Xã Khánh Bình Tây", "Xã Thanh Tùng Mới")
PROSE = """<p><b>ỦY BAN NHÂN DÂN TỈNH CÀ MAU</b></p><p>Số: 162/BC-UBND</p><p>Cà Mau, ngày 14 tháng 6 năm 2022</p>
<p><b>BÁO CÁO</b></p><p><b>Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2022</b></p>
<p>Công tác cải cách hành chính được quan tâm, chỉ đạo thường xuyên trên tất cả các lĩnh vực.</p>
<p>Phụ lục 2</p><p>KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH CẤP XÃ</p>"""


def _rows(n: int) -> list[tuple[int, str, int, int, int]]:
    return [(k, f"{NAMES[k % len(NAMES)]} {k}", 100 + 7 * k, 90 + 5 * k, k % 9) for k in range(1, n + 1)]


def _page(rows, widths: tuple[str, ...] | None) -> str:
    head = "<tr><th>STT</th><th>Đơn vị</th>" + "".join(f"<th>{m}</th>" for m in MEASURES) + "</tr>"
    body = "".join(f"<tr><td>{k}</td><td>{n}</td><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for k, n, a, b, c in rows)
    cols = "".join(f"<col style='width:{w}'>" for w in widths) if widths else ""
    layout = "table-layout: fixed;" if widths else ""
    return f"""<html><head><meta charset="utf-8"><style>
body {{ font-family: serif; font-size: 12pt; margin: 2cm; }}
table {{ border-collapse: collapse; {layout} }} th, td {{ padding: 0.3em 0.6em; }}
thead {{ border-top: 1px solid; border-bottom: 1px solid; }} tbody {{ border-bottom: 1px solid; }}
</style></head><body>{PROSE}
<table><colgroup>{cols}</colgroup><thead>{head}</thead><tbody>{body}</tbody></table></body></html>"""


@pytest.mark.parametrize(
    "widths",
    [
        ("3.6em", "4.2em", "4.6em", "4.6em", "4.6em"),  # names over four lines, the header over five
        None,  # the browser's own widths: names over up to five lines, some ending in their number at a page foot
    ],
    ids=["narrow-fixed", "browser-widths"],
)
def test_every_cell_of_a_printed_table_is_on_its_unit_and_measure(widths):
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        pytest.skip("chromium not installed (make install installs it)")
    rows = _rows(40 if widths else 48)
    report, _ = parse_bytes(html_to_pdf(_page(rows, widths)), "phu_luc_2.pdf")
    got = {(b.unit_name, b.measure): b.value for b in report.breakdowns}
    want = {(name, m): float(v) for _k, name, *values in rows for m, v in zip(MEASURES, values, strict=True)}
    assert {k: v for k, v in got.items() if k not in want} == {}  # no cell on a wrong unit or measure
    assert got == want
    # the table spans pages: the row 'Xã Tạ An Khương 20' is on its page, read from its centred line
    cell = next(b for b in report.breakdowns if b.unit_name == f"{NAMES[0]} 20" and b.measure == MEASURES[0])
    assert cell.value == 240 and cell.locator.startswith("p. ")
