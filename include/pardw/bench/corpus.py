"""A realistic synthetic corpus: N report files derived from the samples, deterministic from a seed.

Each file takes a sample as template and changes what differs between real reports: the
province (from the 63 units before 1/7/2025, the 34 after), the period and year (2020-2026),
the report number and date, the thousands separator, and the appendix values, perturbed
consistently: leaf counts are scaled, parents recomputed as the sum of their children and
rates as part / total x 100, so a clean generated report has no reconciliation finding. A
small share of files is broken on purpose (empty, binary, truncated, not a report) and some
good ones are re-encoded (UTF-16, Windows-1258) as Vietnamese offices send them.
"""

from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from pardw.config import REFERENCE_DIR, SAMPLE_REPORTS_DIR
from pardw.parse.decode import encode_windows_1258
from pardw.parse.numbers import unit_kind
from pardw.parse.records import Indicator
from pardw.parse.report import parse_report

TEMPLATES = ("000_d49b38bb6fe27dd3.txt", "001_04942a727d49f9a1.txt", "003_c3152b1089770077.txt")
PERIODS = {
    "Q1": ("quý I", 3), "Q2": ("quý II", 6), "Q3": ("quý III", 9), "Q4": ("quý IV", 12),
    "H1": ("6 tháng đầu năm", 6), "9M": ("9 tháng", 9), "FY": ("năm", 12),
}  # fmt: skip
BROKEN_KINDS = ("empty", "binary", "truncated", "not_a_report")


@dataclass(slots=True)
class CorpusFile:
    name: str
    template: str | None
    province: str | None  # the unit in force for the period (one of the 63 before 7/2025, of the 34 after)
    period_type: str | None
    year: int | None
    encoding: str = "utf-8"
    broken: str | None = None
    expected: dict[str, float] = field(default_factory=dict)  # line of the text (as text) -> appendix value
    format: str = "txt"  # txt | docx | pdf: the same report rendered as the file offices send


@dataclass(slots=True)
class CorpusManifest:
    seed: int
    files: list[CorpusFile]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps({"seed": self.seed, "files": [asdict(f) for f in self.files]}, ensure_ascii=False,
                                   indent=1), encoding="utf-8")  # fmt: skip


