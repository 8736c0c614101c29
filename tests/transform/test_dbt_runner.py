"""`run_dbt` runs dbt as a subprocess given the connection in its environment: this process's
os.environ is left alone, a failed node is named from target/run_results.json, and when dbt fails
before running a node the error carries the end of its output, never the password."""

from __future__ import annotations

import os

import pytest

from pardw.transform.dbt import DbtError, run_dbt


def test_a_failed_node_is_named_and_os_environ_is_left_alone(fresh_db_url):
    environ = dict(os.environ)
    with pytest.raises(DbtError) as failed:  # an empty database: no raw schema yet
        run_dbt(["run", "--select", "stg_raw__document"], fresh_db_url)
    message = str(failed.value)
    assert "failed on 1 node(s)" in message
    assert "model.pardw.stg_raw__document: " in message and 'relation "raw.document" does not exist' in message
    assert dict(os.environ) == environ
    # `dbt parse` writes no run_results.json: the previous run's results are not taken for its own
    assert run_dbt(["parse"], fresh_db_url) == []


def test_a_refused_connection_gives_the_end_of_dbts_output_without_the_password(capsys):
    url = "postgresql://someone:s3cr%40tPW@127.0.0.1:1/nowhere"
    with pytest.raises(DbtError) as failed:
        run_dbt(["run", "--select", "stg_raw__document"], url)
    message = str(failed.value)
    assert "exit status 2" in message and "Connection refused" in message
    assert "\x1b[" not in message  # no terminal colours in the tail
    out = capsys.readouterr().out  # dbt's output went through to stdout
    assert "Connection refused" in out and "s3cr" not in out
    assert "\x1b[" not in out  # plain text when stdout is not a terminal (a log file, a pipe)


def test_bad_arguments_give_dbts_usage_error():
    with pytest.raises(DbtError, match="No such option '--no-such-flag'"):
        run_dbt(["build", "--no-such-flag"], "postgresql://u@127.0.0.1:1/db")
