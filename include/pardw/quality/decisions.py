"""Steward decisions that last: ``pardw findings accept|reject|reopen KEY --reason ... --by NAME``.

A finding's key names the rule, the file and where (the appendix row's form and code, else the line), so the
next validation of the same file gives the same key. A decision holds for the version of the file it was made
on (its sha256): an accepted blocking finding no longer blocks later runs of that version; a new version of
the file is judged afresh (the finding is open again, "reopened"). Decisions are kept in
``dq.finding_decision`` with who, when and why, never updated or deleted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import psycopg

from pardw.quality.tables import DQ, RAW

DECISIONS = ("accepted", "rejected", "reopened")
CLOSED = ("accepted", "rejected")  # a finding so decided does not block


class DecisionError(ValueError):
    """A decision pardw cannot record (no such finding, no reason, no name)."""


def finding_key(rule: str, file_name: str | None, signatures: list[str]) -> str:
    text = "|".join([rule, file_name or "", *sorted(signatures)])
    return hashlib.sha1(text.encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Decision:
    finding_key: str
    file_sha256: str
    decision: str
    reason: str
    decided_by: str
    decided_at: datetime


def latest_decisions(conn: psycopg.Connection, keys: list[str]) -> dict[str, list[Decision]]:
    """Per key, the latest decision on each version (sha256) of its file, newest first."""
    rows = conn.execute(
        f"select distinct on (finding_key, file_sha256) finding_key, file_sha256, decision, reason, decided_by,"
        f" decided_at from {DQ}.finding_decision where finding_key = any(%s)"
        " order by finding_key, file_sha256, decided_at desc, decision_id desc",
        (keys,),
    ).fetchall()
    out: dict[str, list[Decision]] = {}
    for r in rows:
        out.setdefault(r[0], []).append(Decision(*r))
    for v in out.values():
        v.sort(key=lambda d: d.decided_at, reverse=True)
    return out


def file_versions(conn: psycopg.Connection, file_ids: list[int]) -> dict[int, str]:
    rows = conn.execute(
        f"select file_id, sha256 from {RAW}.ingested_file where file_id = any(%s)", (file_ids,)
    ).fetchall()
    return {fid: sha.strip() for fid, sha in rows}


def decide(conn: psycopg.Connection, key: str, decision: str, reason: str, by: str) -> dict:
    """Record a decision on the finding ``key`` of the latest validation; returns what was decided on."""
    if decision not in DECISIONS:
        raise DecisionError(f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
    if not (reason or "").strip():
        raise DecisionError("--reason is required: say why (it is shown with every publication it affects)")
    if not (by or "").strip():
        raise DecisionError("--by is required: the steward's name")
    row = conn.execute(
        f"select f.finding_key, f.file_sha256, f.file_name, f.rule, f.severity, f.line, f.message"
        f" from {DQ}.finding as f join {DQ}.validation_run as v on v.run_id = f.run_id"
        " where f.finding_key = %s order by v.started_at desc, f.finding_id desc limit 1",
        (key,),
    ).fetchone()
    if row is None:
        raise DecisionError(f"no finding with key {key!r}: see `pardw findings list`")
    _, sha, file_name, rule, severity, line, message = row
    if not sha:
        raise DecisionError(f"finding {key} is not about one file: it cannot be accepted for a version of one")
    conn.execute(
        f"insert into {DQ}.finding_decision (finding_key, file_sha256, file_name, rule, severity, decision, reason,"
        " decided_by) values (%s, %s, %s, %s, %s, %s, %s, %s)",
        (key, sha, file_name, rule, severity, decision, reason.strip(), by.strip()),
    )
    return {"key": key, "file_name": file_name, "line": line, "rule": rule, "severity": severity,
            "decision": decision, "message": message}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Listed:
    finding_key: str
    status: str  # open | reopened | accepted | rejected
    severity: str
    rule: str
    file_name: str | None
    line: int | None
    message: str
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None


def list_findings(conn: psycopg.Connection, run_id: str | None = None) -> tuple[str | None, list[Listed]]:
    """The findings of a validation run (the latest by default), each with its status and the decision on it."""
    if run_id is None:
        got = conn.execute(f"select run_id from {DQ}.validation_run order by started_at desc limit 1").fetchone()
        run_id = got[0] if got else None
    if run_id is None:
        return None, []
    rows = conn.execute(
        f"select finding_key, file_sha256, severity, rule, file_name, line, message from {DQ}.finding"
        " where run_id = %s order by file_name nulls first, line nulls first, rule",
        (run_id,),
    ).fetchall()
    decisions = latest_decisions(conn, [r[0] for r in rows if r[0]])
    out = []
    for key, sha, severity, rule, file_name, line, message in rows:
        mine = [d for d in decisions.get(key, []) if d.file_sha256 == sha]
        other = [d for d in decisions.get(key, []) if d.file_sha256 != sha and d.decision in CLOSED]
        d = mine[0] if mine else None
        if d and d.decision in CLOSED:
            status = d.decision
        elif other and not mine:
            status, d = "reopened", other[0]  # decided on an earlier version of the file
        else:
            status = "open"
        out.append(Listed(key, status, severity, rule, file_name, line, message,
                          d.decided_by if d else None, d.decided_at if d else None, d.reason if d else None))  # fmt: skip
    return run_id, out


def accepted_blocking(conn: psycopg.Connection, run_id: str) -> list[dict]:
    """The blocking findings of a run that stewards accepted, with who and why: a publication's exceptions."""
    rows = conn.execute(
        f"select finding_key, rule, file_name, line, message, file_sha256 from {DQ}.finding where run_id = %s"
        " and severity = 'blocking' and decision is not null order by file_name, line",
        (run_id,),
    ).fetchall()
    decisions = latest_decisions(conn, [r[0] for r in rows])
    out = []
    for key, rule, file_name, line, message, sha in rows:
        d = next((d for d in decisions.get(key, []) if d.file_sha256 == sha), None)
        if d is None or d.decision not in CLOSED:
            continue  # reopened since the run: validate again
        out.append({"finding_key": key, "rule": rule, "file_name": file_name, "line": line, "message": message,
                    "decision": d.decision, "decided_by": d.decided_by, "reason": d.reason,
                    "decided_at": d.decided_at.isoformat()})  # fmt: skip
    return out
