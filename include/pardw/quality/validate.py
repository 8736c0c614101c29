"""Run the Great Expectations suites over the warehouse and persist every finding.

Each run builds an in-memory GX context from code: one suite per table of ``tables.SUITE_TABLES``
with the SQL rules of ``rules/`` and a few built-in expectations, a validation definition per suite
and one checkpoint. The warehouse URL is handed to that context, never to the process environment
or a file. Data Docs are built to ``<PARDW_HOME>/data_docs`` from the validation results kept in
``<PARDW_HOME>/gx/validations``.
"""

from __future__ import annotations

import json
import logging
import uuid
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from pardw.config import settings
from pardw.quality.rules import Rule, gx_query, load_rules
from pardw.quality.tables import DQ, RAW, SUITE_TABLES

DATASOURCE = "pardw_warehouse"
DOCS_SITE = "pardw_site"
URL_VARIABLE = "pardw_warehouse_url"  # the context's runtime environment, not os.environ


@dataclass(slots=True)
class Finding:
    rule: str
    severity: str
    suite: str
    file_id: int | None
    file_name: str | None
    report_number: str | None
    indicator_key: str | None
    line: int | None
    observed: str | None
    expected: str | None
    message: str
    finding_key: str | None = None  # stable across validations of the file (pardw.quality.decisions)
    file_sha256: str | None = None  # the version of the file judged
    arithmetic: str | None = None  # e.g. "5 + 101 + 506 = 612 ≠ 614"
    places: str | None = None  # every place of the evidence, "Biểu mẫu 4 dòng 1.5 (line 468, table 7, row 8); ..."
    message_en: str | None = None
    decision: str | None = None  # accepted | rejected: a steward's decision on this version of the file
    signatures: tuple[str, ...] = ()  # where, for the key (form#code or L<line>)
    evidence: list[dict] = field(default_factory=list)  # every place: {line, locator, form, code}


@dataclass(slots=True)
class ValidationSummary:
    run_id: str
    blocking: int = 0  # open blocking findings (not accepted or rejected by a steward)
    warnings: int = 0
    accepted: int = 0  # blocking findings a steward accepted or rejected: they do not block
    findings: list[Finding] = field(default_factory=list)
    gx_success: bool = True
    expectations: int = 0
    docs_path: Path | None = None
    errors: list[str] = field(default_factory=list)  # expectations that could not run
    status: str = "running"  # passed | warnings | blocked (= findings) | error

    @property
    def outcome(self) -> str:
        return {"warnings": "findings", "blocked": "findings"}.get(self.status, self.status)


def _native_expectations(gx, suite_name: str) -> list:
    """Built-in GX expectations (blocking) next to the SQL rules. All but period_year's range re-check a dbt
    test (unique/not_null/accepted_values on stg_raw__document and fact_statement): dbt's stop the build and,
    on the incremental fact, see the latest build's rows only; these judge the whole table on every
    validation, block publication, and count the offending values in Data Docs."""
    e = gx.expectations
    if suite_name == "raw_document":
        return [
            e.ExpectColumnValuesToBeInSet(column="period_type", value_set=["Q1", "Q2", "Q3", "Q4", "H1", "9M", "FY"]),
            e.ExpectColumnValuesToBeBetween(column="period_year", min_value=2000, max_value=2100),
            e.ExpectColumnValuesToBeUnique(column="file_id"),
        ]
    return [
        e.ExpectColumnValuesToNotBeNull(column="file_name"),
        e.ExpectColumnValuesToNotBeNull(column="line"),
        e.ExpectColumnValuesToNotBeNull(column="raw_value"),
        e.ExpectColumnValuesToBeInSet(column="source", value_set=["appendix", "breakdown", "narrative"]),
        e.ExpectColumnValuesToBeUnique(column="statement_key"),
    ]


