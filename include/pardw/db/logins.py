"""Least-privilege logins: one per job, each a member of one of the roles of migration 020/070.

| role | group role | login (embedded) | used by |
|---|---|---|---|
| loader | pardw_loader | pardw_loader_login | ingest (parse + load raw) |
| transformer | pardw_transformer | pardw_transformer_login | dbt, validation (GX), publication |
| reader | pardw_reader | pardw_reader_login | dashboards, BI tools, analysts |
| admin | (owner) | postgres (embedded) | migrations, `pardw summary` |

On the embedded server pardw creates the logins itself, with generated passwords kept in
``$PARDW_HOME/secrets/<login>.password`` (folder 0700, files 0600). A login's password is
derived (HMAC-SHA256) from the server's generated superuser password, so every process that
administers the server (the CLI, the DAG, tests with their own state folders) agrees on it
without ever resetting another's; whoever can read the superuser password could do anything
anyway. Each login starts its
sessions in its group role (``ALTER ROLE ... SET role``), so the tables dbt and publication
create are owned by ``pardw_transformer`` whichever login made them.

On an external server the DBA creates the logins (README, "Running on your own PostgreSQL") and
pardw reads their URLs from ``PARDW_LOADER_URL``, ``PARDW_TRANSFORMER_URL``, ``PARDW_READER_URL``;
``PARDW_WAREHOUSE_URL`` is the owner's (admin) URL. A role without its URL falls back to
``PARDW_WAREHOUSE_URL``, which ``pardw db check-roles`` reports.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from pardw.config import Settings, settings

JOB_ROLES = ("loader", "transformer", "reader")
ROLES = (*JOB_ROLES, "admin")
_ensured: set[tuple[str, int | None, str]] = set()


def group_role(role: str) -> str:
    _check(role, JOB_ROLES)
    return f"pardw_{role}"


def login_name(role: str) -> str:
    _check(role, JOB_ROLES)
    return f"pardw_{role}_login"


def url_variable(role: str) -> str:
    _check(role, ROLES)
    return "PARDW_WAREHOUSE_URL" if role == "admin" else f"PARDW_{role.upper()}_URL"


def configured_url(role: str) -> str | None:
    """The URL PARDW_<ROLE>_URL names for a job's login, if set; for admin, Settings.warehouse_url.
    The jobs' login URLs are read here, the one place that uses them, not copied into Settings."""
    if role == "admin":
        return settings().warehouse_url
    return os.environ.get(url_variable(role)) or None


def _check(role: str, allowed: tuple[str, ...]) -> None:
    if role not in allowed:
        raise ValueError(f"unknown role {role!r}: expected one of {', '.join(allowed)}")


# -- secrets ------------------------------------------------------------------------------


def secrets_dir(cfg: Settings) -> Path:
    return cfg.home / "secrets"


def password_file(cfg: Settings, role: str) -> Path:
    return secrets_dir(cfg) / f"{login_name(role)}.password"


