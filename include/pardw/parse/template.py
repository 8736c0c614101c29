"""The reporting template a report declares it follows.

Reports name the ministry's guidance in their opening paragraph: "Thực hiện Công văn số
581/BNV-CCHC ngày 21/02/2022 ..." (the 2022 template) or "Thực hiện Công văn số 4625/BNV-CCHC
ngày 02/7/2025 ..." (the 2025 template for the two-level local government). Other Công văn of
the ministry cited nearby (12094/BNV-CCHC ...) are not templates.
"""

from __future__ import annotations

import re

from pardw.parse.text import fold, strip_markup

TEMPLATES = ("581", "4625")  # indicator_template_row.template
_CITED = re.compile(r"cong van\s*(?:so)?\s*:?\s*(\d{3,5})\s*/\s*bnv\s*-\s*cchc")


def declared_template(lines: list[str]) -> str | None:
    """The first known template cited in the opening lines, or None."""
    for line in lines:
        if "BNV" not in line and "bnv" not in line:
            continue
        for m in _CITED.finditer(fold(strip_markup(line.replace("**", " ")))):
            if m.group(1) in TEMPLATES:
                return m.group(1)
    return None


__all__ = ["TEMPLATES", "declared_template"]
