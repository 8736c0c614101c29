"""A per-unit table whose "Tổng" row is printed at the top of the next page (a browser's print of pandoc's HTML of
sample 003: the last commune on page 59, the district's total on page 60). The first row of a page without an STT
is taken as the rest of a row the page break split; before, the total's numbers were joined to the commune's:
"Xã Khánh Bình Đông Tổng", 29,669,901 records to process (296 and 69.901 read as one number). A whole number on
both sides of the break is a row of its own."""

from __future__ import annotations

import shutil

import pytest

from pardw.bench.render import html_to_pdf
from pardw.parse.report import parse_bytes

HEAD = ("STT", "Đơn vị", "Tổng số hồ sơ phải xử lý", "Số hồ sơ xử lý đúng hạn", "Số hồ sơ xử lý trễ hạn")
COMMUNES = [("Xã Lợi An", 658, 658, 0), ("Xã Khánh Lộc", 600, 547, 2), ("Xã Khánh Hải", 168, 153, 1),
            ("Xã Khánh Bình Đông", 296, 286, 1)]  # fmt: skip


def _page(total_on_next_page: bool, split_name: bool = False) -> str:
    def tr(cells, tag="td", style=""):
        return f"<tr{style}>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"

    rows = [tr((k, name, *values)) for k, (name, *values) in enumerate(COMMUNES, 1)]
    if split_name:  # a tall row the page break splits: its name runs on at the top of the next page
        rows[-1] = tr((4, "Xã Khánh Bình Đông<br>" + "<br>".join(["thuộc huyện Trần Văn Thời"] * 40), 296, 286, 1))
    brk = " style='break-before: page'" if total_on_next_page else ""
    rows.append(tr(("", "Tổng", "1.722", "1.644", 4), style=brk))
    return f"""<html><head><meta charset="utf-8"><style>body {{ font-family: serif; margin: 2cm; }}
    table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid black; padding: 2px 6px; }}
    </style></head><body>
    <p>UBND TỈNH CÀ MAU</p><p>Số: 12/BC-UBND</p><p>BÁO CÁO</p>
    <p>Kết quả công tác cải cách hành chính quý I năm 2025</p>
    <p>1. Kết quả giải quyết hồ sơ của các xã</p>
    <table><thead>{tr(HEAD, "th")}</thead><tbody>{"".join(rows)}</tbody></table></body></html>"""


def _cells(html: str) -> dict[tuple[str, str], float | None]:
    report, _ = parse_bytes(html_to_pdf(html), "xa.pdf")
    return {(b.unit_name, b.measure): b.value for b in report.breakdowns}


@pytest.fixture(autouse=True)
def _chromium():
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        pytest.skip("chromium not installed (make install installs it)")


def test_a_total_row_at_the_top_of_the_next_page_is_a_row_of_its_own():
    same_page = _cells(_page(total_on_next_page=False))
    assert same_page[("Tổng", "Tổng số hồ sơ phải xử lý")] == 1722
    cells = _cells(_page(total_on_next_page=True))
    assert cells == same_page
    assert cells[("Xã Khánh Bình Đông", "Tổng số hồ sơ phải xử lý")] == 296
    assert cells[("Tổng", "Số hồ sơ xử lý đúng hạn")] == 1644


def test_a_row_split_by_the_page_break_is_still_put_together():
    cells = _cells(_page(total_on_next_page=False, split_name=True))
    name = next(u for u, m in cells if u.startswith("Xã Khánh Bình Đông"))
    assert name.endswith("thuộc huyện Trần Văn Thời")  # the rest of the name, from the next page, joined
    assert cells[(name, "Tổng số hồ sơ phải xử lý")] == 296
    assert cells[("Tổng", "Tổng số hồ sơ phải xử lý")] == 1722
