"""The data-quality rules: one SQL file per rule, ``rules/<suite>/<rule>.sql``, loaded by :func:`load_rules`.

Each query returns the rows breaking its rule, all with the same columns so that they become findings a
data steward can act on: file_id, line, indicator_key, observed, expected, message. ``{batch}`` is the
table the rule's suite validates (``tables.SUITE_TABLES``; Great Expectations' UnexpectedRowsExpectation).

Severity: **blocking** for broken structure and impossible values (publication stops, the published
marts keep their last good version); **warning** for a report that disagrees with itself (published
with the data, counted per report).

A file opens with its header, ``-- key: value`` lines; a value goes on over lines indented further::

    -- name: rate_mismatch             the file's name
    -- severity: warning               blocking | warning
    -- description: A rate equals ...  the sentence Data Docs show and a finding without a message gets
    -- versions: current               optional: current leaves superseded report versions out (a
    --                                 corrected version clears its predecessor's findings); all (default)
    -- overlaps: dbt's ...             optional: the dbt test that checks the same, and why both exist
    -- note: ...                       optional: anything else the reader needs

Besides ``{batch}``, the SQL (and the description) may name the schemas ``{raw}`` and ``{warehouse}``
(``tables.SCHEMAS``), the parameters ``{rate_jump_pp}`` (``Settings.dq_rate_jump_pp``) and ``{ocr_min_confidence}``
(``Settings.ocr_min_confidence``) and a shared
fragment of ``rules/_shared/`` by its file name (``{rate_parts}``); a fragment has a name and a
description and may name schemas and parameters, not other fragments. Comments belong in the header:
a ``--`` line in the SQL could end up last in the query GX wraps, and comment out its closing parenthesis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path

from pardw.config import Settings, settings
from pardw.quality.tables import SCHEMAS, SUITE_TABLES, WAREHOUSE

RULES_DIR = Path(__file__).resolve().parent
SHARED = "_shared"
SEVERITIES = ("blocking", "warning")
VERSIONS = ("all", "current")
# header field -> required
RULE_FIELDS = {"name": True, "severity": True, "description": True, "versions": False, "overlaps": False, "note": False}
FRAGMENT_FIELDS = {"name": True, "description": True, "note": False}

_FIELD = re.compile(r"-- ([a-z_]+):(.*)")
_CONTINUED = re.compile(r"--  +(\S.*)")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    suite: str  # raw_document | warehouse_fact
    severity: str  # blocking | warning
    description: str
    sql: str
    current_only: bool = False  # versions: current
    overlaps: str | None = None


class RuleFileError(ValueError):
    """A rule or fragment file Great Expectations cannot be given: a bad header or an unknown placeholder."""


def _read(path: Path, allowed: dict[str, bool]) -> tuple[dict[str, str], str]:
    """The header fields of a rule file and its SQL."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = list(takewhile(lambda line: line.startswith("--"), lines))
    fields: dict[str, str] = {}
    key = None
    for line in header:
        if (more := _CONTINUED.fullmatch(line)) and key:
            fields[key] += " " + more.group(1).strip()
        elif field := _FIELD.fullmatch(line):
            key = field.group(1)
            if key in fields:
                raise RuleFileError(f"{path}: header field {key!r} given twice")
            fields[key] = field.group(2).strip()
        else:
            raise RuleFileError(f"{path}: header line {line!r} is not `-- key: value` or its continuation")
    unknown = sorted(set(fields) - set(allowed))
    missing = [k for k, required in allowed.items() if required and not fields.get(k)]
    if unknown or missing:
        raise RuleFileError(f"{path}: header lacks {missing} / has unknown {unknown}; fields: {', '.join(allowed)}")
    if fields["name"] != path.stem:
        raise RuleFileError(f"{path}: header names {fields['name']!r}, the file {path.stem!r}")
    body = lines[len(header) :]
    if comments := [n for n, line in enumerate(body, len(header) + 1) if line.lstrip().startswith("--")]:
        raise RuleFileError(f"{path}: a comment after the header (line {comments[0]}): write it as `-- note:`")
    sql = "\n".join(body).strip()
    if not sql:
        raise RuleFileError(f"{path}: no SQL after the header")
    return fields, sql


