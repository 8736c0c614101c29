"""The publication gate: may the current warehouse build be published?

Open only when the latest validation run judged *this* build (same build fingerprint) and ended
``passed`` or with warnings. Blocked, errored, still-running or missing validation, or a warehouse
rebuilt after its validation, keeps the gate closed; ``pardw publish --force --reason`` overrides it
and the override is recorded in ``pardw_meta.publication``.

The build fingerprint is, for every published ``dim_``/``fact_``/``mart_`` relation of the build
schema except the data-quality marts (rebuilt *after* validation, from its findings), the
relation's oid (dbt re-creates tables it rebuilds), its row count (incremental models append) and
a hash of its content (the sum of a 64-bit hash of every row: an ``UPDATE`` of one value changes it).
Validation records it before and after its checks (a build that changed meanwhile is an error of
the run); :func:`pardw.publish.publish` locks the build's tables against writers, then recomputes it
and copies only when it is the validated one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import psycopg
from psycopg import sql

from pardw.quality.tables import DQ, WAREHOUSE

PUBLISHED_PREFIXES = ("dim_", "fact_", "mart_")
DQ_PREFIX = "mart_dq_"  # built from the findings, after validation


@dataclass(frozen=True, slots=True)
class GateDecision:
    open: bool
    run_id: str | None
    status: str | None
    reason: str


def build_fingerprint(conn: psycopg.Connection) -> str | None:
    rows = conn.execute(
        "select c.relname, c.oid::bigint from pg_class as c join pg_namespace as n on n.oid = c.relnamespace"
        " where n.nspname = %s and c.relkind in ('r', 'v', 'm', 'p') order by c.relname",
        (WAREHOUSE,),
    ).fetchall()
    parts = []
    for name, oid in rows:
        if not name.startswith(PUBLISHED_PREFIXES) or name.startswith(DQ_PREFIX):
            continue
        count, content = conn.execute(
            sql.SQL("select count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) from {} as t").format(
                sql.Identifier(WAREHOUSE, name)
            )
        ).fetchone()
        parts.append(f"{name}:{oid}:{count}:{content}")
    if not parts:
        return None
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def decide(conn: psycopg.Connection) -> GateDecision:
    """Whether the current build may be published, and why (in words a steward can act on)."""
    latest = conn.execute(
        f"select run_id, status, blocking_count, build_fingerprint, error_message from {DQ}.validation_run"
        " order by started_at desc, run_id desc limit 1"
    ).fetchone()
    if latest is None:
        return GateDecision(False, None, None, "no validation run yet: run `pardw validate` first")
    run_id, status, blocking, fingerprint, error = latest
    if status == "blocked":
        return GateDecision(
            False, run_id, status, f"the latest validation {run_id} has {blocking} blocking data-quality finding(s)"
        )
    if status == "error":
        return GateDecision(False, run_id, status, f"the latest validation {run_id} could not run: {error or '?'}")
    if status not in ("passed", "warnings"):
        return GateDecision(False, run_id, status, f"the latest validation {run_id} has not finished ({status})")
    current = build_fingerprint(conn)
    if fingerprint is None or fingerprint != current:
        return GateDecision(
            False, run_id, status,
            f"the warehouse was rebuilt after validation {run_id}: validate this build first",
        )  # fmt: skip
    accepted = conn.execute(f"select accepted_count from {DQ}.validation_run where run_id = %s", (run_id,)).fetchone()
    if accepted and accepted[0]:
        return GateDecision(
            True, run_id, status,
            f"validation {run_id} {status}; {accepted[0]} blocking finding(s) accepted by a data steward"
            " (published as an exception: công bố có ngoại lệ)",
        )  # fmt: skip
    return GateDecision(True, run_id, status, f"validation {run_id} {status}")


def explain(conn: psycopg.Connection, limit: int = 10) -> list[str]:
    """The gate's decision and its reasons in lines a person reads at the end of a run: the decision, the open
    blocking findings (file:line, rule, message, key to decide on), the accepted ones (who, why), and what
    the latest publication went out with."""
    from pardw.quality.decisions import accepted_blocking

    gate = decide(conn)
    lines = [f"gate: {'OPEN' if gate.open else 'CLOSED'} — {gate.reason}"]
    if gate.run_id:
        open_rows = conn.execute(
            f"select finding_key, file_name, line, rule, message from {DQ}.finding where run_id = %s"
            " and severity = 'blocking' and decision is null order by file_name, line limit %s",
            (gate.run_id, limit),
        ).fetchall()
        for key, file_name, line, rule, message in open_rows:
            lines.append(f"  blocking [{key}] {file_name or '-'}:{line or '-'} {rule}: {message}")
        if open_rows:
            lines.append(
                "  a steward may accept a known error of the source:"
                ' `pardw findings accept KEY --reason "..." --by NAME`'
            )
        for e in accepted_blocking(conn, gate.run_id):
            lines.append(
                f"  accepted [{e['finding_key']}] {e['file_name']}:{e['line']} {e['rule']}"
                f" — by {e['decided_by']}: {e['reason']}"
            )
    latest = conn.execute(
        "select published_at, forced, force_reason, exceptions from pardw_meta.publication"
        " order by published_at desc limit 1"
    ).fetchone()
    if latest:
        at, forced, why, exceptions = latest
        note = ""
        if forced:
            note = f" — forced (công bố có ngoại lệ): {why}"
        elif exceptions:
            note = f" — with {len(exceptions)} accepted blocking finding(s) (công bố có ngoại lệ)"
        lines.append(f"latest publication: {at:%Y-%m-%d %H:%M:%S %Z}{note}")
    else:
        lines.append("latest publication: none yet")
    return lines