def _context(url: str, docs: Path, results: Path):
    """An in-memory GX context: suites, validation definitions and the checkpoint are built from the rules
    on every run and never written to disk. It holds the warehouse URL in its runtime environment, so the
    datasource's connection string is the masked ``${...}`` template wherever GX prints or serialises it.
    Validation results are kept in ``results``, so that Data Docs (``docs``) list every run that built them."""
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    memory = {"class_name": "InMemoryStoreBackend"}
    files = {"class_name": "TupleFilesystemStoreBackend"}
    ctx = gx.get_context(
        mode="ephemeral",
        runtime_environment={URL_VARIABLE: url},
        project_config={
            "config_version": 4.0,
            "stores": {
                "expectations_store": {"class_name": "ExpectationsStore", "store_backend": memory},
                "validation_results_store": {"class_name": "ValidationResultsStore",
                                             "store_backend": {**files, "base_directory": str(results)}},
                "checkpoint_store": {"class_name": "CheckpointStore", "store_backend": memory},
                "validation_definition_store": {"class_name": "ValidationDefinitionStore", "store_backend": memory},
            },
            "expectations_store_name": "expectations_store",
            "validation_results_store_name": "validation_results_store",
            "checkpoint_store_name": "checkpoint_store",
            "data_docs_sites": {
                DOCS_SITE: {"class_name": "SiteBuilder", "store_backend": {**files, "base_directory": str(docs)},
                            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"}},
            },
        },
    )  # fmt: skip
    return gx, ctx


def _checkpoint(gx, ctx, rules: tuple[Rule, ...], build_docs: bool):
    ds = ctx.data_sources.add_postgres(DATASOURCE, connection_string="${" + URL_VARIABLE + "}")
    validation_definitions = []
    count = 0
    for suite_name, (schema, table) in SUITE_TABLES.items():
        # one datasource reads both schemas; GX 1.24 would rather have one datasource per schema
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "`schema_name` is deprecated", DeprecationWarning)
            asset = ds.add_table_asset(f"{schema}.{table}", table_name=table, schema_name=schema)
        batch = asset.add_batch_definition_whole_table("whole_table")
        expectations = [
            gx.expectations.UnexpectedRowsExpectation(
                unexpected_rows_query=gx_query(rule.sql, current_only=rule.current_only),
                description=f"{rule.name}: {rule.description}",
                meta={"rule": rule.name, "severity": rule.severity},
            )
            for rule in rules
            if rule.suite == suite_name
        ]
        for exp in _native_expectations(gx, suite_name):
            rule_name = f"gx_{exp.expectation_type}_{getattr(exp, 'column', '')}"
            exp.meta = {"rule": rule_name, "severity": "blocking"}
            expectations.append(exp)
        suite = ctx.suites.add(gx.ExpectationSuite(name=suite_name, expectations=expectations))
        count += len(suite.expectations)
        validation_definitions.append(
            ctx.validation_definitions.add(
                gx.ValidationDefinition(name=f"{suite_name}_validation", data=batch, suite=suite)
            )
        )
    checkpoint = ctx.checkpoints.add(
        gx.Checkpoint(
            name="pardw_checkpoint",
            validation_definitions=validation_definitions,
            actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs", site_names=[DOCS_SITE])]
            if build_docs
            else [],
            result_format={"result_format": "COMPLETE"},
        )
    )
    return checkpoint, count


def _rows(result) -> list[dict]:
    details = (result.result or {}).get("details") or {}
    return list(details.get("unexpected_rows") or [])  # dicts, one per row the rule's query returned


def _exception(res) -> str | None:
    """The error of an expectation that could not run (its SQL failed), or None."""
    info = res.exception_info or {}
    candidates = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    for c in candidates:
        if c.get("raised_exception"):
            message = (c.get("exception_message") or "unknown error").strip()
            return message.splitlines()[0][:500]
    return None


