"""pardw: the data warehouse for Vietnam's public administration reform (CCHC) reports.

The package holds everything but orchestration: parsing report files (``parse``),
loading them into PostgreSQL (``load``), running dbt (``transform``), data quality
with Great Expectations (``quality``) and the ``pardw`` CLI. It never imports Airflow.
"""

__version__ = "0.1.0"
