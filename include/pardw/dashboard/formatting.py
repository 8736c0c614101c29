"""Numbers the Vietnamese way: '.' groups thousands, ',' marks decimals (1.993; 96,91 %).

Pure functions, shared by the dashboard and the exports. ``None`` (an empty cell: unknown,
not zero) is shown as an em dash.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

MISSING = "—"


def _plain(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}"  # 1,993.50 -> swap the separators
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return ("-" if value < 0 and text.strip("0.,") else "") + text


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | None, decimals: int | None = None) -> str:
    """1993 -> '1.993'; 51.35 -> '51,35'; 52.5 -> '52,5'. Without ``decimals``: at most 2, trailing zeros dropped."""
    if _is_missing(value):
        return MISSING
    if decimals is not None:
        return _plain(float(value), decimals)
    text = _plain(float(value), 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def fmt_percent(value: float | None, decimals: int | None = None) -> str:
    """A rate in percentage points: 96.91 -> '96,91 %'; 52.5 -> '52,5 %'; 100 -> '100 %'."""
    if _is_missing(value):
        return MISSING
    return f"{fmt_number(value, decimals)} %"


def fmt_value(value: float | None, unit: str | None) -> str:
    """A value with its unit as printed in the report: '%' becomes a percentage, other units a number."""
    if unit and unit.strip() == "%":
        return fmt_percent(value)
    return fmt_number(value)


def fmt_change(delta: float | None, unit: str | None) -> str:
    """A change from the previous period with its sign: '+1.234', '-0,5 điểm %' (percentage points)."""
    if _is_missing(delta):
        return MISSING
    sign = "+" if delta > 0 else ("-" if delta < 0 else "±")
    magnitude = fmt_number(abs(float(delta)))
    if unit and unit.strip() == "%":
        return f"{sign}{magnitude} điểm %"
    return f"{sign}{magnitude}"


def excel_format(unit: str | None, value: float | None = None) -> str:
    """The Excel number format for a value, showing what fmt_value shows: Vietnamese locale tag, at most two
    decimals with trailing zeros dropped (99,1 %; 96,91 %; 100 %), '%' rates as '96,91 %' (value kept as 96.91)."""
    decimals = 0
    if value is not None and not _is_missing(value):
        text = f"{abs(float(value)):.2f}".rstrip("0")
        decimals = len(text.split(".")[1]) if "." in text else 0
    number = "#,##0" + ("." + "0" * decimals if decimals else "")
    if unit and unit.strip() == "%":
        return f'[$-42A]{number}" %"'
    return f"[$-42A]{number}"


VIETNAM_TIME = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # UTC+7 all year (no daylight saving)


def fmt_local_time(moment: datetime | None) -> str:
    """A moment in Vietnam's time, the Vietnamese way: '14:05 ngày 06/12/2026 (giờ Việt Nam)'; naive = UTC."""
    if moment is None or moment != moment:  # None or NaT
        return MISSING
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(VIETNAM_TIME)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y} (giờ Việt Nam)"


def fmt_published(moment: datetime | None) -> str:
    """The line every page and export opens with: when the data it shows were published."""
    if moment is None or moment != moment:
        return "Chưa có lần công bố số liệu nào (nothing published yet)."
    return f"Số liệu công bố lúc {fmt_local_time(moment)}"


def fmt_exceptions(forced: bool, force_reason: str | None, exceptions: list[dict] | None) -> list[str]:
    """What a reader must know about a publication made with an override or with accepted blocking findings,
    one line each ("Công bố có ngoại lệ": which finding, who, why); nothing for an ordinary publication."""
    lines = []
    if forced:
        lines.append(f"Công bố có ngoại lệ (published with an override): công bố bắt buộc qua cổng kiểm tra, lý do:"
                     f" {force_reason or '(không ghi)'}")  # fmt: skip
    for e in exceptions or []:
        lines.append(
            f"Công bố có ngoại lệ (published with an accepted blocking finding): phát hiện {e.get('finding_key')}"
            f" ({e.get('rule')}) tại {e.get('file_name')}:{e.get('line')} — {e.get('message') or ''} — được"
            f" {e.get('decided_by')} chấp nhận (accepted), lý do: {e.get('reason')}"
        )
    return lines


_PERIOD_LABELS = {"Q1": "Quý I", "Q2": "Quý II", "Q3": "Quý III", "Q4": "Quý IV", "H1": "6 tháng đầu năm",
                  "9M": "9 tháng", "FY": "Năm"}  # fmt: skip


def period_label(period_key: str) -> str:
    """'H1-2023' -> '6 tháng đầu năm 2023'; 'Q3-2020' -> 'Quý III/2020'; 'FY-2022' -> 'Năm 2022'."""
    kind, _, year = period_key.partition("-")
    name = _PERIOD_LABELS.get(kind)
    if not name or not year:
        return period_key
    return f"{name}/{year}" if kind.startswith("Q") else f"{name} {year}"


_VI_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn (on a/e/o/u)


def vi_sort_key(text: str) -> tuple:
    """Vietnamese alphabetical order (a ă â b c d đ e ê …; tones only break ties): Đà Nẵng after Cà Mau,
    before Gia Lai — not after Z as in code-point order."""
    import unicodedata

    letters, tones = [], []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if unicodedata.combining(ch):
            if ch in _LETTER_MARKS and letters:
                base = letters[-1]
                letters[-1] = {"ă": {"a": "ă"}, "â": {"a": "â", "e": "ê", "o": "ô"}, "ơ": {"o": "ơ", "u": "ư"}}[
                    _LETTER_MARKS[ch]
                ].get(base, base)
            else:
                tones.append(ord(ch))
            continue
        letters.append(ch)

    def rank(c: str) -> int:  # a word before its continuations: "Cà Mau" < "Cao Bằng"
        return 0 if c.isspace() else (_VI_ALPHABET.index(c) + 1 if c in _VI_ALPHABET else 100 + ord(c))

    return tuple(rank(c) for c in letters), tuple(tones)