def _findings(run_results, rules: dict[str, Rule], errors: list[str] | None = None) -> list[Finding]:
    """Findings of the expectations that ran and failed; the ones that could not run go to ``errors``
    (an error of the run, never a data finding)."""
    out: list[Finding] = []
    for validation in run_results.values():
        suite = validation.suite_name
        for res in validation.results:
            meta = res.expectation_config.meta or {}
            name = meta.get("rule") or res.expectation_config.type
            error = _exception(res)
            if error is not None:
                if errors is not None:
                    errors.append(f"{suite}/{name}: {error}")
                continue
            if res.success:
                continue
            severity = meta.get("severity", "blocking")
            rule = rules.get(name)
            rows = _rows(res)
            if rule and rows:
                for row in rows:
                    out.append(
                        Finding(name, severity, suite, row.get("file_id"), None, None, row.get("indicator_key"),
                                row.get("line"), _s(row.get("observed")), _s(row.get("expected")), row.get("message") or rule.description)
                    )  # fmt: skip
            else:
                r = res.result or {}
                sample = r.get("partial_unexpected_list") or r.get("observed_value")
                out.append(
                    Finding(name, severity, suite, None, None, None, None, None, _s(sample), None,
                            f"{res.expectation_config.type} failed on {suite} ({r.get('unexpected_count', '?')} rows)")
                )  # fmt: skip
    return out


def _s(value) -> str | None:
    return None if value is None else str(value)


def _enrich(conn: psycopg.Connection, findings: list[Finding]) -> None:
    """File name, report number and version of each finding's file; its key and the steward's decision."""
    from pardw.quality.decisions import CLOSED, file_versions, finding_key, latest_decisions

    ids = {f.file_id for f in findings if f.file_id is not None}
    if ids:
        rows = conn.execute(
            f"select file_id, file_name, report_number from {RAW}.document where file_id = any(%s)", (list(ids),)
        ).fetchall()
        by_id = {r[0]: (r[1], r[2]) for r in rows}
        shas = file_versions(conn, list(ids))
        cells = {
            (fid, line): (form, code, locator)
            for fid, line, form, code, locator in conn.execute(
                f"select file_id, line, form, code, locator from {RAW}.appendix_row where file_id = any(%s)",
                (list(ids),),
            ).fetchall()
        }
        cells |= {
            (fid, line): (None, None, locator)
            for fid, line, locator in conn.execute(
                f"select distinct file_id, line, locator from {RAW}.narrative_metric where file_id = any(%s)",
                (list(ids),),
            ).fetchall()
        }
        for f in findings:
            if f.file_id in by_id:
                f.file_name, f.report_number = by_id[f.file_id]
                f.file_sha256 = shas.get(f.file_id)
            if not f.evidence and f.line is not None:
                form, code, locator = cells.get((f.file_id, f.line), (None, None, None))
                f.evidence = [{"line": f.line, "locator": locator, "form": form, "code": code}]
            if not f.signatures:
                form, code = (f.evidence[0]["form"], f.evidence[0]["code"]) if f.evidence else (None, None)
                where = f"{form}#{code.strip().rstrip('.')}" if form and code else f"L{f.line}"
                f.signatures = (where, f.indicator_key or "")
    for f in findings:
        f.finding_key = finding_key(f.rule, f.file_name, list(f.signatures) or [f.message])
    decisions = latest_decisions(conn, [f.finding_key for f in findings if f.file_sha256])
    for f in findings:
        mine = [d for d in decisions.get(f.finding_key or "", []) if d.file_sha256 == f.file_sha256]
        if mine and mine[0].decision in CLOSED:
            f.decision = mine[0].decision


def _arithmetic(url: str, gx_findings: list[Finding]) -> list[Finding]:
    """The report-arithmetic suite's findings, less those a catalog rule already reports at the same line."""
    from pardw.db import session
    from pardw.quality.arithmetic import SUITE, TWINS, contradictions

    taken = {(f.file_id, f.line, f.rule) for f in gx_findings}
    with session.connect(url, "validate", autocommit=True) as conn:
        found = contradictions(conn)
    out = []
    for fid, _name, c in found:
        if any((fid, c.line, twin) in taken for twin in TWINS.get(c.rule, ())):
            continue
        out.append(
            Finding(c.rule, c.severity, SUITE, fid, None, None, None, c.line, c.observed, c.expected,
                    f"{c.message_vi}: {c.arithmetic}", arithmetic=c.arithmetic,
                    places="; ".join(p.label() for p in c.places) + "".join(f" — {n}" for n in c.notes),
                    message_en=c.message_en, signatures=tuple(p.signature() for p in c.places),
                    evidence=[{"line": p.line, "locator": p.locator, "form": p.form, "code": p.code} for p in c.places])
        )  # fmt: skip
    return out