def _fill(text: str, values: dict[str, str], path: Path) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "batch":
            return match.group(0)  # Great Expectations fills it
        if name not in values:
            raise RuleFileError(f"{path}: unknown placeholder {{{name}}}; known: batch, {', '.join(values)}")
        return values[name]

    return _PLACEHOLDER.sub(value, text)


def _rule(path: Path, values: dict[str, str]) -> Rule:
    fields, sql = _read(path, RULE_FIELDS)
    if fields["severity"] not in SEVERITIES:
        raise RuleFileError(f"{path}: severity {fields['severity']!r} is not one of {', '.join(SEVERITIES)}")
    versions = fields.get("versions", "all")
    if versions not in VERSIONS:
        raise RuleFileError(f"{path}: versions {versions!r} is not one of {', '.join(VERSIONS)}")
    return Rule(
        name=fields["name"],
        suite=path.parent.name,
        severity=fields["severity"],
        description=_fill(fields["description"], values, path),
        sql=_fill(sql, values, path),
        current_only=versions == "current",
        overlaps=fields.get("overlaps"),
    )


def load_rules(cfg: Settings | None = None, rules_dir: Path = RULES_DIR) -> tuple[Rule, ...]:
    """Every rule of every suite, in suite then file-name order, its placeholders filled in."""
    cfg = cfg or settings()
    values = {**SCHEMAS, "rate_jump_pp": f"{cfg.dq_rate_jump_pp:g}",
              "ocr_min_confidence": f"{cfg.ocr_min_confidence:g}"}  # fmt: skip
    for path in sorted((rules_dir / SHARED).glob("*.sql")):
        fragment = _fill(_read(path, FRAGMENT_FIELDS)[1], values, path)
        if path.stem in values:
            raise RuleFileError(f"{path}: fragment name {path.stem!r} is already a placeholder")
        values[path.stem] = fragment
    folders = {p.name for p in rules_dir.iterdir() if p.is_dir() and p.name not in (SHARED, "__pycache__")}
    if strays := sorted(folders - set(SUITE_TABLES)):
        raise RuleFileError(f"{rules_dir}: folder(s) {strays} are not suites ({', '.join(SUITE_TABLES)})")
    return tuple(_rule(path, values) for suite in SUITE_TABLES for path in sorted((rules_dir / suite).glob("*.sql")))


_CURRENT = f" where batch_source.report_key not in (select report_key from {WAREHOUSE}.dim_report where is_superseded)"


def gx_query(sql: str, current_only: bool = False) -> str:
    """The rule's SQL for GX: ``{batch}`` becomes a CTE, because GX substitutes ``{batch}`` with a
    subquery and ``{batch} as f`` would not parse. ``current_only`` leaves superseded report versions
    out of the batch.

    GX aliases that subquery itself only when the query has no JOIN; with a JOIN it inserts a bare
    ``(select ...)``, which PostgreSQL 15 and older reject ("subquery in FROM must have an alias").
    The CTE therefore always joins (a one-row join that changes nothing), so GX always inserts the
    bare subquery and the alias here is the only one: valid SQL on PostgreSQL 14-17.

    The CTE is ``not materialized``: a rule that reads the batch several times (a rate beside its numerator
    and denominator) is then planned on the table with its statistics. Materialised (PostgreSQL's default for a
    CTE read twice), every join was estimated at one row and run as nested loops: 24 s for one rule on four
    reports, growing with the square of the facts."""
    body = sql.replace("{batch}", "batch_rows").strip()
    head = (
        "with batch_rows as not materialized (select batch_source.* from {batch} as batch_source join (select 1) as one on true"
        + (_CURRENT if current_only else "")
        + ")"
    )
    if body.lower().startswith("with "):
        return f"{head},\n{body[5:]}"
    return f"{head}\n{body}"
