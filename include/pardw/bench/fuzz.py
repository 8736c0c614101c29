"""A seeded mutation fuzzer for the parser: hostile variants of the bundled sample reports.

Each input is a sample (or a window of one: its header plus a slice of its body, so that a
CI run of a few thousand inputs stays fast) with one to three mutations: long runs of blanks,
form feeds or tabs; deep indentation; numbers of thousands of digits and malformed ones
(``0.0,0.0``); NUL and other control characters; deep code numbering (``1.1.1.1...``); unclosed
markup; truncation; duplicated blocks; byte flips. Same seed, same inputs. With ``docx_share``
(5 % in ``make fuzz``), an input is rendered as a Word .docx and its package damaged the way files
arrive: an encrypted-member flag, deflate64, a corrupt deflate stream, truncation, byte flips.

The only acceptable failure is :class:`UnreadableReport` (a quarantine reason). Anything else
is *unexpected*; so is an input taking more than ``slow_seconds`` of CPU (this process's time: a loaded
machine does not make an input slow), a non-finite value, a NUL in a
record, or a code path longer than the nesting cap. A *silent loss* is a file that parses into no
fact at all (no indicator, breakdown, narrative or task) with no warning saying why. ``python -m pardw.bench.fuzz --n 10000``
(``make fuzz``) runs the campaign and prints its summary as JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields

from pardw.config import SAMPLE_REPORTS_DIR
from pardw.parse.appendix import MAX_CODE_DEPTH
from pardw.parse.records import UnreadableReport


def _bases() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_REPORTS_DIR.glob("*.txt"))]


def _window(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    head = lines[:30]
    start = rng.randrange(30, max(31, len(lines) - 40))
    return "\n".join(head + lines[start : start + rng.randint(30, 150)])


def _spot(text: str, rng: random.Random) -> int:
    return rng.randrange(len(text) + 1)


def _line_start(text: str, rng: random.Random) -> int:
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return rng.choice(starts)


def _insert(text: str, at: int, what: str) -> str:
    return text[:at] + what + text[at:]


def m_blank_run(text: str, rng: random.Random) -> str:
    ch = rng.choice([" ", "\t", "\f", "\u00a0", "\u200b", "\v", " \t"])
    at = _line_start(text, rng) if rng.random() < 0.5 else _spot(text, rng)
    return _insert(text, at, ch * rng.randint(500, 20_000))


def m_after_so(text: str, rng: random.Random) -> str:
    i = text.find("Số")
    at = i + 2 if i >= 0 else 0
    return _insert(text, at, rng.choice(["\f", " ", "\t", ":", "/"]) * rng.randint(50, 2_000))


def m_indent(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    pad = " " * rng.randint(100, 600)
    for _ in range(rng.randint(1, 30)):
        i = rng.randrange(len(lines))
        lines[i] = pad + lines[i]
    return "\n".join(lines)


def m_long_number(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    rows = [i for i, ln in enumerate(lines) if ln.count("\t") >= 3] or [0]
    i = rng.choice(rows)
    cells = lines[i].split("\t")
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(40, 5_000)))
    cells[min(3, len(cells) - 1)] = rng.choice([digits, digits[:200] + "," + digits, "-" + digits, digits + "%"])
    lines[i] = "\t".join(cells)
    return "\n".join(lines)


_ODD_NUMBERS = ("0.0,0.0", "1,2.3,4", ".,", ",,", "..", "1e400", "1.", ",5", "0,0,0.0", "9" * 400, "1.2.3",
                "∞", "NaN", "inf", "-", "+", "--1", "1..2", "1,,2", "0x1F", "١٢٣", "１２３", "1 234 567,89")  # fmt: skip


def m_odd_number(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    rows = [i for i, ln in enumerate(lines) if "\t" in ln] or [0]
    for _ in range(rng.randint(1, 20)):
        i = rng.choice(rows)
        cells = lines[i].split("\t")
        cells[rng.randrange(len(cells))] = rng.choice(_ODD_NUMBERS)
        lines[i] = "\t".join(cells)
    out = "\n".join(lines)
    # and in the prose: "đạt 0.0,0.0%", "1e400 hồ sơ"
    return _insert(out, _spot(out, rng), f" đạt {rng.choice(_ODD_NUMBERS)}% ({rng.choice(_ODD_NUMBERS)} hồ sơ) ")


def m_controls(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 50)):
        text = _insert(text, _spot(text, rng), rng.choice(["\x00", "\x01", "\x1b", "\x7f", "\ufeff", "\ufffd", "\r"]))
    return text


def m_deep_codes(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    depth = rng.randint(10, 400)
    block = []
    for d in range(1, rng.randint(20, 400)):
        code = ".".join(["1"] * min(depth, d)) + "."
        block.append(f"{code}\tChỉ tiêu lồng {d}\tHồ sơ\t{d}")
    return "\n".join(lines[:at] + block + lines[at:])


def m_markup(text: str, rng: random.Random) -> str:
    token = rng.choice(["<sup>", "**", "<b>", "</b>", "_", "\\", "#", "<i>", "*"])
    return _insert(text, _spot(text, rng), token * rng.randint(100, 5_000))


def m_truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(1, max(2, len(text)))]


def m_duplicate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    block = lines[i : i + rng.randint(1, 40)]
    times = min(rng.randint(2, 200), max(2, 100_000 // max(1, len("\n".join(block)))))
    return "\n".join(lines[:i] + block * times + lines[i:])


def m_long_line(text: str, rng: random.Random) -> str:
    word = rng.choice(["tỷ lệ ", "đạt ", "100% ", "hồ sơ ", "Số: ", "ngày ", "1/", "x", "(", "I. "])
    return _insert(text, _line_start(text, rng), word * rng.randint(200, 5_000))


def m_many_tabs(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    lines[i] = lines[i] + "\t" * rng.randint(100, 5_000) + "1"
    return "\n".join(lines)


def m_shuffle(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    a = rng.randrange(len(lines))
    chunk = lines[a : a + 200]
    rng.shuffle(chunk)
    return "\n".join(lines[:a] + chunk + lines[a + 200 :])


_ALL = (m_blank_run, m_after_so, m_indent, m_long_number, m_odd_number, m_controls, m_deep_codes, m_markup,
        m_truncate, m_duplicate, m_long_line, m_many_tabs, m_shuffle)  # fmt: skip
MUTATIONS: dict[str, Callable[[str, random.Random], str]] = {f.__name__[2:]: f for f in _ALL}


def _bytes_mutation(data: bytes, rng: random.Random, always: bool = False) -> bytes:
    if always or rng.random() < 0.08:  # byte flips (encoding errors, binary junk)
        buf = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    return data


def _docx_damage(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """A Word package damaged one way (or left whole): the kind of damage and the bytes."""
    import struct
    import zipfile
    from io import BytesIO

    kind = rng.choice(["whole", "encrypted", "deflate64", "corrupt_deflate", "truncated", "byte_flips"])
    out = bytearray(data)
    if kind == "truncated":
        return kind, bytes(out[: rng.randrange(len(out))])
    if kind == "byte_flips":
        return kind, _bytes_mutation(data, rng, always=True)
    if kind == "whole":
        return kind, data
    info = zipfile.ZipFile(BytesIO(data)).getinfo("word/document.xml")
    local = info.header_offset
    heads = [(local, 6, 8)]
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        size = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + size]) == b"word/document.xml":
            heads.append((at, 8, 10))
        at = out.find(b"PK\x01\x02", at + 4)
    for offset, flag_at, method_at in heads:
        if kind == "encrypted":
            struct.pack_into("<H", out, offset + flag_at, struct.unpack_from("<H", out, offset + flag_at)[0] | 1)
        elif kind == "deflate64":
            struct.pack_into("<H", out, offset + method_at, 9)
    if kind == "corrupt_deflate":
        start = local + 30 + sum(struct.unpack_from("<HH", out, local + 26))
        out[start : start + 16] = bytes(rng.randrange(256) for _ in range(16))
    return kind, bytes(out)


@dataclass(slots=True)
class FuzzInput:
    seq: int
    mutations: tuple[str, ...]
    data: bytes
    name: str = ""


def inputs(n: int, seed: int = 15, windows: bool = True, docx_share: float = 0.0) -> Iterator[FuzzInput]:
    rng = random.Random(seed)
    bases = _bases()
    names = list(MUTATIONS)
    for seq in range(n):
        text = rng.choice(bases)
        if windows and rng.random() < 0.85:
            text = _window(text, rng)
        chosen = tuple(rng.sample(names, rng.randint(1, 3)))
        for name in chosen:
            text = MUTATIONS[name](text, rng)
        if docx_share and rng.random() < docx_share:
            from pardw.bench.render import text_to_docx

            try:
                package = text_to_docx(text)
            except ValueError:  # python-docx refuses control characters in XML: the text itself then
                package = None
            if package is not None:
                damage, data = _docx_damage(package, rng)
                yield FuzzInput(seq, (*chosen, f"docx:{damage}"), data, f"fuzz_{seq}.docx")
                continue
        yield FuzzInput(seq, chosen, _bytes_mutation(text.encode("utf-8"), rng), f"fuzz_{seq}.txt")


@dataclass(slots=True)
class FuzzResult:
    inputs: int = 0
    parsed: int = 0
    unreadable: Counter = field(default_factory=Counter)
    unexpected: list[dict] = field(default_factory=list)
    slow: list[dict] = field(default_factory=list)
    invalid: list[dict] = field(default_factory=list)
    silent_losses: list[dict] = field(default_factory=list)
    docx_inputs: int = 0
    seconds: float = 0.0
    max_seconds: float = 0.0
    max_bytes: int = 0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["unreadable"] = dict(self.unreadable)
        return d


def _invalid(report) -> str | None:
    """A reason the parsed records must not reach the loader, or None."""
    for r in report.records():
        for f in fields(r):
            value = getattr(r, f.name)
            if isinstance(value, float) and not math.isfinite(value):
                return f"{r.kind}.{f.name} = {value}"
            if isinstance(value, str) and "\x00" in value:
                return f"{r.kind}.{f.name} contains NUL"
            if isinstance(value, list) and any(isinstance(v, str) and "\x00" in v for v in value):
                return f"{r.kind}.{f.name} contains NUL"
    for ind in report.indicators:
        if len(ind.path) > MAX_CODE_DEPTH:
            return f"indicator path of depth {len(ind.path)} at line {ind.line}"
    return None


def _silent(report) -> bool:
    """A parsed file that yields no fact and no warning saying why (issue 26: a silent loss)."""
    facts = len(report.indicators) + len(report.breakdowns) + len(report.narratives) + len(report.tasks)
    return facts == 0 and not report.warnings


def run(n: int, seed: int = 15, windows: bool = True, slow_seconds: float = 2.0,
        docx_share: float = 0.0) -> FuzzResult:  # fmt: skip
    from pardw.parse.report import parse_bytes

    result = FuzzResult()
    started = time.perf_counter()
    for item in inputs(n, seed, windows, docx_share):
        result.inputs += 1
        result.docx_inputs += item.name.endswith(".docx")
        result.max_bytes = max(result.max_bytes, len(item.data))
        t0 = time.process_time()
        try:
            report, _enc = parse_bytes(item.data, item.name or f"fuzz_{item.seq}.txt")
        except UnreadableReport as exc:
            result.unreadable[exc.reason] += 1
            report = None
        except Exception as exc:  # that is what the fuzzer looks for
            result.unexpected.append({"seq": item.seq, "mutations": item.mutations,
                                      "error": f"{type(exc).__name__}: {str(exc)[:200]}"})  # fmt: skip
            report = None
        took = time.process_time() - t0
        result.max_seconds = max(result.max_seconds, took)
        if took > slow_seconds:
            result.slow.append({"seq": item.seq, "mutations": item.mutations, "seconds": round(took, 2)})
        if report is not None:
            result.parsed += 1
            problem = _invalid(report)
            if problem:
                result.invalid.append({"seq": item.seq, "mutations": item.mutations, "problem": problem})
            if _silent(report):
                result.silent_losses.append({"seq": item.seq, "mutations": item.mutations})
    result.seconds = round(time.perf_counter() - started, 1)
    result.max_seconds = round(result.max_seconds, 3)
    return result


def main() -> None:  # pragma: no cover - `make fuzz`
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--whole", action="store_true", help="mutate whole samples, not windows")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds above which an input counts as slow")
    parser.add_argument("--docx", type=float, default=0.05, help="share of inputs sent as damaged .docx")
    args = parser.parse_args()
    result = run(args.n, args.seed, windows=not args.whole, slow_seconds=args.slow, docx_share=args.docx)
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    if result.unexpected or result.slow or result.invalid or result.silent_losses:
        raise SystemExit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
