"""Warehouse sessions that cannot hang, and that the next run can recognise when their client died.

* Every session pardw opens carries time limits (``PARDW_LOCK_TIMEOUT``, ``PARDW_STATEMENT_TIMEOUT``,
  ``PARDW_IDLE_TX_TIMEOUT``, seconds; 0 = none): a lock that never comes, a statement that never ends
  or a transaction left open by a stuck client is an error with a message, never a hang.
* Its ``application_name`` says which job opened it, on which host, from which process:
  ``pardw <job> <host>:<pid>``. A run that was killed (``kill -9``) may leave its session behind on the
  server (a half-done ``COPY`` holding locks); :func:`end_stale_sessions`, called by the next run,
  ends the sessions of this host whose client process no longer exists (``pg_terminate_backend``;
  a login may end its own sessions).
"""

from __future__ import annotations

import os
import socket

import psycopg

from pardw.config import Settings, settings

PREFIX = "pardw "


def options(cfg: Settings | None = None) -> str:
    """The libpq ``options`` string with the session's time limits (also PGOPTIONS for dbt)."""
    cfg = cfg or settings()
    limits = {
        "lock_timeout": cfg.lock_timeout,
        "statement_timeout": cfg.statement_timeout,
        "idle_in_transaction_session_timeout": cfg.idle_tx_timeout,
    }
    return " ".join(f"-c {name}={int(seconds * 1000)}" for name, seconds in limits.items())


def _host() -> str:
    return socket.gethostname()[:32]


def application_name(job: str, pid: int | None = None) -> str:
    return f"{PREFIX}{job} {_host()}:{pid or os.getpid()}"[:63]


def connect(url: str, job: str, cfg: Settings | None = None, **kwargs) -> psycopg.Connection:
    """``psycopg.connect`` with the time limits and the application name of ``job`` (options already
    in the URL are kept, before ours)."""
    from psycopg.conninfo import conninfo_to_dict

    given = conninfo_to_dict(url).get("options")
    limits = f"{given} {options(cfg)}" if given else options(cfg)
    return psycopg.connect(url, options=limits, application_name=application_name(job), **kwargs)


def _client_gone(name: str, host: str) -> bool:
    """True when ``name`` is a pardw application name of this host whose process no longer exists."""
    where = name.rsplit(" ", 1)[-1]
    at_host, _, pid = where.rpartition(":")
    if at_host != host or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def end_stale_sessions(conn: psycopg.Connection) -> list[str]:
    """End this login's pardw sessions of this host whose client died (left by a killed run); returns
    their application names. Sessions of other logins, other hosts and live processes are left alone."""
    rows = conn.execute(
        "select pid, application_name from pg_stat_activity where application_name like %s"
        " and pid <> pg_backend_pid() and datname = current_database() and usename = session_user",
        (PREFIX + "%",),
    ).fetchall()
    host = _host()
    stale = [(pid, name) for pid, name in rows if _client_gone(name, host)]
    ended = []
    if stale:
        try:
            with conn.transaction():
                # a job's login works as its group role (ALTER ROLE ... SET role); the login itself may
                # end its own sessions, its group role may not: back to the login for this transaction
                conn.execute("set local role none")
                for pid, name in stale:
                    done = conn.execute("select pg_terminate_backend(%s, 5000)", (pid,)).fetchone()
                    if done and done[0]:
                        ended.append(name)
        except psycopg.Error as exc:  # never a reason to stop the run: the lock timeout bounds any wait
            import logging

            logging.getLogger(__name__).warning("could not end the stale sessions %s: %s", stale, exc)
    if not conn.autocommit:
        conn.commit()
    return ended


__all__ = ["application_name", "connect", "end_stale_sessions", "options"]