def _same_build(url: str, fingerprint: str | None, errors: list[str]) -> None:
    """The checks judged one build only if the build did not change while they ran."""
    from pardw.db import session
    from pardw.quality.gate import build_fingerprint

    with session.connect(url, "validate", autocommit=True) as conn:
        if build_fingerprint(conn) != fingerprint:
            errors.append(
                "the warehouse changed while it was being validated (a transform ran meanwhile):"
                " these findings judge no single build; validate again"
            )


def run_validation(
    url: str, run_id: str | None = None, build_docs: bool = True, arithmetic: bool = True
) -> ValidationSummary:
    """Validate the warehouse; persist the run and its findings in dq.*; never raises on findings.
    ``build_docs=False`` skips the Data Docs (the findings are the same); ``arithmetic=False`` leaves the
    report-arithmetic suite out (the benchmark's "before")."""
    from pardw.quality.gate import build_fingerprint

    cfg = settings()
    rules = load_rules(cfg)
    run_id = run_id or datetime.now(UTC).strftime("dq_%Y%m%dT%H%M%S_") + uuid.uuid4().hex[:6]
    from pardw.db import session

    with session.connect(url, "validate", autocommit=True) as conn:
        fingerprint = build_fingerprint(conn)
        conn.execute(
            f"insert into {DQ}.validation_run (run_id, build_fingerprint) values (%s, %s)", (run_id, fingerprint)
        )
    summary = ValidationSummary(run_id=run_id)
    docs = cfg.home / "data_docs"
    try:
        gx, ctx = _context(url, docs, cfg.home / "gx" / "validations")
        checkpoint, summary.expectations = _checkpoint(gx, ctx, rules, build_docs)
        result = checkpoint.run()
        summary.gx_success = bool(result.success)
        summary.findings = _findings(result.run_results, {r.name: r for r in rules}, summary.errors)
        if arithmetic:
            summary.findings += _arithmetic(url, summary.findings)
        if build_docs:
            summary.docs_path = docs / "index.html"
        _same_build(url, fingerprint, summary.errors)
    except Exception as exc:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                f"update {DQ}.validation_run set status = 'error', finished_at = now(), error_message = %s"
                " where run_id = %s",
                (f"{type(exc).__name__}: {exc}"[:2000], run_id),
            )
        raise
    with psycopg.connect(url) as conn:
        _enrich(conn, summary.findings)
        summary.blocking = sum(1 for f in summary.findings if f.severity == "blocking" and not f.decision)
        summary.accepted = sum(1 for f in summary.findings if f.severity == "blocking" and f.decision)
        summary.warnings = sum(1 for f in summary.findings if f.severity == "warning")
        status = (
            "error"
            if summary.errors
            else ("blocked" if summary.blocking else ("warnings" if summary.warnings or summary.accepted else "passed"))
        )
        summary.status = status
        with conn.cursor() as cur:
            with cur.copy(
                f"copy {DQ}.finding (run_id, rule, severity, suite, file_id, file_name, report_number, indicator_key,"
                " line, observed, expected, message, finding_key, file_sha256, arithmetic, places, message_en,"
                " decision, evidence) from stdin"
            ) as copy:
                for f in summary.findings:
                    copy.write_row((run_id, f.rule, f.severity, f.suite, f.file_id, f.file_name, f.report_number,
                                    f.indicator_key, f.line, f.observed, f.expected, f.message, f.finding_key,
                                    f.file_sha256, f.arithmetic, f.places, f.message_en, f.decision,
                                    json.dumps(f.evidence, ensure_ascii=False) if f.evidence else None))  # fmt: skip
            cur.execute(
                f"update {DQ}.validation_run set status = %s, finished_at = now(), blocking_count = %s,"
                " warning_count = %s, gx_success = %s, expectations = %s, docs_path = %s, error_message = %s,"
                " accepted_count = %s where run_id = %s",
                (status, summary.blocking, summary.warnings, summary.gx_success, summary.expectations,
                 str(summary.docs_path) if summary.docs_path else None,
                 "; ".join(summary.errors)[:4000] if summary.errors else None, summary.accepted, run_id),
            )  # fmt: skip
    return summary
