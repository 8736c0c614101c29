"""The rule files: every one loads into a Rule, a bad header fails naming its file, and no SQL is left
in the quality package's Python (no string over 3 lines)."""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pardw.config import PACKAGE_DIR, settings
from pardw.quality.rules import RULES_DIR, RuleFileError, load_rules

GOOD = "-- name: {name}\n-- severity: warning\n-- description: A rule.\nselect file_id from {{batch}}\n"


def test_rules_load_with_their_severity_suite_and_versions():
    rules = load_rules()
    assert [(r.suite, r.name, r.severity, r.current_only) for r in rules] == [
        ("raw_document", "appendix_cites_other_report", "warning", False),
        ("raw_document", "document_missing_metadata", "blocking", False),
        ("raw_document", "document_missing_report_number", "warning", False),
        ("raw_document", "document_period_type_invalid", "blocking", False),
        ("raw_document", "document_unknown_province", "blocking", False),
        ("raw_document", "raw_rows_without_file", "blocking", False),
        ("raw_document", "report_partial_copy", "warning", False),
        ("warehouse_fact", "count_negative", "blocking", True),
        ("warehouse_fact", "count_not_whole", "warning", True),
        ("warehouse_fact", "cumulative_count_decreases", "warning", False),
        ("warehouse_fact", "fact_duplicate_grain", "blocking", False),
        ("warehouse_fact", "fact_orphan_reference", "blocking", False),
        ("warehouse_fact", "numerator_exceeds_denominator", "warning", True),
        ("warehouse_fact", "ocr_low_confidence", "warning", True),
        ("warehouse_fact", "ocr_value_accused", "warning", True),
        ("warehouse_fact", "parent_not_sum_of_children", "warning", True),
        ("warehouse_fact", "prose_disagrees_with_appendix", "warning", True),
        ("warehouse_fact", "rate_jumps_between_periods", "warning", False),
        ("warehouse_fact", "rate_mismatch", "warning", True),
        ("warehouse_fact", "rate_out_of_range", "blocking", True),
    ]
    for rule in rules:
        assert set(re.findall(r"\{(\w+)\}", rule.sql)) == {"batch"}, rule.name  # every other placeholder filled
        assert "{" not in rule.description and not rule.sql.startswith("--"), rule.name
        assert rule.overlaps is None or "dbt" in rule.overlaps, rule.name


def test_rate_jump_threshold_is_a_setting():
    [rule] = [
        r for r in load_rules(replace(settings(), dq_rate_jump_pp=12.5)) if r.name == "rate_jumps_between_periods"
    ]
    assert "at most 12.5 percentage points" in rule.description
    assert "> 12.5\n" in rule.sql and "'within 12.5 points of '" in rule.sql


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (GOOD.replace("-- severity: warning\n", ""), r"lacks \['severity'\]"),
        (GOOD.replace("warning", "fatal"), "severity 'fatal' is not one of blocking, warning"),
        (GOOD, None),
        (GOOD.replace("-- description", "-- descripton"), r"lacks \['description'\] / has unknown \['descripton'\]"),
        (GOOD.replace("name: {name}", "name: other"), "header names 'other'"),
        (GOOD.replace("A rule.", "A rule.\n-- a free comment"), "is not `-- key: value`"),
        (GOOD.replace("A rule.", "A rule.\n-- severity: blocking"), "'severity' given twice"),
        (GOOD + "-- versions: current\n", "a comment after the header"),
        (GOOD.replace("A rule.", "A rule.\n-- versions: newest"), "versions 'newest' is not one of all, current"),
        (GOOD.replace("{{batch}}", "{{batch}} join {{wharehouse}}.dim_report"), r"unknown placeholder \{wharehouse\}"),
        (GOOD.replace("select file_id from {{batch}}\n", ""), "no SQL after the header"),
    ],
)
def test_a_bad_rule_file_fails_naming_the_file(rules_dir, text, error):
    path = rules_dir / "warehouse_fact" / "new_rule.sql"
    path.write_text(text.format(name="new_rule"), encoding="utf-8")
    if error is None:
        assert "new_rule" in {r.name for r in load_rules(rules_dir=rules_dir)}
        return
    with pytest.raises(RuleFileError, match=error) as raised:
        load_rules(rules_dir=rules_dir)
    assert str(path) in str(raised.value)


def test_a_rule_outside_a_suite_folder_fails(rules_dir):
    (rules_dir / "warehouse_facts").mkdir()
    (rules_dir / "warehouse_facts" / "new_rule.sql").write_text(GOOD.format(name="new_rule"), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"\['warehouse_facts'\] are not suites"):
        load_rules(rules_dir=rules_dir)


SQL_START = re.compile(r"\s*(select|insert|update|delete|copy|with|create|alter|drop)\b", re.IGNORECASE)


def test_no_sql_string_over_three_lines_in_the_quality_package():
    long = []
    for path in sorted((PACKAGE_DIR / "quality").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            if SQL_START.match(text) and node.end_lineno - node.lineno + 1 > 3:
                long.append(f"{path.name}:{node.lineno}")
    assert long == []


def test_no_rule_has_a_colon_before_a_word():
    """Great Expectations runs a rule through SQLAlchemy's text(): ":name" (a regex's "(?:...)" too) would be
    a bind parameter and the rule could not run. Casts ("::text") are fine."""
    for rule in load_rules():
        assert not re.search(r"(?<!:):(?!:)\w", rule.sql), rule.name
