"""Refuse to start a deployment whose secrets are missing, placeholders or too weak.

docker-compose runs ``python -m pardw.secrets_check`` before any service starts (the
``check-secrets`` service, and the Airflow containers' entrypoint): compose's ``${VAR:?}`` only
checks that a value is not empty, so ``change-me-warehouse`` copied from .env.example would
otherwise become the warehouse password. Values are never printed, only the variables' names.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# variables holding a secret directly, and the minimum length of each
SECRETS: dict[str, int] = {
    "AIRFLOW_DB_PASSWORD": 16,
    "WAREHOUSE_PASSWORD": 16,
    "PARDW_LOADER_PASSWORD": 16,
    "PARDW_TRANSFORMER_PASSWORD": 16,
    "PARDW_READER_PASSWORD": 16,
    "AIRFLOW_JWT_SECRET": 32,
    "AIRFLOW_API_SECRET_KEY": 32,
    "AIRFLOW_FERNET_KEY": 44,
    "AIRFLOW_ADMIN_PASSWORD": 12,
}
# only when the celery profile is used
OPTIONAL_SECRETS: dict[str, int] = {
    "REDIS_PASSWORD": 16, "FLOWER_PASSWORD": 12, "SUPERSET_SECRET_KEY": 32, "SUPERSET_ADMIN_PASSWORD": 12,
}  # fmt: skip
# words that mark a value copied from an example instead of generated. A word of five letters or more
# turns up inside a random 43-character token about once in a million; the short marks ("todo", "xxxx")
# must stand alone between non-letters, or `secrets.token_urlsafe(32)` would be refused ~1 time in 800
PLACEHOLDER = re.compile(r"change[-_ ]?me|changeit|placeholder|example|secret|password|passw0rd|admin|default|"
                         r"(?<![a-z])(?:todo|x{4,})(?![a-z])|<[^>]*>|^\$\{", re.I)  # fmt: skip
URL_VARIABLES = ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW_CONN_PARDW_WAREHOUSE", "PARDW_WAREHOUSE_URL",
                 "PARDW_LOADER_URL", "PARDW_TRANSFORMER_URL", "PARDW_READER_URL", "AIRFLOW_CONN_PARDW_TRANSFORMER",
                 "AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__CELERY__RESULT_BACKEND")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Problem:
    variable: str
    reason: str

    def __str__(self) -> str:
        return f"{self.variable}: {self.reason}"


def _weak(name: str, value: str, minimum: int) -> str | None:
    if not value:
        return "not set"
    if PLACEHOLDER.search(value):
        return "a placeholder (e.g. copied from .env.example); generate a real value"
    if name == "AIRFLOW_FERNET_KEY":
        try:
            if len(base64.urlsafe_b64decode(value.encode())) != 32:
                return "not a Fernet key (32 url-safe base64-encoded bytes)"
        except (binascii.Error, ValueError):
            return "not a Fernet key (32 url-safe base64-encoded bytes)"
        return None
    if len(value) < minimum:
        return f"too short ({len(value)} characters, at least {minimum})"
    if len(set(value)) < 6:
        return "too few distinct characters"
    return None


def check(env: Mapping[str, str], celery: bool | None = None) -> list[Problem]:
    """The problems with the deployment's secrets in ``env``; empty when it may start."""
    problems: list[Problem] = []
    if celery is None:
        celery = env.get("AIRFLOW__CORE__EXECUTOR", env.get("AIRFLOW_EXECUTOR", "")) == "CeleryExecutor"
    only_present = env.get("PARDW_CHECK_PRESENT_ONLY") == "1"  # inside a service: check what it was given
    # Celery's secrets are required with the Celery executor; any optional secret that is set is checked
    optional = {k: v for k, v in OPTIONAL_SECRETS.items() if only_present or env.get(k)
                or (celery and k in ("REDIS_PASSWORD", "FLOWER_PASSWORD"))}  # fmt: skip
    wanted = dict(SECRETS) | optional
    for name, minimum in wanted.items():
        if only_present and name not in env:
            continue
        reason = _weak(name, env.get(name, ""), minimum)
        if reason:
            problems.append(Problem(name, reason))
    for name in URL_VARIABLES:
        value = env.get(name)
        if not value or "://" not in value:
            continue
        password = unquote(urlsplit(value).password or "")
        if password and PLACEHOLDER.search(password):
            problems.append(Problem(name, "its password is a placeholder"))
    return problems


def main() -> int:
    problems = check(os.environ)
    if problems:
        print("pardw refuses to start: these secrets must be set to generated values (see .env.example):",
              file=sys.stderr)  # fmt: skip
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print("secrets check passed")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
