"""The tables of a report, found once and classified once (issue 27): which table is which, and which
extractor read it."""

from __future__ import annotations

import pytest

from pardw.parse.decode import split_lines
from pardw.parse.report import parse_lines
from pardw.parse.tables import classify_header, find_tables

KG_2023 = "000_d49b38bb6fe27dd3.txt"  # Kiên Giang 2023: seven Biểu mẫu forms
CM_2022 = "003_c3152b1089770077.txt"  # Cà Mau H1 2022: per-unit tables (Phụ lục 2, 3), a task table (Phụ lục 4)


@pytest.fixture(scope="module")
def lines(sample_dir):
    return {name: split_lines((sample_dir / name).read_text(encoding="utf-8"))[0] for name in (KG_2023, CM_2022)}


def _table_at(layout, line_no):
    """The table whose header row is line ``line_no`` (1-based, as records and `pardw extract --format text`)."""
    return layout.headers[line_no - 1]


def test_a_form_table_is_classified_appendix_under_its_heading(lines):
    layout = find_tables(lines[KG_2023])
    table = _table_at(layout, 449)
    assert (table.kind, table.heading.label, table.heading.line + 1) == ("appendix", "Biểu mẫu 3", 446)
    assert [t.heading.label for t in layout.tables] == [f"Biểu mẫu {n}" for n in range(1, 8)]
    assert {t.kind for t in layout.tables} == {"appendix"}
    assert layout.appendix_start + 1 == 392  # "PHỤ LỤC", above the first form


def test_the_appendix_rows_come_from_the_form_tables(lines):
    layout = find_tables(lines[KG_2023])
    report = parse_lines(lines[KG_2023], KG_2023)
    form3 = [r for r in report.indicators if r.form == "Biểu mẫu 3"]
    table = _table_at(layout, 449)
    assert form3 and all(table.header < r.line <= table.end for r in form3)


def test_per_unit_and_task_tables_are_classified_as_such(lines):
    layout = find_tables(lines[CM_2022])
    dossiers = _table_at(layout, 530)  # Phụ lục 2: dossiers per department
    assert (dossiers.kind, dossiers.heading.label) == ("breakdown", "Phụ lục 2")
    assert (_table_at(layout, 686).kind, _table_at(layout, 686).heading.label) == ("tasks", "Phụ lục 4")
    report = parse_lines(lines[CM_2022], CM_2022)
    tu_phap = [b for b in report.breakdowns if b.unit_name == "Sở Tư pháp" and b.line == 534]
    assert tu_phap and all(b.table == "Phụ lục 2" for b in tu_phap)
    assert dossiers.header < 534 <= dossiers.end
    kinds = {t.header + 1: t.kind for t in layout.tables}
    assert all(kinds[max(h for h in kinds if h <= t.line)] == "tasks" for t in report.tasks)


def test_each_table_row_is_classified_exactly_once(lines):
    for text in lines.values():
        layout = find_tables(text)
        rows = [i for i, line in enumerate(text) if "\t" in line]
        assert sorted(layout.classified) == rows and set(layout.classified.values()) == {1}
        before = dict(layout.classified)
        from pardw.parse.appendix import parse_appendix
        from pardw.parse.breakdown import extract_breakdowns
        from pardw.parse.tasks import extract_tasks
        from pardw.parse.unread import unread_tables

        ind = parse_appendix(text, "x", layout)
        br, _ = extract_breakdowns(text, "x", layout)
        ta, _ = extract_tasks(text, "x", layout)
        unread_tables(text, "x", ind, br, ta, layout)
        assert dict(layout.classified) == before  # no extractor classified a row again
        headers = [t.header for t in layout.tables]
        assert len(headers) == len(set(headers)) == len(layout.headers)


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        ("STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\tGhi chú", "appendix"),
        ("TT\tTên đơn vị\tSố hồ sơ tiếp nhận\tSố hồ sơ đã giải quyết", "breakdown"),
        ("STT\tNhiệm vụ\tThời gian hoàn thành\tKết quả thực hiện", "tasks"),
        ("**STT**\tNội dung\tTiến độ", "tasks"),
        ("STT\tNội dung\tGhi chú", "other"),
        ("1\tSở Tư pháp\t2.593\t531", None),
    ],
)
def test_a_header_row_says_its_tables_kind(row, kind):
    head = classify_header(row)
    assert (head.kind if head else None) == kind


