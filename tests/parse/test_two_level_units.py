"""Two-level local government (from 1/7/2025): communes, wards and special zones (xã, phường,
đặc khu) report directly to the province; a per-unit table without a district level gets no
district invented."""

from __future__ import annotations

import re

from pardw.parse.breakdown import unit_level
from pardw.parse.report import parse_report


def test_unit_levels_of_the_two_level_government():
    assert unit_level("Đặc khu Phú Quý") == "commune"
    assert unit_level("UBND xã Đạ Huoai") == "commune"
    assert unit_level("Phường Xuân Hương - Đà Lạt") == "commune"
    assert unit_level("UBND huyện Bảo Lâm") == "district"  # before 7/2025
    assert unit_level("Sở Tư pháp") == "department"


def test_communes_directly_under_the_province(sample_dir):
    """Cà Mau's Phụ lục 2 (dossiers per unit) rewritten for two levels: the district section and the
    district group rows inside the commune section removed, one commune renamed to a special zone."""
    lines = (sample_dir / "003_c3152b1089770077.txt").read_text(encoding="utf-8").split("\n")
    start, end = lines.index("II. CẤP HUYỆN"), lines.index("III. CẤP XÃ")
    lines = [*lines[:start], "II. CẤP XÃ", *lines[end + 1 :]]
    lines = [ln for ln in lines if not re.match(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\t(Thành phố|Huyện) ", ln)]
    text = "\n".join(lines).replace("Xã Lý Văn Lâm", "Đặc khu Hòn Khoai")
    cells = [b for b in parse_report(text, "two_level.txt").breakdowns if b.table == "Phụ lục 2"]
    units = {b.unit_name: (b.unit_level, b.parent) for b in cells if not b.is_total}
    assert units["Đặc khu Hòn Khoai"] == ("commune", "Cấp Xã")
    assert units["Xã Hòa Thành"] == ("commune", "Cấp Xã")
    assert units["Sở Tư pháp"] == ("department", "Cấp Tỉnh")
    assert not [b for b in cells if b.unit_level == "district" or (b.parent or "").startswith(("Huyện", "Thành phố"))]
    [zone] = [b for b in cells if b.unit_name == "Đặc khu Hòn Khoai" and b.measure.startswith("Số hồ sơ tiếp nhận")]
    assert zone.value == 789
