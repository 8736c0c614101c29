"""Build a libpq URL from the parts of an Airflow connection (no Airflow import here)."""

from __future__ import annotations

from urllib.parse import quote


def url_from_parts(host: str | None, port: int | None, login: str | None, password: str | None, db: str | None) -> str:
    auth = quote(login or "postgres", safe="")
    if password:
        auth += ":" + quote(password, safe="")
    return f"postgresql://{auth}@{host or '127.0.0.1'}:{port or 5432}/{db or 'pardw'}"
