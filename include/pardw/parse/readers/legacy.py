"""Legacy Vietnamese 8-bit font encodings (before Unicode, documents older than about 2018).

* **TCVN3 (ABC)**, fonts ``.VnTime``/``.VnArial``: one byte per precomposed letter
  ("C«ng v¨n" = "Công văn"). Word files keep those bytes as Latin-1 characters; text exports
  keep the bytes themselves.
* **VNI** (``VNI-Times``): a base letter followed by mark characters ("Coâng vaên" = "Công văn").

Text is converted only when it looks like one of them: many characters of the legacy set and
almost no Vietnamese Unicode letters (a Unicode report has hundreds of ư, ơ, đ, ạ, ế …).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

_TCVN3_SRC = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00adõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3_DST = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
assert len(_TCVN3_SRC) == len(_TCVN3_DST)
TCVN3 = str.maketrans(_TCVN3_SRC, _TCVN3_DST)

# Unicode Vietnamese letters that are not Latin-1: present in any real Unicode report
_UNICODE_VI = re.compile(r"[ăâđơưĂĐƠƯạ-ỹ]")
# characters TCVN3 text is full of and Unicode Vietnamese text never has
_TCVN3_MARKERS = re.compile(r"[µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãä«åæçé¬êëîïñòôõøö÷þ¡¢§£¤¥¦]")

# VNI: base + marks. Tone marks after a vowel, and the combined circumflex/breve + tone marks.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRC = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ñ": "đ", "Ñ": "Đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "Ì": "Ì", "Í": "Í",
               "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"}  # fmt: skip
_VNI_HORN = {"ö": "ư", "Ö": "Ư", "ô": "ơ", "Ô": "Ơ"}
_VNI_MARKERS = re.compile(r"[aeoyuAEOYU][âáàåãäêéèúüëùøûõïÂÁÀÅÃÄÊÉÈÚÜËÙØÛÕÏ]|[ñÑöÖ]")


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for lower in (False, True):

        def case(s: str, low: bool = lower) -> str:
            return s if low else s.upper()

        table.update(_vni_vowels(case))
        table.update(_vni_horns(lower, case))
    table.update(_VNI_SINGLE)
    return table


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _vni_vowels(case: Callable[[str], str]) -> Iterator[tuple[str, str]]:
    """A vowel with a tone mark, with a circumflex (â, ê, ô) or a breve (ă) and a tone, in one case."""
    for base in "aeouy":
        for mark, tone in _VNI_TONES.items():
            yield case(base) + case(mark), _nfc(case(base) + tone)
    for base in "aeo":
        for mark, tone in _VNI_CIRC.items():
            yield case(base) + case(mark), _nfc(case(base) + "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        yield case("a") + case(mark), _nfc(case("a") + "\u0306" + tone)


def _vni_horns(lower: bool, case: Callable[[str], str]) -> Iterator[tuple[str, str]]:
    """ư and ơ (one character in VNI), alone and with a tone mark, in one case."""
    for horn, letter in _VNI_HORN.items():
        if horn.islower() != lower:
            continue
        yield horn, letter
        for mark, tone in _VNI_TONES.items():
            yield horn + case(mark), _nfc(letter + tone)


_VNI = _vni_table()
_VNI_RE = re.compile("|".join(sorted((re.escape(k) for k in _VNI), key=len, reverse=True)))


_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def detect_legacy(text: str) -> str | None:
    """'TCVN3', 'VNI' or None for a sample of the text (regex counts only: this runs on every file)."""
    head = text[:4000]
    if len(_UNICODE_VI.findall(head)) >= 40:
        return None  # the common case: Unicode Vietnamese
    sample = text[:20000]
    unicode_vi = len(_UNICODE_VI.findall(sample))
    letters = len(_LETTER.findall(sample))
    if letters < 200 or unicode_vi > letters * 0.01:
        return None  # too short, or Unicode Vietnamese
    ascii_letters = len(_ASCII_LETTER.findall(sample))
    if ascii_letters < letters * 0.6 or sample.count(" ") < len(sample) * 0.05:
        return None  # not text at all
    tcvn3 = len(_TCVN3_MARKERS.findall(sample))
    vni = len(_VNI_MARKERS.findall(sample))
    if tcvn3 > letters * 0.03 and tcvn3 >= vni:
        return "TCVN3"
    if vni > letters * 0.03:
        return "VNI"
    return None


def convert_legacy(text: str) -> tuple[str, str | None]:
    """(Unicode text, the legacy encoding it was in, or None when it was Unicode already)."""
    kind = detect_legacy(text)
    return (to_unicode(text, kind), kind) if kind else (text, None)


def to_unicode(text: str, kind: str) -> str:
    """Text known to be in ``kind`` ('TCVN3' or 'VNI') as Unicode."""
    if kind == "TCVN3":
        return text.translate(TCVN3)
    return _VNI_RE.sub(lambda m: _VNI[m.group()], text)


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as Latin-1 characters (what a .VnTime Word file holds); for tests. Capitals
    with marks take the small letter's code, as the capital fonts (.VnTimeH) print them."""
    back = {d: s for s, d in zip(_TCVN3_SRC, _TCVN3_DST, strict=True)}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(back.get(ch) or back.get(ch.lower()) or ch)
    return "".join(out)


__all__ = ["TCVN3", "convert_legacy", "detect_legacy", "encode_tcvn3", "to_unicode"]
