"""Warehouse connection: the embedded PostgreSQL or the one named by PARDW_WAREHOUSE_URL."""

from __future__ import annotations

import psycopg

from pardw.config import Settings, settings
from pardw.db.embedded import EmbeddedPostgres


def warehouse_url(cfg: Settings | None = None) -> str:
    """The libpq URL of the warehouse, starting the embedded server when needed."""
    cfg = cfg or settings()
    if cfg.warehouse_url:
        return cfg.warehouse_url
    server = EmbeddedPostgres(cfg)
    server.ensure_running()
    return server.url()


def connect(url: str | None = None, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url or warehouse_url(), **kwargs)
