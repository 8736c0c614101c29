"""pardw: the data warehouse for Vietnam's public administration reform (CCHC) reports.

Stages in the order the data walks: ``parse`` (report files -> typed records), ``load`` (custody, the parse
worker, COPY into ``raw``), ``transform`` (dbt), ``quality`` (Great Expectations and the rule files),
``publish`` (the gate, then ``marts``); beside them ``config`` (Settings), ``db`` (embedded PostgreSQL,
logins, migrations), ``pipeline`` (the stage sequence), ``cli``, ``dashboard``, ``export``, ``bench``.
Only ``orchestration``, ``airflow_runner``, ``cli`` and ``bench.run`` import Airflow (tests/test_layers.py).
"""

__version__ = "0.1.0"
