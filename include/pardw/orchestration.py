"""What the Airflow DAGs need from pardw besides the stages: cosmos' dbt task groups and the connections.

The DAG files (``dags/``) only arrange tasks; configuration comes from :class:`pardw.config.Settings`
and connections are looked up when a task runs (never at parse time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from airflow.sdk import Asset

from pardw.config import Settings, settings

if TYPE_CHECKING:
    from cosmos import DbtTaskGroup

# the outlet of par_reports.publish; par_exports is scheduled on it
PUBLISHED_MARTS = Asset("pardw://marts/fact_indicator")


def dbt_group(group_id: str, selector: str, cfg: Settings | None = None) -> DbtTaskGroup:
    """A cosmos task group running ``dbt build`` of a selector of dbt_project/selectors.yml (``warehouse``
    or ``dq``, the same selections `pardw transform` and run_direct build) node by node, tests right after
    each model, as the transformer's Airflow connection (PARDW_TRANSFORMER_CONN_ID, else the warehouse's)."""
    from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior
    from cosmos.profiles import PostgresUserPasswordProfileMapping

    cfg = cfg or settings()  # cosmos is imported here, so that par_exports (PUBLISHED_MARTS only) does not load it
    project = cfg.dbt_project_dir
    return DbtTaskGroup(
        group_id=group_id,
        project_config=ProjectConfig(dbt_project_path=project, manifest_path=cfg.dbt_target_dir / "manifest.json"),
        profile_config=ProfileConfig(
            profile_name="pardw",
            target_name="airflow",
            profile_mapping=PostgresUserPasswordProfileMapping(
                conn_id=cfg.transformer_conn_id, profile_args={"schema": "public"}
            ),
        ),
        execution_config=ExecutionConfig(execution_mode=ExecutionMode.LOCAL, invocation_mode=InvocationMode.DBT_RUNNER),
        render_config=RenderConfig(
            load_method=LoadMode.AUTOMATIC,
            selector=selector,
            test_behavior=TestBehavior.BUILD,
            should_detach_multiple_parents_tests=True,
        ),
        operator_args={"install_deps": False},
    )


def warehouse_url() -> str:
    """PARDW_WAREHOUSE_URL, else the Airflow connection PARDW_WAREHOUSE_CONN_ID (default ``pardw_warehouse``)."""
    from pardw.load.airflow_conn import url_from_parts

    cfg = settings()
    if cfg.warehouse_url:
        return cfg.warehouse_url
    from airflow.sdk import BaseHook

    conn = BaseHook.get_connection(cfg.warehouse_conn_id)
    return url_from_parts(conn.host, conn.port, conn.login, conn.password, conn.schema)


def job_url(role: str) -> str:
    """The job's login (PARDW_LOADER_URL / PARDW_TRANSFORMER_URL), else the warehouse connection."""
    from pardw.db.logins import configured_url

    return configured_url(role) or warehouse_url()