def _provinces() -> tuple[list[str], list[str]]:
    """The names of the 63 units before 1/7/2025 and of the 34 after ("Thành phố " left off)."""
    with (REFERENCE_DIR / "provinces_63.csv").open(encoding="utf-8") as fh:
        old = [r["name"] for r in csv.DictReader(fh)]
    with (REFERENCE_DIR / "province_merger_2025.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # each new unit has one row whose old code is its own code
    new = {r["new_name"].removeprefix("Thành phố ") for r in rows if r["new_code_equals_old_code"] == "yes"}
    return old, sorted(new)


def _fmt(value: float, unit: str | None, style: str) -> str:
    if unit_kind(unit) == "rate":
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if style == "vi" else text
    n = round(value)
    grouped = f"{n:,}"
    return grouped.replace(",", ".") if style == "vi" else grouped


@lru_cache(maxsize=8)
def _parsed(template: str):
    return parse_report((SAMPLE_REPORTS_DIR / template).read_text(encoding="utf-8"), template)


def _perturb(text: str, name: str, rng: random.Random, style: str) -> tuple[str, dict[str, float]]:
    """Scale leaf counts, recompute parent sums and rates, and write the cells back in place."""
    report = _parsed(name)
    lines = text.split("\n")
    factor = rng.uniform(0.6, 1.6)
    kids: dict[tuple[str | None, str], list[Indicator]] = {}
    for r in report.indicators:
        if r.parent_code:
            kids.setdefault((r.form, r.parent_code), []).append(r)
    values = _perturbed_values(report.indicators, kids, factor)
    expected = {}
    for r in report.indicators:
        if r.line in values and r.raw_value:
            lines[r.line - 1] = _replace_cell(lines[r.line - 1], r.raw_value, _fmt(values[r.line], r.unit, style))
            expected[str(r.line)] = values[r.line]
    return "\n".join(lines), expected


def _perturbed_values(
    rows: list[Indicator], kids: dict[tuple[str | None, str], list[Indicator]], factor: float
) -> dict[int, float]:
    """Line -> new value: leaf counts scaled, a parent whose children summed to it set to their new sum,
    a rate over two children set to the second / the first x 100."""
    values: dict[int, float] = {}
    for r in rows:
        if r.value is not None and unit_kind(r.unit) == "count" and not kids.get((r.form, r.code or "")):
            values[r.line] = float(round(r.value * factor))
    for r in reversed(rows):  # children come after their parent
        ch = [k for k in kids.get((r.form, r.code or ""), []) if k.line in values]
        if r.value is None or not ch:
            continue
        if unit_kind(r.unit) == "count" and all(k.unit == r.unit for k in ch) and len(ch) >= 2:
            if abs(sum(k.value or 0 for k in ch) - r.value) < 0.5:  # only where the template's own sum held
                values[r.line] = sum(values[k.line] for k in ch)
        elif unit_kind(r.unit) == "rate" and len(ch) == 2 and values[ch[0].line] > 0:
            values[r.line] = round(100.0 * values[ch[1].line] / values[ch[0].line], 2)
    return values


def _replace_cell(line: str, raw: str, new: str) -> str:
    """The tab line with its first cell that reads ``raw`` replaced by ``new``."""
    cells = line.split("\t")
    for i, c in enumerate(cells):
        if c.strip() == raw:
            cells[i] = new
            break
    return "\t".join(cells)


_PERIOD_PHRASE = re.compile(r"0?6 tháng (?:đầu|cuối) năm|0?9 tháng|[Qq]uý (?:IV|III|II|I)\b")
_YEAR_PHRASE = re.compile(r"năm 20\d\d")


def _rewrite_header(text: str, template: str, province: str, ptype: str, year: int, number: int, rng: random.Random,
                    glued: bool) -> str:  # fmt: skip
    label, month = PERIODS[ptype]
    src = {"000_d49b38bb6fe27dd3.txt": "Kiên Giang", "001_04942a727d49f9a1.txt": "Hà Giang",
           "003_c3152b1089770077.txt": "Cà Mau"}[template]  # fmt: skip
    text = text.replace(src, province).replace(src.upper(), province.upper())
    text = re.sub(
        r"Số:\s*\*?\s*\d+\s*\*?\s*/", f"Số: {'*' if glued else ''}{number}{'*' if glued else ''} /", text, count=1
    )
    text = re.sub(r"ngày\s*\*?\d{1,2}\*?\s*tháng\s*\*?\d{1,2}\*?\s*năm\s*\d{4}",
                  f"ngày {rng.randint(5, 28)} tháng {month} năm {year}", text, count=1)  # fmt: skip
    start = text.find("BÁO CÁO")
    end = start + 260
    title = text[start:end]
    new_label = f"năm {year}" if ptype == "FY" else label
    first = [True]

    def period(m: re.Match) -> str:
        if first[0]:
            first[0] = False
            return new_label
        return "kỳ tiếp theo"

    title = _PERIOD_PHRASE.sub(period, _YEAR_PHRASE.sub(f"năm {year}", title))
    return text[:start] + title + text[end:]


def generate_corpus(
    out_dir: Path, n: int, seed: int = 42, broken_share: float = 0.02, docx_share: float = 0.0, pdf_share: float = 0.0
) -> CorpusManifest:
    """``docx_share`` / ``pdf_share`` of the good reports are written as Word files (python-docx) or PDF
    (LibreOffice from that Word file) instead of text; their ``expected`` values keep the text's lines."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    old, new = _provinces()
    sources = {t: (SAMPLE_REPORTS_DIR / t).read_text(encoding="utf-8") for t in TEMPLATES}
    files: list[CorpusFile] = []
    for i in range(n):
        name = f"r{i:06d}.txt"
        path = out_dir / name
        if rng.random() < broken_share:
            kind = BROKEN_KINDS[i % len(BROKEN_KINDS)]
            data = {
                "empty": b"",
                "binary": b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(2000)),
                "truncated": sources[TEMPLATES[0]].encode("utf-8")[:3000].decode("utf-8", "ignore").encode()
                + "ế".encode()[:2],
                "not_a_report": ("Biên bản họp tổ dân phố, không phải báo cáo.\n" * 50).encode("utf-8"),
            }[kind]
            path.write_bytes(data)
            files.append(CorpusFile(name, None, None, None, None, broken=kind))
            continue
        template = rng.choice(TEMPLATES)
        year = rng.randint(2020, 2026)
        ptype = rng.choice(tuple(PERIODS))
        after_merger = (year, PERIODS[ptype][1]) >= (2025, 7)
        province = rng.choice(new if after_merger else old)
        style = "vi" if rng.random() < 0.7 else "en"
        text, expected = _perturb(sources[template], template, rng, style)
        text = _rewrite_header(
            text, template, province, ptype, year, rng.randint(1, 999), rng, glued=rng.random() < 0.2
        )
        if rng.random() < 0.1:  # a page-break artefact: a blank gap inside a table
            lines = text.split("\n")
            gap = next((i for i, ln in enumerate(lines) if ln.startswith("3.1.1.\t")), None)
            if gap is not None:
                lines[gap:gap] = ["", "", ""]
                text = "\n".join(lines)
                expected = {str(int(k) + 3) if int(k) > gap else k: v for k, v in expected.items()}
        encoding = "utf-8"
        fmt = "txt"
        r = rng.random()
        rf = rng.random()
        if rf < docx_share + pdf_share:
            from pardw.bench.render import docx_to_pdf, text_to_docx

            fmt = "docx" if rf < docx_share else "pdf"
            data = text_to_docx(text)
            if fmt == "pdf":
                data = docx_to_pdf(data)
            name = f"r{i:06d}.{fmt}"
            path = out_dir / name
            encoding = fmt
        elif r < 0.03:
            data, encoding = text.encode("utf-16"), "utf-16"
        elif r < 0.06:
            data, encoding = encode_windows_1258(text), "windows-1258"
        else:
            data = text.encode("utf-8")
        path.write_bytes(data)
        files.append(CorpusFile(name, template, province, ptype, year, encoding, None, expected, fmt))
    manifest = CorpusManifest(seed, files)
    manifest.write(out_dir / "manifest.json")
    return manifest