def login_password(admin_url: str, cfg: Settings, role: str) -> str:
    """The login's password on the server of ``admin_url``, kept in the state folder (mode 0600)."""
    parts = urlsplit(admin_url)
    key = unquote(parts.password or "").encode()
    if not key:
        raise ValueError("the admin URL has no password to derive the logins' passwords from")
    message = f"{login_name(role)}@{parts.hostname}:{parts.port}".encode()
    password = base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()[:24]).decode()
    path = password_file(cfg, role)
    if not path.exists() or path.read_text(encoding="utf-8").strip() != password:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        path.unlink(missing_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(password + "\n")
    return password


# -- logins on a server pardw administers (the embedded one, test servers) ------------------


def ensure_logins(admin_url: str, cfg: Settings) -> None:
    """Create (or re-sync) the three logins on the server of ``admin_url``, with the passwords
    derived for it; idempotent. Needs CREATEROLE (the embedded superuser has it)."""
    parts = urlsplit(admin_url)
    key = (parts.hostname or "", parts.port, hashlib.sha256((parts.password or "").encode()).hexdigest())
    if key in _ensured:
        return
    create_logins(admin_url, {role: (login_name(role), login_password(admin_url, cfg, role)) for role in JOB_ROLES})
    _ensured.add(key)


def create_logins(admin_url: str, credentials: dict[str, tuple[str, str]]) -> list[str]:
    """Create or update each ``role: (login, password)`` as a member of the role's group role that
    starts its sessions in it. Returns the logins. Needs CREATEROLE on the server."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(7202503)")  # concurrent first runs
        try:
            for role, (name, secret) in credentials.items():
                group, login = sql.Identifier(group_role(role)), sql.Identifier(name)
                present = {r[0] for r in conn.execute(
                    "select rolname from pg_roles where rolname = any(%s)", ([group_role(role), name],)
                )}  # fmt: skip
                if group_role(role) not in present:
                    conn.execute(sql.SQL("create role {} nologin").format(group))
                verb = "alter" if name in present else "create"
                conn.execute(
                    sql.SQL(verb + " role {} with login nosuperuser nocreatedb nocreaterole inherit"
                            " password {}").format(login, sql.Literal(secret))
                )  # fmt: skip
                conn.execute(sql.SQL("grant {} to {}").format(group, login))
                conn.execute(sql.SQL("alter role {} set role = {}").format(login, sql.Literal(group_role(role))))
        finally:
            conn.execute("select pg_advisory_unlock(7202503)")
    return [name for name, _ in credentials.values()]


def configured_credentials() -> dict[str, tuple[str, str]]:
    """``role: (login, password)`` from PARDW_LOADER_URL / PARDW_TRANSFORMER_URL / PARDW_READER_URL."""
    out: dict[str, tuple[str, str]] = {}
    for role in JOB_ROLES:
        url = configured_url(role)
        if url:
            parts = urlsplit(url)
            if not parts.username or not parts.password:
                raise ValueError(f"{url_variable(role)} must name a login and its password")
            out[role] = (unquote(parts.username), unquote(parts.password))
    return out


def _with_credentials(url: str, user: str, password: str | None) -> str:
    parts = urlsplit(url)
    auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
    host = parts.hostname or "127.0.0.1"
    netloc = f"{auth}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def role_url(admin_url: str, cfg: Settings, role: str) -> str:
    """The URL ``role`` connects with, to the database of ``admin_url``.

    ``PARDW_<ROLE>_URL`` wins; on a server pardw administers (``cfg.embedded``) the login is
    created and its URL built from the admin URL; otherwise the admin URL itself (an external
    warehouse whose DBA has not created the logins: ``pardw db check-roles`` says so)."""
    _check(role, ROLES)
    if role == "admin":
        return admin_url
    configured = configured_url(role)
    if configured:
        return configured
    if not cfg.embedded:
        return admin_url
    ensure_logins(admin_url, cfg)
    return _with_credentials(admin_url, login_name(role), login_password(admin_url, cfg, role))


def login_url(cfg: Settings | None, role: str) -> str:
    """The warehouse URL for ``role`` (loader | transformer | reader | admin), password included.

    Embedded: starts the server, applies migrations (the logins' grants come from them; the one place
    besides the entry points that migrates, so that `pardw db url --role reader` works on a new server)
    and creates the logins when needed."""
    from pardw.db import warehouse_url
    from pardw.db.migrate import migrate

    cfg = cfg or settings()
    _check(role, ROLES)
    if role != "admin" and configured_url(role):
        return configured_url(role)
    admin = warehouse_url(cfg)
    if cfg.embedded:
        migrate(admin)
    return role_url(admin, cfg, role)


def redact(url: str) -> str:
    """The URL without its password (for logs and summaries)."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    return _with_credentials(url, unquote(parts.username or ""), None).replace("@", ":***@", 1)


# -- checks (pardw db check-roles) ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    role: str
    subject: str
    what: str
    expected: bool
    actual: bool | None  # None: could not be checked (object missing)

    @property
    def ok(self) -> bool:
        return self.actual is None or self.actual == self.expected


# (role, kind, object, privilege, expected) - the grants each job needs, and the ones it must not have
EXPECTED_GRANTS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("loader", "schema", "raw", "usage", True),
    ("loader", "table", "raw.ingested_file", "insert", True),
    ("loader", "table", "raw.document", "insert", True),
    ("loader", "table", "raw.appendix_row", "insert", True),
    ("loader", "table", "raw.ingestion_error", "insert", True),
    ("loader", "table", "pardw_meta.schema_migration", "select", True),
    ("loader", "table", "raw.document", "delete", False),  # migration 130: insert/select on raw, no more
    ("loader", "table", "raw.document", "truncate", False),
    ("loader", "table", "raw.appendix_row", "update", False),
    ("loader", "schema", "marts", "create", False),
    ("loader", "schema", "warehouse", "usage", False),
    ("loader", "database", "", "create", False),
    ("transformer", "table", "raw.document", "select", True),
    ("transformer", "table", "raw.document", "insert", False),
    ("transformer", "table", "raw.appendix_row", "delete", False),
    ("transformer", "table", "pardw_meta.schema_migration", "select", True),
    ("transformer", "database", "", "create", True),
    ("transformer", "schema", "warehouse", "create", True),
    ("transformer", "schema", "marts", "create", True),
    ("transformer", "table", "dq.finding", "insert", True),
    ("transformer", "table", "dq.validation_run", "update", True),
    ("transformer", "table", "pardw_meta.publication", "insert", True),
    ("reader", "schema", "marts", "usage", True),
    ("reader", "table", "marts.fact_indicator", "select", True),
    ("reader", "schema", "raw", "usage", False),
    ("reader", "schema", "dq", "usage", False),
    ("reader", "schema", "warehouse", "usage", False),
    ("reader", "schema", "marts", "create", False),
)

