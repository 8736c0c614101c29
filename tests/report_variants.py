"""Reports generated from a real sample by editing its text: another province, another period,
other values. The sample (Kiên Giang, 6 tháng đầu năm 2023, Biểu mẫu 1-7 of Công văn 581) keeps
its layout, so every edited value stays on the sample's line."""

from __future__ import annotations

from pathlib import Path

SAMPLE = "000_d49b38bb6fe27dd3.txt"  # UBND tỉnh Kiên Giang, H1 2023, 240/BC-UBND
TITLE = "**Công tác cải cách hành chính 6 tháng đầu năm**  \n**và chương trình công tác 6 tháng cuối năm 2023**"
DATE = "ngày 19 tháng 6 năm 2023"

# lines of the sample's appendix rows (Biểu mẫu 1 and 3)
LINE = {
    "i.2.1": 404,  # Số nhiệm vụ đề ra trong kế hoạch: 37
    "i.2.2": 405,  # Số nhiệm vụ đã hoàn thành: 19
    "iii.3.1": 465,  # Tỷ lệ hồ sơ ... sở, ngành ... đúng hạn: 98,5
    "iii.3.1.1": 469,  # Tổng số hồ sơ TTHC đã giải quyết xong: 33,825
    "iii.3.1.2": 470,  # Số hồ sơ TTHC giải quyết đúng hạn: 33,316
}

PERIOD_TITLES = {
    "Q1": "quý I năm {year}",
    "H1": "6 tháng đầu năm {year}",
    "9M": "9 tháng năm {year}",
    "FY": "năm {year}",
}
PERIOD_DATES = {"Q1": "ngày 15 tháng 3 năm {year}", "H1": "ngày 15 tháng 6 năm {year}",
                "9M": "ngày 15 tháng 9 năm {year}", "FY": "ngày 15 tháng 12 năm {year}"}  # fmt: skip


def variant(
    sample_dir: Path,
    *,
    province: str = "Kiên Giang",
    period: str = "H1",
    year: int = 2023,
    values: dict[int, str] | None = None,
    opening: str | None = None,
    template: str | None = None,
) -> str:
    """The sample's text for another province, period and year, with ``values`` (line -> cell as
    printed) replacing the Số liệu cell of those lines; ``opening`` is appended to the opening
    paragraph; ``template`` replaces the cited Công văn 581/BNV-CCHC."""
    text = (sample_dir / SAMPLE).read_text(encoding="utf-8")
    assert TITLE in text and DATE in text
    text = text.replace(TITLE, f"**Công tác cải cách hành chính {PERIOD_TITLES[period].format(year=year)}**  \n"
                               "**và phương hướng, nhiệm vụ kỳ tiếp theo**")  # fmt: skip
    text = text.replace(DATE, PERIOD_DATES[period].format(year=year))
    text = text.replace("Kiên Giang", province)
    if template == "4625":
        text = text.replace("Công văn số 581/BNV-CCHC ngày 21/02/2022", "Công văn số 4625/BNV-CCHC ngày 02/7/2025")
    lines = text.split("\n")
    if opening:
        [idx] = [i for i, line in enumerate(lines[:20]) if line.startswith("Thực hiện Công văn")]
        lines[idx] += " " + opening
    for line, raw in (values or {}).items():
        cells = lines[line - 1].split("\t")
        cells[3] = raw
        lines[line - 1] = "\t".join(cells)
    return "\n".join(lines)
