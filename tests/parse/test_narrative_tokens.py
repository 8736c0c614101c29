"""The prose tokeniser: a sentence read once into its quantities (value, format, counted noun, kind, characters),
its masked non-quantities and its scope words, which every rule of the extractor then reads."""

from __future__ import annotations

from pardw.parse.narrative import tokenise

SENTENCE = "Năm 2023, đã giải quyết 1.234 hồ sơ, đạt 98,5 % theo Nghị định số 12/2023/NĐ-CP."


def test_a_count_and_a_rate_with_their_characters() -> None:
    tokens = tokenise(SENTENCE)
    count, rate = tokens.quantities
    assert (count.value, count.unit, count.kind, count.fmt) == (1234.0, "hồ sơ", "count", "vi")
    assert SENTENCE[count.start : count.end] == "1.234"
    assert (rate.value, rate.unit, rate.kind, rate.raw) == (98.5, "%", "rate", "98,5 %")
    assert SENTENCE[rate.start : rate.end] == "98,5"


def test_document_numbers_and_years_are_masked_in_place() -> None:
    tokens = tokenise(SENTENCE)
    assert len(tokens.masked) == len(SENTENCE)  # blanked, positions kept
    number = SENTENCE.index("12/2023/NĐ-CP")
    assert tokens.masked[number : number + len("12/2023/NĐ-CP")].strip() == ""
    assert tokens.masked[4:8] == "    "  # "Năm 2023": a year, no quantity
    assert [q.raw for q in tokens.quantities] == ["1.234", "98,5 %"]  # nothing from the decree's number


def test_ranks_fractions_thousands_and_phone_numbers() -> None:
    text = "Tiếp nhận 11.093 hồ sơ, 2,004 thủ tục; xếp hạng 41/63 tỉnh, thành phố; ĐT: 0297.3863456."
    quantities = tokenise(text).quantities
    assert [(q.value, q.unit, q.kind, q.denominator) for q in quantities] == [
        (11093.0, "hồ sơ", "count", None),
        (2004.0, "thủ tục", "count", None),  # one ',' before three digits of a counted noun: thousands
        (41.0, "hạng", "rank", 63.0),
    ]  # the phone number is no quantity


def test_scope_words_and_list_items_are_read_from_the_same_tokens() -> None:
    text = "Cấp tỉnh tiếp nhận 120 hồ sơ, cấp xã tiếp nhận 80 hồ sơ."
    tokens = tokenise(text)
    assert [(text[m.start : m.end], m.scope.level) for m in tokens.markers] == [
        ("Cấp tỉnh", "province"),
        ("cấp xã", "commune"),
    ]
    first, second = tokens.quantities
    assert tokens.items.item(first.start, first.end) == (0, text.index(","))
    assert text[slice(*tokens.items.item(second.start, second.end))].strip() == "cấp xã tiếp nhận 80 hồ sơ."