_PRIVILEGE_FUNCTION = {
    "schema": "has_schema_privilege(%s, %s, %s)",
    "table": "has_table_privilege(%s, %s, %s)",
    "database": "has_database_privilege(%s, current_database(), %s)",
}
_EXISTS = {
    "schema": "select count(*) from pg_namespace where nspname = %s",
    "table": "select count(*) from pg_class where oid = to_regclass(%s)",
}


def check_roles(admin_url: str, cfg: Settings | None = None) -> list[Check]:
    """Compare each job login's effective privileges with what its job needs (and must not have)."""
    cfg = cfg or settings()
    subjects: dict[str, str] = {}
    for role in JOB_ROLES:
        user = unquote(urlsplit(role_url(admin_url, cfg, role)).username or "")
        admin_user = unquote(urlsplit(admin_url).username or "")
        subjects[role] = group_role(role) if user == admin_user else user
    checks: list[Check] = []
    if not cfg.embedded:  # an external warehouse: each job must have a login of its own
        for role in JOB_ROLES:
            own = bool(configured_url(role))
            checks.append(Check(role, subjects[role], f"has its own login ({url_variable(role)} set)", True, own))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for role in JOB_ROLES:
            subject = subjects[role]
            exists = conn.execute("select count(*) from pg_roles where rolname = %s", (subject,)).fetchone()[0]
            checks.append(Check(role, subject, "role exists", True, bool(exists)))
            if not exists:
                continue
            superuser = conn.execute("select rolsuper from pg_roles where rolname = %s", (subject,)).fetchone()[0]
            checks.append(Check(role, subject, "is superuser", False, bool(superuser)))
        for role, kind, obj, privilege, expected in EXPECTED_GRANTS:
            subject = subjects[role]
            if not conn.execute("select count(*) from pg_roles where rolname = %s", (subject,)).fetchone()[0]:
                continue
            if kind in _EXISTS and not conn.execute(_EXISTS[kind], (obj,)).fetchone()[0]:
                checks.append(Check(role, subject, f"{privilege} on {kind} {obj}", expected, None))
                continue
            args = (subject, privilege) if kind == "database" else (subject, obj, privilege)
            actual = conn.execute("select " + _PRIVILEGE_FUNCTION[kind], args).fetchone()[0]
            what = f"{privilege} on {kind} {obj or 'current database'}"
            checks.append(Check(role, subject, what, expected, bool(actual)))
        # future tables: what publication creates as pardw_transformer is readable by the reader
        default = conn.execute(
            "select count(*) from pg_default_acl as d join pg_namespace as n on n.oid = d.defaclnamespace"
            " where n.nspname = 'marts' and d.defaclrole = 'pardw_transformer'::regrole and d.defaclobjtype = 'r'"
            " and exists (select 1 from aclexplode(d.defaclacl) as a"
            "             where a.grantee = 'pardw_reader'::regrole and a.privilege_type = 'SELECT')"
        ).fetchone()[0] if conn.execute("select to_regrole('pardw_transformer') is not null"
                                        " and to_regrole('pardw_reader') is not null").fetchone()[0] else 0  # fmt: skip
        checks.append(Check("reader", "pardw_reader", "default select on future marts tables", True, bool(default)))
    return checks