def test_a_bold_task_header_ends_the_indicator_form_above_it():
    # a markdown export writes the task table's header in bold: "**STT**" is still a header, of a task table,
    # and its rows are tasks, not indicators of Biểu mẫu 1 (before: "STT Nhiệm vụ" = "Thời hạn" and every
    # task's deadline were read as indicator values)
    from pardw.parse.appendix import parse_appendix
    from pardw.parse.tasks import extract_tasks

    lines = [
        "PHỤ LỤC",
        "Biểu mẫu 1",
        "STT\tChỉ tiêu\tĐơn vị tính\tSố liệu",
        "1\tSố văn bản ban hành\tVăn bản\t12",
        "**STT**\t**Nhiệm vụ**\t**Kết quả thực hiện**\t**Thời hạn**",
        "1\tXây dựng kế hoạch CCHC\tĐã hoàn thành\t30/3/2025",
        "2\tKiểm tra công tác CCHC\tĐang thực hiện\t30/6/2025",
    ]
    assert [(r.form, r.name, r.value, r.line) for r in parse_appendix(lines, "x.md")] == [
        ("Biểu mẫu 1", "Số văn bản ban hành", 12.0, 4)
    ]
    tasks, _ = extract_tasks(lines, "x.md")
    assert [(t.task, t.line) for t in tasks] == [("Xây dựng kế hoạch CCHC", 6), ("Kiểm tra công tác CCHC", 7)]


def test_codes_left_of_a_centred_stt_and_a_header_repeated_without_its_second_line():
    # a table without rules printed from a browser: the codes (left-aligned) and 'STT' (centred) fall in two
    # columns; the next page repeats only the header's first line ("Kết quả" over "Đơn vị tính | Số liệu")
    from pardw.parse.appendix import parse_appendix

    lines = [
        "PHỤ LỤC",
        "Biểu mẫu 1",
        "\tSTT\tChỉ tiêu\tKết quả\t\tGhi chú",
        "\t\t\tĐơn vị tính\tSố liệu\t",
        "I.\t\tCông tác chỉ đạo điều hành\t\t\t",
        "1\t\tSố văn bản chỉ đạo đã ban hành\tVăn bản\t10\t",
        "\t2.1\tSố nhiệm vụ đề ra trong kế hoạch\tNhiệm vụ\t37\t",
        "\tSTT\tChỉ tiêu\tKết quả\t\tGhi chú",
        "\t2.2\tSố nhiệm vụ đã hoàn thành\tNhiệm vụ\t19\t",
    ]
    rows = [(r.code, r.name, r.unit, r.value, r.line) for r in parse_appendix(lines, "x.pdf")]
    assert rows == [
        ("I.", "Công tác chỉ đạo điều hành", None, None, 5),
        ("1", "Số văn bản chỉ đạo đã ban hành", "Văn bản", 10.0, 6),
        ("2.1", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", 37.0, 7),
        ("2.2", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", 19.0, 9),
    ]


def test_a_result_header_over_two_cells_without_its_second_line_reads_unit_then_value():
    # the page's header is only the first line of a two-line header: "Kết quả" over two cells whose names
    # ("Đơn vị tính | Số liệu") were printed on an earlier page
    from pardw.parse.appendix import parse_appendix

    lines = [
        "Phụ lục 1",
        "STT\tChỉ tiêu\tKết quả\t\tGhi chú",
        "2.1\tSố nhiệm vụ đề ra trong kế hoạch\tNhiệm vụ\t12\t",
        "2.2\tSố nhiệm vụ đã hoàn thành\tNhiệm vụ\t10\tĐạt 83%",
    ]
    rows = [(r.code, r.unit, r.value, r.note) for r in parse_appendix(lines, "x.pdf")]
    assert rows == [("2.1", "Nhiệm vụ", 12.0, None), ("2.2", "Nhiệm vụ", 10.0, "Đạt 83%")]
